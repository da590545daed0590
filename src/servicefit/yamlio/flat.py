"""The common answers file, read without a YAML parser.

`key: value` lines and `key: [a, b]` lists are most answers files; reading them here skips
importing PyYAML (a sixth of a run's start-up). Anything else returns None and takes the full
parser, which gives exactly the same values and marks.
"""

from __future__ import annotations

import re
from typing import Any

from servicefit.yamlio.located import NOT_PLAIN, LocatedDict, LocatedList

_FLAT_LINE = re.compile(r"([a-z_][a-z0-9_]*): (\S.*)\Z")
# text: letters first, or digits then a letter (24x7), but never 0x…/0b…/0o…, which YAML 1.1
# reads as numbers
_WORD = re.compile(r"(?:[A-Za-z]|[1-9][0-9]*[A-Za-z])[A-Za-z0-9_]*\Z")
_NUMBER = re.compile(r"-?(0|[1-9][0-9]{0,17})\Z")
_EXPONENT = re.compile(r"\d+[eE]\d+\Z")
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
    if _EXPONENT.match(text):  # '1e3': a number to the full parser, never a word here
        return NOT_PLAIN
    if text in ("true", "false"):
        return text == "true"
    if _WORD.match(text) and text not in _SPECIAL:
        return text
    return NOT_PLAIN


def parse_flat(text: str) -> LocatedDict | None:
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
