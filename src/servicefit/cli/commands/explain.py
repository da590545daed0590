"""`servicefit explain`: the full rule trace for one answers file, and what would change it."""

from __future__ import annotations

from pathlib import Path

from servicefit.cli.output import write
from servicefit.flows import explain as flow
from servicefit.knowledge.base import KnowledgeBase
from servicefit.report.explain import render
from servicefit.report.formats import Format, ReportFormat


def run(
    kb: KnowledgeBase, request: flow.ExplainRequest, fmt: Format | ReportFormat, output: Path | None
) -> int:
    write(render(flow.run(request, kb), kb, fmt), output)
    return 0
