"""Time Erlang C sizing in-process: python bench/staffing.py

Sizes 1,000,000 contacts per 30 minutes at a 300 s handle time for 80/20 (about 166,690
agents), and a few smaller queues, and prints the median of several runs.
"""

from __future__ import annotations

import statistics
import time

from servicefit.staffing.erlang import size_erlang_c
from servicefit.staffing.erlang_a import size_erlang_a

CASES = [
    (
        "1,000,000 contacts / 30 min, AHT 300 s, 80/20",
        lambda: size_erlang_c(1_000_000 / 1800, 300, 0.8, 20),
    ),
    (
        "10,000 contacts / 30 min, AHT 180 s, 80/20",
        lambda: size_erlang_c(10_000 / 1800, 180, 0.8, 20),
    ),
    ("100 contacts / 30 min, AHT 180 s, 80/20", lambda: size_erlang_c(100 / 1800, 180, 0.8, 20)),
    (
        "Erlang A: 1,000 calls / 30 min, AHT 180 s, patience 120 s",
        lambda: size_erlang_a(1000 / 1800, 180, 0.8, 20, 120),
    ),
]


def main(repeats: int = 7) -> None:
    for label, run in CASES:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            sized = run()
            times.append(time.perf_counter() - start)
        print(f"{label}: {sized.agents:,} agents, median {statistics.median(times) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
