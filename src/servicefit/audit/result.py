"""What an audit found, and the answers it measured: the JSON document (audit_schema_version
1) that every renderer and `--answers-out` read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple

from servicefit.audit.answers import Found, measured_answers
from servicefit.audit.automation import AutomationPotential
from servicefit.audit.document import (
    AuditDocument,
    ChannelShare,
    DaySpan,
    MonthCount,
    ResponseTime,
    Rows,
    Source,
)
from servicefit.audit.durations import quantile
from servicefit.audit.intents import Lexicon
from servicefit.audit.measure import UNMAPPED, Sampled, Tally
from servicefit.audit.privacy import redact
from servicefit.audit.routine import automation_potential, labelled_share, routine_share
from servicefit.audit.span import Span, active_span
from servicefit.audit.warning import Warning_
from servicefit.knowledge.audit import AuditRules
from servicefit.knowledge.wording import plural, with_verb
from servicefit.staffing.hours import OpeningHours

if TYPE_CHECKING:
    from servicefit.audit.mapping import FieldMap
    from servicefit.audit.options import AuditOptions
    from servicefit.audit.sources import Export

AUDIT_SCHEMA_VERSION = 2
FEW_MONTHS = 6  # the articles audit 6 to 12 months


class History(NamedTuple):
    """Contacts per local day and channel, for a forecast: the active span's days only."""

    daily: Mapping[str, Mapping[dt.date, int]]  # channel -> local day -> contacts
    first_day: dt.date | None  # the active span, both days included
    last_day: dt.date | None
    contacts: int = 0  # every timed contact of the exports, inside the active span or not


class AuditResult(NamedTuple):
    document: AuditDocument  # what the JSON document says, answers included
    notes: Mapping[str, str]  # question id -> how it was measured
    sample: tuple[Sampled, ...] = ()  # the text sample, for --write-sample
    automation: AutomationPotential | None = None  # what automation could close, measured
    history: History = History({}, None, None)
    engine: str = "stream"  # which counted the rows (audit/run.py); not in the document
    engine_note: str = ""  # why it is not the one asked for

    @property
    def answers(self) -> dict[str, Any]:
        return dict(self.document.answers)


