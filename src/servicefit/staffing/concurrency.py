"""Chat-like channels where one agent holds several contacts at once.

The concurrency factors of rules/workforce.yaml say how much faster an agent gets through work
with k contacts open than with one: F(1) = 1, F(2) = 1.7, … An agent holding k contacts ends
one at the rate F(k) / AHT. New contacts go to the agent holding the fewest; when every agent
holds c (the channel's concurrency), they wait in line, first come first served.

With the contacts spread evenly over the agents, the number in the system is a birth-death
chain: m contacts in service, m = q·N + r, end at the rate ((N − r)·F(q) + r·F(q + 1)) / AHT,
and once all N·c slots are taken at N·F(c) / AHT. The waiting part is then the queue of N·c
slots that each hold a contact for AHT·c / F(c) seconds, so every Erlang C and Erlang A formula
holds with N·c servers; only the probability of finding every slot taken changes. It enters
through the ratio those formulas take from Erlang B, here stepped along the chain:

    B_m = (λ / μ_m)·B_{m−1} / (1 + (λ / μ_m)·B_{m−1}),   B_0 = 1

A seeded simulation of agents holding contacts (tests/staffing/test_concurrency.py) agrees
with it to within a point of service level. Above MAX_CHAIN slots the chain costs more than it
tells: the sizing uses plain N·c slots there, which is slightly cautious (agents with fewer
contacts open are taken to be no faster) and converges to the chain as N grows.
"""

from __future__ import annotations

from collections.abc import Mapping

from servicefit.staffing.erlang import Metrics, c_metrics, erlang_c_from_b
from servicefit.staffing.erlang_a import erlang_a_metrics

MAX_CHAIN = 20_000  # slots


def slot_blocking(
    agents: int, concurrency: int, rate: float, aht: float, factors: Mapping[int, float]
) -> float:
    """P(every slot taken) among the states without a queue, for `agents` agents."""
    speed = [0.0, *(factors[k] for k in range(1, concurrency + 1))]
    blocking = 1.0
    for m in range(1, agents * concurrency + 1):
        q, r = divmod(m, agents)
        ending = ((agents - r) * speed[q] + (r * speed[q + 1] if r else 0.0)) / aht
        x = rate / ending * blocking
        blocking = x / (1 + x)
    return blocking


def concurrent_metrics(
    agents: int,
    concurrency: int,
    rate: float,
    aht: float,
    factors: Mapping[int, float],
    within: float,
    patience: float | None,
) -> Metrics | None:
    """The queue's figures with `agents` agents holding up to `concurrency` contacts each; None
    above MAX_CHAIN slots (use the plain slots there)."""
    slots = agents * concurrency
    if agents < 1 or slots > MAX_CHAIN:
        return None
    hold = aht * concurrency / factors[concurrency]  # a contact's time in a full agent's slot
    blocking = slot_blocking(agents, concurrency, rate, aht, factors)
    if patience is not None:
        metrics = erlang_a_metrics(slots, rate, hold, patience, within, blocking)
    else:
        load = rate * hold
        if slots <= load:
            return None
        metrics = c_metrics(slots, load, hold, within, erlang_c_from_b(slots, load, blocking))
    return metrics._replace(agents=agents)
