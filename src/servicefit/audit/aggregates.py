"""Counts computed elsewhere: the CSV that rules/audit/aggregate.sql produces (channel, local
date, hour, contacts) and a sample of ticket text (id, text). The measures are sums over
channel, local date and hour, so counts from a warehouse give the same channel mix, months,
hour-of-week profile and shares as reading the tickets themselves, to the hour (after-hours
is judged by the hour a ticket arrived in, not its minute)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from servicefit.audit.files import capped_lines, open_side_file
from servicefit.audit.measure import MAX_TEXT, Sampled, Tally
from servicefit.audit.times import FIRST_YEAR, LAST_YEAR
from servicefit.errors import InputError

COLUMNS = ("channel", "local_date", "hour", "contacts")
MAX_ROWS = 10_000_000
MAX_CONTACTS = 10**9  # in one channel, day and hour


@contextmanager
def _rows(path: Path, flag: str) -> Iterator[tuple[csv.DictReader[str], list[str]]]:
    """The file's rows by lower-case column name; a row csv cannot read is named by line."""
    with open_side_file(path, flag) as handle:
        reader = csv.DictReader(capped_lines(handle))
        try:
            header = [h.strip().lower() for h in reader.fieldnames or []]
            reader.fieldnames = header
            yield reader, header
        except csv.Error as exc:
            raise InputError(
                f"{flag} {path}:{reader.line_num}: cannot be read as CSV ({exc})."
            ) from None


def add_aggregates(path: Path, tally: Tally, channels: list[str]) -> None:
    """Add the counts of `path` to `tally`; InputError names the line of a bad row."""
    with _rows(path, "--aggregates") as (reader, header):
        _add_counts(path, reader, header, tally, channels)


def _add_counts(
    path: Path, reader: csv.DictReader[str], header: list[str], tally: Tally, channels: list[str]
) -> None:
    if not set(COLUMNS) <= set(header):
        raise InputError(
            f"{path}: aggregates need the columns {', '.join(COLUMNS)}.",
            hint="rules/audit/aggregate.sql computes them.",
        )
    for row in reader:
        tally.read += 1
        line = reader.line_num
        if tally.read > MAX_ROWS:
            raise InputError(f"{path}: more than {MAX_ROWS:,} rows of counts.")
        channel = (row["channel"] or "").strip().lower()
        if channel not in channels:
            raise InputError(
                f"{path}:{line}: {channel[:30]!r} is not a channel.",
                hint=f"Channels: {', '.join(channels)} (map them in the SQL).",
            )
        try:
            day = dt.date.fromisoformat((row["local_date"] or "").strip()[:10])
            hour = int(float((row["hour"] or "")[:20]))
            contacts = int(float((row["contacts"] or "")[:20]))
        except (TypeError, ValueError, OverflowError):
            raise InputError(
                f"{path}:{line}: local_date, hour or contacts cannot be read.",
                hint="local_date YYYY-MM-DD, hour 0-23, contacts a whole number.",
            ) from None
        if not 0 <= hour <= 23 or not 0 <= contacts <= MAX_CONTACTS:
            raise InputError(
                f"{path}:{line}: hour is 0-23 and contacts from 0 to {MAX_CONTACTS:,}."
            )
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise InputError(
                f"{path}:{line}: local_date {day} is outside {FIRST_YEAR}-{LAST_YEAR}."
            )
        local = dt.datetime(day.year, day.month, day.day, hour, tzinfo=tally.zone)
        if contacts:
            tally.count(local, channel, contacts)
            end = local.astimezone(dt.UTC) + dt.timedelta(minutes=59, seconds=59)
            if tally.last is None or end > tally.last:
                tally.last = end  # the hour's counts may reach to its end


def add_text_sample(path: Path, tally: Tally) -> None:
    with _rows(path, "--text-sample") as (reader, header):
        _add_texts(path, reader, header, tally)


def _add_texts(path: Path, reader: csv.DictReader[str], header: list[str], tally: Tally) -> None:
    if "text" not in header:
        raise InputError(f"{path}: a text sample needs a text column (and id).")
    name = path.name
    for row in reader:
        text = (row.get("text") or "")[:MAX_TEXT]
        if not text.strip():
            continue
        slot = tally.text_slot()
        if slot is not None:
            ident = (row.get("id") or str(reader.line_num)).strip()
            tally.keep_text(slot, Sampled(f"{name}:{reader.line_num}", ident, text))
