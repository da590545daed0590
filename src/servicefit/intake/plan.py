"""The interview's plan: which questions apply given the answers so far, and where one stands."""

from __future__ import annotations

from collections.abc import Mapping
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


def progress(kb: KnowledgeBase, answers: Mapping[str, Any], qid: str) -> str:
    """'Team · 9 of 24': the section, and the place among the questions that apply now."""
    plan = [q.id for q in applicable(kb, answers)]
    section = next(s.title for s in kb.sections if qid in s.questions)
    return f"{section} · {plan.index(qid) + 1} of {len(plan)}"
