"""The interview in a real pseudo-terminal (pexpect): the whole flow as a user meets it."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # see pyproject.toml

pexpect = pytest.importorskip("pexpect")

PROGRESS = re.compile(r"\[([\w ]+) · (\d+) of (\d+)\]")
ENTER, CTRL_C = "\r", "\x03"


def spawn(tmp_path: Path, *args: str, columns: int = 120):
    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path / "state"), TERM="xterm", NO_COLOR="1")
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"  # pexpect does not answer cursor-position requests
    env.pop("COLUMNS", None)
    return pexpect.spawn(
        sys.executable,
        ["-m", "servicefit", "recommend", *args],
        env=env,
        cwd=str(tmp_path),
        encoding="utf-8",
        timeout=20,
        dimensions=(50, columns),
    )


def answer_questions(child, stop_after: int | None = None, last: int | None = None) -> int:
    """Press Enter once at each new question (its default); return how many were answered."""
    answered = 0
    while True:
        found = child.expect([PROGRESS, "Add contact volumes"])
        if found == 1:
            return answered
        number = int(child.match.group(2))
        if number == last:
            continue  # the same prompt drawn again
        if stop_after is not None and answered == stop_after:
            child.send(CTRL_C)
            return answered
        last = number
        child.send(ENTER)
        answered += 1


def to_the_report(child) -> None:
    """No volumes, the review as it is, the report, no saving of the answers."""
    child.send("n" + ENTER)  # no volumes (a yes/no takes its key, then Enter)
    child.expect("Review your answers")
    child.send(ENTER)
    child.expect("Roadmap")
    child.expect("Save these answers")
    child.send("n" + ENTER)
    child.expect("Save this report to a file as well")


def finish(child) -> None:
    to_the_report(child)
    child.send("n" + ENTER)
    child.expect(pexpect.EOF)
    child.close()


def test_the_report_can_be_kept_in_any_format_at_the_end(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    answer_questions(child)
    to_the_report(child)
    child.send("y" + ENTER)
    child.expect("In which format")
    child.expect(DRAWN)
    child.send(ENTER)  # html, the first
    child.expect("File name")
    child.send(ENTER)  # the name offered, in the folder it runs in
    child.expect("report saved to servicefit-report.html")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    page = (tmp_path / "servicefit-report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Summary" in page


def test_answer_every_question_and_get_the_report(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    answered = answer_questions(child)
    assert answered >= 20
    finish(child)
    assert child.exitstatus == 0


def test_ctrl_c_then_resume_and_finish(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    assert answer_questions(child, stop_after=4) == 4
    child.expect("Continue with: servicefit recommend --resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    resume = tmp_path / "state" / "servicefit" / "interview.yaml"
    assert resume.is_file()
    child = spawn(tmp_path, "--resume")
    child.expect(PROGRESS)
    assert child.match.group(2) == "5"  # starts at the first unanswered question
    child.send(ENTER)
    answer_questions(child, last=5)
    finish(child)
    assert child.exitstatus == 0 and not resume.exists()


def _resume_file(tmp_path: Path, channels: list[str]) -> Path:
    """Every question answered (its default), serving `channels`: only the volumes are left."""
    import yaml

    from servicefit.intake.answers import validate_answers
    from servicefit.knowledge.rulesets import default_knowledge

    kb = default_knowledge()
    given = {q.id: q.default for q in kb.questions.values()}
    given["channels"] = channels
    answers = validate_answers(given, kb, "<test>")
    values = {k: v for k, v in answers.values.items() if k not in answers.skipped}
    path = tmp_path / "partly.yaml"
    path.write_text(yaml.safe_dump(values), encoding="utf-8")
    return path


def _channel_volumes(child, channel: str, concurrency: bool) -> None:
    """Accept the preselected answer at each of one channel's volume prompts."""
    for prompt in (
        "Over which period",  # the unit before the amount
        f"How many {channel} contacts arrive per",
        f"Average handle time of a {channel}",
        f"Service target for {channel}",
    ):
        _ready(child, prompt)
        child.send(ENTER)
    if concurrency:  # the target's default was refused here before: a dead end
        found = child.expect(["not a supported concurrency", f"How many {channel} conversations"])
        assert found == 1, "the target's own default was refused"
        child.expect(DRAWN)
        child.send(ENTER)


DRAWN = r"\x1b\[\?7h"  # prompt_toolkit has drawn the prompt and reads keys


def _ready(child, prompt: str) -> None:
    child.expect(prompt)
    child.expect(DRAWN)


def test_volumes_for_chat_go_through_and_an_interrupted_channel_is_asked_again(
    tmp_path: Path,
) -> None:
    path = _resume_file(tmp_path, ["chat", "email"])
    child = spawn(tmp_path, "--resume", str(path))
    child.expect("Add contact volumes")
    child.send("y" + ENTER)
    _channel_volumes(child, "email", concurrency=False)
    _ready(child, "Over which period will you count chat")
    child.send(CTRL_C)  # stopped half-way: email has volumes, chat not yet
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "email" in path.read_text(encoding="utf-8").split("volumes:")[1]
    again = spawn(tmp_path, "--resume", str(path))
    again.expect(r"The volumes were not finished \(chat to go\)")
    _channel_volumes(again, "email", concurrency=False)
    _channel_volumes(again, "chat", concurrency=True)  # its target was refused here before
    for prompt in ("Share of paid time", "Highest share", "Currency of your costs", "Cost of one"):
        _ready(again, prompt)  # as preselected
        again.send(ENTER)
    again.expect("Review your answers")
    again.send(ENTER)
    again.expect("Save these answers")
    again.send("n" + ENTER)
    again.expect("Save this report")
    again.send("n" + ENTER)
    again.expect(pexpect.EOF)
    again.close()
    assert again.exitstatus == 0


def test_the_review_shows_every_answer_at_60_columns(tmp_path: Path) -> None:
    """The answer comes first on each review line, so a narrow terminal cuts the question's
    end, never the answer."""
    child = spawn(tmp_path, columns=60)
    answer_questions(child)
    child.send("n" + ENTER)  # no volumes
    child.expect("Review your answers")
    child.expect("other  ←  Which industry")  # the industry's default, then its question
    child.send(CTRL_C)
    child.expect(pexpect.EOF)
    child.close()
