"""Safe YAML/JSON loading that remembers where every key and item came from.

Answer files and rule files are untrusted: no tags that build Python objects, no aliases
(so no alias bombs), a cap on size and on nesting depth, and duplicate keys are errors.
Mappings and sequences come back as ``LocatedDict`` / ``LocatedList`` so that later checks
can name the line and column of the offending key.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


@dataclass(frozen=True)
class Mark:
    line: int
    column: int


class LocatedDict(dict):
    """A mapping that knows where it and each of its keys stand in the source."""

    mark: Mark
    key_marks: dict[Any, Mark]
    value_marks: dict[Any, Mark]


class LocatedList(list):
    """A sequence that knows where it and each of its items stand in the source."""

    mark: Mark
    item_marks: list[Mark]


def mark_of(obj: Any) -> Mark | None:
    return getattr(obj, "mark", None)


def key_mark(mapping: Any, key: Any) -> Mark | None:
    marks = getattr(mapping, "key_marks", None)
    if marks and key in marks:
        return marks[key]
    return mark_of(mapping)


def value_mark(mapping: Any, key: Any) -> Mark | None:
    marks = getattr(mapping, "value_marks", None)
    if marks and key in marks:
        return marks[key]
    return key_mark(mapping, key)


def item_mark(seq: Any, index: int) -> Mark | None:
    marks = getattr(seq, "item_marks", None)
    if marks and 0 <= index < len(marks):
        return marks[index]
    return mark_of(seq)


def locate(file: str, mark: Mark | None, key: str | None = None) -> Location:
    if mark is None:
        return Location(file, key=key)
    return Location(file, mark.line, mark.column, key)


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
            out.mark = _mark(node)
            out.item_marks = [_mark(item) for item in node.value]
            return out
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
        out.mark = _mark(node)
        out.key_marks = {}
        out.value_marks = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, "YAML merge keys (<<) are not allowed.")
            key = self.build(key_node, depth + 1)
            if isinstance(key, (dict, list)):
                raise self.fail(key_node, "a mapping key must be a plain value.")
            if key in out:
                first = out.key_marks[key]
                raise self.fail(
                    key_node,
                    f"the key {key!r} appears twice (first on line {first.line}).",
                    "Keep one of them.",
                )
            out[key] = self.build(value_node, depth + 1, used_at=key_node)
            out.key_marks[key] = _mark(key_node)
            out.value_marks[key] = _mark(value_node)
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


def parse(text: str, file: str) -> Any:
    """Parse a single-document YAML (or JSON) text into located values."""
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


def load_file(path: Path | str) -> Any:
    return parse(read_text(path), str(path))
