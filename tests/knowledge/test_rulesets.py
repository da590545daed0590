"""Custom rule sets: full folders and overlays that extend, disable, override and add."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from servicefit.advice.engine import recommend
from servicefit.errors import RulesError
from servicefit.intake.answers import load_answers
from servicefit.knowledge.rulesets import default_knowledge, load_rule_set
from tests.conftest import EXAMPLES, ROOT, run_cli

BANK = str(EXAMPLES / "regional-bank.json")
EXAMPLE_SET = ROOT / "examples" / "rule-sets" / "cautious-automation.yaml"


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_extend_disable_override_and_add(tmp_path: Path) -> None:
    base = default_knowledge()
    path = write(
        tmp_path / "custom.yaml",
        """\
extends: default
disable: [expert-agents]
rules:
  - id: heavy-training
    weight: 2
  - id: crm-in-place
    effects: {hybrid: 1}
  - id: new-rule
    when: {field: regulated, eq: true}
    effects: {one_on_one: 7}
    because: x
""",
    )
    kb = load_rule_set(path)
    ids = [r.id for r in kb.rules]
    assert "expert-agents" not in ids and ids[-1] == "new-rule"
    assert len(ids) == len(base.rules)  # one out, one in
    # overrides stay where the base had them, and keep what they do not change
    kept = [r.id for r in base.rules if r.id != "expert-agents"]
    assert ids[: len(kept)] == kept
    old = {r.id: r for r in base.rules}
    new = {r.id: r for r in kb.rules}
    assert new["heavy-training"].effects == {
        t: 2 * p for t, p in old["heavy-training"].effects.items()
    }
    assert new["heavy-training"].when is old["heavy-training"].when
    assert new["crm-in-place"].effects == {"hybrid": 1}
    assert new["crm-in-place"].because == old["crm-in-place"].because
    # the default set is untouched
    assert "expert-agents" in [r.id for r in default_knowledge().rules]


def test_a_weight_changes_the_scores_as_declared(tmp_path: Path) -> None:
    answers = load_answers(BANK, default_knowledge())
    before = recommend(answers, default_knowledge())
    fired = next(r for r in before.models[0].reasons)
    path = write(
        tmp_path / "w.yaml", f"extends: default\nrules:\n  - id: {fired.rule}\n    weight: 0\n"
    )
    after = recommend(answers, load_rule_set(path))
    top = before.models[0].id
    points_after = next(m.points for m in after.models if m.id == top)
    assert points_after == pytest.approx(before.models[0].points - fired.points)


def test_without_extends_the_rules_stand_alone(tmp_path: Path) -> None:
    path = write(
        tmp_path / "alone.yaml",
        "rules:\n  - id: only\n    when: {field: team_size, gt: 0}\n    effects: {online: 5}\n    because: x\n",
    )
    kb = load_rule_set(path)
    assert [r.id for r in kb.rules] == ["only"]
    assert kb.questions is default_knowledge().questions
    rec = recommend(load_answers(BANK, kb), kb)
    assert rec.models[0].id == "online"


def test_a_folder_overlay_and_an_extends_chain(tmp_path: Path) -> None:
    first = write(tmp_path / "first.yaml", "extends: default\ndisable: [expert-agents]\n")
    folder = tmp_path / "second"
    folder.mkdir()
    write(folder / "a.yaml", "extends: ../first.yaml\ndisable: [basic-agents]\n")
    write(
        folder / "b.yaml",
        "rules:\n  - id: extra\n    when: {field: regulated, eq: true}\n    effects: {hybrid: 1}\n    because: x\n",
    )
    kb = load_rule_set(folder)
    ids = [r.id for r in kb.rules]
    assert "expert-agents" not in ids and "basic-agents" not in ids and "extra" in ids
    assert first.exists()


def test_a_loop_of_extends_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", "extends: b.yaml\nrules: []\n")
    write(tmp_path / "b.yaml", "extends: a.yaml\nrules: []\n")
    with pytest.raises(RulesError, match="loop"):
        load_rule_set(tmp_path / "a.yaml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("disable: [expert-agents]\nrules: []\n", "needs a base"),
        ("extends: default\ndisable: [expert-agent]\n", "Did you mean 'expert-agents'"),
        ("extends: default\nrules:\n  - id: brand-new\n    weight: 2\n", "'effects' is missing"),
        ("extends: default\nrules:\n  - id: heavy-training\n    weight: -1\n", "from 0 to 100"),
        ("extends: nowhere.yaml\n", "which does not exist"),
    ],
)
def test_bad_overlays_are_refused_with_a_location(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "bad.yaml", text)
    with pytest.raises(RulesError, match=message) as caught:
        load_rule_set(path)
    assert "bad.yaml" in str(caught.value) or "nowhere" in str(caught.value)


def test_a_full_rules_folder(rules_copy: Path) -> None:
    models = rules_copy / "models.yaml"
    models.write_text(models.read_text().replace("name: Hybrid\n", "name: Blended service\n", 1))
    kb = load_rule_set(rules_copy)
    assert kb.models["hybrid"].name == "Blended service"
    assert kb.cases_dir == rules_copy / "cases"


def test_the_shipped_example_lints_clean_and_passes_the_cases() -> None:
    lint = run_cli(["rules", "lint", str(EXAMPLE_SET)])
    assert lint.exit_code == 0, lint.stdout
    result = run_cli(["rules", "test", "--rules", str(EXAMPLE_SET)])
    assert result.exit_code == 0, result.stdout


def test_every_scoring_command_takes_rules(tmp_path: Path) -> None:
    path = write(
        tmp_path / "alone.yaml",
        "rules:\n  - id: only\n    when: {field: team_size, gt: 0}\n    effects: {online: 5}\n    because: x\n",
    )
    rec = json.loads(run_cli(["recommend", "-a", BANK, "-f", "json", "--rules", str(path)]).stdout)
    assert rec["models"][0]["id"] == "online"
    batch = run_cli(["batch", str(EXAMPLES), "--jobs", "2", "--rules", str(path)])
    records = [json.loads(line) for line in batch.stdout.splitlines()]
    assert records and all(r["result"]["models"][0]["id"] == "online" for r in records)
    explained = json.loads(
        run_cli(["explain", "-a", BANK, "-f", "json", "--rules", str(path)]).stdout
    )
    assert [r["id"] for r in explained["rules"]] == ["only"]
    broken = write(tmp_path / "broken.yaml", "extends: default\ndisable: [nope]\n")
    result = run_cli(["recommend", "-a", BANK, "--rules", str(broken)])
    assert result.exit_code == 2 and "broken.yaml:2" in result.stderr
