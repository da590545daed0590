"""Which export format a file is, and where each field lives in it: the format's own mapping
(rules/audit/formats.yaml) with the user's --map, --channel-map and --channel on top."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from servicefit.audit.sources import Export
from servicefit.errors import UsageError
from servicefit.knowledge.audit import FIELDS, OUTBOUND, ExportFormat

TIME_FIELDS = ("created", "first_reply", "resolution")


class FieldMap(NamedTuple):
    """An export's fields: the columns (or JSON paths) each is read from."""

    format: ExportFormat
    columns: Mapping[str, tuple[str, ...]]
    time_formats: Mapping[str, str]  # field -> strptime format
    channels: Mapping[str, str]  # lower-case value -> channel id or OUTBOUND
    fixed_channel: str | None  # --channel: every row's channel

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {k: ", ".join(v) for k, v in self.columns.items()}
        if self.fixed_channel:
            out["channel"] = f"(every row: {self.fixed_channel})"
        return out


def candidates(export: Export, formats: Mapping[str, ExportFormat]) -> list[ExportFormat]:
    """Formats whose signature columns are all present, the most specific first."""
    present = {c.lower() for c in export.columns}
    found = [
        f for f in formats.values() if f.detect and all(d.lower() in present for d in f.detect)
    ]
    return sorted(found, key=lambda f: (-len(f.detect), f.id))


def parse_maps(maps: Sequence[str]) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """--map FIELD=COLUMN (text: several, comma-separated; a time field may add :FORMAT)."""
    columns: dict[str, tuple[str, ...]] = {}
    formats: dict[str, str] = {}
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
            formats[field] = "%" + fmt
        parts = [p.strip() for p in where.split(",")] if field == "text" else [where.strip()]
        columns[field] = tuple(p for p in parts if p)
    return columns, formats


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
    columns, time_formats = parse_maps(maps)
    if source is not None:
        if source not in formats:
            raise UsageError(
                f"--source: {source!r} is not a format.", hint=f"Formats: {', '.join(formats)}."
            )
        fmt = formats[source]
    else:
        found = candidates(export, formats)
        best = [f for f in found if len(f.detect) == len(found[0].detect)] if found else []
        if len(best) > 1:
            raise UsageError(
                f"{export.path}: it could be {', '.join(f.id for f in best)}.",
                hint="Say which with --source NAME.",
            )
        if best:
            fmt = best[0]
        elif ("created" in columns) and ("channel" in columns or fixed_channel):
            fmt = formats["generic"]
        else:
            shown = ", ".join(export.columns[:12]) + (" …" if len(export.columns) > 12 else "")
            raise UsageError(
                f"{export.path}: not a format servicefit knows (columns: {shown}).",
                hint="Give --source NAME (see `servicefit audit detect`), or map it: "
                "--map created=COLUMN --map channel=COLUMN (or --channel CHANNEL) "
                "--map text=SUBJECT,BODY.",
            )
    merged = {**fmt.fields, **columns}
    if fixed_channel:
        merged.pop("channel", None)
    resolved = {field: tuple(_column(export, c) for c in where) for field, where in merged.items()}
    if export.kind == "csv":  # what the format expects but this export lacks is left out
        missing = {f: [c for c in cols if c not in export.columns] for f, cols in resolved.items()}
        for field, gone in missing.items():
            if gone and (field in columns or field in ("created", "channel")):
                shown = ", ".join(export.columns[:12]) + (" …" if len(export.columns) > 12 else "")
                raise UsageError(
                    f"{export.path}: no column {gone[0]!r} for {field} (columns: {shown}).",
                    hint=f"Give --map {field}=COLUMN.",
                )
        resolved = {
            f: tuple(c for c in cols if c in export.columns)
            for f, cols in resolved.items()
            if any(c in export.columns for c in cols)
        }
    if "created" not in resolved:
        raise UsageError(f"{export.path}: no creation time.", hint="Give --map created=COLUMN.")
    if "channel" not in resolved and not fixed_channel:
        raise UsageError(
            f"{export.path}: no channel column.",
            hint="Give --map channel=COLUMN or --channel CHANNEL.",
        )
    if fmt.time_format and "created" not in time_formats and "created" not in columns:
        time_formats["created"] = fmt.time_format
    return FieldMap(fmt, resolved, time_formats, {**fmt.channels, **channel_map}, fixed_channel)


def _column(export: Export, name: str) -> str:
    """The column as the export spells it (headers are matched without case)."""
    if name in export.columns or export.kind != "csv":
        return name
    lower = {c.lower(): c for c in export.columns}
    return lower.get(name.lower(), name)
