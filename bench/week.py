"""Time the sizing of a full week in-process: python bench/week.py [--peer PYTHON]

1. A week of 336 half-hour intervals for four channels (phone with Erlang C, chat with two
   chats at once, social with the callers' patience (Erlang A), e-mail answered within 24
   hours in opening hours), sized for dedicated and for shared staffing; then the whole
   `recommend` sizing (with partial pooling and the switching-penalty sensitivity on top).
   Every run starts from a fresh Sizer, so nothing is remembered from the run before; the
   counts carry seeded noise, so intervals rarely repeat. The floor, timed in the same run: a
   spreadsheet's way, each interval of each channel sized alone with Erlang C (80/20, its
   handle time), once; the ratios say what dedicated and shared staffing, chat concurrency,
   patience and deferred e-mail cost on top.
2. The `staffing` command's table of neighbouring staffing levels at 1,000,000 contacts per
   30 minutes: one pass of the Erlang B recursion against a fresh evaluation per row.
3. With --peer, the python of a venv that has pyworkforce (pip install pyworkforce): both
   libraries size the same open phone and chat intervals with Erlang C, in the same run.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import time
from collections.abc import Callable
from typing import Any

from servicefit.knowledge.loader import load_knowledge
from servicefit.knowledge.rulesets import default_rules_dir
from servicefit.staffing.erlang import erlang_c_metrics, erlang_c_table, size_erlang_c
from servicefit.staffing.hours import parse_hours
from servicefit.staffing.sizer import Sizer
from servicefit.staffing.sizing import size_workload
from servicefit.staffing.weekly import size_week, week_flows
from servicefit.staffing.workload import Workload, channel_volume

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# a contact centre's day: quiet nights, a morning peak, a long afternoon
HOURLY = [
    1,
    0.6,
    0.4,
    0.3,
    0.3,
    0.5,
    1.5,
    4,
    8,
    10,
    10,
    9.5,
    8.5,
    9,
    9,
    8.5,
    8,
    7,
    5,
    4,
    3.5,
    3,
    2,
    1.5,
]


def week(daily: float, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    total = sum(HOURLY)
    out: dict[str, Any] = {"interval": "30m"}
    for day, name in enumerate(DAYS):
        scale = daily * (0.55 if day >= 5 else 1.0)
        out[name] = [
            round(scale * HOURLY[i // 2] / total / 2 * rng.uniform(0.85, 1.15), 2)
            for i in range(48)
        ]
    return out


def workload(levels: list[int]) -> Workload:
    specs = {
        "phone": {"week": week(2400, 1), "aht": 240, "target": "80/20"},
        "chat": {"week": week(1500, 2), "aht": 480, "target": "80/30", "concurrency": 2},
        "social": {"week": week(600, 3), "aht": 300, "target": "80/60", "patience": 120},
        "email": {"week": week(900, 4), "aht": 360, "target": "24h"},
    }
    channels = tuple(channel_volume(name, spec, levels, {}) for name, spec in specs.items())
    return Workload(channels, 0.3, None, 0.9, None, parse_hours("Mon-Sat 07:00-22:00"))


def median_ms(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


PEER = """
import json, sys, time
from pyworkforce.queuing import ErlangC
cases = json.load(sys.stdin)
best = None
for _ in range(5):
    start = time.perf_counter()
    for contacts, aht, asa in cases:
        ErlangC(transactions=contacts, aht=aht / 60, asa=asa / 60, interval=30).required_positions(0.8)
    spent = time.perf_counter() - start
    best = spent if best is None else min(best, spent)
print(best)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer", help="a python that can import pyworkforce")
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    kb = load_knowledge(default_rules_dir())
    settings = kb.workforce.sizing
    load = workload(sorted(settings.concurrency_factors))

    def core() -> None:
        sizer = Sizer(load, settings)
        size_week(sizer, week_flows(sizer))

    def full() -> None:
        size_workload(load, settings, None, kb.workforce.pooling.sensitivity)

    intervals = [
        (contacts / 1800, channel.aht)
        for channel in load.channels
        if channel.demand is not None and channel.demand.counts is not None
        for day in channel.demand.counts
        for contacts in day
    ]

    def floor() -> None:
        for rate, aht in intervals:
            size_erlang_c(rate, aht, 0.8, 20)

    pairs = [
        (median_ms(core, 1), median_ms(full, 1), median_ms(floor, 1)) for _ in range(args.repeats)
    ]
    week_ms, full_ms, floor_ms = (statistics.median(p[i] for p in pairs) for i in range(3))
    print(
        f"a week, 336 intervals x 4 channels, dedicated and shared: {week_ms:.1f} ms; the floor, "
        f"each of the {len(intervals)} intervals sized alone with Erlang C, {floor_ms:.1f} ms: "
        f"{statistics.median(c / f for c, _, f in pairs):.1f}x"
    )
    print(
        f"the same with partial pooling and the sensitivity (recommend): {full_ms:.1f} ms: "
        f"{statistics.median(u / f for _, u, f in pairs):.1f}x the floor"
    )

    rate, aht = 1_000_000 / 1800, 300.0
    agents = size_erlang_c(rate, aht, 0.8, 20).agents
    one_pass = median_ms(lambda: erlang_c_table(rate * aht, aht, 20, agents - 3, agents + 3), 25)
    per_row = median_ms(
        lambda: [erlang_c_metrics(n, rate * aht, aht, 20) for n in range(agents - 3, agents + 4)],
        25,
    )
    print(
        f"neighbour table at 1,000,000 contacts / 30 min ({agents:,} agents, 7 rows): one pass "
        f"{one_pass:.2f} ms, row by row {per_row:.2f} ms ({per_row / one_pass:.1f}x)"
    )

    if args.peer:
        cases = []
        for _name, seed, daily, aht_s, asa in (
            ("phone", 1, 2400, 240, 20),
            ("chat", 2, 1500, 480 / 1.7, 30),
        ):
            counts = [c for day in DAYS for c in week(daily, seed)[day]]
            mask = parse_hours("Mon-Sat 07:00-22:00").open_mask(30)
            cases += [(c, aht_s, asa) for c, m in zip(counts, mask, strict=True) if m and c > 0]

        def ours() -> None:
            for contacts, a, asa in cases:
                size_erlang_c(contacts / 1800, a, 0.8, asa)

        mine = min(median_ms(ours, 3) for _ in range(3)) / 1000
        done = subprocess.run(
            [args.peer, "-c", PEER],
            input=json.dumps(cases),
            capture_output=True,
            text=True,
            check=True,
        )
        theirs = float(done.stdout.strip())
        print(
            f"{len(cases)} open intervals, Erlang C each: servicefit {mine * 1000:.1f} ms, "
            f"pyworkforce {theirs * 1000:.1f} ms ({theirs / mine:.1f}x)"
        )


if __name__ == "__main__":
    main()
