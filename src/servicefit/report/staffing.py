"""The `staffing` command's answer for one queue: JSON, Markdown or a terminal table."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from servicefit.knowledge.wording import percent
from servicefit.report.formats import Format, Rendered
from servicefit.staffing.erlang import Metrics, rounded
from servicefit.staffing.queue import QueueSizing

if TYPE_CHECKING:
    from rich.console import Console

HEADERS = ("agents", "service level", "ASA", "occupancy")


def document(q: QueueSizing) -> dict[str, Any]:
    queue, sized = q.queue, q.sizing
    return {
        "model": sized.model,
        "inputs": {
            "contacts": queue.contacts,
            "per": queue.per,
            "aht_seconds": queue.aht,
            "target": queue.target,
            "shrinkage": q.shrinkage,
            "max_occupancy": q.max_occupancy,
            "patience_seconds": queue.patience,
            "concurrency": queue.concurrency,
        },
        "load_erlangs": rounded(sized.load),
        "scheduled_agents": sized.scheduled_agents,
        **sized.metrics.to_dict(),
        "table": [m.to_dict() for m in q.table],
    }


def _lines(q: QueueSizing) -> list[str]:
    queue, sized = q.queue, q.sizing
    lines = [
        f"{sized.agents:,} agents ({sized.scheduled_agents:,} scheduled with {percent(q.shrinkage)} shrinkage) "
        f"for {queue.contacts:g} contacts per {queue.per}, handle time {queue.aht:g} s, "
        f"target {queue.target}; load {sized.load:,.2f} Erlangs."
    ]
    if not queue.deferred:
        m = sized.metrics
        lines.append(
            f"Service level {percent(m.service_level)}, average speed of answer {m.asa_seconds:.1f} s, "
            f"occupancy {percent(m.occupancy)}, {percent(m.wait_probability)} of callers wait"
            + (f", {percent(m.abandonment)} abandon." if m.abandonment is not None else ".")
        )
    return lines


def _asa(m: Metrics) -> str:
    return f"{m.asa_seconds:.1f} s" if math.isfinite(m.asa_seconds) else "—"


def _row(m: Metrics) -> tuple[str, str, str, str]:
    return f"{m.agents:,}", percent(m.service_level), _asa(m), percent(m.occupancy)


def markdown(q: QueueSizing) -> str:
    text = "\n\n".join(_lines(q)) + "\n"
    if q.table:
        text += "\n| " + " | ".join(HEADERS) + " |\n|--:|--:|--:|--:|\n"
        text += "".join(f"| {m.agents} | {' | '.join(_row(m)[1:])} |\n" for m in q.table)
    return text


def draw(q: QueueSizing, console: Console) -> None:
    from rich.table import Table

    from servicefit.report.console import safe_text

    for line in _lines(q):
        console.print(safe_text(line))
    if q.table:
        grid = Table(box=None, pad_edge=False, header_style="bold")
        for header in HEADERS:
            grid.add_column(header, justify="right")
        for m in q.table:
            agents, *rest = _row(m)
            style = "bold green" if m.agents == q.sizing.agents else ""
            grid.add_row(safe_text(agents, style=style), *rest)
        console.print(grid)


def render(q: QueueSizing, fmt: Format) -> Rendered:
    if fmt is Format.json:
        from servicefit.report.jsonout import dumps

        return dumps(document(q))
    if fmt is Format.markdown:
        return markdown(q)
    return lambda console: draw(q, console)
