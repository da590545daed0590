from __future__ import annotations

import pytest

from servicefit.errors import RulesError
from servicefit.knowledge.conditions import Always, ConditionCompiler
from servicefit.yamlio.read import parse


def compile_text(kb, text: str):
    return ConditionCompiler(kb.questions, "rule.yaml").compile(
        parse(text, "rule.yaml")["when"], "some-rule"
    )


def answers(kb, **overrides):
    values = {qid: q.default for qid, q in kb.questions.items()}
    values.update(overrides)
    return values


def test_absent_condition_is_always_true(kb) -> None:
    assert isinstance(ConditionCompiler(kb.questions, "f").compile(None, "r"), Always)


@pytest.mark.parametrize(
    ("text", "overrides", "expected"),
    [
        ("when: {field: team_size, gt: 10}", {"team_size": 11}, True),
        ("when: {field: team_size, gt: 10}", {"team_size": 10}, False),
        ("when: {field: team_size, gte: 10}", {"team_size": 10}, True),
        ("when: {field: team_size, lt: 3}", {"team_size": 2}, True),
        ("when: {field: team_size, lte: 3}", {"team_size": 4}, False),
        ("when: {field: team_size, in: [1, 2]}", {"team_size": 2}, True),
        ("when: {field: team_size, not_in: [1, 2]}", {"team_size": 2}, False),
        ("when: {field: industry, eq: saas}", {"industry": "saas"}, True),
        ("when: {field: industry, ne: saas}", {"industry": "saas"}, False),
        ("when: {field: industry, in: [saas, legal]}", {"industry": "legal"}, True),
        ("when: {field: regulated, eq: true}", {"regulated": False}, False),
        ("when: {field: tools, contains: crm}", {"tools": ["crm", "chatbot"]}, True),
        ("when: {field: tools, contains: [ivr, crm]}", {"tools": ["crm"]}, True),
        ("when: {field: tools, not_contains: [ivr, crm]}", {"tools": ["crm"]}, False),
        ("when: {field: tools, eq: []}", {"tools": []}, True),
        ("when: {field: channels, eq: [phone, email]}", {"channels": ["email", "phone"]}, True),
        (
            "when: {all: [{field: team_size, gt: 1}, {field: regulated, eq: true}]}",
            {"team_size": 5, "regulated": False},
            False,
        ),
        (
            "when: {any: [{field: team_size, gt: 1}, {field: regulated, eq: true}]}",
            {"team_size": 5, "regulated": False},
            True,
        ),
        ("when: {not: {field: regulated, eq: true}}", {"regulated": False}, True),
    ],
)
def test_evaluate(kb, text: str, overrides: dict, expected: bool) -> None:
    condition = compile_text(kb, text)
    assert condition.evaluate(answers(kb, **overrides)) is expected
    assert condition.explain(answers(kb, **overrides)).result is expected


def test_explain_shows_each_leaf_with_the_actual_answer(kb) -> None:
    condition = compile_text(
        kb, "when:\n  all:\n    - {field: team_size, gt: 10}\n    - {field: tools, contains: crm}\n"
    )
    trace = condition.explain(answers(kb, team_size=12, tools=[]))
    assert trace.kind == "all" and trace.result is False
    first, second = trace.children
    assert (first.text, first.actual, first.result) == ("team_size > 10", 12, True)
    assert (second.text, second.actual, second.result) == ("tools includes crm", [], False)
    assert trace.to_dict()["children"][1]["field"] == "tools"
    assert condition.fields() == {"team_size", "tools"}


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        ("when: {field: team_sise, gt: 3}", "Did you mean 'team_size'", 1, 15),
        ("when:\n  field: industry\n  gt: saas\n", "does not fit 'industry'", 3, 3),
        ("when: {field: industry, eq: groceries}", "not an allowed value", 1, 29),
        ("when: {field: team_size, eq: lots}", "not a whole number", 1, 30),
        ("when: {field: regulated, eq: yes please}", "not true or false", 1, 30),
        ("when: {field: tools, contains: [crm, fax]}", "'fax'", 1, 38),
        ("when: {field: team_size, gt: 1, lt: 5}", "exactly one operator", 1, 7),
        ("when: {field: team_size, greater: 1}", "unknown operator", 1, 26),
        ("when: {all: []}", "non-empty list", 1, 13),
        ("when: {all: [{field: team_size, gt: 1}], any: []}", "must stand alone", 1, 42),
        ("when: [1, 2]", "must be a mapping", 1, 7),
        ("when: {feild: team_size}", "Did you mean 'field'", 1, 7),
        ("when: {field: team_size, in: 3}", "non-empty list", 1, 30),
    ],
)
def test_compile_errors_name_file_line_column_and_rule(kb, text, message, line, column) -> None:
    with pytest.raises(RulesError) as info:
        compile_text(kb, text)
    error = info.value
    assert message in str(error)
    assert error.location.file == "rule.yaml"
    assert (error.location.line, error.location.column) == (line, column)
    assert error.message.startswith("some-rule: ")
