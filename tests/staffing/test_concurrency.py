"""Agents who hold several chats at once: the chain against a seeded simulation of them."""

from __future__ import annotations

import random
from collections import deque

import pytest

from servicefit.staffing.concurrency import MAX_CHAIN, concurrent_metrics, slot_blocking
from servicefit.staffing.erlang import erlang_b, erlang_c_metrics

FACTORS = {1: 1.0, 2: 1.7, 3: 2.5, 4: 2.9, 5: 3.5}


def simulate_chats(
    agents: int, c: int, rate: float, aht: float, within: float, chats: int, seed: int
) -> float:
    """Agents hold up to c chats; one holding k ends one at the rate F(k)/AHT. A new chat goes
    to an agent holding the fewest; with every agent full it waits, first come first served.
    The share of chats started within `within` seconds."""
    rng = random.Random(seed)
    holding = [0] * (c + 1)  # agents by the chats they hold
    holding[0] = agents
    speed = [0.0, *(FACTORS[k] / aht for k in range(1, c + 1))]
    line: deque[float] = deque()
    clock, arrived, in_time = 0.0, 0, 0
    while arrived < chats:
        ending = [holding[k] * speed[k] for k in range(c + 1)]
        total = rate + sum(ending)
        clock += rng.expovariate(total)
        pick = rng.random() * total
        if pick < rate:
            arrived += 1
            free = next((k for k in range(c) if holding[k]), None)
            if free is None:
                line.append(clock)
                continue
            holding[free] -= 1
            holding[free + 1] += 1
            in_time += 1
            continue
        pick -= rate
        k = 1
        while k < c and pick >= ending[k]:
            pick -= ending[k]
            k += 1
        holding[k] -= 1
        holding[k - 1] += 1
        if line:
            in_time += clock - line.popleft() <= within
            free = next(j for j in range(c) if holding[j])
            holding[free] -= 1
            holding[free + 1] += 1
    return in_time / chats


@pytest.mark.parametrize(
    ("agents", "c", "contacts", "aht"),
    [(19, 2, 100, 480), (5, 3, 30, 480), (9, 2, 50, 420)],
)
def test_the_chain_agrees_with_a_simulation_within_a_point(agents, c, contacts, aht) -> None:
    rate, within = contacts / 1800, 30
    model = concurrent_metrics(agents, c, rate, aht, FACTORS, within, None)
    simulated = simulate_chats(agents, c, rate, aht, within, 300_000, seed=5)
    assert model is not None and model.service_level == pytest.approx(simulated, abs=0.01)
    # plain slots (each chat as long as in a full agent's hands) are cautious by more than that
    hold = aht * c / FACTORS[c]
    slots = erlang_c_metrics(agents * c, rate * hold, hold, within).service_level
    assert slots < simulated - 0.005


def test_one_chat_at_a_time_is_erlang_b() -> None:
    for agents, load in ((1, 0.5), (7, 5.0), (40, 38.0)):
        assert slot_blocking(agents, 1, load / 100, 100, FACTORS) == pytest.approx(
            erlang_b(agents, load), rel=1e-12
        )


def test_beyond_the_chain_the_caller_uses_slots() -> None:
    agents = MAX_CHAIN // 2 + 1
    assert concurrent_metrics(agents, 2, 10.0, 300, FACTORS, 30, None) is None
