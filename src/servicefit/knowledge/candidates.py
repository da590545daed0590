"""The values worth trying for each question: every choice, and the boundaries rules draw on numbers.

Conditions only compare numbers with constants, so between two adjacent constants (±1) every
condition comes out the same. Trying each constant, its neighbours and the question's range
ends therefore covers every outcome a number can produce: the search is exact, not sampled.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from servicefit.knowledge.conditions import Condition, Leaf
from servicefit.knowledge.questions import Question

# Above this many values a multiselect is tried with single items only, not every subset.
MAX_SUBSET_ITEMS = 10
# Above this many combinations a condition's satisfiability is not searched.
MAX_COMBINATIONS = 100_000


def leaves_by_field(conditions: Iterable[Condition]) -> dict[str, list[Leaf]]:
    out: dict[str, list[Leaf]] = {}
    for condition in conditions:
        for leaf in condition.leaves():
            out.setdefault(leaf.field, []).append(leaf)
    return out


def number_points(
    question: Question, leaves: Sequence[Leaf], also: Sequence[float] = ()
) -> list[int]:
    """The range ends, and every constant a condition compares this number with, ±1, in range;
    `also` adds other breakpoints (the ends of graded rules), with their neighbours."""
    low = question.min if question.min is not None else 0
    points = {low}
    if question.max is not None:
        points.add(question.max)
    for leaf in leaves:
        values = leaf.value if isinstance(leaf.value, list) else [leaf.value]
        for value in values:
            points.update((value - 1, value, value + 1))
    for value in also:
        base = math.floor(value)
        points.update((base - 1, base, base + 1, base + 2))
    high = question.max if question.max is not None else max(points)
    return sorted(p for p in points if low <= p <= high)


def candidates(question: Question, leaves: Sequence[Leaf]) -> list[Any]:
    """Every answer worth trying for this question, in a stable order."""
    if question.type == "int":
        return number_points(question, leaves)
    if question.type == "bool":
        return [False, True]
    if question.type == "choice":
        return list(question.values)
    values = question.values
    if len(values) > MAX_SUBSET_ITEMS:
        return [[], *([v] for v in values), list(values)]
    return [
        list(combo)
        for size in range(len(values) + 1)
        for combo in itertools.combinations(values, size)
    ]


def satisfiable(
    condition: Condition,
    questions: Mapping[str, Question],
    leaves: Mapping[str, list[Leaf]],
) -> bool | None:
    """Whether some answers make the condition true; None when there are too many to try."""
    names = sorted(condition.fields())
    pools = [candidates(questions[n], leaves.get(n, [])) for n in names]
    total = 1
    for pool in pools:
        total *= max(1, len(pool))
    if total > MAX_COMBINATIONS:
        return None
    for combo in itertools.product(*pools):
        if condition.evaluate(dict(zip(names, combo, strict=True))):
            return True
    return False
