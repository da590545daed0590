"""`servicefit explain`: the full rule trace for one answers file, and what would change it."""

from __future__ import annotations

from pathlib import Path

from servicefit.advice.explanation import explain
from servicefit.cli.output import write
from servicefit.errors import UsageError
from servicefit.intake.answers import load_answers
from servicefit.knowledge.base import KnowledgeBase
from servicefit.report.explain import render
from servicefit.report.formats import Format, ReportFormat


def run(
    kb: KnowledgeBase,
    answers_path: str | None,
    model: str | None,
    fmt: Format | ReportFormat,
    output: Path | None,
    sets: list[str] | None = None,
) -> int:
    if answers_path is None and not sets:
        raise UsageError(
            "no answers given.", hint="Pass --answers FILE (or - for standard input), or --set."
        )
    doc = explain(load_answers(answers_path, kb, sets or []), kb, model)  # checks --model first
    write(render(doc, kb, fmt), output)
    return 0
