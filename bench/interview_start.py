"""Interview start-up: python bench/interview_start.py [RUNS]

Launches `servicefit recommend` (no answers file) in a real pseudo-terminal, the way a user
does, and times launch → first question on screen. Prints the median and the spread over RUNS
(default 15) runs. Needs pexpect (a test dependency).

The floor, launched in turn with it in the same kind of terminal: a Python process that imports
questionary and shows one select question, the least an interview built on it can do; the
ratio printed is the median of the per-run ratios.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

import pexpect

FLOOR = (
    "import questionary; "
    "questionary.select('Which one? [floor · 1 of 1]', choices=['one', 'two']).ask()"
)


def once(state: str, floor: bool = False) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as installed
    env.update(XDG_STATE_HOME=state, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1")
    args = ["-c", FLOOR] if floor else ["-m", "servicefit", "recommend"]
    start = time.perf_counter()
    child = pexpect.spawn(sys.executable, args, env=env, encoding="utf-8", timeout=30)
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
        once(state, floor=True)
        pairs = [(once(state), once(state, floor=True)) for _ in range(runs)]
    ms = sorted(t * 1000 for t, _ in pairs)
    floor = statistics.median(f * 1000 for _, f in pairs)
    print(
        f"launch → first question: median {statistics.median(ms):.0f} ms "
        f"(min {ms[0]:.0f}, max {ms[-1]:.0f}, {runs} runs); a bare questionary select "
        f"{floor:.0f} ms: {statistics.median(t / f for t, f in pairs):.2f}x"
    )


if __name__ == "__main__":
    main()
