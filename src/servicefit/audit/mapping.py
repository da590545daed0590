"""Which export format a file is, and where each field lives in it: the format's own mapping
(rules/audit/formats.yaml) with the user's --map, --channel-map and --channel on top."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from servicefit.audit.sources import Export
from servicefit.errors import InputError, UsageError
from servicefit.knowledge.audit import FIELDS, OUTBOUND, ExportFormat
from servicefit.messages import did_you_mean

TIME_FIELDS = ("created", "first_reply", "resolution")
DURATION_FIELDS = ("first_reply", "resolution")
DURATION_UNITS = ("seconds", "minutes", "hours", "days", "timestamp", "clock")
UNIT_WORDS = {
    "hours": ("hours", "hour", "hrs", "hr"),
    "days": ("days", "day"),
    "seconds": ("seconds", "second", "secs", "sec"),
    "minutes": ("minutes", "minute", "mins", "min"),
}


class FieldMap(NamedTuple):
    """An export's fields: the columns (or JSON paths) each is read from."""

    format: ExportFormat
    columns: Mapping[str, tuple[str, ...]]
    time_formats: Mapping[str, str]  # field -> strptime format
    channels: Mapping[str, str]  # lower-case value -> channel id or OUTBOUND
    fixed_channel: str | None  # --channel: every row's channel
    units: Mapping[str, str] = {}  # first_reply, resolution -> unit (formats.yaml's, or --map's)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {k: ", ".join(v) for k, v in self.columns.items()}
        if self.fixed_channel:
            out["channel"] = f"(every row: {self.fixed_channel})"
        return out


def candidates(export: Export, formats: Mapping[str, ExportFormat]) -> list[ExportFormat]:
    """Formats whose signature columns are all present (a signature "a|b": either), vendors'
    before the fallback ones, the most specific first."""
    present = {c.lower() for c in export.columns}
    found = [f for f in formats.values() if f.detect and not _lacking(f, present)]
    return sorted(found, key=lambda f: (f.fallback, -len(f.detect), f.id))


def _lacking(fmt: ExportFormat, present: set[str]) -> list[str]:
    """The signature columns of `fmt` the export lacks (lower-case column names `present`)."""
    return [d for d in fmt.detect if not any(a.strip().lower() in present for a in d.split("|"))]


class Maps(NamedTuple):
    """What --map gives: columns, strptime formats of time fields, units of durations."""

    columns: dict[str, tuple[str, ...]]
    formats: dict[str, str]
    units: dict[str, str]


def parse_maps(maps: Sequence[str]) -> Maps:
    """--map FIELD=COLUMN (text: several, comma-separated; a time field may add :FORMAT, a
    duration :UNIT, e.g. first_reply=frt:hours). A duration column mapped without a unit is
    read in the unit its name says (First_Response_Time_Hours: hours; hrs, mins, secs, days
    too), otherwise in the format's."""
    columns: dict[str, tuple[str, ...]] = {}
    formats: dict[str, str] = {}
    units: dict[str, str] = {}
    for item in maps:
        field, eq, where = item.partition("=")
        field = field.strip()
        if not eq or not where.strip():
            raise UsageError(f"--map {item!r}: write FIELD=COLUMN, e.g. --map created=created_at.")
        if field not in FIELDS:
            raise UsageError(
                f"--map {item!r}: {field!r} is not a field.", hint=f"Fields: {', '.join(FIELDS)}."
            )
        if field in TIME_FIELDS and ":%" in where:
            where, fmt = where.split(":%", 1)
            formats[field] = _time_format(item, "%" + fmt)
        elif field in DURATION_FIELDS:
            column, colon, unit = where.rpartition(":")
            if colon and unit.strip().lower() in DURATION_UNITS:
                where, units[field] = column, unit.strip().lower()
            elif (named := _unit_named(where)) is not None:
                units[field] = named
        several = field == "text" or (field == "created" and "," in where)
        parts = [p.strip() for p in where.split(",")] if several else [where.strip()]
        columns[field] = tuple(p for p in parts if p)
        if field == "created" and len(columns[field]) > 2:
            raise UsageError(
                f"--map {item!r}: created takes one column, or a date and a time column.",
                hint="--map created=Date,Time",
            )
    return Maps(columns, formats, units)


