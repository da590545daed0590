"""Counterfactuals: every proposed change really changes the outcome, and none is missed."""

from __future__ import annotations

import pytest

from servicefit.advice.engine import recommend
from servicefit.advice.whatif import STAFFING, TOP_MODEL, counterfactuals, top_changes
from servicefit.intake.answers import load_answers, parse_answers, validate_answers
from tests.conftest import EXAMPLES

FILES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".json"))


def outcome(kb, given: dict, source: str = "<test>") -> tuple[str, str]:
    rec = recommend(validate_answers(given, kb, source), kb)
    return rec.models[0].id, rec.staffing.recommended


def given_of(answers, kb) -> dict:
    return {q: answers.values[q] for q in kb.questions}


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_counterfactual_really_happens(path, kb) -> None:
    answers = load_answers(str(path), kb)
    # the file as written, volumes included (they add staffing points), with every answer
    given = {**parse_answers(path.read_text(), str(path)), **given_of(answers, kb)}
    before = outcome(kb, given)
    for change in counterfactuals(answers, kb, recommend(answers, kb)):
        assert change.before == given[change.field]
        after = outcome(kb, {**given, change.field: change.after})
        index = 0 if change.kind == TOP_MODEL else 1
        assert after[index] == change.result != before[index], change.effect
        if change.through is not None:
            # the far end of the run has the same effect
            end = outcome(kb, {**given, change.field: change.through})
            assert end[index] == change.result, change.effect


def test_numbers_find_the_nearest_value_with_the_effect(kb) -> None:
    """Brute force over every routine_share from 0 to 100 agrees with the boundary search."""
    answers = load_answers(str(EXAMPLES / "regional-bank.json"), kb)
    given = given_of(answers, kb)
    before = outcome(kb, given)
    current = given["routine_share"]
    truth = {v: outcome(kb, {**given, "routine_share": v}) for v in range(101)}
    found = [
        c
        for c in counterfactuals(answers, kb, recommend(answers, kb))
        if c.field == "routine_share"
    ]
    for kind, index in ((TOP_MODEL, 0), (STAFFING, 1)):
        up = next((v for v in range(current + 1, 101) if truth[v][index] != before[index]), None)
        down = next(
            (v for v in range(current - 1, -1, -1) if truth[v][index] != before[index]), None
        )
        expected = {v for v in (up, down) if v is not None}
        assert {c.after for c in found if c.kind == kind} == expected


def test_a_team_of_eleven_flips_staffing(kb) -> None:
    answers = validate_answers({"team_size": 6}, kb)
    changes = [
        c for c in counterfactuals(answers, kb, recommend(answers, kb)) if c.kind == STAFFING
    ]
    team = next(c for c in changes if c.field == "team_size")
    assert team.after == 11 and team.result == "dedicated"
    assert team.effect.startswith("if the team size were 11 or more, ")


def test_questions_that_do_not_apply_are_not_proposed(kb) -> None:
    skipped = [q for q in kb.questions.values() if q.when is not None]
    assert skipped, "the rule set has conditional questions"
    answers = validate_answers({"team_size": 5}, kb)
    for change in counterfactuals(answers, kb, recommend(answers, kb)):
        question = kb.questions[change.field]
        if question.when is not None:
            assert question.when.evaluate(answers.values)


def test_top_changes_are_one_per_question_and_smallest_first(kb) -> None:
    answers = load_answers(str(EXAMPLES / "regional-bank.json"), kb)
    found = counterfactuals(answers, kb, recommend(answers, kb))
    top = top_changes(found, 3)
    fields = {c.field for c in found}
    assert len(fields) >= 2, "the bank's advice should be movable by more than one answer"
    assert len(top) == min(3, len(fields)) and len({c.field for c in top}) == len(top)
    assert [c.cost for c in top] == sorted(c.cost for c in top)
    assert top[0].cost == min(c.cost for c in found)


def _cases(kb):
    from servicefit.flows.rules import load_cases
    from servicefit.knowledge.rulesets import default_rules_dir

    return load_cases(default_rules_dir() / "cases", kb)


def test_every_counterfactual_of_every_rule_case_really_happens(kb) -> None:
    """The claims of "what would change", applied to every business profile: the change gives
    the claimed outcome, and so does the far end of a claimed range."""
    wrong = []
    from servicefit.intake.answers import Answers

    for case in _cases(kb):
        answers = Answers(values=dict(case.answers), source=case.file)
        given = given_of(answers, kb)
        before = outcome(kb, given)
        for change in counterfactuals(answers, kb, recommend(answers, kb)):
            index = 0 if change.kind == TOP_MODEL else 1
            ends = [change.after] + ([change.through] if change.through is not None else [])
            for value in ends:
                after = outcome(kb, {**given, change.field: value})
                if after[index] != change.result or after[index] == before[index]:
                    wrong.append(f"{case.name}: {change.effect} (at {value}: {after[index]})")
    assert not wrong, "\n".join(wrong)


def test_what_would_change_speaks_in_labels_never_ids(kb) -> None:
    """Every effect names the question by its `name` and the value by its label: no id such as
    routine_share, no raw value such as ecommerce or true."""
    for path in sorted(EXAMPLES.glob("*.*")):
        answers = load_answers(str(path), kb)
        for change in counterfactuals(answers, kb, recommend(answers, kb)):
            assert change.effect.startswith("if "), change.effect
            if "_" in change.field:  # an id such as routine_share; "industry" is a word too
                assert change.field not in change.effect, change.effect
            assert "ecommerce" not in change.effect and "real_estate" not in change.effect
            assert " true" not in change.effect and " false" not in change.effect
    assert kb.questions["regulated"].supposing(True) == "your business were regulated"
    assert kb.questions["channels"].supposing(["chat"]) == "your channels were chat"
