"""Staffing over a typical week: deferred work within opening hours, every interval sized."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicefit.advice.engine import recommend
from servicefit.intake.answers import load_answers
from servicefit.staffing.demand import arrivals, parse_demand
from servicefit.staffing.hours import parse_hours
from servicefit.staffing.weekly import plan_deferred
from tests.conftest import EXAMPLES

HALF_HOUR = 1800.0
OFFICE = parse_hours("Mon-Fri 09:00-17:00")


def office_week(per_day: float) -> tuple[float, ...]:
    return arrivals(parse_demand({"daily": per_day}, {}), OFFICE, 30, {})


def test_a_days_email_is_worked_in_business_hours_not_spread_over_24() -> None:
    # 400 e-mails a day at 300 s: 33 hours of work in an 8-hour day at 85% -> 5 agents, not 2
    plan = plan_deferred(office_week(400), OFFICE.open_mask(30), 86_400, HALF_HOUR, 300, 0.85)
    open_agents = {a for a, m in zip(plan.agents, OFFICE.open_mask(30), strict=True) if m}
    assert open_agents == {math.ceil(400 * 300 / (8 * 3600 * 0.85))} == {5}
    assert sum(a for a, m in zip(plan.agents, OFFICE.open_mask(30), strict=True) if not m) == 0
    assert sum(plan.worked) == pytest.approx(5 * 400) and plan.late == 0


def test_a_short_window_at_the_end_of_the_day_needs_the_agents_that_afternoon() -> None:
    counts = [0.0] * 336
    counts[33] = 100  # Monday 16:30, to be answered within 4 hours: before 17:00 closes
    plan = plan_deferred(counts, OFFICE.open_mask(30), 4 * 3600, HALF_HOUR, 300, 0.85)
    per_agent = 0.85 * HALF_HOUR / 300
    assert plan.agents[33] == math.ceil(100 / per_agent) and plan.worked[33] == pytest.approx(100)
    assert plan.agents[18 + 48] <= 1  # Tuesday needs next to nobody


def test_contacts_whose_window_has_no_open_time_are_late_and_answered_at_the_next_opening() -> None:
    counts = [0.0] * 336
    counts[4 * 48 + 40] = 30  # Friday 20:00, with a one-hour window: nobody until Monday
    plan = plan_deferred(counts, OFFICE.open_mask(30), 3600, HALF_HOUR, 300, 0.85)
    assert plan.late == pytest.approx(30)
    assert plan.worked[18] == pytest.approx(30)  # Monday 09:00


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0, 80, allow_nan=False), min_size=336, max_size=336),
    st.sampled_from(["Mon-Fri 09:00-17:00", "Daily 08:00-20:00", "24x7", "Sat 10:00-12:00"]),
    st.sampled_from([1800, 4 * 3600, 86_400, 3 * 86_400]),
    st.integers(60, 1200),
)
def test_every_contact_is_worked_once_and_only_while_open(counts, hours, window, aht) -> None:
    mask = parse_hours(hours).open_mask(30)
    plan = plan_deferred(counts, mask, window, HALF_HOUR, aht, 0.85)
    assert sum(plan.worked) == pytest.approx(sum(counts), rel=1e-9, abs=1e-6)
    for agents, worked, is_open in zip(plan.agents, plan.worked, mask, strict=True):
        assert is_open or (agents == 0 and worked == 0)
        assert worked <= agents * 0.85 * HALF_HOUR / aht + 1e-6  # nobody works past capacity


@pytest.fixture
def weekly(kb):
    answers = load_answers(str(EXAMPLES / "weekly-volumes.yaml"), kb)
    return recommend(answers, kb)


def test_a_weekly_profile_is_sized_in_every_interval(weekly) -> None:
    sizing = weekly.staffing.sizing
    doc = sizing.to_dict()
    week = doc["week"]
    assert doc["basis"] == "week" and week["intervals"] == 336 == len(week["shared"]["agents"])
    by_channel = week["dedicated"]["by_channel"]
    for i, total in enumerate(week["dedicated"]["agents"]):
        assert total == sum(series[i] for series in by_channel.values())
    for option in ("dedicated", "shared"):
        series = week[option]["agents"]
        assert week[option]["peak_agents"] == max(series)
        assert week[option]["agent_hours"] == pytest.approx(sum(series) / 2)
    # Sunday: phone and email closed under extended coverage; chat open 08:00-22:00 every day
    sunday = slice(6 * 48, 7 * 48)
    assert not any(by_channel["phone"][sunday]) and not any(by_channel["email"][sunday])
    assert by_channel["chat"][6 * 48 + 16] > 0 and by_channel["chat"][6 * 48 + 44] == 0
    assert len(doc["penalty_sensitivity"]) == 2
    assert set(doc["partial_pooling"]["pooled"]) | set(doc["partial_pooling"]["apart"]) == set(
        by_channel
    )


def test_the_automated_share_is_taken_off_every_interval_and_costed_by_agent_hours(weekly) -> None:
    effect = weekly.blend.effect.to_dict()
    option = weekly.staffing.recommended  # the effect is costed for the option recommended
    before = weekly.staffing.sizing.to_dict()["week"][option]
    after = effect["agents_after_by_interval"]
    assert all(a <= b for a, b in zip(after, before["agents"], strict=True))
    assert effect["agent_hours_per_week_after"] == pytest.approx(sum(after) / 2)
    scheduled = before["scheduled_agent_hours"]
    assert effect["monthly_cost_before"] == pytest.approx(scheduled * 52 / 12 * 28, abs=0.01)


def test_contacts_arriving_while_closed_are_a_warning(weekly) -> None:
    closed = [w for w in weekly.warnings if w.code == "contacts-while-closed"]
    week = weekly.staffing.sizing.to_dict()["week"]
    assert {c for c, n in week["closed_contacts"].items() if n >= 1} == {
        c for c in ("phone", "chat") if any(c + " contacts" in w.message for w in closed)
    }


def test_the_week_given_has_settled_the_backlog_it_carries_over() -> None:
    """Found by the property above: starting empty, the second of three weeks still worked
    off 0.66 contacts more than a week brings (Mon-Fri office, three-day window)."""
    counts = [0.0] * 336
    for slot, n in {
        33: 52,
        37: 2,
        38: 80,
        176: 4,
        177: 17,
        212: 5,
        213: 70,
        217: 2,
        335: 5,
    }.items():
        counts[slot] = float(n)
    mask = parse_hours("Mon-Fri 09:00-17:00").open_mask(30)
    plan = plan_deferred(counts, mask, 3 * 86_400, HALF_HOUR, 895, 0.85)
    assert sum(plan.worked) == pytest.approx(sum(counts), rel=1e-9)
