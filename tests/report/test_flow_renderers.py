"""The renderers called directly on what the command flows return, without the command line:
every format of the audit, diff, forecast, capacity and catalog reports, and the small
drawing helpers."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest

from servicefit.audit.document import to_json
from servicefit.flows import audit, capacity, diff, forecast
from servicefit.knowledge.base import KnowledgeBase
from servicefit.report import audit as audit_report
from servicefit.report import capacity as capacity_report
from servicefit.report import catalog
from servicefit.report import diff as diff_report
from servicefit.report import forecast as forecast_report
from servicefit.report.console import make_console
from servicefit.report.formats import Format, ReportFormat
from servicefit.report.palette import COLOURS, palette
from servicefit.report.week import sparkline
from tests.conftest import EXAMPLES, ROOT

EXPORT = ROOT / "examples" / "exports" / "webshop-history.csv.gz"
WEEKLY = str(EXAMPLES / "weekly-volumes.yaml")


def text_of(rendered: str | Callable[[Any], None]) -> str:
    """A renderer's text, or its drawing on a plain 100-column console."""
    if isinstance(rendered, str):
        return rendered
    out = io.StringIO()
    rendered(make_console(out, color=False, width=100))
    return out.getvalue()


@pytest.fixture(scope="module")
def audited(kb: KnowledgeBase) -> audit.Audited:
    return audit.run(audit.AuditRequest(exports=(EXPORT,)), kb)


def test_the_audit_report_in_every_format_says_what_the_document_says(
    audited: audit.Audited,
) -> None:
    result = audited.result
    doc = result.document
    assert json.loads(text_of(audit_report.render(result, ReportFormat.json))) == to_json(doc)
    top = doc.channels[0]
    for fmt in (ReportFormat.text, ReportFormat.markdown, ReportFormat.html):
        page = text_of(audit_report.render(result, fmt))
        assert f"{top.contacts:,}" in page and top.channel in page
        assert f"{doc.rows.read:,} rows read" in page
        assert "Measured answers" in page
    heat = audit_report.heat_rows(doc)
    assert len(heat) == 8 and heat[1].startswith("Mon")  # a ruler, then Monday to Sunday


def test_the_answers_file_lists_each_measured_answer_with_how(audited: audit.Audited) -> None:
    text = audit_report.answers_yaml(audited.result, ["export.csv"])
    for key in audited.result.document.answers:
        assert f"\n{key}:" in text
    assert text.count("# measured:") == len(audited.result.document.answers)


def test_a_diff_renders_in_every_format(kb: KnowledgeBase) -> None:
    grocer = str(EXAMPLES / "online-grocer.yaml")
    found = diff.run(diff.DiffRequest(first=grocer, sets=("team_size=60",)), kb)
    doc = json.loads(diff_report.render(found.result, found.first, found.second, Format.json))
    assert doc["changed"] is True
    staffing = doc["results"][0]["staffing"]
    assert (staffing["from"], staffing["to"], staffing["changed"]) == ("shared", "dedicated", True)
    for fmt in (Format.text, Format.markdown, ReportFormat.html):
        page = diff_report.render(found.result, found.first, found.second, fmt)
        assert "dedicated" in page


def test_forecast_document_and_pages(kb: KnowledgeBase) -> None:
    request = forecast.ForecastRequest(audit=audit.AuditRequest(exports=(EXPORT,)), weeks=4)
    found = forecast.run(request, kb)
    doc = forecast_report.document(found.plan, [str(EXPORT)], "UTC", [])
    assert len(doc["weeks"]) == 4
    assert all(w["low"] <= w["contacts"] <= w["high"] for w in doc["weeks"])
    assert doc["method"] in {b["method"] for b in doc["backtest"]}
    for fmt in (ReportFormat.text, ReportFormat.markdown, ReportFormat.html):
        page = text_of(forecast_report.render(found.plan, doc, fmt))
        assert doc["weeks"][0]["start"] in page


def test_capacity_document_and_pages(kb: KnowledgeBase) -> None:
    request = capacity.CapacityRequest(answers=WEEKLY, agents=("all=15",), scales=(1.5,))
    found = capacity.run(request, kb)
    doc = capacity_report.document(found.weeks[0], found.weeks[1:], found.source, found.team)
    assert doc["scenarios"][0]["scale"] == 1.5
    busier = doc["scenarios"][0]["summary"]["hours_below_target"]
    assert busier >= doc["summary"]["hours_below_target"]
    for fmt in (ReportFormat.text, ReportFormat.markdown, ReportFormat.html):
        assert "15" in text_of(capacity_report.render(found.weeks, doc, fmt))


def test_the_catalog_lists_every_model_and_question(kb: KnowledgeBase) -> None:
    models = json.loads(text_of(catalog.models(kb, Format.json)))
    assert [m["id"] for m in models["models"]] == list(kb.models)
    listing = text_of(catalog.questions(kb, Format.markdown))
    assert all(f"`{q}`" in listing for q in kb.questions)


def test_a_model_keeps_its_colour_whatever_is_drawn_beside_it() -> None:
    order = ["a", "b", "c"]
    assert palette(["c", "a"], order) == [COLOURS[2], COLOURS[0]]
    assert palette(["unknown"], order) == [COLOURS[-1]]


def test_a_sparkline_has_a_cell_an_hour_and_tops_out_at_the_peak() -> None:
    line = sparkline((0, 1, 2, 4), 4)
    assert len(line) == 4 and line[0] != line[-1]
