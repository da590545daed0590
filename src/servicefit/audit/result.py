"""What an audit found, and the answers it measured: the JSON document (audit_schema_version
1) that every renderer and `--answers-out` read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from servicefit.audit.intents import Lexicon
from servicefit.audit.measure import Sampled, Tally, quantile
from servicefit.audit.privacy import redact
from servicefit.knowledge.audit import AuditRules
from servicefit.staffing.hours import DAYS, OpeningHours

if TYPE_CHECKING:
    from servicefit.audit.mapping import FieldMap
    from servicefit.audit.run import AuditOptions
    from servicefit.audit.sources import Export

AUDIT_SCHEMA_VERSION = 1
FEW_MONTHS = 6  # the articles audit 6 to 12 months


class Warning_(NamedTuple):
    code: str
    message: str


class AuditResult(NamedTuple):
    document: dict[str, Any]  # the JSON document, answers included
    notes: Mapping[str, str]  # question id -> how it was measured
    sample: tuple[Sampled, ...] = ()  # the text sample, for --write-sample

    @property
    def answers(self) -> dict[str, Any]:
        return dict(self.document["answers"])


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
    warnings: list[Warning_] = []
    used = tally.used
    occurrences = tally.slot_occurrences()
    overall = [sum(series[i] for series in tally.slots.values()) for i in range(168)]
    averages = {
        ch: [round(c / n, 3) if n else 0.0 for c, n in zip(series, occurrences, strict=True)]
        for ch, series in sorted(tally.slots.items())
    }
    all_average = [c / n if n else 0.0 for c, n in zip(overall, occurrences, strict=True)]
    peak_ratio = _peak_ratio(all_average)
    channel_peaks = {ch: _peak_ratio(avg) for ch, avg in averages.items()}
    complete = tally.complete_months()
    if complete:
        monthly_contacts = round(sum(tally.months[m] for m in complete) / len(complete))
        basis = f"the mean of {len(complete)} complete month{'s' if len(complete) > 1 else ''}"
    elif tally.first is not None and tally.last is not None:
        days = max((tally.last - tally.first).total_seconds() / 86_400, 1.0)
        monthly_contacts = round(used / days * 30.44)
        basis = f"scaled from {days:.0f} days (no complete month)"
    else:
        monthly_contacts, basis = 0, "no tickets"
    if len(complete) < FEW_MONTHS and used:
        warnings.append(
            Warning_(
                "short-history",
                f"{len(complete)} complete month{'s' if len(complete) != 1 else ''} of tickets; an "
                "audit of 6 to 12 months shows seasons and peaks that a shorter one misses.",
            )
        )
    if zone_unknown:
        warnings.append(
            Warning_(
                "timezone-unknown",
                f"{', '.join(zone_unknown)}: {tally.naive:,} times carry no offset and the format's "
                "time zone is unknown, so they were read as UTC; give --source-timezone.",
            )
        )
    if tally.unmapped:
        top = ", ".join(f"{v!r} ({n:,})" for v, n in tally.unmapped.most_common(5))
        warnings.append(
            Warning_(
                "channel-unmapped",
                f"{sum(tally.unmapped.values()):,} rows have a channel value servicefit does not map: "
                f'{top}; map them with --channel-map "VALUE=CHANNEL" (or =skip).',
            )
        )
    for reason, count in sorted(tally.skipped.items()):
        if reason != "channel value not mapped":
            lines = ", ".join(tally.skipped_lines.get(reason, []))
            warnings.append(Warning_("rows-skipped", f"{count:,} rows skipped, {reason}: {lines}."))
    routine = _routine(tally, lexicon, rules, used)
    if options.labels:
        routine = _labelled(routine, tally, lexicon, options.labels, warnings)
    response = {}
    for field, values in (("first_reply", tally.first_reply), ("resolution", tally.resolution)):
        if values or tally.impossible[field]:
            median, p90 = quantile(values, 0.5), quantile(values, 0.9)
            response[field] = {
                "count": sum(values.values()),
                "median_hours": None if median is None else round(median / 60, 2),
                "p90_hours": None if p90 is None else round(p90 / 60, 2),
                "impossible": tally.impossible[field],
            }
            if tally.impossible[field]:
                warnings.append(
                    Warning_(
                        "impossible-times",
                        f"{tally.impossible[field]:,} {field.replace('_', ' ')} times are negative or "
                        f"over {rules.impossible_days:g} days; they were left out.",
                    )
                )
    channels = [
        {"channel": ch, "contacts": n, "share": _share(n, used)}
        for ch, n in sorted(tally.channels.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    document: dict[str, Any] = {
        "audit_schema_version": AUDIT_SCHEMA_VERSION,
        "rows": {
            "read": tally.read,
            "used": used,
            "excluded": sum(tally.excluded.values()),
            "skipped": sum(tally.skipped.values()),
            "excluded_by_reason": dict(sorted(tally.excluded.items())),
            "skipped_by_reason": dict(sorted(tally.skipped.items())),
        },
        "source": [
            {
                "file": export.path,
                "format": fields.format.id,
                "label": fields.format.label,
                "kind": export.kind,
                "dialect": export.dialect,
                "mapping": fields.to_dict(),
            }
            for export, fields in mapped
        ]
        + (
            [
                {
                    "file": str(options.aggregates),
                    "format": "aggregates",
                    "label": "counts per channel, local date and hour (rules/audit/aggregate.sql)",
                    "kind": "csv",
                    "dialect": "comma",
                    "mapping": {},
                }
            ]
            if options.aggregates is not None
            else []
        ),
        "timezone": options.zone_name,
        "business_hours": hours.text(),
        "holidays": len(options.holidays),
        "first": _local(tally.first, tally.zone),
        "last": _local(tally.last, tally.zone),
        "channels": channels,
        "monthly": [{"month": m, "contacts": n} for m, n in sorted(tally.months.items())],
        "complete_months": complete,
        "monthly_contacts": monthly_contacts,
        "monthly_basis": basis,
        "hour_of_week": [overall[d * 24 : (d + 1) * 24] for d in range(7)],
        "hour_of_week_by_channel": {
            ch: [series[d * 24 : (d + 1) * 24] for d in range(7)]
            for ch, series in sorted(tally.slots.items())
        },
        "weekly_average_by_channel": {
            ch: [avg[d * 24 : (d + 1) * 24] for d in range(7)] for ch, avg in averages.items()
        },
        "peak_to_average": peak_ratio,
        "peak_to_average_by_channel": channel_peaks,
        "after_hours_share": _share(tally.after_hours, used),
        "weekend_share": _share(tally.weekend, used),
        "after_17_share": _share(tally.after_17, used),
        "night_share": _share(tally.night, used),
        "routine": routine,
        "response_times": response,
    }
    answers, notes = _answers(document, rules, averages, volume_defaults, routine)
    document["warnings"] = [{"code": w.code, "message": w.message} for w in warnings]
    document["answers"] = answers
    document["answer_notes"] = notes
    return AuditResult(document, notes, tuple(tally.sample))


def _peak_ratio(average: Sequence[float]) -> float | None:
    """The busiest hour of the week against an average hour with contacts."""
    active = [a for a in average if a > 0]
    return round(max(active) / (sum(active) / len(active)), 2) if active else None


def _local(instant: dt.datetime | None, zone: dt.tzinfo) -> str | None:
    return None if instant is None else instant.astimezone(zone).isoformat(timespec="minutes")


def _routine(tally: Tally, lexicon: Lexicon, rules: AuditRules, used: int) -> dict[str, Any]:
    sample = tally.sample
    if not sample:
        return {
            "share": None,
            "method": "not measured: the export has no ticket text (map it with --map text=COLUMN)",
            "sample_size": 0,
            "intents": [],
            "unmatched_share": None,
            "escalated_share": None,
        }
    counts: dict[str, int] = {}
    examples: dict[str, list[str]] = {}
    escalated = unmatched = 0
    for item in sorted(sample, key=lambda s: s.source):  # a stable order for the examples
        match = lexicon.classify(item.text)
        if match.escalation:
            escalated += 1
        elif match.intent is None:
            unmatched += 1
        else:
            counts[match.intent] = counts.get(match.intent, 0) + 1
            kept = examples.setdefault(match.intent, [])
            if len(kept) < rules.examples_per_intent:
                kept.append(redact(item.text))
    n = len(sample)
    labels = {i.id: i.label for i in lexicon.intents}
    scale = tally.texts_seen / n
    sampled = n < tally.texts_seen
    return {
        "share": _share(sum(counts.values()), n),
        "method": (
            f"phrase lexicon on a uniform random sample of {n:,} of {tally.texts_seen:,} tickets"
            if sampled
            else f"phrase lexicon on all {n:,} tickets with text"
        ),
        "sample_size": n,
        "intents": [
            {
                "id": intent,
                "label": labels[intent],
                "contacts": round(c * scale),
                "share": _share(c, n),
                "examples": examples.get(intent, []),
            }
            for intent, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "unmatched_share": _share(unmatched, n),
        "escalated_share": _share(escalated, n),
    }


def _labelled(
    routine: dict[str, Any],
    tally: Tally,
    lexicon: Lexicon,
    labels: Mapping[str, bool],
    warnings: list[Warning_],
) -> dict[str, Any]:
    """The routine share from labels: the labelled estimate replaces the lexicon's."""
    from servicefit.audit.labels import label_stats

    says = {i: lexicon.classify(text).intent is not None for i, text in tally.labelled.items()}
    stats = label_stats(labels, says)
    if stats.found < stats.labelled:
        warnings.append(
            Warning_(
                "labels-not-found",
                f"{stats.labelled - stats.found:,} labelled ids are not in these exports; "
                "they were left out.",
            )
        )
    if not stats.found:
        return {**routine, "labels": stats.to_dict()}
    agreement = ", ".join(
        f"{name} {value:.0%}"
        for name, value in (("precision", stats.precision), ("recall", stats.recall))
        if value is not None
    )
    method = (
        f"labelled by hand: {stats.routine:,} of {stats.found:,} tickets routine, 95% "
        f"confidence {stats.low:.0%} to {stats.high:.0%}"
        + (f"; the lexicon on them: {agreement}" if agreement else "")
    )
    return {
        **routine,
        "share": round(stats.share, 4),
        "method": method,
        "lexicon_share": routine["share"],
        "labels": stats.to_dict(),
    }


