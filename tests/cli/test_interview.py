"""The interview, driven in-process: prompt_toolkit reads keys from a pipe, CliRunner runs the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from servicefit.intake.plan import applicable
from tests.conftest import run_cli

pytestmark = pytest.mark.slow  # see pyproject.toml


@pytest.fixture(autouse=True)
def _in_a_scratch_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An interview whose keys go astray may save its answers under the default name in the
    working folder: never in the checkout (one did, and was committed)."""
    monkeypatch.chdir(tmp_path)


ENTER, DOWN, SPACE, BACKSPACE, CTRL_C = "\r", "\x1b[B", " ", "\x7f", "\x03"
YES, NO = "y" + ENTER, "n" + ENTER  # a yes/no takes its key, then Enter


def drive(keys: str, *args: str, state: Path):
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        with create_app_session(input=pipe, output=DummyOutput()):
            return run_cli(list(args), env={"XDG_STATE_HOME": str(state)})


def plan(kb, answers=None) -> list[str]:
    return [q.id for q in applicable(kb, answers or {})]


def defaults_keys(kb, answers=None) -> str:
    """Enter at every question (defaults), no volumes, confirm the review."""
    return ENTER * len(plan(kb, answers)) + NO + ENTER


def resume_file(state: Path) -> Path:
    return state / "servicefit" / "interview.yaml"


def test_defaults_all_the_way(kb, tmp_path: Path) -> None:
    result = drive(defaults_keys(kb) + NO, "recommend", "-f", "json", state=tmp_path)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)  # parses: no prompt text or control codes in it
    assert doc["input"] == "<interview>" and doc["defaulted"] == []
    for qid in plan(kb):
        assert doc["answers"][qid] == kb.questions[qid].default
    assert set(doc["skipped"]) == {"integration", "specialist_teams", "business_accounts"}
    assert not resume_file(tmp_path).exists()  # a finished interview leaves nothing behind


def test_a_wrong_number_is_corrected_at_the_prompt(kb, tmp_path: Path) -> None:
    ids = plan(kb)
    at = ids.index("team_size")
    default = str(kb.questions["team_size"].default)
    keys = (
        ENTER * at
        + BACKSPACE * len(default)
        + "lots"
        + ENTER  # refused under the prompt: not a whole number
        + BACKSPACE * 4
        + "2000000"
        + ENTER  # refused: above the maximum
        + BACKSPACE * 7
        + "12"
        + ENTER
        + ENTER * (len(ids) - at - 1)
        + NO
        + ENTER
        + NO
    )
    result = drive(keys, "recommend", "-f", "json", state=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["answers"]["team_size"] == 12


def test_a_when_question_is_asked_only_when_it_applies(kb, tmp_path: Path) -> None:
    ids = plan(kb)
    at = ids.index("tools")
    assert "integration" not in ids
    # tick the first tool: the integration question now applies and is asked (one more Enter)
    with_tool = plan(kb, {"tools": [kb.questions["tools"].values[0]]})
    assert len(with_tool) == len(ids) + 1
    keys = ENTER * at + SPACE + ENTER + ENTER * (len(with_tool) - at - 1) + NO + ENTER + NO
    result = drive(keys, "recommend", "-f", "json", state=tmp_path)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["answers"]["tools"] == [kb.questions["tools"].values[0]]
    assert "integration" not in doc["skipped"] and "specialist_teams" in doc["skipped"]


def test_changing_an_answer_at_review_asks_what_becomes_relevant(kb, tmp_path: Path) -> None:
    ids = plan(kb)
    # at review: Done, then each answer in order (separators are skipped by the cursor)
    regulated = ids.index("regulated")
    keys = (
        defaults_keys(kb)[:-1]  # every question, no volumes; stop at the review
        + DOWN * (regulated + 1)
        + ENTER  # pick "regulated" to change it
        + YES  # now true: the specialist_teams question becomes relevant and is asked
        + YES
        + ENTER  # back at the review: done
        + NO
    )
    result = drive(keys, "recommend", "-f", "json", state=tmp_path)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["answers"]["regulated"] is True and doc["answers"]["specialist_teams"] is True
    assert "specialist_teams" not in doc["skipped"]


def test_saved_answers_give_exactly_the_same_recommendation(kb, tmp_path: Path) -> None:
    saved = tmp_path / "mine.yaml"
    keys = ENTER * 3 + DOWN + ENTER + ENTER * (len(plan(kb)) - 4) + NO + ENTER
    first = drive(keys, "recommend", "-f", "json", "--save-answers", str(saved), state=tmp_path)
    assert first.exit_code == 0, first.stderr
    text = saved.read_text()
    assert text.startswith("# servicefit answers, saved from the interview")
    assert yaml.safe_load(text)  # a normal answers file
    again = run_cli(["recommend", "--answers", str(saved), "-f", "json"])
    assert again.exit_code == 0
    assert again.stdout == first.stdout  # byte for byte, `input` included


def test_ctrl_c_keeps_the_answers_and_resume_finishes(kb, tmp_path: Path) -> None:
    ids = plan(kb)
    stopped = drive(ENTER * 3 + CTRL_C, "recommend", "-f", "json", state=tmp_path)
    assert stopped.exit_code == 130 and stopped.stdout == ""
    resume = resume_file(tmp_path)
    assert str(resume) in stopped.stderr and "servicefit recommend --resume" in stopped.stderr
    kept = yaml.safe_load(resume.read_text())
    assert list(kept) == ids[:3]
    rest = ENTER * (len(ids) - 3) + NO + ENTER + NO
    finished = drive(rest, "recommend", "-f", "json", "--resume", str(resume), state=tmp_path)
    assert finished.exit_code == 0, finished.stderr
    assert json.loads(finished.stdout)["defaulted"] == []
    assert not resume.exists()


def test_ask_missing_asks_only_what_the_file_leaves_out(kb, tmp_path: Path) -> None:
    partial = tmp_path / "partial.yaml"
    answers = {qid: kb.questions[qid].default for qid in plan(kb)}
    del answers["team_size"], answers["industry"]
    answers["regulated"] = True  # specialist_teams now applies and is missing too
    partial.write_text(yaml.safe_dump(answers))
    keys = ENTER + BACKSPACE * 2 + "30" + ENTER + YES + ENTER + NO
    result = drive(
        keys, "recommend", "-a", str(partial), "--ask-missing", "-f", "json", state=tmp_path
    )
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["answers"]["team_size"] == 30 and doc["answers"]["specialist_teams"] is True
    assert doc["answers"]["industry"] == kb.questions["industry"].default


def volume_keys(kb, channels) -> str:
    """Enter at every volume prompt: per channel contacts, period, AHT, target (and concurrency
    where workforce.yaml asks it), then shrinkage, occupancy cap, currency and cost."""
    defaults = kb.workforce.interview.channel_defaults
    return ENTER * sum(4 + ("concurrency" in defaults[c]) for c in channels) + ENTER * 4


def interview(keys: str, state: Path) -> tuple[dict, dict]:
    """Run the interview with --save-answers: the JSON document and the saved answers."""
    saved = state / "saved.yaml"
    result = drive(keys, "recommend", "-f", "json", "--save-answers", str(saved), state=state)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout), yaml.safe_load(saved.read_text())


