"""Batch throughput: python bench/batch.py [COUNT ...]

Generates COUNT varied answer files (default 10,000 and 50,000) in a temporary folder from the
question declarations, then times `servicefit batch DIR --jobs 2 --format jsonl > /dev/null`
as a subprocess, the way a user runs it, three times, and prints the median in files per
second. Lists are written one item a line, as yaml.safe_dump and most people write them (the
block style); BENCH_LISTS=flow writes them as [a, b] instead.

The floor, timed in the same run and the same way (a fresh process, two worker processes): read
every file, parse it with libyaml (yaml.CSafeLoader) and write it out with json.dumps, to
/dev/null. The ratio batch / floor is what servicefit's own work costs on top of reading.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from servicefit.intake.template import yaml_value
from servicefit.knowledge.rulesets import default_knowledge


def generate(folder: Path, count: int, seed: int = 1, flow: bool = False) -> None:
    kb = default_knowledge()
    rng = random.Random(seed)
    for i in range(count):
        lines = []
        for qid, q in kb.questions.items():
            if rng.random() < 0.2:
                continue  # leave some answers to their defaults
            if q.type == "int":
                value = rng.randint(
                    q.min or 0, min(q.max or 100, 100 if qid == "routine_share" else 5000)
                )
            elif q.type == "bool":
                value = rng.random() < 0.5
            elif q.type == "choice":
                value = rng.choice(q.values)
            else:
                value = sorted(
                    rng.sample(q.values, rng.randint(q.min or 0, len(q.values))), key=q.values.index
                )
            if isinstance(value, list) and value and not flow:  # the block style
                lines.append(f"{qid}:")
                lines += [f"- {item}" for item in value]
            else:
                lines.append(f"{qid}: {yaml_value(value)}")
        (folder / f"{i // 1000:03d}").mkdir(exist_ok=True)
        (folder / f"{i // 1000:03d}" / f"business-{i:06d}.yaml").write_text("\n".join(lines) + "\n")


def time_batch(folder: Path, jobs: int = 2) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "servicefit",
            "batch",
            str(folder),
            "--jobs",
            str(jobs),
            "--format",
            "jsonl",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},  # as installed
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"batch failed: {result.stderr}")
    return elapsed


FLOOR = r"""
import json, os, sys
from concurrent.futures import ProcessPoolExecutor
import yaml

def work(path):
    with open(path, encoding="utf-8") as f:
        return json.dumps(yaml.load(f, Loader=yaml.CSafeLoader))

if __name__ == "__main__":
    paths = sorted(os.path.join(d, n) for d, _, ns in os.walk(sys.argv[1]) for n in ns)
    with ProcessPoolExecutor(2) as pool, open(os.devnull, "w") as out:
        for text in pool.map(work, paths, chunksize=64):
            out.write(text + "\n")
"""


def time_floor(folder: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", FLOOR, str(folder)], check=True)
    return time.perf_counter() - start


def main(counts: list[int], runs: int = 3) -> None:
    for count in counts:
        with tempfile.TemporaryDirectory() as tmp:
            generate(Path(tmp), count, flow=os.environ.get("BENCH_LISTS") == "flow")
            os.sync()  # time the batch, not the disk catching up with the files just written
            pairs = [(time_batch(Path(tmp)), time_floor(Path(tmp))) for _ in range(runs)]
            times = sorted(b for b, _ in pairs)
            median = statistics.median(times)
            ratio = statistics.median(b / f for b, f in pairs)
            floor = statistics.median(f for _, f in pairs)
            print(
                f"{count:,} files, --jobs 2: median {median:.2f} s of {runs} runs "
                f"({times[0]:.2f}-{times[-1]:.2f}), {count / median:,.0f} files/s; the floor "
                f"(read, libyaml, json.dumps, 2 processes) {floor:.2f} s: {ratio:.2f}x"
            )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 50_000])
