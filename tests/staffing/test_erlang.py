from __future__ import annotations

import heapq
import math
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicefit.staffing.erlang import (
    StaffingError,
    erlang_a_metrics,
    erlang_b,
    erlang_c,
    erlang_c_metrics,
    schedule,
    size_deferred,
    size_erlang_a,
    size_erlang_c,
)


def exact_erlang_c(n: int, a: Fraction) -> Fraction:
    """The textbook closed form with exact rationals, as an independent check."""
    top = a**n / math.factorial(n) * Fraction(n) / (n - a)
    return top / (sum(a**k / math.factorial(k) for k in range(n)) + top)


def test_published_example_100_calls_in_30_minutes() -> None:
    sized = size_erlang_c(100 / 1800, 180, 0.80, 20, shrinkage=0.30)
    m = sized.metrics
    assert sized.load == pytest.approx(10.0)
    assert sized.agents == 14
    assert f"{m.service_level:.1%}" == "88.8%"
    assert f"{m.asa_seconds:.1f}" == "7.8"
    assert f"{m.occupancy:.1%}" == "71.4%"
    assert sized.scheduled_agents == 20


def test_textbook_m_m_3_with_two_erlangs() -> None:
    assert erlang_c(3, 2.0) == pytest.approx(4 / 9, abs=1e-15)
    assert erlang_b(3, 2.0) == pytest.approx(4 / 19, abs=1e-15)


@pytest.mark.parametrize(("n", "a"), [(1, "0.5"), (5, "3.7"), (12, "10"), (30, "27.5"), (60, "41")])
def test_matches_the_exact_closed_form(n: int, a: str) -> None:
    exact = exact_erlang_c(n, Fraction(a))
    assert erlang_c(n, float(a)) == pytest.approx(float(exact), rel=1e-12)


def test_large_sizes_stay_finite_and_agree_with_the_normal_limit() -> None:
    for load in (10_000.0, 50_000.0):
        sized = size_erlang_c(load / 300, 300, 0.8, 20)
        m = sized.metrics
        assert all(
            math.isfinite(x)
            for x in (m.service_level, m.asa_seconds, m.occupancy, m.wait_probability)
        )
        assert load < sized.agents < load + 5 * math.sqrt(load)
        assert (
            erlang_c(sized.agents - 1, load) > m.wait_probability
        )  # still a real queue, not 0 or 1


def test_a_million_contacts_in_thirty_minutes() -> None:
    sized = size_erlang_c(1_000_000 / 1800, 300, 0.8, 20)
    assert 166_667 < sized.agents < 166_800


@settings(max_examples=200, deadline=None)
@given(
    contacts=st.integers(1, 5000),
    aht=st.integers(20, 1200),
    level=st.integers(50, 99),
    within=st.integers(0, 120),
)
def test_minimal_agents(contacts: int, aht: int, level: int, within: int) -> None:
    rate = contacts / 1800
    sized = size_erlang_c(rate, aht, level / 100, within)
    assert sized.metrics.service_level >= level / 100 - 1e-12
    below = sized.agents - 1
    if below > sized.load:
        assert erlang_c_metrics(below, sized.load, aht, within).service_level < level / 100
    else:
        assert sized.agents == math.floor(sized.load) + 1


@settings(max_examples=150, deadline=None)
@given(low=st.integers(0, 3000), extra=st.integers(0, 3000), aht=st.integers(30, 900))
def test_more_contacts_never_need_fewer_agents(low: int, extra: int, aht: int) -> None:
    fewer = size_erlang_c(low / 1800, aht, 0.8, 20).agents
    more = size_erlang_c((low + extra) / 1800, aht, 0.8, 20).agents
    assert more >= fewer


def test_occupancy_cap_and_shrinkage() -> None:
    capped = size_erlang_c(500 / 1800, 300, 0.8, 20, max_occupancy=0.85)
    assert capped.metrics.occupancy <= 0.85
    assert capped.agents == math.ceil(capped.load / 0.85)
    assert schedule(14, 0.3) == 20
    assert schedule(7, 0.3) == 10  # 7 / 0.7 is exactly 10, not 11


