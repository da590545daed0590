"""The seed-derived business profiles in rules/cases/ must all pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from servicefit.cases import check_case, load_cases
from servicefit.errors import RulesError
from servicefit.knowledge import default_knowledge, default_rules_dir

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
