"""One queue sized on its own, with the staffing levels around the answer (the `staffing`
command's what-if table)."""

from __future__ import annotations

from typing import NamedTuple

from servicefit.staffing.erlang import Metrics, Sizing, erlang_a_metrics, erlang_c_metrics
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
        low = max(1, sized.agents - NEIGHBOURS)
        for n in range(low, sized.agents + NEIGHBOURS + 1):
            if queue.patience is not None:
                table.append(erlang_a_metrics(n, queue.rate, aht, queue.patience, within))
            else:
                table.append(erlang_c_metrics(n, sized.load, aht, within))
    return QueueSizing(queue, shrinkage, max_occupancy, sized, tuple(table))
