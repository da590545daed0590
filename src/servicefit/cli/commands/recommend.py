"""`servicefit recommend`: answers → a recommendation in text, JSON or Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from servicefit.advice.engine import recommend
from servicefit.advice.whatif import with_changes
from servicefit.cli.output import write
from servicefit.errors import UsageError
from servicefit.intake.answers import load_answers
from servicefit.knowledge.base import KnowledgeBase
from servicefit.report.formats import Format, ReportFormat
from servicefit.report.heading import Heading
from servicefit.report.recommendation import render

if TYPE_CHECKING:
    from servicefit.cli.commands.audit import AuditFlags


def run(
    kb: KnowledgeBase,
    answers_path: str | None,
    fmt: Format | ReportFormat,
    output: Path | None,
    ask_missing: bool = False,
    save: Path | None = None,
    resume: str | None = None,
    sets: list[str] | None = None,
    head: Heading | None = None,
) -> int:
    if sets and (ask_missing or resume is not None or save is not None):
        raise UsageError(
            "--set overrides answers given in a file; it does not go with the interview.",
            hint="Save the interview's answers, then: recommend --answers FILE --set Q=V.",
        )
    if (answers_path is None and not sets) or ask_missing or resume is not None:
        from servicefit.cli.commands.ask import run as interview

        return interview(kb, answers_path, fmt, output, save, resume, head)
    if save is not None:
        raise UsageError(
            "--save-answers saves the answers of an interview; with --answers alone there is "
            "nothing new to save.",
            hint="Add --ask-missing to be asked what the file leaves out, then save.",
        )
    answers = load_answers(answers_path, kb, sets or [])
    write(render(with_changes(recommend(answers, kb), answers, kb), kb, fmt, head), output)
    return 0


def run_audited(
    kb: KnowledgeBase,
    exports: list[Path],
    answers_path: str | None,
    fmt: Format | ReportFormat,
    output: Path | None,
    sets: list[str] | None = None,
    flags: AuditFlags | None = None,
    head: Heading | None = None,
) -> int:
    """recommend --audit: the answers an audit measures (read with the audit's options),
    under any the answers file and --set give; a warning in the report names what was
    measured and how, and what the export held too little of to measure."""
    from servicefit.advice.recommendation import Notice
    from servicefit.cli.commands.audit import AuditFlags, refuse_overwriting, run_audit

    flags = flags or AuditFlags()
    refuse_overwriting(
        {"an export": exports, "--labels": [flags.labels], "--holidays": [flags.holidays]},
        {"--output": output},
    )
    result = run_audit(kb, exports, flags)
    answers = load_answers(answers_path, kb, sets or [], under=result.answers)
    audited = "audit of " + ", ".join(str(p) for p in exports)
    answers.source = f"{audited} + {answers.source}" if answers.source else audited
    rec = with_changes(recommend(answers, kb, result.automation), answers, kb)
    if answers.underlaid:
        notes = "; ".join(f"{k} ({result.notes.get(k, '')})" for k in answers.underlaid)
        rec.warnings.append(Notice("measured-answers", f"Measured by the ticket audit: {notes}."))
    missing = result.document["answers_not_measured"]
    unanswered = {k: why for k, why in missing.items() if k not in answers.given}
    if unanswered:
        why = "; ".join(f"{k} ({reason})" for k, reason in unanswered.items())
        rec.warnings.append(Notice("not-measured", f"The ticket audit could not measure: {why}."))
    write(render(rec, kb, fmt, head), output)
    return 0
