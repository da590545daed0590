"""A JSON document read incrementally: the objects of its list of tickets, one at a time.

Parsed whole, a JSON document takes about ten times its size in memory (17 MiB of tickets:
187 MiB), so a large or decompressed one could exhaust the machine. This reader keeps one
ticket and a block of the file at a time: it scans the bytes for the characters that give
the document its shape (strings are skipped whole, so braces inside text do not count),
finds the list of tickets (at `records`, a dotted path, or the first list of objects), and
parses each of its objects with orjson. Top-level values that say more pages follow are kept
for the caller. Nesting is tracked with a list, never by recursion.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Any

import orjson

BLOCK = 1 << 20
MAX_ITEM = 16 * 1024 * 1024  # bytes of one ticket object
MAX_DEPTH = 100_000  # containers open at once: past it the document is refused
_SHAPE = re.compile(rb'["{}\[\]:,]')
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
# inside a ticket only brackets matter: skip text and whole strings to the next one at once
_INSIDE = re.compile(rb'(?:[^"{}\[\]]+|"(?:[^"\\]|\\.)*")*', re.DOTALL)


class DocumentError(Exception):
    """The document cannot be read as JSON; the message says where."""


class _Level:
    __slots__ = ("array", "key", "path")

    def __init__(self, array: bool, path: str):
        self.array = array
        self.path = path
        self.key: str | None = None  # in an object: the key whose value comes next


class _Reader:
    """The scanning state; `items` drives it."""

    def __init__(self, handle: IO[bytes], records: str | None, top: dict[str, Any]):
        self.handle = handle
        self.records = records
        self.top = top
        self.buf = b""
        self.base = 0  # file offset of buf[0]
        self.pos = 0
        self.eof = False
        self.stack: list[_Level] = []
        self.target: _Level | None = None
        self.item_start = -1  # offset in buf of the ticket being read
        self.skipping = False  # inside a ticket too large to keep
        self.kept_start = -1  # offset in buf of a top-level paging value
        self.kept_key = ""
        self.pending: bytes | None = None  # the last string, until a colon makes it a key
        self.documents = 1  # JSON documents begun: pages may follow one another

    def refill(self) -> None:
        keep = min(x for x in (self.item_start, self.kept_start, self.pos) if x >= 0)
        if keep > BLOCK:  # drop what no open value needs
            self.buf, self.base = self.buf[keep:], self.base + keep
            self.pos -= keep
            if self.item_start >= 0:
                self.item_start -= keep
            if self.kept_start >= 0:
                self.kept_start -= keep
        chunk = self.handle.read(BLOCK)
        self.eof = not chunk
        self.buf += chunk

    def where(self, at: int) -> str:
        return f"byte {self.base + at:,}"

    def events(self) -> Iterator[tuple[int, Any]]:
        index = 0
        while True:
            if self.item_start >= 0 or self.skipping:
                self.pos = _INSIDE.match(self.buf, self.pos).end()  # type: ignore[union-attr]
                if self.pos >= len(self.buf) or self.buf[self.pos] == 0x22:  # an open string
                    if self.eof:
                        raise DocumentError("the document ends inside a ticket")
                    self.refill()
                    continue
            found = _SHAPE.search(self.buf, self.pos)
            if found is None:
                self.pos = len(self.buf)
                if self.eof:
                    break
                self.refill()
                continue
            char, at = found.group(), found.start()
            in_item = self.item_start >= 0 or self.skipping
            if char == b'"':
                string = _STRING.match(self.buf, at)
                if string is None:  # the string goes on in the next block
                    self.pos = at
                    if self.eof:
                        raise DocumentError(f"a string never ends ({self.where(at)})")
                    self.refill()
                    continue
                self.pos = string.end()
                if not in_item:
                    self.pending = string.group()
                continue
            self.pos = at + 1
            if in_item:
                if char in b"{[":
                    self.push(char == b"[", "")
                elif char in b"}]":
                    self.stack.pop()
                    if self.stack[-1] is self.target:
                        yield (
                            index,
                            None if self.skipping else _parse(self.buf[self.item_start : at + 1]),
                        )
                        index += 1
                        self.item_start, self.skipping = -1, False
                if self.item_start >= 0 and at - self.item_start > MAX_ITEM:
                    self.item_start, self.skipping = -1, True
                continue
            level = self.stack[-1] if self.stack else None
            if char == b":":
                if level is not None and not level.array and self.pending is not None:
                    level.key = _text(self.pending)
                    if len(self.stack) == 1 and level.key in PAGING_KEYS:
                        self.kept_start, self.kept_key = self.pos, level.key
            elif char == b",":
                self.keep_value(at, 1)
            elif char in b"{[":
                path = level.path if level is not None else ""
                if level is not None and not level.array and level.key:
                    path = f"{path}.{level.key}" if path else level.key
                new = self.push(char == b"[", path)
                if level is not None and level is self.target and not new.array:
                    self.item_start = at  # a ticket begins
                elif self.target is None and new.array and self.wanted(new):
                    self.target = new
            else:
                if not self.stack:
                    raise DocumentError(f"{char.decode()} closes nothing ({self.where(at)})")
                self.keep_value(at, 1)
                self.stack.pop()
                if not self.stack and not self.next_document():
                    return
            self.pending = None
        if self.stack:
            raise DocumentError("the document ends before its brackets close")

    def next_document(self) -> bool:
        """After a document closes: whether another follows (pages saved one after another,
        as `curl … >> tickets.json` leaves them), each with its own list of tickets; the
        paging values kept are the last page's. DocumentError when what follows is not one."""
        if self.target is None:
            where = "this JSON document" if self.documents == 1 else f"document {self.documents}"
            raise DocumentError(f"no list of tickets in {where}")
        while True:
            rest = self.buf[self.pos :].lstrip()
            if rest or self.eof:
                break
            self.pos = len(self.buf)
            self.refill()
        if not rest:
            return False
        if rest[:1] not in (b"{", b"["):
            at = len(self.buf) - len(rest)
            raise DocumentError(
                f"something other than JSON follows the document ({self.where(at)})"
            )
        self.documents += 1
        self.target = None
        self.top.clear()
        return True

    def push(self, array: bool, path: str) -> _Level:
        level = _Level(array, path)
        self.stack.append(level)
        if len(self.stack) > MAX_DEPTH:
            raise DocumentError(f"nesting deeper than {MAX_DEPTH:,} levels")
        return level

    def keep_value(self, at: int, depth: int) -> None:
        """A top-level paging value ends here: keep it, parsed, when it is small."""
        if self.kept_start >= 0 and len(self.stack) == depth:
            self.top[self.kept_key] = _value(self.buf[self.kept_start : at])
            self.kept_start = -1

    def wanted(self, level: _Level) -> bool:
        """Whether this list is the list of tickets: at `records`, or the first list."""
        if self.records is not None:
            return level.path in (self.records, "")
        return len(self.stack) <= 4


def items(handle: IO[bytes], records: str | None, top: dict[str, Any]) -> Iterator[tuple[int, Any]]:
    """(index, object or None) for each item of the list of tickets, through every document
    of the file in turn (numbered on across them); `top` receives the last document's
    top-level paging values. DocumentError when a document is not JSON or has no list."""
    reader = _Reader(handle, records, top)
    reader.refill()
    if reader.buf.lstrip()[:1] not in (b"{", b"["):
        raise DocumentError("not a JSON object or list")
    yield from reader.events()
    if reader.target is None:
        raise DocumentError("no list of tickets in this JSON document")


def _parse(data: bytes) -> Any:
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def _value(data: bytes) -> Any:
    if len(data) > 1 << 16:
        return None
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return None


def _text(data: bytes) -> str:
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        return ""
    return value if isinstance(value, str) else ""


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
# the top-level keys whose values the stream reader keeps, for paging_marker
PAGING_KEYS = frozenset(path.split(".")[0] for path, _ in _PAGING)


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
