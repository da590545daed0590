"""Labelling a sample by hand: the file to fill in, the estimate and its interval."""

from __future__ import annotations

from pathlib import Path

import pytest

from servicefit.audit.labels import label_stats, read_labels, wilson
from servicefit.errors import InputError


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (0, 10, 0.0, 0.2775),
        (5, 10, 0.2366, 0.7634),
        (10, 10, 0.7225, 1.0),
    ],
)
def test_wilson_interval_matches_published_values(k: int, n: int, low: float, high: float) -> None:
    got = wilson(k, n)
    assert got == pytest.approx((low, high), abs=1e-4)


def test_precision_and_recall_of_the_lexicon_on_the_labels() -> None:
    labels = {"a": True, "b": True, "c": False, "d": True, "gone": True}
    says = {"a": True, "b": False, "c": True, "d": True}
    stats = label_stats(labels, says)
    assert (stats.labelled, stats.found, stats.routine) == (5, 4, 3)
    assert (
        stats.share == 0.75
        and stats.precision == pytest.approx(2 / 3)
        and stats.recall == pytest.approx(2 / 3)
    )


def test_a_labels_file_needs_its_columns_and_yes_or_no(tmp_path: Path) -> None:
    path = tmp_path / "labels.csv"
    path.write_text("id,routine\n1,yes\n2,N\n3,\n")
    assert read_labels(path) == {"1": True, "2": False}
    path.write_text("id,routine\n1,maybe\n")
    with pytest.raises(InputError, match=r"labels\.csv:2: routine is 'maybe'"):
        read_labels(path)
    path.write_text("ticket,label\n1,yes\n")
    with pytest.raises(InputError, match="needs the columns id and routine"):
        read_labels(path)
