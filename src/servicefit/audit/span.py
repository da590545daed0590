"""The export's active span, and the months that mean something.

An export's first and last timestamps are not its span: one placeholder date (1970-01-01), a
year typo or a thin tail of old records would stretch it over years and dilute every average.
The active span runs over the months that hold at least a share (rules/audit/measures.yaml,
quiet_month) of the busiest month's contacts; quieter months are reported and left out. The
monthly figure is the mean of the complete months inside the active span; with none, the rate
over the span when it covers enough days; otherwise there is no monthly figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import NamedTuple

from servicefit.audit.document import NOT_MEASURED
from servicefit.knowledge.wording import plural

DAYS_PER_MONTH = 30.44


class Span(NamedTuple):
    monthly: dict[str, int]  # every month with contacts, "YYYY-MM" -> contacts
    first_day: dt.date | None  # the active span, local days, both included
    last_day: dt.date | None
    complete: list[str]  # complete months inside the active span
    quiet: dict[str, int]  # months left out: outside the active span, or quiet gaps in it
    contacts: int | None  # contacts a month, or None when too little to tell
    basis: str  # how contacts was measured, or why it was not

    @property
    def days(self) -> int:
        if self.first_day is None or self.last_day is None:
            return 0
        return (self.last_day - self.first_day).days + 1


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _months_between(first: dt.date, last: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """Every calendar month from first's to last's: (name, first day, last day)."""
    out = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        start = dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        out.append((_month(start), start, following - dt.timedelta(days=1)))
        year, month = following.year, following.month
    return out


def _named(months: list[str]) -> str:
    """'2024-04'; '2024-04 to 2024-09' for months in a row; else the months themselves
    ('2020-04, 2020-05 and 2020-10'), the first six and how many more."""
    index = [int(m[:4]) * 12 + int(m[5:7]) for m in months]
    if len(months) == 1 or index[-1] - index[0] + 1 == len(months):
        return months[0] if len(months) == 1 else f"{months[0]} to {months[-1]}"
    if len(months) > 6:
        return f"{', '.join(months[:6])} and {len(months) - 6} more"
    return f"{', '.join(months[:-1])} and {months[-1]}"


def active_span(days: Mapping[int, int], quiet_share: float, min_days: int) -> Span:
    """The active span and monthly figure of contacts counted per local day (ordinal)."""
    dated = {dt.date.fromordinal(o): n for o, n in days.items() if n > 0}
    monthly: dict[str, int] = {}
    for day, n in sorted(dated.items()):
        monthly[_month(day)] = monthly.get(_month(day), 0) + n
    if not dated:
        return Span({}, None, None, [], {}, None, "no tickets with a creation time")
    busiest = max(monthly.values())
    calendar = _months_between(min(dated), max(dated))
    active = [m for m in calendar if monthly.get(m[0], 0) >= quiet_share * busiest]
    first_month, last_month = active[0], active[-1]
    inside = {name for name, _, _ in calendar if first_month[0] <= name <= last_month[0]}
    quiet = {m: n for m, n in monthly.items() if m not in inside}
    span_days = [d for d in dated if first_month[1] <= d <= last_month[2]]
    first_day, last_day = min(span_days), max(span_days)
    # a gap month inside the span is part of it, but too quiet to stand for a normal month
    complete = [
        name
        for name, start, end in calendar
        if name in inside and first_day <= start and end <= last_day
    ]
    usable = [m for m in complete if monthly.get(m, 0) >= quiet_share * busiest]
    quiet.update({m: monthly.get(m, 0) for m in complete if m not in usable})
    span = (last_day - first_day).days + 1
    total = sum(n for d, n in dated.items() if first_day <= d <= last_day)
    if usable:
        contacts = round(sum(monthly[m] for m in usable) / len(usable))
        named = _named(usable)
        basis = f"the mean of {plural(len(usable), 'complete month')} ({named})"
    elif span >= min_days:
        contacts = round(total / span * DAYS_PER_MONTH)
        basis = (
            f"{plural(total, 'contact')} over the {span} days from {first_day} to {last_day}, per "
            f"average month of {DAYS_PER_MONTH} days (no complete month)"
        )
    else:
        contacts = None
        dates = f"{first_day} to {last_day}" if span > 1 else f"{first_day}"
        basis = (
            f"{NOT_MEASURED}{plural(span, 'day')} of tickets ({dates}) "
            f"{'is' if span == 1 else 'are'} too few to tell a month; {min_days} are needed"
        )
    return Span(monthly, first_day, last_day, usable, quiet, contacts, basis)
