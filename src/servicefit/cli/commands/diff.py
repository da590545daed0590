"""`servicefit diff`: what changed between two recommendations; exit 1 when the top model or
the staffing choice did."""

from __future__ import annotations

from pathlib import Path

from servicefit.advice.diff import SINGLE, diff_sides, load_side
from servicefit.cli.output import emit
from servicefit.errors import EXIT_FAILURES, EXIT_OK
from servicefit.knowledge.base import KnowledgeBase
from servicefit.report import diff as report
from servicefit.report.formats import Format, ReportFormat


def run(
    kb: KnowledgeBase, first: str, second: str, fmt: Format | ReportFormat, output: Path | None
) -> int:
    result = diff_sides(load_side(first, kb), load_side(second, kb))
    emit(report.render(result, first, second, fmt), output)
    return EXIT_FAILURES if result.changed else EXIT_OK


def run_scenario(
    kb: KnowledgeBase,
    answers_path: str,
    sets: list[str],
    fmt: Format | ReportFormat,
    output: Path | None,
) -> int:
    """The baseline answers against the same answers with --set on top."""
    from servicefit.advice.engine import recommend
    from servicefit.intake.answers import load_answers
    from servicefit.intake.overrides import set_label

    baseline = load_answers(answers_path, kb)
    scenario = load_answers(answers_path, kb, sets)
    result = diff_sides(
        {SINGLE: recommend(baseline, kb).to_dict()}, {SINGLE: recommend(scenario, kb).to_dict()}
    )
    label = set_label("", sets).strip()
    emit(report.render(result, answers_path, f"{answers_path} {label}", fmt), output)
    return EXIT_FAILURES if result.changed else EXIT_OK
