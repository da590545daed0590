"""Time of `servicefit forecast` and `servicefit capacity`, each against its peer in one run.

    python bench/planning.py [ROUNDS]      (default 11)

forecast reads the exports as `audit` does, then fits and backtests seven methods on every
channel and on their total: its peer is `servicefit audit` of the same export (the reading
alone), so the ratio is the price of the forecast. capacity runs the week of the answers'
volumes with the agents given: its peer is `servicefit recommend` on the same answers, whose
sizing runs that week for dedicated and for shared agents. Each pair runs side by side, ROUNDS
times, in fresh processes, in alternating order; the ratio is the median of the per-round
ratios. Then, in this process, the forecast of one series by history length (CPU time),
against its floor: the winning method fitted once on the whole series, without the backtest
that chose it.

The export is examples/exports/webshop-history.csv.gz (21,909 tickets over two and a half years)
and the same history repeated to ten years; the answers are examples/answers/weekly-volumes.yaml.
"""

from __future__ import annotations

import gzip
import math
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from startup import run, timed  # type: ignore[import-not-found]

from servicefit.forecast.backtest import forecast_series
from servicefit.forecast.methods import METHODS
from servicefit.knowledge.forecast import load_forecast_settings

ROOT = Path(__file__).resolve().parents[1]
EXPORT = ROOT / "examples" / "exports" / "webshop-history.csv.gz"
WEEKLY = ROOT / "examples" / "answers" / "weekly-volumes.yaml"
TEAM = ["--agents", "phone=8", "--agents", "chat=6", "--agents", "email=5"]
SCALES = ["--scale", "0.8", "--scale", "1.25", "--scale", "1.5"]


def ten_years(folder: Path) -> Path:
    """The example's rows four times over, each copy shifted by 2.5 years: ten years."""
    lines = gzip.decompress(EXPORT.read_bytes()).decode().splitlines()
    header, rows = lines[0], lines[1:]
    out = [header]
    for copy in range(4):
        for row in rows:
            ident, via, created, rest = row.split(",", 3)
            year = int(created[:4]) + copy * 3  # whole years keep the weekdays close enough
            out.append(f"{int(ident) + copy * 1_000_000},{via},{year}{created[4:]},{rest}")
    path = folder / "ten-years.csv"
    path.write_text("\n".join(out) + "\n")
    return path


def pair(name: str, mine: list[str], peer: list[str], rounds: int) -> None:
    env = dict(__import__("os").environ)
    for command in (mine, peer):
        run(command, env)  # warm: bytecode, caches
    results = timed({"mine": mine, "peer": peer}, {"mine": env, "peer": env}, rounds)
    ratios = [m[0] / p[0] for m, p in zip(results["mine"], results["peer"], strict=True)]
    mine_ms = statistics.median(w for w, _ in results["mine"]) * 1000
    peer_ms = statistics.median(w for w, _ in results["peer"]) * 1000
    print(
        f"{name:44} {mine_ms:6.0f} ms against {peer_ms:6.0f} ms: "
        f"{statistics.median(ratios):.2f}× (median of {rounds} pairs)"
    )


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 11
    sf = [sys.executable, "-m", "servicefit"]
    reading = ["--source-timezone", "UTC", "--format", "json"]
    with tempfile.TemporaryDirectory() as folder:
        big = ten_years(Path(folder))
        for label, export in (("2.5 years, 21,909 tickets", EXPORT), ("10 years, 87,636", big)):
            pair(
                f"forecast / audit ({label})",
                [*sf, "forecast", str(export), *reading],
                [*sf, "audit", str(export), *reading],
                rounds,
            )
    pair(
        "capacity / recommend (weekly-volumes)",
        [*sf, "capacity", "-a", str(WEEKLY), *TEAM, "-f", "json"],
        [*sf, "recommend", "-a", str(WEEKLY), "-f", "json"],
        rounds,
    )
    pair(
        "capacity, 4 demand scales / recommend",
        [*sf, "capacity", "-a", str(WEEKLY), *TEAM, "-f", "json", *SCALES],
        [*sf, "recommend", "-a", str(WEEKLY), "-f", "json"],
        rounds,
    )
    settings = load_forecast_settings(ROOT / "rules" / "forecast.yaml")
    rng = random.Random(1)
    for weeks in (26, 104, 156, 260, 520):
        y = [
            1000 + 2 * t + 200 * math.sin(2 * math.pi * t / 52) + rng.gauss(0, 30)
            for t in range(weeks)
        ]
        start = time.process_time()
        out = forecast_series(y, 13, settings)
        spent = (time.process_time() - start) * 1000
        start = time.process_time()
        METHODS[out.method](y, 13, settings)
        floor = (time.process_time() - start) * 1000
        print(
            f"one series of {weeks:3} weeks: {spent:6.1f} ms CPU ({out.method}); the winner "
            f"fitted once {floor:.2f} ms: {spent / floor:.0f}x (the backtest)"
        )


if __name__ == "__main__":
    main()
