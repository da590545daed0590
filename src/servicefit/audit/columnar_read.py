"""Reading exports into DuckDB for audit/columnar.py: the checks that an export reads the
same as with the streaming reader, the rows normalised to what the audit needs, and every
decision that has a rule in Python made once per distinct value (a channel value's channel, an
exclusion's verdict, a creation time's instant), then each row's status and the flags the order
of the files decides (table m, and view c of the rows counted)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from servicefit.audit.clock import SHAPE, HourReader
from servicefit.audit.columnar_files import (
    DELIMITER,
    Unsuitable,
    last_record_fits,
    lines_of_file,
    list_table,
)
from servicefit.audit.files import MAX_LINE, is_gzip
from servicefit.audit.mapping import FieldMap, exclusion, exclusions
from servicefit.audit.measure import OUTBOUND_ROW, Tally, Window
from servicefit.audit.sources import MAX_FIELD, Export
from servicefit.audit.times import TimeReader
from servicefit.knowledge.audit import OUTBOUND

PLACE = "(f * 4294967296 + r)"  # a row's place in the files, as one number
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_ORDINAL_1970 = EPOCH.toordinal()
# what str.isspace calls a space, as an RE2 class (a test checks it against Python's own)
SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACE = "[" + "".join(c if c == "-" else f"\\x{{{ord(c):x}}}" for c in SPACES) + "]"
_BLANK = f"^{_SPACE}*$"
SPARE = 8  # columns past the header's: rows up to this many fields too wide DuckDB reads


class Reading:
    """The exports in one DuckDB connection: load, decide, classify, in that order."""

    def __init__(
        self,
        con: Any,
        mapped: Sequence[tuple[Export, FieldMap]],
        readers: Sequence[TimeReader],
        tally: Tally,
        window: Window,
        limit: float,
        timed: bool,
    ):
        self.con, self.mapped, self.readers = con, mapped, readers
        self.tally, self.window, self.limit, self.timed = tally, window, limit, timed
        self.names = [Path(e.path).name for e, _ in mapped]
        self.excludes = [
            [(values, _column(export, column)) for column, values in exclusions(export, fields)]
            for export, fields in mapped
        ]
        self.width = max((len(e) for e in self.excludes), default=0)
        self.starts: list[int] = []  # each export's first row in table n
        self.broken: list[bool] = []  # each export: line breaks inside its fields?
        self.texts = [
            [_column(export, c) for c in fields.columns.get("text", ())]
            for export, fields in mapped
        ]

    def q(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """The rows of one query, its $1, $2... given in order."""
        return list(self.con.execute(sql, list(params) if params else None).fetchall())

    # ---- reading -----------------------------------------------------------------------

    def load(self) -> int:
        """Every export's rows, normalised to what the audit reads, into table n, in the
        order of the files (its rowid); the rows read."""
        import duckdb

        texts = max((len(t) for t in self.texts), default=0)
        self.con.execute(
            "CREATE TABLE n (f INTEGER, chraw VARCHAR, id VARCHAR, tm VARCHAR, "
            + "".join(f"x{j} VARCHAR, " for j in range(self.width))
            + "d_first_reply VARCHAR, d_resolution VARCHAR, txt INTEGER, rh UBIGINT, "
            + "w BIGINT, nf INTEGER, odd INTEGER, nl INTEGER, hd BOOLEAN, "
            + "hp VARCHAR, hz VARCHAR, gm BIGINT, gs BIGINT"
            + "".join(f", t{j} VARCHAR" for j in range(texts))
            + ")"
        )
        read = start = 0
        for i, (export, fields) in enumerate(self.mapped):
            # first: a gzip bomb stops here
            lines = lines_of_file(Path(export.path), DELIMITER[export.dialect])
            compression = "gzip" if is_gzip(Path(export.path)) else "none"
            width = len(export.columns)
            # the common shape of a creation time split as audit/clock.py reads it: the hour
            # as written (hp), "Z" or the offset (hz), minutes and seconds
            sql = (
                "INSERT INTO n BY NAME SELECT * EXCLUDE (g), nullif(g.p, '') AS hp, g.z AS hz, "
                "TRY_CAST(g.m AS BIGINT) AS gm, coalesce(TRY_CAST(nullif(g.s, '') AS BIGINT), 0) "
                "AS gs FROM (SELECT *, regexp_extract(tm, $shape, ['p', 'm', 's', 'z']) AS g FROM "
                f"(SELECT {self._normalised(i, export, fields, texts)} FROM "
                "read_csv($path, header=false, skip=1, compression=$compression, delim=$delim, "
                "quote='\"', escape='\"', strict_mode=true, auto_detect=false, "
                "columns=$columns, max_line_size=$longest, null_padding=true, nullstr=$none, "
                "parallel=$parallel)))"
            )
            values = {
                "shape": f"^{SHAPE}$",
                "path": export.path,
                "delim": DELIMITER[export.dialect],
                # columns past the header's: DuckDB refuses a row wider than its columns, and
                # takes an empty field too many as if it were not there (the csv module does not)
                "columns": {f"c{j}": "VARCHAR" for j in range(width + SPARE)},
                "none": "\0",  # no field reads as NULL (the file holds no NUL): a NULL is a
                # field a short row lacks
                "longest": MAX_LINE,
                "compression": compression,
                "header": list(export.header) or ["\0"],  # (a file holds no NUL)
            }
            serial = False
            try:
                self.con.execute(sql, {**values, "parallel": True})
            except duckdb.InterruptException:
                raise  # Ctrl-C or SIGTERM: stop, not read again
            except duckdb.Error:
                # DuckDB's parallel reader takes no line breaks inside quoted fields together
                # with short rows padded; its serial reader does (a statement that failed
                # inserted nothing). What fails again is unsuitable.
                self.con.execute(sql, {**values, "parallel": False})
                serial = True
            rows, longest, ignored, breaks, again = self.q(
                "SELECT count(*), coalesce(max(w), 0), count(*) FILTER (WHERE odd = 2), "
                "coalesce(sum(nl), 0), count(*) FILTER (WHERE hd) FROM n WHERE f = $1",
                i,
            )[0]
            if again:  # the streaming reader names the line: let it read the file
                raise Unsuitable(f"{export.path} repeats its header line")
            # the header's line, a line a record, one a break inside a field, and the blank lines
            # the file ends in: a blank line elsewhere is one more
            if rows + 1 + breaks + lines.blank_end != lines.number:
                raise Unsuitable(f"{export.path} has blank lines, or a header over several lines")
            if serial and rows:
                last, fields = self.q(
                    "SELECT nl, nf FROM n WHERE f = $1 ORDER BY rowid DESC LIMIT 1", i
                )[0]
                if not last_record_fits(lines.end, last + 1, DELIMITER[export.dialect], fields):
                    raise Unsuitable(f"{export.path} ends in a record read otherwise")
            self.broken.append(breaks > 0)
            if longest > MAX_FIELD:
                raise Unsuitable(f"{export.path} has a field over the reader's limit")
            self.starts.append(start)
            start += rows
            read += rows - ignored  # a lone blank field is no row to the streaming reader
        return read

    def _normalised(self, i: int, export: Export, fields: FieldMap, texts: int) -> str:
        """The columns of table n for one export's rows (c0, c1... as its header has them)."""
        cols = fields.columns
        width = len(export.columns)

        def col(name: str) -> str:
            return f"coalesce({_column(export, name)}, '')"

        channel = (
            col(cols["channel"][0]) if "channel" in cols and fields.fixed_channel is None else "''"
        )
        ident = f"nullif({_column(export, cols['id'][0])}, '')" if "id" in cols else "NULL"
        where = cols.get("created", ())
        if len(where) == 1:
            created = col(where[0])
        elif len(where) == 2:  # created_getter's join of a date and a time, then stripped
            day, clock = _column(export, where[0]), _column(export, where[1])
            created = (
                f"CASE WHEN coalesce({day}, '') = '' THEN NULL WHEN coalesce({clock}, '') = '' "
                f"THEN {day} ELSE "
                f"regexp_replace({day} || ' ' || {clock}, '^{_SPACE}+|{_SPACE}+$', '', 'g') END"
            )
        else:
            created = "NULL"
        excludes = [column for _, column in self.excludes[i]]
        slots = [
            f"coalesce({excludes[j]}, '')" if j < len(excludes) else "NULL"
            for j in range(self.width)
        ]
        durations = [col(cols[f][0]) if f in cols else "''" for f in ("first_reply", "resolution")]
        own = self.texts[i]
        # 0: no text columns; 1: every text column empty or spaces (NULLs of empty fields are
        # left out of the string); 2: text to classify
        state = (
            f"CASE WHEN regexp_full_match(coalesce(concat_ws('', {', '.join(own)}), ''), "
            f"'{_BLANK}') THEN 1 ELSE 2 END"
            if own
            else "0"
        )
        every, wide = [f"c{j}" for j in range(width)], [f"c{j}" for j in range(width + SPARE)]
        whole = f"concat_ws('', {', '.join(wide)})"  # the row's fields as one string
        full = f"c{width} IS NULL AND c{width - 1} IS NOT NULL"  # as wide as the header: most
        present = " + ".join(f"({c} IS NOT NULL)::INTEGER" for c in wide)  # NULL: no such field
        lone = f"WHEN c1 IS NULL AND regexp_full_match(c0, '{_BLANK}') THEN 2 " if width > 1 else ""
        bom, h = "chr(65279)", "$header[1]"  # hd: the header again, a joined file's BOM too
        again = [f"c0 IN ({h}, {bom} || {h}, {bom} || '\"' || {h} || '\"')"]
        again += [f"c{j} = $header[{j + 1}]" for j in range(1, width)]
        named = {
            "f": str(i),
            "chraw": channel,
            "id": ident,
            "tm": created,
            **{f"x{j}": slot for j, slot in enumerate(slots)},
            "d_first_reply": durations[0],
            "d_resolution": durations[1],
            "txt": state,
            "rh": f"hash({', '.join(every)})",  # for rows without an id: repeated rows
            # the longest field; the fields (no more than the spare columns hold); odd: 1 a row
            # skipped for its width as the streaming reader skips it, 2 a lone blank field (no row)
            "w": f"CASE WHEN {full} THEN greatest({', '.join(f'length({c})' for c in every)}) "
            f"ELSE greatest({', '.join(f'coalesce(length({c}), 0)' for c in wide)}) END",
            "nf": f"CASE WHEN {full} THEN {width} ELSE {present} END",
            "odd": f"CASE WHEN {full} THEN 0 {lone}ELSE 1 END",
            "hd": " AND ".join([full, *again]),
            # line breaks inside the row's quoted fields: how many lines the record takes
            "nl": f"coalesce(length({whole}) - length(replace({whole}, chr(10), '')), 0)",
            **{f"t{j}": own[j] if j < len(own) else "NULL" for j in range(texts)},
        }
        return ", ".join(f"{sql} AS {name}" for name, sql in named.items())

    def lines_of(self, f: int, rows: Sequence[int]) -> dict[int, int]:
        """The line of export `f` each of these rows (numbered from 0 after the header) ends
        on, as the csv module numbers lines: past the line breaks inside earlier fields."""
        if not self.broken[f]:
            return {r: r + 2 for r in rows}
        found = self.q(
            "SELECT r, r + 2 + breaks FROM (SELECT rowid - $2 AS r, sum(nl) OVER (ORDER BY rowid "
            "ROWS UNBOUNDED PRECEDING) AS breaks FROM n WHERE f = $1) WHERE r IN (SELECT "
            "unnest($3::BIGINT[]))",
            f,
            self.starts[f],
            list(rows),
        )
        return {r: line for r, line in found}

    # ---- decisions, once per distinct value ----------------------------------------------

    def decide(self) -> None:
        """Tables of what Python decides: channel per value, exclusion verdicts, times."""
        channels = []
        for f, raw in self.q("SELECT DISTINCT f, chraw FROM n"):
            fields = self.mapped[f][1]
            value = raw.strip().lower()
            channel = fields.fixed_channel or fields.channels.get(value, "")
            channels.append((f, raw, channel, value))
        list_table(self.con, "chan", "f INT, chraw VARCHAR, ch VARCHAR, note VARCHAR", channels)
        verdicts = []
        for j in range(self.width):
            for f, value in self.q(f"SELECT DISTINCT f, x{j} FROM n WHERE x{j} IS NOT NULL"):
                if j < len(self.excludes[f]):
                    values, _ = self.excludes[f][j]
                    verdict = exclusion(values, value)
                    if verdict:
                        verdicts.append((f, j, value, verdict))
        list_table(self.con, "xv", "f INT, j INT, v VARCHAR, verdict VARCHAR", verdicts)
        list_table(self.con, "starts", "f INT, start BIGINT", list(enumerate(self.starts)))
        if self.timed:
            self._times()

    def _times(self) -> None:
        """Table hv: the hours of the common shape, read by HourReader; table sv: any other
        creation time, read by TimeReader.parse (both once per distinct value)."""
        hours = []
        memories = [HourReader(reader, self.tally.zone) for reader in self.readers]
        for f, prefix, rest in self.q(
            "SELECT DISTINCT f, hp, hz FROM n WHERE hp IS NOT NULL AND odd = 0"
        ):
            if self.readers[f].fmt is not None:  # an explicit format: every time the exact way
                continue
            hour = memories[f].hour(prefix, rest)
            if hour is not None:
                hours.append((f, prefix, rest, hour.utc, hour.offset, hour.naive, hour.zero_hour))
        schema = "f INT, p VARCHAR, z VARCHAR, utc0 BIGINT, off BIGINT, naive BOOLEAN, zh BOOLEAN"
        list_table(self.con, "hv", schema, hours)
        since, until = self.window
        slow: list[tuple[Any, ...]] = []
        zone = self.tally.zone
        for f, raw in self.q(
            "SELECT DISTINCT n.f, n.tm FROM n LEFT JOIN hv ON hv.f = n.f AND hv.p = n.hp AND "
            "hv.z = n.hz WHERE hv.utc0 IS NULL AND n.odd = 0"
        ):
            instant, naive = self.readers[f].parse(raw)
            if instant is None:
                slow.append((f, raw, None, None, None, None, None, None))
                continue
            local = instant.astimezone(zone)
            wall = (local.toordinal() - _ORDINAL_1970) * 86400 + local.hour * 3600
            wall += local.minute * 60 + local.second
            inside = not ((since and instant < since) or (until and instant >= until))
            midnight = not (instant.hour or instant.minute or instant.second)
            micro = (instant - EPOCH) // dt.timedelta(microseconds=1)
            slow.append((f, raw, int(instant.timestamp()), micro, wall, naive, midnight, inside))
        schema = "f INT, tm VARCHAR, utc BIGINT, us BIGINT, loc BIGINT, naive BOOLEAN, "
        list_table(self.con, "sv", schema + "mid BOOLEAN, inwin BOOLEAN", slow)

    def classify(self) -> None:
        """Table m: each row's status (s skipped for its width, before anything else is read
        of it; x excluded, o outbound, u channel not mapped, t no readable time, w outside the
        window, k counted), what it says of the row, its time, and the flags the order of the
        files decides among the k rows: the first row of its ticket (firstseen), a row that was
        its ticket's earliest when read (record), the row the ticket is counted at (counted).
        View c: the k rows."""
        since, until = self.window
        joins = " ".join(
            f"LEFT JOIN xv x{j} ON x{j}.f = n.f AND x{j}.j = {j} AND x{j}.v = n.x{j}"
            for j in range(self.width)
        )
        verdict = (
            f"coalesce({', '.join(f'x{j}.verdict' for j in range(self.width))})"
            if self.width
            else "NULL"
        )
        if self.timed:
            fast = "hv.utc0 + n.gm * 60 + n.gs"
            times = (
                f"CASE WHEN hv.utc0 IS NOT NULL THEN {fast} ELSE sv.utc END AS utc, "
                f"CASE WHEN hv.utc0 IS NOT NULL THEN ({fast}) * 1000000 ELSE sv.us END AS us, "
                f"CASE WHEN hv.utc0 IS NOT NULL THEN {fast} + hv.off ELSE sv.loc END AS loc, "
                "coalesce(hv.naive, sv.naive) AS naive, "
                "CASE WHEN hv.utc0 IS NOT NULL THEN hv.zh AND n.gm = 0 AND n.gs = 0 "
                "ELSE sv.mid END AS mid, "
                f"CASE WHEN hv.utc0 IS NOT NULL THEN ({fast}) >= $low AND ({fast}) < $high "
                "ELSE sv.inwin END AS inwin"
            )
            joins += (
                " LEFT JOIN hv ON hv.f = n.f AND hv.p = n.hp AND hv.z = n.hz "
                "LEFT JOIN sv ON hv.utc0 IS NULL AND sv.f = n.f AND sv.tm = n.tm"
            )
            status = "WHEN utc IS NULL THEN 't' WHEN NOT inwin THEN 'w' "
        else:
            times = (
                "NULL::BIGINT AS utc, NULL::BIGINT AS us, NULL::BIGINT AS loc, false AS naive, "
                "false AS mid, true AS inwin"
            )
            status = ""
        repeats, distinct = self.q(
            "SELECT count(id) - count(DISTINCT id), count(DISTINCT id) FROM n"
        )[0]
        # loose: a row that counts alone, without an id, or (as the streaming engine's id
        # table stops at `most` ids) with one past the first `most` ids counted
        most = self.tally.ids.most
        loose = "id IS NULL"
        if distinct > most:
            loose = f"id IS NULL OR dense_rank() OVER (ORDER BY first_k NULLS LAST) > {most}"
        if repeats:
            flags = (
                "st = 'k' AND (loose OR row_number() OVER (PARTITION BY st, id ORDER BY "
                "f, r) = 1) AS firstseen, st = 'k' AND (loose OR coalesce(utc < min(utc) "
                "OVER (PARTITION BY st, id ORDER BY f, r ROWS BETWEEN UNBOUNDED PRECEDING AND 1 "
                "PRECEDING), true)) AS record, st = 'k' AND (loose OR row_number() OVER "
                "(PARTITION BY st, id ORDER BY utc, f, r) = 1) AS counted"
            )
        else:  # one row a ticket, the common case: nothing to fold
            flags = "st = 'k' AS firstseen, st = 'k' AS record, st = 'k' AS counted"
        rows = (
            f"SELECT n.f, n.rowid - s.start AS r, n.id, c.ch, c.note, {verdict} AS ex, n.txt, "
            f"n.rh, n.d_first_reply, n.d_resolution, n.nf, n.odd, {times} FROM n "
            f"JOIN chan c ON c.f = n.f AND c.chraw = n.chraw JOIN starts s ON s.f = n.f {joins} "
            "WHERE n.odd <> 2"  # a lone blank field: no row to the streaming reader
        )
        status = (
            "SELECT *, CASE WHEN odd = 1 THEN 's' WHEN ex IS NOT NULL THEN 'x' WHEN ch = '' "
            f"THEN 'u' WHEN ch = $out THEN 'o' {status}ELSE 'k' END AS st FROM ({rows})"
        )
        first = (
            f"CASE WHEN id IS NOT NULL THEN min(CASE WHEN st = 'k' THEN {PLACE} END) "
            "OVER (PARTITION BY id) END"
            if distinct > most
            else "NULL"
        )
        before, after = OUTBOUND_ROW.split("{}")
        outbound = {"outbound_before": before, "outbound_after": after}
        self.con.execute(
            "CREATE TABLE m AS SELECT * EXCLUDE (note, ex, loose, first_k), CASE st WHEN 'x' "
            "THEN ex WHEN 'o' THEN $outbound_before || note || $outbound_after WHEN 'u' THEN "
            f"note END AS why, {flags} FROM (SELECT *, {loose} AS loose FROM (SELECT *, "
            f"{first} AS first_k FROM ({status})))",
            {
                "low": since.timestamp() if since else -math.inf,
                "high": until.timestamp() if until else math.inf,
                "out": OUTBOUND,
                **outbound,
            }
            if self.timed
            else {"out": OUTBOUND, **outbound},
        )
        self.con.execute("CREATE VIEW c AS SELECT * FROM m WHERE st = 'k'")


def _column(export: Export, name: str) -> str:
    """The SQL for a column by its header name (NULL when the header lacks it)."""
    return f"c{export.columns.index(name)}" if name in export.columns else "NULL::VARCHAR"
