"""Which exports audit/columnar.py can read exactly as the streaming reader does: CSV in UTF-8
with a delimiter DuckDB is given, no NUL byte, no carriage return inside a line, no spaces
between a delimiter and a quote; how many physical lines a file has, to check DuckDB's
records against; and Python's lists handed to DuckDB as a table."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from servicefit.audit.dialect import DELIMITERS
from servicefit.audit.files import open_binary
from servicefit.audit.sources import Export

DELIMITER = {name: char for char, name in DELIMITERS.items()}  # a dialect's name: its character


class Unsuitable(Exception):
    """An export this engine cannot read exactly as the streaming reader does."""


def check_file(export: Export) -> None:
    """Unsuitable unless `export` is CSV in UTF-8 with a delimiter DuckDB is given."""
    if export.kind != "csv":
        raise Unsuitable(f"{export.path} is {export.kind.upper()}, not CSV")
    if export.encoding.replace("-", "").lower() not in ("utf8", "utf8sig"):
        raise Unsuitable(f"{export.path} is in {export.encoding}, not UTF-8")
    if export.dialect not in DELIMITER:
        raise Unsuitable(f"{export.path}: delimiter {export.dialect}")


END_BYTES = 1 << 20  # the end of a file kept to check its last record against


class Lines(NamedTuple):
    number: int  # physical lines, as the csv module numbers them
    end: bytes  # the file's last END_BYTES bytes (all of it, if shorter)
    blank_end: int = 0  # blank lines after the last record, which neither reader takes as rows


def lines_of_file(path: Path, delimiter: str) -> Lines:
    """Physical lines, as the csv module numbers them, and the file's end; Unsuitable for what
    DuckDB's reader takes otherwise than the csv module or the streaming reader: a NUL byte, a
    carriage return inside a line, spaces between a delimiter and a quote (DuckDB drops them)."""
    spaced = _Spaced(delimiter.encode())
    lines, returns, pairs, last, tail, end = 0, 0, 0, b"\n", b"", b""
    with open_binary(path) as handle:  # gzip too, with its bounds
        while chunk := handle.read(1 << 22):
            end = chunk[-END_BYTES:] if len(chunk) >= END_BYTES else (end + chunk)[-END_BYTES:]
            if b"\0" in chunk:
                raise Unsuitable(f"{path} holds NUL bytes")
            lines += chunk.count(b"\n")
            if b"\r" in chunk or last == b"\r":
                returns += chunk.count(b"\r")
                pairs += chunk.count(b"\r\n") + (last == b"\r" and chunk[:1] == b"\n")
            # what may straddle two chunks: the last one's trailing spaces and the byte before
            block = tail + chunk
            if (b' "' in block or b'" ' in block) and spaced.found(block):
                raise Unsuitable(f"{path} has spaces between a delimiter and a quote")
            tail = chunk[max(len(chunk.rstrip(b" ")) - 1, 0) :]
            last = chunk[-1:]
    if returns != pairs:
        raise Unsuitable(f"{path} has carriage returns inside lines")
    ending = end[len(end.rstrip(b"\r\n")) :]  # the line breaks the file ends in
    return Lines(lines + (last != b"\n"), end, max(ending.count(b"\n") - 1, 0))


def last_record_fits(end: bytes, lines: int, delimiter: str, width: int) -> bool:
    """Whether the last `lines` lines of a file ending in `end` are one record of `width`
    fields to the csv module: DuckDB's serial reader ends a quote left open at the end of the
    file quietly, where the csv module reads on to the end (False too when `end` holds less)."""
    parts = end.rstrip(b"\r\n").split(b"\n")  # the blank lines a file ends in are no record
    if len(parts) <= lines:  # the record may start before `end` does
        return False
    try:
        text = b"\n".join(parts[-lines:]).decode("utf-8")
    except UnicodeDecodeError:
        return False
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return len(records) == 1 and len(records[0]) == width


class _Spaced:
    """Spaces between a delimiter (or a line's start) and a quote, or between a quote and a
    delimiter (or a line's end): where DuckDB drops spaces the csv module keeps. Left alone,
    since both readers agree on them, the two shapes quoted prose takes inside a quoted field:
    `, ""Word` (a doubled quote and then a letter: at a real field's start DuckDB refuses the
    row, so the export streams all the same) and `word"" ,` (an even run of quotes after a
    letter: a literal quote inside or outside a quoted field). Near a block's edge, where what
    surrounds a match is cut off, a match counts."""

    def __init__(self, delimiter: bytes):
        d = re.escape(delimiter)
        self.edges = {delimiter, b"\r", b"\n"}
        ends = b'[^"' + d + b"\r\n]"
        self.opening = re.compile(rb"(?:^|" + d + rb") +\"(?!\"" + ends + b")", re.MULTILINE)
        self.closing = re.compile(rb"(?:^|([^\"]))(\"+) +(?:" + d + rb"|\r?$)", re.MULTILINE)

    def found(self, block: bytes) -> bool:
        if self.opening.search(block):
            return True
        return any(
            m[1] is None or m[1] in self.edges or len(m[2]) % 2
            for m in self.closing.finditer(block)
        )


def list_table(con: Any, name: str, schema: str, rows: Sequence[Sequence[Any]]) -> None:
    """A table `name` ("col TYPE, ...") of `rows`, passed as one list a column (quick)."""
    columns = [column.split() for column in schema.split(",")]
    con.execute(f"CREATE TABLE {name} ({schema})")
    if rows:
        values = [[row[i] for row in rows] for i in range(len(columns))]
        unnested = ", ".join(f"unnest(${i + 1}::{kind}[])" for i, (_, kind) in enumerate(columns))
        con.execute(f"INSERT INTO {name} SELECT {unnested}", values)
