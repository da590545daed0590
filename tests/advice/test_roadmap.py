"""The roadmap of one recommendation: phases that fit, after what they depend on."""

from __future__ import annotations

from servicefit.advice.engine import recommend
from servicefit.intake.answers import validate_answers


def roadmap(kb, **answers) -> list:
    return list(recommend(validate_answers(answers, kb), kb).roadmap)


def test_phases_come_after_their_prerequisites(kb) -> None:
    phases = roadmap(
        kb,
        industry="ecommerce",
        routine_share=80,
        team_size=40,
        tools=["chatbot"],
        integration="partial",
    )
    order = [p.id for p in phases]
    for position, phase in enumerate(phases):
        assert all(order.index(a) < position for a in phase.after)
        assert phase.steps
    assert order[0] == "measure" and order[-1] == "review"
    # a bot on a partial integration waits for the handoff
    if "first-line" in order and "handoff" in order:
        assert order.index("handoff") < order.index("first-line")


def test_no_bot_plan_where_little_is_automated(kb) -> None:
    order = [
        p.id
        for p in roadmap(
            kb, industry="luxury", routine_share=5, customer_priority="personal_attention"
        )
    ]
    assert "first-line" not in order and "knowledge-base" not in order


def test_targets_follow_from_the_answers(kb) -> None:
    rec = recommend(
        validate_answers({"industry": "ecommerce", "routine_share": 80, "team_size": 12}, kb), kb
    )
    first_line = next(p for p in rec.roadmap if p.id == "first-line")
    share = f"{round(rec.blend.automated_share * 100)}%"
    assert any(share in m for m in first_line.measures)
    doc = rec.to_dict()
    assert doc["roadmap"][0]["id"] == "measure" and "measures" in doc["roadmap"][0]


def test_a_phone_only_service_is_not_told_to_put_a_bot_on_a_digital_channel(kb) -> None:
    from servicefit.advice.engine import recommend
    from servicefit.intake.answers import validate_answers

    given = {
        "industry": "telecom",
        "channels": ["phone"],
        "routine_share": 80,
        "repetitive_overload": True,
        "team_size": 12,
        "tools": ["helpdesk"],
        "customer_priority": "speed",
    }
    rec = recommend(validate_answers(given, kb, "<test>"), kb)
    first_line = next(p for p in rec.roadmap if p.id == "first-line")
    steps = " ".join(first_line.to_dict()["steps"])
    assert "digital channel" not in steps and "voicebot or IVR" in steps
