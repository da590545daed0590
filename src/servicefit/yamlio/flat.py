"""The common answers file, read without a YAML parser.

`key: value` lines and lists, `key: [a, b]` or one `- item` a line below the key (as
yaml.safe_dump and most people write them), are most answers files; reading them here skips
importing PyYAML (a sixth of a run's start-up). Anything else returns None and takes the full
parser, which gives exactly the same values and marks (a property test holds them equal).
"""

from __future__ import annotations

import re
from typing import Any

from servicefit.yamlio.located import NOT_PLAIN, LocatedDict, LocatedList

_FLAT_LINE = re.compile(r"([a-z_][a-z0-9_]*): (\S.*)\Z")
_LIST_KEY = re.compile(r"([a-z_][a-z0-9_]*):\Z")  # the items follow, a line each
_BLOCK_ITEM = re.compile(r"( *)- +([a-z][a-z0-9_]*) *\Z")
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
    lines = text.split("\n")
    number = -1
    while number + 1 < len(lines):
        number += 1
        line = lines[number]
        if not line or line[0] == "#" or line.isspace():
            continue
        match = _FLAT_LINE.match(line)
        if match is None:
            block = _block_list(lines, number)
            if block is None:
                return None
            head_line = number
            key, items, number = block
            if key in out or key in _SPECIAL:
                return None
            out[key] = items
            keys_at[key] = (head_line, 0)
            values_at[key] = items._at
            continue
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


def _block_list(lines: list[str], at: int) -> tuple[str, LocatedList, int] | None:
    """`key:` on line `at` and its items below it, `- word` a line at one indentation, up to
    the next line that is not one: the key, the list, and the number of its last line. None
    for anything else (a comment or blank line among the items, a nested item …)."""
    head = _LIST_KEY.match(lines[at].rstrip(" "))
    if head is None:
        return None
    items = LocatedList()
    items._items_at = []
    indent = None
    last = at
    for number in range(at + 1, len(lines)):
        match = _BLOCK_ITEM.match(lines[number])
        if match is None:
            following = lines[number]
            if following.startswith((" ", "-")) or (indent and following[:1] == "#"):
                return None  # more of the list in a form the full parser should read
            break
        if indent is None:
            indent = len(match.group(1))
            items._at = (number, indent)
        elif len(match.group(1)) != indent:
            return None
        word = match.group(2)
        if word in _SPECIAL:
            return None
        items.append(word)
        items._items_at.append((number, match.start(2)))
        last = number
    if not items:
        return None  # `key:` alone is null: the full parser's
    return head.group(1), items, last
