"""Checking a counterfactual's claim on a graded number value by value.

Between two breakpoints no condition changes, but a graded rule's points do, so the leader can
change where the breakpoint arithmetic does not look. A claim ("at 51% or less") is walked and
trimmed to where its outcome really holds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from servicefit.advice.outcomes import Outcome
from servicefit.knowledge.rules import Grade

EXHAUSTIVE = 300  # a claimed run up to this many values is checked value by value


def verified(
    qid: str,
    first: int,
    end: int | None,
    known: int,
    index: int,
    who: str | None,
    run: Callable[[str, Any], Outcome | None],
    graded: Callable[[int], bool] | None = None,
) -> tuple[int, int] | None:
    """The part of the claimed run from `first` to `end` where the outcome really is `who`,
    walking from the value nearest the current answer: breakpoint arithmetic assumes nothing
    changes between two breakpoints, which graded rules can break. `known` has the outcome.
    Returns (first, end) trimmed, or None when no value of the run has it."""

    def holds(value: int) -> bool:
        result = run(qid, value)
        return result is not None and result[index] == who

    if end is None:
        end = known
    step = 1 if end >= first else -1
    if not holds(first):  # the run starts further on: the value nearest `first` that has it
        values = range(first, known + step, step)
        if len(values) <= EXHAUSTIVE:
            first = next((v for v in values if holds(v)), known)
        else:
            first = bisect(first, known, holds)
        if (end - first) * step < 0:
            end = first
    span = range(first, end + step, step)
    if len(span) <= EXHAUSTIVE:
        good = first
        for value in span:
            # outside every grade's range nothing changes between breakpoints: the search's
            # arithmetic is exact there, so only the ends and graded stretches are run
            if (graded is None or graded(value) or value == end) and not holds(value):
                break
            good = value
        return first, good
    probes = sorted(
        {round(first + (end - first) * (k / 40) ** 2) for k in range(41)},
        key=lambda v: abs(v - first),
    )
    good = first
    for value in probes:
        if not holds(value):
            return first, bisect(good, value, holds, inside=True)
        good = value
    return first, end


def in_grades(grades: list[Grade]) -> Callable[[int], bool]:
    """Whether a value lies where one of `grades` changes its effect (between from and to)."""
    spans = [(min(g.start, g.full), max(g.start, g.full)) for g in grades]

    def inside(value: int) -> bool:
        return any(low <= value <= high for low, high in spans)

    return inside


def bisect(good: int, bad: int, holds: Callable[[int], bool], inside: bool = False) -> int:
    """With inside: the last value from `good` towards `bad` that still holds (one change
    between them assumed). Without: the first value from `good` (not holding) towards `bad`
    (holding) that holds."""
    if not inside:
        good, bad = bad, good  # now `good` holds and `bad` does not
    while abs(bad - good) > 1:
        middle = (good + bad) // 2
        if holds(middle):
            good = middle
        else:
            bad = middle
    return good
