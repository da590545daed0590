from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from servicefit.advice.channel_staffing import pooling_reason
from servicefit.advice.engine import recommend
from servicefit.intake.answers import validate_answers
from servicefit.staffing.sizing import size_workload
from servicefit.staffing.workload import ChannelVolume, Workload

VOLUMES = {
    "phone": {"contacts": 100, "per": "30m", "aht": 180, "target": "80/20"},
    "chat": {"contacts": 200, "per": "30m", "aht": 600, "target": "80/30", "concurrency": 2},
    "email": {"contacts": 400, "per": "1d", "aht": 300, "target": "24h"},
}


def channel(name: str, contacts: float, aht: float, level=0.8, within=20.0) -> ChannelVolume:
    return ChannelVolume(
        name, contacts, 1800, "30m", aht, level, within, None, f"{level * 100:g}/{within:g}"
    )


@settings(max_examples=150, deadline=None)
@given(
    a=st.integers(0, 2000),
    b=st.integers(0, 2000),
    aht_a=st.integers(30, 900),
    aht_b=st.integers(30, 900),
)
def test_pooling_never_worse_at_zero_penalty_and_equal_targets(kb, a, b, aht_a, aht_b) -> None:
    workload = Workload(
        (channel("phone", a, aht_a), channel("chat", b, aht_b)), 0.0, 0.0, None, None
    )
    sizing = size_workload(workload, kb.workforce.sizing)
    assert sizing.shared.agents <= sizing.dedicated_agents


def test_switch_penalty_can_make_pooling_lose(kb) -> None:
    channels = (channel("phone", 900, 300), channel("chat", 900, 300))
    free = size_workload(Workload(channels, 0.0, 0.0, None, None), kb.workforce.sizing)
    costly = size_workload(Workload(channels, 0.0, 0.3, None, None), kb.workforce.sizing)
    assert free.pooling_saving > 0 > costly.pooling_saving
    assert pooling_reason(costly, kb.workforce).target == "dedicated"


def test_small_team_pooling_saves_and_says_so_in_numbers(kb) -> None:
    channels = (channel("phone", 20, 240), channel("chat", 20, 240))
    sizing = size_workload(Workload(channels, 0.0, 0.0, None, None), kb.workforce.sizing)
    reason = pooling_reason(sizing, kb.workforce)
    assert reason.target == "shared" and reason.points > 0
    assert (
        f"needs {sizing.shared.agents} agents instead of {sizing.dedicated_agents}"
        in reason.because
    )


def test_huge_teams_gain_almost_nothing_from_pooling(kb) -> None:
    channels = (channel("phone", 100_000, 300), channel("chat", 100_000, 300))
    sizing = size_workload(Workload(channels, 0.0, 0.0, None, None), kb.workforce.sizing)
    assert 0 <= sizing.pooling_saving < kb.workforce.pooling.negligible_saving
    assert pooling_reason(sizing, kb.workforce).target == "dedicated"


def test_recommendation_with_volumes(kb) -> None:
    answers = validate_answers(
        {
            "channels": ["phone", "chat", "email"],
            "team_size": 30,
            "routine_share": 60,
            "tools": ["chatbot"],
            "integration": "full",
            "coverage": "extended",
            "volumes": VOLUMES,
            "shrinkage": 0.3,
            "agent_cost_per_hour": 28,
        },
        kb,
    )
    rec = recommend(answers, kb)
    sizing = rec.staffing.sizing.to_dict()
    phone = sizing["dedicated"]["by_channel"]["phone"]
    assert (phone["agents"], phone["scheduled_agents"], phone["service_level"]) == (14, 20, 0.8884)
    assert sizing["dedicated"]["agents"] == sum(
        c["agents"] for c in sizing["dedicated"]["by_channel"].values()
    )
    assert any(r.rule == "pooling-arithmetic" for r in rec.staffing.reasons)
    effect = rec.blend.effect.to_dict()
    assert effect["agents_after"] < effect["agents_before"]
    # extended coverage: Mon-Fri 08:00-20:00 and Sat 09:00-17:00, 68 open hours a week
    assert effect["monthly_saving"] == round(
        (effect["scheduled_before"] - effect["scheduled_after"]) * 68 * 52 / 12 * 28, 2
    )
    assert sizing["assumptions"]["switch_penalty_from"] == "default"
    doc = rec.to_dict()
    assert doc["channel_staffing"]["sizing"]["shared"]["agents"] == sizing["shared"]["agents"]
    assert "effect" in doc["blend"]


def test_without_volumes_nothing_is_sized(kb) -> None:
    rec = recommend(validate_answers({"team_size": 3}, kb), kb)
    assert rec.staffing.sizing is None and rec.blend.effect is None
    assert "sizing" not in rec.to_dict()["channel_staffing"]


def test_volume_for_a_channel_not_served_is_a_warning(kb) -> None:
    rec = recommend(
        validate_answers({"channels": ["email"], "volumes": {"phone": VOLUMES["phone"]}}, kb), kb
    )
    assert "volume-for-unserved-channel" in [w.code for w in rec.warnings]