def _unit_named(column: str) -> str | None:
    """The unit a duration column's name says, e.g. First_Response_Time_Hours; None when it
    says none (the format's unit stands, minutes for the generic format)."""
    words = re.findall(r"[a-z]+", column.lower())
    for unit, names in UNIT_WORDS.items():
        if any(w in names for w in words):
            return unit
    return None


def _time_format(item: str, fmt: str) -> str:
    """A strptime format from --map, checked now rather than on every row."""
    import datetime as dt
    import re

    try:
        dt.datetime.strptime(dt.datetime(2024, 3, 5, 14, 22, 10).strftime(fmt), fmt)
    except (ValueError, TypeError, IndexError, re.error) as exc:
        raise UsageError(
            f"--map {item!r}: {fmt!r} is not a usable time format ({exc}).",
            hint="Use strptime codes, e.g. %d/%m/%Y %H:%M for 05/03/2024 14:22.",
        ) from None
    return fmt


def parse_channel_map(items: Sequence[str], channels: Sequence[str]) -> dict[str, str]:
    out = {}
    for item in items:
        value, eq, channel = item.rpartition("=")
        channel = channel.strip()
        if not eq or not value.strip():
            raise UsageError(
                f'--channel-map {item!r}: write VALUE=CHANNEL, e.g. "Feedback Widget=email".'
            )
        if channel not in (*channels, OUTBOUND, "skip"):
            raise UsageError(
                f"--channel-map {item!r}: {channel!r} is not a channel.",
                hint=f"Channels: {', '.join(channels)}; or skip (leave such rows out).",
            )
        out[value.strip().lower()] = OUTBOUND if channel == "skip" else channel
    return out


def choose(
    export: Export,
    formats: Mapping[str, ExportFormat],
    source: str | None,
    maps: Sequence[str],
    channel_map: Mapping[str, str],
    fixed_channel: str | None,
) -> FieldMap:
    """The format and fields of `export`; UsageError naming candidates and flags otherwise."""
    columns, time_formats, mapped_units = parse_maps(maps)
    if source is not None:
        if source not in formats:
            raise UsageError(
                f"--source: {source!r} is not a format.{did_you_mean(source, formats)}",
                hint=f"Formats: {', '.join(formats)}.",
            )
        fmt = formats[source]
    else:
        found = candidates(export, formats)
        best = [
            f
            for f in found
            if len(f.detect) == len(found[0].detect) and f.fallback == found[0].fallback
        ]
        if len(best) > 1:
            raise UsageError(
                f"{export.path}: it could be {', '.join(f.id for f in best)}.",
                hint="Say which with --source NAME.",
            )
        if best:
            fmt = best[0]
        elif columns or fixed_channel:
            fmt = formats["generic"]
        else:
            if export.path.lower().endswith((".yaml", ".yml")):
                raise UsageError(
                    f"{export.path}: a YAML file, not a ticket export: servicefit reads helpdesk "
                    "exports written as CSV, JSON or JSON Lines.",
                    hint="Give the export of your helpdesk's tickets; an answers file goes to "
                    "`servicefit recommend --answers FILE`.",
                )
            if not export.columns:  # a JSON export without one ticket ([] or [{}])
                raise InputError(
                    f"{export.path}: no ticket in it to tell its format by.",
                    hint="Check that the export holds tickets (an API export: the page with "
                    "them), or map its fields with --map created=FIELD.",
                )
            shown = ", ".join(export.columns[:12]) + (" …" if len(export.columns) > 12 else "")
            raise UsageError(
                f"{export.path}: not a format servicefit knows (columns: {shown}).{closest(export, formats)}",
                hint="Give --source NAME (see `servicefit audit detect`), or map it: "
                "--map created=COLUMN --map channel=COLUMN (or --channel CHANNEL) "
                "--map text=SUBJECT,BODY.",
            )
    merged = {**fmt.fields, **columns}
    if fixed_channel:
        merged.pop("channel", None)
    resolved = {
        field: tuple(_column(export, c, field not in columns) for c in where)
        for field, where in merged.items()
    }
    if export.kind == "csv":  # what the format expects but this export lacks is left out
        missing = {f: [c for c in cols if c not in export.columns] for f, cols in resolved.items()}
        for field, gone in missing.items():
            if gone and (field in columns or field == "channel"):
                shown = ", ".join(export.columns[:12]) + (" …" if len(export.columns) > 12 else "")
                raise UsageError(
                    f"{export.path}: no column {gone[0]!r} for {field} (columns: {shown}).",
                    hint=f"Give --map {field}=COLUMN"
                    + (" or --channel CHANNEL (every row's)." if field == "channel" else "."),
                )
        resolved = {
            f: tuple(c for c in cols if c in export.columns)
            for f, cols in resolved.items()
            if any(c in export.columns for c in cols)
        }
    if export.kind != "csv" and "created" not in columns and export.columns:
        keys = set(export.columns)  # the first record's keys: a JSON export without times
        where = resolved.get("created", ())
        if where and not any(p in keys for c in where for p in c.split("|")):
            del resolved["created"]
    if "channel" not in resolved and not fixed_channel:
        raise UsageError(
            f"{export.path}: no channel column.",
            hint="Give --map channel=COLUMN or --channel CHANNEL.",
        )
    if fmt.time_format and "created" not in time_formats and "created" not in columns:
        time_formats["created"] = fmt.time_format
    units = {**fmt.units, **mapped_units}
    for field, unit in units.items():  # the unit the chosen column's name says
        if unit == "from_name":
            units[field] = _unit_named(resolved.get(field, ("",))[0]) or "minutes"
    return FieldMap(
        fmt, resolved, time_formats, {**fmt.channels, **channel_map}, fixed_channel, units
    )


