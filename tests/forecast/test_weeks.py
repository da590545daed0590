from __future__ import annotations

import datetime as dt

from servicefit.forecast.weeks import complete_weeks, weekly_totals


def test_only_whole_weeks_count() -> None:
    # a Wednesday to a Saturday: the first and last weeks are partial
    weeks = complete_weeks(dt.date(2026, 1, 7), dt.date(2026, 2, 7))
    assert weeks == (dt.date(2026, 1, 12), dt.date(2026, 1, 19), dt.date(2026, 1, 26))
    assert complete_weeks(dt.date(2026, 1, 5), dt.date(2026, 1, 11)) == (dt.date(2026, 1, 5),)


def test_a_holiday_counts_as_the_same_weekday_around_it() -> None:
    weeks = complete_weeks(dt.date(2026, 1, 5), dt.date(2026, 2, 1))
    daily = {w + dt.timedelta(days=d): 10 for w in weeks for d in range(7)}
    holiday = dt.date(2026, 1, 14)
    daily[holiday] = 0
    daily[dt.date(2026, 1, 7)] = 14  # the same weekday a week before
    out = weekly_totals(daily, weeks, {holiday}, 2)
    assert out.holidays == (holiday,)
    # neighbours: 14 (a week before), 10 and 10 after: the median is 10
    assert out.totals[1] == 70
    assert out.totals[0] == 74
    assert weekly_totals(daily, weeks, {holiday}, 0).totals[1] == 60  # no neighbours: as counted
