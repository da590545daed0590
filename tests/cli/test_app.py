from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import yaml

from servicefit import __version__
from servicefit.advice.recommendation import SCHEMA_VERSION
from servicefit.cli.app import COMMANDS, app, app_for, main
from tests.conftest import EXAMPLES, RUNNER, run_cli

GROCER = str(EXAMPLES / "online-grocer.yaml")
ROOT = EXAMPLES.parents[1]


def invoke(*args: str, input: str | None = None, env: dict | None = None):
    return run_cli(list(args), input=input, env=env)


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"servicefit {__version__}"


def test_models_lists_eight_models_and_two_staffing_options() -> None:
    result = invoke("models", "--format", "json")
    data = json.loads(result.stdout)
    assert len(data["models"]) == 8 and [s["id"] for s in data["staffing"]] == [
        "shared",
        "dedicated",
    ]
    assert all(m["good_for"] for m in data["models"])
    text = invoke("models").stdout
    assert "Redirected service" in text and "good for:" in text


def test_questions_lists_every_question() -> None:
    result = invoke("questions", "--format", "json")
    data = json.loads(result.stdout)
    ids = [q["id"] for s in data["sections"] for q in s["questions"]]
    assert "routine_share" in ids and "integration" in ids
    routine = next(
        q for s in data["sections"] for q in s["questions"] if q["id"] == "routine_share"
    )
    assert (routine["min"], routine["max"], routine["type"]) == (0, 100, "int")
    text = invoke("questions").stdout
    assert "team_size" in text and "business hours" in text


def test_template_loads_as_it_is_and_gives_a_recommendation(tmp_path: Path) -> None:
    result = invoke("questions", "--template")
    assert result.exit_code == 0
    path = tmp_path / "my-business.yaml"
    path.write_text(result.stdout)
    assert "# Which industry" in result.stdout
    data = yaml.safe_load(result.stdout)
    assert data["integration"] == "none" and data["coverage"] == "business_hours"
    rec = invoke("recommend", "--answers", str(path), "--format", "json")
    assert rec.exit_code == 0, rec.stderr
    assert json.loads(rec.stdout)["defaulted"] == []


