"""The `staffing` command's answer for one queue: JSON, Markdown or a terminal table."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from servicefit.knowledge.wording import percent, plural
from servicefit.report.formats import Format, Rendered
from servicefit.staffing.erlang import Metrics, rounded
from servicefit.staffing.queueing import QueueSizing

if TYPE_CHECKING:
    from rich.console import Console

HEADERS = ("agents", "service level", "ASA", "occupancy")


def _headers(q: QueueSizing) -> tuple[str, ...]:
    """The table's columns: no service level without a service-level target, and the
    abandonment when callers may hang up (Erlang A)."""
    columns = [h for h in HEADERS if h != "service level" or q.queue.level is not None]
    if q.queue.patience is not None:
        columns.append("abandon")
    return tuple(columns)


def document(q: QueueSizing) -> dict[str, Any]:
    queue, sized = q.queue, q.sizing
    return {
        "model": sized.model,
        "inputs": {
            "contacts": queue.contacts,
            "per": queue.per,
            "aht_seconds": queue.aht,
            "target": queue.target or None,
            "abandon": queue.abandon,
            "business_hours": q.hours.text() if q.hours is not None else None,
            "shrinkage": q.shrinkage,
            "max_occupancy": q.max_occupancy,
            "patience_seconds": queue.patience,
            "concurrency": queue.concurrency,
        },
        "contacts_per_open_hour": rounded(q.rate * 3600, 3),
        "load_erlangs": rounded(sized.load),
        "scheduled_agents": sized.scheduled_agents,
        **sized.metrics.to_dict(),
        "table": [m.to_dict() for m in q.table],
    }


def _lines(q: QueueSizing) -> list[str]:
    queue, sized = q.queue, q.sizing
    lines = [
        f"{plural(sized.agents, 'agent')} ({sized.scheduled_agents:,} scheduled with "
        f"{percent(q.shrinkage)} shrinkage) for {plural(queue.contacts, 'contact')} per "
        f"{queue.per}, handle time {queue.aht:g} s"
        + (f", {queue.concurrency} at once per agent" if queue.concurrency > 1 else "")
        + f", target {queue.target_text()}; load {sized.load:,.2f} Erlangs."
    ]
    if q.hours is not None:
        source = (
            "your --business-hours"
            if q.hours_given
            else "the default for a count per day; set --business-hours"
        )
        lines.append(
            f"The day's contacts arrive and are worked while open, {q.hours.text()} ({source}): "
            f"{q.hours.minutes_per_open_day() / 60:g} hours an open day, "
            f"{q.rate * 3600:,.1f} contacts an open hour."
        )
    if not queue.deferred:
        m = sized.metrics
        level = f"Service level {percent(m.service_level)}, a" if queue.level is not None else "A"
        lines.append(
            f"{level}verage speed of answer {m.asa_seconds:.1f} s, "
            f"occupancy {percent(m.occupancy)}, {percent(m.wait_probability)} of callers wait"
            + (f", {percent(m.abandonment)} abandon." if m.abandonment is not None else ".")
        )
    return lines


def _asa(m: Metrics) -> str:
    return f"{m.asa_seconds:.1f} s" if math.isfinite(m.asa_seconds) else "—"


def _row(m: Metrics, headers: tuple[str, ...]) -> tuple[str, ...]:
    cells = {
        "agents": f"{m.agents:,}",
        "service level": percent(m.service_level),
        "ASA": _asa(m),
        "occupancy": percent(m.occupancy),
        "abandon": percent(m.abandonment) if m.abandonment is not None else "—",
    }
    return tuple(cells[h] for h in headers)


def markdown(q: QueueSizing) -> str:
    text = "\n\n".join(_lines(q)) + "\n"
    if q.table:
        headers = _headers(q)
        text += "\n| " + " | ".join(headers) + " |\n|" + "--:|" * len(headers) + "\n"
        text += "".join(f"| {' | '.join(_row(m, headers))} |\n" for m in q.table)
    return text


def draw(q: QueueSizing, console: Console) -> None:
    from rich.table import Table

    from servicefit.report.console import safe_text

    for line in _lines(q):
        console.print(safe_text(line))
    if q.table:
        grid = Table(box=None, pad_edge=False, header_style="bold")
        headers = _headers(q)
        for header in headers:
            grid.add_column(header, justify="right")
        for m in q.table:
            agents, *rest = _row(m, headers)
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
