"""One queue sized on its own, with the staffing levels around the answer (the `staffing`
command's what-if table)."""

from __future__ import annotations

from typing import NamedTuple

from servicefit.staffing.erlang import Metrics, Sizing, erlang_c_table
from servicefit.staffing.erlang_a import erlang_a_table
from servicefit.staffing.hours import OpeningHours
from servicefit.staffing.sizer import Sizer
from servicefit.staffing.workload import ChannelVolume, SizingSettings, Workload

NEIGHBOURS = 3


class QueueSizing(NamedTuple):
    queue: ChannelVolume
    shrinkage: float
    max_occupancy: float | None
    sizing: Sizing
    table: tuple[Metrics, ...]  # agents from the answer − NEIGHBOURS to + NEIGHBOURS
    hours: OpeningHours | None  # what a count per day is spread over (None: one interval)
    hours_given: bool  # False: the default for a count per day

    @property
    def rate(self) -> float:
        """Contacts per second while open."""
        return self.queue.open_rate(self.hours)


def size_queue(
    queue: ChannelVolume,
    settings: SizingSettings,
    shrinkage: float,
    max_occupancy: float | None,
    hours: OpeningHours | None = None,
) -> QueueSizing:
    """A count for one interval is sized as that interval, open throughout; a count per day
    is spread over an open day of `hours` (by default the business hours of workforce.yaml).
    Raises StaffingError for numbers that cannot be sized."""
    used = (hours or settings.daily_hours) if queue.daily else None
    workload = Workload((queue,), shrinkage, None, max_occupancy, None, used)
    sizer = Sizer(workload, settings)
    rate = queue.open_rate(used)
    sized = sizer.channel(queue, rate)
    table: list[Metrics] = []
    if queue.within is not None or queue.abandon is not None:
        low, high = max(1, sized.agents - NEIGHBOURS), sized.agents + NEIGHBOURS
        aht, within = sizer.slot_aht(queue), queue.within or 0.0
        if queue.concurrency > 1:  # agents holding several contacts: the chain, row by row
            table = [sizer.concurrent(queue, rate, n) for n in range(low, high + 1)]
        elif queue.patience is not None:  # one pass of the recursion for all the rows
            table = erlang_a_table(rate, aht, queue.patience, within, low, high)
        else:
            table = erlang_c_table(rate * aht, aht, within, low, high)
    return QueueSizing(
        queue, sizer.shrinkage, max_occupancy, sized, tuple(table), used, hours is not None
    )
