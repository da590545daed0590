"""Near-miss suggestions for misspelt keys and values."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


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
