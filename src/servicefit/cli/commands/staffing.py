"""`servicefit staffing`: size one queue from its numbers, for what-if questions."""

from __future__ import annotations

from pathlib import Path

from servicefit.cli.output import write
from servicefit.flows import staffing as flow
from servicefit.knowledge.base import KnowledgeBase
from servicefit.report import staffing as report
from servicefit.report.formats import Format


def run(kb: KnowledgeBase, request: flow.StaffingRequest, fmt: Format, output: Path | None) -> int:
    write(report.render(flow.run(request, kb), fmt), output)
    return 0
