from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from servicefit.knowledge.rulesets import default_rules_dir
from tests.conftest import EXAMPLES, run_cli


def schema(name: str) -> dict:
    result = run_cli(["schema", name])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(document)
    return document


ANSWER_FILES = sorted(EXAMPLES.glob("*.*")) + sorted((default_rules_dir() / "cases").glob("*.yaml"))


@pytest.mark.parametrize("path", ANSWER_FILES, ids=[p.name for p in ANSWER_FILES])
def test_every_example_and_case_validates_against_the_answers_schema(path: Path) -> None:
    data = yaml.safe_load(path.read_text())
    if "answers" in data and "expect" in data:
        data = data["answers"]
    jsonschema.validate(data, schema("answers"))


def test_answers_schema_rejects_what_servicefit_rejects() -> None:
    answers = schema("answers")
    for bad in (
        {"industry": "groceries"},
        {"team_size": -1},
        {"routine_share": 101},
        {"industri": "saas"},
        {"channels": ["phone", "phone"]},
        {"channels": []},
        {"volumes": {"phone": {"contacts": 1}}},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, answers)


def test_every_recommendation_validates_against_the_result_schema(tmp_path: Path) -> None:
    result = schema("result")
    seen = set()
    for path in ANSWER_FILES:
        data = yaml.safe_load(path.read_text())
        if "answers" in data and "expect" in data:
            data = data["answers"]
        answers = tmp_path / f"{path.stem}.json"
        answers.write_text(json.dumps(data))
        doc = json.loads(run_cli(["recommend", "-a", str(answers), "-f", "json"]).stdout)
        jsonschema.validate(doc, result)
        seen.add(doc["channel_staffing"]["applicable"])
        seen.add(doc["lead"]["clear_fit"])
    assert seen == {True, False}, "some profile must leave staffing out, and one lack a clear fit"


def test_batch_records_validate_against_the_record_schema(tmp_path: Path) -> None:
    record_schema = schema("batch-record")
    (tmp_path / "bad.yaml").write_text("team_size: ten\n")
    for path in EXAMPLES.glob("*.*"):
        (tmp_path / path.name).write_text(path.read_text())
    out = run_cli(["batch", str(tmp_path), "-j", "1"]).stdout
    records = [json.loads(line) for line in out.splitlines()]
    assert any("error" in r for r in records) and any("result" in r for r in records)
    for record in records:
        jsonschema.validate(record, record_schema)


def test_unknown_schema_exits_2() -> None:
    result = run_cli(["schema", "answer"])
    assert result.exit_code == 2 and "Did you mean 'answers'" in result.stderr
