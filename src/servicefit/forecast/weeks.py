"""Weekly totals from contacts per day: complete Monday-to-Sunday weeks, holidays replaced."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping
from typing import NamedTuple

WEEK = dt.timedelta(days=7)


class Weekly(NamedTuple):
    starts: tuple[dt.date, ...]  # each week's Monday
    totals: tuple[float, ...]
    holidays: tuple[dt.date, ...]  # the holidays inside these weeks, replaced


def complete_weeks(first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
    """The Mondays of the weeks that lie wholly within first..last."""
    monday = first + dt.timedelta(days=(7 - first.weekday()) % 7)
    out = []
    while monday + dt.timedelta(days=6) <= last:
        out.append(monday)
        monday += WEEK
    return tuple(out)


def weekly_totals(
    daily: Mapping[dt.date, int],
    weeks: tuple[dt.date, ...],
    holidays: Iterable[dt.date],
    neighbours: int,
) -> Weekly:
    """Each week's contacts. A holiday counts as the median of the same weekday in up to
    `neighbours` weeks either side that are not holidays, so that it does not drag the fit
    down (or up); with no such day it keeps its own count."""
    closed = set(holidays)
    days = {w + dt.timedelta(days=d) for w in weeks for d in range(7)}
    replaced = []
    totals = []
    for monday in weeks:
        total = 0.0
        for d in range(7):
            day = monday + dt.timedelta(days=d)
            if day not in closed:
                total += daily.get(day, 0)
                continue
            around = [
                day + k * WEEK for k in range(-neighbours, neighbours + 1) if k and neighbours
            ]
            usable = [daily.get(a, 0) for a in around if a in days and a not in closed]
            total += statistics.median(usable) if usable else daily.get(day, 0)
            replaced.append(day)
        totals.append(total)
    return Weekly(weeks, tuple(totals), tuple(replaced))
