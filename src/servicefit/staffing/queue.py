"""One queue sized on its own, with the staffing levels around the answer (the `staffing`
command's what-if table)."""

from __future__ import annotations

from typing import NamedTuple

from servicefit.staffing.erlang import Metrics, Sizing, erlang_c_table
from servicefit.staffing.erlang_a import erlang_a_metrics
from servicefit.staffing.sizing import Sizer, SizingSettings
from servicefit.staffing.workload import ChannelVolume, Workload

NEIGHBOURS = 3


class QueueSizing(NamedTuple):
    queue: ChannelVolume
    shrinkage: float
    max_occupancy: float | None
    sizing: Sizing
    table: tuple[Metrics, ...]  # agents from the answer − NEIGHBOURS to + NEIGHBOURS


def size_queue(
    queue: ChannelVolume,
    settings: SizingSettings,
    shrinkage: float,
    max_occupancy: float | None,
) -> QueueSizing:
    """Raises StaffingError for numbers that cannot be sized."""
    sizer = Sizer(Workload((queue,), shrinkage, None, max_occupancy, None), settings)
    sized = sizer.channel(queue)
    table: list[Metrics] = []
    if queue.within is not None:
        aht, within = sizer.effective_aht(queue), queue.within
        low, high = max(1, sized.agents - NEIGHBOURS), sized.agents + NEIGHBOURS
        if queue.patience is not None:
            table = [
                erlang_a_metrics(n, queue.rate, aht, queue.patience, within)
                for n in range(low, high + 1)
            ]
        else:  # one pass of the recursion for every row
            table = erlang_c_table(sized.load, aht, within, low, high)
    return QueueSizing(queue, shrinkage, max_occupancy, sized, tuple(table))
