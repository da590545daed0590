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
