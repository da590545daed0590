"""Fuzzing the command line: mutated answers files, rule overlays and result documents.

Each case is a seeded mutation of a real file (bytes flipped, inserted or cut; YAML tags,
aliases, merge keys and document separators; deep nesting; huge, negative, fractional and
exponent numbers; control characters, direction overrides and rich markup), run through the CLI
in-process as a user would. The contract, whatever the input:

- the exit code is 0, 1 or 2 (never 3, an internal error, and never a crash);
- on exit 2, standard error is one line, `servicefit: error: …`, with no traceback;
- nothing reaches standard output or standard error with a raw control character (a terminal
  would act on it), and no markup from the data is interpreted;
- JSON output is valid JSON;
- each run takes at most 3 s.

SERVICEFIT_FUZZ=N runs N cases of each kind instead of the default (kept under a minute in CI).
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from pathlib import Path

import pytest

from servicefit.intake.answers import MAX_PROBLEMS
from tests.conftest import EXAMPLES, ROOT, run_cli

pytestmark = pytest.mark.slow  # see pyproject.toml

CASES = int(os.environ.get("SERVICEFIT_FUZZ", "60"))
MAX_SECONDS = 3.0  # of this process's CPU time: wall time would measure the machine's load
RAW_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
ANSWERS = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".json"))
OVERLAYS = sorted((ROOT / "examples" / "rule-sets").glob("*.yaml")) + sorted(
    (ROOT / "tests" / "corpus" / "rules").glob("overlay-unknown-*.yaml")
)
SNIPPETS = [
    b"&a ",
    b"*a",
    b"!!python/object:os.system ",
    b"<<: ",
    b"\n---\n",
    b"\t",
    b"? ",
    b"- ",
    b"[",
    b"]",
    b"{",
    b"}",
    b": ",
    b"#",
    b'"',
    b"'",
    b"\\",
    b"\r",
    b"\x00",
    b"\x1b]0;t\x07",
    "\u202e".encode(),
    b"[/]",
    b"[bold]x[/bold]",
    b":smile:",
    b"1e400",
    b"-1",
    b"0x1F",
    b"1e3",
    b"3.5",
    b"99999999999999999999999999999999999",
    b"yes",
    b"~",
    b".nan",
    b"2024-01-01",
    b"{{team_size}}",
    b"{team_size!r}",
    b"%s",
    "é€😀".encode(),
    b"\xff\xfe",
    b"\xc3",
]


def mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        kind = rng.randrange(7)
        at = rng.randint(0, len(out))
        if kind == 0 and out:  # flip a byte
            out[min(at, len(out) - 1)] = rng.randrange(256)
        elif kind == 1:  # insert a telling snippet
            out[at:at] = rng.choice(SNIPPETS)
        elif kind == 2 and out:  # cut a stretch
            out[at : at + rng.randint(1, 40)] = b""
        elif kind == 3:  # repeat a line
            lines = bytes(out).split(b"\n")
            line = rng.choice(lines)
            lines.insert(rng.randrange(len(lines) + 1), line)
            out = bytearray(b"\n".join(lines))
        elif kind == 4:  # nest deeply
            depth = rng.choice([10, 70, 3000, 30000])
            out[at:at] = b"[" * depth + b"]" * depth
        elif kind == 5:  # replace a number with another
            text = bytes(out)
            numbers = list(re.finditer(rb"\b\d+\b", text))
            if numbers:
                m = rng.choice(numbers)
                out[m.start() : m.end()] = rng.choice(SNIPPETS[24:32])
        else:  # truncate
            del out[at:]
    return bytes(out)


def check(result, fmt: str, started: float) -> None:
    elapsed = time.process_time() - started
    assert elapsed < MAX_SECONDS, f"took {elapsed:.1f} s"
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    if result.exit_code == 2:
        # one line a problem: an answers file reports all of them at once, up to a cap
        lines = result.stderr.splitlines()
        assert lines and all(line.startswith("servicefit: error:") for line in lines), lines
        assert len(lines) <= MAX_PROBLEMS + 1 and result.stderr.endswith("\n")
    assert not RAW_CONTROL.search(result.stderr), repr(result.stderr)
    assert not RAW_CONTROL.search(result.stdout.replace("\x1b[", "")), repr(result.stdout[:200])
    if result.exit_code == 0 and fmt == "json":
        json.loads(result.stdout)


def run(args: list[str], fmt: str) -> None:
    started = time.process_time()
    result = run_cli(args, env={"NO_COLOR": "1", "COLUMNS": "100"})
    check(result, fmt, started)


@pytest.mark.parametrize("seed", range(CASES))
def test_mutated_answers_files(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    source = rng.choice(ANSWERS)
    target = tmp_path / f"case{source.suffix}"
    target.write_bytes(mutate(source.read_bytes(), rng))
    fmt = rng.choice(["json", "text", "markdown"])
    run(["recommend", "--answers", str(target), "--format", fmt], fmt)


@pytest.mark.parametrize("seed", range(CASES))
def test_mutated_rule_overlays(tmp_path: Path, seed: int) -> None:
    rng = random.Random(1_000 + seed)
    source = rng.choice(OVERLAYS)
    target = tmp_path / "overlay.yaml"
    target.write_bytes(mutate(source.read_bytes(), rng))
    answers = str(rng.choice(ANSWERS))
    fmt = rng.choice(["json", "text"])
    run(
        [
            "explain" if seed % 3 == 0 else "recommend",
            "--answers",
            answers,
            "--rules",
            str(target),
            "--format",
            fmt,
        ],
        fmt,
    )


@pytest.mark.parametrize("seed", range(CASES // 2))
def test_mutated_result_documents(tmp_path: Path, seed: int) -> None:
    rng = random.Random(2_000 + seed)
    answers = rng.choice(ANSWERS)
    good = run_cli(["recommend", "--answers", str(answers), "--format", "json"])
    assert good.exit_code == 0
    target = tmp_path / "result.json"
    target.write_bytes(mutate(good.stdout.encode(), rng))
    fmt = rng.choice(["json", "text"])
    run(["diff", str(target), str(answers), "--format", fmt], fmt)


def test_a_folder_of_mutated_files_is_one_record_each(tmp_path: Path) -> None:
    rng = random.Random(3_000)
    for i in range(max(20, CASES // 2)):
        source = rng.choice(ANSWERS)
        (tmp_path / f"case{i:03d}{source.suffix}").write_bytes(mutate(source.read_bytes(), rng))
    started = time.process_time()
    result = run_cli(["batch", str(tmp_path), "--jobs", "1"])
    assert result.exit_code in (0, 1), result.stderr
    assert "Traceback" not in result.stderr and not RAW_CONTROL.search(result.stdout)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == max(20, CASES // 2)
    assert time.process_time() - started < MAX_SECONDS * len(records)
