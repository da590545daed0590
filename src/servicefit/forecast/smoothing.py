"""Exponential smoothing: Holt's linear trend and Holt-Winters with additive or multiplicative
seasonality, the recursions as statsmodels' ExponentialSmoothing writes them (tested against it).

The initial state comes from the first observations (a season's mean for the level, the change
between the first two seasons' means for the trend, the first season's deviations for the
seasonal indices), and the smoothing parameters minimise the sum of squared one-step errors over
the rest, with a bounded Nelder-Mead search: no numeric library needed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import NamedTuple

ADDITIVE, MULTIPLICATIVE = "additive", "multiplicative"
_EVALUATIONS = 240  # Nelder-Mead evaluations after the starting grid: ample for three parameters


class State(NamedTuple):
    """Where the smoothing starts: the level, the trend and the seasonal indices (one season,
    the index of the first observation after them first)."""

    level: float
    trend: float
    seasonal: tuple[float, ...] = ()


class Smoothed(NamedTuple):
    """A fitted model: its parameters, the state after the last observation, its errors."""

    alpha: float
    beta: float
    gamma: float
    level: float
    trend: float
    seasonal: tuple[float, ...]  # the next m indices, the first for the next week
    sse: float
    fitted: tuple[float, ...]  # one-step forecasts of the observations after the initial ones

    def forecast(self, steps: int, seasonality: str | None) -> list[float]:
        m = len(self.seasonal)
        out = []
        for h in range(1, steps + 1):
            base = self.level + h * self.trend
            if not m:
                out.append(base)
            elif seasonality == MULTIPLICATIVE:
                out.append(base * self.seasonal[(h - 1) % m])
            else:
                out.append(base + self.seasonal[(h - 1) % m])
        return out


def initial_state(y: Sequence[float], m: int, seasonality: str | None) -> State:
    """The classical start: a season's mean, the first two seasons' mean change per step, the
    first season's deviations from its mean. Without a season (Holt): the first value and the
    first change."""
    if not m:
        return State(y[0], y[1] - y[0])
    first = sum(y[:m]) / m
    second = sum(y[m : 2 * m]) / m
    if seasonality == MULTIPLICATIVE:
        seasonal = tuple(v / first for v in y[:m])
    else:
        seasonal = tuple(v - first for v in y[:m])
    return State(first, (second - first) / m, seasonal)


def run(
    y: Sequence[float],
    state: State,
    alpha: float,
    beta: float,
    gamma: float,
    seasonality: str | None,
) -> Smoothed:
    """The recursions over `y` (the observations after those the state was taken from)."""
    level, trend = state.level, state.trend
    seasonal = list(state.seasonal)
    m = len(seasonal)
    sse = 0.0
    fitted = []
    multiplicative = seasonality == MULTIPLICATIVE
    for t, value in enumerate(y):
        base = level + trend
        if m:
            s = seasonal[t % m]
            guess = base * s if multiplicative else base + s
        else:
            guess = base
        fitted.append(guess)
        sse += (value - guess) ** 2
        if m:
            if multiplicative:
                new_level = alpha * value / s + (1 - alpha) * base if s else base
                seasonal[t % m] = (gamma * value / base if base else 0.0) + (1 - gamma) * s
            else:
                new_level = alpha * (value - s) + (1 - alpha) * base
                seasonal[t % m] = gamma * (value - base) + (1 - gamma) * s
        else:
            new_level = alpha * value + (1 - alpha) * base
        trend = beta * (new_level - level) + (1 - beta) * trend
        level = new_level
    n = len(y)
    rotated = tuple(seasonal[(n + k) % m] for k in range(m)) if m else ()
    return Smoothed(alpha, beta, gamma, level, trend, rotated, sse, tuple(fitted))


def fit(y: Sequence[float], m: int, seasonality: str | None) -> Smoothed:
    """The parameters with the least squared one-step error. Holt (m = 0) needs 3 observations
    or more; Holt-Winters two seasons."""
    state = initial_state(y, m, seasonality)
    rest = y[m:] if m else y[1:]  # what the state was not taken from
    dims = 3 if m else 2

    def sse(p: Sequence[float]) -> float:
        gamma = p[2] if m else 0.0
        cost = run(rest, state, p[0], p[1], gamma, seasonality).sse
        return cost if math.isfinite(cost) else math.inf

    grid = [
        [a, b, g][:dims]
        for a in (0.1, 0.3, 0.6, 0.9)
        for b in (0.01, 0.1, 0.3)
        for g in ((0.05, 0.3) if m else (0.0,))
    ]
    start = min(grid, key=sse)
    best = nelder_mead(sse, start, _EVALUATIONS)
    return run(rest, state, best[0], best[1], best[2] if m else 0.0, seasonality)


def nelder_mead(
    f: Callable[[Sequence[float]], float], start: Sequence[float], evaluations: int
) -> list[float]:
    """The point of [0, 1]^n with the least f found from `start` (points outside are clipped)."""
    n = len(start)

    def clip(p: Sequence[float]) -> list[float]:
        return [min(1.0, max(0.0, v)) for v in p]

    simplex = [clip(start)]
    for i in range(n):
        point = list(simplex[0])
        point[i] = point[i] + 0.1 if point[i] <= 0.9 else point[i] - 0.1
        simplex.append(clip(point))
    values = [f(p) for p in simplex]
    used = n + 1
    while used < evaluations:
        order = sorted(range(n + 1), key=values.__getitem__)
        simplex = [simplex[i] for i in order]
        values = [values[i] for i in order]
        if values[-1] - values[0] <= 1e-10 * (abs(values[0]) + 1e-12):
            break
        centroid = [sum(p[i] for p in simplex[:-1]) / n for i in range(n)]
        worst = simplex[-1]
        reflected = clip([c + (c - w) for c, w in zip(centroid, worst, strict=True)])
        fr = f(reflected)
        used += 1
        if fr < values[0]:
            expanded = clip([c + 2 * (c - w) for c, w in zip(centroid, worst, strict=True)])
            fe = f(expanded)
            used += 1
            simplex[-1], values[-1] = (expanded, fe) if fe < fr else (reflected, fr)
        elif fr < values[-2]:
            simplex[-1], values[-1] = reflected, fr
        else:
            inside = fr >= values[-1]
            toward = worst if inside else reflected
            contracted = clip([c + 0.5 * (t - c) for c, t in zip(centroid, toward, strict=True)])
            fc = f(contracted)
            used += 1
            if fc < min(fr, values[-1]):
                simplex[-1], values[-1] = contracted, fc
            else:  # shrink toward the best point
                for i in range(1, n + 1):
                    simplex[i] = clip(
                        [b + 0.5 * (p - b) for b, p in zip(simplex[0], simplex[i], strict=True)]
                    )
                    values[i] = f(simplex[i])
                used += n
    return simplex[min(range(n + 1), key=values.__getitem__)]
