"""`servicefit diff`: what changed between two recommendations; exit 1 when the top model or
the staffing choice did."""

from __future__ import annotations

from pathlib import Path

from servicefit.cli.output import emit
from servicefit.errors import EXIT_FAILURES, EXIT_OK
from servicefit.flows import diff as flow
from servicefit.knowledge.base import KnowledgeBase
from servicefit.report import diff as report
from servicefit.report.formats import Format, ReportFormat


def run(
    kb: KnowledgeBase, request: flow.DiffRequest, fmt: Format | ReportFormat, output: Path | None
) -> int:
    found = flow.run(request, kb)
    emit(report.render(found.result, found.first, found.second, fmt), output)
    return EXIT_FAILURES if found.result.changed else EXIT_OK
