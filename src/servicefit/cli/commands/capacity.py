"""`servicefit capacity`: run the capacity flow and report what the team delivers."""

from __future__ import annotations

from pathlib import Path

from servicefit.cli.output import write
from servicefit.flows import capacity as flow
from servicefit.knowledge.base import KnowledgeBase
from servicefit.report import capacity as report
from servicefit.report.formats import ReportFormat


def run(
    kb: KnowledgeBase, request: flow.CapacityRequest, fmt: ReportFormat, output: Path | None
) -> int:
    found = flow.run(request, kb)
    doc = report.document(found.weeks[0], found.weeks[1:], found.source, found.team)
    write(report.render(found.weeks, doc, fmt), output)
    return 0
