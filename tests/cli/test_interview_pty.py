"""The interview in a real pseudo-terminal (pexpect): the whole flow as a user meets it."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

PROGRESS = re.compile(r"\[([\w ]+) · (\d+) of (\d+)\]")
ENTER, CTRL_C = "\r", "\x03"


def spawn(tmp_path: Path, *args: str):
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
        dimensions=(50, 120),
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


def finish(child) -> None:
    child.send("n")  # no volumes
    child.expect("Review your answers")
    child.send(ENTER)
    child.expect("Next steps")
    child.expect("Save these answers")
    child.send("n")
    child.expect(pexpect.EOF)
    child.close()


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