def test_volumes_step_adds_a_workload(kb, tmp_path: Path) -> None:
    channels = kb.questions["channels"].default
    # yes to volumes; Enter accepts the defaults; no cost; confirm the review
    doc, saved = interview(
        ENTER * len(plan(kb)) + YES + volume_keys(kb, channels) + ENTER, tmp_path
    )
    sizing = doc["channel_staffing"]["sizing"]
    assert set(sizing["dedicated"]["by_channel"]) == set(channels)
    # the preselected shrinkage and occupancy cap are answers now, not silent defaults
    settings = kb.workforce.interview.defaults
    assert saved["shrinkage"] == settings["shrinkage"]
    assert sizing["assumptions"]["shrinkage"] == settings["shrinkage"]
    assert sizing["assumptions"]["max_occupancy"] == settings["max_occupancy"]
    assert sizing["assumptions"]["shrinkage_from"] == "answers"
    for channel in channels:
        asked = kb.workforce.interview.channel_defaults[channel].get("concurrency")
        assert saved["volumes"][channel].get("concurrency") == asked


def test_volumes_can_be_changed_and_removed_at_review(kb, tmp_path: Path) -> None:
    channels = kb.questions["channels"].default
    first = channels[0]
    default = str(kb.workforce.interview.channel_defaults[first]["contacts"])
    review_volumes = DOWN * (len(plan(kb)) + 1) + ENTER  # the volumes line ends the list
    asked = ENTER * len(plan(kb)) + YES + volume_keys(kb, channels)
    # the first channel's period (kept), then its count (changed to 7), then the rest
    change = ENTER + ENTER + BACKSPACE * len(default) + "7" + volume_keys(kb, channels)[1:]
    _, saved = interview(asked + review_volumes + change + ENTER, tmp_path)
    assert saved["volumes"][first]["contacts"] == 7
    remove = DOWN + ENTER
    doc, saved = interview(asked + review_volumes + remove + ENTER, tmp_path)
    assert "volumes" not in saved and "shrinkage" not in saved
    assert "sizing" not in doc["channel_staffing"]


