"""The audit's measures, gathered row by row in one pass: counts per channel, local month and
hour of the week, after-hours and weekend shares, response times, and a seeded uniform sample
of ticket text for the routine share. Memory is flat in the number of rows, except the
response times (eight bytes a ticket)."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from collections.abc import Mapping
from typing import Any, NamedTuple

from servicefit.staffing.hours import MINUTES_PER_DAY, OpeningHours

NIGHT = (22, 7)  # local hours from 22:00 to 07:00 are night
MAX_TEXT = 4000  # characters of a ticket's text kept for classification


class Sampled(NamedTuple):
    source: str  # file:line
    id: str
    text: str


class Window(NamedTuple):
    since: dt.datetime | None  # inclusive
    until: dt.datetime | None  # exclusive


class Tally:
    """Everything the audit counts, in the analysis time zone."""

    def __init__(
        self,
        zone: dt.tzinfo,
        hours: OpeningHours,
        holidays: frozenset[dt.date],
        sample_size: int,
        seed: int,
    ):
        self.zone = zone
        self.hours = hours
        self._open = bytes(hours.is_open(m) for m in range(7 * MINUTES_PER_DAY))
        self.holidays = holidays
        self.read = 0
        self.used = 0
        self.excluded: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()
        self.skipped_lines: dict[str, list[str]] = {}
        self.unmapped: Counter[str] = Counter()
        self.channels: Counter[str] = Counter()
        self.months: Counter[str] = Counter()
        self.slots: dict[str, list[int]] = {}  # channel -> 168 counts, Monday 00:00 first
        self.after_hours = 0
        self.weekend = 0
        self.after_17 = 0
        self.night = 0
        self.naive = 0
        self.first: dt.datetime | None = None
        self.last: dt.datetime | None = None
        # response times to the minute: minutes -> tickets (flat memory, exact to a minute)
        self.first_reply: Counter[int] = Counter()
        self.resolution: Counter[int] = Counter()
        self.impossible: Counter[str] = Counter()
        self.sample: list[Sampled] = []
        self.wanted: frozenset[str] = frozenset()  # ticket ids whose text --labels needs
        self.labelled: dict[str, str] = {}
        self.texts_seen = 0
        self._size = sample_size
        self._random = random.Random(seed)
        self._weight = 0.0
        self._next = 0

    def skip(self, reason: str, where: str) -> None:
        self.skipped[reason] += 1
        lines = self.skipped_lines.setdefault(reason, [])
        if len(lines) < 5:
            lines.append(where)

    def count(self, instant: dt.datetime, channel: str, n: int = 1) -> None:
        """`n` contacts on `channel` at `instant` (one ticket, or a count from aggregates)."""
        local = instant.astimezone(self.zone)
        self.used += n
        self.channels[channel] += n
        self.months[f"{local.year:04d}-{local.month:02d}"] += n
        day = local.weekday()
        slot = day * 24 + local.hour
        series = self.slots.get(channel)
        if series is None:
            series = self.slots[channel] = [0] * 168
        series[slot] += n
        minute = day * MINUTES_PER_DAY + local.hour * 60 + local.minute
        if not self._open[minute] or (self.holidays and local.date() in self.holidays):
            self.after_hours += n
        if day >= 5:
            self.weekend += n
        if local.hour >= 17:
            self.after_17 += n
        if local.hour >= NIGHT[0] or local.hour < NIGHT[1]:
            self.night += n
        if self.first is None or instant < self.first:
            self.first = instant
        if self.last is None or instant > self.last:
            self.last = instant

    def text_slot(self) -> int | None:
        """Reservoir sampling (Li's algorithm L), decided before the text is read: where the
        next ticket's text goes in the sample, or None. Every text has the same chance to be
        kept, and the random draws are few: the tickets to skip are drawn at once."""
        self.texts_seen += 1
        if len(self.sample) < self._size:
            if len(self.sample) == self._size - 1:
                self._weight = math.exp(math.log(self._random.random()) / self._size)
                self._next = self.texts_seen + self._skip()
            return len(self.sample)
        if self.texts_seen < self._next:
            return None
        self._weight *= math.exp(math.log(self._random.random()) / self._size)
        self._next = self.texts_seen + self._skip()
        return self._random.randrange(self._size)

    def _skip(self) -> int:
        return int(math.log(self._random.random()) / math.log(1 - self._weight)) + 1

    def keep_text(self, slot: int, item: Sampled) -> None:
        if slot == len(self.sample):
            self.sample.append(item)
        else:
            self.sample[slot] = item

    def duration(self, field: str, hours: float | None, limit_hours: float) -> None:
        if hours is None:
            return
        if hours < 0 or hours > limit_hours:
            self.impossible[field] += 1
            return
        (self.first_reply if field == "first_reply" else self.resolution)[round(hours * 60)] += 1

    # ---- after the pass ----------------------------------------------------------------

    def slot_occurrences(self) -> list[int]:
        """How many times each local hour of the week occurs between the first and the last
        ticket: a slot skipped by a clock change counts once less, a repeated one once."""
        out = [0] * 168
        if self.first is None or self.last is None:
            return out
        seen: set[tuple[dt.date, int]] = set()
        step = dt.timedelta(hours=1)
        # step in UTC: arithmetic on a zoned datetime steps its wall clock, through the gap
        t = self.first.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)
        while t <= self.last:
            local = t.astimezone(self.zone)
            key = (local.date(), local.hour)
            if key not in seen:
                seen.add(key)
                out[local.weekday() * 24 + local.hour] += 1
            t += step
        return out

    def complete_months(self) -> list[str]:
        """Months wholly between the first and the last ticket (local time)."""
        if self.first is None or self.last is None:
            return []
        first, last = self.first.astimezone(self.zone), self.last.astimezone(self.zone)
        out = []
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            start = dt.datetime(year, month, 1, tzinfo=self.zone)
            nxt = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=self.zone)
            if first <= start and nxt <= last + dt.timedelta(seconds=1):
                out.append(f"{year:04d}-{month:02d}")
            year, month = nxt.year, nxt.month
        return out


def quantile(counts: Mapping[int, int], q: float) -> float | None:
    """The q-quantile of values given as value -> how many (linear between neighbours, as
    for the sorted list of every value)."""
    total = sum(counts.values())
    if not total:
        return None
    position = q * (total - 1)
    low_rank, high_rank = int(position), min(int(position) + 1, total - 1)
    low = high = None
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if low is None and seen > low_rank:
            low = value
        if seen > high_rank:
            high = value
            break
    assert low is not None and high is not None
    return low + (high - low) * (position - low_rank)


def as_hours(value: Any, unit: str, created: dt.datetime, parse: Any) -> float | None:
    """A first-reply or resolution time in hours, from a number in `unit`, a clock 'HH:MM:SS',
    or a timestamp (the time since `created`)."""
    if value is None or value == "":
        return None
    if unit == "timestamp":
        instant, _ = parse(value)
        return None if instant is None else (instant - created).total_seconds() / 3600
    if unit == "clock":
        parts = str(value).strip().split(":")
        try:
            numbers = [float(p) for p in parts]
        except ValueError:
            return None
        while len(numbers) < 3:
            numbers.insert(0, 0.0)
        return numbers[-3] + numbers[-2] / 60 + numbers[-1] / 3600
    try:
        number = float(value)
    except (TypeError, ValueError):
        try:
            number = float(str(value).replace(",", "."))  # a decimal comma
        except ValueError:
            return None
    return number / {"seconds": 3600, "minutes": 60, "hours": 1}[unit]
