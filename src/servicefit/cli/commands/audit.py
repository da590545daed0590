"""`servicefit audit`: run the audit's flow on the request, write the files it asks for, hand
the result to the report."""

from __future__ import annotations

from servicefit.audit.discover import intents_yaml
from servicefit.audit.labels import sample_csv
from servicefit.cli.output import diagnostic, emit, write
from servicefit.errors import UsageError
from servicefit.flows import audit as flow
from servicefit.knowledge.base import KnowledgeBase
from servicefit.report import audit as report
from servicefit.report.formats import ReportFormat
from servicefit.yamlio.files import write_output


def run(kb: KnowledgeBase, request: flow.AuditRequest, verb: str | None, fmt: ReportFormat) -> int:
    """`verb`: detect, label or sql, or None for the audit itself."""
    output = request.output
    if verb != "sql" and (request.dialect is not None or request.table != "tickets"):
        raise UsageError(
            "--dialect and --table are for `audit sql`, which writes SQL for a warehouse table.",
            hint="servicefit audit sql --source FORMAT --dialect DIALECT",
        )
    if verb == "label":
        from servicefit.cli.commands.label import label

        labelling = flow.for_labelling(request, kb)
        assert request.labels is not None  # for_labelling checks it
        options = labelling.options
        return label(
            labelling.result,
            labelling.rules,
            options.industry,
            request.labels,
            request.write_sample or 0,
        )
    if verb == "sql":
        sql = flow.warehouse(request, kb)
        emit(sql.counts + ("\n" + sql.sample if sql.sample else ""), output)
        return 0
    if verb == "detect":
        emit(report.detected_text(flow.detect(request, kb)), output)
        return 0
    if request.explain is not None:
        emit(report.explanation_text(flow.explain(request, kb, request.explain)), output)
        return 0
    audited = flow.run(request, kb)
    if audited.result.engine_note and request.engine == "duckdb":
        diagnostic(f"--engine duckdb: {audited.result.engine_note}.")
    result, sources = audited.result, [str(p) for p in request.exports]
    if request.sample_file is not None and request.write_sample is not None:
        csv = sample_csv(result.sample, request.write_sample, audited.rules.seed)
        write_output(request.sample_file, csv)
    if request.answers_out is not None:
        from servicefit.intake.answers import validate_answers

        validate_answers(result.answers, kb, str(request.answers_out))  # a bug if it fails
        write_output(request.answers_out, report.answers_yaml(result, sources))
    if request.write_intents is not None:
        found = result.document.routine.candidates
        write_output(request.write_intents, intents_yaml(found, sources))
    write(report.render(result, fmt), output)
    return 0
