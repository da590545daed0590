"""Timestamps of exports as instants: ISO 8601 with or without an offset, epoch seconds or
milliseconds, dates written with slashes, dots or dashes (day first or month first, as the
column's values show: see `date_order`), or an explicit strptime format. A time without an
offset is read in the source's time zone; without one it is taken as UTC and the audit warns.
A date without a time of day is a calendar day: it is read in the analysis time zone, so the
day stays the day the export names."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import NamedTuple

UTC = dt.UTC
FIRST_YEAR, LAST_YEAR = 1900, 2199  # outside these, a timestamp is a placeholder or a typo
_EPOCH = re.compile(r"^\d{9,13}(\.\d+)?$")
# 05/03/2024 14:22, 05-03-2024, 5.3.24 2:22 PM: day and month in either order, then the year
_NUMERIC = re.compile(
    r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})"
    r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp]\.?[Mm]\.?)?)?$"
)


def numeric_parts(text: str) -> tuple[int, int] | None:
    """The two leading numbers of a date like 05/03/2024, or None for another shape."""
    match = _NUMERIC.match(text.strip())
    return (int(match.group(1)), int(match.group(3))) if match else None


def date_order(values: object) -> tuple[str | None, int]:
    """Whether dates like 05/03/2024 in `values` (an iterable of (line, text)) put the day or
    the month first: ("day", line) or ("month", line) from the first value that settles it
    (a first number over 12 is a day, a second one over 12 is a day too); ("mixed", line) when
    a later value contradicts it; (None, 0) when no value settles it."""
    found: str | None = None
    where = 0
    for line, text in values:  # type: ignore[attr-defined]
        parts = numeric_parts(str(text))
        if parts is None:
            continue
        first, second = parts
        order = "day" if first > 12 else "month" if second > 12 else None
        if order is None:
            continue
        if found is None:
            found, where = order, line
        elif order != found:
            return "mixed", line
    return found, where


class TimeReader(NamedTuple):
    """How to read one export's timestamps."""

    zone: dt.tzinfo | None  # for times without an offset; None: unknown (UTC, with a warning)
    fmt: str | None  # an explicit strptime format
    day_first: bool = False  # how 05/03/2024 reads (see date_order)
    date_zone: dt.tzinfo | None = None  # for a date without a time of day: the analysis zone

    def parse(self, value: object) -> tuple[dt.datetime | None, bool]:
        """The instant, and whether it carried no offset; (None, False) when unreadable."""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return _epoch(float(value)), False
        if not isinstance(value, str):
            return None, False
        text = value.strip()
        if not text:
            return None, False
        parsed: dt.datetime | None
        if self.fmt is not None:
            try:
                parsed = dt.datetime.strptime(text, self.fmt)
            except ValueError:
                return None, False
        else:
            try:  # the common case first: ISO 8601
                parsed = dt.datetime.fromisoformat(text)
            except ValueError:
                if _EPOCH.match(text):
                    return _epoch(float(text)), False
                parsed = _iso(text, self.day_first)
            except OverflowError:
                return None, False
            else:
                if len(text) == 10 and self.date_zone is not None:  # a day: 2024-03-05
                    return parsed.replace(tzinfo=self.date_zone), False
        if parsed is None:
            return None, False
        naive = parsed.tzinfo is None
        if naive:
            parsed = parsed.replace(tzinfo=self.zone or UTC)
        return (parsed, naive) if _plausible(parsed) else (None, False)


def _plausible(instant: dt.datetime) -> bool:
    """Within the years a helpdesk export can hold (and convertible to any zone: 9999-12-31
    at -14:00 is past the end of Python's calendar in UTC)."""
    try:
        year = instant.astimezone(UTC).year
    except (OverflowError, ValueError):
        return False
    return FIRST_YEAR <= year <= LAST_YEAR


def _epoch(value: float) -> dt.datetime | None:
    if value > 1e11:  # milliseconds
        value /= 1000
    try:
        instant = dt.datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return instant if _plausible(instant) else None


def _iso(text: str, day_first: bool = False) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    if text.endswith(" UTC"):
        return _iso(text[:-4] + "+00:00")
    if len(text) > 6 and text[-5] in "+-" and text[-4:].isdigit() and text[-6] == " ":
        return _iso(text[:-6] + text[-5:])  # "2024-03-05 14:22:10 +0100"
    match = _NUMERIC.match(text)
    if match:
        a, _, b, year, hour, minute, second, half = match.groups()
        day, month = (a, b) if day_first else (b, a)
        y = int(year)
        if len(year) == 2:
            y += 2000 if y < 70 else 1900
        h = int(hour or 0)
        if half:
            h = h % 12 + (12 if half.lower().startswith("p") else 0)
        try:
            return dt.datetime(y, int(month), int(day), h, int(minute or 0), int(second or 0))
        except ValueError:
            return None
    return None


def zone(name: str, flag: str) -> dt.tzinfo:
    """The ZoneInfo for `name`; ValueError naming the flag when it is not a time zone."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{flag}: {name!r} is not a time zone. Use an IANA name such as Europe/Berlin or UTC."
        ) from None
