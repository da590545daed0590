from __future__ import annotations

from pathlib import Path

import pytest

from servicefit.errors import AnswersError
from servicefit.intake.answers import MAX_PROBLEMS, load_answers, parse_answers, validate_answers
from servicefit.yamlio.read import parse


def write(tmp_path: Path, text: str, name: str = "a.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_defaults_fill_missing_answers_and_are_reported(kb, tmp_path) -> None:
    answers = load_answers(write(tmp_path, "team_size: 12\nindustry: saas\n"), kb)
    assert answers.values["team_size"] == 12
    assert answers.values["tool_budget"] == kb.questions["tool_budget"].default
    assert "tool_budget" in answers.defaulted and "team_size" not in answers.defaulted
    assert list(answers.values) == list(kb.questions)


def test_question_whose_condition_is_false_is_skipped_and_a_given_answer_ignored(kb) -> None:
    answers = validate_answers({"tools": [], "integration": "full"}, kb)
    assert answers.values["integration"] == "none"
    assert "integration" in answers.skipped and answers.ignored == ["integration"]
    answers = validate_answers({"tools": ["crm"], "integration": "full"}, kb)
    assert answers.values["integration"] == "full" and not answers.ignored


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("industri: saas\n", "unknown question 'industri'. Did you mean 'industry'?", 1),
        ("team_size: 4\nindustry: grocery\n", "'grocery' is not an allowed value", 2),
        ("routine_share: 140\n", "140 is out of range", 1),
        ("team_size: -3\n", "-3 is out of range", 1),
        ("team_size: 4.5\n", "not a whole number", 1),
        ("team_size: ten\n", "'ten' is not a whole number", 1),
        ("regulated: maybe\n", "not true or false", 1),
        ("channels: phone\n", "is not a list", 1),
        ("channels: [phone, fax]\n", "'fax' is not an allowed value", 1),
        ("channels: [phone, phone]\n", "listed twice", 1),
        ("team_size: 3\nteam_size: 4\n", "appears twice", 2),
        ("- a\n- b\n", "must be a mapping", 1),
        ("just words\n", "must be a mapping", 1),
        ("# only a comment\n", "holds no answers", None),
        ("", "holds no answers", None),
    ],
)
def test_bad_answers_name_the_key_or_line_and_what_is_allowed(
    kb, tmp_path, text, message, line
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(AnswersError) as info:
        load_answers(path, kb)
    assert message in str(info.value)
    assert info.value.location.file == path
    if line is not None:
        assert info.value.location.line == line


def test_error_says_what_is_allowed(kb, tmp_path) -> None:
    with pytest.raises(AnswersError) as info:
        load_answers(write(tmp_path, "coverage: always\n"), kb)
    assert "business_hours, extended, 24x7" in str(info.value)


def test_json_answers_are_strict(kb, tmp_path) -> None:
    good = load_answers(write(tmp_path, '{"team_size": 3, "tools": ["crm"]}', "a.json"), kb)
    assert good.values["team_size"] == 3
    with pytest.raises(AnswersError, match="not valid JSON") as info:
        load_answers(write(tmp_path, '{"team_size": 3,\n "tools": ["crm"],}', "b.json"), kb)
    assert info.value.location.line == 2
    with pytest.raises(AnswersError, match="appears twice"):
        parse_answers('{"a": 1, "a": 2}', "c.json")


def test_missing_file(kb, tmp_path) -> None:
    with pytest.raises(AnswersError, match="no such file"):
        load_answers(str(tmp_path / "nope.yaml"), kb)


def test_schema_key_is_allowed(kb) -> None:
    assert validate_answers({"$schema": "x", "team_size": 2}, kb).values["team_size"] == 2
    with pytest.raises(AnswersError, match="no answers"):
        validate_answers({"$schema": "x"}, kb)


def test_every_problem_of_an_answers_file_is_reported_at_once(kb) -> None:
    text = "industry: ecomerce\nteam_size: -3\nfoo: 1\nchannels: [phone, fax]\n"
    with pytest.raises(AnswersError) as raised:
        validate_answers(parse(text, "f.yaml"), kb, "f.yaml")
    lines = [str(p.location) for p in raised.value.every()]
    assert lines == ["f.yaml:1:1", "f.yaml:2:1", "f.yaml:3:1", "f.yaml:4:1"]
    many = "".join(f"q{i}: 1\n" for i in range(40))
    with pytest.raises(AnswersError) as raised:
        validate_answers(parse(many, "g.yaml"), kb, "g.yaml")
    found = raised.value.every()
    assert len(found) == MAX_PROBLEMS + 1 and "and 20 more problems" in found[-1].message
