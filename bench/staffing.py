"""Time Erlang C sizing in-process: python bench/staffing.py

Sizes 1,000,000 contacts per 30 minutes at a 300 s handle time for 80/20 (about 166,690
agents), and a few smaller queues, and prints the median of several runs. The floor, timed in
the same run the same way: one evaluation of the queue's formula at the answer (Erlang C's, or
Erlang A's), what any sizing must compute at least once; the ratio is what the search for the
answer costs on top.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from servicefit.staffing.erlang import erlang_c_metrics, size_erlang_c
from servicefit.staffing.erlang_a import erlang_a_metrics, size_erlang_a


def _c(contacts: float, aht: float) -> tuple[Callable[[], Any], Callable[[int], Any]]:
    rate = contacts / 1800
    return (
        lambda: size_erlang_c(rate, aht, 0.8, 20),
        lambda agents: erlang_c_metrics(agents, rate * aht, aht, 20),
    )


def _a(calls: float, aht: float, patience: float) -> tuple[Callable[[], Any], Callable[[int], Any]]:
    rate = calls / 1800
    return (
        lambda: size_erlang_a(rate, aht, 0.8, 20, patience),
        lambda agents: erlang_a_metrics(agents, rate, aht, patience, 20),
    )


CASES = [
    ("1,000,000 contacts / 30 min, AHT 300 s, 80/20", *_c(1_000_000, 300)),
    ("10,000 contacts / 30 min, AHT 180 s, 80/20", *_c(10_000, 180)),
    ("100 contacts / 30 min, AHT 180 s, 80/20", *_c(100, 180)),
    ("Erlang A: 1,000 calls / 30 min, AHT 180 s, patience 120 s", *_a(1000, 180, 120)),
]


def main(repeats: int = 7) -> None:
    for label, run, formula in CASES:
        times, floors = [], []
        for _ in range(repeats):  # the sizing and its floor side by side
            start = time.perf_counter()
            sized = run()
            times.append(time.perf_counter() - start)
            start = time.perf_counter()
            formula(sized.agents)
            floors.append(time.perf_counter() - start)
        spent, floor = statistics.median(times), statistics.median(floors)
        print(
            f"{label}: {sized.agents:,} agents, median {spent * 1000:.2f} ms; one evaluation of "
            f"the formula at the answer {floor * 1000:.3f} ms: {spent / floor:.1f}x"
        )


if __name__ == "__main__":
    main()
