"""The forecasting methods: each takes the weekly totals so far and gives the next weeks."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from servicefit.forecast.settings import ForecastSettings
from servicefit.forecast.smoothing import ADDITIVE, MULTIPLICATIVE, fit

Predict = Callable[[Sequence[float], int, ForecastSettings], list[float]]


def naive(y: Sequence[float], steps: int, s: ForecastSettings) -> list[float]:
    """Every week like the last."""
    return [y[-1]] * steps


def seasonal_naive(y: Sequence[float], steps: int, s: ForecastSettings) -> list[float]:
    """Every week like the same week a season (a year) before."""
    m = s.season_weeks
    last = y[-m:]
    return [last[h % m] for h in range(steps)]


def recent_mean(y: Sequence[float], steps: int, s: ForecastSettings) -> list[float]:
    """Every week like the mean of the recent weeks."""
    recent = y[-s.recent_weeks :]
    return [sum(recent) / len(recent)] * steps


def slope(values: Sequence[float]) -> float:
    """The least-squares slope of `values` against 0, 1, 2, …"""
    n = len(values)
    if n < 2:
        return 0.0
    mean_x = (n - 1) / 2
    mean_y = sum(values) / n
    num = sum((i - mean_x) * (v - mean_y) for i, v in enumerate(values))
    den = sum((i - mean_x) ** 2 for i in range(n))
    return num / den


def recent_trend(y: Sequence[float], steps: int, s: ForecastSettings) -> list[float]:
    """The mean of the recent weeks, carried on along the trend of the last `trend_weeks`."""
    recent = y[-s.recent_weeks :]
    level = sum(recent) / len(recent)
    rise = slope(y[-s.trend_weeks :])
    middle = (len(recent) - 1) / 2  # the mean stands for the middle of the recent weeks
    return [max(0.0, level + rise * (h + middle)) for h in range(1, steps + 1)]


def holt(y: Sequence[float], steps: int, s: ForecastSettings) -> list[float]:
    """Holt's linear trend: a smoothed level and trend."""
    return [max(0.0, v) for v in fit(y, 0, None).forecast(steps, None)]


def holt_winters_additive(y: Sequence[float], steps: int, s: ForecastSettings) -> list[float]:
    """Holt-Winters: level, trend and a yearly pattern added to them."""
    model = fit(y, s.season_weeks, ADDITIVE)
    return [max(0.0, v) for v in model.forecast(steps, ADDITIVE)]


def holt_winters_multiplicative(y: Sequence[float], steps: int, s: ForecastSettings) -> list[float]:
    """Holt-Winters: level and trend, scaled by a yearly pattern."""
    model = fit(y, s.season_weeks, MULTIPLICATIVE)
    return [max(0.0, v) for v in model.forecast(steps, MULTIPLICATIVE)]


METHODS: dict[str, Predict] = {
    "naive": naive,
    "recent_mean": recent_mean,
    "seasonal_naive": seasonal_naive,
    "recent_trend": recent_trend,
    "holt": holt,
    "holt_winters_additive": holt_winters_additive,
    "holt_winters_multiplicative": holt_winters_multiplicative,
}


def usable(method: str, y: Sequence[float]) -> bool:
    """Whether the method can be fitted to these values at all: a multiplicative season
    divides by the weeks, so none of them may be zero."""
    return method != "holt_winters_multiplicative" or min(y) > 0
