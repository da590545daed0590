"""`servicefit recommend`: answers → a recommendation in text, JSON or Markdown."""

from __future__ import annotations

from pathlib import Path

from servicefit.advice.engine import recommend
from servicefit.advice.recommendation import Recommendation
from servicefit.cli.output import Format, emit, emit_json, render_rich
from servicefit.errors import UsageError
from servicefit.intake.answers import Answers, load_answers
from servicefit.knowledge.base import KnowledgeBase


def render_recommendation(
    rec: Recommendation, kb: KnowledgeBase, fmt: Format, output: Path | None
) -> None:
    if fmt is Format.json:
        emit_json(rec.to_dict(), output)
    elif fmt is Format.markdown:
        from servicefit.report.markdown import render

        emit(render(rec, kb), output)
    else:
        from servicefit.report.text import render

        render_rich(lambda console: render(rec, kb, console), output)


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

        return interview(kb, answers_path, fmt, output, ask_missing, save, resume)
    if save is not None:
        raise UsageError(
            "--save-answers saves the answers of an interview; with --answers alone there is "
            "nothing new to save.",
            hint="Add --ask-missing to be asked what the file leaves out, then save.",
        )
    answers = load_answers(answers_path, kb)
    render_recommendation(with_changes(recommend(answers, kb), answers, kb), kb, fmt, output)
    return 0


def with_changes(rec: Recommendation, answers: Answers, kb: KnowledgeBase) -> Recommendation:
    """Add the report's "what would change this": the smallest single-answer changes."""
    from servicefit.advice.whatif import counterfactuals, top_changes

    limit = kb.report.get("what_would_change", 3)
    rec.extra["what_would_change"] = [
        c.to_dict() for c in top_changes(counterfactuals(answers, kb, rec), limit)
    ]
    return rec
