"""Exports made for tests: a helpdesk's worth of tickets, deterministic, in a vendor's shape."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

TEXTS = (
    ("Where is my order?", "Hi, my order has not arrived yet, can you tell me where it is?"),
    ("Password", "I forgot my password and the reset link does not arrive"),
    ("Opening hours", "Are you open on Sunday?"),
    ("Invoice", "Could you send me a copy of my invoice please"),
    ("Damaged item", "The lamp arrived broken and the box was crushed, what now?"),
    ("Complaint", "This is the third time I write, I want to speak to a manager"),
    ("Question about setup", "The device shows error 41 after the firmware update"),
)
CHANNELS = ("Mail", "Mail", "Mail", "Chat", "Chat", "Phone call (incoming)", "Web form")
HEADER = ["Id", "Requester id", "Via", "Created at", "Status", "Subject", "Description"]


def zendesk_export(
    path: Path, tickets: int = 3000, start: dt.date = dt.date(2024, 1, 1), days: int = 120
) -> Path:
    """A Zendesk view export of `tickets` tickets over `days` days, mostly in office hours."""
    rng = random.Random(7)
    rows = []
    for n in range(tickets):
        day = start + dt.timedelta(days=rng.randrange(days))
        hour = rng.choice((8, 9, 9, 10, 10, 11, 11, 12, 13, 14, 14, 15, 16, 17, 19, 22))
        when = dt.datetime.combine(day, dt.time(hour, rng.randrange(60)))
        subject, body = rng.choice(TEXTS)
        rows.append([10_000 + n, 500 + n % 97, rng.choice(CHANNELS), when, "Solved", subject, body])
    rows.sort(key=lambda r: r[3])
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        out.writerows([*r[:3], r[3].strftime("%Y-%m-%d %H:%M"), *r[4:]] for r in rows)
    return path
