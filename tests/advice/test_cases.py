"""The seed-derived business profiles in rules/cases/ must all pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from servicefit.advice.cases import check_case
from servicefit.errors import RulesError
from servicefit.flows.rules import load_cases
from servicefit.knowledge.rulesets import default_knowledge, default_rules_dir

CASES = load_cases(default_rules_dir() / "cases", default_knowledge())


def test_there_are_at_least_twelve_profiles() -> None:
    assert len(CASES) >= 12


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_profile(case, kb) -> None:
    result = check_case(case, kb)
    assert result.passed, "\n".join(result.failures)


def test_a_wrong_expectation_is_reported(kb, tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(
        "name: x\nanswers: {industry: essentials, customer_priority: speed}\n"
        "expect: {top: [personalized], staffing: dedicated, automated_share: {min: 0.9}}\n"
    )
    result = check_case(load_cases(path, kb)[0], kb)
    assert not result.passed
    text = "\n".join(result.failures)
    assert (
        "expected one of personalized" in text and "expected dedicated" in text and "≥ 0.9" in text
    )


def test_a_case_with_a_bad_answer_fails_to_load(kb, tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("name: x\nanswers: {industry: groceries}\nexpect: {top: [convenient]}\n")
    with pytest.raises(RulesError, match="groceries"):
        load_cases(path, kb)


def test_rules_test_command_passes_and_fails(tmp_path: Path) -> None:
    import json

    from tests.conftest import run_cli

    passing = run_cli(["rules", "test"])
    assert passing.exit_code == 0
    # the rule cases, then the intent lexicon's examples (one line per intent and the cues)
    intents = passing.stdout.count("(rules/audit/intents.yaml)")
    assert intents > 10 and f"{len(CASES) + intents} passed, 0 failed" in passing.stdout
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "good.yaml").write_text(
        "name: small shop\nanswers: {team_size: 3}\nexpect: {staffing: shared}\n"
    )
    (cases / "bad.yaml").write_text(
        "name: wrong on purpose\nanswers: {team_size: 3}\n"
        "expect: {staffing: dedicated, ranks: {one_team: {max: 1}}}\n"
    )
    result = run_cli(["rules", "test", str(cases)])
    assert result.exit_code == 1
    assert "PASS  small shop" in result.stdout and "FAIL  wrong on purpose" in result.stdout
    assert "staffing is shared, expected dedicated" in result.stdout
    assert "rank of one_team is" in result.stdout and "expected ≤ 1" in result.stdout
    assert "1 passed, 1 failed" in result.stdout
    doc = json.loads(run_cli(["rules", "test", str(cases), "-f", "json"]).stdout)
    assert (doc["passed"], doc["failed"]) == (1, 1)
    # a custom rule set that raises one_team above all changes the verdict
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(
        "extends: default\nrules:\n  - id: one-team-always\n    when: {field: team_size, gte: 0}\n"
        "    effects: {one_team: 500}\n    because: x\n"
    )
    custom = run_cli(["rules", "test", str(cases), "--rules", str(overlay)])
    assert "rank of one_team" not in custom.stdout and custom.exit_code == 1


@pytest.mark.parametrize(
    ("expect", "message"),
    [
        (
            "  top: [hybird]\n",
            r"a\.yaml:4:8: a: unknown model 'hybird' in top\. Did you mean 'hybrid'\?",
        ),
        (
            "  scores:\n    hybird: {min: 3}\n",
            r"a\.yaml:5:5: a: unknown model 'hybird'\. Did you mean 'hybrid'\?",
        ),
        (  # a misspelt warning code would make no_warnings pass whatever the advice says
            "  no_warnings: [volume-vs-teamsize]\n",
            r"a\.yaml:4:16: a: unknown warning code 'volume-vs-teamsize' in no_warnings\. "
            r"Did you mean 'volume-vs-team-size'\?",
        ),
    ],
)
def test_an_unknown_model_in_an_expectation_is_located(
    kb, tmp_path: Path, expect: str, message: str
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("name: a\nanswers: {team_size: 3}\nexpect:\n" + expect)
    with pytest.raises(RulesError, match=message):
        load_cases(path, kb)


def test_every_warning_code_can_be_expected(kb) -> None:
    """The codes a case may name include the engine's own, the volumes' and the rules'."""
    from servicefit.advice.engine import warning_codes

    codes = warning_codes(kb)
    assert {"answer-ignored", "volume-vs-team-size", "contacts-while-closed"} <= set(codes)
    assert {w.id for w in kb.warnings} <= set(codes)
