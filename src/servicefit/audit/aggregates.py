"""Counts computed elsewhere: the CSV that rules/audit/aggregate.sql produces (channel, local
date, hour, contacts) and a sample of ticket text (id, text). The measures are sums over
channel, local date and hour, so counts from a warehouse give the same channel mix, months,
hour-of-week profile and shares as reading the tickets themselves, to the hour (after-hours
is judged by the hour a ticket arrived in, not its minute)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from servicefit.audit.measure import MAX_TEXT, Sampled, Tally
from servicefit.errors import InputError

COLUMNS = ("channel", "local_date", "hour", "contacts")
MAX_ROWS = 10_000_000


def _rows(path: Path) -> csv.DictReader[str]:
    handle = path.open(encoding="utf-8-sig", newline="")
    return csv.DictReader(handle)


def add_aggregates(path: Path, tally: Tally, channels: list[str]) -> None:
    """Add the counts of `path` to `tally`; InputError names the line of a bad row."""
    try:
        reader = _rows(path)
        header = [h.strip().lower() for h in reader.fieldnames or []]
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"--aggregates {path}: cannot be read ({exc}).") from None
    if not set(COLUMNS) <= set(header):
        raise InputError(
            f"{path}: aggregates need the columns {', '.join(COLUMNS)}.",
            hint="rules/audit/aggregate.sql computes them.",
        )
    reader.fieldnames = header
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
            hour = int(float(row["hour"]))
            contacts = int(float(row["contacts"]))
        except (TypeError, ValueError):
            raise InputError(
                f"{path}:{line}: local_date, hour or contacts cannot be read.",
                hint="local_date YYYY-MM-DD, hour 0-23, contacts a whole number.",
            ) from None
        if not 0 <= hour <= 23 or contacts < 0:
            raise InputError(f"{path}:{line}: hour is 0-23 and contacts 0 or more.")
        local = dt.datetime(day.year, day.month, day.day, hour, tzinfo=tally.zone)
        if contacts:
            tally.count(local, channel, contacts)
            end = local.astimezone(dt.UTC) + dt.timedelta(minutes=59, seconds=59)
            if tally.last is None or end > tally.last:
                tally.last = end  # the hour's counts may reach to its end


def add_text_sample(path: Path, tally: Tally) -> None:
    try:
        reader = _rows(path)
        header = [h.strip().lower() for h in reader.fieldnames or []]
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"--text-sample {path}: cannot be read ({exc}).") from None
    if "text" not in header:
        raise InputError(f"{path}: a text sample needs a text column (and id).")
    reader.fieldnames = header
    name = path.name
    for row in reader:
        text = (row.get("text") or "")[:MAX_TEXT]
        if not text.strip():
            continue
        slot = tally.text_slot()
        if slot is not None:
            ident = (row.get("id") or str(reader.line_num)).strip()
            tally.keep_text(slot, Sampled(f"{name}:{reader.line_num}", ident, text))
