"""Filling answer values into the sentences of the rule set."""

from __future__ import annotations

import functools
import string
from collections.abc import Mapping
from typing import Any

from servicefit.knowledge.questions import Question

_FORMATTER = string.Formatter()


@functools.lru_cache(maxsize=4096)
def _parts(text: str) -> tuple[tuple[str, str | None], ...]:
    return tuple((literal, name) for literal, name, _spec, _conv in _FORMATTER.parse(text))


def fill(text: str, values: Mapping[str, Any], questions: Mapping[str, Question]) -> str:
    """Replace each {question_id} in ``text`` with the answer as a user reads it."""
    if "{" not in text:  # most texts quote nothing: the hot path of every run
        return text
    out = []
    for literal, name in _parts(text):
        out.append(literal)
        if name is not None:
            question = questions.get(name)
            value = values.get(name)
            out.append(question.format(value) if question is not None else str(value))
    return "".join(out)


def percent(share: float) -> str:
    """0.455 -> '45.5%', 0.4 -> '40%'."""
    value = round(share * 100, 1)
    return f"{value:g}%"