def _answers(
    doc: dict[str, Any],
    rules: AuditRules,
    averages: Mapping[str, list[float]],
    volume_defaults: Mapping[str, Mapping[str, Any]],
    routine: Mapping[str, Any],
) -> tuple[dict[str, Any], dict[str, str]]:
    a = rules.answers
    answers: dict[str, Any] = {}
    notes: dict[str, str] = {}
    if not doc["rows"]["used"]:
        return answers, notes
    channels = [c["channel"] for c in doc["channels"] if c["share"] >= a.channel_share]
    answers["channels"] = channels
    notes["channels"] = f"channels with at least {a.channel_share:.0%} of the tickets"
    answers["monthly_contacts"] = doc["monthly_contacts"]
    notes["monthly_contacts"] = doc["monthly_basis"]
    if routine["share"] is not None:
        answers["routine_share"] = round(routine["share"] * 100)
        notes["routine_share"] = routine["method"]
        answers["repetitive_overload"] = routine["share"] >= a.repetitive_share
        notes["repetitive_overload"] = (
            f"routine share {routine['share']:.0%} (threshold {a.repetitive_share:.0%})"
        )
    ratio = doc["peak_to_average"]
    if ratio is not None:
        answers["volume_peaks"] = (
            "high" if ratio >= a.peaks_high else "moderate" if ratio >= a.peaks_moderate else "none"
        )
        notes["volume_peaks"] = f"busiest hour of the week {ratio:g}x an average active hour"
    after, night = doc["after_hours_share"], doc["night_share"]
    answers["coverage"] = (
        "24x7"
        if night >= a.night_share
        else "extended"
        if after >= a.extended_after_hours
        else "business_hours"
    )
    notes["coverage"] = (
        f"{after:.0%} of tickets outside {doc['business_hours']}, {night:.0%} at night"
    )
    digital = sum(c["share"] for c in doc["channels"] if c["channel"] in a.digital_channels)
    answers["digital_first"] = digital >= a.digital_share
    notes["digital_first"] = f"{digital:.0%} through {', '.join(a.digital_channels)}"
    volumes = {}
    for channel in channels:
        week = {"interval": "1h"}
        for d, day in enumerate(DAYS):
            counts = [round(v, 2) for v in averages[channel][d * 24 : (d + 1) * 24]]
            if any(counts):
                week[day] = counts  # type: ignore[assignment]
        defaults = volume_defaults.get(channel, {})
        entry: dict[str, Any] = {"week": week}
        for key in ("aht", "target", "concurrency"):
            if key in defaults:
                entry[key] = defaults[key]
        volumes[channel] = entry
    if volumes:
        answers["volumes"] = volumes
        notes["volumes"] = (
            "the average week of arrivals per hour; aht and target are the defaults of "
            "rules/workforce.yaml, not measured: set your own"
        )
    return answers, notes
