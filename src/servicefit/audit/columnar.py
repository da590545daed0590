"""The audit's counting done by DuckDB (`--engine duckdb`, installed by servicefit[fast]): the
same Tally the streaming loop of audit/run.py fills, so the same JSON, byte for byte.

DuckDB reads the CSV exports (the delimiter servicefit detected, RFC 4180 quoting) into columns
and does the per-row work in bulk; every decision that has a rule in Python is still made by
that Python, once per distinct value instead of once per row: a channel value's channel, an
exclusion's verdict, the hour a creation time of the common shape falls in (audit/clock.py),
any other creation time (TimeReader.parse), a response time. What depends on the rows' order
is computed over the order of the files: a ticket counts once at its earliest row (the first of
equal ones), its first row in the file gives its text and response times, the sample of texts
is drawn with the same random draws over the same sequence.

It takes only what it can read exactly as the streaming reader does (audit/columnar_files.py):
CSV in UTF-8 (line breaks inside quoted fields included, and counted so that the lines it names
are the csv module's), no blank lines but those a file ends in, no NUL, no lone carriage
returns, no spaces between a delimiter and a quoted field, no row more than `SPARE` fields
wider than the header (columnar_read.py; narrower rows, and rows up to that much wider, are
skipped as the streaming reader skips them), no field over the reader's limit, and exports that
all have creation times or all lack them. Anything else raises Unsuitable, and the audit streams
instead (run.py says why). Even the streaming engine's limits are kept: like its id table, it
folds the rows of the first `Tally.ids.most` ticket ids only."""

from __future__ import annotations

import datetime as dt
import signal
import tempfile
import threading
from collections import Counter
from collections.abc import Sequence
from typing import Any

from servicefit.audit.columnar_files import Unsuitable, check_file
from servicefit.audit.columnar_read import EPOCH, PLACE, Reading
from servicefit.audit.durations import hours_of
from servicefit.audit.mapping import FieldMap
from servicefit.audit.measure import (
    NO_TIME,
    OUTSIDE_WINDOW,
    UNMAPPED,
    Sampled,
    Tally,
    Window,
    joined,
    row_key,
)
from servicefit.audit.sources import Export, other_width
from servicefit.audit.times import TimeReader
from servicefit.errors import Terminated

MEMORY = "512MB"  # DuckDB's memory at the most (1M rows of 220 bytes take about 600 MB)


def available() -> bool:
    """Whether DuckDB is installed (servicefit[fast])."""
    import importlib.util

    return importlib.util.find_spec("duckdb") is not None


def count_exports(
    mapped: Sequence[tuple[Export, FieldMap]],
    readers: Sequence[TimeReader],
    tally: Tally,
    window: Window,
    limit: float,
) -> list[int]:
    """Count every row of the exports into `tally`, as run._count_rows does one row at a
    time; the naive times counted in each export. After Unsuitable the tally is not to be
    used: the caller streams into a fresh one."""
    import duckdb

    timed = {"created" in fields.columns for _, fields in mapped}
    if len(timed) > 1:
        raise Unsuitable("some exports have creation times and others do not")
    for export, _ in mapped:
        check_file(export)
    with tempfile.TemporaryDirectory(prefix="servicefit-duckdb-") as spill:
        con = duckdb.connect(":memory:")
        try:
            with _Signals(con) as signals:
                try:
                    # compressed in memory as a database file would be, at most MEMORY of it,
                    # the rest spilled to a folder of the run's own: memory flat in the rows
                    con.execute("ATTACH ':memory:' AS work (COMPRESS)")
                    con.execute("USE work")
                    con.execute(f"SET memory_limit = '{MEMORY}'")
                    con.execute("SET temp_directory = $1", [spill])
                    reading = Reading(con, mapped, readers, tally, window, limit, timed == {True})
                    naive = _Counting(reading).count()
                except Exception as exc:
                    signals.stop()  # interrupted by Ctrl-C or SIGTERM: stop as asked
                    if isinstance(exc, duckdb.Error):
                        first = str(exc).splitlines()[0]
                        raise Unsuitable(f"DuckDB cannot read it the same way ({first})") from None
                    raise
                signals.stop()
                return naive
        finally:
            con.close()


class _Signals:
    """Ctrl-C and SIGTERM while DuckDB counts: its queries run outside Python, where a signal
    handler's exception would come back as DuckDB's own error (or be taken for an unreadable
    export). So the handler interrupts the query and notes the signal; stop() then raises what
    the signal means everywhere else (KeyboardInterrupt, Terminated)."""

    def __init__(self, con: Any):
        self.con = con
        self.signum: int | None = None
        self.previous: dict[int, Any] = {}

    def __enter__(self) -> _Signals:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self.previous[signum] = signal.signal(signum, self._note)
        return self

    def _note(self, signum: int, frame: Any) -> None:
        self.signum = self.signum or signum
        self.con.interrupt()

    def stop(self) -> None:
        if self.signum == signal.SIGINT:
            raise KeyboardInterrupt
        if self.signum is not None:
            raise Terminated()

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)


