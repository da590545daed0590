"""The week view: agents per hour of a typical week, one row a day, for the terminal and
Markdown (the JSON has every interval)."""

from __future__ import annotations

from typing import NamedTuple

from servicefit.advice.recommendation import Recommendation
from servicefit.staffing.hours import DAY_NAMES
from servicefit.staffing.workload import DEDICATED

SPARKS = "▁▂▃▄▅▆▇█"
CLOSED = "·"  # an hour with nobody staffed


class DayRow(NamedTuple):
    day: str
    hourly: tuple[int, ...]  # the most agents needed in each hour
    peak: int
    peak_hour: int
    agent_hours: float


class WeekView(NamedTuple):
    option: str
    interval: int
    days: tuple[DayRow, ...]
    peak: int
    peak_at: str
    agent_hours: float
    other: str  # the other option's figures, or ""
    after: str  # what the blend's automation leaves, or ""


def week_view(rec: Recommendation) -> WeekView | None:
    sizing = rec.staffing.sizing
    week = sizing.week if sizing is not None else None
    if sizing is None or week is None:
        return None
    option = rec.staffing.recommended or DEDICATED
    series = week.series(option)
    per_hour = 60 // week.interval
    days = []
    for d, name in enumerate(DAY_NAMES):
        day = series[d * 24 * per_hour : (d + 1) * 24 * per_hour]
        hourly = tuple(max(day[h * per_hour : (h + 1) * per_hour]) for h in range(24))
        top = max(hourly)
        days.append(DayRow(name, hourly, top, hourly.index(top), sum(day) * week.interval / 60))
    top, at = week.peak(series)
    other = ""
    if rec.staffing.applicable:
        alternative = "shared" if option == DEDICATED else DEDICATED
        alt = week.series(alternative)
        alt_top, alt_at = week.peak(alt)
        other = (
            f"{alternative}: peak {alt_top:,} ({week.label(alt_at)}), "
            f"{week.agent_hours(alt):,.0f} agent-hours a week"
        )
    after = ""
    effect = rec.blend.effect
    if effect is not None and effect.series_after is not None:
        after = (
            f"after {round(effect.automated_share * 100)}% automation: peak "
            f"{max(effect.series_after):,}, {effect.agent_hours_after or 0:,.0f} agent-hours a week"
        )
    return WeekView(
        option,
        week.interval,
        tuple(days),
        top,
        week.label(at),
        week.agent_hours(series),
        other,
        after,
    )


def sparkline(hourly: tuple[int, ...], peak: int) -> str:
    if peak <= 0:
        return CLOSED * len(hourly)
    cells = []
    for agents in hourly:
        if agents <= 0:
            cells.append(CLOSED)
        else:
            cells.append(SPARKS[min(len(SPARKS) - 1, (agents * len(SPARKS) - 1) // peak)])
    return "".join(cells)


def title(view: WeekView) -> str:
    return (
        f"Week · {view.option} agents, the most in each hour (peak {view.peak:,} at "
        f"{view.peak_at}, {view.agent_hours:,.0f} agent-hours a week)"
    )


def text_lines(view: WeekView) -> list[str]:
    """One row a day: a bar per hour scaled to the week's peak, the day's peak and hours."""
    ruler = "".join(f"{h:<3d}" for h in range(0, 24, 3))
    lines = [f"     {ruler}"]
    for row in view.days:
        line = f"{row.day}  {sparkline(row.hourly, view.peak)}"
        if row.peak:
            line += f"  peak {row.peak:>3,} at {row.peak_hour:02d}:00  {row.agent_hours:>6,.0f} h"
        else:
            line += "  closed"
        lines.append(line)
    return lines


def markdown_lines(view: WeekView) -> list[str]:
    hours = " | ".join(f"{h:02d}" for h in range(24))
    lines = [f"| day | {hours} | agent-hours |", "|---|" + "--:|" * 25]
    for row in view.days:
        cells = " | ".join(str(a) if a else "" for a in row.hourly)
        lines.append(f"| {row.day} | {cells} | {row.agent_hours:,.0f} |")
    return lines
