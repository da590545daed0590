"""Reading helpdesk exports as a stream of records: CSV (any dialect, a BOM, bare carriage
returns inside fields repaired), a JSON document (an array, or an object holding one), JSON
lines, each optionally gzip-compressed. Memory stays flat in the number of rows for CSV and
JSON lines; a JSON document is parsed whole (exports of that kind come paged by the API).
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Callable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from servicefit.errors import InputError

SNIFF_BYTES = 64 * 1024
MAX_FIELD = 1024 * 1024  # characters in one CSV field
MAX_JSON_BYTES = 512 * 1024 * 1024  # a JSON document parsed whole
csv.field_size_limit(MAX_FIELD)


class Record(NamedTuple):
    line: int  # the line (CSV, JSON lines) or the index (JSON array) it came from
    data: Any  # a CSV row (list, in the header's order), a JSON object; None: unreadable
    problem: str = ""


class Export(NamedTuple):
    path: str
    kind: str  # csv, json, jsonl
    columns: tuple[str, ...]  # CSV header, or the keys (dotted) of the first records
    dialect: str  # e.g. "comma", for the report


def _open_binary(path: Path) -> Any:
    """The file's bytes, decompressed when it is gzip (by its magic bytes, not its name)."""
    raw = path.open("rb")
    if raw.peek(2)[:2] == b"\x1f\x8b":
        raw.close()
        return gzip.open(path, "rb")  # closes its own file
    return raw


def _text(path: Path, newline: str = "\n") -> io.TextIOWrapper:
    """The file as text. newline="\n": lines end at \n only, so a bare \r inside a field stays
    in it (repaired by _repaired_lines); newline="": as the csv module wants a clean file."""
    return io.TextIOWrapper(
        _open_binary(path), encoding="utf-8-sig", errors="replace", newline=newline
    )


_BARE_CR = re.compile(rb"\r(?!\n)")


def _has_bare_cr(path: Path) -> bool:
    """Whether a carriage return stands anywhere but before a line feed (a quick scan)."""
    with _open_binary(path) as handle:
        tail = b""
        while chunk := handle.read(1 << 20):
            block = tail + chunk
            if _BARE_CR.search(block[:-1] if block.endswith(b"\r") else block):
                return True
            tail = b"\r" if block.endswith(b"\r") else b""
    return tail == b"\r"


def kind_of(path: Path) -> str:
    with _text(path) as handle:
        head = handle.read(SNIFF_BYTES)
    start = head.lstrip()[:1]
    if start == "[":
        return "json"
    if start == "{":
        first = head.lstrip().split("\n", 1)[0].strip()
        try:
            orjson.loads(first)
        except orjson.JSONDecodeError:
            return "json"
        rest = head.lstrip()[len(first) :].lstrip()
        if rest[:1] == "{":
            return "jsonl"
        # one object alone: an API page holding its list of tickets, or one ticket a line
        single = orjson.loads(first)
        return "json" if isinstance(single, dict) and _first_list(single) else "jsonl"
    return "csv"


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


def _dialect(head: str, whole: bool = False) -> type[csv.Dialect]:
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


_DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def _repaired_lines(handle: io.TextIOWrapper) -> Iterator[str]:
    """Lines with every carriage return that does not end a line turned into a space."""
    for line in handle:
        if "\r" in line:
            ending = "\r\n" if line.endswith("\r\n") else ("\n" if line.endswith("\n") else "")
            body = line[: len(line) - len(ending)] if ending else line
            line = body.replace("\r", " ") + ending
        yield line


def open_export(path: Path) -> Export:
    """What kind of export `path` is and its columns; InputError when it cannot be read."""
    try:
        kind = kind_of(path)
        if kind == "csv":
            head, whole = _head(path)
            dialect = _dialect(head, whole)
            reader = csv.reader(io.StringIO(head.replace("\r\n", "\n")), dialect)
            header = next(reader, [])
            return Export(
                str(path),
                kind,
                tuple(h.strip() for h in header),
                _DELIMITERS.get(dialect.delimiter, repr(dialect.delimiter)),
            )
        first = next((r.data for r in records(path, kind, None) if r.data is not None), None)
        if not isinstance(first, dict):
            first = {}
        return Export(str(path), kind, tuple(flat_keys(first or {})), kind)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(f"{path}: cannot be read ({exc}).") from None


def flat_keys(obj: dict[str, Any], prefix: str = "") -> list[str]:
    """'via.channel' for {'via': {'channel': …}}: every key path, nested mappings included."""
    out = []
    for key, value in obj.items():
        name = f"{prefix}{key}"
        out.append(name)
        if isinstance(value, dict):
            out += flat_keys(value, name + ".")
    return out


def records(
    path: Path, kind: str, records_key: str | None, notes: list[str] | None = None
) -> Iterator[Record]:
    """Every record of the export, in order; a row that cannot be read comes with data None.
    What the file says of itself (a JSON page that says more pages follow) goes to `notes`."""
    if kind == "csv":
        yield from _csv_records(path)
    elif kind == "jsonl":
        with _text(path) as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    data = orjson.loads(line)
                except orjson.JSONDecodeError as exc:
                    yield Record(number, None, f"not JSON ({exc.msg})")
                    continue
                if isinstance(data, dict):
                    yield Record(number, data)
                else:
                    yield Record(number, None, "not a JSON object")
    else:
        yield from _json_records(path, records_key, notes)


