"""The YAML parser behind yamlio.read: libyaml (PyYAML's C parser) when present, made safe.

Values are built from the parser's event stream with an explicit stack, never by recursion:
libyaml's own composer recurses in C, and a file nested some ten thousand levels deep crashed
the process before any cap could look at it. Building from events lets every cap act as the
file is read: nesting depth, the number of values, tags outside the plain YAML types, aliases
(so no alias bombs), merge keys, duplicate keys and numbers too long to be meant.

Every mapping and sequence comes back located (LocatedDict / LocatedList). A module of its own
so that importing PyYAML, about a sixth of a run's start-up, happens only when a file needs the
full parser: the common flat answers file and a cached rule set do not.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from servicefit.errors import InputError, Location
from servicefit.yamlio.located import (
    MAX_DEPTH,
    MAX_VALUES,
    NOT_PLAIN,
    LocatedDict,
    LocatedList,
    locate,
    to_mark,
)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# No answer or rule needs more digits; a longer number is a mistake, whatever it would mean.
MAX_DIGITS = 30
# Documents in one YAML stream (batch input on standard input); JSON lines have no such cap.
MAX_DOCUMENTS = 10_000

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    f"{_TAG}{t}" for t in ("null", "bool", "int", "float", "str", "map", "seq", "timestamp")
}
_STR, _INT, _FLOAT, _BOOL, _NULL, _MERGE = (
    f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "merge")
)
_BOOLS = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}
# A number as JSON and YAML 1.2 write it. YAML 1.1 reads '1e3' (no dot) as text and '1.5e+3'
# as a number; servicefit reads both as numbers, as JSON files already expect.
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\Z")


class _Resolver(yaml.resolver.Resolver):
    """YAML 1.1's implicit tags (the same ones PyYAML's safe loader uses)."""


def _describe_tag(tag: str) -> str:
    return tag.replace(_TAG, "!!")


class _Frame:
    """A mapping or sequence being built, with what is needed to name a place in it."""

    __slots__ = ("key", "node", "path", "pending_key", "pending_mark", "pending_text")

    def __init__(self, node: LocatedDict | LocatedList, path: str | None):
        self.node = node
        self.path = path
        self.pending_key: Any = NOT_PLAIN  # a mapping's key waiting for its value
        self.pending_mark: Any = None
        self.pending_text: str | None = None
        self.key: str | None = None


class _Builder:
    def __init__(self, file: str, loader: Any = _Loader):
        self.file = file
        self.loader = loader
        self.resolver = _Resolver()
        self.constructor = yaml.constructor.SafeConstructor()
        self.values = 0
        self.anchors: dict[str, Any] = {}  # anchor name → where it stands, for alias messages

    def fail(
        self, mark: Any, message: str, hint: str | None = None, key: str | None = None
    ) -> InputError:
        if key is not None and len(key) > 60:  # a path through deep nesting: its ends will do
            key = f"{key[:28]}…{key[-28:]}"
        return InputError(message, locate(self.file, to_mark(mark), key), hint)

    # ---- the stream -------------------------------------------------------------------------

    def documents(self, text: str) -> list[Any]:
        out: list[Any] = []
        stack: list[_Frame] = []
        root: Any = None
        events: Any = yaml.parse(text, Loader=self.loader)
        for event in events:
            kind = type(event)
            if getattr(event, "anchor", None) is not None and kind is not yaml.AliasEvent:
                self.anchors[event.anchor] = event.start_mark
            if kind is yaml.ScalarEvent:
                value = self.scalar(event, self.path_of(stack))
                root = self.place(stack, value, event, root)
                if value is True or value is False:
                    self.remember_word(stack, event.value)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                node = self.collection(event, stack)
                stack.append(_Frame(node, self.path_of(stack)))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = stack.pop()
                root = self.place(stack, frame.node, event, root, frame.node._at)
            elif kind is yaml.AliasEvent:
                anchor = self.anchors.get(event.anchor)
                where = f" (this one refers to line {to_mark(anchor).line})" if anchor else ""
                raise self.fail(
                    event.start_mark,
                    f"YAML aliases (*name) are not allowed{where}.",
                    "Write the value out in full instead of referring to an anchor.",
                    self.path_of(stack),
                )
            elif kind is yaml.DocumentStartEvent:
                root = None
                self.values = 0  # the cap is per document
                if len(out) == MAX_DOCUMENTS:
                    raise self.fail(
                        event.start_mark,
                        f"the input holds more than {MAX_DOCUMENTS:,} YAML documents.",
                        "For more, give one JSON object a line (JSON lines), or the files "
                        "themselves.",
                    )
            elif kind is yaml.DocumentEndEvent:
                out.append(root)
        return out

    def path_of(self, stack: list[_Frame]) -> str | None:
        """The dotted key path of the value about to be placed, for messages."""
        if not stack:
            return None
        frame = stack[-1]
        if isinstance(frame.node, LocatedList):
            return f"{frame.path or ''}[{len(frame.node)}]"
        if frame.pending_key is NOT_PLAIN:
            return frame.path
        return f"{frame.path}.{frame.pending_key}" if frame.path else str(frame.pending_key)

    def count(self, mark: Any, key: str | None) -> None:
        self.values += 1
        if self.values > MAX_VALUES:
            raise self.fail(
                mark,
                f"the file holds more than {MAX_VALUES:,} values.",
                "Answer and rule files hold hundreds of values, not hundreds of thousands; "
                "check you named the right file.",
                key,
            )

    def collection(self, event: Any, stack: list[_Frame]) -> LocatedDict | LocatedList:
        key = self.path_of(stack)
        if len(stack) >= MAX_DEPTH:
            raise self.fail(
                event.start_mark,
                f"nesting is deeper than {MAX_DEPTH} levels.",
                "Answer and rule files are shallow; flatten the structure.",
                key,
            )
        self.count(event.start_mark, key)
        mapping = type(event) is yaml.MappingStartEvent
        default = f"{_TAG}map" if mapping else f"{_TAG}seq"
        tag = event.tag if event.tag not in (None, "!") else default
        if tag != default:
            raise self.tag_error(event.start_mark, tag, key)
        node: LocatedDict | LocatedList
        if mapping:
            node = LocatedDict()
            node._keys_at, node._values_at = {}, {}
        else:
            node = LocatedList()
            node._items_at = []
        node._at = event.start_mark
        return node

    def tag_error(self, mark: Any, tag: str, key: str | None) -> InputError:
        return self.fail(
            mark,
            f"the tag {_describe_tag(tag)} is not allowed: files are data, never code or Python "
            "objects.",
            "Use plain values: text, numbers, true/false, lists and mappings.",
            key,
        )

    def place(
        self, stack: list[_Frame], value: Any, event: Any, root: Any, start: Any = None
    ) -> Any:
        """Put a finished value into the collection being built (or make it the document)."""
        mark = start if start is not None else event.start_mark
        if not stack:
            return value
        frame = stack[-1]
        node = frame.node
        if isinstance(node, LocatedList):
            node.append(value)
            node._items_at.append(mark)
            return root
        if frame.pending_key is NOT_PLAIN:  # this value is a key
            if isinstance(value, (dict, list)):
                raise self.fail(mark, "a mapping key must be a plain value.", key=frame.path)
            if value in node:
                first = to_mark(node._keys_at[value])
                raise self.fail(
                    mark,
                    f"the key {value!r} appears twice (first on line {first.line}).",
                    "Keep one of them.",
                )
            frame.pending_key, frame.pending_mark = value, mark
            return root
        key = frame.pending_key
        node[key] = value
        node._keys_at[key] = frame.pending_mark
        node._values_at[key] = mark
        frame.pending_key = NOT_PLAIN
        return root

    def remember_word(self, stack: list[_Frame], text: str) -> None:
        """Keep `yes`/`no`/`on`/`off` as written, for messages (see located.written_as)."""
        if text in ("true", "false") or not stack:
            return
        node = stack[-1].node
        if isinstance(node, LocatedDict) and stack[-1].pending_key is NOT_PLAIN and node:
            key = next(reversed(node))
            if not hasattr(node, "_written"):
                node._written = {}
            node._written[key] = text

    # ---- scalars ----------------------------------------------------------------------------

    def scalar(self, event: Any, key: str | None) -> Any:
        self.count(event.start_mark, key)
        text = event.value
        if event.tag in (None, "!"):
            tag = self.resolver.resolve(yaml.ScalarNode, text, event.implicit)
            if tag == _STR and event.implicit[0] and not event.style and _NUMBER.match(text):
                tag = _FLOAT  # '1e3', '3e-1': numbers, as in JSON
        else:
            tag = event.tag
        if tag == _MERGE:
            raise self.fail(event.start_mark, "YAML merge keys (<<) are not allowed.", key=key)
        if tag not in _ALLOWED_TAGS:
            raise self.tag_error(event.start_mark, tag, key)
        if tag == _STR:
            return text
        if tag == _INT:
            digits = text[1:] if text[:1] in "+-" else text
            if digits.isdigit() and digits.isascii():
                if len(digits) > MAX_DIGITS:
                    raise self.fail(
                        event.start_mark,
                        f"a number {len(digits):,} digits long is far too large.",
                        "Check the value.",
                        key,
                    )
                if len(digits) == 1 or digits[0] != "0":
                    return int(text)
            raise self.fail(
                event.start_mark,
                f"{text!r} is not written as a plain number{self.reading(tag, text)}.",
                "Write it in decimal digits, without leading zeros, 0x/0o/0b, _ or :.",
                key,
            )
        if tag == _BOOL:
            return _BOOLS.get(text.lower(), False)
        if tag == _NULL:
            return None
        if tag == _FLOAT and len(text) > MAX_DIGITS + 10:
            raise self.fail(
                event.start_mark,
                "this number is far too long to be meant.",
                "Check the value.",
                key,
            )
        try:
            value = self.constructor.construct_object(yaml.ScalarNode(tag, text))
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            raise self.fail(
                event.start_mark, f"cannot read the value {text[:40]!r} ({exc}).", None, key
            ) from None
        if isinstance(value, float) and not math.isfinite(value):
            raise self.fail(
                event.start_mark, f"{text!r} is not a usable number.", "Give a finite number.", key
            )
        return value

    def reading(self, tag: str, text: str) -> str:
        try:
            value = self.constructor.construct_object(yaml.ScalarNode(tag, text))
        except (yaml.YAMLError, ValueError, OverflowError):
            return ""
        return f" (YAML would read it as {value})"


def _yaml_error(exc: yaml.YAMLError, text: str, file: str) -> InputError:
    if isinstance(exc, yaml.reader.ReaderError):  # a character no YAML file may hold
        position = exc.position
        row = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        return InputError(
            f"the file holds the control character U+{exc.character:04X}, which YAML does not "
            "allow.",
            Location(file, row, column),
            "Remove it; a YAML file holds text, tabs and line breaks only.",
        )
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    lines = text.splitlines()
    line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    before = line[: mark.column + 1] if mark is not None else ""
    if "\t" in problem or "tab" in problem or "\t" in before:
        hint = "Indent with spaces; YAML does not allow tabs for indentation."
    else:
        hint = "Check the syntax near that point."
    message = f"this is not valid YAML: {problem}" + (f" ({context})" if context else "") + "."
    loc = Location(file, mark.line + 1, mark.column + 1) if mark is not None else Location(file)
    return InputError(message, loc, hint)


def parse_documents(text: str, file: str) -> list[Any]:
    """Parse every YAML document in ``text`` into located values."""
    try:
        return _Builder(file).documents(text)
    except yaml.YAMLError as exc:
        raise _own_limit_first(exc, text, file) from None


def _own_limit_first(exc: yaml.YAMLError, text: str, file: str) -> InputError:
    """The error to report when the parser stopped on its own: servicefit's, if a cap of ours
    is passed before the place the parser stopped at.

    libyaml reads ahead of the events it hands out and has limits of its own (newer releases
    stop at some thousand levels of nesting, with their own wording), so it can stop before
    servicefit's depth cap is reached. PyYAML's pure-Python parser has no such limit; reading
    the text up to where libyaml stopped with it lets servicefit's caps speak first, whatever
    the installed libyaml. Only on an error, and only that prefix, so it costs nothing else.
    """
    mark = getattr(exc, "problem_mark", None)
    if _Loader is yaml.SafeLoader or mark is None or getattr(mark, "index", None) is None:
        return _yaml_error(exc, text, file)
    try:
        _Builder(file, yaml.SafeLoader).documents(text[: mark.index + 1])
    except InputError as ours:
        return ours
    except yaml.YAMLError:
        pass  # the prefix ends mid-document; the parser's own error stands
    return _yaml_error(exc, text, file)
