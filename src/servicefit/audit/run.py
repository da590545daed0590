"""One audit: read the exports, count every row, classify a sample of the text, and return the
result (audit/result.py). Pure: no terminal, no files written."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import zoneinfo
from collections.abc import Callable, Mapping, Sequence
from math import isfinite
from pathlib import Path
from typing import Any

import orjson

from servicefit.audit.aggregates import add_aggregates, add_text_sample
from servicefit.audit.clock import HourReader
from servicefit.audit.durations import UNIT_PER_HOUR, as_hours
from servicefit.audit.files import data_size
from servicefit.audit.intents import lexicon_for
from servicefit.audit.mapping import FieldMap, choose, exclusion, exclusions
from servicefit.audit.measure import (
    NO_TIME,
    OUTBOUND_ROW,
    OUTSIDE_WINDOW,
    UNMAPPED,
    Sampled,
    Tally,
    Window,
    joined,
    row_key,
)
from servicefit.audit.options import AuditOptions
from servicefit.audit.result import AuditResult, build_result
from servicefit.audit.sources import Export, getter, open_export, records
from servicefit.audit.times import TimeReader, date_order, numeric_parts
from servicefit.errors import UsageError
from servicefit.knowledge.audit import OUTBOUND, AuditRules
from servicefit.staffing.hours import OpeningHours


def detect(
    exports: Sequence[Path], rules: AuditRules, options: AuditOptions
) -> list[tuple[Export, FieldMap]]:
    out = []
    for path in exports:
        export = open_export(path, options.encoding)
        out.append(
            (
                export,
                choose(
                    export,
                    rules.formats,
                    options.source,
                    options.maps,
                    options.channel_map,
                    options.channel,
                ),
            )
        )
    return out


def audit(
    exports: Sequence[Path],
    rules: AuditRules,
    options: AuditOptions,
    default_hours: OpeningHours,
    volume_defaults: Mapping[str, Mapping[str, Any]],
) -> AuditResult:
    """Audit `exports`; `default_hours` apply without --business-hours, and `volume_defaults`
    (rules/workforce.yaml) give the measured volumes a handle time and a target."""
    hours = options.hours or default_hours
    mapped = detect(exports, rules, options)
    limit = rules.impossible_days * 24
    zones, readers = [], []
    for export, fields in mapped:
        source_zone = options.source_zone
        if source_zone is None and fields.format.timezone:
            source_zone = zoneinfo.ZoneInfo(fields.format.timezone)
        zones.append(source_zone)
        readers.append(
            TimeReader(
                source_zone,
                fields.time_formats.get("created"),
                day_first(export, fields),
                options.zone,
            )
        )

    def fresh() -> Tally:
        tally = Tally(
            options.zone, hours, options.holidays, options.sample or rules.text_sample, rules.seed
        )
        tally.wanted = frozenset(options.labels)
        return tally

    def count(readers: list[TimeReader]) -> tuple[Tally, str, str, list[int]]:
        """Every row counted into a fresh tally: the tally, the engine that counted, why it
        is not the one asked for, and each export's times without an offset."""
        tally = fresh()
        engine, note = _engine(options.engine, mapped), ""
        naive: list[int] = []
        if engine == "duckdb":
            from servicefit.audit.columnar import count_exports
            from servicefit.audit.columnar_files import Unsuitable

            try:
                naive = count_exports(mapped, readers, tally, options.window, limit)
            except Unsuitable as exc:
                engine, note = "stream", f"{exc}; read by the streaming engine"
                tally = fresh()
        if engine == "stream":
            for (export, fields), reader in zip(mapped, readers, strict=True):
                before = tally.naive
                _count_rows(export, fields, reader, tally, options.window, limit)
                naive.append(tally.naive - before)
        return tally, engine, note, naive

    tally, engine, note, naive = count(readers)
    if tally.dates_moved(rules.date_only_share):
        # dates written as midnight timestamps: a source zone would move each to the evening
        # before (or the morning of), so every day and month shifts; read them as the dates
        # they are, in the analysis zone (a second pass, for such exports only)
        tally, engine, note, naive = count([r._replace(zone=options.zone) for r in readers])
    zone_unknown = [
        export.path
        for (export, _), zone, n in zip(mapped, zones, naive, strict=True)
        if zone is None and n
    ]
    if options.aggregates is not None:
        add_aggregates(options.aggregates, tally, list(options.channels))
    if options.text_sample is not None:
        add_text_sample(options.text_sample, tally)
    lexicon = lexicon_for(rules, options.industry)
    result = build_result(
        tally, mapped, lexicon, rules, options, hours, zone_unknown, volume_defaults
    )
    return result._replace(engine=engine, engine_note=note)


