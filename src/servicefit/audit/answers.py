"""The answers an audit writes (to --answers-out and into recommend --audit), each only when
the export holds enough evidence for it (rules/audit/measures.yaml, evidence); the others are
listed with the reason."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from servicefit.audit.document import NOT_MEASURED
from servicefit.knowledge.audit import AuditRules
from servicefit.staffing.hours import DAYS

if TYPE_CHECKING:
    from servicefit.audit.document import AuditDocument


class Found(NamedTuple):
    """What the export holds, to judge whether an answer can be measured from it."""

    tickets: int  # contacts
    timed: int  # contacts with a creation time
    texts: int  # texts classified
    days: int  # days in the active span
    clock: bool  # times of day, not only dates


def _enough(answer: str, rules: AuditRules, have: int, days: int, what: str) -> str | None:
    """Why `answer` cannot be measured from `have` tickets over `days` days, or None."""
    need = rules.evidence[answer]
    if have >= need.tickets and days >= need.days:
        return None
    span = f" over {days:,} day{'s' if days != 1 else ''}" if need.days else ""
    wants = [
        f"{need.tickets:,} {what}" if need.tickets else "",
        f"{need.days} days" if need.days else "",
    ]
    return (
        f"{have:,} {what}{span} are too few to tell; at least "
        f"{' over '.join(w for w in wants if w)} are needed"
    )


def measured_answers(
    doc: AuditDocument,
    rules: AuditRules,
    averages: Mapping[str, list[float]],
    volume_defaults: Mapping[str, Mapping[str, Any]],
    found: Found,
) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """The measured answers, how each was measured, and why the others were not."""
    a = rules.answers
    answers: dict[str, Any] = {}
    notes: dict[str, str] = {}
    missing: dict[str, str] = {}
    if not doc.rows.used:
        return answers, notes, missing
    routine = doc.routine

    def measured(answer: str, have: int, days: int, what: str, no: str | None = None) -> bool:
        # why not, said once: a figure's own text opens with NOT_MEASURED too
        why = (no and no.removeprefix(NOT_MEASURED)) or _enough(answer, rules, have, days, what)
        if why:
            missing[answer] = why
        return why is None

    no_times = "the export has no creation times" if not found.timed else None
    no_clock = no_times or (
        "the export holds dates without times of day" if not found.clock else None
    )
    channels = [c.channel for c in doc.channels if c.share >= a.channel_share]
    if measured("channels", found.tickets, found.days, "tickets"):
        answers["channels"] = channels
        notes["channels"] = f"channels with at least {a.channel_share:.0%} of the tickets"
    if measured(
        "monthly_contacts",
        found.timed,
        found.days,
        "tickets with a time",
        no_times or (doc.monthly_basis if doc.monthly_contacts is None else None),
    ):
        answers["monthly_contacts"] = doc.monthly_contacts
        notes["monthly_contacts"] = doc.monthly_basis
    share = routine.share
    no_text = None if share is not None else routine.method
    if measured("routine_share", found.texts, 0, "ticket texts", no_text) and share is not None:
        answers["routine_share"] = round(share * 100)
        notes["routine_share"] = routine.method
    if (
        measured("repetitive_overload", found.texts, 0, "ticket texts", no_text)
        and share is not None
    ):
        answers["repetitive_overload"] = share >= a.repetitive_share
        notes["repetitive_overload"] = (
            f"routine share {share:.0%} (threshold {a.repetitive_share:.0%})"
        )
    ratio = doc.peak_to_average
    if (
        measured("volume_peaks", found.timed, found.days, "tickets with a time", no_clock)
        and ratio is not None
    ):
        answers["volume_peaks"] = (
            "high" if ratio >= a.peaks_high else "moderate" if ratio >= a.peaks_moderate else "none"
        )
        notes["volume_peaks"] = f"busiest hour of the week {ratio:g}x an average active hour"
    after, night = doc.after_hours_share, doc.night_share
    if (
        measured("coverage", found.timed, found.days, "tickets with a time", no_clock)
        and after is not None
        and night is not None
    ):
        answers["coverage"] = (
            "24x7"
            if night >= a.night_share
            else "extended"
            if after >= a.extended_after_hours
            else "business_hours"
        )
        notes["coverage"] = (
            f"{after:.0%} of tickets outside {doc.business_hours}, {night:.0%} at night"
        )
    if measured("digital_first", found.tickets, found.days, "tickets"):
        digital = sum(c.share for c in doc.channels if c.channel in a.digital_channels)
        answers["digital_first"] = digital >= a.digital_share
        notes["digital_first"] = f"{digital:.0%} through {', '.join(a.digital_channels)}"
    if measured("volumes", found.timed, found.days, "tickets with a time", no_clock):
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
    return answers, notes, missing


def scaled_volumes(
    volumes: Mapping[str, Mapping[str, Any]] | None, totals: Mapping[str, float]
) -> dict[str, Any] | None:
    """The measured volumes (an average week per channel) scaled so that each channel's week
    holds `totals[channel]` contacts: the shape of the history, the size of a forecast week.
    None without measured volumes."""
    if not volumes:
        return None
    out: dict[str, Any] = {}
    for channel, entry in volumes.items():
        week = entry["week"]
        days = [d for d in DAYS if d in week]
        now = sum(sum(week[d]) for d in days)
        factor = totals.get(channel, now) / now if now else 0.0
        scaled = {"interval": week["interval"]}
        for d in days:
            scaled[d] = [round(v * factor, 2) for v in week[d]]
        out[channel] = {**entry, "week": scaled}
    return out
