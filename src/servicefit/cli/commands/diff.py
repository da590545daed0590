"""`servicefit diff`: what changed between two recommendations; exit 1 when the top model or
the staffing choice did."""

from __future__ import annotations

from pathlib import Path

from servicefit.advice.diff import diff_sides, load_side
from servicefit.cli.output import emit
from servicefit.errors import EXIT_FAILURES, EXIT_OK
from servicefit.knowledge.base import KnowledgeBase
from servicefit.report import diff as report
from servicefit.report.formats import Format


def run(kb: KnowledgeBase, first: str, second: str, fmt: Format, output: Path | None) -> int:
    result = diff_sides(load_side(first, kb), load_side(second, kb))
    emit(report.render(result, first, second, fmt), output)
    return EXIT_FAILURES if result.changed else EXIT_OK
