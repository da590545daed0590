"""Reading helpdesk exports as a stream of records: CSV (delimiter detected, RFC 4180
quoting, a BOM, bare carriage returns inside fields repaired), a JSON document (an array, or
an object holding one), JSON lines, each optionally gzip-compressed, in UTF-8, UTF-16/32 with
a byte-order mark, or the encoding --encoding names. Memory stays flat in the number of rows
and in the length of any line or field: CSV and JSON lines are streamed with lines capped,
and a JSON document over FAST_JSON bytes is read one ticket at a time (audit/jsonstream.py)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import deque
from collections.abc import Callable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import IO, Any, NamedTuple, NoReturn

import orjson

from servicefit.audit import jsonstream
from servicefit.audit.dialect import DELIMITERS, detect_dialect, left_open
from servicefit.audit.files import (
    MAX_LINE,
    SNIFF_BYTES,
    bounded_lines,
    capped_lines,
    encoding_of,
    open_binary,
    text,
)
from servicefit.audit.jsonstream import lookup
from servicefit.errors import InputError

MAX_FIELD = 1024 * 1024  # characters in one CSV field
_LONG = f"over {MAX_LINE // 2**20} MiB in one"
_CUT = "a quoted field still open where the file ends (the file looks cut short: export it again)"
_HEADER_AGAIN = "the header line again (exports joined into one file?)"
TAIL_LINES = 64  # of a CSV file kept while reading: a last record over more is not checked
FAST_JSON = 8 * 1024 * 1024  # a JSON document up to this size is parsed whole (~10x in memory)
MAX_KEY_DEPTH = 8  # nested keys listed as columns of a JSON export
csv.field_size_limit(MAX_FIELD)


def other_width(fields: int, width: int) -> str:
    """Why a CSV row of `fields` fields, under a header of `width`, is skipped."""
    return f"{fields} fields where the header has {width}"


class Record(NamedTuple):
    line: int  # the line (CSV, JSON lines) or the index (JSON array) it came from
    data: Any  # a CSV row (list, in the header's order), a JSON object; None: unreadable
    problem: str = ""


class Export(NamedTuple):
    path: str
    kind: str  # csv, json, jsonl
    columns: tuple[str, ...]  # CSV header, or the keys (dotted) of the first records
    dialect: str  # e.g. "comma", for the report
    encoding: str = "utf-8-sig"
    header: tuple[str, ...] = ()  # a CSV header as written: a row just like it is no ticket


_BARE_CR = re.compile(rb"\r(?!\n)")


def has_bare_cr(path: Path) -> bool:
    """Whether a carriage return stands anywhere but before a line feed (a quick scan)."""
    with open_binary(path) as handle:
        tail = b""
        while chunk := handle.read(1 << 20):
            block = tail + chunk
            if _BARE_CR.search(block[:-1] if block.endswith(b"\r") else block):
                return True
            tail = b"\r" if block.endswith(b"\r") else b""
    return tail == b"\r"


def kind_of(path: Path, encoding: str = "utf-8-sig") -> str:
    with text(path, encoding) as handle:
        head = handle.read(SNIFF_BYTES)
    start = head.lstrip()[:1]
    if start == "[":
        return "json"
    if start == "{":
        first = head.lstrip().split("\n", 1)[0].strip()
        try:
            single = orjson.loads(first)
        except orjson.JSONDecodeError:
            return "json"
        rest = head.lstrip()[len(first) :].lstrip()
        page = isinstance(single, dict) and _first_list(single) is not None
        if rest[:1] == "{":
            # one object a line: tickets, or API pages saved a line each (a page has its list
            # of tickets and little else, or says that more pages follow)
            paged = page and (len(single) <= 3 or jsonstream.paging_marker(single) is not None)
            return "json" if paged else "jsonl"
        # one object alone: an API page holding its list of tickets, or one ticket a line
        return "json" if page else "jsonl"
    return "csv"


def _repaired_lines(lines: Iterator[str]) -> Iterator[str]:
    """Lines with every carriage return that does not end a line turned into a space."""
    for line in lines:
        if "\r" in line:
            ending = "\r\n" if line.endswith("\r\n") else ("\n" if line.endswith("\n") else "")
            body = line[: len(line) - len(ending)] if ending else line
            line = body.replace("\r", " ") + ending
        yield line


def open_export(path: Path, encoding: str | None = None) -> Export:
    """What kind of export `path` is and its columns; InputError when it cannot be read."""
    try:
        code = encoding_of(path, encoding)
        kind = kind_of(path, code)
        if kind == "csv":
            head, whole = _head(path, code)
            dialect = detect_dialect(head, whole)
            reader = csv.reader(io.StringIO(head.replace("\r\n", "\n")), dialect)
            try:
                header = next(reader, [])
            except csv.Error as exc:
                raise InputError(f"{path}:1: the header cannot be read as CSV ({exc}).") from None
            if not "".join(header).strip():
                _no_header(path, head)
            return Export(
                str(path),
                kind,
                tuple(h.strip() for h in header),
                DELIMITERS.get(dialect.delimiter, repr(dialect.delimiter)),
                code,
                tuple(header),
            )
        first = next((r.data for r in records(path, kind, None, None, code) if r.data), None)
        if not isinstance(first, dict):
            first = {}
        return Export(str(path), kind, tuple(flat_keys(first or {})), kind, code)
    except (OSError, EOFError) as exc:
        raise InputError(f"{path}: cannot be read ({exc}).") from None


def _no_header(path: Path, head: str) -> NoReturn:
    """InputError for a CSV export whose first line names no column: an empty file, or one
    that opens with a blank line (the readers take the first line for the header)."""
    if not head.strip():
        raise InputError(
            f"{path}: the file is empty: no header row and no tickets.",
            hint="Export the tickets again; the first line names the columns, a ticket a row "
            "below it.",
        )
    raise InputError(
        f"{path}:1: a blank line where the header row should be.",
        hint="Delete the blank lines above the header (the first line names the columns), "
        "then run the audit again.",
    )


def flat_keys(obj: dict[str, Any]) -> list[str]:
    """'via.channel' for {'via': {'channel': …}}: every key path, nested mappings included
    down to MAX_KEY_DEPTH levels (without recursion: a record may nest a thousand deep)."""
    out: list[str] = []
    todo: list[tuple[str, dict[str, Any], int]] = [("", obj, 1)]
    while todo:
        prefix, mapping, depth = todo.pop(0)
        for key, value in mapping.items():
            name = f"{prefix}{key}"
            out.append(name)
            if isinstance(value, dict) and depth < MAX_KEY_DEPTH:
                todo.append((name + ".", value, depth + 1))
    return out


def records(
    path: Path,
    kind: str,
    records_key: str | None,
    notes: list[str] | None = None,
    encoding: str = "utf-8-sig",
) -> Iterator[Record]:
    """Every record of the export, in order; a row that cannot be read comes with data None.
    What the file says of itself (a JSON page that says more pages follow) goes to `notes`."""
    if kind == "csv":
        yield from _csv_records(path, encoding)
    elif kind == "jsonl":
        yield from _jsonl_records(path, encoding)
    else:
        yield from _json_records(path, records_key, notes)


def _jsonl_records(path: Path, encoding: str) -> Iterator[Record]:
    with text(path, encoding) as handle:
        number = 0
        broken = False  # the rest of a line over MAX_LINE
        for line in capped_lines(handle):
            whole = line.endswith("\n")
            if broken:
                broken = not whole
                continue
            number += 1
            if not whole and len(line) >= MAX_LINE:
                broken = True
                yield Record(number, None, f"a line over {MAX_LINE // 2**20} MiB")
                continue
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


def _head(path: Path, encoding: str = "utf-8-sig") -> tuple[str, bool]:
    """The first SNIFF_BYTES of the file as text, and whether that is all of it."""
    with text(path, encoding) as handle:
        head = handle.read(SNIFF_BYTES)
        whole = not handle.read(1)
    return head, whole


def _csv_records(path: Path, encoding: str) -> Iterator[Record]:
    dialect = detect_dialect(*_head(path, encoding))
    repair = has_bare_cr(path)
    with text(path, encoding, newline="\n" if repair else "") as handle:
        # only a file with a carriage return inside a line pays for the repair, line by line
        oversized: list[int] = []
        tail: deque[str] = deque(maxlen=TAIL_LINES)
        lines = bounded_lines(handle, oversized, tail)
        reader = csv.reader(_repaired_lines(lines) if repair else lines, dialect)
        try:
            header = next(reader)
        except (StopIteration, csv.Error):
            return
        width = len(header)
        h, rest, last = (header[0], header[1:], header[-1]) if header else ("", None, None)
        firsts = {h, f"\ufeff{h}", f'\ufeff"{h}"'}  # the header again: a joined file's BOM
        # a whole row waits for the next one: the last may turn out cut short
        held: Record | None = None
        while True:  # a row the csv module cannot read is reported, and reading goes on
            try:
                for row in reader:
                    fields = len(row)
                    if oversized or fields != width:  # the held row goes first
                        if held is not None:
                            yield held
                            held = None
                        yield from (Record(n, None, f"{_LONG} line") for n in oversized)
                        oversized.clear()
                    if fields == width:
                        if held is not None:
                            yield held
                        if row[-1] == last and row[1:] == rest and row[0] in firsts:
                            held = Record(reader.line_num, None, _HEADER_AGAIN)  # files joined
                        else:
                            held = Record(reader.line_num, row)
                    elif row and (fields > 1 or row[0].strip()):
                        yield Record(reader.line_num, None, other_width(fields, width))
                if held is not None:  # the file's last lines (any row after would have sent it)
                    cut = left_open(tail, held.data, dialect)
                    yield Record(held.line, None, _CUT) if cut else held
                yield from (Record(n, None, f"{_LONG} line") for n in oversized)
                return
            except csv.Error as exc:
                if held is not None:
                    yield held
                    held = None
                yield Record(reader.line_num, None, f"not CSV ({exc})")


def _json_records(
    path: Path, records_key: str | None, notes: list[str] | None = None
) -> Iterator[Record]:
    """A JSON document: parsed whole when small, one ticket at a time when large."""
    with open_binary(path) as handle:
        data = handle.read(FAST_JSON + 1)
        if len(data) > FAST_JSON:
            yield from _streamed(path, _Prefixed(data, handle), records_key, notes)
            return
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        doc = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        if not _several_documents(body):
            raise InputError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno}).") from None
        yield from _streamed(path, io.BytesIO(body), records_key, notes)  # pages one after another
        return
    items = doc
    if isinstance(doc, dict):
        marker = jsonstream.paging_marker(doc)
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


def _several_documents(body: bytes) -> bool:
    """Whether `body` is a whole JSON document followed by another one."""
    try:
        text = body.decode("utf-8")
        _, end = json.JSONDecoder().raw_decode(text, len(text) - len(text.lstrip()))
    except (UnicodeDecodeError, ValueError):
        return False
    return text[end:].lstrip()[:1] in ("{", "[")


class _Prefixed(io.RawIOBase):
    """Bytes already read, then the rest of the stream."""

    def __init__(self, prefix: bytes, rest: IO[bytes]):
        self.prefix = prefix[3:] if prefix.startswith(b"\xef\xbb\xbf") else prefix
        self.rest = rest

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.prefix:
            out, self.prefix = self.prefix[:size], self.prefix[size:]
            return out
        return self.rest.read(size)


def _streamed(
    path: Path, handle: Any, records_key: str | None, notes: list[str] | None
) -> Iterator[Record]:
    top: dict[str, Any] = {}
    try:
        for index, item in jsonstream.items(handle, records_key, top):
            yield Record(index + 1, item, "" if item is not None else "not a JSON object")
    except jsonstream.DocumentError as exc:
        raise InputError(f"{path}: not valid JSON ({exc}).") from None
    marker = jsonstream.paging_marker(top)
    if marker and notes is not None:
        notes.append(marker)


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


def getter(export: Export, column: str, one: bool = False) -> Callable[[Any], Any]:
    """Reads `column` from one record of `export`: by position in a CSV row, by key (or dotted
    path) in a JSON object. A CSV column the header lacks reads as None; with `one` (a field
    that holds one value: a channel, an id, a time, a status), so does a JSON object or list
    where the value should be."""
    if export.kind == "csv":
        if column not in export.columns:
            return lambda row: None
        return itemgetter(export.columns.index(column))
    if one:
        get = getter(export, column)

        def value(data: Any) -> Any:
            found = get(data)
            return None if isinstance(found, dict | list) else found

        return value
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
