"""A channel's typical week: daily totals spread by a shape, or counts per interval."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicefit.staffing.demand import arrivals, parse_demand
from servicefit.staffing.fields import FieldProblem
from servicefit.staffing.hours import parse_hours

SHAPES = {"office-day": tuple([0.0] * 9 + [4, 5, 5, 4, 4, 5, 4, 3] + [0.0] * 7)}
OFFICE = parse_hours("Mon-Fri 09:00-17:00")


def test_a_count_per_open_day_goes_evenly_over_the_open_hours() -> None:
    demand = parse_demand({"daily": 160}, SHAPES)
    week = arrivals(demand, OFFICE, 30, SHAPES)
    assert len(week) == 7 * 48 and sum(week) == pytest.approx(5 * 160)
    assert week[18] == pytest.approx(10) and week[17] == 0 and sum(week[5 * 48 :]) == 0


def test_daily_totals_follow_their_shape_even_outside_the_hours() -> None:
    demand = parse_demand({"daily": {"mon": 300, "sun": 30}, "shape": "office-day"}, SHAPES)
    week = arrivals(demand, OFFICE, 60, SHAPES)
    assert sum(week[:24]) == pytest.approx(300) and sum(week[6 * 24 :]) == pytest.approx(30)
    assert week[10] == pytest.approx(300 * 5 / 34)  # Monday 10:00: its weight of the day's 34


@given(
    st.sampled_from(["15m", "30m", "1h"]),
    st.lists(st.floats(0, 500, allow_nan=False), min_size=1, max_size=7),
    st.sampled_from([15, 30, 60]),
)
def test_a_week_of_intervals_keeps_its_total_on_any_grid(interval, scale, grid) -> None:
    per_day = {"15m": 96, "30m": 48, "1h": 24}[interval]
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    spec = {"interval": interval}
    for day, top in zip(days, scale, strict=False):
        spec[day] = [top * ((i % 7) / 7) for i in range(per_day)]
    demand = parse_demand({"week": spec}, SHAPES)
    week = arrivals(demand, OFFICE, grid, SHAPES)
    assert len(week) == 7 * 24 * 60 // grid
    assert sum(week) == pytest.approx(sum(sum(v) for k, v in spec.items() if k != "interval"))


@pytest.mark.parametrize(
    ("spec", "field", "says"),
    [
        ({"daily": -1}, "daily", "from 0"),
        ({"daily": {"monday": 3}}, "daily.monday", "is not a day"),
        ({"daily": 5, "shape": "lunch"}, "shape", "is not an intraday shape"),
        ({"week": {"mon": [1] * 48}}, "week", "needs 'interval'"),
        ({"week": {"interval": "20m"}}, "week.interval", "is not an interval"),
        ({"week": {"interval": "1h", "tue": [1, 2]}}, "week.tue", "needs 24 counts"),
        ({"week": {"interval": "1h"}, "shape": "office-day"}, "shape", "already has its own"),
    ],
)
def test_wrong_weeks_name_the_field(spec, field, says) -> None:
    with pytest.raises(FieldProblem) as raised:
        parse_demand(spec, SHAPES)
    problem = raised.value
    assert problem.field == field and says in f"{problem.message} {problem.hint}"
