"""The audit's measures, gathered row by row in one pass: counts per channel, local day and
hour of the week, after-hours and weekend shares, response times, and a seeded uniform sample
of ticket text for the routine share. Memory is flat in the number of rows, except the ids
seen (about 32 bytes a ticket, to count a ticket once however many rows it has)."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

from servicefit.audit.idtable import IdTable
from servicefit.staffing.hours import MINUTES_PER_DAY, OpeningHours

NIGHT = (22, 7)  # local hours from 22:00 to 07:00 are night
# why rows are skipped or left out, as both engines count them and the report says them
UNMAPPED = "channel value not mapped"
NO_TIME = "creation time missing or unreadable"
OUTSIDE_WINDOW = "outside --since/--until"
OUTBOUND_ROW = "outbound or not a contact ({})"  # the channel value, stripped and lower-case
MAX_TEXT = 4000  # characters of a ticket's text kept for classification


class Sampled(NamedTuple):
    source: str  # file:line
    id: str
    text: str
    channel: str = ""  # "" where the text came without one (--text-sample)


class Window(NamedTuple):
    since: dt.datetime | None  # inclusive
    until: dt.datetime | None  # exclusive


MOST_BUCKETS = 100_000  # hours and channels count_at holds before it settles them (~10 MiB)
_ORDINAL_1970 = dt.date(1970, 1, 1).toordinal()
_THURSDAY = 3 * MINUTES_PER_DAY  # 1970-01-01 was a Thursday: minutes after Monday 00:00
_WEEK = 7 * MINUTES_PER_DAY
EPOCH_SHIFT = 1 << 33  # seconds added so that instants back to 1900 pack as positive numbers
CHANNEL_BITS = 6  # up to 64 channels


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
        self.daily: dict[str, Counter[int]] = {}  # channel -> local date (ordinal) -> contacts
        self.timed = 0  # contacts with a creation time (the time measures count these)
        self.midnight = 0  # rows whose time, as written, is 00:00:00 (a date-only column)
        self.ids = IdTable()
        self.folded = 0  # rows of a ticket counted already (history and event tables)
        self.rows_seen = IdTable()
        self.repeated_rows = 0  # rows identical to an earlier one, in an export without ids
        self.channel_ids: dict[str, int] = {}
        self.partial: list[str] = []  # file: what says more pages follow
        self.slots: dict[str, list[int]] = {}  # channel -> 168 counts, Monday 00:00 first
        self.after_hours = 0
        self.weekend = 0
        self.after_17 = 0
        self.night = 0
        self.naive = 0
        self._first: dt.datetime | None = None
        self._last: dt.datetime | None = None
        self._first_s = math.inf  # the same as seconds since 1970, for count_at
        self._last_s = -math.inf
        self._holiday_days = frozenset(d.toordinal() for d in holidays)
        # count_at's contacts per (local hour since 1970 << CHANNEL_BITS | channel), until settle
        self._buckets: Counter[int] = Counter()
        self._bucket_index: dict[str, int] = {}
        self._bucket_names: list[str] = []
        # response times to the minute: minutes -> tickets (flat memory, exact to a minute)
        self.first_reply: Counter[int] = Counter()
        self.resolution: Counter[int] = Counter()
        self.impossible: Counter[str] = Counter()
        self.unreadable: Counter[str] = Counter()  # times that could not be read, by field
        self.unreadable_example: dict[str, str] = {}
        self.sample: list[Sampled] = []
        self.wanted: frozenset[str] = frozenset()  # ticket ids whose text --labels needs
        self.labelled: dict[str, str] = {}
        self.texts_seen = 0  # tickets with text (the population the sample is drawn from)
        self.without_text = 0  # tickets whose text columns are all blank
        self._size = sample_size
        self._random = random.Random(seed)
        self._weight = 0.0
        self.draw_at = 0  # the text number at which the sample draws again (0: filling)
        self._filled = 0  # slots handed out while the sample fills

    def skip(self, reason: str, where: str) -> None:
        self.skipped[reason] += 1
        lines = self.skipped_lines.setdefault(reason, [])
        if len(lines) < 5:
            lines.append(where)

    @property
    def first(self) -> dt.datetime | None:
        """The earliest instant counted."""
        return self._first

    @first.setter
    def first(self, instant: dt.datetime | None) -> None:
        self._first = instant
        self._first_s = math.inf if instant is None else instant.timestamp()

    @property
    def last(self) -> dt.datetime | None:
        """The latest instant counted (or the end of the latest hour of aggregates)."""
        return self._last

    @last.setter
    def last(self, instant: dt.datetime | None) -> None:
        self._last = instant
        self._last_s = -math.inf if instant is None else instant.timestamp()

    def count_at(self, utc: int, local: int, channel: str) -> None:
        """One contact on `channel`, at `utc` seconds since 1970 whose wall clock in the
        analysis zone is `local` (as seconds since 1970): `count` without a datetime. What
        depends on the local hour alone is gathered per hour and channel, and added up in
        `settle`; what depends on the minute (opening hours) is decided here."""
        index = self._bucket_index.get(channel)
        if index is None:  # a new channel: its place in every count, in the order seen
            index = self._bucket_index[channel] = len(self._bucket_names)
            self._bucket_names.append(channel)
            self.channels[channel] += 0
            self.daily.setdefault(channel, Counter())
            self.slots.setdefault(channel, [0] * 168)
        buckets = self._buckets
        buckets[(local // 3600) << CHANNEL_BITS | index] += 1
        if len(buckets) > MOST_BUCKETS:  # hours spread over decades: memory stays flat
            self.settle()
        if self.is_closed(local):
            self.after_hours += 1
        if utc < self._first_s:
            self.first = dt.datetime.fromtimestamp(utc, dt.UTC)
        if utc > self._last_s:
            self.last = dt.datetime.fromtimestamp(utc, dt.UTC)

    def settle(self) -> None:
        """Add what count_at gathered per local hour and channel to every count."""
        mask = (1 << CHANNEL_BITS) - 1
        for key, n in self._buckets.items():
            # local hours since 1970-01-01 00:00
            self.add_hour(self._bucket_names[key & mask], key >> CHANNEL_BITS, n)
        self._buckets.clear()

    def add_hour(self, channel: str, hours: int, n: int) -> None:
        """`n` contacts on `channel` in the local hour `hours` since 1970-01-01 00:00 (the
        opening hours, and the first and last instant, are counted apart)."""
        ordinal = hours // 24 + _ORDINAL_1970
        day, hour = (ordinal + 6) % 7, hours % 24
        self.used += n
        self.timed += n
        self.channels[channel] += n
        self.daily.setdefault(channel, Counter())[ordinal] += n
        self.slots.setdefault(channel, [0] * 168)[day * 24 + hour] += n
        if day >= 5:
            self.weekend += n
        if hour >= 17:
            self.after_17 += n
        if hour >= NIGHT[0] or hour < NIGHT[1]:
            self.night += n

    def is_closed(self, local: int) -> bool:
        """Whether the wall clock `local` (seconds since 1970) falls outside the opening hours
        or on a holiday."""
        return not self._open[(local // 60 + _THURSDAY) % _WEEK] or bool(
            self._holiday_days and local // 86400 + _ORDINAL_1970 in self._holiday_days
        )

    def draw_positions(self, total: int) -> dict[int, int]:
        """Which of `total` more texts the sample keeps, without reading them: slot ->
        position (1-based, counted with the texts seen before). The same draws as offering
        each text to `text_slot` in turn."""
        kept: dict[int, int] = {}
        total += self.texts_seen
        while self.texts_seen < total:
            if self.texts_seen + 1 < self.draw_at:  # skipped by the draw: jump to the next
                self.texts_seen = min(total, self.draw_at - 1)
                continue
            slot = self.text_slot()
            if slot is not None:
                kept[slot] = self.texts_seen
        return kept

    def count(self, instant: dt.datetime, channel: str, n: int = 1) -> None:
        """`n` contacts on `channel` at `instant` (one ticket, or a count from aggregates)."""
        local = instant.astimezone(self.zone)
        self.used += n
        self.timed += n
        self.channels[channel] += n
        days = self.daily.get(channel)
        if days is None:
            days = self.daily[channel] = Counter()
        days[local.toordinal()] += n
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

    def dates_only(self, share: float) -> bool:
        """Whether the creation column holds dates: at least `share` of the rows with a time
        (folded ones too) have it written as 00:00."""
        rows = self.timed + self.folded
        return bool(rows) and self.midnight >= share * rows

    def dates_moved(self, share: float) -> bool:
        """Whether the creation times are dates (`dates_only`) that a source zone moved off
        midnight in the analysis zone: a date read as a date sits at hour 0 of its day, one
        read as an instant in another zone hours away."""
        if not self.naive or not self.dates_only(share):
            return False
        at_midnight = sum(series[day * 24] for series in self.slots.values() for day in range(7))
        return at_midnight < share * self.timed

    def count_untimed(self, channel: str) -> None:
        """A contact of an export without creation times: it counts in the channel mix only."""
        self.used += 1
        self.channels[channel] += 1

    def first_of_ticket(
        self, ident: str, seconds: int, channel: str, instant: dt.datetime | None = None
    ) -> bool:
        """Whether this row, created at `seconds` since 1970 (`instant`, when the caller has
        it), is the first seen of ticket `ident`. A later row of the same ticket is folded
        into it; when it is earlier, the ticket moves to its time, so each ticket counts once,
        at its earliest."""
        index = self.channel_ids.get(channel)
        if index is None:
            index = self.channel_ids[channel] = len(self.channel_ids)
        packed = ((seconds + EPOCH_SHIFT) << CHANNEL_BITS) | index
        key = hash(ident)
        stored = self.ids.seen(key, packed)
        if stored < 0:
            return True
        self.folded += 1
        if packed >> CHANNEL_BITS < stored >> CHANNEL_BITS:
            names = list(self.channel_ids)
            was = dt.datetime.fromtimestamp((stored >> CHANNEL_BITS) - EPOCH_SHIFT, dt.UTC)
            self.count(was, names[stored & ((1 << CHANNEL_BITS) - 1)], -1)
            self.count(instant or dt.datetime.fromtimestamp(seconds, dt.UTC), channel, 1)
            self.ids.replace(key, packed)
        return False

    def repeated(self, row: object) -> bool:
        """Whether `row` is identical to an earlier one (an export without ids)."""
        if self.rows_seen.seen(hash(row), 1) < 0:
            return False
        self.repeated_rows += 1
        return True

    @property
    def days(self) -> Counter[int]:
        """Contacts per local date (ordinal), every channel."""
        out: Counter[int] = Counter()
        for counts in self.daily.values():
            out.update(counts)
        return out

    def months(self) -> Counter[str]:
        """Contacts per local month, "YYYY-MM"."""
        out: Counter[str] = Counter()
        for ordinal, n in self.days.items():
            day = dt.date.fromordinal(ordinal)
            out[f"{day.year:04d}-{day.month:02d}"] += n
        return out

    def text_slot(self) -> int | None:
        """Reservoir sampling (Li's algorithm L), decided before the text is read: where the
        next ticket's text goes in the sample, or None. Every text has the same chance to be
        kept, and the random draws are few: the tickets to skip are drawn at once."""
        self.texts_seen += 1
        if self.texts_seen < self.draw_at:  # the common case once the sample is full
            return None
        if self._filled < self._size:
            if self._filled == self._size - 1:
                self._weight = math.exp(math.log(self._random.random()) / self._size)
                self.draw_at = self.texts_seen + self._skip()
            self._filled += 1
            return self._filled - 1
        self._weight *= math.exp(math.log(self._random.random()) / self._size)
        self.draw_at = self.texts_seen + self._skip()
        return self._random.randrange(self._size)

    def _skip(self) -> int:
        return int(math.log(self._random.random()) / math.log(1 - self._weight)) + 1

    def keep_text(self, slot: int, item: Sampled) -> None:
        if slot == len(self.sample):
            self.sample.append(item)
        else:
            self.sample[slot] = item

    def duration(
        self, field: str, hours: float | None, limit_hours: float, raw: Any = None, n: int = 1
    ) -> None:
        """One reply or resolution time (`n` alike); None: `raw` could not be read as one."""
        if hours is None:
            self.unreadable[field] += n
            self.unreadable_example.setdefault(field, str(raw)[:40])
            return
        if hours < 0 or hours > limit_hours:
            self.impossible[field] += n
            return
        (self.first_reply if field == "first_reply" else self.resolution)[round(hours * 60)] += n

    # ---- after the pass ----------------------------------------------------------------

    def slot_occurrences(
        self, first_day: dt.date | None = None, last_day: dt.date | None = None
    ) -> list[int]:
        """How many times each local hour of the week occurs between the first and the last
        ticket, within the active span's days when given: a slot skipped by a clock change
        counts once less, a repeated one once."""
        out = [0] * 168
        if self.first is None or self.last is None:
            return out
        start, end = self.first, self.last
        if first_day is not None and last_day is not None:
            day_start = dt.datetime.combine(first_day, dt.time(), self.zone)
            day_end = dt.datetime.combine(last_day, dt.time(23, 59, 59), self.zone)
            start, end = max(start, day_start), min(end, day_end)
        seen: set[tuple[dt.date, int]] = set()
        step = dt.timedelta(hours=1)
        # step in UTC: arithmetic on a zoned datetime steps its wall clock, through the gap
        t = start.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)
        while t <= end:
            local = t.astimezone(self.zone)
            key = (local.date(), local.hour)
            if key not in seen:
                seen.add(key)
                out[local.weekday() * 24 + local.hour] += 1
            t += step
        return out


def joined(values: Sequence[object]) -> str:
    """A ticket's text columns joined, cut to MAX_TEXT: what is classified and shown."""
    return " ".join(str(v) for v in values if v not in (None, ""))[:MAX_TEXT]


def row_key(created: object, text: str) -> str:
    """A ticket's key when the export has no id: "row-" and a hash of its creation time and
    text, the same whenever the same ticket is exported again, wherever its row falls."""
    import hashlib

    seed = f"{created}\x1f{text}".encode("utf-8", "replace")
    return "row-" + hashlib.blake2b(seed, digest_size=6).hexdigest()
