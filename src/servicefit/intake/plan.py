"""The interview's plan: which questions apply given the answers so far, and where one stands."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from servicefit.intake.answers import apply_answers
from servicefit.intake.workload import WORKLOAD_KEYS
from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.questions import Question


def applicable(kb: KnowledgeBase, answers: Mapping[str, Any]) -> list[Question]:
    """The questions that apply given the answers so far (defaults stand in for the rest)."""
    skipped = set(apply_answers(dict(answers), kb).skipped)
    return [question for qid, question in kb.questions.items() if qid not in skipped]


def without_inapplicable(kb: KnowledgeBase, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers minus those to questions that no longer apply (workload keys kept)."""
    keep = {q.id for q in applicable(kb, answers)}
    return {k: v for k, v in answers.items() if k in keep or k in WORKLOAD_KEYS}


def progress(
    kb: KnowledgeBase, answers: Mapping[str, Any], qid: str, unknown: Collection[str] = ()
) -> str:
    """'Team · 9 of 24': the section; how many of the questions that apply now are answered,
    plus this one; and how many apply. Each question asked moves the count on by one, however
    the answers given before (a file, a resumed interview) are spread; the total moves only
    when an answer makes a question apply or stop applying."""
    plan = [q.id for q in applicable(kb, answers)]
    answered = sum(1 for q in plan if (q in answers or q in unknown) and q != qid)
    section = next(s.title for s in kb.sections if qid in s.questions)
    return f"{section} · {answered + 1} of {len(plan)}"
