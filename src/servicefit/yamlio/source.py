"""Safe YAML/JSON loading that remembers where every key and item came from.

Answer files and rule files are untrusted: no tags that build Python objects, no aliases
(so no alias bombs), a cap on size and on nesting depth, and duplicate keys are errors.
Mappings and sequences come back as ``LocatedDict`` / ``LocatedList`` so that later checks
can name the line and column of the offending key.

The common flat answers file (``key: value`` lines) is read here without a YAML parser;
everything else goes to yamlparse, which imports PyYAML only then.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any, NamedTuple

from servicefit.errors import InputError, Location

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64


class Mark(NamedTuple):
    line: int
    column: int


def to_mark(raw: Any) -> Mark:
    """A 0-based position → a 1-based Mark; done only when a location is wanted. Positions are
    libyaml's marks, or (line, column) tuples from the flat reader, which are cheaper to make."""
    if type(raw) is tuple:
        return Mark(raw[0] + 1, raw[1] + 1)
    return Mark(raw.line + 1, raw.column + 1)


class LocatedDict(dict):
    """A mapping that knows where it and each of its keys and values stand in the source."""

    _at: Any
    _keys_at: dict[Any, Any]
    _values_at: dict[Any, Any]

    @property
    def mark(self) -> Mark:
        return to_mark(self._at)


class LocatedList(list):
    """A sequence that knows where it and each of its items stand in the source."""

    _at: Any
    _items_at: list[Any]

    @property
    def mark(self) -> Mark:
        return to_mark(self._at)


def mark_of(obj: Any) -> Mark | None:
    return getattr(obj, "mark", None)


def key_mark(mapping: Any, key: Any) -> Mark | None:
    marks = getattr(mapping, "_keys_at", None)
    if marks and key in marks:
        return to_mark(marks[key])
    return mark_of(mapping)


def value_mark(mapping: Any, key: Any) -> Mark | None:
    marks = getattr(mapping, "_values_at", None)
    if marks and key in marks:
        return to_mark(marks[key])
    return key_mark(mapping, key)


def item_mark(seq: Any, index: int) -> Mark | None:
    marks = getattr(seq, "_items_at", None)
    if marks and 0 <= index < len(marks):
        return to_mark(marks[index])
    return mark_of(seq)


def locate(file: str, mark: Mark | None, key: str | None = None) -> Location:
    if mark is None:
        return Location(file, key=key)
    return Location(file, mark.line, mark.column, key)


NOT_PLAIN = object()  # "not one of the common scalars": take the long way


def too_big(file: str, max_bytes: int, size: int | None = None) -> InputError:
    return InputError(
        f"the file is {size:,} bytes; the limit is {max_bytes:,}."
        if size
        else f"the input is over the limit of {max_bytes:,} bytes.",
        Location(file),
        "Answer and rule files are small text files; check you named the right file.",
    )


def decode(data: bytes, file: str, max_bytes: int = MAX_BYTES) -> str:
    if len(data) > max_bytes:
        raise too_big(file, max_bytes)
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        wide = "UTF-32" if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")) else "UTF-16"
        raise InputError(
            f"the file is {wide} text; servicefit reads UTF-8.",
            Location(file),
            "Save it as UTF-8 (in most editors: Save As, then the encoding).",
        )
    if b"\x00" in data:
        raise InputError(
            "this is a binary file, not YAML or JSON text.",
            Location(file),
            "Give a UTF-8 text file.",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"the file is not UTF-8 text (bad byte at offset {exc.start}).",
            Location(file, line),
            "Save it as UTF-8.",
        ) from None


def parse_documents(text: str, file: str) -> list[Any]:
    """Parse every YAML document in ``text`` into located values (with libyaml when present)."""
    from servicefit.yamlio.parser import parse_documents as parse_with_libyaml  # see yamlparse

    return parse_with_libyaml(text, file)


_FLAT_LINE = re.compile(r"([a-z_][a-z0-9_]*): (\S.*)\Z")
# text: letters first, or digits then a letter (24x7), but never 0x…/0b…/0o…, which YAML 1.1
# reads as numbers
_WORD = re.compile(r"(?:[A-Za-z]|[1-9][0-9]*[A-Za-z])[A-Za-z0-9_]*\Z")
_NUMBER = re.compile(r"-?(0|[1-9][0-9]{0,17})\Z")
_ITEM = re.compile(r"[a-z][a-z0-9_]*\Z")
# YAML 1.1 words that do not read as text; a flat file using one goes the long way.
_SPECIAL = {
    w
    for b in ("yes", "no", "true", "false", "on", "off", "null")
    for w in (b, b.title(), b.upper())
}


