"""What a given team delivers over the week: the reverse of sizing.

For the agents on duty in each channel (or one pooled team), every interval of the typical week
gets its service level, average speed of answer, abandonment (with the callers' patience) and
occupancy, from the same queueing math that sizes the team (sizer.py). Deferred work (email) is
worked first come, first served while its channel is open, at the deferred occupancy; what is
not done waits: the backlog, the hours of work it holds, and the share of each interval's
contacts answered within the window. A pooled team answers its real-time queue first and works
deferred contacts in the time that leaves (the queue of deferred work: backlog.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from servicefit.staffing.backlog import Backlog, Deferred, DeferredWeek, work_deferred
from servicefit.staffing.erlang import Metrics, erlang_c_metrics
from servicefit.staffing.erlang_a import erlang_a_metrics
from servicefit.staffing.hours import OpeningHours
from servicefit.staffing.pooling import Flow, switch_inflation
from servicefit.staffing.sizer import Sizer
from servicefit.staffing.weekly import WeekFlows, week_flows
from servicefit.staffing.workload import ChannelVolume, SizingSettings, Workload

POOLED = "all"  # --agents all=N: one team for every channel
_NOTHING = 1e-9


class Row(NamedTuple):
    """One channel in one interval of the week."""

    interval: int  # index from Monday 00:00
    channel: str
    contacts: float  # arriving in the interval
    agents: int  # on duty for this channel (the pooled team's size when pooled)
    open: bool
    service_level: float | None  # real-time: answered within the target time; deferred: on time
    asa_seconds: float | None  # real-time only; None (infinite) when the queue cannot keep up
    occupancy: float | None
    abandoned_share: float | None  # real-time with patience
    backlog: float | None  # deferred: contacts waiting at the interval's end
    clear_hours: float | None  # deferred: open hours the backlog takes to work off
    # the channel's target; None while closed with nothing to serve, and for deferred contacts
    # whose window holds no open time at all (late whatever the staffing)
    meets: bool | None


class ChannelCapacity(NamedTuple):
    channel: str
    target: str
    agents: int
    contacts: float  # a week
    service_level: float | None  # over the week's contacts
    hours_below: float  # open hours below target
    worst: int | None  # the interval with the lowest service level
    worst_level: float | None
    abandoned: float | None  # share of the week's contacts
    most_backlog: float | None
    most_clear_hours: float | None
    growth: float | None  # deferred: backlog added from one week to the next
    closed_contacts: float  # real-time contacts arriving while closed (never served)
    late_by_hours: float  # deferred contacts whose window holds no open time (always late)


class Capacity(NamedTuple):
    scale: float
    interval: int  # minutes
    pooled: int | None  # the pooled team's agents, or None for one team a channel
    rows: tuple[Row, ...]
    channels: tuple[ChannelCapacity, ...]

    @property
    def hours_below(self) -> float:
        """Hours in which some channel misses its target: a real-time channel while open, a
        deferred one for contacts arriving in that hour and answered late (though they could
        have been on time)."""
        slots = {r.interval for r in self.rows if r.meets is False}
        return len(slots) * self.interval / 60


def capacity(
    workload: Workload,
    settings: SizingSettings,
    agents: Mapping[str, int],
    scale: float = 1.0,
    hours: OpeningHours | None = None,
) -> Capacity:
    """The week of `workload` with its contacts × `scale` and `agents` on duty: a number per
    channel, or {POOLED: n} for one team of every channel. `hours`: the business's opening
    hours when the answers give none (from `coverage`)."""
    sizer = Sizer(workload, settings, hours)
    flows = week_flows(sizer, scale)
    seconds = flows.interval * 60.0
    pooled = agents.get(POOLED)
    live = [ch for ch in flows.channels if not ch.deferred]
    deferred = [ch for ch in flows.channels if ch.deferred]
    rows: dict[str, list[Row]] = {ch.channel: [] for ch in live}
    weeks: dict[str, Backlog] = {}  # each deferred channel's backlog over the week
    if pooled is None:
        for ch in live:
            rows[ch.channel] = [
                _live_row(sizer, flows, ch, i, agents[ch.channel]) for i in range(flows.intervals)
            ]
        for ch in deferred:
            n = agents[ch.channel]
            budget = [n * sizer.deferred_occupancy * seconds] * flows.intervals
            deferred_rows, worked = _deferred_rows(sizer, flows, [ch], budget, n)
            rows.update(deferred_rows)
            weeks.update(worked.channels)
    else:
        busy = [_pooled_live(sizer, flows, live, i, pooled, rows) for i in range(flows.intervals)]
        if deferred:
            spare = [max(0.0, pooled * sizer.deferred_occupancy - b) * seconds for b in busy]
            deferred_rows, worked = _deferred_rows(sizer, flows, deferred, spare, pooled)
            rows.update(deferred_rows)
            weeks.update(worked.channels)
            busy = [b + d / seconds for b, d in zip(busy, worked.done, strict=True)]
        for name, own in rows.items():  # a pooled team has one occupancy
            rows[name] = [
                r._replace(occupancy=min(1.0, busy[r.interval] / pooled))
                if r.open and pooled
                else r
                for r in own
            ]
    summaries = tuple(
        _summary(ch, rows[ch.channel], flows, weeks.get(ch.channel)) for ch in flows.channels
    )
    ordered = tuple(rows[ch.channel][i] for i in range(flows.intervals) for ch in flows.channels)
    return Capacity(scale, flows.interval, pooled, ordered, summaries)


def _open(sizer: Sizer, ch: ChannelVolume, flows: WeekFlows) -> tuple[bool, ...]:
    hours = sizer.hours_of(ch)
    assert hours is not None
    return hours.open_mask(flows.interval)


def _live_row(sizer: Sizer, flows: WeekFlows, ch: ChannelVolume, i: int, n: int) -> Row:
    contacts = flows.arrivals[ch.channel][i]
    if not flows.open[ch.channel][i]:
        return Row(i, ch.channel, contacts, 0, False, None, None, None, None, None, None, None)
    rate = flows.rates[ch.channel][i]
    if n < 1:
        served = rate <= 0
        return Row(
            i,
            ch.channel,
            contacts,
            0,
            True,
            1.0 if served else 0.0,
            0.0 if served else None,
            None,
            None if ch.patience is None else (0.0 if served else 1.0),
            None,
            None,
            served,
        )
    m = sizer.concurrent(ch, rate, n)
    return _metrics_row(i, ch, contacts, n, m, _meets(ch, m))


def _metrics_row(
    i: int, ch: ChannelVolume, contacts: float, n: int, m: Metrics, meets: bool
) -> Row:
    asa = m.asa_seconds if math.isfinite(m.asa_seconds) else None
    return Row(
        i,
        ch.channel,
        contacts,
        n,
        True,
        m.service_level,
        asa,
        min(1.0, m.occupancy),
        m.abandonment,
        None,
        None,
        meets,
    )


def _meets(ch: ChannelVolume, m: Metrics) -> bool:
    return (ch.level is None or m.service_level >= ch.level - 1e-12) and (
        ch.abandon is None or (m.abandonment or 0.0) <= ch.abandon + 1e-12
    )


def _pooled_live(
    sizer: Sizer,
    flows: WeekFlows,
    live: Sequence[ChannelVolume],
    i: int,
    n: int,
    rows: dict[str, list[Row]],
) -> float:
    """The pooled team's real-time queue in interval i, as size_pool models it: a row for each
    real-time channel (one queue, first come first served: the same waits for every channel,
    each measured against its own answer time), and the agents it keeps busy."""
    active = flows.active(i, [ch.channel for ch in flows.channels])
    pool = [
        Flow(ch, rate, sizer.effective_aht(ch) if not ch.deferred else ch.aht)
        for ch, rate in active
    ]
    inflation = switch_inflation(pool, sizer.penalty)
    queue = [(f, k) for f, k in zip(pool, inflation, strict=True) if not f.volume.deferred]
    rate = sum(f.rate for f, _ in queue)
    if not queue or n < 1:
        for ch in live:
            rows[ch.channel].append(_live_row(sizer, flows, ch, i, 0))
        return 0.0
    aht = sum(f.rate * f.aht * k for f, k in queue) / rate if rate > 0 else queue[0][0].aht
    patiences = [f.volume.patience for f, _ in queue]
    patience = (
        sum(f.rate * (f.volume.patience or 0.0) for f, _ in queue) / rate
        if rate > 0 and all(p is not None for p in patiences)
        else None
    )

    def figures(within: float) -> Metrics:
        if patience is not None:
            return erlang_a_metrics(n, rate, aht, patience, within)
        return erlang_c_metrics(n, rate * aht, aht, within)

    busy = 0.0
    for ch in live:
        if not flows.open[ch.channel][i]:
            rows[ch.channel].append(_live_row(sizer, flows, ch, i, 0))
            continue
        m = figures(ch.within or 0.0)
        busy = min(float(n), m.occupancy * n)
        contacts = flows.arrivals[ch.channel][i]
        rows[ch.channel].append(_metrics_row(i, ch, contacts, n, m, _meets(ch, m)))
    return busy


def _deferred_rows(
    sizer: Sizer,
    flows: WeekFlows,
    group: Sequence[ChannelVolume],
    budget: Sequence[float],
    agents: int,
) -> tuple[dict[str, list[Row]], DeferredWeek]:
    """The rows of the deferred channels of `group`, worked as one queue (backlog.py) with
    `budget` agent-seconds an interval by `agents` agents."""
    seconds = flows.interval * 60.0
    masks = {ch.channel: _open(sizer, ch, flows) for ch in group}
    week = work_deferred(
        [Deferred(ch.channel, ch.aht, ch.window or 0.0, masks[ch.channel]) for ch in group],
        flows.arrivals,
        budget,
        seconds,
    )
    rows: dict[str, list[Row]] = {}
    for ch in group:
        b = week.channels[ch.channel]
        opened = masks[ch.channel]
        per_hour = agents * sizer.deferred_occupancy * 3600 / ch.aht
        rows[ch.channel] = [
            Row(
                i,
                ch.channel,
                flows.arrivals[ch.channel][i],
                agents if opened[i] else 0,
                opened[i],
                b.on_time[i],
                None,
                min(1.0, week.done[i] / (agents * seconds)) if opened[i] and agents else None,
                None,
                b.waiting[i],
                b.waiting[i] / per_hour if per_hour > 0 else None,
                (b.on_time[i] or 0.0) >= 1 - 1e-6
                if b.on_time[i] is not None and b.reachable[i]
                else None,
            )
            for i in range(flows.intervals)
        ]
    return rows, week


def _summary(
    ch: ChannelVolume, rows: Sequence[Row], flows: WeekFlows, backlog: Backlog | None
) -> ChannelCapacity:
    # a deferred contact is served whenever it arrives; a real-time one only while open
    served = [r for r in rows if (r.open or ch.deferred) and r.service_level is not None]
    weight = sum(r.contacts for r in served)
    level = (
        sum(r.contacts * (r.service_level or 0.0) for r in served) / weight if weight > 0 else None
    )
    below = sum(1 for r in rows if r.meets is False) * flows.interval / 60
    worst = min(
        (r for r in served if r.contacts > _NOTHING and r.meets is not None),
        key=lambda r: (r.service_level or 0.0, r.interval),
        default=None,
    )
    abandoned = None  # only where the queue was modelled with the callers' patience
    if weight > 0 and any(r.abandoned_share is not None for r in served):
        abandoned = sum(r.contacts * (r.abandoned_share or 0.0) for r in served) / weight
    backlogs = [r.backlog for r in rows if r.backlog is not None]
    clears = [r.clear_hours for r in rows if r.clear_hours is not None]
    agents = max((r.agents for r in rows), default=0)
    return ChannelCapacity(
        ch.channel,
        ch.target_text(),
        agents,
        sum(r.contacts for r in rows),
        level,
        below,
        worst.interval if worst is not None else None,
        worst.service_level if worst is not None else None,
        abandoned,
        max(backlogs) if backlogs else None,
        max(clears) if clears else None,
        backlog.growth if backlog is not None else None,
        flows.closed.get(ch.channel, 0.0),
        backlog.unreachable if backlog is not None else 0.0,
    )
