"""Holt-Winters as servicefit computes it, against statsmodels' ExponentialSmoothing."""

from __future__ import annotations

import math
import random
import warnings

import pytest

from servicefit.forecast.smoothing import ADDITIVE, MULTIPLICATIVE, fit, initial_state, run

np = pytest.importorskip("numpy", reason="numpy comes with statsmodels, a test dependency")
holtwinters = pytest.importorskip(
    "statsmodels.tsa.holtwinters", reason="statsmodels is a test dependency (pyproject [test])"
)

M = 52


def _series(seed: int, n: int = 170) -> list[float]:
    rng = random.Random(seed)
    return [
        900 + 2.5 * t + 220 * math.sin(2 * math.pi * t / M) + rng.gauss(0, 35) for t in range(n)
    ]


def _model(y: list[float], seasonality: str) -> object:
    state = initial_state(y, M, seasonality)
    return holtwinters.ExponentialSmoothing(
        np.array(y[M:]),
        trend="add",
        seasonal="add" if seasonality == ADDITIVE else "mul",
        seasonal_periods=M,
        initialization_method="known",
        initial_level=state.level,
        initial_trend=state.trend,
        initial_seasonal=np.array(state.seasonal),
    )


@pytest.mark.parametrize("seasonality", [ADDITIVE, MULTIPLICATIVE])
@pytest.mark.parametrize("params", [(0.3, 0.05, 0.2), (0.8, 0.4, 0.6), (0.05, 0.0, 0.01)])
def test_same_recursions_as_statsmodels(seasonality: str, params: tuple[float, ...]) -> None:
    y = _series(7)
    ours = run(y[M:], initial_state(y, M, seasonality), *params, seasonality)
    theirs = _model(y, seasonality).fit(  # type: ignore[attr-defined]
        smoothing_level=params[0],
        smoothing_trend=params[1],
        smoothing_seasonal=params[2],
        optimized=False,
    )
    assert list(theirs.fittedvalues) == pytest.approx(ours.fitted, rel=1e-9)
    assert theirs.sse == pytest.approx(ours.sse, rel=1e-9)
    ahead = ours.forecast(2 * M + 5, seasonality)
    expected = list(theirs.forecast(2 * M + 5))
    # at whole seasons ahead (52, 104 weeks) statsmodels takes the seasonal index from the
    # season before its last update (a quirk of its indexing); every other step is the
    # textbook formula, as ours
    for h in range(len(ahead)):
        if (h + 1) % M:
            assert ahead[h] == pytest.approx(expected[h], rel=1e-9), h


@pytest.mark.parametrize("seasonality", [ADDITIVE, MULTIPLICATIVE])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fit_finds_as_small_an_error_as_statsmodels(seasonality: str, seed: int) -> None:
    y = _series(seed)
    ours = fit(y, M, seasonality)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter
        theirs = _model(y, seasonality).fit()  # type: ignore[attr-defined]
    assert ours.sse <= theirs.sse * 1.001
    for value in (ours.alpha, ours.beta, ours.gamma):
        assert 0.0 <= value <= 1.0


def test_holt_follows_a_straight_line() -> None:
    y = [100.0 + 5 * t for t in range(20)]
    model = fit(y, 0, None)
    assert model.forecast(3, None) == pytest.approx([200.0, 205.0, 210.0], rel=1e-6)
