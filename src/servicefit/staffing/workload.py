"""What is to be staffed: contact volumes per channel, their targets, and the checks on them.

One set of checks serves the answers file's `volumes` and the `staffing` command's flags: each
raises ValueProblem naming the field (contacts, per, aht, target, concurrency, patience); the
caller says where that field stood (a YAML key, or a flag).
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from servicefit.errors import ValueProblem
from servicefit.messages import shown
from servicefit.staffing.fields import FieldProblem, duration, number
from servicefit.staffing.hours import OpeningHours, parse_hours

if TYPE_CHECKING:  # parsing a week is needed only for answers with volumes
    from servicefit.staffing.demand import Demand

PERIODS = ("15m", "30m", "1h", "1d")
DAY = 86_400.0
WEEK = "week"  # the `per` of volumes given as daily totals or a week of intervals
QUARTER_HOUR = 900.0  # seconds: the finest interval a week is sized on
SHARED, DEDICATED = "shared", "dedicated"  # the two ways to staff channels
# Bounds on what one queue may ask, so that every sizing ends within a second or so: the
# largest contact centres staff tens of thousands of agents on a channel, not millions.
MAX_LOAD = 1_000_000.0  # Erlangs: agents' worth of work arriving at once on one channel
MAX_CONTACTS = 1e9  # per period
MAX_HANDLE = 86_400.0  # seconds: a day's work on one contact
MAX_ANSWER = 86_400.0  # seconds: the time within which a service level counts an answer
MAX_WINDOW = 30 * 86_400.0  # seconds: the longest response window
MAX_PATIENCE = 86_400.0  # seconds
MAX_SHRINKAGE = 0.95  # share of paid time off contacts: above it, a team is all absence
_SERVICE_LEVEL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%?\s*/\s*(\d+(?:\.\d+)?)\s*s?\s*$")


class ChannelVolume(NamedTuple):
    channel: str
    contacts: float
    period: float  # seconds
    per: str
    aht: float  # seconds
    level: float | None  # share answered within `within` (real-time channels)
    within: float | None
    window: float | None  # response window in seconds (deferred channels)
    target: str  # as written ('' when only an abandonment target is given)
    concurrency: int = 1
    patience: float | None = None
    abandon: float | None = None  # at most this share of callers may hang up (with patience)
    demand: Demand | None = None  # a typical week (daily counts or intervals) instead of a peak
    hours: OpeningHours | None = None  # the channel's own opening hours, if not the business's

    @property
    def deferred(self) -> bool:
        return self.window is not None

    @property
    def daily(self) -> bool:
        """A count per day (or per several days) rather than for the busiest interval."""
        return self.period >= DAY

    @property
    def weekly(self) -> bool:
        """Volumes that describe a week: a daily count, daily totals or a week of intervals."""
        return self.demand is not None or self.daily

    @property
    def rate(self) -> float:
        """Contacts per second over the period (per open second: see `open_rate`)."""
        return self.contacts / self.period

    def open_rate(self, hours: OpeningHours | None) -> float:
        """Contacts per second while open: a peak interval is open throughout; a daily count
        arrives within an average open day of `hours`."""
        if not self.daily or hours is None:
            return self.rate
        # a count per open day arrives within its open time (at least a quarter of an hour)
        open_seconds = self.period / DAY * max(hours.minutes_per_open_day() * 60, QUARTER_HOUR)
        return self.contacts / open_seconds

    def target_text(self) -> str:
        parts = [self.target] if self.target else []
        if self.abandon is not None:
            parts.append(f"abandon ≤ {self.abandon * 100:g}%")
        return ", ".join(parts)


class Workload(NamedTuple):
    channels: tuple[ChannelVolume, ...]
    shrinkage: float | None
    switch_penalty: float | None
    max_occupancy: float | None
    agent_cost_per_hour: float | None
    business_hours: OpeningHours | None = None  # from the answers; else from `coverage`
    currency: str | None = None  # ISO 4217 code of agent_cost_per_hour and every cost

    @property
    def weekly(self) -> bool:
        return any(c.weekly for c in self.channels)


class SizingSettings(NamedTuple):
    """The defaults a workload is sized with where the answers do not say (workforce.yaml)."""

    concurrency_factors: Mapping[int, float]
    switch_penalty: float
    deferred_occupancy: float
    shrinkage: float
    minimum_agents_open: int = 1  # on a real-time channel while it is open
    shapes: Mapping[str, tuple[float, ...]] = {}  # intraday shapes: 24 hourly weights
    daily_hours: OpeningHours | None = None  # for a count per day when nothing else says


def service_level(text: Any) -> tuple[float, float] | None:
    """'80/20' → (0.8, 20.0): 80% answered within 20 seconds; None when not of that form."""
    match = _SERVICE_LEVEL.match(str(text)) if isinstance(text, (str, int)) else None
    if not match:
        return None
    return float(match.group(1)) / 100, float(match.group(2))


def channel_volume(
    channel: str,
    spec: Mapping[str, Any],
    concurrency_levels: list[int],
    shapes: Collection[str] = (),
) -> ChannelVolume:
    """A queue's specification checked field by field; FieldProblem names the first field that
    does not fit. The volume is `contacts` per `per` (the busiest interval, or a count per open
    day with per: 1d), `daily` totals or a `week` of intervals (staffing.demand); the target is
    a service level (80/20) or a response window (24h), and for real-time channels with
    `patience` also, or instead, an abandonment target (`abandon: 5%`)."""
    contacts, period, per, demand = _volume(spec, shapes)
    aht = number(
        "aht",
        spec.get("aht"),
        low_open=True,
        high=MAX_HANDLE,
        hint=f"Give the average handle time in seconds, more than 0 and at most {MAX_HANDLE:,.0f}.",
    )
    if demand is not None and per == WEEK:
        _check_week_load(demand, aht)
    else:
        _check_load(spec, contacts, period, aht)
    level, within, window, target = _target(spec)
    concurrency = spec.get("concurrency", 1)
    if (
        not isinstance(concurrency, int)
        or isinstance(concurrency, bool)
        or concurrency not in concurrency_levels
    ):
        raise FieldProblem(
            "concurrency",
            f"{shown(concurrency)} is not a supported concurrency.",
            f"Give a whole number from {min(concurrency_levels)} to {max(concurrency_levels)}.",
        )
    patience, abandon = _patience(spec, window)
    if level is None and window is None and abandon is None:
        raise FieldProblem(
            "target",
            "a target is needed: a service level such as 80/20, a response window such as 24h, "
            "or, with the callers' patience, an abandonment target such as 5%.",
        )
    hours = None
    if "hours" in spec:
        try:
            hours = parse_hours(spec["hours"])
        except ValueProblem as problem:
            raise FieldProblem("hours", problem.message, problem.hint) from None
    return ChannelVolume(
        str(channel),
        contacts,
        period,
        per,
        aht,
        level,
        within,
        window,
        target,
        concurrency,
        patience,
        abandon,
        demand,
        hours,
    )


def _volume(
    spec: Mapping[str, Any], shapes: Collection[str]
) -> tuple[float, float, str, Demand | None]:
    """contacts, period (s), per as written, and the week, for one of the three forms."""
    from servicefit.staffing.demand import check_shape, daily_count, parse_demand

    demand = parse_demand(spec, shapes)
    if demand is not None:
        if "contacts" in spec or "per" in spec:
            form = "daily" if "daily" in spec else "week"
            raise FieldProblem(
                form,
                f"{form} and contacts/per both give the volume; keep one of them.",
                "contacts and per give the busiest interval or a count per day; daily and week "
                "give a typical week.",
            )
        return _week_total(demand), 7 * DAY, WEEK, demand
    for key in ("contacts", "per"):
        if key not in spec:
            raise FieldProblem(
                key,
                f"the volume needs {key!r} (or daily totals, or a week of intervals).",
                "e.g. contacts: 100 and per: 30m for the busiest half hour, per: 1d for a count "
                "per day, or daily: {mon: 900, tue: 850, …}.",
            )
    contacts = number(
        "contacts",
        spec["contacts"],
        high=MAX_CONTACTS,
        hint=f"Give the number of contacts per period, from 0 to {MAX_CONTACTS:,.0f}.",
    )
    period = duration(spec["per"])
    if period is None:
        raise FieldProblem(
            "per",
            f"{shown(spec['per'])} is not a period.",
            f"Use one of {', '.join(PERIODS)} (any number with m, h or d works).",
        )
    shape = spec.get("shape")
    if shape is not None and period < DAY:
        raise FieldProblem(
            "shape",
            "a shape spreads a count per day; this count is for one interval.",
            "Remove shape, or give the count per day (per: 1d).",
        )
    if period >= DAY:
        demand = daily_count(contacts, period, check_shape(spec, shapes))
        return contacts, period, str(spec["per"]), demand
    return contacts, period, str(spec["per"]), None


def _check_load(spec: Mapping[str, Any], contacts: float, period: float, aht: float) -> None:
    # the bound holds even if a day's contacts all arrived in one 15-minute interval
    spread = period if period < DAY else period / DAY * QUARTER_HOUR
    load = contacts / spread * aht
    if load > MAX_LOAD:
        raise FieldProblem(
            "contacts",
            f"{contacts:,.0f} contacts per {spec['per']} of {aht:g} s each keep about "
            f"{load:,.0f} agents busy at once; servicefit sizes up to {MAX_LOAD:,.0f} a channel.",
            "Check the period and the handle time (seconds), or size a share of the volume.",
        )


def _week_total(demand: Demand) -> float:
    if demand.counts is not None:
        return sum(sum(day) for day in demand.counts)
    if demand.daily is not None:
        return sum(demand.daily)
    return (demand.per_open_day or 0.0) * 7  # at most: every day open


def _check_week_load(demand: Demand, aht: float) -> None:
    """No interval of the week may keep more than MAX_LOAD agents busy, whatever the shape."""
    if demand.counts is not None:
        peak = max(max(day) for day in demand.counts) / ((demand.interval or 15) * 60)
    else:  # a day's contacts could all arrive in one 15-minute interval
        peak = max(demand.daily or (demand.per_open_day or 0.0,)) / QUARTER_HOUR
    if peak * aht > MAX_LOAD:
        raise FieldProblem(
            "daily" if demand.counts is None else "week",
            f"at {aht:g} s each, the busiest interval could keep about {peak * aht:,.0f} agents "
            f"busy at once; servicefit sizes up to {MAX_LOAD:,.0f} a channel.",
            "Check the counts and the handle time (seconds), or size a share of the volume.",
        )


def _target(spec: Mapping[str, Any]) -> tuple[float | None, float | None, float | None, str]:
    """The service level and its answer time, or the response window, and the target as written."""
    if "target" not in spec:
        return None, None, None, ""
    target = spec["target"]
    level = service_level(target)
    window = None if level is not None else duration(target)
    if level is None and window is None:
        raise FieldProblem(
            "target",
            f"{shown(target)} is not a target.",
            "Write 80/20 for 80% answered within 20 seconds, or 24h for a response within 24 hours.",
        )
    if level is not None and level[0] == 1:
        raise FieldProblem(
            "target",
            f"{target!r} asks for every contact: in a queue some always wait, so no number of "
            "agents answers all of them within a set time.",
            f"Ask for 99/{level[1]:g} or 99.9/{level[1]:g}.",
        )
    if level is not None and not 0 < level[0] < 1:
        raise FieldProblem(
            "target",
            f"{target!r} asks for {level[0]:.0%} of contacts.",
            "The percentage must be above 0 and below 100.",
        )
    if (level is not None and level[1] > MAX_ANSWER) or (
        window is not None and window > MAX_WINDOW
    ):
        raise FieldProblem(
            "target",
            f"{target!r} is beyond what servicefit sizes.",
            f"Answer times go up to {MAX_ANSWER:,.0f} s (80/20 style) and response windows up to "
            "30 days (e.g. 24h).",
        )
    if level is not None:
        return level[0], level[1], None, str(target)
    return None, None, window, str(target)


def _patience(spec: Mapping[str, Any], window: float | None) -> tuple[float | None, float | None]:
    patience = abandon = None
    if "patience" in spec:
        patience = number(
            "patience",
            spec["patience"],
            low_open=True,
            high=MAX_PATIENCE,
            hint="Give the mean time callers wait before hanging up, in seconds (at most a day).",
        )
        if window is not None:
            raise FieldProblem(
                "patience",
                "patience applies to real-time channels, not to a response window.",
                "Remove patience, or give an 80/20-style target.",
            )
    if "abandon" in spec:
        abandon = percentage("abandon", spec["abandon"])
        if patience is None:
            raise FieldProblem(
                "abandon",
                "an abandonment target needs the callers' patience.",
                "Give the callers' patience, the mean seconds they wait before hanging up "
                "(patience in an answers file, --patience on the staffing command).",
            )
        if abandon >= 1:
            raise FieldProblem(
                "abandon",
                f"{shown(spec['abandon'])} leaves nobody answered.",
                "Give a share below 100%, e.g. 5%.",
            )
        if abandon == 0:
            raise FieldProblem(
                "abandon",
                f"{shown(spec['abandon'])}: no number of agents keeps every caller on the line "
                "(whoever waits at all may hang up).",
                "Give a share above 0%, e.g. 5% or 1%.",
            )
    return patience, abandon


def percentage(field: str, value: Any) -> float:
    """'5%' or 0.05 → 0.05."""
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            share = float(value.strip()[:-1]) / 100
        except ValueError:
            share = math.nan
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        share = float(value)
    else:
        share = math.nan
    if not (math.isfinite(share) and share >= 0):
        raise FieldProblem(field, f"{shown(value)} is not a share.", "Write it as 5% (or 0.05).")
    return share
