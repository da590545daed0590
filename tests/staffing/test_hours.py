"""Opening hours: one syntax for answers, the staffing command and the ticket audit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicefit.errors import ValueProblem
from servicefit.staffing.hours import MINUTES_PER_WEEK, parse_hours


def test_days_and_times_add_up() -> None:
    hours = parse_hours("Mon-Fri 09:00-17:00, Sat 10:00-14:00")
    assert hours.minutes_per_week == 5 * 8 * 60 + 4 * 60
    assert hours.open_days() == 6 and hours.text() == "Mon-Fri 09:00-17:00, Sat 10:00-14:00"
    assert hours.is_open(9 * 60) and not hours.is_open(17 * 60)
    assert not hours.is_open(6 * 24 * 60 + 12 * 60)  # Sunday noon


@pytest.mark.parametrize(
    ("text", "minutes", "canonical"),
    [
        ("24x7", MINUTES_PER_WEEK, "24x7"),
        ("Daily 07:00-23:00", 7 * 16 * 60, "Mon-Sun 07:00-23:00"),
        ("weekdays 08:00-12:00 13:00-17:00", 5 * 8 * 60, "Mon-Fri 08:00-12:00 13:00-17:00"),
        (
            "Weekends 10:00-16:00; Monday 09:00-10:00",
            13 * 60,
            "Mon 09:00-10:00, Sat-Sun 10:00-16:00",
        ),
        ("Fri 22:00-06:00", 8 * 60, "Fri 22:00-24:00, Sat 00:00-06:00"),
        ("Sun 22:00-02:00", 4 * 60, "Mon 00:00-02:00, Sun 22:00-24:00"),  # wraps to Monday
        ("Mon 09:00-12:00, Mon 11:00-13:00", 4 * 60, "Mon 09:00-13:00"),  # overlaps merge
        ("Sat-Mon 10:00-11:00", 3 * 60, "Mon 10:00-11:00, Sat-Sun 10:00-11:00"),
    ],
)
def test_the_forms(text: str, minutes: int, canonical: str) -> None:
    hours = parse_hours(text)
    assert hours.minutes_per_week == minutes and hours.text() == canonical


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "is not a set of opening hours"),
        ("Mon-Fri", "gives days but no times"),
        ("Someday 09:00-17:00", "'Someday' is not a day"),
        ("Mon 9-17", "is not a time"),
        ("Mon 09:00-25:00", "is not a time of day"),
        ("Mon 09:00-09:00", "opens and closes at the same time"),
        ("Mon 09:00-17:00,, Tue 09:00-17:00", "empty group"),
        ("Mon 0900", "is not a time range"),
    ],
)
def test_wrong_hours_say_which_part(text: str, says: str) -> None:
    with pytest.raises(ValueProblem, match=says):
        parse_hours(text)


def test_the_open_mask_counts_an_interval_open_for_half_of_it() -> None:
    hours = parse_hours("Mon 09:15-10:00")
    mask = hours.open_mask(30)
    assert [i for i, is_open in enumerate(mask) if is_open] == [18, 19]  # 09:00 and 09:30
    short = parse_hours("Mon 09:00-09:10").open_mask(60)  # under half an hour: any overlap
    assert [i for i, is_open in enumerate(short) if is_open] == [9]


TIMES = st.integers(0, 47).map(lambda h: f"{h // 2:02d}:{30 * (h % 2):02d}")


@given(
    st.lists(
        st.tuples(st.sampled_from(["Mon", "Tue", "Sat", "Sun", "Mon-Fri", "Daily"]), TIMES, TIMES)
        .filter(lambda g: g[1] != g[2])
        .map(lambda g: f"{g[0]} {g[1]}-{g[2]}"),
        min_size=1,
        max_size=5,
    )
)
def test_the_canonical_spelling_reads_back_the_same(groups: list[str]) -> None:
    hours = parse_hours(", ".join(groups))
    again = parse_hours(hours.text())
    assert again == hours
    assert 0 < hours.minutes_per_week <= MINUTES_PER_WEEK
