"""Deferred work (e-mail) with a given team: one queue, first come first served, worked in the
agent-time each interval allows, over three weeks so that the backlog the week before leaves is
carried in; the middle week is the answer. For each interval: the share of its contacts
answered within their window, the contacts still waiting at its end; for the week: how much
the backlog grows from one week to the next, and the contacts whose window holds no open time
at all (late whatever the staffing)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import NamedTuple

_NOTHING = 1e-9  # contacts, or agent-seconds: less than this is no work


class Deferred(NamedTuple):
    """One deferred channel as the queue sees it."""

    channel: str
    aht: float  # seconds
    window: float  # seconds
    open: Sequence[bool]  # worked in this interval of the week


class Backlog(NamedTuple):
    """One channel's week."""

    on_time: tuple[float | None, ...]  # share of each interval's contacts answered in time
    reachable: tuple[bool, ...]  # the interval's contacts have open time in their window
    waiting: tuple[float, ...]  # contacts left at each interval's end
    growth: float  # contacts the backlog adds from one week to the next
    unreachable: float  # contacts a week whose window holds no open time


class DeferredWeek(NamedTuple):
    channels: Mapping[str, Backlog]
    done: tuple[float, ...]  # agent-seconds worked in each interval, every channel


class _Batch(NamedTuple):
    channel: str
    due: int  # to be on time, worked by the end of this tiled interval (-1: never)
    work: float  # agent-seconds it brings


def work_deferred(
    group: Sequence[Deferred],
    arrivals: Mapping[str, Sequence[float]],
    budget: Sequence[float],
    seconds: float,
) -> DeferredWeek:
    """The channels of `group` worked as one queue with `budget` agent-seconds in each
    interval of the week (none while every channel of the group is closed)."""
    n = len(budget)
    size = 3 * n
    due = {d.channel: deadlines(d.open, d.window, seconds) for d in group}
    batches: list[_Batch] = []
    on_time: list[float] = []  # agent-seconds of each batch done by its deadline
    first: dict[tuple[str, int], int] = {}  # (channel, tiled interval) -> its batch
    queue: list[list[float]] = []  # [agent-seconds left, batch], first come first served
    head = 0
    waiting = {d.channel: [0.0] * size for d in group}  # agent-seconds left at the end
    done = [0.0] * size
    for k in range(size):
        for d in group:
            count = arrivals[d.channel][k % n]
            if count > _NOTHING:
                first[(d.channel, k)] = len(batches)
                batches.append(_Batch(d.channel, due[d.channel][k], count * d.aht))
                on_time.append(0.0)
                queue.append([count * d.aht, float(len(batches) - 1)])
        left = budget[k % n] if any(d.open[k % n] for d in group) else 0.0
        while left > _NOTHING and head < len(queue):
            take = min(left, queue[head][0])
            queue[head][0] -= take
            left -= take
            done[k] += take
            batch = int(queue[head][1])
            if k + 1 <= batches[batch].due:
                on_time[batch] += take
            if queue[head][0] <= _NOTHING:
                head += 1
        for item in queue[head:]:
            waiting[batches[int(item[1])].channel][k] += item[0]
    out = {}
    for d in group:
        levels: list[float | None] = []
        reachable = []
        for k in range(n, 2 * n):
            j = first.get((d.channel, k))
            levels.append(min(1.0, on_time[j] / batches[j].work) if j is not None else None)
            reachable.append(due[d.channel][k] >= 0)
        still = waiting[d.channel]
        out[d.channel] = Backlog(
            tuple(levels),
            tuple(reachable),
            tuple(w / d.aht for w in still[n : 2 * n]),
            (still[size - 1] - still[2 * n - 1]) / d.aht,
            sum(arrivals[d.channel][i] for i in range(n) if due[d.channel][n + i] < 0),
        )
    return DeferredWeek(out, tuple(done[n : 2 * n]))


def deadlines(mask: Sequence[bool], window: float, seconds: float) -> list[int]:
    """For each interval of the week three times over: the end of the last open interval
    within the window, or -1 when the window holds no open time (late whatever the staffing;
    worked at the next opening)."""
    n = len(mask)
    size = 3 * n
    span = min(n, max(1, math.ceil(window / seconds - 1e-9)))
    tiled = list(mask) * 3
    last_open_end = [0] * (size + 1)
    for j in range(size):
        last_open_end[j + 1] = j + 1 if tiled[j] else last_open_end[j]
    out = []
    for p in range(size):
        end = last_open_end[min(p + span, size)]
        out.append(end if end > p else -1)
    return out
