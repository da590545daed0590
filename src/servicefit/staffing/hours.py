"""Opening hours over a week: "Mon-Fri 09:00-17:00, Sat 10:00-14:00".

One syntax for every place hours are written: the answers' `business_hours`, a channel's
`hours`, the `staffing --business-hours` flag and the ticket audit. Groups are separated by
commas or semicolons; each is a day or a range of days and one or more time ranges:

    Mon-Fri 08:00-12:00 13:00-17:00, Sat 10:00-14:00
    Daily 07:00-23:00          (also: Weekdays, Weekends; full day names work too)
    Fri 22:00-06:00            (past midnight: open until 06:00 on Saturday)
    24x7                       (or 24/7: always open)

Times are HH:MM on a 24-hour clock; 24:00 may end a range. Groups add up, and overlaps merge.
The week is a local week without clock changes: a ticket audit converts its timestamps to the
business's time zone before it uses these hours.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from servicefit.errors import ValueProblem

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_FULL = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SETS = {
    "daily": (0, 6),
    "everyday": (0, 6),
    "weekdays": (0, 4),
    "weekends": (5, 6),
}
MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
ALWAYS = ("24x7", "24/7")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_HINT = 'Write e.g. "Mon-Fri 09:00-17:00, Sat 10:00-14:00", or 24x7.'


class OpeningHours(NamedTuple):
    """Open spans of the week as [start, end) minutes from Monday 00:00, sorted and merged."""

    spans: tuple[tuple[int, int], ...]

    @property
    def minutes_per_week(self) -> int:
        return sum(end - start for start, end in self.spans)

    @property
    def always(self) -> bool:
        return self.spans == ((0, MINUTES_PER_WEEK),)

    def is_open(self, minute_of_week: int) -> bool:
        minute = minute_of_week % MINUTES_PER_WEEK
        return any(start <= minute < end for start, end in self.spans)

    def open_days(self) -> int:
        """How many days of the week are open at some time."""
        return sum(
            any(
                start < (day + 1) * MINUTES_PER_DAY and end > day * MINUTES_PER_DAY
                for start, end in self.spans
            )
            for day in range(7)
        )

    def minutes_per_open_day(self) -> float:
        """The open time of an average open day (0 when never open)."""
        days = self.open_days()
        return self.minutes_per_week / days if days else 0.0

    def open_minutes(self, start: int, end: int) -> int:
        """Open minutes in [start, end), both within one week."""
        return sum(max(0, min(end, b) - max(start, a)) for a, b in self.spans)

    def open_mask(self, interval_minutes: int) -> tuple[bool, ...]:
        """For each interval of the week, whether it is open: open for at least half of it (for
        hours that never fill half an interval, open for any of it)."""
        return _open_mask(self, interval_minutes)

    def text(self) -> str:
        """The canonical spelling: days with the same times grouped, e.g. 'Mon-Fri 09:00-17:00'."""
        if not self.spans:
            return "closed"
        if self.always:
            return "24x7"
        by_day: list[list[tuple[int, int]]] = [[] for _ in DAYS]
        for start, end in self.spans:  # cut at midnights: a span past one shows as two
            while start < end:
                day = start // MINUTES_PER_DAY
                cut = min(end, (day + 1) * MINUTES_PER_DAY)
                by_day[day].append((start - day * MINUTES_PER_DAY, cut - day * MINUTES_PER_DAY))
                start = cut
        groups: list[tuple[int, int, tuple[tuple[int, int], ...]]] = []
        for day, ranges in enumerate(by_day):
            key = tuple(ranges)
            if not key:
                continue
            if groups and groups[-1][1] == day - 1 and groups[-1][2] == key:
                groups[-1] = (groups[-1][0], day, key)
            else:
                groups.append((day, day, key))
        parts = []
        for first, last, spans in groups:
            days = DAY_NAMES[first] if first == last else f"{DAY_NAMES[first]}-{DAY_NAMES[last]}"
            times = " ".join(f"{_clock(a)}-{_clock(b)}" for a, b in spans)
            parts.append(f"{days} {times}")
        return ", ".join(parts)


@functools.lru_cache(maxsize=64)
def _open_mask(hours: OpeningHours, interval_minutes: int) -> tuple[bool, ...]:
    """OpeningHours.open_mask, remembered: a week asks it for every channel."""
    count = MINUTES_PER_WEEK // interval_minutes
    minutes = [
        hours.open_minutes(i * interval_minutes, (i + 1) * interval_minutes) for i in range(count)
    ]
    mask = tuple(2 * m >= interval_minutes for m in minutes)
    return mask if any(mask) or not hours.spans else tuple(m > 0 for m in minutes)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"  # 1440 is 24:00, the end of a day


def _day(word: str) -> int | None:
    lower = word.lower()
    if lower in DAYS:
        return DAYS.index(lower)
    if lower in _FULL:
        return _FULL.index(lower)
    return None


def _days(word: str) -> list[int]:
    lower = word.lower()
    if lower in _SETS:
        first, last = _SETS[lower]
        return list(range(first, last + 1))
    if "-" in word:
        left, _, right = word.partition("-")
        start, stop = _day(left), _day(right)
        if start is None or stop is None:
            raise ValueProblem(f"{word!r} is not a range of days.", _HINT)
        if stop < start:  # Sat-Mon wraps over the week's end
            return [*range(start, 7), *range(0, stop + 1)]
        return list(range(start, stop + 1))
    day = _day(word)
    if day is None:
        raise ValueProblem(
            f"{word!r} is not a day.", "Days are Mon, Tue, … Sun (or Daily, Weekdays, Weekends)."
        )
    return [day]


def _minute(text: str, whole: str, allow_24: bool) -> int:
    match = _TIME.match(text)
    if not match:
        raise ValueProblem(f"{text!r} in {whole!r} is not a time.", "Times are HH:MM, e.g. 09:00.")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes > 59 or hours > 24 or (hours == 24 and (minutes or not allow_24)):
        raise ValueProblem(f"{text!r} in {whole!r} is not a time of day.", "Use 00:00 to 24:00.")
    return hours * 60 + minutes


def parse_hours(text: object) -> OpeningHours:
    """The opening hours written in `text`; ValueProblem naming the part that does not fit."""
    if not isinstance(text, str) or not text.strip():
        raise ValueProblem(f"{text!r} is not a set of opening hours.", _HINT)
    if text.strip().lower() in ALWAYS:
        return OpeningHours(((0, MINUTES_PER_WEEK),))
    spans: list[tuple[int, int]] = []
    for group in re.split(r"[;,]", text):
        words = group.split()
        if not words:
            raise ValueProblem(f"{text!r} has an empty group between separators.", _HINT)
        days = _days(words[0])
        ranges = words[1:]
        if not ranges:
            raise ValueProblem(f"{group.strip()!r} gives days but no times.", _HINT)
        for span in ranges:
            start_text, dash, end_text = span.partition("-")
            if not dash:
                raise ValueProblem(f"{span!r} is not a time range.", "Write it as 09:00-17:00.")
            start = _minute(start_text, span, allow_24=False)
            end = _minute(end_text, span, allow_24=True)
            if end == start:
                raise ValueProblem(f"{span!r} opens and closes at the same time.", _HINT)
            if end < start:  # past midnight, into the next day
                end += MINUTES_PER_DAY
            for day in days:
                base = day * MINUTES_PER_DAY
                spans.append((base + start, base + end))
    return OpeningHours(_merge(spans))


def _merge(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sorted, merged spans within one week; a span past Sunday midnight wraps to Monday."""
    flat: list[tuple[int, int]] = []
    for start, end in spans:
        if end > MINUTES_PER_WEEK:
            flat += [(start, MINUTES_PER_WEEK), (0, end - MINUTES_PER_WEEK)]
        else:
            flat.append((start, end))
    merged: list[list[int]] = []
    for start, end in sorted(flat):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((a, b) for a, b in merged)
