"""The advice issue's patterns as unit tests of the engine: a person answering every contact by
choice, the people on duty together, the routine share capped as one fact, the sized cost
deciding the staffing, minor channels, and models held back for what they lack."""

from __future__ import annotations

from typing import Any

import pytest

from servicefit.advice.engine import recommend
from servicefit.advice.explanation import explain
from servicefit.intake.answers import load_answers, validate_answers
from servicefit.knowledge.base import KnowledgeBase
from servicefit.staffing.workload import DEDICATED, SHARED
from tests.conftest import EXAMPLES

SHOP: dict[str, Any] = {
    "industry": "ecommerce",
    "routine_share": 70,
    "monthly_contacts": 50_000,
    "channels": ["phone", "email", "chat"],
    "coverage": "24x7",
    "team_size": 60,
    "repetitive_overload": True,
    "tools": ["crm", "helpdesk", "knowledge_base", "chatbot"],
    "integration": "full",
}


def run(kb: KnowledgeBase, **answers: Any):
    return recommend(validate_answers(answers, kb, "<test>"), kb)


def test_a_person_answering_by_choice_keeps_bots_out_of_the_blend_and_the_plan(kb) -> None:
    machine = run(kb, **SHOP)
    people = run(kb, **SHOP, human_first=True)
    automated = {"convenient", "hybrid"}
    assert automated & {c.model for c in machine.blend.components}  # the contrast holds
    assert not automated & {c.model for c in people.blend.components}
    assert people.models[0].id not in {"self_service", "convenient", "hybrid"}
    assert people.blend.automated_share < machine.blend.automated_share
    assert "first-line" not in {p.id for p in people.roadmap}
    assert not any("bot" in step.lower() for step in people.next_steps)


def test_the_routine_share_counts_once_however_many_rules_read_it(kb) -> None:
    group = kb.scoring.groups[0]
    rec = run(kb, **{**SHOP, "routine_share": 100})
    for model in rec.models:
        from_group = sum(r.points for r in model.reasons if r.rule in group.rules)
        assert abs(from_group) <= group.cap + 1e-9, (model.id, from_group)
    scaled = run(kb, **{**SHOP, "routine_share": 100, "human_first": True})
    for model in scaled.models:
        from_group = sum(r.points for r in model.reasons if r.rule in group.rules)
        assert abs(from_group) <= group.cap * 0.25 + 1e-9


def test_the_people_on_duty_together_decide_shared_or_dedicated(kb) -> None:
    base = {"channels": ["phone", "email", "chat"], "team_size": 60}
    assert run(kb, **base).staffing.recommended == DEDICATED
    assert run(kb, **base, agents_per_shift=4).staffing.recommended == SHARED
    assert run(kb, **base, agents_per_shift=40).staffing.recommended == DEDICATED
    pod = run(kb, **base, agents_per_shift=6, multichannel_agents=True)
    assert pod.staffing.recommended == SHARED
    assert "many-agents-shared" not in {w.code for w in pod.warnings}  # 6 share, not 60


@pytest.mark.parametrize("name", ["weekly-volumes.yaml", "contact-centre-volumes.yaml"])
def test_with_volumes_the_sizing_replaces_the_headcount_rule(kb, name: str) -> None:
    rec = recommend(load_answers(str(EXAMPLES / name), kb), kb)
    staffing = rec.staffing
    assert staffing.sizing is not None
    rules = {r.rule for r in staffing.reasons}
    assert not rules & kb.scoring.sized_instead  # the team-size rule of thumb stands aside
    chosen = staffing.recommended
    other = SHARED if chosen == DEDICATED else DEDICATED
    if staffing.sizing.total(chosen) > staffing.sizing.total(other) * 1.01:
        assert any("less" in note for note in staffing.notes)  # and the report says why


def test_a_minor_counter_does_not_cost_the_online_model(kb) -> None:
    bank = {
        "industry": "finance",
        "channels": ["chat", "email", "phone", "in_person"],
        "digital_first": True,
        "team_size": 40,
    }
    listed = {m.id: m.points for m in run(kb, **bank).models}
    minor = {m.id: m.points for m in run(kb, **bank, minor_channels=["phone", "in_person"]).models}
    assert minor["online"] > listed["online"]


def test_a_leader_that_lacks_what_it_rests_on_is_held_back_with_a_warning(kb) -> None:
    answers = {
        "industry": "it_services",
        "cross_team_issues": True,
        "cross_trained": False,
        "escalation_shape": "stays",
        "channels": ["phone", "email"],
        "team_size": 12,
        "tools": ["crm"],
    }
    rec = run(kb, **answers)
    assert rec.models[0].id == "one_team"
    assert "one_team" not in {c.model for c in rec.blend.components}
    codes = {w.code for w in rec.warnings}
    assert {"missing-prerequisite", "leader-not-ready"} <= codes
    assert any("One team takes no share" in r for r in rec.blend.reasons)
    ready = run(kb, **{**answers, "cross_trained": True})
    assert "one_team" in {c.model for c in ready.blend.components}


def test_explain_shows_what_a_rule_gave_after_the_cap_and_the_sizing(kb) -> None:
    answers = validate_answers({**SHOP, "routine_share": 100, "human_first": True}, kb, "t")
    doc = explain(answers, kb)
    rec = recommend(answers, kb)
    given = {(r.rule, r.target): r.points for m in rec.models for r in m.reasons}
    for rule in doc.rules:
        if rule.moved:
            for target, points in rule.effects.items():
                if points and target in {m.id for m in rec.models}:
                    assert given[(rule.id, target)] == pytest.approx(points * rule.factor)
