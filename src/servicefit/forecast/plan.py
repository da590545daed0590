"""A forecast of every channel and of all of them together, from contacts per day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from servicefit.forecast.backtest import ForecastError, SeriesForecast, forecast_series
from servicefit.forecast.settings import ForecastSettings
from servicefit.forecast.weeks import WEEK, Weekly, complete_weeks, weekly_totals

ALL = "all"  # the line of every channel together


class Line(NamedTuple):
    """One series: its weekly history and its forecast."""

    history: Weekly
    forecast: SeriesForecast
    starts: tuple[dt.date, ...]  # the Monday of each forecast week


class Forecast(NamedTuple):
    total: Line
    by_channel: Mapping[str, Line]
    settings: ForecastSettings
    weeks: int  # weeks forecast
    short: bool  # history under short_history_weeks: the simple methods only
    first_day: dt.date  # the days the history was read from
    last_day: dt.date
    left_out: int  # complete weeks older than max_history_weeks, not learnt from
    contacts: int  # every contact of the exports with a creation time
    history_contacts: int  # those inside the complete weeks learnt from

    def busiest(self) -> int:
        """The index of the forecast week with the most contacts (the first among equals)."""
        values = self.total.forecast.values
        return max(range(len(values)), key=lambda i: (values[i], -i))


def plan_forecast(
    daily: Mapping[str, Mapping[dt.date, int]],
    first_day: dt.date | None,
    last_day: dt.date | None,
    holidays: Iterable[dt.date],
    weeks: int,
    settings: ForecastSettings,
    contacts: int | None = None,
) -> Forecast:
    """`weeks` weeks of every channel in `daily` and of their sum, from the complete weeks of
    first_day..last_day; `contacts`: all of the exports' (those in `daily` when not given).
    ForecastError when the history holds too few complete weeks."""
    if first_day is None or last_day is None or not daily:
        raise ForecastError("the exports hold no contacts with a creation time")
    mondays = complete_weeks(first_day, last_day)
    if len(mondays) < settings.min_weeks:
        raise ForecastError(
            f"the history from {first_day} to {last_day} holds {len(mondays)} complete week"
            f"{'s' if len(mondays) != 1 else ''} (Monday to Sunday); a forecast needs at least "
            f"{settings.min_weeks}"
        )
    left_out = max(0, len(mondays) - settings.max_history_weeks)
    mondays = mondays[left_out:]  # the latest weeks only
    closed = frozenset(holidays)
    total: dict[dt.date, int] = {}
    for counts in daily.values():
        for day, n in counts.items():
            total[day] = total.get(day, 0) + n
    future = tuple(mondays[-1] + WEEK * k for k in range(1, weeks + 1))

    def line(counts: Mapping[dt.date, int]) -> Line:
        history = weekly_totals(counts, mondays, closed, settings.holiday_neighbours)
        return Line(history, forecast_series(history.totals, weeks, settings), future)

    whole = line(total)
    return Forecast(
        whole,
        reconciled(whole, {channel: line(counts) for channel, counts in sorted(daily.items())}),
        settings,
        weeks,
        len(mondays) < settings.short_history_weeks,
        first_day,
        last_day,
        left_out,
        sum(total.values()) if contacts is None else contacts,
        sum(n for day, n in total.items() if mondays[0] <= day < future[0]),
    )


def reconciled(total: Line, channels: Mapping[str, Line]) -> dict[str, Line]:
    """The channels' forecasts scaled, week by week, to add up to the total's (top-down by
    forecast proportions): each channel keeps its own method's share of a week, the total
    keeps its own method's size. Their bands scale with them."""
    out = {}
    sums = [sum(vs) for vs in zip(*(c.forecast.values for c in channels.values()), strict=True)]
    factors = [t / s if s > 0 else 1.0 for t, s in zip(total.forecast.values, sums, strict=True)]
    for name, line in channels.items():
        f = line.forecast

        def scale(values: tuple[float, ...]) -> tuple[float, ...]:
            return tuple(v * k for v, k in zip(values, factors, strict=True))

        scaled = f._replace(values=scale(f.values), low=scale(f.low), high=scale(f.high))
        out[name] = line._replace(forecast=scaled)
    return out
