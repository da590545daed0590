"""`audit label` in a real pseudo-terminal: one key a ticket, saved after each, resumed."""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

import pytest

from tests.audit.exports import zendesk_export

pytestmark = pytest.mark.slow  # see pyproject.toml

pexpect = pytest.importorskip("pexpect")


def spawn(tmp_path: Path, labels: Path):
    export = tmp_path / "busy.csv"
    if not export.exists():
        zendesk_export(export)
    env = dict(os.environ, TERM="xterm", NO_COLOR="1")
    return pexpect.spawn(
        sys.executable,
        [
            "-m",
            "servicefit",
            "audit",
            "label",
            str(export),
            "--source-timezone",
            "UTC",
            "--labels",
            str(labels),
            "--write-sample",
            "40",
        ],
        env=env,
        cwd=str(tmp_path),
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 120),
    )


def answers(labels: Path) -> list[str]:
    with labels.open(encoding="utf-8", newline="") as handle:
        return [row["routine"] for row in csv.DictReader(handle)]


def test_label_quit_and_go_on(tmp_path: Path) -> None:
    labels = tmp_path / "labels.csv"
    child = spawn(tmp_path, labels)
    child.expect(r"\[1 of 40\]")
    child.send("r")
    child.expect(r"1 labelled: routine 100%")
    child.expect(r"\[2 of 40\]")
    child.send("x")  # not a key: says which are
    child.expect("r routine · n not routine")
    child.send("q")
    child.expect("Saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert answers(labels)[:2] == ["yes", ""] and len(answers(labels)) == 40
    again = spawn(tmp_path, labels)
    again.expect("Going on with")
    again.expect(r"\[2 of 40\]")
    again.send("n")
    again.expect(r"\[3 of 40\]")
    again.send("u")  # undo: back to the second
    again.expect(r"\[2 of 40\]")
    again.send("s")
    again.expect(r"\[3 of 40\]")
    again.send("q")
    again.expect(pexpect.EOF)
    assert answers(labels)[:3] == ["yes", "skip", ""]


def test_label_without_a_terminal_says_how_else(tmp_path: Path) -> None:
    import subprocess

    export = zendesk_export(tmp_path / "busy.csv")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "servicefit",
            "audit",
            "label",
            str(export),
            "--labels",
            str(tmp_path / "l.csv"),
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert done.returncode == 2 and "--write-sample" in done.stderr
