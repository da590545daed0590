"""A typical week of one channel's contacts, and the contacts of each interval of it.

Three ways to give it, in a channel's `volumes` entry:

    contacts: 400              # a count per open day (per: 1d), spread by a shape
    per: 1d
    daily: {mon: 1200, tue: 1100, wed: 1000, thu: 1000, fri: 900, sat: 300}   # or one number
    week: {interval: 30m, mon: [0, 0, …], …}   # counts per interval from 00:00, day by day

A daily count or daily totals are spread over the day by an intraday shape (`shape:`, from
rules/workforce.yaml); the default spreads them evenly over the channel's opening hours. A
shape may put contacts outside those hours: they arrive while the channel is closed, which is
what an after-hours bot is for. A ticket audit fills in `week`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any, NamedTuple

from servicefit.messages import shown
from servicefit.staffing.fields import FieldProblem, number
from servicefit.staffing.hours import DAYS, MINUTES_PER_DAY, OpeningHours

WEEK_INTERVALS = {"15m": 15, "30m": 30, "1h": 60, "60m": 60}
DEFAULT_INTERVAL = 30  # minutes: the grid for daily counts when no channel gives one
MAX_DAY_CONTACTS = 1e9


class Demand(NamedTuple):
    """One channel's typical week: one of a count per open day, daily totals, or a week of
    counts per interval."""

    per_open_day: float | None = None
    daily: tuple[float, ...] | None = None  # Monday to Sunday
    shape: str | None = None  # for the two daily forms; None: evenly over the open hours
    interval: int | None = None  # minutes, for counts per interval
    counts: tuple[tuple[float, ...], ...] | None = None  # seven days of counts per interval

    def describe(self) -> str:
        if self.counts is not None:
            return f"a week in {self.interval}-minute intervals"
        spread = f"the {self.shape} shape" if self.shape else "evenly over the open hours"
        if self.daily is not None:
            return f"daily totals, spread by {spread}"
        return f"a count per open day, spread by {spread}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.per_open_day is not None:
            out["per_open_day"] = self.per_open_day
        if self.daily is not None:
            out["daily"] = dict(zip(DAYS, self.daily, strict=True))
        if self.shape is not None:
            out["shape"] = self.shape
        if self.interval is not None:
            out["interval_minutes"] = self.interval
        return out


def parse_demand(spec: Mapping[str, Any], shapes: Collection[str]) -> Demand | None:
    """The week a channel's entry describes with `daily` or `week` (None when it has neither);
    FieldProblem names the field that does not fit."""
    shape = check_shape(spec, shapes)
    if "daily" in spec:
        return _daily(spec["daily"], shape)
    if "week" in spec:
        if shape is not None:
            raise FieldProblem(
                "shape",
                "a shape spreads daily totals; a week of intervals already has its own.",
                "Remove shape, or give daily totals instead of the week.",
            )
        return _week(spec["week"])
    return None


def check_shape(spec: Mapping[str, Any], shapes: Collection[str]) -> str | None:
    if "shape" not in spec:
        return None
    value = spec["shape"]
    if not isinstance(value, str) or value not in shapes:
        raise FieldProblem(
            "shape",
            f"{shown(value)} is not an intraday shape.",
            f"Shapes: {', '.join(sorted(shapes))} (rules/workforce.yaml).",
        )
    return value


def _count(field: str, value: Any) -> float:
    return number(
        field,
        value,
        high=MAX_DAY_CONTACTS,
        hint=f"Give a number of contacts from 0 to {MAX_DAY_CONTACTS:,.0f}.",
    )


def _daily(value: Any, shape: str | None) -> Demand:
    if isinstance(value, dict):
        for key in value:
            if key not in DAYS:
                raise FieldProblem(
                    f"daily.{key}", f"{shown(key)} is not a day.", "Days are mon, tue, … sun."
                )
        totals = tuple(_count(f"daily.{day}", value.get(day, 0)) for day in DAYS)
        return Demand(daily=totals, shape=shape)
    return Demand(per_open_day=_count("daily", value), shape=shape)


def _week(value: Any) -> Demand:
    hint = (
        "e.g. week: {interval: 30m, mon: [0, 0, 3, …], tue: […]}, a count per interval from 00:00."
    )
    if not isinstance(value, dict):
        raise FieldProblem("week", "week must be a mapping of interval and days.", hint)
    if "interval" not in value:
        raise FieldProblem("week", "week needs 'interval': 15m, 30m or 1h.", hint)
    interval = WEEK_INTERVALS.get(str(value["interval"]).strip())
    if interval is None:
        raise FieldProblem(
            "week.interval",
            f"{shown(value['interval'])} is not an interval servicefit sizes.",
            "Use 15m, 30m or 1h.",
        )
    per_day = MINUTES_PER_DAY // interval
    days: list[tuple[float, ...]] = []
    for key in value:
        if key != "interval" and key not in DAYS:
            raise FieldProblem(
                f"week.{key}", f"{shown(key)} is not a day.", "Days are mon, tue, … sun."
            )
    for day in DAYS:
        counts = value.get(day, [])  # a day left out has no contacts
        if not isinstance(counts, list) or (counts and len(counts) != per_day):
            given = f"{len(counts)} values" if isinstance(counts, list) else shown(counts)
            raise FieldProblem(
                f"week.{day}",
                f"{day} needs {per_day} counts ({interval}-minute intervals from 00:00), "
                f"not {given}.",
                "List every interval of the day, 0 where nothing arrives; leave a closed day out.",
            )
        days.append(tuple(_count(f"week.{day}", c) for c in counts) or (0.0,) * per_day)
    return Demand(interval=interval, counts=tuple(days))


def daily_count(contacts: float, period: float, shape: str | None) -> Demand:
    """A count per `period` of one or more days, as a count per open day."""
    return Demand(per_open_day=contacts / (period / 86_400.0), shape=shape)


def arrivals(
    demand: Demand,
    hours: OpeningHours,
    interval: int,
    shapes: Mapping[str, Sequence[float] | None],
) -> tuple[float, ...]:
    """The contacts arriving in each `interval`-minute slot of the week, from Monday 00:00."""
    per_day = MINUTES_PER_DAY // interval
    if demand.counts is not None:
        return _regrid(demand.counts, demand.interval or interval, interval)
    open_mask = hours.open_mask(interval)
    if demand.daily is not None:
        totals = list(demand.daily)
    else:  # the same count on every day that opens
        count = demand.per_open_day or 0.0
        totals = [
            count if any(open_mask[d * per_day : (d + 1) * per_day]) else 0.0 for d in range(7)
        ]
    weights = shapes.get(demand.shape) if demand.shape is not None else None
    out: list[float] = []
    for day, total in enumerate(totals):
        mask = open_mask[day * per_day : (day + 1) * per_day]
        if weights is None:  # evenly over the open slots (over the whole day if it is closed)
            slots = [1.0 if is_open else 0.0 for is_open in mask] if any(mask) else [1.0] * per_day
        else:  # hourly weights, each hour's share split evenly over its slots
            slots = [weights[(i * interval) // 60] for i in range(per_day)]
        whole = sum(slots)
        out += [total * w / whole if whole else 0.0 for w in slots]
    return tuple(out)


def _regrid(days: tuple[tuple[float, ...], ...], given: int, wanted: int) -> tuple[float, ...]:
    """Counts per `given`-minute interval on a `wanted`-minute grid (split evenly or summed)."""
    flat = [c for day in days for c in day]
    if given == wanted:
        return tuple(flat)
    if given > wanted:  # split each interval evenly
        parts = given // wanted
        return tuple(c / parts for c in flat for _ in range(parts))
    group = wanted // given
    return tuple(sum(flat[i : i + group]) for i in range(0, len(flat), group))


def grid_interval(demands: Sequence[Demand]) -> int:
    """The interval to size a week on: the finest a channel gives, else the default."""
    given = [d.interval for d in demands if d.interval is not None]
    return min(given) if given else DEFAULT_INTERVAL
