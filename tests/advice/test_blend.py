from __future__ import annotations

from servicefit.advice.blend import _split, automated_share
from servicefit.advice.engine import recommend
from servicefit.intake.answers import validate_answers


def test_split_is_exact_and_proportional() -> None:
    assert _split(1000, [1, 1, 1]) == [334, 333, 333]
    assert _split(700, [3, 1]) == [525, 175]
    assert _split(5, [0, 0]) == [3, 2]
    assert _split(0, [5]) == [0]


def test_automated_share_is_routine_times_containment(kb) -> None:
    values = validate_answers(
        {
            "routine_share": 50,
            "tools": ["chatbot", "knowledge_base"],
            "integration": "full",
            "tool_budget": "low",
        },
        kb,
    ).values
    share, contained, reasons = automated_share(values, kb)
    assert contained == 0.75  # 0.25 baseline + 0.25 bot + 0.15 content + 0.10 full handoff
    assert share == 0.375
    assert reasons[0].startswith("automated share = routine contacts 50% × containment 75% = 37.5%")


def test_containment_is_capped_at_eighty_percent(kb) -> None:
    values = validate_answers(
        {
            "routine_share": 100,
            "tools": ["chatbot", "knowledge_base"],
            "integration": "full",
            "coverage": "24x7",
            "repetitive_overload": True,
        },
        kb,
    ).values
    share, contained, reasons = automated_share(values, kb)
    assert contained == 0.8 and share == 0.8
    assert any("kept within" in r for r in reasons)


def test_luxury_and_personal_attention_keep_people_in_front(kb) -> None:
    plain = validate_answers({"routine_share": 60}, kb).values
    luxe = validate_answers(
        {"routine_share": 60, "price_tier": "luxury", "customer_priority": "personal_attention"}, kb
    ).values
    assert automated_share(luxe, kb)[0] < automated_share(plain, kb)[0]


def test_components_carry_role_channels_and_reasons(kb) -> None:
    rec = recommend(
        validate_answers(
            {
                "routine_share": 70,
                "channels": ["chat", "phone"],
                "tools": ["chatbot", "crm"],
                "integration": "full",
                "team_size": 12,
            },
            kb,
        ),
        kb,
    )
    served = {ch for c in rec.blend.components if not c.automated for ch in c.channels}
    assert {"chat", "phone"} <= served, "every served channel has people behind it"
    for component in rec.blend.components:
        assert component.role and component.reasons
        assert component.automated == (kb.models[component.model].pool == "automated")


def test_no_routine_contacts_means_no_automation(kb) -> None:
    rec = recommend(validate_answers({"routine_share": 0}, kb), kb)
    assert rec.blend.automated_share == 0
    assert all(not c.automated for c in rec.blend.components)
