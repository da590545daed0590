"""The malformed-input corpus (tests/corpus): each file gets exit 2 and one short message that
names the file and the line or key, never a traceback, within 3 s of CPU time and 200 MB.

Time is the child's CPU time (user + system, from wait4), never wall time: wall time on a shared
machine measures the load, and made the suite fail at random."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from servicefit.knowledge.rulesets import default_rules_dir
from tests.conftest import EXAMPLES

CORPUS = Path(__file__).parents[1] / "corpus"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
GOOD = EXAMPLES / "boutique-hotel.yaml"
MAX_SECONDS = 3.0
MAX_MB = 200
TEN_MB = 10 * 1024 * 1024

# Too big to keep in git: written when the test runs.
GENERATED_ANSWERS = {
    "ten-megabytes.yaml": (
        b"industry: retail\n" + b"# padding padding padding padding padding\n" * (TEN_MB // 42),
        "ten-megabytes.yaml: the file is 10,485,",
    ),
    "nested-lists-5000-deep.yaml": (
        b"team_size: " + b"[" * 5000 + b"]" * 5000 + b"\n",
        "nested-lists-5000-deep.yaml:1:",
    ),
    "nested-mappings-3000-deep.yaml": (
        b"team_size: " + b"{a: " * 3000 + b"1" + b"}" * 3000 + b"\n",
        "nested-mappings-3000-deep.yaml:1:",
    ),
    # 50 KB nested 30,000 deep: libyaml's composer recursed in C and the process crashed
    "nested-lists-30000-deep.yaml": (
        b"a: " + b"[" * 30_000 + b"]" * 30_000 + b"\n",
        "nested-lists-30000-deep.yaml:1:67: a[0][0][0][0][0][0][0][0][0]…",
    ),
    "deep-json-1000.json": (
        b"[" * 1000 + b"]" * 1000 + b"\n",
        "deep-json-1000.json:1:65: nesting is deeper than 64 levels",
    ),
    "nested-block-mappings-200-deep.yaml": (
        b"".join(b" " * i + b"a:\n" for i in range(200)) + b" " * 200 + b"b: 1\n",
        "nested-block-mappings-200-deep.yaml:",
    ),
}
GENERATED_RULES = {
    "overlay-ten-megabytes.yaml": (
        b"extends: default\n" + b"# padding padding padding padding padding\n" * (TEN_MB // 42),
        "overlay-ten-megabytes.yaml: the file is 10,485,",
    ),
    "overlay-nested-mappings-3000-deep.yaml": (
        b"extends: default\nrules: " + b"{a: " * 3000 + b"1" + b"}" * 3000 + b"\n",
        "overlay-nested-mappings-3000-deep.yaml:2:",
    ),
}


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    megabytes: float


# Runs servicefit and reports its exit code and peak memory. An intermediate process, because
# Linux counts into a child's peak RSS the memory of the process it was forked from: forked
# from pytest (hundreds of MB), every child would look that big.
MEASURE = """
import json, os, subprocess, sys
child = subprocess.Popen([sys.executable, "-m", "servicefit", *sys.argv[2:]])
_, status, usage = os.wait4(child.pid, 0)
cpu = usage.ru_utime + usage.ru_stime
with open(sys.argv[1], "w") as report:
    json.dump({"code": os.waitstatus_to_exitcode(status), "kb": usage.ru_maxrss, "cpu": cpu}, report)
"""


def servicefit(args: list[str], cwd: Path) -> Run:
    """Run servicefit as a user does, measuring its CPU time and peak memory (RSS)."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        done = subprocess.run(
            [sys.executable, "-c", MEASURE, str(report), *args],
            cwd=cwd,
            capture_output=True,
            timeout=300,  # only against a hang; the bound is on CPU time, below
        )
        measured = json.loads(report.read_text())
    return Run(
        measured["code"],
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
        measured["cpu"],
        measured["kb"] / 1024,  # kilobytes on Linux
    )


def check(run: Run, name: str, says: str | list[str]) -> None:
    """The user-facing contract: exit 2, one short line naming the file and the place, with
    servicefit's own words (each fragment of ``says``; never a parsing library's wording)."""
    assert run.code == 2, run.stderr
    assert run.stdout == ""
    assert "Traceback" not in run.stderr
    assert run.stderr.startswith(f"servicefit: error: {name}")
    assert run.stderr.count("\n") == 1 and run.stderr.endswith("\n"), "one line"
    assert len(run.stderr) < 400, "short"
    for fragment in [says] if isinstance(says, str) else says:
        assert fragment in run.stderr
    assert run.seconds < MAX_SECONDS, f"{run.seconds:.1f} s of CPU time"
    assert run.megabytes < MAX_MB


