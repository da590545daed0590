"""One team for several channels: its queue, the price of switching channels, and its agents.

A pooled team takes each next contact from whichever channel it comes, so an agent's next
contact is on channel k with probability p_k, k's share of the pool's contacts, whatever the
last one was. The channel changes on 1 − p_k of channel k's contacts, and only those pay the
switching penalty: channel k's handle time becomes AHT_k × (1 + penalty × (1 − p_k)). Two
balanced channels pay half the penalty on average; a pool where one channel brings nine
contacts in ten pays it on under a fifth of them. (The model assumes that contacts arrive at
random and are taken first come, first served; that is the assumption of Erlang C itself.)

The pooled real-time queue is held to the strictest target among its channels: the highest
service level within the shortest answer time, the lowest abandonment. It is sized with
Erlang A when every channel in it gives the callers' patience, else with Erlang C. Deferred
work (email) fills the pool's idle time up to the deferred occupancy.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from itertools import combinations
from typing import Any, NamedTuple

from servicefit.staffing.erlang import Sizing, size_erlang_c
from servicefit.staffing.erlang_a import size_erlang_a
from servicefit.staffing.workload import ChannelVolume


class Flow(NamedTuple):
    """One channel's contacts at one moment: arriving (real-time) or being worked (deferred)."""

    volume: ChannelVolume
    rate: float  # contacts per second
    aht: float  # seconds an agent spends per contact (chat: divided by the concurrency factor)


class PooledSizing(NamedTuple):
    """One team for a set of channels: its agents, and the pooled real-time queue if any."""

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
                {
                    k: shown[k]
                    for k in ("model", "service_level", "asa_seconds", "occupancy", "abandonment")
                    if k in shown
                }
            )
        return out


def switch_inflation(flows: Sequence[Flow], penalty: float) -> list[float]:
    """Each flow's handle-time factor: 1 + penalty × the share of its contacts that follow a
    contact on another channel. One channel alone never switches."""
    total = sum(f.rate for f in flows)
    if len(flows) < 2 or total <= 0 or penalty == 0:
        return [1.0] * len(flows)
    return [1 + penalty * (1 - f.rate / total) for f in flows]


def pooled_target(live: Sequence[ChannelVolume]) -> tuple[float | None, float, float | None, str]:
    """The strictest service level and answer time, and abandonment, among the channels."""
    levels = [c.level for c in live if c.level is not None]
    withins = [c.within for c in live if c.within is not None]
    abandons = [c.abandon for c in live if c.abandon is not None]
    level = max(levels) if levels else None
    within = min(withins) if withins else 0.0
    abandon = min(abandons) if abandons else None
    parts = [f"{level * 100:g}/{within:g}"] if level is not None else []
    if abandon is not None:
        parts.append(f"abandon ≤ {abandon * 100:g}%")
    return level, within, abandon, ", ".join(parts)


def size_pool(
    flows: Sequence[Flow],
    penalty: float,
    deferred_occupancy: float,
    max_occupancy: float | None,
    minimum: int,
) -> tuple[int, Sizing | None, str]:
    """Agents for one team that serves `flows` together: the pooled real-time queue, raised
    until the deferred work fits into the idle time; at least `minimum` while a real-time
    channel is open. Also the real-time queue's sizing and its target."""
    inflation = switch_inflation(flows, penalty)
    live = [(f, k) for f, k in zip(flows, inflation, strict=True) if not f.volume.deferred]
    deferred_load = sum(
        f.rate * f.aht * k for f, k in zip(flows, inflation, strict=True) if f.volume.deferred
    )
    queue: Sizing | None = None
    target = ""
    agents = 0
    load = deferred_load
    if live:
        rate = sum(f.rate for f, _ in live)
        if rate > 0:
            aht = sum(f.rate * f.aht * k for f, k in live) / rate
        else:
            aht = live[0][0].aht * live[0][1]
        level, within, abandon, target = pooled_target([f.volume for f, _ in live])
        patiences = [f.volume.patience for f, _ in live]
        if all(p is not None for p in patiences) and rate > 0:
            patience = sum(f.rate * (f.volume.patience or 0.0) for f, _ in live) / rate
            queue = size_erlang_a(
                rate,
                aht,
                level,
                within if level is not None else None,
                patience,
                abandon=abandon,
                max_occupancy=max_occupancy,
            )
        else:  # a channel without patience has no abandonment target: it has a service level
            assert level is not None
            queue = size_erlang_c(rate, aht, level, within, max_occupancy=max_occupancy)
        agents = max(queue.agents, minimum)
        load += queue.load
    if deferred_load > 0:
        agents = max(agents, math.ceil(load / deferred_occupancy - 1e-9))
    return agents, queue, target


def best_split(
    names: Sequence[str], cost: Callable[[tuple[str, ...], tuple[str, ...]], float]
) -> tuple[tuple[str, ...], tuple[str, ...], float] | None:
    """Partial pooling: of every split into one pooled group (two channels or more) and the
    channels kept apart (one or more), the cheapest by `cost(pooled, apart)`; the first in
    order among equals. None with fewer than three channels."""
    best: tuple[tuple[str, ...], tuple[str, ...], float] | None = None
    for size in range(2, len(names)):
        for group in combinations(names, size):
            apart = tuple(n for n in names if n not in group)
            total = cost(group, apart)
            if best is None or total < best[2] - 1e-9:
                best = (group, apart, total)
    return best
