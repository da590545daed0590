"""Counterfactuals: the smallest change to one answer that changes the leading model or staffing.

Every question's domain is searched: each other choice, each flip of a yes/no, adding or
dropping one item of a multiselect, and for numbers every boundary a rule draws (see domain.py),
nearest first in each direction. Each proposal is re-run through validation (so questions that
stop or start applying are handled) and the rules, so every effect reported really happens.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

from servicefit.advice.claims import in_grades, verified
from servicefit.advice.outcomes import Outcome, Runner
from servicefit.advice.recommendation import Counterfactual, Recommendation
from servicefit.intake.answers import Answers
from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.candidates import leaves_by_field, number_points
from servicefit.knowledge.questions import Question
from servicefit.knowledge.rules import Grade

TOP_MODEL = "top_model"
STAFFING = "staffing"
KINDS = (TOP_MODEL, STAFFING)


def counterfactuals(
    answers: Answers,
    kb: KnowledgeBase,
    rec: Recommendation,
    verify: bool = True,
    runner: Runner | None = None,
) -> list[Counterfactual]:
    """Single-answer changes that change the outcome: top-model changes first, smallest first.

    `rec` is the recommendation for `answers`: the outcome to compare with, and the staffing
    points of the volumes' pooling arithmetic, which no answer changes (volumes stay as given).
    Claims on graded numbers are checked value by value (see _verified); with verify=False
    that is left to `checked`, for the few claims a report shows.
    """
    current = (rec.models[0].id, rec.staffing.recommended)
    choice = kb.staffing_choice
    conditions = [r.when for r in kb.rules] + [
        q.when for q in kb.questions.values() if q.when is not None
    ]
    leaves = leaves_by_field([*conditions, choice.applies, choice.tie_when])
    grades = [r.grade for r in kb.rules if r.grade is not None]
    runner = runner or Runner(answers, kb, rec)
    run, totals = runner.run, runner.totals

    found: list[Counterfactual] = []
    for qid, question in kb.questions.items():
        before = answers.values[qid]
        if question.type == "int":
            own = [g for g in grades if g.field == qid]
            points = number_points(
                question, leaves.get(qid, []), [v for g in own for v in (g.start, g.full)]
            )
            if own:  # graded points are linear between breakpoints: add where lines cross

                def at(value: int, qid: str = qid) -> dict[str, float] | None:
                    return totals(qid, value)

                points = _with_crossings(points, at, own[0], kb)
            found += _numbers(question, before, points, run, current, kb, own, verify)
        else:
            for after in _alternatives(question, before):
                result = run(qid, after)
                if result is not None:
                    found += _effects(question, before, after, current, result, kb)
    return sorted(found, key=lambda c: (KINDS.index(c.kind), c.cost, _order(kb, c.field)))


def _with_crossings(
    points: list[int],
    totals: Callable[[int], dict[str, float] | None],
    grade: Grade,
    kb: KnowledgeBase,
) -> list[int]:
    """Between two adjacent breakpoints no condition changes and every graded effect is linear
    on the grade's axis, so two options' points cross at most once there, where the line through
    their difference reaches zero. The whole numbers on either side of each crossing join the
    points: with them the search stays exact, not sampled. (Lint sees that all grades of one
    number share one scale, which makes the axis common.)"""
    evaluated = [(p, totals(p)) for p in points]
    extra: set[int] = set()
    for (p, at_p), (q, at_q) in itertools.pairwise(evaluated):
        if at_p is None or at_q is None or q - p <= 1:
            continue
        low, high = grade.position(p), grade.position(q)
        for group in (list(kb.models), list(kb.staffing)):
            for a, b in itertools.combinations(group, 2):
                d_p, d_q = at_p[a] - at_p[b], at_q[a] - at_q[b]
                if (d_p > 0 and d_q > 0) or (d_p < 0 and d_q < 0) or d_p == d_q:
                    continue
                axis = low + (high - low) * d_p / (d_p - d_q)
                value = 10**axis - 1 if grade.log else axis
                extra.update(c for c in (math.floor(value), math.ceil(value)) if p < c < q)
    return sorted(set(points) | extra)


def _order(kb: KnowledgeBase, qid: str) -> int:
    return list(kb.questions).index(qid)


def _alternatives(question: Question, before: Any) -> list[Any]:
    if question.type == "bool":
        return [not before]
    if question.type == "choice":
        return [v for v in question.values if v != before]
    chosen = list(before)
    return [
        [v for v in question.values if v in chosen and v != item]
        if item in chosen
        else [v for v in question.values if v in chosen or v == item]
        for item in question.values
    ]


def _numbers(
    question: Question,
    before: int,
    points: list[int],
    run: Callable[[str, Any], Outcome | None],
    current: Outcome,
    kb: KnowledgeBase,
    own: list[Grade] | None = None,
    verify: bool = True,
) -> list[Counterfactual]:
    """Nearest value up and down with each effect, and how far the effect lasts.

    Between two adjacent boundary points a and b, every value in [a, b) comes out as a does.
    Going up, the effect starts at the first point that has it; going down, one below the last
    point that does not (or one below the current answer).
    """
    out: list[Counterfactual] = []
    up = [p for p in points if p > before]
    down = [p for p in reversed(points) if p < before]
    for rising, line in ((True, up), (False, down)):
        results = [(p, r) for p in line if (r := run(question.id, p)) is not None]
        for k, kind in enumerate(KINDS):
            i = next((i for i, (_, r) in enumerate(results) if r[k] != current[k]), None)
            if i is None:
                continue
            who = results[i][1][k]
            j = i
            while j + 1 < len(results) and results[j + 1][1][k] == who:
                j += 1
            last = j == len(results) - 1
            if rising:
                first = results[i][0]
                through = None if last else results[j + 1][0] - 1
            else:
                first = (results[i - 1][0] if i else before) - 1
                through = None if last else results[j][0]
            graded = bool(own)
            if graded and not verify:  # left to `checked`, which needs a value known to have it
                claim = _number(question, before, first, through, kind, who, kb)
                out.append(claim._replace(known=results[i][0]))
                continue
            if graded:  # linear effects may change the outcome between breakpoints: check
                limit = question.max if rising else question.min
                end = through if through is not None else limit
                checked = verified(
                    question.id, first, end, results[i][0], k, who, run, in_grades(own or [])
                )
                if checked is None:
                    continue
                first, end = checked
                if through is not None or end != limit:
                    through = end
            out.append(_number(question, before, first, through, kind, who, kb))
    return out


def _number(
    question: Question,
    before: int,
    first: int,
    through: int | None,
    kind: str,
    who: str | None,
    kb: KnowledgeBase,
) -> Counterfactual:
    rising = first > before
    limit = question.max if rising else question.min
    if through is None and (limit is None or first != limit):
        phrase = f"{question.format(first)} or {'more' if rising else 'less'}"
    elif through is None or through == first:
        phrase = question.format(first)
    else:
        low, high = sorted((first, through))
        phrase = f"{question.format(low)} to {question.format(high)}"
    return Counterfactual(
        question.id,
        before,
        first,
        kind,
        who,
        f"if {question.supposing(first, phrase)}, {_result_text(kind, who, kb)}",
        through if through is not None else limit,
        abs(first - before) / max(abs(before), 1),
    )


def _effects(
    question: Question,
    before: Any,
    after: Any,
    current: Outcome,
    result: Outcome,
    kb: KnowledgeBase,
) -> list[Counterfactual]:
    """The effects of a change to a choice, yes/no or multiselect answer (a whole step)."""
    out = []
    for index, kind in enumerate(KINDS):
        if result[index] != current[index]:
            out.append(
                Counterfactual(
                    question.id,
                    before,
                    after,
                    kind,
                    result[index],
                    f"if {_change_text(question, before, after)}, "
                    f"{_result_text(kind, result[index], kb)}",
                )
            )
    return out


def _change_text(question: Question, before: Any, after: Any) -> str:
    """The change as a clause after "if", in the question's words and the values' labels."""
    if question.type == "multiselect":
        name = question.name or question.id.replace("_", " ")
        added = [v for v in after if v not in before]
        if added:
            return f"{name} included {question.label(added[0])}"
        dropped = [v for v in before if v not in after]
        return f"{name} left out {question.label(dropped[0])}"
    return question.supposing(after)


def _result_text(kind: str, who: str | None, kb: KnowledgeBase) -> str:
    if kind == TOP_MODEL and who is not None:
        return f"{kb.models[who].name} would lead"
    if who is None:
        names = " or ".join(s.name.lower() for s in kb.staffing.values())
        return f"the choice of {names} would not arise"
    return f"{kb.staffing[who].name} would be recommended"


def checked(
    claim: Counterfactual, answers: Answers, kb: KnowledgeBase, runner: Runner
) -> Counterfactual | None:
    """A graded number's claim made true value by value (see _verified), or None."""
    if claim.known is None:
        return claim
    question = kb.questions[claim.field]
    rising = claim.after > claim.before
    limit = question.max if rising else question.min
    end = claim.through
    index = KINDS.index(claim.kind)
    own = [r.grade for r in kb.rules if r.grade is not None and r.grade.field == claim.field]
    found = verified(
        claim.field, claim.after, end, claim.known, index, claim.result, runner.run, in_grades(own)
    )
    if found is None:
        return None
    first, end = found
    through = None if end == limit and claim.through == limit else end
    return _number(question, claim.before, first, through, claim.kind, claim.result, kb)


def top_changes(
    found: list[Counterfactual],
    limit: int,
    check: Callable[[Counterfactual], Counterfactual | None] | None = None,
) -> list[Counterfactual]:
    """The `limit` smallest changes, one per question, for the report's 'what would change this'."""
    out: list[Counterfactual] = []
    for item in sorted(found, key=lambda c: c.cost):
        if all(c.field != item.field for c in out):
            sure = check(item) if check is not None else item
            if sure is not None:
                out.append(sure)
        if len(out) == limit:
            break
    return out


def with_changes(rec: Recommendation, answers: Answers, kb: KnowledgeBase) -> Recommendation:
    """Add the report's "what would change this": the smallest single-answer changes, each
    claim checked (only these few, which keeps recommend quick)."""
    runner = Runner(answers, kb, rec)
    found = counterfactuals(answers, kb, rec, verify=False, runner=runner)

    def check(claim: Counterfactual) -> Counterfactual | None:
        return checked(claim, answers, kb, runner)

    return rec._replace(what_would_change=top_changes(found, kb.report.what_would_change, check))