# --engine auto: DuckDB from this size of exports (decompressed); below it, its start costs more
# than it saves (one-line records break even near 8 MiB, records over several lines, read
# serially, near 17)
AUTO_BYTES = 16 * 2**20


def _engine(asked: str, mapped: Sequence[tuple[Export, FieldMap]]) -> str:
    """The engine that counts the rows: stream or duckdb."""
    if asked == "stream":
        return "stream"
    from servicefit.audit.columnar import available

    if not available():
        if asked == "duckdb":
            raise UsageError(
                "--engine duckdb: DuckDB is not installed.",
                hint="pip install 'servicefit[fast]', or leave out --engine.",
            )
        return "stream"
    if asked == "auto" and sum(data_size(Path(e.path)) for e, _ in mapped) < AUTO_BYTES:
        return "stream"
    return "duckdb"


def _count_rows(
    export: Export,
    fields: FieldMap,
    reader: TimeReader,
    tally: Tally,
    window: Window,
    limit: float,
) -> None:
    """Count every record of one export into `tally` (the hot loop of the audit)."""
    columns = fields.columns
    created = created_getter(export, fields)
    channel_of = getter(export, columns["channel"][0], one=True) if "channel" in columns else None
    texts = [getter(export, c) for c in columns.get("text", ())]
    ident = getter(export, columns["id"][0], one=True) if "id" in columns else None
    units = fields.units
    durations = [
        (f, getter(export, columns[f][0], one=True), unit, UNIT_PER_HOUR.get(unit, 0))
        for f in ("first_reply", "resolution")
        if f in columns
        for unit in [units.get(f, "minutes")]
    ]
    known: dict[Any, str] = {}  # raw channel value -> channel
    exclude: list[tuple[Callable[[Any], Any], Mapping[str, str], dict[Any, str]]] = [
        (getter(export, column, one=True), values, {})
        for column, values in exclusions(export, fields)
    ]
    channel_map = fields.channels
    fixed = fields.fixed_channel
    name = Path(export.path).name
    since, until = window
    labelled = tally.wanted
    parse = reader.parse
    count, count_at, duration = tally.count, tally.count_at, tally.duration  # bound once
    # the common shape of time, read without a datetime (audit/clock.py); not with a format
    hours = HourReader(reader, tally.zone) if reader.fmt is None else None
    since_s = since.timestamp() if since else -math.inf
    until_s = until.timestamp() if until else math.inf
    notes: list[str] = []
    rows = records(Path(export.path), export.kind, fields.format.records, notes, export.encoding)
    for line, data, problem in rows:
        tally.read += 1
        if data is None:
            tally.skip(problem, f"{name}:{line}")
            continue
        left_out = None
        for get, values, seen in exclude:
            value = get(data)
            verdict = seen.get(value)
            if verdict is None:  # exports repeat their values: decide each one once
                verdict = seen[value] = exclusion(values, value)
            if verdict:
                left_out = verdict
                break
        if left_out is not None:
            tally.excluded[left_out] += 1
            continue
        if fixed is not None:
            channel = fixed
        else:
            raw = channel_of(data) if channel_of is not None else None
            channel = known.get(raw, "")
            if not channel:
                value = str(raw).strip().lower() if raw is not None else ""
                channel = channel_map.get(value, "")
                if channel and len(known) < 10_000:
                    known[raw] = channel
            if not channel:
                tally.unmapped[value or "(empty)"] += 1
                tally.skip(UNMAPPED, f"{name}:{line}")
                continue
            if channel == OUTBOUND:
                tally.excluded[OUTBOUND_ROW.format(str(raw).strip().lower())] += 1
                continue
        number = None
        if ident is not None:
            raw_id = ident(data)
            number = None if raw_id is None or raw_id == "" else str(raw_id)
        if created is None:  # an export without creation times: the channel mix and text
            if number is not None and tally.ids.seen(hash(number), 0) >= 0:
                tally.folded += 1
                continue
            if number is None:
                tally.repeated(_row_identity(data))  # counted, and warned about
            tally.count_untimed(channel)
        else:
            raw_time = created(data)
            clock = hours.read(raw_time) if hours is not None else None
            if clock is not None:  # the common shape, read without a datetime
                seconds = clock.utc
                if seconds < since_s or seconds >= until_s:
                    tally.excluded[OUTSIDE_WINDOW] += 1
                    continue
                tally.midnight += clock.midnight
                instant = None
                naive = clock.naive
            else:
                instant, naive = parse(raw_time)
                if instant is None:
                    tally.skip(NO_TIME, f"{name}:{line}")
                    continue
                if (since and instant < since) or (until and instant >= until):
                    tally.excluded[OUTSIDE_WINDOW] += 1
                    continue
                if not (instant.hour or instant.minute or instant.second):
                    tally.midnight += 1
                seconds = int(instant.timestamp())
            if number is None:
                tally.repeated(_row_identity(data))  # counted, and warned about: it may be another
            elif not tally.first_of_ticket(number, seconds, channel, instant):
                continue  # a later row of a ticket counted already
            if naive:
                tally.naive += 1
            if clock is not None:
                count_at(seconds, clock.local, channel)
            else:
                assert instant is not None
                count(instant, channel, 1)
            for field, get, unit, per_hour in durations:
                value = get(data)
                if value is None or value == "":
                    continue
                if per_hour:  # a number in a unit, read here: the common case
                    try:
                        amount: float | None = float(value)
                    except (TypeError, ValueError):
                        amount = None  # a decimal comma, a clock: as_hours reads it
                    if amount is not None:
                        taken = amount / per_hour if isfinite(amount) else None
                        duration(field, taken, limit, value)
                        continue
                elif instant is None and unit == "timestamp":
                    instant = dt.datetime.fromtimestamp(seconds, dt.UTC)
                duration(field, as_hours(value, unit, instant, parse), limit, value)
        if texts:
            for get in texts:  # a ticket whose text is blank says nothing of routine: not drawn
                value = get(data)
                if (
                    value is not None
                    and value != ""
                    and not (type(value) is str and value.isspace())
                ):
                    break
            else:
                tally.without_text += 1
                continue
            if not labelled and tally.texts_seen + 1 < tally.draw_at:  # not drawn: skip fast
                tally.texts_seen += 1
                continue
            slot = tally.text_slot()
            if slot is None and not labelled:
                continue
            if number is None:  # no id: a key from the row's time and text, stable on re-export
                number = row_key(
                    created(data) if created is not None else "", joined_text(texts, data)
                )
            if labelled and number in labelled:
                tally.labelled[number] = joined_text(texts, data)
            if slot is not None:
                tally.keep_text(
                    slot, Sampled(f"{name}:{line}", number, joined_text(texts, data), channel)
                )
    tally.settle()
    tally.partial += [f"{name}: {marker}" for marker in notes]


