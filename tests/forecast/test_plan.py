from __future__ import annotations

import datetime as dt

import pytest

from servicefit.forecast.backtest import ForecastError
from servicefit.forecast.plan import plan_forecast
from servicefit.forecast.settings import ForecastSettings


def _daily(days: int, per_day: int, start: dt.date = dt.date(2026, 1, 5)) -> dict[dt.date, int]:
    return {start + dt.timedelta(days=d): per_day + d % 3 for d in range(days)}


def test_channels_add_up_to_the_total(settings: ForecastSettings) -> None:
    daily = {"email": _daily(140, 20), "chat": _daily(140, 7), "phone": _daily(140, 3)}
    fc = plan_forecast(daily, dt.date(2026, 1, 5), dt.date(2026, 5, 24), (), 13, settings)
    assert len(fc.total.forecast.values) == 13
    assert fc.total.starts[0] == dt.date(2026, 5, 25)
    for i in range(13):
        parts = sum(line.forecast.values[i] for line in fc.by_channel.values())
        assert parts == pytest.approx(fc.total.forecast.values[i])
    assert 0 <= fc.busiest() < 13


def test_too_few_whole_weeks(settings: ForecastSettings) -> None:
    with pytest.raises(ForecastError, match="1 complete week"):
        plan_forecast(
            {"email": _daily(10, 5)}, dt.date(2026, 1, 5), dt.date(2026, 1, 14), (), 4, settings
        )
    with pytest.raises(ForecastError, match="no contacts"):
        plan_forecast({}, None, None, (), 4, settings)


def test_the_contacts_outside_the_weeks_learnt_from_are_counted(settings) -> None:
    """An extract: two quiet complete weeks, then a burst of 1,800 in a week cut short (and
    more contacts in months left out of the active span): the report warns."""
    from servicefit.report.forecast import document

    daily = {"web": {dt.date(2023, 7, 5): 1, dt.date(2023, 7, 12): 1}}
    daily["web"].update({dt.date(2023, 7, 17) + dt.timedelta(days=d): 300 for d in range(6)})
    fc = plan_forecast(daily, dt.date(2023, 7, 1), dt.date(2023, 7, 22), (), 4, settings, 2_100)
    assert (fc.history_contacts, fc.contacts) == (2, 2_100)
    warned = document(fc, ["x.csv"], "UTC", [])["warnings"]
    assert len(warned) == 1 and "hold 2 of the exports' 2,100 contacts (0.1%)" in warned[0]
    # a continuous export: every contact in the weeks learnt from, no warning
    whole = plan_forecast(
        {"web": _daily(28, 5)}, dt.date(2026, 1, 5), dt.date(2026, 2, 1), (), 4, settings
    )
    assert whole.history_contacts == whole.contacts == sum(_daily(28, 5).values())
    assert document(whole, ["x.csv"], "UTC", [])["warnings"] == []
