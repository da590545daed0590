"""audit/routine.py: the routine share's intents and their examples."""

from __future__ import annotations

from pathlib import Path

from tests.cli.audit_cli import MAPS, audit_json


def test_an_intents_examples_differ(tmp_path: Path) -> None:
    path = tmp_path / "same.csv"
    same = "2024-01-02 10:00,email,Where is my order?"
    other = "2024-01-02 11:00,email,where is my order please"
    path.write_text("\n".join(["created_at,channel,subject", *[same] * 4, other]) + "\n")
    doc = audit_json(str(path), *MAPS)
    (intent,) = doc["routine"]["intents"]
    assert intent["contacts"] == 5
    assert intent["examples"] == ["Where is my order?", "where is my order please"]
