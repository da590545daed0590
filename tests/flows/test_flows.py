"""The command flows called as a program would: a keyword-only request in, a typed result out,
without the command line."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from servicefit.advice.recommendation import Recommendation
from servicefit.audit.document import AuditDocument
from servicefit.errors import InputError, UsageError
from servicefit.flows import audit, batch, capacity, diff, explain, forecast, recommend, rules
from servicefit.flows import staffing as staffing_flow
from servicefit.knowledge.rulesets import default_knowledge
from tests.conftest import EXAMPLES, ROOT

KB = default_knowledge()
EXPORT = ROOT / "examples" / "exports" / "webshop-history.csv.gz"
GROCER = str(EXAMPLES / "online-grocer.yaml")
REQUESTS = [
    audit.AuditRequest,
    batch.BatchRequest,
    capacity.CapacityRequest,
    diff.DiffRequest,
    explain.ExplainRequest,
    forecast.ForecastRequest,
    recommend.RecommendRequest,
    rules.RulesRequest,
    staffing_flow.StaffingRequest,
]


@pytest.mark.parametrize("request_type", REQUESTS, ids=lambda t: t.__name__)
def test_requests_are_built_by_keyword_only_and_frozen(request_type: type) -> None:
    fields = dataclasses.fields(request_type)
    assert all(f.kw_only for f in fields)
    with pytest.raises(TypeError):
        request_type(*(["x"] * len(fields)))  # no field can be given by position


def test_the_audit_flow_returns_the_typed_document() -> None:
    found = audit.run(audit.AuditRequest(exports=(EXPORT,), timezone="Europe/Berlin"), KB)
    doc = found.result.document
    assert isinstance(doc, AuditDocument)
    assert doc.rows.used > 20_000 and doc.timezone == "Europe/Berlin"
    assert {c.channel for c in doc.channels} >= {"email", "chat"}
    assert found.options.zone_name == "Europe/Berlin"


def test_recommend_with_an_audit_builds_the_same_request_the_audit_does() -> None:
    request = recommend.RecommendRequest(
        answers=GROCER, audit=audit.AuditRequest(exports=(EXPORT,))
    )
    rec = recommend.run(request, KB)
    assert isinstance(rec, Recommendation)
    assert rec.input.startswith("audit of")
    assert any(w.code == "measured-answers" for w in rec.warnings)


def test_recommend_without_an_audit_carries_what_would_change() -> None:
    rec = recommend.run(recommend.RecommendRequest(answers=GROCER), KB)
    assert rec.to_dict()["what_would_change"]


def test_a_scenario_diff_names_its_sides() -> None:
    found = diff.run(diff.DiffRequest(first=GROCER, sets=("team_size=40",)), KB)
    assert found.first == GROCER and found.second.startswith(GROCER + " ")
    assert found.result.comparisons


def test_wrong_requests_are_usage_or_input_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="give at least one export"):
        audit.run(audit.AuditRequest(), KB)
    with pytest.raises(InputError, match="no such file"):
        audit.measured(audit.AuditRequest(exports=(tmp_path / "none.csv",)), KB)
    with pytest.raises(UsageError, match="--weeks 0"):
        forecast.run(forecast.ForecastRequest(weeks=0), KB)
    with pytest.raises(UsageError, match="no inputs"):
        batch.prepare(batch.BatchRequest(), KB)
    weekly = str(EXAMPLES / "weekly-volumes.yaml")
    with pytest.raises(UsageError, match="no number for"):
        capacity.run(capacity.CapacityRequest(answers=weekly, agents=("phone=3",)), KB)


def test_capacity_and_staffing_flows_return_their_results() -> None:
    weekly = str(EXAMPLES / "weekly-volumes.yaml")
    found = capacity.run(
        capacity.CapacityRequest(answers=weekly, agents=("all=15",), scales=(1.25,)), KB
    )
    assert len(found.weeks) == 2 and found.team == {"all": 15}
    sized = staffing_flow.run(
        staffing_flow.StaffingRequest(contacts=100, per="30m", aht=180, target="80/20"), KB
    )
    assert sized.sizing.agents > 0


def test_the_rule_set_cases_pass_through_the_flow() -> None:
    results = rules.test(rules.RulesRequest(), KB)
    assert results and all(r.passed for r in results)