def test_recommend_text_report_has_every_part() -> None:
    result = invoke("recommend", "--answers", GROCER, env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for part in (
        "Models, best first",
        "Why the leaders lead",
        "Channel staffing",
        "Recommended blend",
        "Roadmap",  # the next steps are in it: no advice is given twice
        "█",
    ):
        assert part in out
    assert "\x1b[" not in out


def test_recommend_json_contract() -> None:
    result = invoke("recommend", "--answers", GROCER, "--format", "json", env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    doc = json.loads(result.stdout)
    for key in (
        "schema_version",
        "generator",
        "input",
        "answers",
        "defaulted",
        "models",
        "channel_staffing",
        "blend",
        "next_steps",
        "warnings",
    ):
        assert key in doc
    assert doc["schema_version"] == SCHEMA_VERSION and doc["generator"]["name"] == "servicefit"
    assert doc["input"] == GROCER
    assert [m["rank"] for m in doc["models"]] == list(range(1, 9))
    assert set(doc["models"][0]) >= {"id", "name", "score", "rank", "reasons"}
    assert set(doc["models"][0]["reasons"][0]) >= {"rule", "points", "because"}
    assert set(doc["channel_staffing"]) >= {"recommended", "scores", "reasons"}
    assert set(doc["channel_staffing"]["scores"]) == {"shared", "dedicated"}
    assert abs(sum(c["share"] for c in doc["blend"]["components"]) - 1) < 1e-9
    for component in doc["blend"]["components"]:
        assert set(component) >= {"model", "share", "automated", "role", "channels", "reasons"}
    assert all(set(w) == {"code", "message"} for w in doc["warnings"])


def test_json_is_byte_identical_across_runs() -> None:
    first = invoke("recommend", "-a", GROCER, "-f", "json").stdout
    assert first == invoke("recommend", "-a", GROCER, "-f", "json").stdout


def test_markdown_report() -> None:
    out = invoke("recommend", "-a", GROCER, "-f", "markdown").stdout
    assert out.startswith("# online-grocer\n")  # the file's name, not its path
    assert "| Share | Model | Role |" in out and "\x1b" not in out


def test_a_report_to_hand_on_has_a_title_a_date_and_its_rule_set(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 UTC
    md = invoke("recommend", "-a", GROCER, "-f", "markdown", "--title", "Acme <b>support</b>")
    lines = md.stdout.splitlines()
    assert lines[0] == "# Acme \\<b\\>support\\</b\\>"  # data, not markup
    assert lines[2].startswith("_2026-01-01 · answers online-grocer.yaml · rules: ")
    assert lines[4] == "## Summary"
    page = invoke("recommend", "-a", GROCER, "-f", "html", "--title", "Acme <b>support</b>")
    assert "<h1>Acme &lt;b&gt;support&lt;/b&gt;</h1>" in page.stdout
    assert "2026-01-01" in page.stdout and str(EXAMPLES) not in page.stdout
    text = invoke("recommend", "-a", GROCER).stdout.splitlines()
    assert text[0] == "online-grocer"
    assert text.index("Summary") < text.index("Models, best first")  # the summary first
    custom = invoke("recommend", "-a", GROCER, "-f", "markdown", "--rules", str(ROOT / "rules"))
    assert "rules: rules ·" in custom.stdout
    # the JSON carries no date or title: the same bytes on any day
    assert "2026-01-01" not in invoke("recommend", "-a", GROCER, "-f", "json").stdout


def test_a_bad_source_date_epoch_or_title_is_a_usage_error(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    bad = invoke("recommend", "-a", GROCER, "-f", "markdown")
    assert bad.exit_code == 2 and "SOURCE_DATE_EPOCH" in bad.stderr
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    empty = invoke("recommend", "-a", GROCER, "--title", "  ")
    assert empty.exit_code == 2 and "--title" in empty.stderr


def test_output_file_is_written(tmp_path: Path) -> None:
    target = tmp_path / "advice.json"
    result = invoke("recommend", "-a", GROCER, "-f", "json", "--output", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text())["models"][0]["rank"] == 1
    text_target = tmp_path / "advice.txt"
    invoke("recommend", "-a", GROCER, "--output", str(text_target))
    assert "Recommended blend" in text_target.read_text() and "\x1b" not in text_target.read_text()


def test_answers_from_stdin() -> None:
    result = invoke(
        "recommend", "--answers", "-", "-f", "json", input="team_size: 30\nindustry: saas\n"
    )
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["input"] == "-" and doc["answers"]["team_size"] == 30


@pytest.mark.parametrize(
    ("args", "text", "message"),
    [
        (["recommend"], None, "standard input is not a terminal"),
        (["recommend", "-a", "missing.yaml"], None, "missing.yaml: no such file"),
        (
            ["recommend", "-a", "-"],
            "team_sise: 3\n",
            "<stdin>:1:1: team_sise: unknown question 'team_sise'. Did you mean 'team_size'?",
        ),
        (["recommend", "-a", "-"], "routine_share: 120\n", "120 is out of range"),
        (["recommend", "-a", "-", "-f", "xml"], "team_size: 1\n", "xml"),
    ],
)
def test_bad_input_exits_2_with_one_clear_message(args, text, message) -> None:
    result = invoke(*args, input=text)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""


def test_main_returns_exit_codes(capsys) -> None:
    assert main(["--version"]) == 0
    assert main(["recommend", "--answers", "nope.yaml"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_staffing_command_text_and_json() -> None:
    args = [
        "staffing",
        "--contacts",
        "100",
        "--per",
        "30m",
        "--aht",
        "180",
        "--target",
        "80/20",
        "--shrinkage",
        "0.3",
    ]
    text = invoke(*args, env={"NO_COLOR": "1"})
    assert text.exit_code == 0
    assert "14 agents (20 scheduled" in text.stdout and "88.8%" in text.stdout
    doc = json.loads(invoke(*args, "--format", "json").stdout)
    assert (
        doc["agents"],
        doc["scheduled_agents"],
        doc["service_level"],
        doc["asa_seconds"],
        doc["occupancy"],
    ) == (14, 20, 0.8884, 7.8, 0.7143)
    assert [row["agents"] for row in doc["table"]] == list(range(11, 18))
    with_patience = json.loads(invoke(*args, "--patience", "300", "--format", "json").stdout)
    assert "abandonment" in with_patience and with_patience["model"] == "erlang_a"


def test_staffing_for_one_contact_says_one_agent() -> None:
    """A small business's queue: '1 agent … for 1 contact per 1h', not '1 agents … 1 contacts'."""
    args = ["staffing", "--contacts", "1", "--per", "1h", "--aht", "120", "--target", "80/60"]
    text = invoke(*args, env={"NO_COLOR": "1", "COLUMNS": "200"})
    assert text.exit_code == 0
    assert text.stdout.startswith("1 agent (2 scheduled") and "for 1 contact per 1h" in text.stdout


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--aht", "0"], "handle time"),
        (["--aht", "-3"], "--aht '-3' is not a time"),
        (["--target", "120/20"], "--target: '120/20' asks for 120% of contacts"),
        (["--per", "fortnight"], "--per: 'fortnight' is not a period"),
        (["--target", "soon"], "not a target"),
        (["--concurrency", "9"], "--concurrency: 9 is not a supported concurrency"),
        # the numbers people type: a wrong one names its flag
        (["--contacts", "lots"], "--contacts 'lots' is not a number"),
        (["--aht", "6 parsecs"], "--aht '6 parsecs' is not a time"),
        # 30 could mean 30% or a mistake for 0.30: said, not guessed
        (["--shrinkage", "30"], "Write --shrinkage 30% (or --shrinkage 0.3)"),
        (["--shrinkage", "97%"], "--shrinkage: 97% of paid time is not possible"),
        (["--shrinkage", "-5%"], "--shrinkage: -5% of paid time"),
        (["--max-occupancy", "120%"], "--max-occupancy: a cap of 120% is not possible"),
        (["--max-occupancy", "high"], "--max-occupancy 'high' is not a share"),
        (["--patience", "soon"], "--patience 'soon' is not a time"),
    ],
)
def test_staffing_command_refuses_bad_numbers(extra, message) -> None:
    base = {"--contacts": "100", "--per": "30m", "--aht": "180", "--target": "80/20"}
    for flag, value in zip(extra[::2], extra[1::2], strict=True):
        base[flag] = value
    args = [x for pair in base.items() for x in pair]
    result = invoke("staffing", *args)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split()) and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("written", "plain"),
    [
        ({"--contacts": "1,200"}, {"--contacts": "1200"}),
        ({"--aht": "6 min"}, {"--aht": "360"}),
        ({"--aht": "1.5m"}, {"--aht": "90"}),
        ({"--shrinkage": "25%"}, {"--shrinkage": "0.25"}),
        ({"--max-occupancy": "85%"}, {"--max-occupancy": "0.85"}),
        ({"--patience": "1 min", "--abandon": "5%"}, {"--patience": "60", "--abandon": "5%"}),
    ],
)
def test_staffing_reads_numbers_as_people_write_them(written, plain) -> None:
    """As the interview reads them: thousands separators, a time with its unit, a share with %."""
    base = {"--contacts": "100", "--per": "1d", "--aht": "180", "--target": "24h"}
    if "--patience" in written:
        base = {"--contacts": "100", "--per": "30m", "--aht": "180"}

    def sized(flags: dict[str, str]) -> dict:
        args = [x for pair in {**base, **flags}.items() for x in pair]
        result = invoke("staffing", *args, "-f", "json")
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    assert sized(written) == sized(plain)


def test_a_days_email_is_worked_within_business_hours() -> None:
    args = ["staffing", "--contacts", "400", "--per", "1d", "--aht", "300", "--target", "24h"]
    text = invoke(*args, env={"NO_COLOR": "1"})
    assert text.exit_code == 0 and text.stdout.startswith("5 agents")
    assert "Mon-Fri 09:00-17:00 (the default for a count per day" in " ".join(text.stdout.split())
    around = json.loads(invoke(*args, "--business-hours", "24x7", "-f", "json").stdout)
    assert around["agents"] == 2 and around["inputs"]["business_hours"] == "24x7"
    long_days = json.loads(
        invoke(*args, "--business-hours", "Daily 08:00-20:00", "-f", "json").stdout
    )
    assert long_days["agents"] == math.ceil(400 * 300 / (12 * 3600 * 0.85))


def test_an_abandonment_target_sizes_with_erlang_a() -> None:
    args = ["staffing", "--contacts", "100", "--per", "30m", "--aht", "300"]
    doc = json.loads(invoke(*args, "--abandon", "5%", "--patience", "90", "-f", "json").stdout)
    assert doc["model"] == "erlang_a" and doc["abandonment"] <= 0.05
    fewer = [row for row in doc["table"] if row["agents"] == doc["agents"] - 1]
    assert fewer and fewer[0]["abandonment"] > 0.05


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--abandon", "5%"], "--abandon: an abandonment target needs the callers' patience"),
        (["--abandon", "120%", "--patience", "60"], "--abandon"),
        # targets no staffing meets: some callers always wait, and whoever waits may hang up
        (["--abandon", "0%", "--patience", "60"], "--abandon: '0%': no number of agents"),
        (["--target", "100/20"], "--target: '100/20' asks for every contact"),
        (["--business-hours", "Mon-Fri 9-17"], "--business-hours: '9' in '9-17' is not a time"),
        (["--business-hours", "Someday 09:00-17:00"], "--business-hours: 'Someday' is not a day"),
    ],
)
def test_staffing_refuses_wrong_targets_and_hours(extra, message) -> None:
    args = ["staffing", "--contacts", "100", "--per", "1d", "--aht", "300"]
    if "--abandon" not in extra and "--target" not in extra:
        args += ["--target", "24h"]
    result = invoke(*args, *extra)
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_an_unexpected_error_is_a_bug_exit_3_one_line_no_traceback(monkeypatch) -> None:
    from servicefit.cli.commands import recommend as command

    def broken(*args: object, **kwargs: object) -> int:
        raise ZeroDivisionError("division by zero\nsecond line")

    monkeypatch.setattr(command, "run", broken)
    monkeypatch.delenv("SERVICEFIT_DEBUG", raising=False)
    result = invoke("recommend", "--answers", GROCER)
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith("servicefit: internal error: ZeroDivisionError: division by zero")
    assert "bug in servicefit" in lines[0] and "SERVICEFIT_DEBUG=1" in lines[0]


