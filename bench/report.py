"""Every performance figure the README quotes, in one run: python bench/report.py

1. start-up: the ratio of `recommend --answers FILE --format json` to the import floor, and
   `--help` (bench/startup.py)
2. the HTML report: recommend --format html against --format json, and where its extra time
   goes (bench/html.py)
3. batch throughput: 10,000 and 50,000 generated answer files, --jobs 2 (bench/batch.py)
4. staffing sizing time (bench/staffing.py), and a full week (bench/week.py; with
   SERVICEFIT_PEER_PYTHON set to the python of a venv with pyworkforce, against it too)
5. the interview: launch to the first question (bench/interview_start.py; needs pexpect, a
   test dependency)
6. forecast against the audit of the same export, capacity against recommend on the same
   answers, and the forecast of one series by its length (bench/planning.py)

Each part is its own script, which can be run alone with its own options. This one runs them
in turn with their defaults and prints the machine it ran on first. It takes about 5 minutes.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTS = [
    ("Start-up", ["startup.py"]),
    ("The HTML report against JSON", ["html.py"]),
    ("Batch throughput", ["batch.py", "10000", "50000"]),
    ("Staffing sizing", ["staffing.py"]),
    ("A week of staffing", ["week.py"]),
    ("Interview start-up", ["interview_start.py"]),
    ("Forecast and capacity", ["planning.py"]),
]


def main() -> int:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"# {platform.python_implementation()} {platform.python_version()}, {cpus} CPUs")
    for title, (script, *args) in PARTS:
        print(f"\n## {title} (python bench/{script} {' '.join(args)})".rstrip(" )") + ")")
        sys.stdout.flush()
        if script == "week.py" and os.environ.get("SERVICEFIT_PEER_PYTHON"):
            args = [*args, "--peer", os.environ["SERVICEFIT_PEER_PYTHON"]]
        done = subprocess.run([sys.executable, str(HERE / script), *args])
        if done.returncode:
            return done.returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