class _Counting:
    """Fills the tally from the tables a Reading made."""

    def __init__(self, reading: Reading):
        self.reading = reading
        self.con, self.q, self.tally = reading.con, reading.q, reading.tally
        self.mapped, self.readers, self.names = reading.mapped, reading.readers, reading.names
        self.limit, self.timed, self.texts = reading.limit, reading.timed, reading.texts

    def count(self) -> list[int]:
        read = self.reading.load()
        self.reading.decide()
        self.reading.classify()
        tally, q = self.tally, self.q
        naive_by_file = [0] * len(self.mapped)
        firsts = {  # each reason rows are skipped for: how many, and the first five rows
            reason: (n, q(f"SELECT f, r FROM m WHERE st = '{code}' ORDER BY f, r LIMIT 5"))
            for code, reason in (("u", UNMAPPED), ("t", NO_TIME))
            for (n,) in q(f"SELECT count(*) FROM m WHERE st = '{code}'")
            if n
        }
        firsts.update(self._other_widths())
        # their lines named in one pass: past line breaks in fields, each costs a scan of a file
        places = sorted({place for _, rows in firsts.values() for place in rows})
        named = dict(zip(places, self._where(places), strict=True))
        skips = {reason: (n, [named[p] for p in rows]) for reason, (n, rows) in firsts.items()}
        unmapped = q(
            f"SELECT why, count(*) FROM m WHERE st = 'u' GROUP BY why ORDER BY min({PLACE})"
        )
        excluded = q(
            f"SELECT coalesce(why, '{OUTSIDE_WINDOW}'), count(*) FROM m WHERE st IN ('x', 'o', 'w') GROUP BY 1 "
            f"ORDER BY min({PLACE})"
        )
        tally.read += read
        for reason, (n, where) in skips.items():
            tally.skipped[reason] += n
            tally.skipped_lines.setdefault(reason, []).extend(
                where[: 5 - len(tally.skipped_lines.get(reason, []))]
            )
        for value, n in unmapped:
            tally.unmapped[value or "(empty)"] += n
        for reason, n in excluded:
            tally.excluded[reason] += n
        (folded,) = q("SELECT count(*) FROM c WHERE NOT firstseen")[0]
        tally.folded += folded
        most = tally.ids.most  # the streaming engine's id tables stop there: so does this
        (ids,) = q("SELECT count(DISTINCT id) FROM c")[0]
        tally.ids.full = tally.ids.full or ids > most
        (plain, distinct) = q("SELECT count(*), count(DISTINCT rh) FROM c WHERE id IS NULL")[0]
        if distinct > most:  # repeats of the first `most` rows only
            tally.rows_seen.full = True
            (plain,) = q(
                f"SELECT count(*) FILTER (WHERE n > 1 AND rank <= {most}) FROM (SELECT "
                "row_number() OVER (PARTITION BY rh ORDER BY f, r) AS n, dense_rank() OVER "
                f"(ORDER BY first) AS rank FROM (SELECT f, r, rh, min({PLACE}) OVER "
                "(PARTITION BY rh) AS first FROM c WHERE id IS NULL))"
            )[0]
            distinct = 0
        tally.repeated_rows += plain - distinct
        if self.timed:
            self._count_timed(naive_by_file)
        else:
            for channel, n in q(
                f"SELECT ch, count(*) FROM c WHERE firstseen GROUP BY ch ORDER BY min({PLACE})"
            ):
                tally.used += n
                tally.channels[channel] += n
        self._texts()
        return naive_by_file

    def _other_widths(self) -> dict[str, tuple[int, list[tuple[int, int]]]]:
        """The rows skipped for their width, by the reason the streaming reader gives (the
        row's fields and its header's): how many, and the first five (export, row)."""
        widths = [len(export.columns) for export, _ in self.mapped]
        counts: Counter[str] = Counter()
        places: dict[str, list[tuple[int, int]]] = {}
        for f, fields, n in self.q("SELECT f, nf, count(*) FROM m WHERE st = 's' GROUP BY f, nf"):
            reason = other_width(fields, widths[f])
            counts[reason] += n
            first = self.q(
                "SELECT f, r FROM m WHERE st = 's' AND f = $1 AND nf = $2 ORDER BY r LIMIT 5",
                f,
                fields,
            )
            places.setdefault(reason, []).extend(first)
        return {reason: (n, sorted(places[reason])[:5]) for reason, n in counts.items()}

    def _where(self, places: Sequence[tuple[int, int]]) -> list[str]:
        """Where each (export, row) is, as file:line (the line the row ends on)."""
        lines: dict[tuple[int, int], int] = {}
        for f in {f for f, _ in places}:
            found = self.reading.lines_of(f, [r for g, r in places if g == f])
            lines.update(((f, r), line) for r, line in found.items())
        return [f"{self.names[f]}:{lines[f, r]}" for f, r in places]

    def _count_timed(self, naive_by_file: list[int]) -> None:
        tally, q = self.tally, self.q
        for (channel,) in q(f"SELECT ch FROM c WHERE record GROUP BY ch ORDER BY min({PLACE})"):
            tally.channels[channel] += 0  # counted once, even if its ticket moved on
            tally.slots.setdefault(channel, [0] * 168)
            tally.daily.setdefault(channel, Counter())
        for channel, hours, n in q(
            "SELECT ch, CAST(floor(loc / 3600) AS BIGINT), count(*) FROM c WHERE counted GROUP BY ALL ORDER BY 1, 2"
        ):
            tally.add_hour(channel, hours, n)
        for local, n in q(
            "SELECT min(loc), count(*) FROM c WHERE counted GROUP BY "
            "CAST(floor(loc / 60) AS BIGINT) % 10080, CAST(floor(loc / 86400) AS BIGINT)"
        ):
            if tally.is_closed(local):
                tally.after_hours += n
        first, last, midnight = q(
            "SELECT min(us), max(us) FILTER (WHERE record), count(*) FILTER (WHERE mid) FROM c"
        )[0]
        if first is not None:
            start = EPOCH + dt.timedelta(microseconds=first)
            end = EPOCH + dt.timedelta(microseconds=last)
            if tally.first is None or start < tally.first:
                tally.first = start
            if tally.last is None or end > tally.last:
                tally.last = end
        tally.midnight += midnight
        for f, n in q("SELECT f, count(*) FROM c WHERE firstseen AND naive GROUP BY f"):
            naive_by_file[f] = n
            tally.naive += n
        self._durations()

    def _durations(self) -> None:
        tally = self.tally
        for field in ("first_reply", "resolution"):
            for f, (_, fields) in enumerate(self.mapped):
                if field not in fields.columns:
                    continue
                unit = fields.units.get(field, "minutes")
                parse = self.readers[f].parse
                if unit == "timestamp":  # the time since the ticket's creation: row by row
                    rows = self.q(
                        f"SELECT d_{field}, us, 1 FROM c WHERE firstseen AND f = $1 AND d_{field} != '' ORDER BY r",
                        f,
                    )
                else:
                    rows = self.q(
                        f"SELECT d_{field}, NULL, count(*) FROM c WHERE firstseen AND f = $1 AND "
                        f"d_{field} != '' GROUP BY 1 ORDER BY min(r)",
                        f,
                    )
                for value, micro, n in rows:
                    created = None if micro is None else EPOCH + dt.timedelta(microseconds=micro)
                    hours = hours_of(value, unit, created, parse)
                    tally.duration(field, hours, self.limit, value, n)

    def _texts(self) -> None:
        """The texts: those left blank, the sample drawn from the rest, the labelled ones."""
        tally = self.tally
        if not any(self.texts):
            return
        self.con.execute(
            "CREATE TABLE tx AS SELECT row_number() OVER (ORDER BY f, r) AS p, f, r, id, ch "
            "FROM c WHERE firstseen AND txt = 2"
        )
        (without,) = self.q("SELECT count(*) FROM c WHERE firstseen AND txt = 1")[0]
        (total,) = self.q("SELECT count(*) FROM tx")[0]
        tally.without_text += without
        first = tally.texts_seen
        kept = tally.draw_positions(total)
        wanted = sorted(tally.wanted)
        chosen = self.q(
            "SELECT p, f, r, id, ch FROM tx WHERE p IN (SELECT unnest($1::BIGINT[])) OR "
            "list_contains($2::VARCHAR[], id) OR (id IS NULL AND len($2::VARCHAR[]) > 0) "
            "ORDER BY p",
            [p - first for p in kept.values()],
            wanted,
        )
        read: dict[tuple[int, int], tuple[str | None, list[str | None]]] = {}
        starts = self.reading.starts
        for f in {row[1] for row in chosen}:  # their creation time and text, from table n
            own = ", ".join(f"t{j}" for j in range(len(self.texts[f])))
            for r, created, *values in self.q(
                f"SELECT rowid - $2, tm, {own} FROM n WHERE rowid IN (SELECT unnest($1::BIGINT[]))",
                [starts[f] + r for _, g, r, *_ in chosen if g == f],
                starts[f],
            ):
                read[f, r] = (created, values)
        picked = [(p, f, r, ident, *read[f, r], channel) for p, f, r, ident, channel in chosen]
        places = [(f, r) for _, f, r, *_ in chosen]
        where = dict(zip(places, self._where(places), strict=True))
        items: dict[int, Sampled] = {}
        for p, f, r, ident, created, texts, channel in picked:
            text = joined(texts)
            number = ident if ident is not None else row_key(created or "", text)
            if wanted and number in tally.wanted:
                tally.labelled[number] = text
            items[p + first] = Sampled(where[f, r], number, text, channel)
        for slot in sorted(kept):  # the slots fill in order, then hold their last text
            tally.keep_text(slot, items[kept[slot]])