def _head(path: Path) -> tuple[str, bool]:
    """The first SNIFF_BYTES of the file as text, and whether that is all of it."""
    with _text(path) as handle:
        head = handle.read(SNIFF_BYTES)
        whole = not handle.read(1)
    return head, whole


def _csv_records(path: Path) -> Iterator[Record]:
    dialect = _dialect(*_head(path))
    repair = _has_bare_cr(path)
    with _text(path, newline="\n" if repair else "") as handle:
        # only a file with a carriage return inside a line pays for the repair, line by line
        reader = csv.reader(_repaired_lines(handle) if repair else handle, dialect)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            return
        width = len(header)
        while True:  # a row the csv module cannot read is reported, and reading goes on
            try:
                for row in reader:
                    if len(row) == width:
                        yield Record(reader.line_num, row)
                    elif row and (len(row) > 1 or row[0].strip()):
                        yield Record(
                            reader.line_num, None, f"{len(row)} fields where the header has {width}"
                        )
                return
            except csv.Error as exc:
                yield Record(reader.line_num, None, f"not CSV ({exc})")


def _json_records(
    path: Path, records_key: str | None, notes: list[str] | None = None
) -> Iterator[Record]:
    with _open_binary(path) as handle:
        data = handle.read(MAX_JSON_BYTES + 1)
    if len(data) > MAX_JSON_BYTES:
        raise InputError(
            f"{path}: a JSON document over {MAX_JSON_BYTES // 2**20} MiB.",
            hint="Export JSON lines (one ticket per line) instead; they are read as a stream.",
        )
    try:
        doc = orjson.loads(data.decode("utf-8-sig", errors="replace"))
    except orjson.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno}).") from None
    items = doc
    if isinstance(doc, dict):
        marker = paging_marker(doc)
        if marker and notes is not None:
            notes.append(marker)
        items = lookup(doc, records_key) if records_key else None
        if items is None:
            items = _first_list(doc)
    if not isinstance(items, list):
        raise InputError(f"{path}: no list of tickets in this JSON document.")
    for index, item in enumerate(items):
        if isinstance(item, dict):
            yield Record(index + 1, item)
        else:
            yield Record(index + 1, None, "not a JSON object")


# Where the helpdesks' APIs say that a page is not the last one: (path, what means "more").
# Zendesk (offset: next_page; cursor: meta.has_more, links.next; incremental: end_of_stream),
# Intercom (pages.next), HubSpot (paging.next), Gorgias (meta.next_cursor), Help Scout
# (_links.next), and the common has_more / next_cursor / nextPageToken.
_PAGING: tuple[tuple[str, str], ...] = (
    ("next_page", "set"),
    ("end_of_stream", "false"),
    ("meta.has_more", "true"),
    ("links.next", "set"),
    ("pages.next", "set"),
    ("paging.next", "set"),
    ("meta.next_cursor", "set"),
    ("_links.next", "set"),
    ("has_more", "true"),
    ("next_cursor", "set"),
    ("nextPageToken", "set"),
    ("next", "set"),
)


def paging_marker(doc: dict[str, Any]) -> str | None:
    """What in a JSON page says that more pages follow, e.g. "next_page", or None."""
    for path, means in _PAGING:
        value = lookup(doc, path)
        if means == "true" and value is True:
            return f"{path}: true"
        if means == "false" and value is False:
            return f"{path}: false"
        if (
            means == "set"
            and value not in (None, "", False, {}, [])
            and not isinstance(value, bool)
        ):
            return path
    return None


def _first_list(doc: dict[str, Any], depth: int = 3) -> list[Any] | None:
    """The first list of objects in `doc`, breadth first, at most `depth` levels down
    ({"tickets": […]}, {"_embedded": {"conversations": […]}})."""
    level: list[dict[str, Any]] = [doc]
    for _ in range(depth):
        following: list[dict[str, Any]] = []
        for mapping in level:
            for value in mapping.values():
                if isinstance(value, list) and value and isinstance(value[0], dict):
                    return value
                if isinstance(value, dict):
                    following.append(value)
        level = following
    return None


def getter(export: Export, column: str) -> Callable[[Any], Any]:
    """Reads `column` from one record of `export`: by position in a CSV row, by key (or dotted
    path) in a JSON object. A CSV column the header lacks reads as None."""
    if export.kind == "csv":
        if column not in export.columns:
            return lambda row: None
        return itemgetter(export.columns.index(column))
    if "|" in column:  # alternatives: the first the record holds
        paths = column.split("|")

        def first(data: Any) -> Any:
            for path in paths:
                value = data[path] if path in data else lookup(data, path)
                if value is not None:
                    return value
            return None

        return first
    if "." in column:
        return lambda data: data[column] if column in data else lookup(data, column)
    return lambda data: data.get(column)


def lookup(data: dict[str, Any], path: str) -> Any:
    """data['via']['channel'] for 'via.channel'; a key with a dot in it is tried whole first."""
    if path in data:
        return data[path]
    current: Any = data
    for part in path.split("."):
        if not isinstance(current, dict) or part not in current:
            return None
        current = current[part]
    return current
