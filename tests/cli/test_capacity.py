"""`servicefit capacity` end to end: the shipped weekly example, every format, wrong inputs."""

from __future__ import annotations

import json

import jsonschema

from tests.cli.audit_cli import invoke
from tests.conftest import EXAMPLES

WEEKLY = str(EXAMPLES / "weekly-volumes.yaml")
TEAM = ("--agents", "phone=8", "--agents", "chat=6", "--agents", "email=5")


def test_json_follows_the_published_schema_with_scales() -> None:
    result = invoke("capacity", "-a", WEEKLY, *TEAM, "--scale", "1.25", "-f", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    schema = json.loads(invoke("schema", "capacity").stdout)
    jsonschema.validate(doc, schema)
    assert doc["capacity_schema_version"] == 1
    assert doc["interval_minutes"] == 30
    assert len(doc["intervals"]) == 7 * 48 * 3  # every interval of the week, every channel
    first = doc["intervals"][0]
    assert set(first) >= {
        "day",
        "start",
        "channel",
        "contacts",
        "agents",
        "service_level",
        "asa_seconds",
        "occupancy",
        "abandoned_share",
        "backlog",
    }
    phone = [r for r in doc["intervals"] if r["channel"] == "phone"]
    assert all(r["backlog"] is None for r in phone)  # not a deferred channel
    assert any(r["abandoned_share"] is not None for r in phone)  # it gives the patience
    email = [r for r in doc["intervals"] if r["channel"] == "email" and r["open"]]
    assert all(r["asa_seconds"] is None and r["backlog"] is not None for r in email)
    (scaled,) = doc["scenarios"]
    assert scaled["scale"] == 1.25
    assert scaled["summary"]["hours_below_target"] > doc["summary"]["hours_below_target"]


def test_pooled_and_formats() -> None:
    text = invoke("capacity", "-a", WEEKLY, "--agents", "all=15", "--scale", "0.8")
    assert text.exit_code == 0, text.stderr
    words = " ".join(text.stdout.split())  # the terminal width wraps lines by the path's length
    assert "one pooled team of 15 agents" in words and "×0.8" in words
    md = invoke("capacity", "-a", WEEKLY, *TEAM, "-f", "markdown")
    assert md.stdout.startswith("# servicefit capacity") and "| channel |" in md.stdout
    html = invoke("capacity", "-a", WEEKLY, *TEAM, "-f", "html")
    assert html.stdout.startswith("<!DOCTYPE html>") and "<svg" in html.stdout
    assert "<script" not in html.stdout


def test_wrong_inputs() -> None:
    cases = [
        (("--agents", "phone=8"), "no number for chat, email"),
        (("--agents", "all=3", "--agents", "phone=2"), "does not go with"),
        (("--agents", "fax=2"), "'fax' is not a channel"),
        (("--agents", "phone=-1", "--agents", "chat=1", "--agents", "email=1"), "from 0 to"),
        (("--agents", "phone8"), "write CHANNEL=N"),
        (("--agents", "all=5", "--scale", "0"), "--scale 0"),
    ]
    for args, words in cases:
        result = invoke("capacity", "-a", WEEKLY, *args)
        assert result.exit_code == 2, args
        assert words in result.stderr, (args, result.stderr)
    none = invoke("capacity", "-a", str(EXAMPLES / "online-grocer.yaml"), "--agents", "all=3")
    assert none.exit_code == 2 and "capacity needs `volumes`" in none.stderr
    peak = invoke(
        "capacity", "-a", str(EXAMPLES / "contact-centre-volumes.yaml"), "--agents", "all=3"
    )
    assert peak.exit_code == 2, peak.stdout
    assert "runs over a week" in peak.stderr
