"""Staffing over a typical week: the agents every interval needs, channel by channel and pooled.

Each channel's contacts per interval come from its week (staffing.demand). A real-time channel
(phone, chat) is sized interval by interval while it is open, with at least the minimum staff;
what arrives while it is closed is counted, not served. Deferred work (email) is done only
while its channel is open, first come first served, each contact by the end of its response
window (plan_deferred): a queue carries work from one open interval, or one day, to the next.
A contact whose window holds no open time at all is counted as late and answered in the next
opening. The week wraps: Sunday night's email is Monday morning's work.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from servicefit.staffing.demand import arrivals, grid_interval
from servicefit.staffing.hours import DAY_NAMES
from servicefit.staffing.pooling import best_split
from servicefit.staffing.sizer import Sizer
from servicefit.staffing.workload import ChannelVolume


class WeekFlows(NamedTuple):
    """Each channel's contacts per second in every interval: arriving while open (real-time),
    or being worked (deferred)."""

    interval: int  # minutes
    channels: tuple[ChannelVolume, ...]
    rates: Mapping[str, tuple[float, ...]]
    open: Mapping[str, tuple[bool, ...]]  # staffed in this interval
    arrivals: Mapping[str, tuple[float, ...]]
    closed: Mapping[str, float]  # real-time contacts a week arriving while closed
    late: Mapping[str, float]  # deferred contacts a week whose window holds no open time
    deferred_agents: Mapping[str, tuple[int, ...]]  # a deferred channel's own team

    @property
    def intervals(self) -> int:
        return len(next(iter(self.rates.values())))

    def active(self, i: int, names: Iterable[str]) -> list[tuple[ChannelVolume, float]]:
        """The channels of `names` staffed in interval i, with their rates."""
        wanted = set(names)
        return [
            (ch, self.rates[ch.channel][i])
            for ch in self.channels
            if ch.channel in wanted and self.open[ch.channel][i]
        ]


def week_flows(sizer: Sizer, share: float = 1.0) -> WeekFlows:
    """The week of every channel; `share`: of the contacts (what automation leaves to people)."""
    channels = sizer.workload.channels
    demands = [ch.demand for ch in channels if ch.demand is not None]
    interval = grid_interval(demands)
    seconds = interval * 60.0
    rates: dict[str, tuple[float, ...]] = {}
    staffed: dict[str, tuple[bool, ...]] = {}
    arriving: dict[str, tuple[float, ...]] = {}
    closed: dict[str, float] = {}
    late: dict[str, float] = {}
    own: dict[str, tuple[int, ...]] = {}
    for ch in channels:
        hours = sizer.hours_of(ch)
        assert ch.demand is not None and hours is not None  # a weekly workload
        counts = arrivals(ch.demand, hours, interval, sizer.settings.shapes)
        if share != 1.0:
            counts = tuple(c * share for c in counts)
        mask = hours.open_mask(interval)
        arriving[ch.channel] = counts
        if ch.deferred:
            assert ch.window is not None
            plan = plan_deferred(counts, mask, ch.window, seconds, ch.aht, sizer.deferred_occupancy)
            late[ch.channel] = plan.late
            rates[ch.channel] = tuple(w / seconds for w in plan.worked)
            staffed[ch.channel] = tuple(w > 0 for w in plan.worked)
            own[ch.channel] = plan.agents
        else:
            rates[ch.channel] = tuple(
                c / seconds if m else 0.0 for c, m in zip(counts, mask, strict=True)
            )
            staffed[ch.channel] = mask
            closed[ch.channel] = sum(c for c, m in zip(counts, mask, strict=True) if not m)
    return WeekFlows(interval, channels, rates, staffed, arriving, closed, late, own)


_NOTHING = 1e-9  # contacts: less than this is no work (and never holds a deadline up)


class DeferredPlan(NamedTuple):
    """A deferred channel over the week: agents in each interval (one level for each day's
    opening), the contacts worked in each interval, and the contacts a week answered late."""

    agents: tuple[int, ...]
    worked: tuple[float, ...]
    late: float


WEEKS, ANSWER = 4, 2  # weeks run for deferred work, and the one that is the answer (0-based)


def plan_deferred(
    counts: Sequence[float],
    mask: Sequence[bool],
    window: float,
    seconds: float,
    aht: float,
    occupancy: float,
) -> DeferredPlan:
    """Deferred work done first come, first served while the channel is open, each contact by
    the end of its window: by the last open interval within it. A contact whose window holds
    no open time at all is late, and due at the end of the first open interval after it. Each
    day's opening gets one level of agents: the fewest that meet every deadline falling in it,
    and never fewer than keep up with what arrived since the last opening. Four weeks are run:
    two to settle the backlog the week carries over (starting empty, the second week can still
    work off more than a week's arrivals), the third is the answer, the fourth holds the
    deadlines that reach past it."""
    n = len(counts)
    span = min(n, max(1, math.ceil(window / seconds - 1e-9)))
    size = WEEKS * n
    tiled = list(mask) * WEEKS
    arriving = list(counts) * WEEKS
    last_open_end = [0] * (size + 1)  # 1 + the last open position before each position
    for j in range(size):
        last_open_end[j + 1] = j + 1 if tiled[j] else last_open_end[j]
    next_open = [size] * (size + 1)
    for j in range(size - 1, -1, -1):
        next_open[j] = j if tiled[j] else next_open[j + 1]
    if next_open[0] >= size:
        raise ValueError("a deferred channel that never opens")  # hours are never empty
    deadline = [0] * size
    late = [False] * size
    for p in range(size):
        due = last_open_end[min(p + span, size)]
        if due <= p:  # no open time within the window
            due, late[p] = min(next_open[p] + 1, size), True
        deadline[p] = due
    per_agent = occupancy * seconds / aht  # contacts one agent works in one interval
    queue: list[list[float]] = []  # [remaining contacts, deadline], first come first served
    agents = [0] * size
    worked = [0.0] * size
    pending = 0  # the first position whose arrivals have not joined the queue
    for first, last in _openings(tiled, n // 7):
        inflow = sum(arriving[pending:last])  # arrived since the last opening ended
        while pending < first:  # what arrived while closed
            if arriving[pending] > _NOTHING:
                queue.append([arriving[pending], deadline[pending]])
            pending += 1
        level = max(
            _fewest(queue, arriving, deadline, first, last, per_agent),
            math.ceil(inflow / (per_agent * (last - first)) - 1e-9),  # keep up: no growing backlog
        )
        agents[first:last] = [level] * (last - first)
        _work(queue, arriving, deadline, first, last, level * per_agent, worked)
        pending = last
    middle = slice(ANSWER * n, (ANSWER + 1) * n)
    return DeferredPlan(
        tuple(agents[middle]),
        tuple(worked[middle]),
        sum(c for c, is_late in zip(arriving[middle], late[middle], strict=True) if is_late),
    )


def _openings(tiled: Sequence[bool], day: int) -> list[tuple[int, int]]:
    """Each day's open intervals (`day` intervals a day) as one run [first, last): an
    opening."""
    out = []
    j, size = 0, len(tiled)
    while j < size:
        if not tiled[j]:
            j += 1
            continue
        end = j
        while end < size and tiled[end] and (end == j or end % day):
            end += 1
        out.append((j, end))
        j = end
    return out


def _work(
    queue: list[list[float]],
    arriving: Sequence[float],
    deadline: Sequence[int],
    first: int,
    last: int,
    capacity: float,
    worked: list[float] | None,
) -> bool:
    """Work the opening [first, last) first come, first served at `capacity` contacts an
    interval; False as soon as a contact is still open at its deadline. Mutates `queue`."""
    head = 0
    for k in range(first, last):
        if arriving[k] > _NOTHING:
            queue.append([arriving[k], deadline[k]])
        left = capacity
        while left > 1e-12 and head < len(queue):
            take = min(left, queue[head][0])
            queue[head][0] -= take
            left -= take
            if queue[head][0] <= _NOTHING:
                head += 1
        if worked is not None:
            worked[k] = capacity - left
        if head < len(queue) and queue[head][1] <= k + 1 and queue[head][0] > _NOTHING:
            del queue[:head]
            return False
    del queue[:head]
    return True


def _fewest(
    queue: list[list[float]],
    arriving: Sequence[float],
    deadline: Sequence[int],
    first: int,
    last: int,
    per_agent: float,
) -> int:
    """The fewest agents for the opening [first, last) that meet every deadline in it."""
    total = sum(r for r, _ in queue) + sum(arriving[first:last])
    high = max(1, math.ceil(total / per_agent - 1e-9))  # all of it in one interval
    low = -1  # infeasible below this, unless 0 works
    if _work([q[:] for q in queue], arriving, deadline, first, last, 0.0, None):
        return 0
    low = 0
    while high - low > 1:
        middle = (low + high) // 2
        if _work([q[:] for q in queue], arriving, deadline, first, last, middle * per_agent, None):
            high = middle
        else:
            low = middle
    return high


class WeekSizing(NamedTuple):
    """Agents in every interval of the week, by channel, for dedicated and for shared staffing."""

    interval: int  # minutes
    by_channel: Mapping[str, tuple[int, ...]]
    dedicated: tuple[int, ...]
    shared: tuple[int, ...]
    flows: WeekFlows
    hours: Mapping[str, str]

    def agent_hours(self, series: Sequence[int]) -> float:
        return sum(series) * self.interval / 60

    def series(self, option: str) -> tuple[int, ...]:
        return self.shared if option == "shared" else self.dedicated

    def label(self, i: int) -> str:
        minute = i * self.interval
        day, rest = divmod(minute, 24 * 60)
        return f"{DAY_NAMES[day]} {rest // 60:02d}:{rest % 60:02d}"

    def peak(self, series: Sequence[int]) -> tuple[int, int]:
        """The most agents in the series and the first interval that needs them."""
        top = max(series)
        return top, list(series).index(top)


def dedicated_series(sizer: Sizer, flows: WeekFlows) -> dict[str, tuple[int, ...]]:
    out = {}
    for ch in flows.channels:
        if ch.deferred:
            out[ch.channel] = flows.deferred_agents[ch.channel]
            continue
        rates, staffed = flows.rates[ch.channel], flows.open[ch.channel]
        out[ch.channel] = tuple(
            sizer.channel(ch, rate).agents if is_open else 0
            for rate, is_open in zip(rates, staffed, strict=True)
        )
    return out


def pooled_series(sizer: Sizer, flows: WeekFlows, names: Iterable[str]) -> tuple[int, ...]:
    """One team for the channels `names`, interval by interval."""
    names = list(names)
    out = []
    for i in range(flows.intervals):
        active = flows.active(i, names)
        out.append(sizer.pool(active)[0] if active else 0)
    return tuple(out)


def size_week(sizer: Sizer, flows: WeekFlows) -> WeekSizing:
    by_channel = dedicated_series(sizer, flows)
    dedicated = tuple(sum(parts) for parts in zip(*by_channel.values(), strict=True))
    shared = pooled_series(sizer, flows, [ch.channel for ch in flows.channels])
    hours = {}
    for ch in flows.channels:
        own = sizer.hours_of(ch)
        hours[ch.channel] = own.text() if own is not None else ""
    return WeekSizing(flows.interval, by_channel, dedicated, shared, flows, hours)


def best_partial_week(
    sizer: Sizer, week: WeekSizing
) -> tuple[tuple[str, ...], tuple[str, ...], float] | None:
    """The cheapest partial pooling over the week, in agent-hours (pooling.best_split)."""

    def hours(group: tuple[str, ...], apart: tuple[str, ...]) -> float:
        pooled = pooled_series(sizer, week.flows, group)
        series = [p + sum(week.by_channel[n][i] for n in apart) for i, p in enumerate(pooled)]
        return week.agent_hours(series)

    return best_split([ch.channel for ch in week.flows.channels], hours)


def week_to_dict(week: WeekSizing, shrinkage: float) -> dict[str, Any]:
    """The JSON series: contacts and agents per interval, from Monday 00:00."""
    from servicefit.staffing.erlang import schedule

    out: dict[str, Any] = {
        "interval_minutes": week.interval,
        "intervals": len(week.dedicated),
        "starts": "Mon 00:00",
        "hours": dict(week.hours),
        "contacts": {k: [round(c, 3) for c in v] for k, v in week.flows.arrivals.items()},
    }
    for option, series in (("dedicated", week.dedicated), ("shared", week.shared)):
        top, at = week.peak(series)
        out[option] = {
            "agents": list(series),
            "peak_agents": top,
            "peak_at": week.label(at),
            "agent_hours": round(week.agent_hours(series), 2),
            "scheduled_agent_hours": round(
                week.agent_hours([schedule(a, shrinkage) for a in series]), 2
            ),
        }
    out["dedicated"]["by_channel"] = {k: list(v) for k, v in week.by_channel.items()}
    if week.flows.closed:
        out["closed_contacts"] = {k: round(v, 1) for k, v in week.flows.closed.items()}
    if week.flows.late:
        out["late_contacts"] = {k: round(v, 1) for k, v in week.flows.late.items()}
    return out