def test_shares_are_read_as_percentages() -> None:
    from servicefit.cli.prompt_values import fraction_check, to_fraction

    assert to_fraction("30%") == to_fraction("30") == 0.3 and to_fraction("0.3") == 0.3
    shrinkage, cap = fraction_check(optional=False), fraction_check(optional=True)
    assert shrinkage("0%") is True and shrinkage("96%") == "Give a share from 0% to 95%."
    assert shrinkage("lots").startswith("lots is not a share")
    assert cap("") is True and cap("85%") is True and cap("0").startswith("Give a share above")


@pytest.mark.parametrize("extra", [[], ["--ask-missing", "-a", "x.yaml"]])
def test_without_a_terminal_it_stops_at_once(extra, tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("team_size: 3\n")
    args = ["recommend", *(str(tmp_path / a) if a == "x.yaml" else a for a in extra)]
    result = run_cli(args, env={"XDG_STATE_HOME": str(tmp_path)})
    assert result.exit_code == 2 and "--answers FILE" in result.stderr


def test_resume_without_a_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli(["recommend", "--resume", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2 and "no unfinished interview" in result.stderr


def test_answers_from_stdin_cannot_also_be_asked_about(tmp_path: Path) -> None:
    result = run_cli(["recommend", "-a", "-", "--ask-missing"], input="team_size: 3\n")
    assert result.exit_code == 2 and "needs a terminal" in result.stderr


def test_save_answers_needs_an_interview(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("team_size: 3\n")
    result = run_cli(
        ["recommend", "-a", str(tmp_path / "a.yaml"), "--save-answers", str(tmp_path / "b")]
    )
    assert result.exit_code == 2 and "--ask-missing" in result.stderr
    assert not (tmp_path / "b").exists()


def test_a_refused_number_says_what_is_allowed(kb) -> None:
    from servicefit.cli.prompt_values import int_check

    check = int_check(kb.questions["team_size"])
    assert check("12") is True and check("1,200") is True
    assert check("lots") == "lots is not a whole number."
    below = check("-3")
    assert (
        below.startswith("-3 is out of range.")
        and kb.questions["team_size"].describe_allowed() in below
    )


def test_volume_numbers_must_be_above_zero_and_cost_may_be_skipped() -> None:
    from servicefit.cli.prompt_values import number_check

    required, optional = number_check(optional=False), number_check(optional=True)
    assert required("120") is True and required("1,5") is True
    assert required("") == "An empty answer is not a number."
    assert required("0") == "Give a number above 0."
    assert optional("") is True and optional("28.5") is True
    assert optional("x") == "x is not a number."
    assert optional("-1") == "Give a number above 0, or leave it empty."


def unfinished(kb, state: Path, **answers) -> Path:
    """An unfinished interview left at the default place, as its bytes."""
    from servicefit.intake.resume import ResumeFile

    store = ResumeFile(resume_file(state))
    assert store.claim() and store.save(kb, answers)
    store.close()
    return resume_file(state)


def test_ask_missing_never_touches_another_interviews_file(kb, tmp_path: Path) -> None:
    left = unfinished(kb, tmp_path, industry="retail")
    before = left.read_bytes()
    partial = tmp_path / "partial.yaml"
    partial.write_text("industry: saas\nteam_size: 4\n")
    missing = [
        q
        for q in plan(kb, {"industry": "saas", "team_size": 4})
        if q not in ("industry", "team_size")
    ]
    keys = ENTER * len(missing) + NO + ENTER + NO  # answer the rest, confirm, do not save
    result = drive(
        keys, "recommend", "--answers", str(partial), "--ask-missing", "-f", "json", state=tmp_path
    )
    assert result.exit_code == 0, result.stderr
    assert left.read_bytes() == before  # the other interview's answers are untouched
    assert sorted(p.name for p in left.parent.glob("*.yaml")) == ["interview.yaml"]


def test_a_second_interview_at_once_keeps_its_answers_apart(kb, tmp_path: Path) -> None:
    from servicefit.intake.resume import ResumeFile

    running = ResumeFile(resume_file(tmp_path))
    assert running.claim() and running.save(kb, {"industry": "retail"})
    try:
        at = plan(kb).index("team_size")
        result = drive(ENTER * at + CTRL_C, "recommend", state=tmp_path)
        assert result.exit_code == 130
        own = resume_file(tmp_path).with_name("interview-2.yaml")
        assert f"kept in {own}" in result.stderr and f"--resume {own}" in result.stderr
        assert yaml.safe_load(resume_file(tmp_path).read_text()) == {"industry": "retail"}
        second = drive(ENTER, "recommend", "--resume", str(resume_file(tmp_path)), state=tmp_path)
        assert second.exit_code == 2 and "another interview is running" in second.stderr
    finally:
        running.close()


def test_ctrl_c_on_the_first_question_claims_nothing(kb, tmp_path: Path) -> None:
    result = drive(CTRL_C, "recommend", state=tmp_path)
    assert result.exit_code == 130
    assert "nothing to resume" in result.stderr and "--resume" not in result.stderr
    assert not resume_file(tmp_path).exists()


def test_answers_that_cannot_be_saved_are_not_said_to_be(kb, tmp_path: Path) -> None:
    state = tmp_path / "state-is-a-file"
    state.write_text("")
    result = drive(ENTER * 2 + CTRL_C, "recommend", state=state)
    assert result.exit_code == 130
    assert "could not be saved" in result.stderr and "are saved in" not in result.stderr


def test_the_resume_file_and_its_folder_are_private(kb, tmp_path: Path) -> None:
    result = drive(ENTER * 2 + CTRL_C, "recommend", state=tmp_path)
    assert result.exit_code == 130
    assert resume_file(tmp_path).stat().st_mode & 0o777 == 0o600
    assert resume_file(tmp_path).parent.stat().st_mode & 0o777 == 0o700


def test_a_bad_file_name_at_the_save_prompt_asks_again(kb, tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    good = tmp_path / "saved.yaml"
    erase = BACKSPACE * len("servicefit-answers.yaml")
    keys = (
        defaults_keys(kb)
        + YES
        + erase
        + str(folder)
        + ENTER  # a folder: said, and asked again
        + BACKSPACE * len(str(folder))
        + str(good)
        + ENTER
    )
    result = drive(keys, "recommend", "-f", "json", state=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "this is a folder" in result.stderr and f"saved to {good}" in result.stderr
    assert yaml.safe_load(good.read_text())


def test_resume_of_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli(["recommend", "--resume", str(tmp_path)])
    assert result.exit_code == 2 and "this is a folder" in result.stderr


@pytest.mark.parametrize(
    ("text", "whole"), [("70%", 70), ("1,200", 1200), ("1 200", 1200), (" 12 ", 12)]
)
def test_numbers_are_read_as_people_write_them(text: str, whole: int) -> None:
    from servicefit.cli.prompt_values import parse_int

    assert parse_int(text) == whole


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("300", 300), ("300 s", 300), ("6 min", 360), ("1.5 minutes", 90), ("1 h", 3600)],
)
def test_handle_times_take_a_unit(text: str, seconds: float) -> None:
    from servicefit.cli.prompt_values import number_check, to_seconds

    assert to_seconds(text) == seconds
    assert number_check(optional=False, duration=True)(text) is True
    assert "not a time" in str(number_check(optional=False, duration=True)("6 parsecs"))


def test_the_currency_is_asked_before_the_cost_and_names_it(kb, tmp_path: Path) -> None:
    channels = kb.questions["channels"].default
    defaults = kb.workforce.interview.channel_defaults
    per_channel = ENTER * sum(4 + ("concurrency" in defaults[c]) for c in channels)
    keys = ENTER * len(plan(kb)) + YES + per_channel + ENTER * 2 + "eur" + ENTER + "27.5" + ENTER
    doc, saved = interview(keys + ENTER, tmp_path)
    assert saved["currency"] == "EUR" and saved["agent_cost_per_hour"] == 27.5
    assert doc["blend"]["effect"]["currency"] == "EUR"


def test_a_currency_is_three_letters_or_none() -> None:
    from servicefit.cli.prompt_values import currency_check

    assert currency_check("") is True and currency_check("usd") is True
    assert "not a currency code" in str(currency_check("euro"))


CTRL_B = "\x02"


def test_ctrl_b_goes_back_to_the_question_before_with_its_answer(kb, tmp_path: Path) -> None:
    ids = plan(kb)
    first = kb.questions[ids[0]]
    second = first.values[(first.values.index(first.default) + 1) % len(first.values)]  # DOWN
    assert second != first.default
    keys = DOWN + ENTER + CTRL_B + ENTER + ENTER * (len(ids) - 1) + NO + ENTER
    doc, saved = interview(keys, tmp_path)
    assert saved[ids[0]] == second  # kept when asked again: preselected as given
    assert doc["answers"][ids[0]] == second
    # Ctrl-B on the very first question stays there
    doc, saved = interview(CTRL_B + ENTER * len(ids) + NO + ENTER, tmp_path)
    assert ids[0] in saved


def test_a_question_can_be_left_unknown_and_its_default_stands(kb, tmp_path: Path) -> None:
    ids = plan(kb)
    at = ids.index("routine_share")
    keys = ENTER * at + "?" + ENTER * (len(ids) - at - 1) + NO + ENTER
    doc, saved = interview(keys, tmp_path)
    assert "routine_share" not in saved
    assert "routine_share" in doc["defaulted"]
    assert doc["answers"]["routine_share"] == kb.questions["routine_share"].default
    unknown = next(w for w in doc["warnings"] if w["code"] == "unknown-answers")
    assert "the routine share" in unknown["message"]
    assert "servicefit audit" in unknown["message"]  # the audit measures it
