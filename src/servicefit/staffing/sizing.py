"""Sizing a workload: every channel on its own (dedicated), one pooled team (shared), and the
agents left after the blend's automation.

Dedicated staffing is the sum of each channel's own requirement. Shared staffing pools the
real-time channels (phone, chat, …) into one queue held to the strictest target, with handle
times raised by the channel-switching penalty; deferred work (email) fills the pool's idle time
up to the occupancy cap.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, NamedTuple

from servicefit.staffing.erlang import Sizing, schedule, size_deferred, size_erlang_c
from servicefit.staffing.erlang_a import size_erlang_a
from servicefit.staffing.workload import (
    DEDICATED,
    SHARED,
    ChannelVolume,
    SizingSettings,
    Workload,
)

POOLED_QUEUE = "real-time channels pooled at the strictest target; deferred work fills idle time"
COST_BASIS = "scheduled agents for the given interval, kept for every open hour of the month"


class ChannelSizing(NamedTuple):
    volume: ChannelVolume
    sizing: Sizing

    def to_dict(self) -> dict[str, Any]:
        ch = self.volume
        return {
            "contacts": ch.contacts,
            "per": ch.per,
            "aht_seconds": ch.aht,
            "target": ch.target,
            **({"concurrency": ch.concurrency} if ch.concurrency != 1 else {}),
            **({"patience_seconds": ch.patience} if ch.patience is not None else {}),
            **self.sizing.to_dict(),
        }


class PooledSizing(NamedTuple):
    """One team for every channel: its agents, and the pooled real-time queue if there is one."""

    agents: int
    scheduled_agents: int
    queue: Sizing | None
    target: str

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"agents": self.agents, "scheduled_agents": self.scheduled_agents}
        if self.queue is not None:
            shown = self.queue.to_dict()
            out["target"] = self.target
            out.update(
                {k: shown[k] for k in ("model", "service_level", "asa_seconds", "occupancy")}
            )
        return out


class Assumptions(NamedTuple):
    switch_penalty: float
    penalty_from_answers: bool
    shrinkage: float
    max_occupancy: float | None
    deferred_occupancy: float
    concurrency_factors: Mapping[int, float]

    def to_dict(self) -> dict[str, Any]:
        return {
            "switch_penalty": self.switch_penalty,
            "switch_penalty_from": "answers" if self.penalty_from_answers else "default",
            "shrinkage": self.shrinkage,
            "max_occupancy": self.max_occupancy,
            "deferred_occupancy": self.deferred_occupancy,
            "concurrency_factors": {str(k): v for k, v in self.concurrency_factors.items()},
            "pooled_queue": POOLED_QUEUE,
        }


class WorkloadSizing(NamedTuple):
    """How many agents a workload needs, channel by channel and pooled."""

    channels: tuple[ChannelSizing, ...]
    shared: PooledSizing
    assumptions: Assumptions

    @property
    def dedicated_agents(self) -> int:
        return sum(c.sizing.agents for c in self.channels)

    @property
    def dedicated_scheduled(self) -> int:
        return sum(c.sizing.scheduled_agents for c in self.channels)

    @property
    def pooling_saving(self) -> float:
        """The share of dedicated agents that pooling saves (negative: it costs)."""
        dedicated = self.dedicated_agents
        saving = (dedicated - self.shared.agents) / dedicated if dedicated else 0.0
        return round(saving, 4)

    def agents(self, option: str) -> int:
        return self.shared.agents if option == SHARED else self.dedicated_agents

    def scheduled(self, option: str) -> int:
        return self.shared.scheduled_agents if option == SHARED else self.dedicated_scheduled

    def to_dict(self) -> dict[str, Any]:
        return {
            DEDICATED: {
                "agents": self.dedicated_agents,
                "scheduled_agents": self.dedicated_scheduled,
                "by_channel": {c.volume.channel: c.to_dict() for c in self.channels},
            },
            SHARED: self.shared.to_dict(),
            "pooling_saving": self.pooling_saving,
            "assumptions": self.assumptions.to_dict(),
        }


class MonthlyCost(NamedTuple):
    open_hours: float
    cost_per_hour: float
    before: float
    after: float
    saving: float


class BlendEffect(NamedTuple):
    """Agents before and after the automated share is taken off every human queue, and the cost."""

    staffing: str
    automated_share: float
    agents_before: int
    agents_after: int
    scheduled_before: int
    scheduled_after: int
    cost: MonthlyCost | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "staffing": self.staffing,
            "automated_share": self.automated_share,
            "agents_before": self.agents_before,
            "agents_after": self.agents_after,
            "scheduled_before": self.scheduled_before,
            "scheduled_after": self.scheduled_after,
        }
        if self.cost is not None:
            out.update(
                open_hours_per_month=self.cost.open_hours,
                agent_cost_per_hour=self.cost.cost_per_hour,
                cost_basis=COST_BASIS,
                monthly_cost_before=self.cost.before,
                monthly_cost_after=self.cost.after,
                monthly_saving=self.cost.saving,
            )
        return out


class Sizer:
    """Sizes one workload under one set of settings and answers."""

    def __init__(self, workload: Workload, settings: SizingSettings):
        self.workload = workload
        self.settings = settings
        self.shrinkage = (
            workload.shrinkage if workload.shrinkage is not None else settings.shrinkage
        )
        self.penalty = (
            workload.switch_penalty
            if workload.switch_penalty is not None
            else settings.switch_penalty
        )
        self.max_occupancy = workload.max_occupancy
        self.deferred_occupancy = workload.max_occupancy or settings.deferred_occupancy

    def effective_aht(self, ch: ChannelVolume) -> float:
        return ch.aht / self.settings.concurrency_factors[ch.concurrency]

    def channel(self, ch: ChannelVolume, scale: float = 1.0) -> Sizing:
        rate = ch.rate * scale
        if ch.window is not None:
            return size_deferred(
                rate, ch.aht, ch.window, self.deferred_occupancy, shrinkage=self.shrinkage
            )
        assert ch.level is not None and ch.within is not None  # a real-time channel
        aht = self.effective_aht(ch)
        if ch.patience is not None:
            return size_erlang_a(
                rate,
                aht,
                ch.level,
                ch.within,
                ch.patience,
                shrinkage=self.shrinkage,
                max_occupancy=self.max_occupancy,
            )
        return size_erlang_c(
            rate,
            aht,
            ch.level,
            ch.within,
            shrinkage=self.shrinkage,
            max_occupancy=self.max_occupancy,
        )

    def pooled(self, scale: float = 1.0) -> PooledSizing:
        channels = self.workload.channels
        inflate = 1 + self.penalty if len(channels) > 1 else 1.0
        live = [c for c in channels if c.window is None]
        deferred_load = sum(c.rate * scale * c.aht * inflate for c in channels if c.deferred)
        pooled: Sizing | None = None
        target = ""
        agents = 0
        if live:
            live_rate = sum(c.rate for c in live)
            rate = live_rate * scale
            # the pooled handle time is the contact-weighted mean of the channels' handle times
            if live_rate > 0:
                aht = sum(c.rate * self.effective_aht(c) for c in live) / live_rate * inflate
            else:
                aht = self.effective_aht(live[0]) * inflate
            level = max(c.level or 0.0 for c in live)
            within = min(c.within or 0.0 for c in live)
            target = f"{level * 100:g}/{within:g}"
            patiences = [c.patience for c in live if c.patience is not None]
            if len(patiences) == len(live) and rate > 0:
                patience = sum(c.rate * p for c, p in zip(live, patiences, strict=True)) / live_rate
                pooled = size_erlang_a(
                    rate, aht, level, within, patience, max_occupancy=self.max_occupancy
                )
            else:
                pooled = size_erlang_c(rate, aht, level, within, max_occupancy=self.max_occupancy)
            agents = pooled.agents
            total_load = pooled.load + deferred_load
        else:
            total_load = deferred_load
        if deferred_load > 0:
            agents = max(agents, math.ceil(total_load / self.deferred_occupancy - 1e-9))
        return PooledSizing(agents, schedule(agents, self.shrinkage), pooled, target)

    def option(self, option: str, scale: float = 1.0) -> tuple[int, int]:
        """Agents and scheduled agents for one staffing option at a share of the volumes."""
        if option == SHARED:
            pooled = self.pooled(scale)
            return pooled.agents, pooled.scheduled_agents
        sized = [self.channel(ch, scale) for ch in self.workload.channels]
        return sum(s.agents for s in sized), sum(s.scheduled_agents for s in sized)


def size_workload(workload: Workload, settings: SizingSettings) -> WorkloadSizing:
    sizer = Sizer(workload, settings)
    return WorkloadSizing(
        tuple(ChannelSizing(ch, sizer.channel(ch)) for ch in workload.channels),
        sizer.pooled(),
        Assumptions(
            sizer.penalty,
            workload.switch_penalty is not None,
            sizer.shrinkage,
            sizer.max_occupancy,
            sizer.deferred_occupancy,
            settings.concurrency_factors,
        ),
    )


def blend_effect(
    workload: Workload,
    settings: SizingSettings,
    sizing: WorkloadSizing,
    automated_share: float,
    staffing: str,
    open_hours: float | None,
) -> BlendEffect:
    """Agents before and after the automated share is taken off every human queue, and the cost
    of the agents scheduled for every open hour of the month. ``sizing`` is what `size_workload`
    found for the full volumes: the "before" side."""
    before, before_scheduled = sizing.agents(staffing), sizing.scheduled(staffing)
    after, after_scheduled = Sizer(workload, settings).option(staffing, 1 - automated_share)
    cost = None
    if workload.agent_cost_per_hour is not None and open_hours is not None:
        rate = workload.agent_cost_per_hour
        cost = MonthlyCost(
            open_hours,
            rate,
            round(before_scheduled * open_hours * rate, 2),
            round(after_scheduled * open_hours * rate, 2),
            round((before_scheduled - after_scheduled) * open_hours * rate, 2),
        )
    return BlendEffect(
        staffing,
        automated_share,
        before,
        after,
        before_scheduled,
        after_scheduled,
        cost,
    )
