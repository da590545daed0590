"""The hot loop's reading of common timestamps (audit/clock.py) gives exactly what the exact
reader gives, in zones with clock changes, half-hour and 45-minute offsets, or declines."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from hypothesis import given, settings
from hypothesis import strategies as st

from servicefit.audit.clock import HourReader
from servicefit.audit.times import TimeReader

ZONES = [
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "America/St_Johns",  # -03:30, with summer time
    "Australia/Adelaide",  # +09:30, with summer time
    "Australia/Lord_Howe",  # a half-hour clock change
    "Asia/Kolkata",
    "Asia/Kathmandu",  # +05:45
]
SHAPES = ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]
SUFFIXES = ["", "", "Z", "+01:00", "-0330", "+05:45", "+14:00"]


def expected(reader: TimeReader, zone: dt.tzinfo, text: str) -> tuple[int, int, bool, bool]:
    instant, naive = reader.parse(text)
    assert instant is not None
    wall = instant.astimezone(zone).replace(tzinfo=dt.UTC)
    midnight = not (instant.hour or instant.minute or instant.second)
    return int(instant.timestamp()), int(wall.timestamp()), naive, midnight


@settings(max_examples=400, deadline=None)
@given(
    when=st.datetimes(min_value=dt.datetime(1901, 1, 1), max_value=dt.datetime(2198, 12, 31)),
    source=st.sampled_from([None, *ZONES]),
    target=st.sampled_from(ZONES),
    shape=st.sampled_from(SHAPES),
    suffix=st.sampled_from(SUFFIXES),
)
def test_the_hour_reader_agrees_with_the_exact_reader(
    when: dt.datetime, source: str | None, target: str, shape: str, suffix: str
) -> None:
    zone = zoneinfo.ZoneInfo(target)
    reader = TimeReader(zoneinfo.ZoneInfo(source) if source else None, None)
    text = when.strftime(shape) + suffix
    clock = HourReader(reader, zone).read(text)
    if clock is None:  # declined: the caller reads it the exact way
        return
    assert tuple(clock) == expected(reader, zone, text)


def test_clock_changes_are_read_exactly_or_declined() -> None:
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    reader = HourReader(TimeReader(berlin, None), zoneinfo.ZoneInfo("Australia/Lord_Howe"))
    for text in ["2024-03-31 01:59", "2024-03-31 02:30", "2024-10-27 02:30", "2024-04-07 01:45"]:
        clock = reader.read(text)
        assert clock is None or tuple(clock) == expected(reader.reader, reader.zone, text)
    # written in Lord Howe time: summer time starts at 02:00 by half an hour, so 02:00-02:29
    # does not exist and 02:30-02:59 is half an hour later than its hour's start suggests
    lord_howe_source = HourReader(
        TimeReader(zoneinfo.ZoneInfo("Australia/Lord_Howe"), None), berlin
    )
    for text in ["2024-10-06 02:10", "2024-10-06 02:45", "2024-04-07 01:45"]:
        clock = lord_howe_source.read(text)
        assert clock is None or tuple(clock) == expected(
            lord_howe_source.reader, lord_howe_source.zone, text
        ), text
    # Lord Howe moves its clock by half an hour at 02:00 local, 15:00 UTC the day before
    lord_howe = HourReader(TimeReader(dt.UTC, None), zoneinfo.ZoneInfo("Australia/Lord_Howe"))
    assert lord_howe.read("2024-04-06 14:59") is not None
    assert lord_howe.read("2024-04-06 15:00") is not None


def test_other_shapes_and_impossible_values_are_declined() -> None:
    reader = HourReader(TimeReader(dt.UTC, None), dt.UTC)
    for text in [
        "2024-03-05",  # a day: the exact reader puts it in the analysis zone
        "2024-03-05 14:60",
        "2024-03-05 14:22:10.5",
        "05/03/2024 14:22",
        " 2024-03-05 14:22",
        "2024-03-05 14:22 UTC",
        "２０２４-03-05 14:22",  # full-width digits
        "1800-03-05 14:22",  # outside the plausible years
        1709648520,
        None,
    ]:
        assert reader.read(text) is None, text