def _column(export: Export, name: str, alternatives: bool = True) -> str:
    """The column as the export spells it (headers are matched without case). A format may
    name alternatives, "description_text|description": a CSV export takes the first its
    header has; a JSON record is read from the first it holds (sources.getter)."""
    if alternatives and "|" in name:
        choices = [c.strip() for c in name.split("|")]
        if export.kind != "csv":
            return "|".join(choices)
        found = [_column(export, c, False) for c in choices]
        return next((c for c in found if c in export.columns), found[0])
    if name in export.columns or export.kind != "csv":
        return name
    lower = {c.lower(): c for c in export.columns}
    return lower.get(name.lower(), name)


def exclusions(export: Export, fields: FieldMap) -> list[tuple[str, Mapping[str, str]]]:
    """The format's rows to leave out that apply to `export`: (the column or JSON path a
    field or column is read from, the values that leave a row out with the reason of each)."""
    columns = fields.columns
    return [
        (columns[key][0] if key in columns else key, values)
        for key, values in fields.format.exclude.items()
        if values and (key in columns or export.kind != "csv" or key in export.columns)
    ]


def exclusion(values: Mapping[str, str], value: object) -> str:
    """Why a row that reads `value` where `values` apply is left out ("status: deleted"), or
    ""."""
    return values.get(str(value).strip().lower() if value is not None else "", "")


def closest(export: Export, formats: Mapping[str, ExportFormat]) -> str:
    """ " The closest: zendesk-csv (misses Via)." for an export no format matches, or ""."""
    present = {c.lower() for c in export.columns}
    scored = []
    for f in formats.values():
        if not f.detect:
            continue
        lacking = [d.split("|", 1)[0] for d in _lacking(f, present)]
        scored.append((len(f.detect) - len(lacking), f.id, lacking))
    best = max((s[0] for s in scored), default=0)
    if best == 0:
        return ""
    near = [f"{fid} (misses {', '.join(lacking)})" for n, fid, lacking in scored if n == best]
    return f" The closest: {'; '.join(near[:3])}."
