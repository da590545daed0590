from __future__ import annotations

from pathlib import Path

import pytest

from servicefit.forecast.settings import ForecastSettings
from servicefit.knowledge.forecast import load_forecast_settings

RULES = Path(__file__).parents[2] / "rules" / "forecast.yaml"


@pytest.fixture(scope="session")
def settings() -> ForecastSettings:
    return load_forecast_settings(RULES)
