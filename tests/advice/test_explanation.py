"""`explain`: every rule traced against the answers, and counterfactuals in the JSON."""

from __future__ import annotations

import json

import pytest

from servicefit.advice.engine import recommend
from servicefit.advice.explanation import explain
from servicefit.errors import UsageError
from servicefit.intake.answers import load_answers
from tests.conftest import EXAMPLES, run_cli

BANK = str(EXAMPLES / "regional-bank.json")


def leaves(node):
    if node["kind"] == "leaf":
        yield node
    for child in node.get("children", []):
        yield from leaves(child)


def test_every_rule_is_traced_with_the_actual_answers(kb) -> None:
    answers = load_answers(BANK, kb)
    doc = explain(answers, kb).to_dict()
    assert [r["id"] for r in doc["rules"]] == [r.id for r in kb.rules]
    rec = recommend(answers, kb)
    for rule, traced in zip(kb.rules, doc["rules"], strict=True):
        assert traced["fired"] == rule.when.evaluate(answers.values)
        given = rule.points(answers.values) if traced["fired"] else {}
        assert traced["points"] == pytest.approx(dict(given), abs=5e-4)  # JSON keeps 3 places
        assert (traced["because"] is not None) == traced["fired"]
        for leaf in leaves(traced["condition"]):
            assert leaf["actual"] == answers.values[leaf["field"]]
    for model in rec.models:
        fired = sum(r["points"].get(model.id, 0) for r in doc["rules"])
        assert doc["totals"][model.id]["points"] == pytest.approx(fired)
        assert doc["totals"][model.id]["rank"] == model.rank


def test_model_filter_keeps_only_the_rules_that_touch_it(kb) -> None:
    doc = explain(load_answers(BANK, kb), kb, "dedicated").to_dict()
    assert doc["rules"] and all(set(r["effects"]) == {"dedicated"} for r in doc["rules"])
    assert list(doc["totals"]) == ["dedicated"]
    assert all(
        c["changes"].get("staffing") or c["changes"].get("top_model") == "dedicated"
        for c in doc["counterfactuals"]
    )
    with pytest.raises(UsageError, match="Did you mean 'dedicated'"):
        explain(load_answers(BANK, kb), kb, "dedicate")


def test_cli_text_json_and_markdown() -> None:
    text = run_cli(["explain", "-a", BANK], env={"NO_COLOR": "1", "COLUMNS": "200"})
    assert text.exit_code == 0
    assert "✓ specialist-expertise" in text.stdout and "✗ essentials-want-speed" in text.stdout
    assert "(your answer: yes)" in text.stdout
    assert "What would change the advice" in text.stdout
    doc = json.loads(run_cli(["explain", "-a", BANK, "-f", "json"]).stdout)
    assert doc["counterfactuals"] and {"field", "from", "to", "effect"} <= set(
        doc["counterfactuals"][0]
    )
    markdown = run_cli(["explain", "-a", BANK, "-f", "markdown"]).stdout
    assert markdown.startswith("# servicefit explain") and "## Totals" in markdown
    missing = run_cli(["explain"])
    assert missing.exit_code == 2 and "--answers" in missing.stderr


def test_recommend_shows_what_would_change_it() -> None:
    doc = json.loads(run_cli(["recommend", "-a", BANK, "-f", "json"]).stdout)
    changes = doc["what_would_change"]
    assert 1 <= len(changes) <= 3
    text = run_cli(["recommend", "-a", BANK], env={"NO_COLOR": "1", "COLUMNS": "200"})
    assert "What would change this" in text.stdout
    assert changes[0]["effect"][1:] in text.stdout
    assert "close call" in text.stdout or "clear lead" in text.stdout


def test_only_rules_that_moved_a_score_are_listed_as_fired(kb) -> None:
    """A graded rule at the start of its grade holds and gives nothing: it is listed apart,
    without its reason, which would read as if it had counted."""
    from servicefit.advice.explanation import explain
    from servicefit.intake.answers import validate_answers
    from servicefit.report.explain import _sections

    graded = next(r for r in kb.rules if r.grade is not None and not r.when.fields())
    answers = validate_answers({graded.grade.field: int(graded.grade.start)}, kb, "<test>")
    doc = explain(answers, kb)
    trace = next(t for t in doc.rules if t.id == graded.id)
    assert trace.fired and not trace.moved and trace.to_dict()["moved"] is False
    sections = dict(_sections(doc))
    held = next(rules for title, rules in sections.items() if title.startswith("Rules that held"))
    assert trace in held
    assert all(r.moved for title, rules in sections.items() if "moved" in title for r in rules)
