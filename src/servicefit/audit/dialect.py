"""Which delimiter a CSV export uses, found by parsing a sample with each candidate; whether
its last record was cut short inside a quoted field."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence


class _Dialect(csv.Dialect):
    """RFC 4180 quoting (double quotes, "" inside a field) with a detected delimiter."""

    delimiter = ","
    quotechar = '"'
    doublequote = True
    skipinitialspace = False
    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL
    strict = False


_CANDIDATES = (",", ";", "\t", "|")


def detect_dialect(head: str, whole: bool = False) -> type[csv.Dialect]:
    """The delimiter that splits the sample into rows as wide as the header most often.

    Quoting is always RFC 4180's: csv.Sniffer turned doubled quotes off when the first lines
    held none, and then split every later row with "" inside a field, and it misread fields
    with line breaks in a cut sample. Here each candidate delimiter parses the same sample with
    the standard quoting (linear in the sample, four passes of the C parser); the last record
    is left out unless the sample is the whole file, since the cut may fall inside it.
    """
    best: tuple[float, int, int] = (0.0, 0, 0)
    chosen = ","
    for rank, delimiter in enumerate(_CANDIDATES):
        rows = _sample_rows(head, delimiter)
        if not whole and len(rows) > 2:
            rows = rows[:-1]
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        body = rows[1:] or rows
        fits = sum(1 for r in body if len(r) == width) / len(body)
        score = (fits, width, -rank)
        if score > best:
            best, chosen = score, delimiter
    return type("Detected", (_Dialect,), {"delimiter": chosen})


def _sample_rows(head: str, delimiter: str) -> list[list[str]]:
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(head), delimiter=delimiter, quotechar='"', strict=False)
    try:
        for row in reader:
            if row and (len(row) > 1 or row[0].strip()):
                rows.append(row)
    except csv.Error:  # a field past the size limit, a NUL: what was read so far counts
        pass
    return rows


DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def left_open(tail: Sequence[str], row: list[str], dialect: type[csv.Dialect]) -> bool:
    """Whether the file's last record, read as `row` and ending its last lines `tail`, ends
    inside a quoted field (the file was cut short). Its lines are the fewest of the tail's last
    that read as that row; a quote left open fails a strict reading of them, and closing it
    changes nothing, where it would add a quote to a field that was complete (strictness tells
    an empty last field, `a,`, from `a,"`)."""
    quote = dialect.quotechar
    if not quote or dialect.quoting == csv.QUOTE_NONE:
        return False
    lines = list(tail)
    for first in range(len(lines) - 1, -1, -1):
        record = "".join(lines[first:])
        if _rows(record, dialect) == [row]:
            try:
                _rows(record, dialect, strict=True)
                return False  # read strictly: nothing was left open
            except csv.Error:
                return _rows(record + quote, dialect) == [row]
    return False  # a record over more lines than the tail holds: not checked


def _rows(text: str, dialect: type[csv.Dialect], strict: bool = False) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), dialect, strict=strict))
