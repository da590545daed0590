"""`servicefit recommend`: answers → a recommendation in text, JSON or Markdown."""

from __future__ import annotations

from pathlib import Path

from servicefit.advice.engine import recommend
from servicefit.advice.whatif import with_changes
from servicefit.cli.output import write
from servicefit.errors import UsageError
from servicefit.intake.answers import load_answers
from servicefit.knowledge.base import KnowledgeBase
from servicefit.report.formats import Format, ReportFormat
from servicefit.report.recommendation import render


def run(
    kb: KnowledgeBase,
    answers_path: str | None,
    fmt: Format | ReportFormat,
    output: Path | None,
    ask_missing: bool = False,
    save: Path | None = None,
    resume: str | None = None,
    sets: list[str] | None = None,
) -> int:
    if sets and (ask_missing or resume is not None or save is not None):
        raise UsageError(
            "--set overrides answers given in a file; it does not go with the interview.",
            hint="Save the interview's answers, then: recommend --answers FILE --set Q=V.",
        )
    if (answers_path is None and not sets) or ask_missing or resume is not None:
        from servicefit.cli.commands.ask import run as interview

        return interview(kb, answers_path, fmt, output, save, resume)
    if save is not None:
        raise UsageError(
            "--save-answers saves the answers of an interview; with --answers alone there is "
            "nothing new to save.",
            hint="Add --ask-missing to be asked what the file leaves out, then save.",
        )
    answers = load_answers(answers_path, kb, sets or [])
    write(render(with_changes(recommend(answers, kb), answers, kb), kb, fmt), output)
    return 0


def run_audited(
    kb: KnowledgeBase,
    exports: list[Path],
    answers_path: str | None,
    fmt: Format | ReportFormat,
    output: Path | None,
    sets: list[str] | None = None,
) -> int:
    """recommend --audit: the answers an audit measures (with its defaults), under any the
    answers file and --set give; a warning in the report names what was measured and how."""
    from servicefit.advice.recommendation import Notice
    from servicefit.cli.commands.audit import AuditFlags, run_audit

    flags = AuditFlags(
        None, (), (), None, "UTC", None, None, None, None, None, None, None, None, None
    )
    result = run_audit(kb, exports, flags)
    answers = load_answers(answers_path, kb, sets or [], under=result.answers)
    audited = "audit of " + ", ".join(str(p) for p in exports)
    answers.source = f"{audited} + {answers.source}" if answers.source else audited
    rec = with_changes(recommend(answers, kb), answers, kb)
    if answers.underlaid:
        notes = "; ".join(f"{k} ({result.notes.get(k, '')})" for k in answers.underlaid)
        rec.warnings.append(Notice("measured-answers", f"Measured by the ticket audit: {notes}."))
    write(render(rec, kb, fmt), output)
    return 0