def test_zero_contacts_need_no_agents() -> None:
    assert size_erlang_c(0, 180, 0.8, 20).agents == 0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: size_erlang_c(1, 0, 0.8, 20), "handle time"),
        (lambda: size_erlang_c(1, -5, 0.8, 20), "handle time"),
        (lambda: size_erlang_c(1, 180, 1.2, 20), "at most 100%"),
        (lambda: size_erlang_c(-1, 180, 0.8, 20), "zero or more"),
        (lambda: size_erlang_c(1, 180, 0.8, 20, shrinkage=1.0), "below 1"),
        (lambda: size_erlang_c(1, 180, 0.8, 20, max_occupancy=0), "occupancy"),
        (lambda: erlang_a_metrics(3, 1, 180, 0, 20), "patience"),
    ],
)
def test_bad_numbers_are_refused(call, message) -> None:
    with pytest.raises(StaffingError, match=message):
        call()


def test_deferred_email() -> None:
    # 400 emails a day at 5 minutes each: 1.39 agents' worth of work, at most 85% busy
    sized = size_deferred(400 / 86400, 300, 86400, 0.85, shrinkage=0.3)
    assert sized.load == pytest.approx(400 * 300 / 86400)
    assert sized.agents == 2 and sized.scheduled_agents == 3


def test_erlang_a_tends_to_erlang_c_as_patience_grows() -> None:
    c = erlang_c_metrics(14, 10.0, 180, 20)
    a = erlang_a_metrics(14, 100 / 1800, 180, 1e8, 20)
    assert a.wait_probability == pytest.approx(c.wait_probability, rel=1e-5)
    assert a.service_level == pytest.approx(c.service_level, rel=1e-5)
    assert a.abandonment < 1e-6


def test_erlang_a_abandonment_helps_those_who_stay() -> None:
    c = erlang_c_metrics(11, 10.0, 180, 20)
    a = erlang_a_metrics(11, 100 / 1800, 180, 120, 20)
    assert a.abandonment > 0.01
    assert a.wait_probability < c.wait_probability


def test_erlang_a_can_size_an_overloaded_line() -> None:
    # more work than agents would be hopeless in Erlang C; impatient callers make it finite
    metrics = erlang_a_metrics(8, 100 / 1800, 180, 60, 20)
    assert 0 < metrics.service_level < 1 and 0 < metrics.abandonment < 1
    sized = size_erlang_a(100 / 1800, 180, 0.8, 20, 300)
    assert (
        erlang_a_metrics(sized.agents - 1, 100 / 1800, 180, 300, 20).service_level
        < 0.8
        <= sized.metrics.service_level
    )


def simulate_erlang_a(
    agents: int, rate: float, aht: float, patience: float, within: float, calls: int, seed: int
):
    """A plain event simulation of M/M/n+M, first come first served."""
    rng = random.Random(seed)
    free_at = [0.0] * agents
    heapq.heapify(free_at)
    clock = 0.0
    waiting_deadlines: list[float] = []
    answered_in_time = abandoned = 0
    for _ in range(calls):
        clock += rng.expovariate(rate)
        give_up = clock + rng.expovariate(1 / patience)
        start = max(clock, free_at[0])
        if start > give_up:
            abandoned += 1
            continue
        heapq.heapreplace(free_at, start + rng.expovariate(1 / aht))
        if start - clock <= within:
            answered_in_time += 1
    del waiting_deadlines
    return answered_in_time / calls, abandoned / calls


def test_erlang_a_agrees_with_a_simulation() -> None:
    agents, rate, aht, patience, within = 9, 100 / 1800, 180, 120, 20
    metrics = erlang_a_metrics(agents, rate, aht, patience, within)
    level, abandon = simulate_erlang_a(agents, rate, aht, patience, within, 200_000, seed=7)
    assert metrics.service_level == pytest.approx(level, abs=0.01)
    assert metrics.abandonment == pytest.approx(abandon, abs=0.01)