def test_bad_input_stays_exit_2(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("team_size: lots\n")
    result = invoke("recommend", "--answers", str(bad))
    assert result.exit_code == 2 and "bad.yaml:1:1: team_size" in result.stderr


def test_output_dash_is_standard_output_and_an_empty_name_is_a_usage_error(tmp_path) -> None:
    result = invoke("recommend", "--answers", GROCER, "--format", "json", "--output", "-")
    assert result.exit_code == 0 and result.stdout.startswith("{")
    assert not Path("-").exists()
    result = invoke("recommend", "--answers", GROCER, "--output", "")
    assert result.exit_code == 2 and "an empty name is not a file" in result.stderr


def test_help_gives_every_command_summary_whole() -> None:
    result = run_cli(["--help"], env={"COLUMNS": "100", "NO_COLOR": "1"})
    commands = " ".join(result.stdout.split("Commands:", 1)[1].split())  # wrapped lines joined
    assert result.exit_code == 0 and "..." not in commands
    assert "for one business." in commands and "routine share." in commands


def test_one_shrinkage_default_for_answers_files_and_staffing(tmp_path) -> None:
    """The interview preselects 30%; an answers file or `staffing` without one uses the same."""
    import json

    path = tmp_path / "volumes.yaml"
    path.write_text(
        "channels: [phone]\nvolumes:\n  phone: {contacts: 100, per: 30m, aht: 180, target: 80/20}\n"
    )
    doc = json.loads(run_cli(["recommend", "-a", str(path), "-f", "json"]).stdout)
    assumptions = doc["channel_staffing"]["sizing"]["assumptions"]
    assert assumptions["shrinkage"] == 0.3 and assumptions["shrinkage_from"] == "default"
    staffing = [
        "staffing",
        "--contacts",
        "100",
        "--per",
        "30m",
        "--aht",
        "180",
        "--target",
        "80/20",
    ]
    assert "(20 scheduled with 30% shrinkage)" in run_cli(staffing).stdout


@pytest.mark.parametrize("name", sorted(c.__name__ for c in COMMANDS))
def test_a_command_alone_parses_and_reports_as_in_the_whole_app(name: str) -> None:
    """main() runs a command from an app of that command alone (start-up): its help and its
    usage errors are the whole app's."""
    alone = app_for([name])
    assert alone is not app
    for args in ([name, "--help"], [name, "--no-such-flag"]):
        whole = run_cli(args, env={"COLUMNS": "100"})
        single = RUNNER.invoke(alone, args, env={"COLUMNS": "100"})
        assert (single.exit_code, single.stdout, single.stderr) == (
            whole.exit_code,
            whole.stdout,
            whole.stderr,
        )
    assert app_for(["rules", "lint"]) is app and app_for(["--help"]) is app and app_for([]) is app


def test_shell_completion(monkeypatch, capsys) -> None:
    script = invoke("--show-completion", "bash")
    assert script.exit_code == 0 and "_SERVICEFIT_COMPLETE" in script.stdout
    monkeypatch.setenv("_SERVICEFIT_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "servicefit recommend --format ")
    monkeypatch.setenv("COMP_CWORD", "3")
    assert main([]) == 0
    assert capsys.readouterr().out.split() == ["text", "json", "markdown", "html"]
