"""The sizing of one channel, or one pooled team, at one moment, under one set of settings.

The peak sizing and the sizing of every interval of a week both ask it; it remembers every
answer, because a week repeats itself (the same count on every open day, quiet nights).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from servicefit.staffing.concurrency import concurrent_metrics
from servicefit.staffing.erlang import (
    Metrics,
    Sizing,
    erlang_c_metrics,
    schedule,
    size_erlang_c,
)
from servicefit.staffing.erlang_a import erlang_a_metrics, size_erlang_a
from servicefit.staffing.hours import OpeningHours
from servicefit.staffing.pooling import Flow, size_pool
from servicefit.staffing.workload import ChannelVolume, SizingSettings, Workload


class Sizer:
    """Sizes the channels of one workload under one set of settings and answers."""

    def __init__(
        self,
        workload: Workload,
        settings: SizingSettings,
        hours: OpeningHours | None = None,
        penalty: float | None = None,
    ):
        self.workload = workload
        self.settings = settings
        self.shrinkage = (
            workload.shrinkage if workload.shrinkage is not None else settings.shrinkage
        )
        if penalty is not None:
            self.penalty = penalty
        elif workload.switch_penalty is not None:
            self.penalty = workload.switch_penalty
        else:
            self.penalty = settings.switch_penalty
        self.max_occupancy = workload.max_occupancy
        self.deferred_occupancy = workload.max_occupancy or settings.deferred_occupancy
        # the business's hours: from the answers, else from `coverage`, else the default
        self.hours = workload.business_hours or hours or settings.daily_hours
        self._real_time: dict[tuple[str, float], Sizing] = {}
        self._pools: dict[tuple[tuple[str, float], ...], tuple[int, Sizing | None, str]] = {}

    def with_penalty(self, penalty: float) -> Sizer:
        return Sizer(self.workload, self.settings, self.hours, penalty)

    def hours_of(self, ch: ChannelVolume) -> OpeningHours | None:
        return ch.hours or self.hours

    def effective_aht(self, ch: ChannelVolume) -> float:
        """The agent time per contact: chats handled at once share an agent's time."""
        return ch.aht / self.settings.concurrency_factors[ch.concurrency]

    def slot_aht(self, ch: ChannelVolume) -> float:
        """How long a contact holds one of its agent's slots: an agent with `concurrency`
        chats open works them `factor` times as fast as one, so each lasts AHT × c ÷ factor."""
        return self.effective_aht(ch) * ch.concurrency

    def real_time(self, ch: ChannelVolume, rate: float) -> Sizing:
        """A real-time channel on its own at `rate` contacts per second (while open). With
        concurrency c, each agent holds up to c contacts (concurrency.py): the queue of c × N
        slots gives an upper bound, and the agents are counted down from it while the chain
        of agents holding contacts still meets the target."""
        key = (ch.channel, rate)
        cached = self._real_time.get(key)
        if cached is not None:
            return cached
        c, aht = ch.concurrency, self.slot_aht(ch)
        if ch.patience is not None:
            sized = size_erlang_a(
                rate,
                aht,
                ch.level,
                ch.within,
                ch.patience,
                abandon=ch.abandon,
                max_occupancy=self.max_occupancy,
            )
        else:
            assert ch.level is not None and ch.within is not None  # checked with the volume
            sized = size_erlang_c(rate, aht, ch.level, ch.within, max_occupancy=self.max_occupancy)
        agents, metrics = math.ceil(sized.agents / c), sized.metrics
        if c > 1:
            agents, metrics = self._fewest_concurrent(ch, rate, agents)
        if agents < self.settings.minimum_agents_open:
            agents = self.settings.minimum_agents_open
            metrics = self.concurrent(ch, rate, agents) if c > 1 else metrics
        sized = Sizing(
            sized.model,
            sized.load / c,
            agents,
            self.scheduled(agents),
            metrics._replace(agents=agents),
        )
        self._real_time[key] = sized
        return sized

    def concurrent(self, ch: ChannelVolume, rate: float, agents: int) -> Metrics:
        """The figures of `agents` agents holding up to c contacts each."""
        factors = self.settings.concurrency_factors
        chain = concurrent_metrics(
            agents, ch.concurrency, rate, ch.aht, factors, ch.within or 0.0, ch.patience
        )
        if chain is not None:
            return chain
        slots, aht, within = agents * ch.concurrency, self.slot_aht(ch), ch.within or 0.0
        if ch.patience is not None:
            return erlang_a_metrics(slots, rate, aht, ch.patience, within)
        return erlang_c_metrics(slots, rate * aht, aht, within)

    def _meets(self, ch: ChannelVolume, m: Metrics) -> bool:
        return (
            (ch.level is None or m.service_level >= ch.level - 1e-12)
            and (ch.abandon is None or (m.abandonment or 0.0) <= ch.abandon + 1e-12)
            and (self.max_occupancy is None or m.occupancy <= self.max_occupancy + 1e-12)
        )

    def _fewest_concurrent(self, ch: ChannelVolume, rate: float, start: int) -> tuple[int, Metrics]:
        """The fewest agents holding up to c contacts each that meet the target, searched
        from the slots' answer (never below it while the factors grow no faster than the
        contacts held, as in workforce.yaml)."""
        agents, metrics = start, self.concurrent(ch, rate, start)
        while not self._meets(ch, metrics):
            agents += 1
            metrics = self.concurrent(ch, rate, agents)
        while agents > 1:
            fewer = self.concurrent(ch, rate, agents - 1)
            if not self._meets(ch, fewer):
                break
            agents, metrics = agents - 1, fewer
        return agents, metrics

    def deferred(self, ch: ChannelVolume, rate: float) -> Sizing:
        """A deferred channel's work at `rate` contacts per second while open: the agents that
        keep up with it at the deferred occupancy."""
        from servicefit.staffing.erlang import size_deferred

        assert ch.window is not None
        return size_deferred(
            rate, ch.aht, ch.window, self.deferred_occupancy, shrinkage=self.shrinkage
        )

    def channel(self, ch: ChannelVolume, rate: float) -> Sizing:
        return self.deferred(ch, rate) if ch.deferred else self.real_time(ch, rate)

    def pool(self, flows: Sequence[tuple[ChannelVolume, float]]) -> tuple[int, Sizing | None, str]:
        """One team for these channels at these rates: agents, its real-time queue, its target."""
        key = tuple((ch.channel, rate) for ch, rate in flows)
        cached = self._pools.get(key)
        if cached is not None:
            return cached
        live_open = any(not ch.deferred for ch, _ in flows)
        sized = size_pool(
            [
                Flow(ch, rate, self.effective_aht(ch) if not ch.deferred else ch.aht)
                for ch, rate in flows
            ],
            self.penalty,
            self.deferred_occupancy,
            self.max_occupancy,
            self.settings.minimum_agents_open if live_open else 0,
        )
        self._pools[key] = sized
        return sized

    def scheduled(self, agents: int) -> int:
        return schedule(agents, self.shrinkage)
