"""Every command that offers --format markdown writes Markdown, not its text under that name."""

from __future__ import annotations

import pytest

from tests.conftest import EXAMPLES, run_cli

GROCER, HOTEL = str(EXAMPLES / "online-grocer.yaml"), str(EXAMPLES / "boutique-hotel.yaml")

COMMANDS = {
    "recommend": ["recommend", "-a", GROCER],
    "explain": ["explain", "-a", GROCER],
    "diff": ["diff", GROCER, HOTEL],
    "staffing": [
        "staffing",
        "--contacts",
        "10",
        "--per",
        "30m",
        "--aht",
        "100",
        "--target",
        "80/20",
    ],
    "models": ["models"],
    "questions": ["questions"],
    "rules lint": ["rules", "lint"],
    "rules test": ["rules", "test"],
}


@pytest.mark.parametrize("name", COMMANDS)
def test_markdown_is_markdown(name: str) -> None:
    args = COMMANDS[name]
    text = run_cli([*args, "--format", "text"], env={"NO_COLOR": "1"})
    markdown = run_cli([*args, "--format", "markdown"])
    assert markdown.exit_code in (0, 1), markdown.stderr  # diff: 1 when the advice changed
    assert markdown.stdout != text.stdout
    assert markdown.stdout.lstrip().startswith(("#", "|", "-")) or "\n|" in markdown.stdout


def test_a_rule_text_cannot_break_the_lint_table(tmp_path) -> None:
    from servicefit.knowledge.lint import Problem
    from servicefit.report.formats import Format
    from servicefit.report.rules import lint

    problem = Problem("r.yaml", 3, 1, "a|b", "invalid", "bad | <script>", None)
    out = lint([problem], "r.yaml", Format.markdown)
    assert "a\\|b" in out and "<script>" not in out