def _row_identity(data: Any) -> int:
    """A row's identity, to tell repeated rows in an export without ids."""
    if isinstance(data, list):
        return hash(tuple(data))
    return hash(orjson.dumps(data, option=orjson.OPT_SORT_KEYS))


def created_getter(export: Export, fields: FieldMap) -> Callable[[Any], Any] | None:
    """The creation time of a record: one column, or a date and a time column joined."""
    where = fields.columns.get("created")
    if not where:
        return None
    if len(where) == 1:
        return getter(export, where[0], one=True)
    date, time = getter(export, where[0], one=True), getter(export, where[1], one=True)

    def joined(data: Any) -> Any:
        day, clock = date(data), time(data)
        if day is None or day == "":
            return None
        return f"{day} {clock}".strip() if clock not in (None, "") else day

    return joined


def day_first(export: Export, fields: FieldMap) -> bool:
    """Whether dates like 05/03/2024 in the creation column put the day first, from the
    values themselves; UsageError naming the flag when they cannot tell or disagree."""
    if "created" in fields.time_formats or "created" not in fields.columns:
        return False
    get = created_getter(export, fields)
    assert get is not None
    rows = records(Path(export.path), export.kind, fields.format.records, None, export.encoding)
    values = ((line, get(data)) for line, data, _ in rows if data is not None)
    first = next(((line, v) for line, v in values if v not in (None, "")), None)
    if first is None or numeric_parts(str(first[1])) is None:
        return False
    order, line = date_order(itertools.chain([first], values))
    column = ",".join(fields.columns["created"])
    if order == "day":
        return True
    if order == "month":
        return False
    example = str(first[1])[:40]
    if order == "mixed":
        problem = (
            f"{export.path}:{line}: the creation times put the day first in some rows and the "
            "month first in others."
        )
    else:
        problem = (
            f"{export.path}: every creation time, such as {example!r} (line {first[0]}), reads "
            "as day/month and as month/day alike."
        )
    raise UsageError(
        problem,
        hint=f'Say which: --map "created={column}:%d/%m/%Y %H:%M" (day first) or '
        f'--map "created={column}:%m/%d/%Y %H:%M" (month first), with the separators and '
        "parts of your export.",
    )


def joined_text(texts: Sequence[Callable[[Any], Any]], data: Any) -> str:
    """A ticket's text columns joined, cut to MAX_TEXT: what is classified and shown."""
    return joined([get(data) for get in texts])
