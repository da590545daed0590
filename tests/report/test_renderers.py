"""The renderers: data is shown as data in every format, and each format frames its output right."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from servicefit.advice.engine import recommend
from servicefit.advice.whatif import with_changes
from servicefit.flows.batch import Outcome, Summary
from servicefit.intake.answers import load_answers
from servicefit.knowledge.rulesets import load_rule_set
from servicefit.report import staffing as staffing_report
from servicefit.report.batch import BatchFormat, Framer
from servicefit.report.console import make_console
from servicefit.report.formats import Format
from servicefit.report.recommendation import render
from servicefit.staffing.queueing import size_queue
from servicefit.staffing.workload import channel_volume
from tests.conftest import EXAMPLES

MARKUP = "Closing [/] tag, [bold]bold[/bold], [link=https://example.com]a link[/link] :smile:"


def drawn(rendered: object) -> str:
    buffer = io.StringIO()
    assert callable(rendered)
    rendered(make_console(buffer, color=False, width=400))
    return buffer.getvalue()


@pytest.fixture
def markup_rules(tmp_path: Path) -> Path:
    overlay = tmp_path / "markup.yaml"
    overlay.write_text(
        "extends: default\nrules:\n  - id: markup-probe\n    effects: {self_service: 60}\n"
        f'    because: "{MARKUP}"\n'
    )
    return overlay


def test_rule_texts_are_shown_literally_not_read_as_markup(markup_rules: Path) -> None:
    kb = load_rule_set(str(markup_rules))
    answers = load_answers(str(EXAMPLES / "online-grocer.yaml"), kb)
    rec = with_changes(recommend(answers, kb), answers, kb)
    text = drawn(render(rec, kb, Format.text))
    assert MARKUP in text
    assert MARKUP in str(render(rec, kb, Format.markdown))
    assert json.loads(str(render(rec, kb, Format.json)))["models"][0]["reasons"][0]["because"] == (
        MARKUP
    )


def outcome(label: str, ok: bool, model_ids: list[str]) -> Outcome:
    if ok:
        summary: Summary | str = Summary(model_ids[0], dict.fromkeys(model_ids, 50), "shared", 0.25)
        record = json.dumps({"input": label, "result": {}}).encode()
    else:
        summary = f"{label}: bad, with a comma"
        record = json.dumps({"input": label, "error": {"message": summary}}).encode()
    return Outcome(label, ok, record, summary)


@pytest.mark.parametrize("count", [0, 1, 3])
def test_json_framing_is_one_valid_array_whatever_the_count(kb, count: int) -> None:
    ids = list(kb.models)
    framer = Framer(BatchFormat.json, ids, {})
    data = framer.head()
    for i in range(count):
        data += framer.add(outcome(f"in{i}", i % 2 == 0, ids))
    data += framer.tail()
    records = json.loads(data)
    assert [r["input"] for r in records] == [f"in{i}" for i in range(count)]


def test_csv_rows_have_one_cell_per_column_and_quote_commas(kb) -> None:
    ids = list(kb.models)
    framer = Framer(BatchFormat.csv, ids, {})
    data = (
        framer.head() + framer.add(outcome("a", True, ids)) + framer.add(outcome("b", False, ids))
    )
    rows = list(csv.reader(io.StringIO(data.decode())))
    assert len(rows) == 3 and {len(r) for r in rows} == {len(ids) + 5}
    assert rows[1][1] == ids[0] and rows[2][-1] == "b: bad, with a comma"


def test_staffing_report_agrees_with_the_sizing_in_every_format(kb) -> None:
    spec = {"contacts": 100, "per": "30m", "aht": 180, "target": "80/20", "concurrency": 1}
    queue = channel_volume("queue", spec, [1])
    sized = size_queue(queue, kb.workforce.sizing, 0.3, None)
    doc = json.loads(str(staffing_report.render(sized, Format.json)))
    assert doc["agents"] == sized.sizing.agents and doc["scheduled_agents"] == 20
    assert [row["agents"] for row in doc["table"]] == [m.agents for m in sized.table]
    markdown = str(staffing_report.render(sized, Format.markdown))
    assert markdown.count("\n| ") == len(sized.table) + 1  # header and one row per level
    assert f"{sized.sizing.agents} agents" in drawn(staffing_report.render(sized, Format.text))


def test_a_model_name_with_a_comma_of_its_own_is_listed_with_semicolons(kb) -> None:
    """'In-depth, personalized; One-on-one contact; …': with commas alone the reader cannot
    tell where one name ends."""
    rec = recommend(load_answers(str(EXAMPLES / "boutique-hotel.yaml"), kb), kb)
    text = render(rec, kb, Format.markdown)
    assert isinstance(text, str)
    leading = next(line for line in text.splitlines() if "**Leading models.**" in line)
    assert "In-depth, personalized; One-on-one contact; " in leading
    grocer = render(
        recommend(load_answers(str(EXAMPLES / "online-grocer.yaml"), kb), kb), kb, Format.markdown
    )
    assert isinstance(grocer, str) and "Convenient, Self-service, Hybrid." in grocer
