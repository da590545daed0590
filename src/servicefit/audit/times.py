"""Timestamps of exports as instants: ISO 8601 with or without an offset, epoch seconds or
milliseconds, or an explicit strptime format. A time without an offset is read in the
source's time zone; without one it is taken as UTC and the audit warns."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import NamedTuple

UTC = dt.UTC
_EPOCH = re.compile(r"^\d{9,13}(\.\d+)?$")
_SLASHED = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$"
)


class TimeReader(NamedTuple):
    """How to read one export's timestamps."""

    zone: dt.tzinfo | None  # for times without an offset; None: unknown (UTC, with a warning)
    fmt: str | None  # an explicit strptime format

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
                parsed = _iso(text)
        if parsed is None:
            return None, False
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=self.zone or UTC), True
        return parsed, False


def _epoch(value: float) -> dt.datetime | None:
    if value > 1e11:  # milliseconds
        value /= 1000
    try:
        return dt.datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _iso(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    if text.endswith(" UTC"):
        return _iso(text[:-4] + "+00:00")
    if len(text) > 6 and text[-5] in "+-" and text[-4:].isdigit() and text[-6] == " ":
        return _iso(text[:-6] + text[-5:])  # "2024-03-05 14:22:10 +0100"
    match = _SLASHED.match(text)  # 03/05/2024 14:22 (month first, as US exports write it)
    if match:
        month, day, year, hour, minute, second, half = match.groups()
        h = int(hour)
        if half:
            h = h % 12 + (12 if half.lower() == "pm" else 0)
        try:
            return dt.datetime(int(year), int(month), int(day), h, int(minute), int(second or 0))
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
