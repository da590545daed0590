"""audit/result.py: the reading warnings count rows in words that agree with the count."""

from __future__ import annotations

from pathlib import Path

from tests.cli.audit_cli import MAPS, audit_json


def _messages(path: Path, *args: str) -> dict[str, str]:
    doc = audit_json(str(path), *args)
    return {w["code"]: w["message"] for w in doc["warnings"]}


def test_one_row_is_one_row(tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    path.write_text(
        "id,created_at,channel,subject\n"
        "1,2024-01-02 10:00,email,where is my order\n"
        "1,2024-01-02 11:00,email,where is my order\n"  # the same ticket again
        "2,2024-01-02 12:00,pigeon,hello\n"  # a channel servicefit does not map
        "3,2024-01-02 13:00,email\n"  # a field short
    )
    said = _messages(path, *MAPS)
    assert said["rows-skipped"].startswith("1 row skipped, 3 fields where the header has 4")
    assert said["channel-unmapped"].startswith("1 row has a channel value")
    assert "1 row repeats the id of a ticket read already" in said["rows-folded"]
    assert "and counts once" in said["rows-folded"]


def test_many_rows_are_rows(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text(
        "created_at,channel,subject\n"
        + "2024-01-02 10:00,email,where is my order\n" * 3
        + "2024-01-02 11:00,pigeon,hi\n" * 2
    )
    said = _messages(path, *MAPS)
    assert said["rows-repeated"].startswith("2 rows are identical to an earlier row")
    assert said["channel-unmapped"].startswith("2 rows have a channel value")


def test_one_ticket_and_one_time_are_singular(tmp_path: Path) -> None:
    path = tmp_path / "single.csv"
    path.write_text(
        "created_at,channel,subject,first_reply_minutes\n"
        "2024-01-02 10:00,email,where is my order,-5\n"
    )
    doc = audit_json(str(path), *MAPS, "--map", "first_reply=first_reply_minutes")
    said = {w["code"]: w["message"] for w in doc["warnings"]}
    assert ": 1 time carries no offset" in said["timezone-unknown"]
    assert said["impossible-times"].startswith("1 first reply time is negative")
    assert "on the one ticket with text" in doc["routine"]["method"]


def test_dates_alone_ask_for_no_time_zone(tmp_path: Path) -> None:
    """A zone moves no date of a dates-only column: no 'give --source-timezone' for it (it
    would turn each midnight into another day's evening)."""
    path = tmp_path / "dates.csv"
    rows = ["2024-01-01T00:00:00,email", "2024-01-02T00:00:00,email", "2024-01-02T00:00:00,chat"]
    path.write_text("\n".join(["created_at,channel", *rows]) + "\n")
    said = _messages(path, "--map", "created=created_at", "--map", "channel=channel")
    assert any("100% of the creation times are 00:00" in m for m in said.values())
    assert "timezone-unknown" not in said
    path.write_text(path.read_text().replace("T00:00:00,chat", "T10:30:00,chat"))
    said = _messages(path, "--map", "created=created_at", "--map", "channel=channel")
    assert "timezone-unknown" in said  # times of day: their zone matters
