"""Start-up time: python bench/startup.py [ROUNDS]

The budget: `servicefit recommend --answers FILE --format json` within 1.5× the wall time of
`python -c "import typer, yaml, json"` (the floor). The two run side by side, ROUNDS times
(default 31), each a fresh process, in alternating order; the ratio printed is the median of
the per-round ratios, which shrugs off the slow spells of a shared machine better than a ratio
of two medians. FILE is examples/answers/boutique-hotel.yaml.

Then, interleaved the same way, the figures the budget does not count: `servicefit --help`,
recommend with a JSON answers file (JSON takes the full YAML parser), and recommend with the
knowledge-base cache turned off (a first run, or a changed rule set).

The children run as an installed servicefit does: with bytecode written (PYTHONDONTWRITEBYTECODE
is removed from their environment) and with a cache folder of their own, warmed by one untimed
run of each command. Wall and CPU (user + system) times are medians.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLAT = ROOT / "examples" / "answers" / "boutique-hotel.yaml"
JSON = ROOT / "examples" / "answers" / "regional-bank.json"
BUDGET = 1.5


def commands() -> dict[str, list[str]]:
    sf = [sys.executable, "-m", "servicefit"]
    return {
        "floor": [sys.executable, "-c", "import typer, yaml, json"],
        "recommend": [*sf, "recommend", "--answers", str(FLAT), "--format", "json"],
        "help": [*sf, "--help"],
        "recommend, JSON answers": [*sf, "recommend", "--answers", str(JSON), "--format", "json"],
        "recommend, no cache": [*sf, "recommend", "--answers", str(FLAT), "--format", "json"],
    }


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, env=env, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def timed(
    todo: dict[str, list[str]], envs: dict[str, dict[str, str]], rounds: int
) -> dict[str, list[tuple[float, float]]]:
    """Each command once per round, interleaved; the order flips every round so that no command
    always runs right after the same other one."""
    names = list(todo)
    out: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    for i in range(rounds):
        for name in names if i % 2 == 0 else reversed(names):
            out[name].append(run(todo[name], envs[name]))
    return out


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 31
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["XDG_CACHE_HOME"] = cache
        cold = dict(env, SERVICEFIT_NO_CACHE="1")
        todo = commands()
        envs = {name: cold if name.endswith("no cache") else env for name in todo}
        for name, command in todo.items():  # warm: bytecode, the cache, the OS file cache
            run(command, envs[name])
        # the budget: the floor and recommend side by side, a ratio per round
        pair = {name: todo.pop(name) for name in ("floor", "recommend")}
        results = timed(pair, envs, rounds)
        results.update(timed(todo, envs, rounds))
    for name, runs in results.items():
        wall = statistics.median(w for w, _ in runs) * 1000
        cpu = statistics.median(c for _, c in runs) * 1000
        print(f"{name + ':':26} median {wall:4.0f} ms wall, {cpu:4.0f} ms CPU")
    ratios = [r[0] / f[0] for r, f in zip(results["recommend"], results["floor"], strict=True)]
    cpu_ratios = [r[1] / f[1] for r, f in zip(results["recommend"], results["floor"], strict=True)]
    ratio = statistics.median(ratios)
    verdict = "within" if ratio <= BUDGET else "over"
    print(
        f"start-up ratio (recommend / floor, median of {rounds} side-by-side pairs): "
        f"{ratio:.2f}× in wall time, {verdict} the {BUDGET}× budget; "
        f"{statistics.median(cpu_ratios):.2f}× in CPU time"
    )
    floor = statistics.median(w for w, _ in results["floor"])
    for name in ("help", "recommend, JSON answers", "recommend, no cache"):
        wall = statistics.median(w for w, _ in results[name])
        print(f"{name}: {wall / floor:.2f}× the floor's median wall time")


if __name__ == "__main__":
    main()
