from __future__ import annotations

from pathlib import Path

import pytest

from servicefit.errors import RulesError
from servicefit.knowledge.loader import load_knowledge

MODEL_IDS = [
    "convenient",
    "personalized",
    "one_team",
    "one_on_one",
    "self_service",
    "online",
    "redirected",
    "hybrid",
]

# The public answer contract of issue #2: these ids and values must keep working.
CONTRACT = {
    "industry": [
        "ecommerce",
        "retail",
        "essentials",
        "saas",
        "it_services",
        "telecom",
        "finance",
        "insurance",
        "healthcare",
        "legal",
        "real_estate",
        "hospitality",
        "luxury",
        "b2b_services",
        "manufacturing",
        "public_sector",
        "other",
    ],
    "customers": ["consumers", "businesses", "both"],
    "price_tier": ["budget", "mid_market", "premium", "luxury"],
    "customer_priority": ["speed", "balanced", "personal_attention"],
    "purchase_complexity": ["simple", "moderate", "complex"],
    "routine_share": "int",
    "cross_team_issues": "bool",
    "needs_specialists": "bool",
    "regulated": "bool",
    "monthly_contacts": "int",
    "volume_peaks": ["none", "moderate", "high"],
    "channels": ["phone", "email", "chat", "social", "sms", "in_person"],
    "coverage": ["business_hours", "extended", "24x7"],
    "digital_first": "bool",
    "relationship": ["one_off", "repeat", "long_term"],
    "team_size": "int",
    "agent_skill": ["basic", "experienced", "expert"],
    "relationship_driven": "bool",
    "repetitive_overload": "bool",
    "multichannel_agents": "bool",
    "cross_trained": "bool",
    "specialist_teams": "bool",
    "training_investment": ["low", "medium", "high"],
    "tools": [
        "crm",
        "helpdesk",
        "knowledge_base",
        "self_service_portal",
        "chatbot",
        "ivr",
        "voicebot",
        "live_chat",
        "sentiment_analysis",
        "unified_agent_desktop",
        "workforce_management",
    ],
    "tool_budget": ["low", "medium", "high"],
    "integration": ["none", "partial", "full"],
}


def test_default_rule_set_has_the_eight_models_and_two_staffing_options(kb) -> None:
    assert list(kb.models) == MODEL_IDS
    assert list(kb.staffing) == ["shared", "dedicated"]
    for model in [*kb.models.values(), *kb.staffing.values()]:
        assert model.name and model.summary and model.good_for and model.how_it_works


def test_answer_contract_is_kept(kb) -> None:
    for qid, spec in CONTRACT.items():
        question = kb.questions[qid]
        if spec in ("int", "bool"):
            assert question.type == spec, qid
        else:
            assert set(spec) <= set(question.values), qid
    assert kb.questions["routine_share"].min == 0 and kb.questions["routine_share"].max == 100
    assert [s.id for s in kb.sections] == ["needs", "team", "tools"]


def test_every_model_and_staffing_option_can_be_raised_and_lowered_by_some_rule(kb) -> None:
    for target in kb.targets:
        assert any(rule.effects.get(target, 0) > 0 for rule in kb.rules), target


def test_every_question_is_read_by_some_rule(kb) -> None:
    read = set().union(*(rule.fields() for rule in kb.rules))  # conditions and grades
    assert set(kb.questions) - read == set()


def test_one_on_one_and_redirected_require_a_crm(kb) -> None:
    for model in ("one_on_one", "redirected"):
        fields = set().union(*(p.requires.fields() for p in kb.models[model].prerequisites))
        assert "tools" in fields


def _break(rules: Path, name: str, old: str, new: str) -> None:
    path = rules / name
    text = path.read_text()
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "scoring/needs.yaml",
            "{field: industry, eq: essentials}",
            "{field: industri, eq: essentials}",
            "essentials-want-speed: unknown field 'industri'. Did you mean 'industry'?",
        ),
        (
            "scoring/needs.yaml",
            "effects: {convenient: 26,",
            "effects: {convenient_model: 26,",
            "unknown model or staffing option 'convenient_model'",
        ),
        (
            "scoring/needs.yaml",
            "You sell {industry};",
            "You sell {industy};",
            "not a question id. Did you mean 'industry'?",
        ),
        ("scoring/team.yaml", "id: basic-agents", "id: expert-agents", "the rule id is used twice"),
        (
            "scoring.yaml",
            "{field: team_size, gt: 10}",
            "{field: team_size, gt: ten}",
            "not a whole number",
        ),
        (
            "questions.yaml",
            "default: mid_market",
            "default: middle",
            "the default 'middle' is not an allowed value",
        ),
        ("questions.yaml", "type: bool", "type: boolean", "unknown question type 'boolean'"),
        ("models.yaml", "pool: automated", "pool: robots", "pool must be one of automated, human"),
        (
            "blend.yaml",
            "max_automated_share: 0.80",
            "max_automated_share: 1.8",
            "fraction from 0 to 1",
        ),
        (
            "advice.yaml",
            "{field: staffing, eq: shared}",
            "{field: staffing, eq: pooled}",
            "'pooled' is not an allowed value",
        ),
        (
            "advice.yaml",
            "code: thin-round-the-clock",
            "code: thin-round-the-clock\n    colour: red",
            "unknown key 'colour'",
        ),
    ],
)
def test_broken_rule_sets_fail_with_file_line_and_id(
    rules_copy: Path, name, old, new, message
) -> None:
    _break(rules_copy, name, old, new)
    with pytest.raises(RulesError) as info:
        load_knowledge(rules_copy)
    error = info.value
    assert message in str(error)
    assert error.location.file.endswith(name)
    assert error.location.line is not None


def test_line_number_of_a_broken_rule_is_exact(rules_copy: Path) -> None:
    path = rules_copy / "scoring" / "tools.yaml"
    lines = path.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if "{field: tools, contains: crm}" in line)
    lines[index] = lines[index].replace("crm", "crn")
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(RulesError) as info:
        load_knowledge(rules_copy)
    assert info.value.location.line == index + 1
    assert "crm-in-place" in str(info.value)


def test_missing_part_is_named(rules_copy: Path) -> None:
    (rules_copy / "blend.yaml").unlink()
    with pytest.raises(RulesError, match=r"no blend\.yaml"):
        load_knowledge(rules_copy)
