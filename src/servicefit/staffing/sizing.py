"""Sizing a workload: every channel on its own (dedicated), one pooled team (shared), a pooled
group with the other channels apart where that beats both, and the agents left after the
blend's automation.

Volumes for the busiest interval give the agents of that interval (the peak). Volumes for a
week give the agents of every interval, and the comparison is made in agent-hours a week
(staffing.weekly). Pooling is priced with the switching penalty on the contacts where an agent
changes channel (staffing.pooling).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from servicefit.staffing.erlang import Sizing, schedule
from servicefit.staffing.hours import OpeningHours
from servicefit.staffing.pooling import PooledSizing, best_split
from servicefit.staffing.sizer import Sizer
from servicefit.staffing.weekly import (
    WeekSizing,
    best_partial_week,
    pooled_series,
    size_week,
    week_flows,
    week_to_dict,
)
from servicefit.staffing.workload import DEDICATED, SHARED, ChannelVolume, SizingSettings, Workload

WEEKS_PER_MONTH = 52 / 12
POOLED_QUEUE = (
    "real-time channels pooled at the strictest target; the switching penalty charged on the "
    "contacts that follow one on another channel; deferred work fills idle time"
)
COST_PEAK = (
    "the peak interval's scheduled agents, kept for every open hour of the month (an upper bound)"
)
COST_WEEK = "the scheduled agent-hours of the typical week, times 52/12 weeks a month"


class ChannelSizing(NamedTuple):
    volume: ChannelVolume
    sizing: Sizing  # at the channel's busiest interval
    hours: str = ""

    def to_dict(self) -> dict[str, Any]:
        ch = self.volume
        out: dict[str, Any] = {"per": ch.per, "aht_seconds": ch.aht, "target": ch.target_text()}
        if ch.demand is None or ch.daily:
            out["contacts"] = ch.contacts
        if ch.demand is not None:
            out["week"] = ch.demand.to_dict()
        if self.hours:
            out["hours"] = self.hours
        if ch.concurrency != 1:
            out["concurrency"] = ch.concurrency
        if ch.patience is not None:
            out["patience_seconds"] = ch.patience
        return {**out, **self.sizing.to_dict()}


class Assumptions(NamedTuple):
    switch_penalty: float
    penalty_from_answers: bool
    shrinkage: float
    shrinkage_from_answers: bool
    max_occupancy: float | None
    deferred_occupancy: float
    concurrency_factors: Mapping[int, float]
    opening: OpeningHours | None  # the business's hours: from the answers, or from coverage
    minimum_agents_open: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "switch_penalty": self.switch_penalty,
            "switch_penalty_from": "answers" if self.penalty_from_answers else "default",
            "shrinkage": self.shrinkage,
            "shrinkage_from": "answers" if self.shrinkage_from_answers else "default",
            "max_occupancy": self.max_occupancy,
            "deferred_occupancy": self.deferred_occupancy,
            "concurrency_factors": {str(k): v for k, v in self.concurrency_factors.items()},
            "business_hours": self.opening.text() if self.opening is not None else None,
            "minimum_agents_open": self.minimum_agents_open,
            "pooled_queue": POOLED_QUEUE,
        }


class PartialPooling(NamedTuple):
    """One group of channels pooled, the rest each with its own team."""

    pooled: tuple[str, ...]
    apart: tuple[str, ...]
    total: float  # agents at the peak, or agent-hours a week

    def to_dict(self, unit: str) -> dict[str, Any]:
        return {"pooled": list(self.pooled), "apart": list(self.apart), unit: round(self.total, 2)}


class WorkloadSizing(NamedTuple):
    """How many agents a workload needs, channel by channel and pooled."""

    channels: tuple[ChannelSizing, ...]
    shared: PooledSizing  # at the peak (of the week, for a week)
    assumptions: Assumptions
    week: WeekSizing | None = None
    partial: PartialPooling | None = None
    sensitivity: tuple[tuple[float, float], ...] = ()  # (penalty, pooling saving)

    @property
    def unit(self) -> str:
        return "agent_hours_per_week" if self.week is not None else "agents"

    @property
    def dedicated_agents(self) -> int:
        if self.week is not None:
            return self.week.peak(self.week.dedicated)[0]
        return sum(c.sizing.agents for c in self.channels)

    @property
    def dedicated_scheduled(self) -> int:
        return schedule(self.dedicated_agents, self.assumptions.shrinkage)

    def total(self, option: str) -> float:
        """What the options are compared on: agents at the peak, or agent-hours over a week."""
        if self.week is not None:
            return self.week.agent_hours(self.week.series(option))
        return self.shared.agents if option == SHARED else self.dedicated_agents

    @property
    def pooling_saving(self) -> float:
        """The share of the dedicated total that pooling saves (negative: it costs)."""
        return saving(self.total(DEDICATED), self.total(SHARED))

    def agents(self, option: str) -> int:
        return self.shared.agents if option == SHARED else self.dedicated_agents

    def scheduled(self, option: str) -> int:
        return self.shared.scheduled_agents if option == SHARED else self.dedicated_scheduled

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            DEDICATED: {
                "agents": self.dedicated_agents,
                "scheduled_agents": self.dedicated_scheduled,
                "by_channel": {c.volume.channel: c.to_dict() for c in self.channels},
            },
            SHARED: self.shared.to_dict(),
            "basis": "week" if self.week is not None else "peak interval",
            "pooling_saving": self.pooling_saving,
        }
        if self.week is not None:
            out["week"] = week_to_dict(self.week, self.assumptions.shrinkage)
        if self.partial is not None:
            out["partial_pooling"] = self.partial.to_dict(self.unit)
        if self.sensitivity:
            out["penalty_sensitivity"] = [
                {"switch_penalty": p, "pooling_saving": s} for p, s in self.sensitivity
            ]
        out["assumptions"] = self.assumptions.to_dict()
        return out


def saving(dedicated: float, shared: float) -> float:
    return round((dedicated - shared) / dedicated, 4) if dedicated else 0.0


def size_workload(
    workload: Workload,
    settings: SizingSettings,
    hours: OpeningHours | None = None,
    penalties: Sequence[float] = (),
) -> WorkloadSizing:
    """`hours`: the business's opening hours when the answers give none (from `coverage`);
    `penalties`: switching penalties to try besides the one in force, for the sensitivity."""
    sizer = Sizer(workload, settings, hours)
    assumptions = Assumptions(
        sizer.penalty,
        workload.switch_penalty is not None,
        sizer.shrinkage,
        workload.shrinkage is not None,
        sizer.max_occupancy,
        sizer.deferred_occupancy,
        settings.concurrency_factors,
        sizer.hours,
        settings.minimum_agents_open,
    )
    if is_weekly(workload):
        return _size_weekly(sizer, assumptions, penalties)
    rates = [ch.open_rate(sizer.hours_of(ch)) for ch in workload.channels]
    channels = tuple(
        ChannelSizing(ch, sizer.channel(ch, rate), ch.hours.text() if ch.hours else "")
        for ch, rate in zip(workload.channels, rates, strict=True)
    )
    flows = list(zip(workload.channels, rates, strict=True))
    shared = _pooled(sizer, flows)
    by_name = {flow[0].channel: (flow, sized) for flow, sized in zip(flows, channels, strict=True)}

    def agents(group: tuple[str, ...], apart: tuple[str, ...]) -> float:
        pooled = sizer.pool([by_name[n][0] for n in group])[0]
        return pooled + sum(by_name[n][1].sizing.agents for n in apart)

    best = best_split(list(by_name), agents)
    partial = PartialPooling(best[0], best[1], int(best[2])) if best is not None else None
    dedicated = sum(c.sizing.agents for c in channels)
    sensitivity = tuple(
        (p, saving(dedicated, sizer.with_penalty(p).pool(flows)[0])) for p in penalties
    )
    return WorkloadSizing(channels, shared, assumptions, None, partial, sensitivity)


def is_weekly(workload: Workload) -> bool:
    """Sized over a week when every channel describes one (a count per day, daily totals or a
    week of intervals); otherwise at the peak interval, where a count per day is spread over
    an open day."""
    return bool(workload.channels) and all(ch.demand is not None for ch in workload.channels)


def _pooled(sizer: Sizer, flows: Sequence[tuple[ChannelVolume, float]]) -> PooledSizing:
    agents, queue, target = sizer.pool(flows)
    return PooledSizing(agents, sizer.scheduled(agents), queue, target)


def _size_weekly(
    sizer: Sizer, assumptions: Assumptions, penalties: Sequence[float]
) -> WorkloadSizing:
    flows = week_flows(sizer)
    week = size_week(sizer, flows)
    channels = []
    for ch in flows.channels:
        rates = [
            r for r, o in zip(flows.rates[ch.channel], flows.open[ch.channel], strict=True) if o
        ]
        peak = max(rates, default=0.0)
        channels.append(ChannelSizing(ch, sizer.channel(ch, peak), week.hours[ch.channel]))
    _, at = week.peak(week.shared)
    active = flows.active(at, [ch.channel for ch in flows.channels])
    shared = _pooled(sizer, active) if active else PooledSizing(0, 0, None, "")
    best = best_partial_week(sizer, week)
    partial = PartialPooling(*best) if best is not None else None
    dedicated_hours = week.agent_hours(week.dedicated)
    names = [ch.channel for ch in flows.channels]
    sensitivity = tuple(
        (
            p,
            saving(
                dedicated_hours,
                week.agent_hours(pooled_series(sizer.with_penalty(p), flows, names)),
            ),
        )
        for p in penalties
    )
    return WorkloadSizing(tuple(channels), shared, assumptions, week, partial, sensitivity)


class MonthlyCost(NamedTuple):
    basis: str
    hours: float  # open hours a month (peak), or scheduled agent-hours a month (week)
    cost_per_hour: float
    before: float
    after: float
    saving: float
    currency: str | None = None  # ISO 4217, from the answers


class BlendEffect(NamedTuple):
    """Agents before and after the automated share is taken off every human queue, and the cost."""

    staffing: str
    automated_share: float
    agents_before: int
    agents_after: int
    scheduled_before: int
    scheduled_after: int
    cost: MonthlyCost | None = None
    agent_hours_before: float | None = None  # a week's, with volumes for a week
    agent_hours_after: float | None = None
    series_after: tuple[int, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "staffing": self.staffing,
            "automated_share": self.automated_share,
            "agents_before": self.agents_before,
            "agents_after": self.agents_after,
            "scheduled_before": self.scheduled_before,
            "scheduled_after": self.scheduled_after,
        }
        if self.agent_hours_before is not None:
            out["agent_hours_per_week_before"] = round(self.agent_hours_before, 2)
            out["agent_hours_per_week_after"] = round(self.agent_hours_after or 0.0, 2)
        if self.series_after is not None:  # agents per interval of the week after automation
            out["agents_after_by_interval"] = list(self.series_after)
        if self.cost is not None:
            out.update(
                cost_basis=self.cost.basis,
                agent_cost_per_hour=self.cost.cost_per_hour,
                monthly_cost_before=self.cost.before,
                monthly_cost_after=self.cost.after,
                monthly_saving=self.cost.saving,
                currency=self.cost.currency,
            )
            if self.series_after is None:
                out["open_hours_per_month"] = round(self.cost.hours, 1)
        return out


def blend_effect(
    workload: Workload,
    settings: SizingSettings,
    sizing: WorkloadSizing,
    automated_share: float,
    staffing: str,
    hours: OpeningHours | None = None,
) -> BlendEffect:
    """Agents before and after the automated share is taken off every human contact, and the
    monthly cost. ``sizing`` is what `size_workload` found for the full volumes."""
    sizer = Sizer(workload, settings, hours)
    keep = 1 - automated_share
    rate = workload.agent_cost_per_hour
    if sizing.week is not None:
        return _weekly_effect(sizer, sizing.week, staffing, automated_share, rate)
    before, before_scheduled = sizing.agents(staffing), sizing.scheduled(staffing)
    flows = [(ch, ch.open_rate(sizer.hours_of(ch)) * keep) for ch in workload.channels]
    if staffing == SHARED:
        after = sizer.pool(flows)[0]
    else:
        after = sum(sizer.channel(ch, r).agents for ch, r in flows)
    after_scheduled = sizer.scheduled(after)
    cost = None
    if rate is not None and sizer.hours is not None:
        open_hours = sizer.hours.minutes_per_week / 60 * WEEKS_PER_MONTH
        cost = MonthlyCost(
            COST_PEAK,
            open_hours,
            rate,
            round(before_scheduled * open_hours * rate, 2),
            round(after_scheduled * open_hours * rate, 2),
            round((before_scheduled - after_scheduled) * open_hours * rate, 2),
            workload.currency,
        )
    return BlendEffect(
        staffing, automated_share, before, after, before_scheduled, after_scheduled, cost
    )


def _weekly_effect(
    sizer: Sizer, week: WeekSizing, staffing: str, automated_share: float, rate: float | None
) -> BlendEffect:
    kept = week_flows(sizer, 1 - automated_share)
    names = [ch.channel for ch in kept.channels]
    if staffing == SHARED:
        after = pooled_series(sizer, kept, names)
    else:
        from servicefit.staffing.weekly import dedicated_series

        parts = dedicated_series(sizer, kept)
        after = tuple(sum(p) for p in zip(*parts.values(), strict=True))
    before = week.series(staffing)
    scheduled_hours = [
        week.agent_hours([sizer.scheduled(a) for a in series]) for series in (before, after)
    ]
    cost = None
    if rate is not None:
        month = [h * WEEKS_PER_MONTH for h in scheduled_hours]
        cost = MonthlyCost(
            COST_WEEK,
            month[0],
            rate,
            round(month[0] * rate, 2),
            round(month[1] * rate, 2),
            round((month[0] - month[1]) * rate, 2),
            sizer.workload.currency,
        )
    return BlendEffect(
        staffing,
        automated_share,
        max(before),
        max(after),
        sizer.scheduled(max(before)),
        sizer.scheduled(max(after)),
        cost,
        week.agent_hours(before),
        week.agent_hours(after),
        after,
    )