def _flat_value(text: str) -> Any:
    if _NUMBER.match(text):
        return int(text)
    if text in ("true", "false"):
        return text == "true"
    if _WORD.match(text) and text not in _SPECIAL:
        return text
    return NOT_PLAIN


def _parse_flat(text: str) -> LocatedDict | None:
    """The common answers file, `key: value` lines and `key: [a, b]` lists, without the YAML
    parser; None for anything else (comments after values, quotes, nesting, duplicate keys …),
    which then takes the full parser. Gives exactly what the full parser gives, marks included."""
    if "\t" in text or "\r" in text:
        return None
    out = LocatedDict()
    keys_at: dict[Any, Any] = {}
    values_at: dict[Any, Any] = {}
    for number, line in enumerate(text.split("\n")):
        if not line or line[0] == "#" or line.isspace():
            continue
        match = _FLAT_LINE.match(line)
        if match is None:
            return None
        key, raw = match.group(1), match.group(2).rstrip(" ")
        if key in out or key in _SPECIAL:
            return None
        start = match.start(2)
        if raw[0] == "[":
            if raw[-1] != "]":
                return None
            inner = raw[1:-1]
            items = LocatedList()
            items._at = (number, start)
            items._items_at = []
            if inner.strip():
                column = start + 1
                for part in inner.split(","):
                    word = part.strip(" ")
                    if not _ITEM.match(word) or word in _SPECIAL:
                        return None
                    items.append(word)
                    items._items_at.append((number, column + part.index(word)))
                    column += len(part) + 1
            elif inner:
                return None
            value: Any = items
        else:
            value = _flat_value(raw)
            if value is NOT_PLAIN:
                return None
        out[key] = value
        keys_at[key] = (number, 0)
        values_at[key] = (number, start)
    if not out:
        return None
    out._at = next(iter(keys_at.values()))
    out._keys_at, out._values_at = keys_at, values_at
    return out


def parse(text: str, file: str) -> Any:
    """Parse a single-document YAML (or JSON) text into located values."""
    flat = _parse_flat(text)
    if flat is not None:
        return flat
    docs = parse_documents(text, file)
    if len(docs) > 1:
        raise InputError(
            f"the file holds {len(docs)} YAML documents; one is expected.",
            Location(file),
            "Remove the extra '---' separators.",
        )
    return docs[0] if docs else None


def read_text(path: Path | str, max_bytes: int = MAX_BYTES) -> str:
    file = str(path)
    try:
        data = _read_bytes(file, max_bytes)
    except FileNotFoundError:
        raise InputError("no such file.", Location(file), "Check the path.") from None
    except IsADirectoryError:
        raise InputError("this is a directory, not a file.", Location(file)) from None
    except OSError as exc:
        if os.path.isdir(file):  # Windows refuses to open a folder with PermissionError
            raise InputError("this is a directory, not a file.", Location(file)) from None
        raise InputError(f"cannot read the file ({exc.strerror}).", Location(file)) from None
    return decode(data, file, max_bytes)


def _read_bytes(file: str, max_bytes: int) -> bytes:
    """The file's bytes, reading no more than max_bytes + 1 whatever the file claims.

    Plain os calls, sized by fstat: `open(...).read(max_bytes + 1)` allocates the whole
    2 MB up front for every file, which was a tenth of a batch's time per answers file.
    """
    fd = os.open(file, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(file)
        if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
            raise too_big(file, max_bytes, info.st_size)
        chunks: list[bytes] = []
        total = 0
        want = info.st_size + 1 if stat.S_ISREG(info.st_mode) else 64 * 1024
        while total <= max_bytes:
            chunk = os.read(fd, min(want, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = 64 * 1024  # the file grew, or is a pipe: read on in blocks
    finally:
        os.close(fd)
    data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    if len(data) > max_bytes:
        raise too_big(file, max_bytes)
    return data


def plain(value: Any) -> Any:
    """Located values as plain dicts and lists, JSON-ready (dates become text)."""
    return json.loads(json.dumps(value, default=str))


def load_file(path: Path | str) -> Any:
    return parse(read_text(path), str(path))
