from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import EXAMPLES, run_cli

GROCER = EXAMPLES / "online-grocer.yaml"


def test_same_answers_no_change_exit_0(tmp_path: Path) -> None:
    result_file = tmp_path / "r.json"
    run_cli(["recommend", "-a", str(GROCER), "-f", "json", "-o", str(result_file)])
    result = run_cli(["diff", str(result_file), str(GROCER)])
    assert result.exit_code == 0 and "no change" in result.stdout


def test_staffing_change_exits_1_in_both_directions(tmp_path: Path) -> None:
    bigger = tmp_path / "bigger.yaml"
    bigger.write_text(GROCER.read_text().replace("team_size: 8", "team_size: 25"))
    forward = run_cli(["diff", str(GROCER), str(bigger), "--format", "json"])
    backward = run_cli(["diff", str(bigger), str(GROCER), "--format", "json"])
    assert forward.exit_code == backward.exit_code == 1
    there, back = json.loads(forward.stdout), json.loads(backward.stdout)
    assert (there["results"][0]["staffing"]["from"], there["results"][0]["staffing"]["to"]) == (
        "shared",
        "dedicated",
    )
    assert (back["results"][0]["staffing"]["from"], back["results"][0]["staffing"]["to"]) == (
        "dedicated",
        "shared",
    )
    text = run_cli(["diff", str(GROCER), str(bigger)]).stdout
    assert "staffing shared → dedicated" in text


def test_score_and_blend_changes_are_listed(tmp_path: Path) -> None:
    changed = tmp_path / "changed.yaml"
    changed.write_text(GROCER.read_text().replace("routine_share: 75", "routine_share: 20"))
    doc = json.loads(run_cli(["diff", str(GROCER), str(changed), "-f", "json"]).stdout)
    result = doc["results"][0]
    assert result["automated_share"]["from"] > result["automated_share"]["to"]
    assert result["models"] and result["blend"]


def test_batch_outputs_are_matched_by_input(tmp_path: Path) -> None:
    folder = tmp_path / "clients"
    folder.mkdir()
    (folder / "a.yaml").write_text("team_size: 3\n")
    (folder / "b.yaml").write_text("team_size: 4\n")
    first = tmp_path / "first.jsonl"
    run_cli(["batch", str(folder), "-o", str(first), "-j", "1"])
    (folder / "b.yaml").write_text("team_size: 60\n")
    (folder / "c.yaml").write_text("team_size: 5\n")
    second = tmp_path / "second.json"
    run_cli(["batch", str(folder), "-o", str(second), "-f", "json", "-j", "1"])
    result = run_cli(["diff", str(first), str(second), "-f", "json"])
    doc = json.loads(result.stdout)
    assert result.exit_code == 1
    assert [r["input"] for r in doc["results"]] == [str(folder / "a.yaml"), str(folder / "b.yaml")]
    assert doc["only_in_second"] == [str(folder / "c.yaml")]
    assert doc["results"][1]["staffing"]["changed"] and not doc["results"][0]["staffing"]["changed"]


def test_bad_side_exits_2(tmp_path: Path) -> None:
    result = run_cli(["diff", str(GROCER), str(tmp_path / "missing.json")])
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_the_reports_name_the_models_and_the_json_keeps_their_ids(tmp_path: Path) -> None:
    hotel = EXAMPLES / "boutique-hotel.yaml"
    text = run_cli(["diff", str(hotel), str(GROCER)]).stdout
    assert "top model In-depth, personalized → Convenient" in text
    assert "  One-on-one contact: rank" in text and "blend Self-service:" in text
    assert "one_on_one" not in text and "self_service" not in text
    markdown = run_cli(["diff", str(hotel), str(GROCER), "-f", "markdown"]).stdout
    assert "| top model | In-depth, personalized | Convenient |" in markdown
    doc = json.loads(run_cli(["diff", str(hotel), str(GROCER), "-f", "json"]).stdout)
    assert doc["results"][0]["top_model"] == {
        "from": "personalized",
        "to": "convenient",
        "changed": True,
    }
