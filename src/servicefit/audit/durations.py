"""Response times: a first-reply or resolution time read in hours from what an export writes,
and the quantiles of times counted to the minute."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any


def quantile(counts: Mapping[int, int], q: float) -> float | None:
    """The q-quantile of values given as value -> how many (linear between neighbours, as
    for the sorted list of every value)."""
    total = sum(counts.values())
    if not total:
        return None
    position = q * (total - 1)
    low_rank, high_rank = int(position), min(int(position) + 1, total - 1)
    low = high = None
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if low is None and seen > low_rank:
            low = value
        if seen > high_rank:
            high = value
            break
    assert low is not None and high is not None
    return low + (high - low) * (position - low_rank)


def as_hours(value: Any, unit: str, created: dt.datetime | None, parse: Any) -> float | None:
    """A first-reply or resolution time in hours, from a number in `unit` (or written h:mm:ss
    there), a clock 'HH:MM:SS', or a timestamp (the time since `created`, which that unit
    needs)."""
    if value is None or value == "":
        return None
    if unit == "timestamp":
        assert created is not None, "a timestamp needs the creation time"
        instant, _ = parse(value)
        return None if instant is None else (instant - created).total_seconds() / 3600
    if unit == "clock":
        parts = str(value).strip().split(":")
        try:
            numbers = [float(p) for p in parts]
        except ValueError:
            return None
        while len(numbers) < 3:
            numbers.insert(0, 0.0)
        hours = numbers[-3] + numbers[-2] / 60 + numbers[-1] / 3600
        return hours if math.isfinite(hours) else None
    try:
        number = float(value)
    except (TypeError, ValueError):
        text = str(value).strip()
        try:
            number = float(text.replace(",", "."))  # a decimal comma
        except ValueError:
            # h:mm:ss, as some exports write their times "in hours" (Freshdesk's, for one)
            return as_hours(text, "clock", created, parse) if text.count(":") == 2 else None
    if not math.isfinite(number):  # nan, inf, 1e400: not a time
        return None
    return number / UNIT_PER_HOUR[unit]


UNIT_PER_HOUR = {"seconds": 3600, "minutes": 60, "hours": 1, "days": 1 / 24}


def hours_of(value: str, unit: str, created: dt.datetime | None, parse: Any) -> float | None:
    """A response time in hours as the audit's row loop reads it (audit/run.py, which inlines
    this for speed): a number in its unit first, then as_hours."""
    per_hour = UNIT_PER_HOUR.get(unit, 0)
    if per_hour:
        try:
            amount = float(value)
        except (TypeError, ValueError):
            return as_hours(value, unit, created, parse)
        return amount / per_hour if math.isfinite(amount) else None
    return as_hours(value, unit, created, parse)
