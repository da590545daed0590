"""`servicefit recommend`: answers → a recommendation in text, JSON or Markdown."""

from __future__ import annotations

from pathlib import Path

from servicefit.advice.engine import recommend
from servicefit.advice.whatif import with_changes
from servicefit.cli.output import write
from servicefit.errors import UsageError
from servicefit.intake.answers import load_answers
from servicefit.knowledge.base import KnowledgeBase
from servicefit.report.formats import Format
from servicefit.report.recommendation import render


def run(
    kb: KnowledgeBase,
    answers_path: str | None,
    fmt: Format,
    output: Path | None,
    ask_missing: bool = False,
    save: Path | None = None,
    resume: str | None = None,
) -> int:
    if answers_path is None or ask_missing or resume is not None:
        from servicefit.cli.commands.ask import run as interview

        return interview(kb, answers_path, fmt, output, save, resume)
    if save is not None:
        raise UsageError(
            "--save-answers saves the answers of an interview; with --answers alone there is "
            "nothing new to save.",
            hint="Add --ask-missing to be asked what the file leaves out, then save.",
        )
    answers = load_answers(answers_path, kb)
    write(render(with_changes(recommend(answers, kb), answers, kb), kb, fmt), output)
    return 0
