"""Measuring the routine share by hand: a random sample for people to label, and what their
labels say (the share with a 95% confidence interval, and how well the lexicon agrees).

A lexicon under-counts wording it has not seen; a few hundred labelled tickets give an
unbiased estimate. The interval is Wilson's score interval, which stays inside 0..1 and holds
for small samples and shares near 0 or 1.
"""

from __future__ import annotations

import csv
import io
import math
import random
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from servicefit.audit.files import read_side_text
from servicefit.audit.measure import Sampled
from servicefit.audit.privacy import redact
from servicefit.errors import InputError

YES = {"yes", "y", "1", "true", "routine"}
NO = {"no", "n", "0", "false", "not routine"}
SKIPPED = {"skip", "skipped", "-", "?"}  # looked at, not decided: not a label
Z95 = 1.959963984540054
MAX_LABELS = 100_000


def sample_csv(sample: Sequence[Sampled], size: int, seed: int) -> str:
    """A CSV of `size` tickets drawn at random from the (already uniform) text sample, with an
    empty `routine` column to fill in with yes or no. The text is redacted."""
    picked = random.Random(seed).sample(list(sample), min(size, len(sample)))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "source", "text", "routine"])
    for item in sorted(picked, key=lambda s: s.source):
        writer.writerow([item.id, item.source, redact(item.text), ""])
    return out.getvalue()


MAX_LABELS_BYTES = 64 * 1024 * 1024


def labelled_rows(path: Path) -> int:
    """How many rows of a sample file have anything in their routine column (0 when it is not
    a sample file): a file with labels in it must never be overwritten."""
    try:
        text = read_side_text(path, "--sample-file", MAX_LABELS_BYTES)
        return sum(
            1 for row in csv.DictReader(io.StringIO(text)) if (row.get("routine") or "").strip()
        )
    except (InputError, csv.Error):
        return 0


def read_labels(path: Path) -> dict[str, bool]:
    """id -> routine, from a CSV with `id` and `routine` columns (yes/no); rows left blank are
    not labelled. InputError names the line of a value that is neither."""
    text = read_side_text(path, "--labels", MAX_LABELS_BYTES)
    reader = csv.DictReader(io.StringIO(text))
    try:
        names = reader.fieldnames
    except csv.Error as exc:
        raise InputError(f"{path}:1: the header cannot be read as CSV ({exc}).") from None
    if not names or not {"id", "routine"} <= set(names):
        raise InputError(
            f"{path}: a labels file needs the columns id and routine.",
            hint="Start from the file --write-sample writes.",
        )
    labels: dict[str, bool] = {}
    try:
        _read_rows(path, reader, labels)
    except csv.Error as exc:
        raise InputError(f"{path}:{reader.line_num}: cannot be read as CSV ({exc}).") from None
    if not labels:
        raise InputError(f"{path}: no ticket is labelled yet.", hint="Fill routine with yes or no.")
    return labels


def _read_rows(path: Path, reader: csv.DictReader[str], labels: dict[str, bool]) -> None:
    for row in reader:
        value = (row.get("routine") or "").strip().lower()
        if not value or value in SKIPPED:
            continue
        if value not in YES | NO:
            raise InputError(
                f"{path}:{reader.line_num}: routine is {value[:20]!r}.",
                hint="Write yes or no (or skip).",
            )
        labels[str(row["id"]).strip()] = value in YES
        if len(labels) > MAX_LABELS:
            raise InputError(f"{path}: more than {MAX_LABELS:,} labels.")


def wilson(successes: int, n: int) -> tuple[float, float]:
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    centre = (p + Z95**2 / (2 * n)) / (1 + Z95**2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n * n)) / (1 + Z95**2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


class LabelStats(NamedTuple):
    labelled: int
    found: int  # labelled tickets found in the exports
    routine: int
    share: float
    low: float
    high: float
    precision: float | None  # of the lexicon's "routine", the share labelled routine
    recall: float | None  # of the tickets labelled routine, the share the lexicon found

    def to_dict(self) -> dict[str, Any]:
        return {
            "labelled": self.labelled,
            "found": self.found,
            "routine": self.routine,
            "share": round(self.share, 4),
            "ci95": [round(self.low, 4), round(self.high, 4)],
            "lexicon_precision": None if self.precision is None else round(self.precision, 4),
            "lexicon_recall": None if self.recall is None else round(self.recall, 4),
        }


def label_stats(labels: Mapping[str, bool], lexicon_says: Mapping[str, bool]) -> LabelStats:
    """`lexicon_says`: the lexicon's verdict on each labelled ticket found in the exports."""
    found = [i for i in labels if i in lexicon_says]
    routine = sum(labels[i] for i in found)
    both = sum(labels[i] and lexicon_says[i] for i in found)
    said = sum(lexicon_says[i] for i in found)
    low, high = wilson(routine, len(found))
    return LabelStats(
        len(labels),
        len(found),
        routine,
        routine / len(found) if found else 0.0,
        low,
        high,
        both / said if said else None,
        both / routine if routine else None,
    )