def test_the_corpus_is_as_big_as_promised() -> None:
    answers = len(EXPECTED["answers"]) + len(GENERATED_ANSWERS)
    rules = len(EXPECTED["rules"]) + len(EXPECTED["patched"]) + len(GENERATED_RULES)
    assert answers >= 40 and rules >= 20
    on_disk = {p.name for p in (CORPUS / "answers").iterdir()}
    assert on_disk == set(EXPECTED["answers"])
    assert {p.name for p in (CORPUS / "rules").iterdir()} == set(EXPECTED["rules"])
    assert {p.name for p in (CORPUS / "exports").iterdir()} == set(EXPECTED["exports"])


@pytest.mark.parametrize(("name", "says"), sorted(EXPECTED["answers"].items()))
def test_a_malformed_answers_file(name: str, says: str) -> None:
    run = servicefit(["recommend", "--answers", name, "--format", "json"], CORPUS / "answers")
    check(run, name, says)


@pytest.mark.parametrize(("name", "says"), sorted(EXPECTED["rules"].items()))
def test_a_malformed_rule_file(name: str, says: str) -> None:
    run = servicefit(["recommend", "--answers", str(GOOD), "--rules", name], CORPUS / "rules")
    check(run, name, says)


@pytest.mark.parametrize(
    "case",
    EXPECTED["patched"],
    ids=[f"{c['file']}:{c['new'].strip()}" for c in EXPECTED["patched"]],
)
def test_a_malformed_file_in_a_rules_folder(tmp_path: Path, case: dict[str, str]) -> None:
    shutil.copytree(default_rules_dir(), tmp_path / "rules")
    target = tmp_path / "rules" / case["file"]
    text = target.read_text(encoding="utf-8")
    assert case["old"] in text, "the shipped rules changed: update tests/corpus/expected.yaml"
    target.write_text(text.replace(case["old"], case["new"], 1), encoding="utf-8")
    run = servicefit(["recommend", "--answers", str(GOOD), "--rules", "rules"], tmp_path)
    check(run, f"rules/{case['file']}", case["says"])


@pytest.mark.parametrize("name", sorted(GENERATED_ANSWERS))
def test_a_generated_malformed_answers_file(tmp_path: Path, name: str) -> None:
    data, says = GENERATED_ANSWERS[name]
    (tmp_path / name).write_bytes(data)
    check(servicefit(["recommend", "--answers", name], tmp_path), name, says)


@pytest.mark.parametrize("name", sorted(GENERATED_RULES))
def test_a_generated_malformed_rule_file(tmp_path: Path, name: str) -> None:
    data, says = GENERATED_RULES[name]
    (tmp_path / name).write_bytes(data)
    check(servicefit(["recommend", "--answers", str(GOOD), "--rules", name], tmp_path), name, says)


def test_a_named_pipe_with_no_writer_is_refused_at_once(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "x.yaml")
    check(
        servicefit(["recommend", "--answers", "x.yaml"], tmp_path),
        "x.yaml",
        "x.yaml: this is a named pipe, and nothing was written to it",
    )


@pytest.mark.parametrize(("name", "expect"), sorted(EXPECTED["exports"].items()))
def test_a_malformed_export(name: str, expect: dict[str, object]) -> None:
    """The audit's readers: every hostile export ends in exit 0 with its rows reported, or
    exit 2 with a located message; never exit 3, a traceback, a hang or a memory blow-up."""
    run = servicefit(["audit", name, "--format", "json"], CORPUS / "exports")
    says = str(expect.get("says", ""))
    if expect["exit"] == 2:
        check(run, name, says)
        return
    assert run.code == 0, run.stderr
    assert "Traceback" not in run.stderr
    doc = json.loads(run.stdout)
    assert doc["rows"]["read"] == (
        doc["rows"]["used"]
        + doc["rows"]["excluded"]
        + doc["rows"]["skipped"]
        + doc["rows"]["folded"]
    )
    if says:
        assert any(says in w["message"] for w in doc["warnings"]), doc["warnings"]
    assert run.seconds < MAX_SECONDS and run.megabytes < MAX_MB
