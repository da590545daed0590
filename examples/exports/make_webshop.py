"""Writes webshop-history.csv.gz: a made-up web shop's Zendesk ticket export over two and a half
years, for `servicefit forecast` (and `audit`). Deterministic: the same bytes on every run.

    python examples/exports/make_webshop.py

The shop grows about a fifth a year; November and December are its busy season, July and August
its quiet one; Mondays are busiest and Sundays quietest; most tickets come between 08:00 and
20:00. It closes on the days of webshop-holidays.txt, when only email arrives, at a trickle.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import math
import random
from pathlib import Path

HERE = Path(__file__).parent
FIRST, LAST = dt.date(2024, 3, 4), dt.date(2026, 9, 27)
CHANNELS = (("Mail", 9.0), ("Chat", 6.0), ("Phone call (incoming)", 4.0))
WEEKDAY = (1.3, 1.15, 1.05, 1.0, 0.95, 0.6, 0.5)
# fmt: off
HOURLY = (0.2, 0.1, 0.1, 0.1, 0.1, 0.3, 0.8, 2, 5, 8, 9, 8, 7, 8, 8, 7, 6, 5, 4, 3, 2, 1.2, 0.7, 0.4)
# fmt: on
SUBJECTS = ("Where is my order?", "Return", "Refund", "Password", "Broken item", "Invoice")


def season(day: dt.date) -> float:
    """A yearly pattern: a peak in late November and December, a dip in summer."""
    t = (day.timetuple().tm_yday - 1) / 365.25
    busy = math.exp(-(((t - 0.93) / 0.05) ** 2))  # Black Friday to Christmas
    return 1 + 0.6 * busy - 0.15 * math.cos(2 * math.pi * (t - 0.05))


def poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def main() -> None:
    rng = random.Random(20240304)
    closed = {
        dt.date.fromisoformat(line.split("#")[0].strip())
        for line in (HERE / "webshop-holidays.txt").read_text().splitlines()
        if line.split("#")[0].strip()
    }
    weights = [h / sum(HOURLY) for h in HOURLY]
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow(["Id", "Via", "Created at", "Status", "Subject"])
    ident = 10_000
    day = FIRST
    while day <= LAST:
        growth = 1 + 0.2 * (day - FIRST).days / 365.25
        for via, base in CHANNELS:
            mean = base * growth * season(day) * WEEKDAY[day.weekday()]
            if day in closed:
                mean = mean * 0.15 if via == "Mail" else 0.0
            for _ in range(poisson(rng, mean)):
                hour = rng.choices(range(24), weights)[0]
                ident += 1
                created = f"{day.isoformat()} {hour:02d}:{rng.randrange(60):02d}"
                out.writerow([ident, via, created, "Solved", rng.choice(SUBJECTS)])
        day += dt.timedelta(days=1)
    data = buffer.getvalue().encode()
    with (
        open(HERE / "webshop-history.csv.gz", "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as packed,
    ):
        packed.write(data)


if __name__ == "__main__":
    main()
