"""Interview start-up: python bench/interview_start.py [RUNS]

Launches `servicefit recommend` (no answers file) in a real pseudo-terminal, the way a user
does, and times launch → first question on screen. Prints the median and the spread over RUNS
(default 15) runs. Needs pexpect (a test dependency).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

import pexpect


def once(state: str) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as installed
    env.update(XDG_STATE_HOME=state, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1")
    start = time.perf_counter()
    child = pexpect.spawn(
        sys.executable, ["-m", "servicefit", "recommend"], env=env, encoding="utf-8", timeout=30
    )
    child.expect(r"· 1 of \d+\]")
    elapsed = time.perf_counter() - start
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    return elapsed


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    with tempfile.TemporaryDirectory() as state:
        once(state)  # warm the file cache
        times = sorted(once(state) for _ in range(runs))
    ms = [t * 1000 for t in times]
    print(
        f"launch → first question: median {statistics.median(ms):.0f} ms "
        f"(min {ms[0]:.0f}, max {ms[-1]:.0f}, {runs} runs)"
    )


if __name__ == "__main__":
    main()
