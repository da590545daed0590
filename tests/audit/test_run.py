"""audit/run.py: dates that a source zone would move off their day are counted as dates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from servicefit.audit import run
from servicefit.audit.sources import Export
from tests.cli.audit_cli import audit_json

FLAGS = ("--map", "created=created_at", "--map", "channel=channel", "--engine", "stream")


@pytest.fixture
def passes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The exports counted, one entry per pass over one."""
    counted: list[str] = []
    count_rows = run._count_rows

    def counting(export: Export, *args: Any) -> None:
        counted.append(export.path)
        return count_rows(export, *args)

    monkeypatch.setattr(run, "_count_rows", counting)
    return counted


@pytest.mark.parametrize(
    ("written", "rounds"),
    [("2024-01-01T00:00:00", 2), ("2024-01-01", 1)],
    ids=["midnight-timestamps", "dates"],
)
def test_dates_keep_their_day_whatever_the_source_zone(
    tmp_path: Path, passes: list[str], written: str, rounds: int
) -> None:
    """Midnight timestamps read in Europe/Berlin are the evening before in UTC: they are
    counted again as the dates they are. Dates without a time are dates from the start: one
    pass."""
    path = tmp_path / "dates.csv"
    second = written.replace("01-01", "02-01")
    path.write_text(f"created_at,channel\n{written},email\n{second},email\n{second},chat\n")
    doc = audit_json(str(path), *FLAGS, "--source-timezone", "Europe/Berlin")
    assert [m["month"] for m in doc["monthly"]] == ["2024-01", "2024-02"]
    assert doc["first"].startswith("2024-01-01T00:00") and doc["time_of_day"] == "dates only"
    assert len(passes) == rounds


def test_times_of_day_are_read_in_their_zone_once(tmp_path: Path, passes: list[str]) -> None:
    path = tmp_path / "times.csv"
    path.write_text("created_at,channel\n2024-01-01T00:30:00,email\n2024-01-01T09:00:00,chat\n")
    doc = audit_json(str(path), *FLAGS, "--source-timezone", "Europe/Berlin")
    assert doc["first"].startswith("2023-12-31T23:30") and len(passes) == 1
