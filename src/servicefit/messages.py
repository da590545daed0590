"""Words for messages: near-miss suggestions, lists of allowed values, values as written."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any


def closest(word: str, candidates: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(
        str(word).lower(), [str(c) for c in candidates], n=1, cutoff=0.6
    )
    return matches[0] if matches else None


def did_you_mean(word: object, candidates: Iterable[str]) -> str:
    """' Did you mean 'x'?' or '' when nothing is close."""
    match = closest(str(word), candidates)
    return f" Did you mean {match!r}?" if match else ""


def one_of(candidates: Iterable[str], limit: int = 20) -> str:
    items = list(candidates)
    shown = ", ".join(items[:limit])
    return shown + (f", … ({len(items)} in all)" if len(items) > limit else "")


def shown(value: Any) -> str:
    """A value in a message, as the user wrote it in YAML or JSON rather than as Python has it."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        digits = str(abs(value))
        return str(value) if len(digits) <= 15 else f"a number {len(digits)} digits long"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, float):
        return repr(value)
    return f"the {type(value).__name__} {value}"  # dates and times


# Characters that must never reach a terminal raw from data: C0 controls (but tab and line
# feed), DEL, C1 controls, and the bidirectional overrides that make text read differently
# from what it is. Each is shown as \uXXXX, which reads plainly in text and Markdown and is,
# inside a JSON string, a valid escape of the very same character.
_DANGEROUS = [
    *(c for c in range(0x20) if c not in (0x09, 0x0A)),
    0x7F,
    *range(0x80, 0xA0),
    0x061C,
    0x200E,
    0x200F,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
]
_ESCAPES = {c: f"\\u{c:04x}" for c in _DANGEROUS}


def escape_controls(text: str) -> str:
    """Text from data made safe to print: control and direction-override characters escaped."""
    return text.translate(_ESCAPES)


def _tails() -> dict[int, frozenset[bytes]]:
    """The characters JSON encoders leave raw that must be escaped (code 0x7F and up), in
    UTF-8: DEL (7F), C1 (C2 80-9F), U+061C (D8 9C), and from U+200E the marks and overrides
    (E2 80 8E-8F, E2 80 AA-AE, E2 81 A6-A9); by first byte, the bytes that follow it in them
    (all of one length for each first byte)."""
    out: dict[int, frozenset[bytes]] = {}
    for code in _DANGEROUS:
        if code >= 0x7F:
            raw = chr(code).encode()
            out[raw[0]] = out.get(raw[0], frozenset()) | {raw[1:]}
    return out


_TAILS = _tails()


def _has_raw(data: bytes) -> bool:
    """Whether UTF-8 `data` holds a character of _tails: a search for each first byte (fast,
    and most text holds few: an en dash is E2 80 93), then a look at what follows."""
    for lead, tails in _TAILS.items():
        size = len(next(iter(tails)))
        at = data.find(lead)
        while at >= 0:
            if data[at + 1 : at + 1 + size] in tails:
                return True
            at = data.find(lead, at + 1)
    return False


def escape_json_bytes(data: bytes) -> bytes:
    """A JSON document's UTF-8 bytes with the characters JSON encoders leave raw (DEL, C1,
    direction overrides) escaped; C0 controls are escaped by every JSON encoder already."""
    if data.isascii() and b"\x7f" not in data:  # DEL is ASCII too
        return data
    if not _has_raw(data):
        return data  # e.g. '×', '–' (E2 80 93) or '−' (E2 88 92): nothing to escape
    text = data.decode()
    return text.translate(_ESCAPES).encode()