def _share(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole else 0.0


def build_result(
    tally: Tally,
    mapped: Sequence[tuple[Export, FieldMap]],
    lexicon: Lexicon,
    rules: AuditRules,
    options: AuditOptions,
    hours: OpeningHours,
    zone_unknown: Sequence[str],
    volume_defaults: Mapping[str, Mapping[str, Any]],
) -> AuditResult:
    warnings: list[Warning_] = _reading_warnings(tally)
    used, timed = tally.used, tally.timed
    span = active_span(tally.days, rules.quiet_month, rules.evidence["monthly_contacts"].days)
    rows_timed = timed + tally.folded
    day_level = tally.dates_only(rules.date_only_share)
    clock = timed > 0 and not day_level  # time-of-day measures mean something
    occurrences = tally.slot_occurrences(span.first_day, span.last_day)
    overall = [sum(series[i] for series in tally.slots.values()) for i in range(168)]
    averages = {
        ch: [round(c / n, 3) if n else 0.0 for c, n in zip(series, occurrences, strict=True)]
        for ch, series in sorted(tally.slots.items())
    }
    all_average = [c / n if n else 0.0 for c, n in zip(overall, occurrences, strict=True)]
    if not timed and used:
        warnings.append(
            Warning_(
                "no-times",
                "the export has no creation times, so every measure of time (months, the "
                "week, after hours, peaks, response times) is left out; give --map "
                "created=COLUMN if it has one.",
            )
        )
    if day_level:
        warnings.append(
            Warning_(
                "date-only",
                f"{tally.midnight / rows_timed:.0%} of the creation times are 00:00: the column "
                "holds dates, not times of day, so after-hours, night, after-17:00, the hour of "
                "the week, the busiest hour and the weekly profile are left out; map a column "
                "with the time (--map created=DATE,TIME joins two).",
            )
        )
    if span.quiet:
        shown = ", ".join(f"{m} ({n:,})" for m, n in sorted(span.quiet.items())[:6])
        more = f" and {len(span.quiet) - 6} more" if len(span.quiet) > 6 else ""
        warnings.append(
            Warning_(
                "quiet-months",
                f"months far quieter than the busiest (under {rules.quiet_month:.0%} of it) "
                f"are left out of the monthly figure (outside the active span, or gaps in it): "
                f"{shown}{more}.",
            )
        )
    if span.first_day is not None and len(span.complete) < FEW_MONTHS:
        warnings.append(
            Warning_(
                "short-history",
                f"{plural(len(span.complete), 'complete month')} of tickets; an audit of 6 to 12 "
                "months shows seasons and peaks that a shorter one misses.",
            )
        )
    if zone_unknown and not day_level:  # dates alone: a zone moves none of them
        warnings.append(
            Warning_(
                "timezone-unknown",
                f"{', '.join(zone_unknown)}: {with_verb(tally.naive, 'time', 'carries', 'carry')} "
                "no offset and the format's time zone is unknown, so they were read as UTC; give "
                "--source-timezone.",
            )
        )
    if tally.unmapped:
        top = ", ".join(f"{redact(v)!r} ({n:,})" for v, n in tally.unmapped.most_common(5))
        warnings.append(
            Warning_(
                "channel-unmapped",
                f"{with_verb(sum(tally.unmapped.values()), 'row', 'has', 'have')} a channel value servicefit "
                f'does not map: {top}; map them with --channel-map "VALUE=CHANNEL" (or =skip).',
            )
        )
    routine, by_intent = routine_share(tally, lexicon, rules)
    if options.labels:
        routine = labelled_share(routine, tally, lexicon, options.labels, warnings)
    automation = automation_potential(routine, by_intent, lexicon, rules, tally)
    response = {}
    for field, values in (("first_reply", tally.first_reply), ("resolution", tally.resolution)):
        if values or tally.impossible[field]:
            median, p90 = quantile(values, 0.5), quantile(values, 0.9)
            response[field] = ResponseTime(
                count=sum(values.values()),
                median_hours=None if median is None else round(median / 60, 2),
                p90_hours=None if p90 is None else round(p90 / 60, 2),
                impossible=tally.impossible[field],
            )
            if tally.impossible[field]:
                warnings.append(
                    Warning_(
                        "impossible-times",
                        f"{with_verb(tally.impossible[field], _time_of(field), 'is', 'are')} negative or over "
                        f"{rules.impossible_days:g} days; they were left out.",
                    )
                )
        if tally.unreadable[field]:
            column = ", ".join(sorted({c for _, fm in mapped for c in fm.columns.get(field, ())}))
            warnings.append(
                Warning_(
                    "unreadable-times",
                    f"{plural(tally.unreadable[field], _time_of(field))} in {column} "
                    f"could not be read, such as {tally.unreadable_example[field]!r}; they were "
                    f'left out. Say how they are written: --map "{field}={column}:UNIT" (seconds, '
                    "minutes, hours, days, clock for h:mm:ss, timestamp).",
                )
            )
    channels = [
        ChannelShare(channel=ch, contacts=n, share=_share(n, used))
        for ch, n in sorted(tally.channels.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    measures = AuditDocument(
        audit_schema_version=AUDIT_SCHEMA_VERSION,
        rows=Rows(
            read=tally.read,
            used=used,
            excluded=sum(tally.excluded.values()),
            skipped=sum(tally.skipped.values()),
            folded=tally.folded,
            excluded_by_reason=dict(sorted(tally.excluded.items())),
            skipped_by_reason=dict(sorted(tally.skipped.items())),
        ),
        source=_sources(mapped, options),
        timezone=options.zone_name,
        business_hours=hours.text(),
        holidays=len(options.holidays),
        time_of_day="times" if clock else "dates only" if day_level else "none",
        first=_local(tally.first, tally.zone),
        last=_local(tally.last, tally.zone),
        active_span=None
        if span.first_day is None or span.last_day is None
        else DaySpan(first=span.first_day.isoformat(), last=span.last_day.isoformat()),
        channels=channels,
        monthly=[MonthCount(month=m, contacts=n) for m, n in sorted(span.monthly.items())],
        complete_months=span.complete,
        months_left_out=sorted(span.quiet),
        monthly_contacts=span.contacts,
        monthly_basis=span.basis,
        **_clock_measures(tally, overall, averages, all_average, timed, clock),
        routine=routine,
        automation=automation,
        response_times=response,
    )
    texts = routine.labels.found if routine.labels else routine.sample_size
    evidence = Found(used, timed, texts, span.days, clock)
    answers, notes, missing = measured_answers(measures, rules, averages, volume_defaults, evidence)
    document = replace(
        measures,
        warnings=warnings,
        answers=answers,
        answer_notes=notes,
        answers_not_measured=missing,
    )
    return AuditResult(document, notes, tuple(tally.sample), automation, _history(tally, span))


def _clock_measures(
    tally: Tally,
    overall: list[int],
    averages: dict[str, list[float]],
    all_average: list[float],
    timed: int,
    clock: bool,
) -> dict[str, Any]:
    """The measures of the week and the hour: None without times of day (the weekend share
    needs dates only)."""

    def of_clock(value: Any) -> Any:
        return value if clock else None

    return {
        "hour_of_week": of_clock([overall[d * 24 : (d + 1) * 24] for d in range(7)]),
        "hour_of_week_by_channel": of_clock(
            {
                ch: [series[d * 24 : (d + 1) * 24] for d in range(7)]
                for ch, series in sorted(tally.slots.items())
            }
        ),
        "weekly_average_by_channel": of_clock(
            {ch: [avg[d * 24 : (d + 1) * 24] for d in range(7)] for ch, avg in averages.items()}
        ),
        "peak_to_average": of_clock(_peak_ratio(all_average)),
        "peak_to_average_by_channel": of_clock(
            {ch: _peak_ratio(avg) for ch, avg in averages.items()}
        ),
        "after_hours_share": of_clock(_share(tally.after_hours, timed)),
        "weekend_share": _share(tally.weekend, timed) if timed else None,
        "after_17_share": of_clock(_share(tally.after_17, timed)),
        "night_share": of_clock(_share(tally.night, timed)),
    }


def _history(tally: Tally, span: Span) -> History:
    first, last = span.first_day, span.last_day
    daily: dict[str, dict[dt.date, int]] = {}
    if first is not None and last is not None:
        low, high = first.toordinal(), last.toordinal()
        for channel, counts in sorted(tally.daily.items()):
            kept = {dt.date.fromordinal(o): n for o, n in counts.items() if low <= o <= high and n}
            if kept:
                daily[channel] = dict(sorted(kept.items()))
    return History(daily, first, last, sum(sum(c.values()) for c in tally.daily.values()))


def _time_of(field: str) -> str:
    """'first reply time' for the field first_reply."""
    return f"{field.replace('_', ' ')} time"


def _reading_warnings(tally: Tally) -> list[Warning_]:
    """What went wrong reading the rows: first in the report, since every figure rests on it."""
    out = []
    for reason, count in sorted(tally.skipped.items()):
        if reason != UNMAPPED:
            lines = ", ".join(tally.skipped_lines.get(reason, []))
            out.append(
                Warning_("rows-skipped", f"{plural(count, 'row')} skipped, {reason}: {lines}.")
            )
    for marker in tally.partial:
        out.append(
            Warning_(
                "partial-export",
                f"{marker}: the file is one page of a paged API answer and more pages exist; "
                "fetch every page (follow the next-page link or cursor until it is empty) and "
                "give all the files.",
            )
        )
    if tally.folded:
        out.append(
            Warning_(
                "rows-folded",
                f"{with_verb(tally.read - sum(tally.skipped.values()), 'row', 'holds', 'hold')} "
                f"{plural(tally.used, 'ticket')}: {with_verb(tally.folded, 'row', 'repeats', 'repeat')} the "
                "id of a ticket read already (a history or event table) and "
                f"{'counts' if tally.folded == 1 else 'count'} once, at the ticket's earliest "
                "time.",
            )
        )
    if tally.ids.full or tally.rows_seen.full:
        out.append(
            Warning_(
                "ids-not-all-checked",
                f"the export holds more than {tally.ids.most:,} distinct tickets; repeats were "
                "looked for among the first of them only, so that memory stays bounded.",
            )
        )
    if tally.repeated_rows:
        out.append(
            Warning_(
                "rows-repeated",
                f"{with_verb(tally.repeated_rows, 'row', 'is', 'are')} identical to an earlier row and the "
                "export has no ticket id to tell whether they are one ticket; give --map "
                "id=COLUMN if it has one.",
            )
        )
    return out


def _sources(mapped: Sequence[tuple[Export, FieldMap]], options: AuditOptions) -> list[Source]:
    out = [
        Source(
            file=export.path,
            format=fields.format.id,
            label=fields.format.label,
            kind=export.kind,
            dialect=export.dialect,
            mapping=fields.to_dict(),
        )
        for export, fields in mapped
    ]
    if options.aggregates is not None:
        out.append(
            Source(
                file=str(options.aggregates),
                format="aggregates",
                label="counts per channel, local date and hour (rules/audit/aggregate.sql)",
                kind="csv",
                dialect="comma",
                mapping={},
            )
        )
    return out


def _peak_ratio(average: Sequence[float]) -> float | None:
    """The busiest hour of the week against an average hour with contacts."""
    active = [a for a in average if a > 0]
    return round(max(active) / (sum(active) / len(active)), 2) if active else None


def _local(instant: dt.datetime | None, zone: dt.tzinfo) -> str | None:
    return None if instant is None else instant.astimezone(zone).isoformat(timespec="minutes")
