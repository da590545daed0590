"""Located values: mappings and sequences that remember where each key and item stood.

Later checks name the line and column of a bad key or value from these marks. A mark is kept
as the parser's raw position and turned into a 1-based Mark only when a message needs it.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from servicefit.errors import Location

MAX_DEPTH = 64  # how deep mappings and lists may nest in an answers or rules file
MAX_VALUES = 50_000  # how many values (scalars, mappings, lists) one file may hold


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
    _written: dict[Any, str]  # only where YAML read a word as true/false (see written_as)

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


def written_as(mapping: Any, key: Any) -> str | None:
    """How a value was written when YAML reads it as something else: `yes`, `on`, `off` and
    `no` are read as true and false, and a message should quote what the user wrote."""
    written = getattr(mapping, "_written", None)
    return written.get(key) if written else None


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
