"""`rules lint`: every problem at once, each at its file, line and column."""

from __future__ import annotations

import json
from pathlib import Path

from servicefit.knowledge.lint import NEVER_TRUE, NO_SOURCE, UNREACHABLE, UNREAD, lint
from tests.conftest import run_cli

BROKEN = """\
rules:
  - id: typo-key
    when: {field: team_size, gt: 3}
    effects: {hybrid: 2}
    becuase: misspelt
    because: fine
  - id: typo-field
    when: {field: team_sise, gt: 3}
    effects: {hybrid: 2}
    because: x
  - id: bad-value
    when: {field: agent_skill, eq: guru}
    effects: {hybrid: 2}
    because: x
  - id: bad-operator
    when: {field: regulated, gt: 1}
    effects: {hybrid: 2}
    because: x
  - id: expert-agents
    when: {field: regulated, eq: true}
    effects: {hybrid: 2}
    because: x
  - id: past-the-range
    when: {field: routine_share, gt: 100}
    effects: {hybrid: 2}
    because: x
  - id: contradiction
    when:
      all:
        - {field: team_size, gt: 20}
        - {field: team_size, lt: 10}
    effects: {hybrid: 2}
    because: x
  - id: unknown-target
    when: {field: regulated, eq: true}
    effects: {hybird: 2}
    because: x
"""


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_default_rule_set_is_clean() -> None:
    assert lint(None) == []


def test_every_problem_of_a_file_is_reported_with_its_line(rules_copy: Path) -> None:
    path = rules_copy / "scoring" / "zz-broken.yaml"
    path.write_text(BROKEN)
    problems = [p for p in lint(str(rules_copy)) if p.file == str(path)]
    found = {(p.owner, p.code, p.line) for p in problems}
    expected = {
        ("typo-key", "unknown-key", line_of(BROKEN, "becuase")),
        ("typo-field", "unknown-field", line_of(BROKEN, "team_sise")),
        ("bad-value", "bad-value", line_of(BROKEN, "guru")),
        ("bad-operator", "bad-operator", line_of(BROKEN, "regulated, gt")),
        ("expert-agents", "duplicate-id", line_of(BROKEN, "id: expert-agents")),
        ("past-the-range", NEVER_TRUE, line_of(BROKEN, "routine_share, gt: 100")),
        ("contradiction", NEVER_TRUE, line_of(BROKEN, "all:")),
        ("unknown-target", "unknown-target", line_of(BROKEN, "hybird")),
        # the rules that load say nowhere where their judgement comes from
        ("typo-key", NO_SOURCE, line_of(BROKEN, "id: typo-key")),
        ("past-the-range", NO_SOURCE, line_of(BROKEN, "id: past-the-range")),
        ("contradiction", NO_SOURCE, line_of(BROKEN, "id: contradiction")),
    }
    assert found == expected
    by_owner = {p.owner: p for p in problems}
    assert "Did you mean 'team_size'" in by_owner["typo-field"].message
    assert "Did you mean 'because'" in by_owner["typo-key"].message
    assert by_owner["bad-value"].column == BROKEN.splitlines()[11].index("guru") + 1
    assert "from 0 to 100" in by_owner["past-the-range"].message


def test_problems_in_several_files_and_a_syntax_error_are_all_reported(rules_copy: Path) -> None:
    (rules_copy / "scoring" / "a.yaml").write_text("rules:\n  - id: a\n    when: [unclosed\n")
    (rules_copy / "scoring" / "b.yaml").write_text(
        "rules:\n  - id: b\n    when: {field: nope, eq: 1}\n    effects: {hybrid: 1}\n    because: x\n"
    )
    questions = rules_copy / "questions.yaml"
    text = questions.read_text()
    questions.write_text(text.replace("type: int", "type: integer", 1))
    problems = lint(str(rules_copy))
    codes = {(Path(p.file).name, p.code) for p in problems}
    assert ("a.yaml", "yaml") in codes
    assert ("b.yaml", "unknown-field") in codes
    assert any(
        name == "questions.yaml" and "integer" in p.message
        for p in problems
        for name in [Path(p.file).name]
    )
    # sorted by place, formatted as file:line:col: id: message
    assert problems == sorted(problems, key=lambda p: p.sort_key())
    b = next(p for p in problems if p.file.endswith("b.yaml"))
    assert b.text().startswith(f"{b.file}:3:{b.column}: b: unknown field 'nope'")


def test_unreachable_models_and_unread_questions(tmp_path: Path) -> None:
    path = tmp_path / "only.yaml"
    path.write_text(
        "rules:\n  - id: only\n    when: {field: team_size, gt: 10}\n"
        "    effects: {hybrid: 5, dedicated: 5, shared: -1}\n    because: x\n"
    )
    problems = lint(str(path))
    unreachable = {p.owner for p in problems if p.code == UNREACHABLE}
    assert "hybrid" not in unreachable and "dedicated" not in unreachable
    assert {"convenient", "personalized", "shared"} <= unreachable
    unread = {p.owner for p in problems if p.code == UNREAD}
    assert "team_size" not in unread and "agent_skill" in unread
    assert all(p.line for p in problems)


def test_a_rule_that_can_never_fire_does_not_make_a_model_reachable(tmp_path: Path) -> None:
    path = tmp_path / "dead.yaml"
    path.write_text(
        "extends: default\nrules:\n  - id: dead\n    when: {field: team_size, lt: 0}\n"
        "    effects: {hybrid: 5}\n    because: x\n    source: a test\n"
    )
    problems = lint(str(path))
    assert [(p.owner, p.code, p.line) for p in problems] == [("dead", NEVER_TRUE, 4)]


def test_a_rule_must_say_where_it_comes_from_but_an_override_keeps_its_base_source(
    tmp_path: Path,
) -> None:
    path = tmp_path / "overlay.yaml"
    path.write_text(
        "extends: default\nrules:\n  - id: expert-agents\n    weight: 2\n"
        "  - id: mine\n    when: {field: team_size, gt: 3}\n    effects: {hybrid: 1}\n"
        "    because: x\n    source: '  '\n"
    )
    problems = lint(str(path))
    assert [(p.owner, p.code, p.line) for p in problems] == [("mine", NO_SOURCE, 5)]
    assert "source:" in (problems[0].hint or "")


def test_cli_exit_codes_and_json(tmp_path: Path) -> None:
    clean = run_cli(["rules", "lint"])
    assert clean.exit_code == 0 and clean.stdout == ""
    bad = tmp_path / "bad.yaml"
    bad.write_text("extends: default\ndisable: [expert-agent]\nrules: []\nextra: 1\n")
    result = run_cli(["rules", "lint", str(bad)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{bad}:2:11: disable names 'expert-agent'")
    assert "Did you mean 'expert-agents'?" in lines[0]
    assert lines[1].startswith(f"{bad}:4:1: unknown key 'extra'")
    doc = json.loads(run_cli(["rules", "lint", str(bad), "-f", "json"]).stdout)
    assert [p["line"] for p in doc["problems"]] == [2, 4]
    missing = run_cli(["rules", "lint", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 2 and "no such rule set" in missing.stderr


def test_a_next_step_is_covered_by_a_phase_of_the_roadmap(rules_copy: Path) -> None:
    advice = rules_copy / "advice.yaml"
    advice.write_text(
        advice.read_text().replace("covered_by: measure\n", "covered_by: mesure\n", 1)
    )
    problems = [p for p in lint(rules_copy) if p.code == "unknown-phase"]
    assert [p.owner for p in problems] == ["audit-tickets"]
    assert "'mesure'" in problems[0].message and "measure" in (problems[0].hint or "")
