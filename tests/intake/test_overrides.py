"""--set QUESTION=VALUE: what-if overrides on top of an answers file."""

from __future__ import annotations

import json

import pytest

from servicefit.errors import UsageError
from servicefit.intake.overrides import parse_sets
from tests.conftest import EXAMPLES, run_cli

GROCER = str(EXAMPLES / "online-grocer.yaml")


def test_values_are_read_by_the_questions_type(kb) -> None:
    sets = ["team_size=1,200", "tools=crm,chatbot", "regulated=yes", "industry=finance", "tools="]
    got = parse_sets(sets, kb)
    assert got == {"team_size": 1200, "tools": [], "regulated": True, "industry": "finance"}


@pytest.mark.parametrize(
    ("item", "says"),
    [
        ("team_sise=4", "Did you mean 'team_size'"),
        ("team_size", "write QUESTION=VALUE"),
        ("team_size=-3", "out of range"),
        ("regulated=maybe", "write true or false"),
        ("industry=groceries", "is not an allowed value"),
    ],
)
def test_a_wrong_override_names_the_flag(kb, item: str, says: str) -> None:
    with pytest.raises(UsageError) as raised:
        parse_sets([item], kb)
    assert raised.value.message.startswith(f"--set {item!r}") and says in str(raised.value)


def recommend_json(*args: str) -> dict:
    result = run_cli(["recommend", *args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_recommend_explain_and_batch_take_overrides(tmp_path) -> None:
    base = recommend_json("-a", GROCER)
    changed = recommend_json("-a", GROCER, "--set", "team_size=80", "--set", "integration=full")
    assert changed["answers"]["team_size"] == 80 and base["answers"]["team_size"] != 80
    assert changed["input"] == f"{GROCER} --set team_size=80 --set integration=full"
    alone = recommend_json("--set", "team_size=3")
    assert alone["answers"]["team_size"] == 3
    explained = run_cli(["explain", "-a", GROCER, "--set", "team_size=80", "-f", "json"])
    assert explained.exit_code == 0 and json.loads(explained.stdout)["answers"]["team_size"] == 80
    out = run_cli(["batch", str(EXAMPLES), "--set", "team_size=2", "-j", "1"])
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert records and all(r["result"]["answers"]["team_size"] == 2 for r in records)
    wrong = run_cli(["batch", str(EXAMPLES), "--set", "team_size=x"])
    assert wrong.exit_code == 2 and "--set 'team_size=x'" in wrong.stderr


def test_diff_shows_a_scenario_against_its_baseline() -> None:
    result = run_cli(["diff", "-a", GROCER, "--set", "team_size=60", "-f", "json"])
    doc = json.loads(result.stdout)
    staffing = doc["results"][0]["staffing"]
    assert (staffing["from"], staffing["to"]) == ("shared", "dedicated")  # 60 agents: dedicated
    assert doc["changed"] is True and result.exit_code == 1
    same = run_cli(
        [
            "diff",
            "-a",
            GROCER,
            "--set",
            f"team_size={recommend_json('-a', GROCER)['answers']['team_size']}",
        ],
    )
    assert same.exit_code == 0
    mixed = run_cli(["diff", GROCER, GROCER, "--set", "team_size=3"])
    assert mixed.exit_code == 2 and "not both" in mixed.stderr
