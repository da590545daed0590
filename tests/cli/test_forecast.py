"""`servicefit forecast` end to end: the shipped example export, every format, the volumes it
writes for `recommend`, and wrong inputs."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from tests.cli.audit_cli import invoke

EXAMPLES = Path(__file__).parents[2] / "examples" / "exports"
EXPORT = str(EXAMPLES / "webshop-history.csv.gz")
HOLIDAYS = str(EXAMPLES / "webshop-holidays.txt")
READING = ("--source-timezone", "UTC", "--holidays", HOLIDAYS)


def _json(*args: str) -> dict:
    result = invoke("forecast", EXPORT, *READING, *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_json_follows_the_published_schema() -> None:
    doc = _json()
    schema = json.loads(invoke("schema", "forecast").stdout)
    jsonschema.validate(doc, schema, format_checker=jsonschema.FormatChecker())
    assert doc["forecast_schema_version"] == 1
    assert len(doc["weeks"]) == 13
    assert doc["weeks"][0]["start"] == "2026-09-28"  # the Monday after the last whole week
    assert doc["method"] in {s["method"] for s in doc["backtest"]}
    chosen = min(doc["backtest"], key=lambda s: s["error"])
    assert doc["method"] == chosen["method"]
    assert set(doc["by_channel"]) == {"email", "chat", "phone"}
    assert len(doc["holidays_replaced"]) == 15
    for week in doc["weeks"]:
        assert week["low"] <= week["contacts"] <= week["high"]


def test_the_yearly_peak_is_forecast() -> None:
    """The example shop is busiest from late November to Christmas: with two and a half years
    of history the forecast's busiest week falls there."""
    doc = _json()
    assert "2026-11-23" <= doc["busiest_week"] <= "2026-12-21"


def test_weeks_and_formats() -> None:
    assert len(_json("--weeks", "4")["weeks"]) == 4
    text = invoke("forecast", EXPORT, *READING)
    assert text.exit_code == 0 and "Next 13 weeks" in text.stdout and "← chosen" in text.stdout
    md = invoke("forecast", EXPORT, *READING, "-f", "markdown")
    assert md.stdout.startswith("# servicefit forecast") and "| week | contacts |" in md.stdout
    html = invoke("forecast", EXPORT, *READING, "-f", "html")
    assert html.stdout.startswith("<!DOCTYPE html>") and "<svg" in html.stdout
    assert "<script" not in html.stdout


def test_answers_out_is_the_busiest_week_recommend_sizes(tmp_path: Path) -> None:
    out = tmp_path / "volumes.yaml"
    doc = _json("--answers-out", str(out))
    answers = yaml.safe_load(out.read_text())
    assert set(answers) == {"channels", "volumes"}
    busiest = next(w for w in doc["weeks"] if w["start"] == doc["busiest_week"])
    total = sum(
        sum(v for key, day in entry["week"].items() if key != "interval" for v in day)
        for entry in answers["volumes"].values()
    )
    assert abs(total - busiest["contacts"]) <= 2  # rounding
    sized = invoke("recommend", "--answers", str(out), "--format", "json")
    assert sized.exit_code == 0, sized.stderr
    assert json.loads(sized.stdout)["channel_staffing"]["sizing"]["week"] is not None


def test_wrong_inputs(tmp_path: Path) -> None:
    bad = invoke("forecast", EXPORT, "--weeks", "0")
    assert bad.exit_code == 2 and "--weeks 0" in bad.stderr
    missing = invoke("forecast", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    short = tmp_path / "short.csv"
    short.write_text(
        "Id,Via,Created at,Status,Subject\n"
        + "".join(f"{i},Mail,2026-01-{5 + i % 9:02d} 10:00,Solved,Hi\n" for i in range(40))
    )
    few = invoke("forecast", str(short))
    assert few.exit_code == 2
    assert "1 complete week" in few.stderr and "a forecast needs at least 2" in few.stderr
    same = invoke("forecast", EXPORT, "--answers-out", EXPORT)
    assert same.exit_code == 2 and "--answers-out" in same.stderr


def test_a_short_history_says_so_and_uses_the_simple_methods(tmp_path: Path) -> None:
    export = tmp_path / "five-weeks.csv"
    rows = [
        f"{i},Mail,2026-03-{2 + i % 35:02d} 10:00,Solved,Hi"
        if 2 + i % 35 <= 31
        else f"{i},Mail,2026-04-{2 + i % 35 - 31:02d} 10:00,Solved,Hi"
        for i in range(700)
    ]
    export.write_text("Id,Via,Created at,Status,Subject\n" + "\n".join(rows) + "\n")
    text = invoke("forecast", str(export), "--source-timezone", "UTC")
    assert text.exit_code == 0, text.stderr
    assert "Only 5 complete weeks of history" in text.stdout
    doc = json.loads(
        invoke("forecast", str(export), "--source-timezone", "UTC", "-f", "json").stdout
    )
    assert doc["short_history"] is True
    assert {s["method"] for s in doc["backtest"]} == {"naive", "recent_mean"}
    assert "simple methods only" in doc["not_tried"]["holt"]


def test_a_week_of_one_contact_is_one_contact(tmp_path: Path) -> None:
    """'1 contact', '1 point', '1 week': a tiny history reads as written, not '1 contacts'."""
    export = tmp_path / "one-a-week.csv"
    days = ["2026-03-02", "2026-03-15"]  # a Monday and the Sunday after next: two whole weeks
    rows = [f"{i},Mail,{day} 10:00,Solved,Hi" for i, day in enumerate(days)]
    export.write_text("Id,Via,Created at,Status,Subject\n" + "\n".join(rows) + "\n")
    text = invoke("forecast", str(export), "--source-timezone", "UTC")
    assert text.exit_code == 0, text.stderr
    said = " ".join(text.stdout.split())
    assert ": 1 contact (1 to 1)" in said
    assert "from 1 point in the history, 1 week ahead each" in said
    assert "Only 2 complete weeks of history" in said
