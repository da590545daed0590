"""The YAML parser behind yamlsource: libyaml (PyYAML's C loader) when present, made safe.

Only nodes are composed, never Python objects: a tag outside the plain YAML types is refused,
aliases are refused (so no alias bombs), nesting is capped, duplicate keys are errors, and every
mapping and sequence comes back located (yamlsource.LocatedDict / LocatedList).

A module of its own so that importing PyYAML, about a sixth of a run's start-up, happens only
when a file needs the full parser: the common flat answers file and a cached rule set do not.
"""

from __future__ import annotations

import math
from typing import Any

import yaml

from servicefit.errors import InputError, Location
from servicefit.yamlio.located import (
    MAX_DEPTH,
    NOT_PLAIN,
    LocatedDict,
    LocatedList,
    locate,
    to_mark,
)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# No answer or rule needs more digits; a longer number is a mistake, whatever it would mean.
MAX_DIGITS = 30

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
            and len(digits) <= MAX_DIGITS
        ):
            return int(text)
    elif tag == _BOOL:
        return _BOOLS.get(text.lower(), NOT_PLAIN)
    elif tag == _NULL:
        return None
    return NOT_PLAIN


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.seen: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def fail(
        self, node: yaml.Node, message: str, hint: str | None = None, key: str | None = None
    ) -> InputError:
        return InputError(message, locate(self.file, to_mark(node.start_mark), key), hint)

    def build(
        self,
        node: yaml.Node,
        depth: int = 0,
        used_at: yaml.Node | None = None,
        key: str | None = None,
    ) -> Any:
        """One node as a located value; `key` is the dotted path to it, for messages."""
        if depth > MAX_DEPTH:
            raise self.fail(
                node,
                f"nesting is deeper than {MAX_DEPTH} levels.",
                "Answer and rule files are shallow; flatten the structure.",
                key,
            )
        if id(node) in self.seen:
            anchor = to_mark(node.start_mark).line
            raise self.fail(
                used_at or node,
                f"YAML aliases (*name) are not allowed (this one refers to line {anchor}).",
                "Write the value out in full instead of referring to an anchor.",
                key,
            )
        self.seen.add(id(node))
        if node.tag not in _ALLOWED_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise self.fail(
                node,
                f"the tag {tag} is not allowed: files are data, never code or Python objects.",
                "Use plain values: text, numbers, true/false, lists and mappings.",
                key,
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth, key)
        if isinstance(node, yaml.SequenceNode):
            out = LocatedList(
                self.build(item, depth + 1, key=f"{key or ''}[{i}]")
                for i, item in enumerate(node.value)
            )
            out._at = node.start_mark
            out._items_at = [item.start_mark for item in node.value]
            return out
        assert isinstance(node, yaml.ScalarNode)
        value = _plain_scalar(node)
        if value is not NOT_PLAIN:
            return value
        return self._unusual_scalar(node, key)

    def _unusual_scalar(self, node: yaml.ScalarNode, key: str | None) -> Any:
        """Floats, dates and the YAML 1.1 number forms that surprise people."""
        text = node.value
        if node.tag == _INT:
            digits = text.lstrip("+-")
            if digits.isdigit() and digits.isascii() and len(digits) > MAX_DIGITS:
                raise self.fail(
                    node,
                    f"a number {len(digits):,} digits long is far too large.",
                    "Check the value.",
                    key,
                )
            try:
                reading = f" (YAML would read it as {self.constructor.construct_object(node)})"
            except (yaml.YAMLError, ValueError, OverflowError):
                reading = ""
            raise self.fail(
                node,
                f"{text!r} is not written as a plain number{reading}.",
                "Write it in decimal digits, without leading zeros, 0x/0o/0b, _ or :.",
                key,
            )
        try:
            value = self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            raise self.fail(
                node, f"cannot read the value {text[:40]!r} ({exc}).", None, key
            ) from None
        if isinstance(value, float) and not math.isfinite(value):
            raise self.fail(node, f"{text!r} is not a usable number.", "Give a finite number.", key)
        return value

    def _mapping(self, node: yaml.MappingNode, depth: int, path: str | None) -> LocatedDict:
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
                first = to_mark(keys_at[key])
                raise self.fail(
                    key_node,
                    f"the key {key!r} appears twice (first on line {first.line}).",
                    "Keep one of them.",
                )
            inner = f"{path}.{key}" if path else str(key)
            out[key] = self.build(value_node, depth + 1, used_at=key_node, key=inner)
            keys_at[key] = key_node.start_mark
            values_at[key] = value_node.start_mark
        return out


def _yaml_error(exc: yaml.YAMLError, text: str, file: str) -> InputError:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    lines = text.splitlines()
    line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if "\t" in problem or "tab" in problem or "\t" in line[: mark.column + 1 if mark else 0]:
        hint = "Indent with spaces; YAML does not allow tabs for indentation."
    else:
        hint = "Check the syntax near that point."
    message = f"this is not valid YAML: {problem}" + (f" ({context})" if context else "") + "."
    loc = Location(file, mark.line + 1, mark.column + 1) if mark is not None else Location(file)
    return InputError(message, loc, hint)


def parse_documents(text: str, file: str) -> list[Any]:
    """Parse every YAML document in ``text`` into located values."""
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text, file) from None
    except RecursionError:
        raise InputError(f"nesting is deeper than {MAX_DEPTH} levels.", Location(file)) from None
    return [None if node is None else _Builder(file).build(node) for node in nodes]
