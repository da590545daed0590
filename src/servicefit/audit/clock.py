"""Creation times of the common shape, "2024-03-05 14:22[:10]" with or without "T", "Z" or an
offset, read as whole seconds without a datetime per row: the audit's hot loop.

Each hour as written is read once by the exact reader (TimeReader.parse, zone rules and all):
its instant at :00:00 and at :59:59, and the analysis zone's offset at both. When the hour is
an even 3,599 seconds long in the source and the analysis zone keeps one offset through it, a
row's instant is the hour's start plus its minutes and seconds, and its local time that plus
the offset: exactly what the reader would give. Any other hour (a clock change inside it, a
year outside the plausible ones) and any other shape return None, and the caller reads that
row the exact way."""

from __future__ import annotations

import datetime as dt
import re
from functools import partial
from typing import NamedTuple

from servicefit.audit.times import TimeReader

MOST_HOURS = 50_000  # hours remembered (about 8 MiB); past that the memory starts again
# the common shape: the hour as written, minutes, seconds, and "Z" or an offset (also read by
# DuckDB's RE2 in audit/columnar.py: keep to the syntax both share)
SHAPE = r"([0-9]{4}-[0-9][0-9]-[0-9][0-9][ T][0-9][0-9]):([0-5][0-9])(?::([0-5][0-9]))?(Z|[+-][0-9][0-9](?::?[0-9][0-9])?)?"
_SHAPE = re.compile(SHAPE).fullmatch


class Clock(NamedTuple):
    utc: int  # seconds since 1970 (UTC)
    local: int  # the same instant's wall clock in the analysis zone, as seconds since 1970
    naive: bool  # written without an offset
    midnight: bool  # written as 00:00:00 (a date-only column shows as this)


_clock = partial(tuple.__new__, Clock)  # a Clock without NamedTuple's slower __new__


class _Hour(NamedTuple):
    utc: int  # the hour's start in UTC seconds
    offset: int  # the analysis zone's offset through the hour, in seconds
    naive: bool
    zero_hour: bool  # the hour as written is 00


_UNSEEN = _Hour(0, 0, False, False)  # not read yet (None: read, and not of the common kind)


class HourReader:
    """Reads creation times of the common shape through a memory of the hours seen."""

    def __init__(self, reader: TimeReader, zone: dt.tzinfo):
        self.reader = reader
        self.zone = zone
        self._hours: dict[str, _Hour | None] = {}

    def read(self, text: object) -> Clock | None:
        """The instant of `text`, or None: read it with TimeReader.parse instead."""
        found = _SHAPE(text) if type(text) is str else None
        if found is None:
            return None
        prefix, minutes, seconds, rest = found.groups()
        key = prefix + rest if rest else prefix
        hour = self._hours.get(key, _UNSEEN)
        if hour is _UNSEEN:
            hour = self.hour(prefix, rest or "")
            if len(self._hours) >= MOST_HOURS:
                self._hours.clear()
            self._hours[key] = hour
        if hour is None:
            return None
        utc = hour.utc + int(minutes) * 60 + (int(seconds) if seconds else 0)
        midnight = hour.zero_hour and minutes == "00" and seconds in (None, "00")
        return _clock((utc, utc + hour.offset, hour.naive, midnight))

    def hour(self, prefix: str, rest: str) -> _Hour | None:
        """The hour written `prefix` ("2024-03-05 14") with `rest` ("Z", an offset or ""), or
        None when its rows must be read the exact way (audit/columnar_read.py asks too)."""
        start, naive = self.reader.parse(f"{prefix}:00:00{rest}")
        end, _ = self.reader.parse(f"{prefix}:59:59{rest}")
        # by their timestamps: two times of one zone subtract as wall clocks, which would hide
        # a clock change inside the hour (Lord Howe moves by half an hour at 02:00)
        if start is None or end is None or end.timestamp() - start.timestamp() != 3599:
            return None
        offset = start.astimezone(self.zone).utcoffset()
        if offset is None or end.astimezone(self.zone).utcoffset() != offset:
            return None
        seconds = offset.total_seconds()
        if seconds != int(seconds):
            return None
        return _Hour(int(start.timestamp()), int(seconds), naive, prefix[11:13] == "00")
