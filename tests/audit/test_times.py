"""Export timestamps as instants, and the hours of a week that a clock change skips."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from servicefit.audit.measure import Tally
from servicefit.audit.times import TimeReader
from servicefit.staffing.hours import parse_hours

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("2024-03-05T14:22:10Z", "2024-03-05T14:22:10"),
        ("2024-03-05 14:22:10 +0100", "2024-03-05T13:22:10"),
        ("2024-03-05T14:22:10.000+01:00", "2024-03-05T13:22:10"),
        ("2024-03-05 14:22:10 UTC", "2024-03-05T14:22:10"),
        ("1709648530", "2024-03-05T14:22:10"),
        ("1709648530000", "2024-03-05T14:22:10"),
    ],
)
def test_times_with_an_offset_or_epoch_are_instants(text: str, utc: str) -> None:
    instant, naive = TimeReader(None, None).parse(text)
    assert instant is not None and not naive
    assert instant.astimezone(dt.UTC).replace(tzinfo=None).isoformat() == utc


def test_naive_times_are_read_in_the_source_zone_and_say_so() -> None:
    instant, naive = TimeReader(BERLIN, None).parse("2024-07-01 10:00")
    assert naive and instant is not None and instant.utcoffset() == dt.timedelta(hours=2)
    us, _ = TimeReader(dt.UTC, None).parse("03/05/2024 2:22 PM")
    assert us == dt.datetime(2024, 3, 5, 14, 22, tzinfo=dt.UTC)
    jira, _ = TimeReader(dt.UTC, "%d/%b/%y %I:%M %p").parse("05/Nov/24 9:15 AM")
    assert jira == dt.datetime(2024, 11, 5, 9, 15, tzinfo=dt.UTC)
    assert TimeReader(None, None).parse("yesterday") == (None, False)


def test_a_slot_skipped_by_the_clock_change_is_divided_by_fewer_weeks() -> None:
    tally = Tally(BERLIN, parse_hours("24x7"), frozenset(), 10, 1)
    # four weeks of March 2024 around the change (Sunday 31 March, 02:00 -> 03:00)
    tally.count(dt.datetime(2024, 3, 11, 0, 0, tzinfo=BERLIN), "phone")
    tally.count(dt.datetime(2024, 4, 7, 23, 0, tzinfo=BERLIN), "phone")
    occurrences = tally.slot_occurrences()
    sunday_two, sunday_three = 6 * 24 + 2, 6 * 24 + 3
    assert occurrences[sunday_three] == 4 and occurrences[sunday_two] == 3
    assert occurrences[0] == 4  # Monday 00:00


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("05-03-2024 14:22", True, "2024-03-05T14:22:00"),
        ("05/03/2024 14:22", False, "2024-05-03T14:22:00"),
        ("5.3.24 2:22 PM", True, "2024-03-05T14:22:00"),
        ("05/03/2024", True, "2024-03-05T00:00:00"),
    ],
)
def test_numeric_dates_in_either_order(text: str, day_first: bool, expected: str) -> None:
    instant, naive = TimeReader(dt.UTC, None, day_first).parse(text)
    assert naive and instant is not None
    assert instant.replace(tzinfo=None).isoformat() == expected


def test_the_order_of_day_and_month_comes_from_the_values() -> None:
    from servicefit.audit.times import date_order

    assert date_order([(2, "03/05/2024"), (3, "13/05/2024")]) == ("day", 3)
    assert date_order([(2, "03/05/2024"), (3, "05/13/2024")]) == ("month", 3)
    assert date_order([(2, "03/05/2024"), (3, "04/05/2024")]) == (None, 0)
    assert date_order([(2, "13/05/2024"), (9, "05/13/2024")]) == ("mixed", 9)


def test_a_bare_date_is_a_day_of_the_analysis_zone() -> None:
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    instant, naive = TimeReader(dt.UTC, None, False, berlin).parse("2024-03-05")
    assert instant == dt.datetime(2024, 3, 5, tzinfo=berlin) and not naive


@pytest.mark.parametrize(
    "text", ["9999-12-31T23:00:00-14:00", "0001-01-01T00:00:00+14:00", "nan", "1e30", "inf"]
)
def test_timestamps_past_any_calendar_are_unreadable_not_a_crash(text: str) -> None:
    assert TimeReader(None, None).parse(text) == (None, False)
