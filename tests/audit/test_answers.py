"""audit/answers.py: the answers an audit measures, and why the others were not."""

from __future__ import annotations

from pathlib import Path

from tests.cli.audit_cli import audit_json


def test_why_an_answer_was_not_measured_is_said_once(tmp_path: Path) -> None:
    """'monthly_contacts: not measured (1 day of tickets (…) is too few …)', not
    'not measured (not measured: 1 day of tickets … are too few …)'."""
    path = tmp_path / "day.csv"
    path.write_text("created_at,channel\n2024-01-02 10:00,email\n2024-01-02 11:00,email\n")
    doc = audit_json(str(path), "--map", "created=created_at", "--map", "channel=channel")
    why = doc["answers_not_measured"]
    assert why["monthly_contacts"].startswith("1 day of tickets (2024-01-02) is too few")
    assert why["routine_share"].startswith("the export has no ticket text")
    assert not any(reason.startswith("not measured") for reason in why.values())
