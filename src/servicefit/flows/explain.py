"""`explain`'s flow: the answers, every rule traced against them, and what would change the
advice."""

from __future__ import annotations

from dataclasses import dataclass

from servicefit.advice.explanation import Explanation, explain
from servicefit.errors import UsageError
from servicefit.intake.answers import load_answers
from servicefit.knowledge.base import KnowledgeBase
from servicefit.yamlio.files import shown_path


@dataclass(frozen=True, kw_only=True, slots=True)
class ExplainRequest:
    answers: str | None = None  # an answers file, or '-' for standard input
    sets: tuple[str, ...] = ()
    model: str | None = None  # only the rules that touch this model or staffing option


def run(request: ExplainRequest, kb: KnowledgeBase) -> Explanation:
    if request.answers is None and not request.sets:
        raise UsageError(
            "no answers given.", hint="Pass --answers FILE (or - for standard input), or --set."
        )
    answers = load_answers(request.answers, kb, list(request.sets))
    return explain(answers, kb, request.model, shown=shown_path)
