"""Time and memory of `servicefit audit` on a large synthetic Zendesk-like CSV export.

    python bench/audit.py [ROWS ...]      (default: 1000000; e.g. 1000000 10000000)
    BENCH_LINES=several python bench/audit.py      every other description over several lines

Writes the export to a temporary folder (about 200 bytes a row: subject, a body of a few
sentences, tags, times; a realistic mix of channels and routine questions, a daily and weekly
rhythm), then runs `servicefit audit EXPORT --format json` in a fresh process with each engine
(`--engine stream`, and `--engine duckdb` when servicefit[fast] is installed) and reports wall
time and peak resident memory (ru_maxrss of that child), and whether the two engines' JSON are
byte-identical (exit 1 if not). Deleted afterwards.

The floor, measured in the same run: a fresh process that reads the same file with the csv
module and does nothing with the rows (#28 asks the audit to stay within 4x of it). The runs
alternate ROUNDS times (BENCH_ROUNDS, default 3); each ratio printed is the median of the
per-round ratios.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHANNELS = [
    ("Mail", 45),
    ("Web form", 10),
    ("Chat", 25),
    ("Phone call (incoming)", 15),
    ("Twitter", 3),
    ("Voicemail", 2),
]
SUBJECTS = [
    (
        "Where is my order?",
        "Hi, I ordered last week and nothing has arrived yet. Order number {n}.",
    ),
    ("Password", "I forgot my password and the reset link does not arrive. Please help."),
    ("Refund", "When will I get my refund for the return I sent on Monday?"),
    ("Opening hours", "Are you open on Sunday? I would like to visit the store."),
    ("Broken item", "The blender stopped working after two days, what can you do about it?"),
    ("Invoice", "Could you send me a copy of my invoice for order {n}?"),
    ("Complaint", "This is the third time I write, I want to speak to a person now."),
    ("Question", "Can I combine two discounts on one order, and does it work in the app?"),
    ("Address", "I moved, please change my address on the account before the next delivery."),
]
# a sign-off as real tickets carry, which brings a row to about 200 bytes as in the issue
SIGN_OFF = " Thanks in advance for your help, and have a good day. Kind regards"
HOURLY = [1, 0.5, 0.3, 0.3, 0.3, 0.6, 1.5, 4, 8, 10, 10, 9, 8, 9, 9, 8, 7, 6, 5, 4, 3.5, 3, 2, 1.5]
HEADER = [
    "Id",
    "Requester",
    "Via",
    "Created at",
    "Status",
    "Subject",
    "Description",
    "Tags",
    "First reply time in minutes",
    "Full resolution time in minutes",
]


def generate(path: Path, rows: int, seed: int = 7, several: bool = False) -> None:
    """`rows` tickets; `several`: every other description over several lines, as e-mails are
    (a greeting, the body, a blank line, the sign-off)."""
    rng = random.Random(seed)
    start = dt.datetime(2024, 1, 1)
    span_hours = 365 * 24
    channel_names = [c for c, _ in CHANNELS]
    channel_weights = [w for _, w in CHANNELS]
    hour_weights = HOURLY
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for i in range(rows):
            day = rng.randrange(span_hours // 24)
            weekday = (start + dt.timedelta(days=day)).weekday()
            if weekday >= 5 and rng.random() < 0.5:
                day = max(0, day - 2)
            hour = rng.choices(range(24), hour_weights)[0]
            when = start + dt.timedelta(days=day, hours=hour, minutes=rng.randrange(60))
            subject, body = rng.choice(SUBJECTS)
            text = body.format(n=rng.randrange(10**5, 10**6)) + SIGN_OFF
            if several and i % 2 == 0:
                text = "Hello,\n" + text.replace(SIGN_OFF, "\n\n" + SIGN_OFF.strip())
            out.writerow(
                [
                    100000 + i,
                    f"Customer {i % 50000}",
                    rng.choices(channel_names, channel_weights)[0],
                    when.strftime("%Y-%m-%d %H:%M"),
                    rng.choice(["Solved", "Closed", "Open", "Pending"]),
                    subject,
                    text,
                    "web support",
                    rng.randrange(1, 600),
                    rng.randrange(5, 5000),
                ]
            )


def run(rows: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "tickets.csv"
        began = time.perf_counter()
        several = os.environ.get("BENCH_LINES") == "several"
        generate(export, rows, several=several)
        size = export.stat().st_size
        print(
            f"{rows:,} rows{', every other over several lines' if several else ''}, "
            f"{size / 2**20:,.0f} MiB written in {time.perf_counter() - began:.1f} s"
        )
        command = [
            sys.executable,
            "-m",
            "servicefit",
            "audit",
            str(export),
            "--source-timezone",
            "UTC",
            "--format",
            "json",
            "--output",
            str(Path(folder) / "out.json"),
        ]
        runs = {"stream": [*command, "--engine", "stream"]}
        if importlib.util.find_spec("duckdb") is not None:  # servicefit[fast]
            runs["duckdb"] = [*command, "--engine", "duckdb"]
        floor = [sys.executable, "-c", FLOOR, str(export)]
        times: dict[str, list[float]] = {name: [] for name in runs}
        peaks: dict[str, float] = dict.fromkeys(runs, 0.0)
        floors = []
        outputs = {}
        for _ in range(int(os.environ.get("BENCH_ROUNDS", "3"))):
            for name, argv in runs.items():
                spent, peak, said = _timed(argv)
                if b"--engine duckdb:" in said:  # it streamed instead: not DuckDB's figure
                    raise SystemExit(said.decode(errors="replace"))
                times[name].append(spent)
                peaks[name] = max(peaks[name], peak)
                outputs[name] = (Path(folder) / "out.json").read_bytes()
            floors.append(_timed(floor)[0])
        for name, spent_list in times.items():
            spent = statistics.median(spent_list)
            ratio = statistics.median(a / f for a, f in zip(spent_list, floors, strict=True))
            print(
                f"  audit --engine {name}: {spent:.1f} s ({rows / spent:,.0f} rows/s), peak "
                f"memory {peaks[name]:,.0f} MiB; a csv-module read {statistics.median(floors):.1f}"
                f" s: {ratio:.2f}x"
            )
        if len(set(outputs.values())) > 1:
            print("  the engines' JSON differ!")
            raise SystemExit(1)
        if len(outputs) > 1:
            print("  the two engines' JSON are byte-identical")


FLOOR = """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    for row in csv.reader(handle):
        pass
"""


def _timed(command: list[str]) -> tuple[float, float, bytes]:
    """Seconds, peak resident memory (MiB) and what it said on stderr, of one run of
    `command`."""
    began = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    said = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    spent = time.perf_counter() - began
    if child.returncode:
        print(said.decode(errors="replace"))
        raise SystemExit(child.returncode)
    return spent, usage.ru_maxrss / 1024, said


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["1000000"]:
        run(int(arg))
