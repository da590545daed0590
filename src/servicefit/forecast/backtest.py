"""Choosing a method by a rolling-origin backtest, and the band around its forecast.

From each of the last few weeks (the origins), every method forecasts the weeks after it from
the history before it, and is scored on the weeks that followed: the mean absolute percentage
error (MAPE) over every origin and step, weeks without contacts left out. The method with the
least error forecasts; among equals (to the hundredth of a percent reported), the simpler. Its band is where the backtest's relative
errors fell: their quantiles when there are enough of them, else a normal spread of their root
mean square; beyond the backtest's horizon it widens with the square root of the steps.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist
from typing import NamedTuple

from servicefit.forecast.methods import METHODS, usable
from servicefit.forecast.settings import ForecastSettings


class ForecastError(ValueError):
    """A history too short to forecast from."""


class Score(NamedTuple):
    method: str
    error: float | None  # MAPE in percent; None when every week tested had no contacts
    mae: float  # mean absolute error in contacts: breaks ties, and ranks when MAPE cannot


class SeriesForecast(NamedTuple):
    method: str
    backtest: tuple[Score, ...]  # the methods tried, in the settings' order
    not_tried: dict[str, str]  # method -> why it was not tried
    values: tuple[float, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]
    origins: int  # backtest origins
    horizon: int  # weeks forecast from each origin
    band_basis: str  # "quantiles", "normal" or "none"


def quantile(values: Sequence[float], q: float) -> float:
    """The q-quantile, interpolated between the order statistics (type 7)."""
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _plan(n: int, steps: int, s: ForecastSettings) -> tuple[int, int]:
    """The backtest's horizon and number of origins for n weeks of history: where the history
    allows, `short_history_weeks` are left before the first origin, so that the methods beyond
    the simple ones can be tried; the horizon takes at most half of what is left."""
    budget = n - s.short_history_weeks
    if budget < 1:
        horizon = max(1, min(steps, s.horizon_weeks, n // 2))
        return horizon, max(1, min(s.origins, n - horizon))
    horizon = max(1, min(steps, s.horizon_weeks, (budget + 1) // 2))
    return horizon, max(1, min(s.origins, budget - horizon + 1))


def forecast_series(y: Sequence[float], steps: int, s: ForecastSettings) -> SeriesForecast:
    """The next `steps` weeks of the weekly totals `y`, by the method the backtest prefers."""
    n = len(y)
    if n < s.min_weeks:
        raise ForecastError(
            f"{n} complete week{'s' if n != 1 else ''} of history; a forecast needs at least "
            f"{s.min_weeks}"
        )
    horizon, origins = _plan(n, steps, s)
    first = n - horizon - origins + 1  # weeks before the first origin
    short = n < s.short_history_weeks
    tried: list[str] = []
    not_tried: dict[str, str] = {}
    for name, method in s.methods.items():
        if short and name not in s.simple:
            not_tried[name] = (
                f"the history is shorter than {s.short_history_weeks} weeks: simple methods only"
            )
        elif method.min_weeks > first:
            not_tried[name] = (
                f"needs {method.min_weeks} weeks before the backtest's first origin; "
                f"the history gives {first}"
            )
        elif not usable(name, y):
            not_tried[name] = "a week without contacts leaves no seasonal ratio to scale by"
        else:
            tried.append(name)
    relative: dict[str, list[float]] = {name: [] for name in tried}
    scores = []
    for name in tried:
        predict = METHODS[name]
        absolute, percent = [], []
        for origin in range(first, first + origins):
            guesses = predict(y[:origin], horizon, s)
            for actual, guess in zip(y[origin : origin + horizon], guesses, strict=True):
                absolute.append(abs(actual - guess))
                if actual > 0:
                    percent.append(abs(actual - guess) / actual * 100)
                if guess > 0:
                    relative[name].append((actual - guess) / guess)
        error = sum(percent) / len(percent) if percent else None
        scores.append(Score(name, error, sum(absolute) / len(absolute)))
    order = {name: i for i, name in enumerate(tried)}
    best = min(
        scores,
        key=lambda sc: (
            sc.error is None,
            round(sc.error, 2) if sc.error is not None else round(sc.mae, 9),  # as reported
            order[sc.method],
        ),
    )
    values = METHODS[best.method](y, steps, s)
    low, high, basis = _band(values, relative[best.method], horizon, s)
    return SeriesForecast(
        best.method,
        tuple(scores),
        not_tried,
        tuple(values),
        low,
        high,
        origins,
        horizon,
        basis,
    )


def _band(
    values: Sequence[float], errors: Sequence[float], horizon: int, s: ForecastSettings
) -> tuple[tuple[float, ...], tuple[float, ...], str]:
    tail = (1 - s.band) / 2
    if not errors:
        return tuple(values), tuple(values), "none"
    if len(errors) >= s.empirical_errors:
        below, above, basis = quantile(errors, tail), quantile(errors, 1 - tail), "quantiles"
    else:
        spread = math.sqrt(sum(e * e for e in errors) / len(errors))
        z = NormalDist().inv_cdf(1 - tail)
        below, above, basis = -z * spread, z * spread, "normal"
    low, high = [], []
    for step, value in enumerate(values, start=1):
        widen = math.sqrt(step / horizon) if step > horizon else 1.0
        low.append(min(value, max(0.0, value * (1 + below * widen))))
        high.append(max(value, value * (1 + above * widen)))
    return tuple(low), tuple(high), basis
