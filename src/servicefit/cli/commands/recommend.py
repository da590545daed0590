"""`servicefit recommend`: answers → a recommendation in text, JSON or Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from servicefit.cli.output import write
from servicefit.errors import UsageError
from servicefit.flows import recommend as flow
from servicefit.flows.recommend import RecommendRequest
from servicefit.knowledge.base import KnowledgeBase
from servicefit.report.formats import Format, ReportFormat
from servicefit.report.heading import Heading
from servicefit.report.recommendation import render

if TYPE_CHECKING:
    from servicefit.flows.audit import AuditRequest


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
    request = RecommendRequest(answers=answers_path, sets=tuple(sets or ()))
    write(render(flow.run(request, kb), kb, fmt, head), output)
    return 0


def run_audited(
    kb: KnowledgeBase,
    audit: AuditRequest,
    answers_path: str | None,
    fmt: Format | ReportFormat,
    output: Path | None,
    sets: list[str] | None = None,
    head: Heading | None = None,
) -> int:
    """recommend --audit: the audit's request, read as `servicefit audit` reads it."""
    request = RecommendRequest(answers=answers_path, sets=tuple(sets or ()), audit=audit)
    write(render(flow.run(request, kb), kb, fmt, head), output)
    return 0
