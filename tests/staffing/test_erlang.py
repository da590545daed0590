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
    erlang_b,
    erlang_c,
    erlang_c_metrics,
    erlang_c_table,
    schedule,
    size_deferred,
    size_erlang_c,
)
from servicefit.staffing.erlang_a import erlang_a_metrics, size_erlang_a
from tests.staffing.reference_erlang_a import reference_erlang_a


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
        (lambda: size_erlang_c(1, 180, 1.2, 20), "below 100%"),
        (lambda: size_erlang_c(1, 180, 1.0, 20), "below 100%"),  # never met: some always wait
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


SMALL_SYSTEMS = [
    (n, calls / 1800, aht, patience, within)
    for n in (1, 3, 9, 14)
    for calls in (20, 100, 400)
    for aht in (60, 180, 600)
    for patience in (10, 120, 900)
    for within in (0, 20, 60)
    if n * 1800 >= calls * aht / 20 or n <= 3
]


@pytest.mark.parametrize(("n", "rate", "aht", "patience", "within"), SMALL_SYSTEMS[::7])
def test_erlang_a_closed_forms_agree_with_the_birth_death_chain(
    n: int, rate: float, aht: float, patience: float, within: float
) -> None:
    new = erlang_a_metrics(n, rate, aht, patience, within)
    old = reference_erlang_a(n, rate, aht, patience, within)
    assert new.wait_probability == pytest.approx(old.wait_probability, abs=1e-12)
    assert new.service_level == pytest.approx(old.service_level, abs=1e-10)
    assert new.abandonment == pytest.approx(old.abandonment, abs=1e-10)
    # the old `asa_seconds` was the mean wait of every caller; it now has that name
    assert new.mean_wait_seconds == pytest.approx(old.asa_seconds, rel=1e-8, abs=1e-9)


def test_erlang_a_holds_at_any_size() -> None:
    # a million contacts per half hour with patience: it failed ("the waiting line does not
    # settle"); 20,000 to 300,000 contacts took 6 to 78 s
    for calls in (20_000, 300_000, 1_000_000):
        sized = size_erlang_a(calls / 1800, 300, 0.8, 20, 60)
        m = sized.metrics
        assert m.service_level >= 0.8 - 1e-12
        below = erlang_a_metrics(sized.agents - 1, calls / 1800, 300, 60, 20)
        assert below.service_level < 0.8
        assert all(math.isfinite(v) for v in (m.asa_seconds, m.occupancy, m.abandonment or 0))


def test_erlang_a_sizes_to_an_abandonment_target() -> None:
    rate = 300 / 1800
    sized = size_erlang_a(rate, 240, None, None, 90, abandon=0.05)
    assert sized.metrics.abandonment <= 0.05
    assert erlang_a_metrics(sized.agents - 1, rate, 240, 90, 0).abandonment > 0.05
    both = size_erlang_a(rate, 240, 0.8, 20, 90, abandon=0.01)
    assert both.agents >= max(sized.agents, size_erlang_a(rate, 240, 0.8, 20, 90).agents)


def test_erlang_a_occupancy_cap_is_on_the_work_actually_done() -> None:
    rate, aht, patience = 200 / 1800, 300, 60
    sized = size_erlang_a(rate, aht, 0.5, 20, patience, max_occupancy=0.85)
    m = sized.metrics
    assert m.occupancy <= 0.85
    carried = rate * aht * (1 - (m.abandonment or 0))
    assert m.occupancy == pytest.approx(carried / sized.agents)
    fewer = erlang_a_metrics(sized.agents - 1, rate, aht, patience, 20)
    assert fewer.occupancy > 0.85 or fewer.service_level < 0.5


def test_erlang_a_waits_agree_with_a_simulation_of_answered_and_all_callers() -> None:
    agents, rate, aht, patience, within = 9, 100 / 1800, 180, 120, 20
    metrics = erlang_a_metrics(agents, rate, aht, patience, within)
    rng = random.Random(11)
    free_at = [0.0] * agents
    clock = answered_wait = all_wait = 0.0
    answered = calls = 0
    for _ in range(200_000):
        calls += 1
        clock += rng.expovariate(rate)
        give_up = clock + rng.expovariate(1 / patience)
        start = max(clock, free_at[0])
        if start > give_up:
            all_wait += give_up - clock
            continue
        heapq.heapreplace(free_at, start + rng.expovariate(1 / aht))
        answered += 1
        answered_wait += start - clock
        all_wait += start - clock
    assert metrics.asa_seconds == pytest.approx(answered_wait / answered, rel=0.05)
    assert metrics.mean_wait_seconds == pytest.approx(all_wait / calls, rel=0.05)


def test_the_neighbour_table_is_erlang_c_row_by_row() -> None:
    load = 1_000_000 / 1800 * 300
    rows = erlang_c_table(load, 300, 20, 166_687, 166_693)
    for row in rows[::3]:
        direct = erlang_c_metrics(row.agents, load, 300, 20)
        assert row.agents == direct.agents
        for got, want in zip(row[1:5], direct[1:5], strict=True):  # the Erlang C measures
            assert got == pytest.approx(want, rel=1e-12)
