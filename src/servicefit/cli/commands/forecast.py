"""`servicefit forecast`: run the forecast's flow, report, and on request write the busiest
week as volumes for `recommend`."""

from __future__ import annotations

from servicefit.cli.output import write
from servicefit.flows import forecast as flow
from servicefit.knowledge.base import KnowledgeBase
from servicefit.report import forecast as report
from servicefit.report.formats import ReportFormat
from servicefit.yamlio.files import write_output


def run(
    kb: KnowledgeBase, request: flow.ForecastRequest, exports: list[str], fmt: ReportFormat
) -> int:
    """`exports`: the files as given, for the report."""
    found = flow.run(request, kb)
    warnings = [w.message for w in found.audited.result.document.warnings]
    doc = report.document(found.plan, exports, request.audit.timezone, warnings)
    if request.answers_out is not None and found.volumes is not None:
        write_output(request.answers_out, report.volumes_yaml(found.volumes, doc))
    write(report.render(found.plan, doc, fmt), request.audit.output)
    return 0
