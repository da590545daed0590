from __future__ import annotations

import math
import random

import pytest

from servicefit.forecast.backtest import ForecastError, forecast_series, quantile
from servicefit.forecast.methods import recent_trend, seasonal_naive, slope
from servicefit.forecast.settings import ForecastSettings


def _noisy(n: int, seed: int = 1, amplitude: float = 0.0, rise: float = 0.0) -> list[float]:
    rng = random.Random(seed)
    return [
        1000 + rise * t + amplitude * math.sin(2 * math.pi * t / 52) + rng.gauss(0, 20)
        for t in range(n)
    ]


def test_too_little_history_is_an_error(settings: ForecastSettings) -> None:
    with pytest.raises(ForecastError, match="needs at least 2"):
        forecast_series([10.0], 4, settings)


def test_a_short_history_gets_the_simple_methods_and_says_why(settings: ForecastSettings) -> None:
    out = forecast_series(_noisy(5), 13, settings)
    assert {s.method for s in out.backtest} == set(settings.simple)
    assert "shorter than 8 weeks" in out.not_tried["holt"]
    assert len(out.values) == 13


def test_holt_winters_needs_two_years_before_the_backtest(settings: ForecastSettings) -> None:
    out = forecast_series(_noisy(60), 13, settings)
    assert "holt_winters_additive" in out.not_tried
    assert "needs 104 weeks" in out.not_tried["holt_winters_additive"]
    assert "holt" not in out.not_tried and "recent_trend" not in out.not_tried


def test_a_strong_yearly_pattern_is_forecast_by_a_seasonal_method(
    settings: ForecastSettings,
) -> None:
    y = _noisy(160, amplitude=400)
    out = forecast_series(y, 13, settings)
    assert out.method in {"holt_winters_additive", "holt_winters_multiplicative", "seasonal_naive"}
    truth = [1000 + 400 * math.sin(2 * math.pi * t / 52) for t in range(160, 173)]
    errors = [abs(f - t) / t for f, t in zip(out.values, truth, strict=True)]
    assert sum(errors) / len(errors) < 0.05


def test_a_flat_series_prefers_the_simpler_method_and_bands_hold_the_forecast(
    settings: ForecastSettings,
) -> None:
    out = forecast_series([500.0] * 30, 20, settings)
    assert out.method == "naive"  # every method is exact: the simplest wins
    assert all(lo <= v <= hi for lo, v, hi in zip(out.low, out.values, out.high, strict=True))


def test_the_band_widens_beyond_the_backtest_horizon(settings: ForecastSettings) -> None:
    out = forecast_series(_noisy(40, seed=4), 26, settings)
    width = [hi - lo for lo, hi in zip(out.low, out.high, strict=True)]
    assert out.horizon < 26
    assert width[-1] > width[out.horizon - 1] > 0


def test_weeks_without_contacts_leave_mape_out_and_skip_multiplicative(
    settings: ForecastSettings,
) -> None:
    y = [0.0, 0.0, 3.0, 0.0] * 30
    out = forecast_series(y, 4, settings)
    assert "holt_winters_multiplicative" in out.not_tried
    assert all(s.error is None or s.error >= 0 for s in out.backtest)


def test_methods() -> None:
    s = ForecastSettings(52, 4, 8, 13, 6, 0.8, 20, 8, 10, 2, 260, 2, {}, (), 0.5)
    assert slope([1.0, 3.0, 5.0]) == pytest.approx(2.0)
    assert recent_trend([float(v) for v in range(10, 20)], 2, s) == pytest.approx([20.0, 21.0])
    year = [float(t) for t in range(52)]
    assert seasonal_naive(year, 3, s) == [0.0, 1.0, 2.0]
    assert quantile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
