"""Safe YAML/JSON loading that remembers where every key and item came from.

Answer files and rule files are untrusted: no tags that build Python objects, no aliases
(so no alias bombs), a cap on size and on nesting depth, and duplicate keys are errors.
Mappings and sequences come back as ``LocatedDict`` / ``LocatedList`` so that later checks
can name the line and column of the offending key.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from servicefit.errors import InputError, Location

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64

_ALLOWED_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
}


class Mark(NamedTuple):
    line: int
    column: int


def _to_mark(raw: Any) -> Mark:
    """The parser's 0-based position → a 1-based Mark; done only when a location is wanted."""
    return Mark(raw.line + 1, raw.column + 1)


class LocatedDict(dict):
    """A mapping that knows where it and each of its keys and values stand in the source."""

    _at: Any
    _keys_at: dict[Any, Any]
    _values_at: dict[Any, Any]

    @property
    def mark(self) -> Mark:
        return _to_mark(self._at)


class LocatedList(list):
    """A sequence that knows where it and each of its items stand in the source."""

    _at: Any
    _items_at: list[Any]

    @property
    def mark(self) -> Mark:
        return _to_mark(self._at)


def mark_of(obj: Any) -> Mark | None:
    return getattr(obj, "mark", None)


def key_mark(mapping: Any, key: Any) -> Mark | None:
    marks = getattr(mapping, "_keys_at", None)
    if marks and key in marks:
        return _to_mark(marks[key])
    return mark_of(mapping)


def value_mark(mapping: Any, key: Any) -> Mark | None:
    marks = getattr(mapping, "_values_at", None)
    if marks and key in marks:
        return _to_mark(marks[key])
    return key_mark(mapping, key)


def item_mark(seq: Any, index: int) -> Mark | None:
    marks = getattr(seq, "_items_at", None)
    if marks and 0 <= index < len(marks):
        return _to_mark(marks[index])
    return mark_of(seq)


def locate(file: str, mark: Mark | None, key: str | None = None) -> Location:
    if mark is None:
        return Location(file, key=key)
    return Location(file, mark.line, mark.column, key)


_NOT_PLAIN = object()
_STR, _INT, _BOOL, _NULL = (f"tag:yaml.org,2002:{t}" for t in ("str", "int", "bool", "null"))
_BOOLS = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}


def _plain_scalar(node: yaml.Node) -> Any:
    """The common scalars without the generic constructor; anything unusual goes the long way."""
    tag, text = node.tag, node.value
    if tag == _STR:
        return text
    if tag == _INT:
        digits = text[1:] if text[:1] in "+-" else text
        if (
            digits.isdigit()
            and digits.isascii()
            and (len(digits) == 1 or digits[0] != "0")
            and len(digits) < 20
        ):
            return int(text)
    elif tag == _BOOL:
        return _BOOLS.get(text.lower(), _NOT_PLAIN)
    elif tag == _NULL:
        return None
    return _NOT_PLAIN


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.seen: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def fail(self, node: yaml.Node, message: str, hint: str | None = None) -> InputError:
        return InputError(message, locate(self.file, _mark(node)), hint)

    def build(self, node: yaml.Node, depth: int = 0, used_at: yaml.Node | None = None) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(
                node,
                f"nesting is deeper than {MAX_DEPTH} levels.",
                "Answer and rule files are shallow; flatten the structure.",
            )
        if id(node) in self.seen:
            anchor = _mark(node).line
            raise self.fail(
                used_at or node,
                f"YAML aliases (*name) are not allowed (this one refers to line {anchor}).",
                "Write the value out in full instead of referring to an anchor.",
            )
        self.seen.add(id(node))
        if node.tag not in _ALLOWED_TAGS:
            raise self.fail(
                node,
                f"the tag {node.tag!r} is not allowed.",
                "Use plain values: text, numbers, true/false, lists and mappings.",
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            out = LocatedList(self.build(item, depth + 1) for item in node.value)
            out._at = node.start_mark
            out._items_at = [item.start_mark for item in node.value]
            return out
        value = _plain_scalar(node)
        if value is not _NOT_PLAIN:
            return value
        try:
            value = self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            raise self.fail(node, f"cannot read the value {node.value[:40]!r} ({exc}).") from None
        if isinstance(value, float) and not math.isfinite(value):
            raise self.fail(
                node, f"{node.value!r} is not a usable number.", "Give a finite number."
            )
        return value

    def _mapping(self, node: yaml.MappingNode, depth: int) -> LocatedDict:
        out = LocatedDict()
        out._at = node.start_mark
        keys_at: dict[Any, Any] = {}
        values_at: dict[Any, Any] = {}
        out._keys_at, out._values_at = keys_at, values_at
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, "YAML merge keys (<<) are not allowed.")
            key = self.build(key_node, depth + 1)
            if isinstance(key, (dict, list)):
                raise self.fail(key_node, "a mapping key must be a plain value.")
            if key in out:
                first = _to_mark(keys_at[key])
                raise self.fail(
                    key_node,
                    f"the key {key!r} appears twice (first on line {first.line}).",
                    "Keep one of them.",
                )
            out[key] = self.build(value_node, depth + 1, used_at=key_node)
            keys_at[key] = key_node.start_mark
            values_at[key] = value_node.start_mark
        return out


def _yaml_error(exc: yaml.YAMLError, file: str) -> InputError:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    if "\t" in problem or "tab" in problem:
        hint = "Indent with spaces; YAML does not allow tabs for indentation."
    else:
        hint = "Check the syntax near that point."
    message = f"this is not valid YAML: {problem}" + (f" ({context})" if context else "") + "."
    loc = Location(file, mark.line + 1, mark.column + 1) if mark is not None else Location(file)
    return InputError(message, loc, hint)


def decode(data: bytes, file: str, max_bytes: int = MAX_BYTES) -> str:
    if len(data) > max_bytes:
        raise InputError(
            f"the file is {len(data):,} bytes; the limit is {max_bytes:,}.",
            Location(file),
            "Answer and rule files are small text files; check you named the right file.",
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
    """Parse every YAML document in ``text`` into located values."""
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, file) from None
    except RecursionError:
        raise InputError(f"nesting is deeper than {MAX_DEPTH} levels.", Location(file)) from None
    return [None if node is None else _Builder(file).build(node) for node in nodes]


class _At(NamedTuple):
    """A 0-based position, shaped like libyaml's marks."""

    line: int
    column: int


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
    return _NOT_PLAIN


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
            items._at = _At(number, start)
            items._items_at = []
            if inner.strip():
                column = start + 1
                for part in inner.split(","):
                    word = part.strip(" ")
                    if not _ITEM.match(word) or word in _SPECIAL:
                        return None
                    items.append(word)
                    items._items_at.append(_At(number, column + part.index(word)))
                    column += len(part) + 1
            elif inner:
                return None
            value: Any = items
        else:
            value = _flat_value(raw)
            if value is _NOT_PLAIN:
                return None
        out[key] = value
        keys_at[key] = _At(number, 0)
        values_at[key] = _At(number, start)
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
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError("no such file.", Location(file), "Check the path.") from None
    except IsADirectoryError:
        raise InputError("this is a directory, not a file.", Location(file)) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror}).", Location(file)) from None
    return decode(data, file, max_bytes)


def plain(value: Any) -> Any:
    """Located values as plain dicts and lists, JSON-ready (dates become text)."""
    return json.loads(json.dumps(value, default=str))


def load_file(path: Path | str) -> Any:
    return parse(read_text(path), str(path))
