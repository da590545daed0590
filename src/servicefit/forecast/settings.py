"""How a forecast is made (rules/forecast.yaml, read by knowledge/forecast.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple


class Method(NamedTuple):
    id: str
    label: str  # for people
    about: str  # one sentence: what it does
    min_weeks: int  # weeks of history it needs to be fitted


class ForecastSettings(NamedTuple):
    season_weeks: int  # the seasonal cycle of weekly totals: a year
    recent_weeks: int  # "the average of recent weeks" takes this many
    trend_weeks: int  # the trend of recent weeks is fitted over this many
    horizon_weeks: int  # the backtest forecasts at most this far from each origin
    origins: int  # at most this many backtest origins, one week apart
    band: float  # the band's coverage
    empirical_errors: int  # fewer backtest errors than this: a band from their RMS
    short_history_weeks: int  # under this, the simple methods only
    few_contacts_a_week: float  # fewer on average: the forecast is a rough level
    min_weeks: int  # under this, no forecast
    max_history_weeks: int  # the latest weeks the methods learn from
    holiday_neighbours: int  # weeks either side whose same weekday stands in for a holiday
    methods: Mapping[str, Method]  # in order: simplest first (ties go to the simpler)
    simple: tuple[str, ...]  # the methods a short history gets
    min_history_share: float  # complete weeks holding less of the contacts: a warning
