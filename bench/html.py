"""The HTML report against the JSON run: python bench/html.py [ROUNDS]

`servicefit recommend --answers FILE --format html` against the same command with
`--format json`, ROUNDS times each (default 21), fresh processes side by side in alternating
order, as bench/startup.py runs them (bytecode written, a cache folder of their own warmed by
one untimed run). The ratio printed is the median of the per-round ratios. FILE is
examples/answers/weekly-volumes.yaml, whose page draws all three charts.

Then where the HTML run's extra time goes: importing Jinja2 and then pygal as report/charts.py
does (fresh processes, medians of ROUNDS), and in one process (bench/html_parts.py) the first
page, which pays the imports, then the page and its three charts alone (medians of ROUNDS
repeats).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import run, timed

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = ROOT / "examples" / "answers" / "weekly-volumes.yaml"
AIM = 1.3

PARTS = r"""
import time
t = time.perf_counter()
import jinja2
t1 = time.perf_counter()
from servicefit.report.charts import _pygal

_pygal()
t2 = time.perf_counter()
print(f"{(t1 - t) * 1000:.1f} {(t2 - t1) * 1000:.1f}")
"""


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["XDG_CACHE_HOME"] = cache
        sf = [sys.executable, "-m", "servicefit", "recommend", "--answers", str(ANSWERS)]
        todo = {"json": [*sf, "--format", "json"], "html": [*sf, "--format", "html"]}
        envs = {name: env for name in todo}
        for name, command in todo.items():  # warm: bytecode, the caches, the OS file cache
            run(command, envs[name])
        times = timed(todo, envs, rounds)
        ratio = statistics.median(
            h[0] / j[0] for h, j in zip(times["html"], times["json"], strict=True)
        )
        walls = {name: statistics.median(w for w, _ in ts) for name, ts in times.items()}
        print(
            f"recommend --format html against --format json, {ANSWERS.name}, {rounds} rounds: "
            f"{ratio:.2f}x (aim {AIM}x); medians {walls['html'] * 1000:.0f} ms against "
            f"{walls['json'] * 1000:.0f} ms"
        )
        imports = [
            subprocess.run(
                [sys.executable, "-c", PARTS], env=env, capture_output=True, text=True, check=True
            ).stdout.split()
            for _ in range(rounds)
        ]
        jinja = statistics.median(float(a) for a, _ in imports)
        pygal = statistics.median(float(b) for _, b in imports)
        print(
            f"  importing jinja2 {jinja:.0f} ms, then pygal as the report does {pygal:.0f} ms "
            "(fresh processes)"
        )
        inside = subprocess.run(
            [sys.executable, str(Path(__file__).resolve().parent / "html_parts.py"), str(rounds)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        print(inside.stdout.rstrip())


if __name__ == "__main__":
    main()
