"""The audit's tallies: uniform text sampling and response times."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter

import pytest

from servicefit.audit.durations import as_hours, quantile
from servicefit.audit.measure import Sampled, Tally
from servicefit.staffing.hours import parse_hours


def sample_of(n: int, size: int, seed: int) -> list[str]:
    tally = Tally(dt.UTC, parse_hours("24x7"), frozenset(), size, seed)
    for i in range(n):
        slot = tally.text_slot()
        if slot is not None:
            tally.keep_text(slot, Sampled(str(i), str(i), "x"))
    return [s.id for s in tally.sample]


def test_the_reservoir_keeps_every_text_equally_likely() -> None:
    assert sorted(sample_of(5, 10, 1), key=int) == ["0", "1", "2", "3", "4"]
    counts: Counter[int] = Counter()
    for seed in range(400):
        counts.update(int(i) // 100 for i in sample_of(1000, 10, seed))
    # 4,000 picks over ten blocks of 100 texts: each block near 400
    assert (
        len(sample_of(1000, 10, 0)) == 10
        and min(counts.values()) > 300
        and max(counts.values()) < 500
    )


@pytest.mark.parametrize(
    "batches, size, seed", [([0, 5], 10, 1), ([1000], 10, 2), ([3, 200, 0, 7000], 50, 3)]
)
def test_drawing_positions_keeps_what_offering_each_text_keeps(
    batches: list[int], size: int, seed: int
) -> None:
    """draw_positions (the DuckDB engine's way, which jumps between draws) keeps the texts
    that offering each one to text_slot keeps, across several exports one after another."""
    one = Tally(dt.UTC, parse_hours("24x7"), frozenset(), size, seed)
    drawn = Tally(dt.UTC, parse_hours("24x7"), frozenset(), size, seed)
    for total in batches:
        for _ in range(total):
            slot = one.text_slot()
            if slot is not None:
                one.keep_text(slot, Sampled("", str(one.texts_seen), "x"))
        kept = drawn.draw_positions(total)
        for slot in sorted(kept):
            drawn.keep_text(slot, Sampled("", str(kept[slot]), "x"))
        assert drawn.texts_seen == one.texts_seen
    assert [s.id for s in drawn.sample] == [s.id for s in one.sample]


def test_durations_in_units_clocks_and_timestamps() -> None:
    created = dt.datetime(2024, 1, 1, 9, tzinfo=dt.UTC)

    def parse(v: str) -> tuple[dt.datetime, bool]:
        return dt.datetime.fromisoformat(v), False

    assert as_hours("90", "minutes", created, parse) == 1.5
    assert as_hours("1,5", "hours", created, parse) == 1.5
    assert as_hours("26:30:00", "clock", created, parse) == 26.5
    # a time "in hours" written h:mm:ss, as Freshdesk's ticket export writes some
    assert as_hours("02:15:00", "hours", created, parse) == 2.25
    assert as_hours("15:30", "hours", created, parse) is None  # h:mm or m:ss? not a guess
    assert as_hours("2024-01-01T12:00:00+00:00", "timestamp", created, parse) == 3
    assert (
        as_hours("", "minutes", created, parse) is None
        and as_hours("n/a", "hours", created, parse) is None
    )
    assert quantile({1: 1, 2: 1, 3: 1, 4: 1}, 0.5) == 2.5 and quantile({}, 0.9) is None
    values = [5, 1, 1, 9, 3, 3, 3, 7]
    counts = {v: values.count(v) for v in set(values)}
    ordered = sorted(values)
    for q in (0.0, 0.25, 0.5, 0.9, 1.0):  # as the sorted list of every value gives it
        position = q * (len(ordered) - 1)
        low = int(position)
        high = min(low + 1, len(ordered) - 1)
        assert quantile(counts, q) == ordered[low] + (ordered[high] - ordered[low]) * (
            position - low
        )


def test_the_id_table_counts_each_id_once_through_growth() -> None:
    from servicefit.audit.idtable import IdTable

    table = IdTable(size=8)
    for n in range(5000):
        assert table.seen(hash(f"t{n}"), n) == -1
    assert all(table.seen(hash(f"t{n}"), 0) == n for n in range(0, 5000, 7))
    table.replace(hash("t3"), 99)
    assert table.seen(hash("t3"), 0) == 99 and table.count == 5000


def test_a_ticket_counts_once_at_its_earliest_time() -> None:
    tally = Tally(dt.UTC, parse_hours("Mon-Fri 09:00-17:00"), frozenset(), 10, 1)
    late = dt.datetime(2024, 3, 6, 20, 0, tzinfo=dt.UTC)  # Wednesday evening, by phone
    early = dt.datetime(2024, 3, 4, 10, 0, tzinfo=dt.UTC)  # Monday morning, by e-mail
    assert tally.first_of_ticket("42", int(late.timestamp()), "phone", late)
    tally.count(late, "phone")
    assert not tally.first_of_ticket("42", int(early.timestamp()), "email", early)
    assert not tally.first_of_ticket("42", int(late.timestamp()), "phone")
    assert tally.used == 1 and tally.folded == 2
    assert +tally.channels == Counter({"email": 1})
    assert tally.slots["email"][10] == 1 and sum(tally.slots["phone"]) == 0
    assert tally.after_hours == 0 and tally.months() == Counter({"2024-03": 1})


def test_counting_by_seconds_counts_what_counting_datetimes_does() -> None:
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    hours = parse_hours("Mon-Fri 08:30-17:30")
    holiday = frozenset({dt.date(2024, 3, 29)})
    by_datetime = Tally(berlin, hours, holiday, 10, 1)
    by_seconds = Tally(berlin, hours, holiday, 10, 1)
    start = dt.datetime(2024, 3, 25, tzinfo=dt.UTC)  # the week summer time starts
    for n in range(0, 9 * 24 * 60, 37):
        instant = start + dt.timedelta(minutes=n)
        channel = ("email", "chat", "phone")[n % 3]
        by_datetime.count(instant, channel)
        wall = instant.astimezone(berlin).replace(tzinfo=dt.UTC)
        by_seconds.count_at(int(instant.timestamp()), int(wall.timestamp()), channel)
    by_seconds.settle()
    for name in ("used", "timed", "after_hours", "weekend", "after_17", "night", "first", "last"):
        assert getattr(by_seconds, name) == getattr(by_datetime, name), name
    assert by_seconds.channels == by_datetime.channels
    assert by_seconds.slots == by_datetime.slots and by_seconds.daily == by_datetime.daily


def test_the_id_table_stops_growing_at_its_cap() -> None:
    from servicefit.audit.idtable import IdTable

    table = IdTable(size=8, most=100)
    for n in range(500):
        table.seen(hash(f"t{n}"), n)
    assert table.count == 100 and table.full and len(table.keys) <= 256
    assert table.seen(hash("t5"), 0) == 5  # those kept are still found


def test_hours_counted_by_seconds_settle_as_they_grow(monkeypatch: pytest.MonkeyPatch) -> None:
    """count_at holds at most MOST_BUCKETS hours and channels before it adds them up, so an
    export spread over decades keeps memory flat; the counts are the same either way."""
    import servicefit.audit.measure as measure

    hours = parse_hours("Mon-Fri 09:00-17:00")
    whole, settled = (Tally(dt.UTC, hours, frozenset(), 10, 1) for _ in range(2))
    instants = [n * 7_919 * 3_600 for n in range(-400, 400)]  # hours over two centuries
    for s in instants:
        whole.count_at(s, s, "email")
    monkeypatch.setattr(measure, "MOST_BUCKETS", 16)
    for s in instants:
        settled.count_at(s, s, "email")
        assert len(settled._buckets) <= 17
    whole.settle()
    settled.settle()
    assert settled.daily == whole.daily and settled.slots == whole.slots
    assert settled.used == whole.used == len(instants)
