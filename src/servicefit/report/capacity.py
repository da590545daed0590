"""The capacity report: what a given team delivers over the week, as JSON
(capacity_schema_version 1), text and Markdown (a summary side by side for each demand scale
and an hour-by-hour grid of where the targets are missed), and an HTML page with the service
level plotted across the week."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from servicefit.knowledge.wording import plural
from servicefit.report.formats import Rendered, ReportFormat, by_format, md_text
from servicefit.staffing.capacity import POOLED, Capacity, ChannelCapacity, Row
from servicefit.staffing.erlang import rounded
from servicefit.staffing.hours import DAY_NAMES

if TYPE_CHECKING:
    from rich.console import Console

CAPACITY_SCHEMA_VERSION = 1
TITLE = "servicefit capacity"
CLOSED, MEETS, MISSES = "·", "+", "−"


def _when(interval: int, minutes: int) -> tuple[str, str]:
    day, rest = divmod(interval * minutes, 24 * 60)
    return DAY_NAMES[day], f"{rest // 60:02d}:{rest % 60:02d}"


def _row(r: Row, minutes: int) -> dict[str, Any]:
    day, start = _when(r.interval, minutes)
    return {
        "day": day,
        "start": start,
        "channel": r.channel,
        "contacts": rounded(r.contacts, 2),
        "agents": r.agents,
        "open": r.open,
        "service_level": rounded(r.service_level),
        "asa_seconds": rounded(r.asa_seconds, 1),
        "occupancy": rounded(r.occupancy),
        "abandoned_share": rounded(r.abandoned_share),
        "backlog": rounded(r.backlog, 2),
        "clear_hours": rounded(r.clear_hours, 2),
        "meets_target": r.meets,
    }


def _channel(c: ChannelCapacity, minutes: int) -> dict[str, Any]:
    worst = None
    if c.worst is not None:
        day, start = _when(c.worst, minutes)
        worst = {"day": day, "start": start, "service_level": rounded(c.worst_level)}
    return {
        "target": c.target,
        "agents": c.agents,
        "contacts": rounded(c.contacts, 1),
        "service_level": rounded(c.service_level),
        "hours_below_target": c.hours_below,
        "worst": worst,
        "abandoned_share": rounded(c.abandoned),
        "most_backlog": rounded(c.most_backlog, 1),
        "most_clear_hours": rounded(c.most_clear_hours, 2),
        "backlog_growth_per_week": rounded(c.growth, 1),
        "closed_contacts": rounded(c.closed_contacts, 1),
        "late_by_opening_hours": rounded(c.late_by_hours, 1),
    }


def summary(cap: Capacity) -> dict[str, Any]:
    worst: dict[str, Any] | None = None
    for c in cap.channels:
        if c.worst is None or c.worst_level is None:
            continue
        if worst is None or c.worst_level < worst["service_level"]:
            day, start = _when(c.worst, cap.interval)
            worst = {
                "day": day,
                "start": start,
                "channel": c.channel,
                "service_level": c.worst_level,
            }
    if worst is not None:
        worst["service_level"] = rounded(worst["service_level"])
    return {
        "hours_below_target": cap.hours_below,
        "worst": worst,
        "channels": {c.channel: _channel(c, cap.interval) for c in cap.channels},
    }


def document(
    base: Capacity, scenarios: Sequence[Capacity], source: str, agents: dict[str, int]
) -> dict[str, Any]:
    """The JSON document: demand as given first, then each --scale."""
    return {
        "capacity_schema_version": CAPACITY_SCHEMA_VERSION,
        "input": source,
        "agents": dict(agents),
        "pooled": POOLED in agents,
        "interval_minutes": base.interval,
        "summary": summary(base),
        "intervals": [_row(r, base.interval) for r in base.rows],
        "scenarios": [
            {
                "scale": cap.scale,
                "summary": summary(cap),
                "intervals": [_row(r, cap.interval) for r in cap.rows],
            }
            for cap in scenarios
        ],
    }


def render(caps: Sequence[Capacity], doc: dict[str, Any], fmt: ReportFormat) -> Rendered:
    return by_format(
        fmt,
        doc,
        lambda: markdown(caps, doc),
        lambda: html(caps, doc),
        lambda console: draw(caps, doc, console),
    )


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _hours(value: float) -> str:
    return f"{value:g} h"


def _cell(c: ChannelCapacity) -> str:
    """One channel under one demand: its service level and the hours below target."""
    return f"{_pct(c.service_level)} {_hours(c.hours_below)}"


def comparison(caps: Sequence[Capacity]) -> tuple[list[str], list[list[str]], list[str]]:
    """Headers, rows and notes: each channel under each demand scale, side by side."""
    ordered = sorted(caps, key=lambda c: c.scale)
    headers = [
        "channel",
        *(f"×{c.scale:g}" + (" (given)" if c.scale == 1 else "") for c in ordered),
    ]
    rows = []
    notes = []
    for i, first in enumerate(caps[0].channels):
        label = f"{first.channel} {first.target}, {first.agents} agent{'s' if first.agents != 1 else ''}"
        rows.append([label, *(_cell(c.channels[i]) for c in ordered)])
        if first.abandoned is not None:
            rows.append(["  hang up", *(_pct(c.channels[i].abandoned) for c in ordered)])
        for c in ordered:
            growth = c.channels[i].growth
            if growth is not None and growth > 0.5:
                notes.append(
                    f"At demand ×{c.scale:g}, the {first.channel} backlog grows by "
                    f"{growth:,.0f} contacts a week: these agents cannot keep up."
                )
    rows.append(["hours below target", *(_hours(c.hours_below) for c in ordered)])
    notes.insert(
        0,
        "Each cell: the service level over the week's contacts and the open hours below "
        "target; for deferred channels (email), the share answered within the window and the "
        "hours with late contacts.",
    )
    return headers, rows, notes


def grid(cap: Capacity, channel: str) -> list[str]:
    """A channel's week, a character an hour: closed or idle, every interval on target, or
    some interval below it."""
    per_hour = max(1, 60 // cap.interval)
    rows = [r for r in cap.rows if r.channel == channel]
    lines = ["     " + "".join(f"{h:<3d}" for h in range(0, 24, 3))]
    for d, name in enumerate(DAY_NAMES):
        cells = []
        for h in range(24):
            first = (d * 24 + h) * per_hour
            hour = [r for r in rows[first : first + per_hour]]
            if any(r.meets is False for r in hour):
                cells.append(MISSES)
            elif any(r.meets for r in hour):
                cells.append(MEETS)
            else:
                cells.append(CLOSED)
        lines.append(f"{name}  {''.join(cells)}")
    return lines


def _lines(caps: Sequence[Capacity], doc: dict[str, Any]) -> list[tuple[str, list[str]]]:
    base = caps[0]
    team = (
        f"one pooled team of {plural(doc['agents'][POOLED], 'agent')}"
        if doc["pooled"]
        else ", ".join(f"{n} on {ch}" for ch, n in doc["agents"].items())
    )
    s = doc["summary"]
    head = [
        f"{doc['input']}: {team}, on duty while each channel is open.",
        f"Hours below target in the week: {_hours(s['hours_below_target'])}"
        + (
            f"; the worst interval {s['worst']['day']} {s['worst']['start']} on "
            f"{s['worst']['channel']}, {_pct(s['worst']['service_level'])}."
            if s["worst"]
            else "."
        ),
    ]
    for c in base.channels:
        if c.growth is not None and c.growth > 0.5:
            head.append(
                f"{c.channel}: the backlog grows by {c.growth:,.0f} contacts a week; these "
                "agents cannot keep up with it."
            )
        if c.closed_contacts > 0.5:
            head.append(
                f"{c.channel}: {c.closed_contacts:,.0f} contacts a week arrive while it is "
                "closed; they are not served."
            )
        if c.late_by_hours > 0.5:
            head.append(
                f"{c.channel}: {c.late_by_hours:,.0f} contacts a week arrive when the "
                f"{c.target} window ends before the next opening: late whatever the staffing, "
                "and left out of the hours below target."
            )
    out = [("Summary", head)]
    for c in base.channels:
        if c.most_backlog is not None:
            detail = (
                f"at most {c.most_backlog:,.0f} contacts waiting, "
                f"{c.most_clear_hours or 0:.1f} open hours of work"
            )
        elif c.worst is not None:
            day, start = _when(c.worst, base.interval)
            detail = f"worst {day} {start}: {_pct(c.worst_level)}"
        else:
            detail = "nothing to serve"
        out.append(
            (
                f"{c.channel} ({c.target}): {CLOSED} closed  {MEETS} on target  {MISSES} below",
                [*grid(base, c.channel), detail],
            )
        )
    return out


def markdown(caps: Sequence[Capacity], doc: dict[str, Any]) -> str:
    headers, rows, notes = comparison(caps)
    parts = [f"# {TITLE}\n"]
    sections = _lines(caps, doc)
    parts.append("\n## Summary\n\n" + "".join(f"- {md_text(x)}\n" for x in sections[0][1]))
    parts.append("\n| " + " | ".join(headers) + " |\n|" + "---|" * len(headers) + "\n")
    parts += ["| " + " | ".join(md_text(c) for c in row) + " |\n" for row in rows]
    parts.append("\n" + "".join(f"{md_text(n)}\n\n" for n in notes))
    for title, lines in sections[1:]:
        parts.append(f"\n## {md_text(title)}\n\n```\n" + "\n".join(lines[:-1]) + "\n```\n\n")
        parts.append(md_text(lines[-1]) + "\n")
    return "".join(parts)


def draw(caps: Sequence[Capacity], doc: dict[str, Any], console: Console) -> None:
    from rich.table import Table

    from servicefit.report.console import safe_text

    sections = _lines(caps, doc)
    console.print(safe_text(TITLE, style="bold"))
    console.print()
    for line in sections[0][1]:
        console.print(safe_text(line))
    headers, rows, notes = comparison(caps)
    table = Table(*headers, box=None, show_edge=False, pad_edge=False)
    for row in rows:
        table.add_row(*(safe_text(c) for c in row))
    console.print()
    console.print(table)
    for note in notes:
        console.print(safe_text(note))
    for title, lines in sections[1:]:
        console.print()
        console.print(safe_text(title, style="bold underline"))
        for line in lines:
            console.print(safe_text(line))


def html(caps: Sequence[Capacity], doc: dict[str, Any]) -> str:
    from servicefit import __version__
    from servicefit.report import charts
    from servicefit.report.htmlpage import page

    base = caps[0]
    per_day = 24 * 60 // base.interval
    labels = [
        f"{_when(i, base.interval)[0]} {_when(i, base.interval)[1]}"
        for i in range(len(base.rows) // max(1, len(base.channels)))
    ]
    series = []
    for c in base.channels:
        values: list[float | None] = [
            None if r.service_level is None or not r.open else round(r.service_level * 100, 1)
            for r in base.rows
            if r.channel == c.channel
        ]
        series.append((f"{c.channel} ({c.target})", values, "solid"))
    drawn = {
        "levels": charts.lines(
            "levels",
            "Service level through the week (%; email: answered within the window)",
            labels,
            series,
            "Service level (%)",
            top=100,
            every=per_day,
            x_title=f"The week, in {base.interval}-minute intervals",
        )
    }
    headers, rows, notes = comparison(caps)
    sections = _lines(caps, doc)
    view = {
        "title": TITLE,
        "input": doc["input"],
        "version": __version__,
        "summary": sections[0][1],
        "headers": headers,
        "rows": rows,
        "notes": notes,
        "grids": [(title, lines[:-1], lines[-1]) for title, lines in sections[1:]],
        "footer": "Every figure comes from the answers file named above, the agents given and "
        "the rule set's workforce settings.",
    }
    return page("capacity.html.j2", view, drawn)
