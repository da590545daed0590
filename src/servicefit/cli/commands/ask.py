"""`servicefit recommend` without a complete answers file: the interview, then the report.

Imports the interview module (and so questionary) only once it is clear there is a terminal
to ask on; with no terminal it stops at once, before anything is loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from servicefit.advice.engine import recommend
from servicefit.advice.whatif import with_changes
from servicefit.cli.output import diagnostic, write
from servicefit.errors import EXIT_INTERRUPTED, UsageError
from servicefit.intake.answers import (
    Answers,
    parse_answers,
    read_answers_text,
    validate_answers,
)
from servicefit.intake.resume import default_resume_path, save_answers
from servicefit.intake.workload import WORKLOAD_KEYS
from servicefit.knowledge.base import KnowledgeBase
from servicefit.report.formats import Format
from servicefit.report.recommendation import render
from servicefit.yamlio.read import plain

SOURCE = "<interview>"
DEFAULT_SAVE = "servicefit-answers.yaml"


def given_answers(path: str, kb: KnowledgeBase) -> dict[str, Any]:
    """The answers a file gives (checked), with its workload keys, as plain values."""
    raw = parse_answers(read_answers_text(path), path)
    answers: Answers = validate_answers(raw, kb, path)  # raises naming the file and line
    out = {qid: answers.values[qid] for qid in answers.given if qid not in answers.ignored}
    out.update({k: plain(raw[k]) for k in WORKLOAD_KEYS if k in raw})
    return out


def resume_command(path: Path) -> str:
    default = path == default_resume_path()
    return "servicefit recommend --resume" + ("" if default else f" {path}")


def run(
    kb: KnowledgeBase,
    answers_path: str | None,
    fmt: Format,
    output: Path | None,
    save: Path | None,
    resume: str | None,
) -> int:
    """Ask what the answers file (if any) leaves out, or continue an interview, then report."""
    if resume is not None and answers_path is not None:
        raise UsageError("--resume and --answers cannot be used together.")
    resume_path = Path(resume) if resume else default_resume_path()
    if resume is not None and not resume_path.is_file():
        raise UsageError(
            f"there is no unfinished interview at {resume_path}.",
            hint="Start a new one with `servicefit recommend`.",
        )
    from servicefit.cli import interview as ui

    if not ui.can_prompt():  # before reading anything: never wait on a pipe
        raise UsageError(
            "no answers file, and standard input is not a terminal to ask the questions on."
            if answers_path is None
            else "--ask-missing needs a terminal on standard input to ask the questions on.",
            hint="Pass --answers FILE, or --answers - to read the answers from standard input.",
        )
    start = given_answers(answers_path, kb) if answers_path is not None else {}
    with ui.prompt_session():
        try:
            if resume is not None or (
                answers_path is None
                and resume_path.is_file()
                and ui.confirm(
                    f"You have an unfinished interview ({resume_path}). Continue it?", True
                )
            ):
                start = given_answers(str(resume_path), kb)
            session = ui.Interview(kb, start, resume_path)
            before = len(session.answers)
            fresh = answers_path is None
            session.ask_unanswered()
            if fresh and not any(k in session.answers for k in WORKLOAD_KEYS):
                session.ask_volumes()
            if fresh or len(session.answers) > before:
                session.review()
        except KeyboardInterrupt:
            diagnostic(
                f"servicefit: interrupted. Your answers so far are saved in {resume_path}.\n"
                f"Continue with: {resume_command(resume_path)}"
            )
            return EXIT_INTERRUPTED
    source = str(save) if save is not None else SOURCE
    answers = validate_answers(session.answers, kb, source)
    answers.source = source
    rec = with_changes(recommend(answers, kb), answers, kb)
    write(render(rec, kb, fmt), output)
    if save is not None:
        save_answers(kb, session.answers, save)
        diagnostic(f"servicefit: answers saved to {save}.")
    else:
        with ui.prompt_session():
            try:
                if ui.confirm("Save these answers to a file?", True):
                    target = Path(ui.ask_path("File name:", DEFAULT_SAVE))
                    save_answers(kb, session.answers, target)
                    diagnostic(f"servicefit: answers saved to {target}.")
            except KeyboardInterrupt:
                diagnostic(f"servicefit: not saved. Your answers are still in {resume_path}.")
                return EXIT_INTERRUPTED
    resume_path.unlink(missing_ok=True)
    return 0
