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
    answers file gives; a warning in the report names what was measured and how."""
    from servicefit.advice.recommendation import Notice
    from servicefit.cli.commands.audit import AuditFlags, run_audit
    from servicefit.intake.answers import parse_answers, read_answers_text, validate_answers
    from servicefit.intake.overrides import parse_sets, set_label

    flags = AuditFlags(
        None, (), (), None, "UTC", None, None, None, None, None, None, None, None, None
    )
    result = run_audit(kb, exports, flags)
    merged = dict(result.answers)
    given: dict[str, object] = {}
    label = "audit of " + ", ".join(str(p) for p in exports)
    if answers_path is not None:
        file = "<stdin>" if answers_path == "-" else answers_path
        raw = parse_answers(read_answers_text(answers_path), file)
        if not isinstance(raw, dict):
            raise UsageError(f"{file}: an answers file is a mapping of question ids to values.")
        given = dict(raw)
        merged.update(given)
        label += f" + {file}"
    overrides = parse_sets(sets or [], kb)
    merged.update(overrides)
    given.update(overrides)
    label = set_label(label, sets or [])
    answers = validate_answers(merged, kb, label)
    answers.source = label
    rec = with_changes(recommend(answers, kb), answers, kb)
    measured = [k for k in result.answers if k not in given]
    if measured:
        notes = "; ".join(f"{k} ({result.notes.get(k, '')})" for k in measured)
        rec.warnings.append(Notice("measured-answers", f"Measured by the ticket audit: {notes}."))
    write(render(rec, kb, fmt), output)
    return 0
