"""`servicefit recommend` without a complete answers file: the interview, then the report.

Imports the interview module (and so questionary) only once it is clear there is a terminal
to ask on; with no terminal it stops at once, before anything is loaded.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from servicefit.advice.engine import recommend
from servicefit.advice.recommendation import Notice
from servicefit.advice.whatif import with_changes
from servicefit.cli.output import diagnostic, write
from servicefit.errors import EXIT_INTERRUPTED, InputError, UsageError
from servicefit.intake.answers import (
    Answers,
    parse_answers,
    read_answers_text,
    validate_answers,
)
from servicefit.intake.resume import (
    ResumeFile,
    check_resume_path,
    default_resume_path,
    existing_resume,
    new_resume,
    save_answers,
)
from servicefit.intake.workload import WORKLOAD_KEYS
from servicefit.knowledge.base import KnowledgeBase
from servicefit.report.formats import Format, Rendered, ReportFormat
from servicefit.report.heading import Heading
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


def interrupted(resume: ResumeFile, fresh_start: bool) -> str:
    """What an interrupted interview says: only what is true about its saved answers."""
    if resume.written:
        return (
            f"servicefit: interrupted. Your answers so far are saved in {resume.path}.\n"
            f"Continue with: {resume_command(resume.path)}"
        )
    if resume.problem is not None:
        return f"servicefit: interrupted. Your answers could not be saved: {resume.problem}"
    if fresh_start:
        return "servicefit: interrupted before any answer was given; there is nothing to resume."
    return f"servicefit: interrupted. Nothing new was answered; {resume.path} is as it was."


def run(
    kb: KnowledgeBase,
    answers_path: str | None,
    fmt: Format | ReportFormat,
    output: Path | None,
    save: Path | None,
    resume: str | None,
    head: Heading | None = None,
) -> int:
    """Ask what the answers file (if any) leaves out, or continue an interview, then report."""
    if resume is not None and answers_path is not None:
        raise UsageError("--resume and --answers cannot be used together.")
    if resume is not None:  # a wrong --resume says so first, terminal or not
        check_resume_path(Path(resume) if resume else default_resume_path())
    from servicefit.cli import interview as ui

    if not ui.can_prompt():  # before reading anything: never wait on a pipe
        raise UsageError(
            "no answers file, and standard input is not a terminal to ask the questions on."
            if answers_path is None
            else "--ask-missing needs a terminal on standard input to ask the questions on.",
            hint="Pass --answers FILE, or --answers - to read the answers from standard input.",
        )
    start = given_answers(answers_path, kb) if answers_path is not None else {}
    store = (
        existing_resume(Path(resume) if resume else default_resume_path())
        if resume is not None
        else new_resume(avoid_default=answers_path is not None)  # --ask-missing: a file of its own
    )
    continuing = resume is not None
    try:
        with ui.prompt_session():
            try:
                if (
                    not continuing
                    and answers_path is None
                    and store.path == default_resume_path()
                    and store.path.is_file()
                ):
                    continuing = ui.confirm(
                        f"You have an unfinished interview ({store.path}). Continue it?", True
                    )
                if continuing:
                    start = given_answers(str(store.path), kb)
                    store.written = True  # its answers are in it already
                elif store.path != default_resume_path():
                    diagnostic(f"servicefit: this interview's answers are kept in {store.path}.")
                session = ui.Interview(kb, start, store)
                before = len(session.answers)
                fresh = answers_path is None
                session.ask_unanswered()
                if fresh and not any(k in session.answers for k in WORKLOAD_KEYS):
                    session.ask_volumes()
                elif fresh:
                    session.finish_volumes()
                if fresh or len(session.answers) > before:
                    session.review()
            except KeyboardInterrupt:
                diagnostic(interrupted(store, fresh_start=not continuing))
                return EXIT_INTERRUPTED
        source = str(save) if save is not None else SOURCE
        answers = validate_answers(session.answers, kb, source)
        answers.source = source
        rec = with_changes(recommend(answers, kb), answers, kb)
        if session.unknown:
            rec.warnings.append(unknown_notice(session.unknown, kb, session.measurable()))
        write(render(rec, kb, fmt, head), output)
        if save is not None:
            save_answers(kb, session.answers, save)
            diagnostic(f"servicefit: answers saved to {save}.")
        elif not offer_to_save(ui, kb, session.answers):
            diagnostic(interrupted(store, fresh_start=False).replace("interrupted", "not saved", 1))
            return EXIT_INTERRUPTED
        store.finish()
        if output is None and fmt == Format.text and sys.stdout.isatty():
            # the report scrolled by in the terminal: offer to keep it, in any format
            offer_report(ui, lambda chosen: render(rec, kb, chosen, head))
        return 0
    finally:
        store.close()


def unknown_notice(unknown: list[str], kb: KnowledgeBase, measurable: frozenset[str]) -> Notice:
    """The questions answered "don't know" in the interview, and which an audit can measure."""
    names = [kb.questions[q].name or q.replace("_", " ") for q in unknown]
    text = f"You did not know {', '.join(names)}: the defaults stand in the advice."
    audit = [kb.questions[q].name or q for q in unknown if q in measurable]
    if audit:
        text += f" A ticket audit (servicefit audit EXPORT) can measure {', '.join(audit)}."
    return Notice("unknown-answers", text)


REPORT_FILES = {  # the formats a report can be kept in, each with its file name
    ReportFormat.html: "servicefit-report.html",
    ReportFormat.markdown: "servicefit-report.md",
    ReportFormat.text: "servicefit-report.txt",
    ReportFormat.json: "servicefit-report.json",
}


def offer_report(ui: ModuleType, rendered: Callable[[ReportFormat], Rendered]) -> None:
    """After the report on a terminal: keep it in a file too, in the format picked."""
    with ui.prompt_session():
        try:
            if not ui.confirm("Save this report to a file as well?", False):
                return
            chosen = ReportFormat(ui.pick("In which format?", [f.value for f in REPORT_FILES]))
            name = REPORT_FILES[chosen]
            while True:
                name = ui.ask_path("File name (empty: do not save):", name).strip()
                if not name:
                    return
                try:
                    write(rendered(chosen), Path(name))
                except InputError as exc:
                    diagnostic(f"servicefit: {exc} Try another name.")
                    continue
                diagnostic(f"servicefit: report saved to {name}.")
                return
        except KeyboardInterrupt:
            return


def offer_to_save(ui: ModuleType, kb: KnowledgeBase, answers: dict[str, Any]) -> bool:
    """Ask whether to save the answers, and where, until they are saved or not wanted; False
    only for Ctrl-C. A file name that cannot be written is said under the prompt, and asked
    again."""
    with ui.prompt_session():
        try:
            if not ui.confirm("Save these answers to a file?", True):
                return True
            name = DEFAULT_SAVE
            while True:
                name = ui.ask_path("File name (empty: do not save):", name)
                if not name.strip():
                    return True
                try:
                    save_answers(kb, answers, Path(name.strip()))
                except InputError as exc:
                    diagnostic(f"servicefit: {exc} Try another name.")
                    continue
                diagnostic(f"servicefit: answers saved to {name.strip()}.")
                return True
        except KeyboardInterrupt:
            return False
