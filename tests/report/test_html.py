"""The HTML report: self-contained, deterministic, escaped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_cli

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.*"))


def html_of(*args: str) -> str:
    result = run_cli(["recommend", *args, "--format", "html"])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.name for p in EXAMPLE_FILES])
def test_every_example_is_one_self_contained_page(path: Path) -> None:
    page = html_of("-a", str(path))
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<script" not in page  # readable without scripts
    # nothing is fetched: no external source, stylesheet or font
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page
    assert page.count("<svg") >= 2  # the scores and the blend, drawn
    assert "Roadmap" in page and "Models" in page
    assert page == html_of("-a", str(path))  # same input, same bytes


def test_weekly_volumes_draw_staffing_and_the_week(tmp_path: Path) -> None:
    page = html_of("-a", str(EXAMPLES / "weekly-volumes.yaml"))
    assert page.count("<svg") == 3 and "Agent-hours a week per option" in page
    assert 'aria-label="Agents per hour of the week"' in page


def test_text_from_a_rule_set_and_the_answers_is_escaped(rules_copy: Path, tmp_path: Path) -> None:
    evil = '"<script>alert(1)</script> & <b>bold</b>"'
    for scoring in (rules_copy / "scoring").glob("*.yaml"):  # every rule's reason
        text = scoring.read_text()
        scoring.write_text(re.sub(r"because: .+", f"because: {evil}", text))
    answers = tmp_path / "<img src=x onerror=alert(1)>.yaml"
    answers.write_text("team_size: 3\n")
    args = ["-a", str(answers), "--rules", str(rules_copy), "--set", "routine_share=90"]
    page = html_of(*args)
    assert "<script>alert(1)" not in page and "<img src=x" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_html_is_offered_where_it_works() -> None:
    result = run_cli(["models", "--format", "html"])
    assert result.exit_code == 2 and "'html' is not one of" in result.stderr


def test_explain_and_diff_write_pages_too(tmp_path: Path) -> None:
    grocer = str(EXAMPLES / "online-grocer.yaml")
    explained = run_cli(["explain", "-a", grocer, "-f", "html"])
    assert explained.exit_code == 0 and explained.stdout.startswith("<!DOCTYPE html>")
    assert "<script" not in explained.stdout and "Rules that moved a score" in explained.stdout
    compared = run_cli(["diff", "-a", grocer, "--set", "team_size=60", "-f", "html"])
    assert compared.exit_code == 1  # the staffing choice changes, as in text
    page = compared.stdout
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert "The top model or the staffing choice changed." in page and "<svg" in page
    same = run_cli(["diff", "-a", grocer, "--set", "team_size=60", "-f", "html"])
    assert same.stdout == page


def test_no_chart_shows_a_raw_number_on_hover() -> None:
    """A browser shows an SVG <title> as a tooltip: each chart keeps only its own title."""
    page = run_cli(["recommend", "-a", str(EXAMPLES / "weekly-volumes.yaml"), "-f", "html"]).stdout
    charts = re.findall(r"<svg.*?</svg>", page, re.S)
    assert len(charts) >= 3
    for svg in charts:
        titles = re.findall(r"<title>(.*?)</title>", svg, re.S)
        assert len(titles) == 1 and not re.fullmatch(r"[\d.,]+", titles[0]), titles


def test_compiled_templates_are_kept_in_the_private_cache(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("SERVICEFIT_NO_CACHE", raising=False)
    first = html_of("-a", str(EXAMPLES / "weekly-volumes.yaml"))
    compiled = tmp_path / "servicefit" / "templates"
    assert compiled.is_dir() and list(compiled.iterdir())
    assert (compiled.stat().st_mode & 0o077) == 0  # private, as the rule-set cache
    assert html_of("-a", str(EXAMPLES / "weekly-volumes.yaml")) == first  # the same bytes
    monkeypatch.setenv("SERVICEFIT_NO_CACHE", "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "off"))
    assert html_of("-a", str(EXAMPLES / "weekly-volumes.yaml")) == first
    assert not (tmp_path / "off").exists()


def test_the_audit_writes_a_page_with_its_text_escaped_and_redacted(tmp_path: Path) -> None:
    """Ticket text reaches the page only redacted and escaped: a subject with markup and a phone
    number, a channel value with markup in the unmapped-value warning."""
    export = tmp_path / "tickets.csv"
    rows = ["id,created_at,channel,subject"]
    rows += [
        f"{n},2024-0{1 + n % 3}-{1 + n % 27:02d} {8 + n % 10:02d}:15,email,"
        '"<script>alert(1)</script> where is my order? call +44 20 7946 0958"'
        for n in range(60)
    ]
    rows.append("61,2024-02-03 10:00,<b>pigeon</b>,hello")
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run_cli(["audit", str(export), "--source-timezone", "UTC", "-f", "html"])
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; where is my order?" in page
    assert "7946" not in page and "&lt;b&gt;pigeon&lt;/b&gt;" in page
    assert 'aria-label="Contacts per hour of the week"' in page  # the week, shaded
    assert page.count("<svg") == 3  # channels, the months of the span, routine intents
    assert "60 contacts counted from 61 rows" in page
    again = run_cli(["audit", str(export), "--source-timezone", "UTC", "-f", "html"])
    assert again.stdout == page  # same export, same bytes
