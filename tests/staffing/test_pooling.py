"""One team for several channels: the switching penalty against a seeded simulation."""

from __future__ import annotations

import heapq
import random

import pytest

from servicefit.staffing.erlang import erlang_c_metrics, size_erlang_c
from servicefit.staffing.pooling import Flow, size_pool, switch_inflation
from servicefit.staffing.workload import ChannelVolume


def volume(name: str, contacts: float, aht: float) -> ChannelVolume:
    return ChannelVolume(name, contacts, 1800, "30m", aht, 0.8, 20.0, None, "80/20")


def simulate_pool(
    agents: int,
    flows: list[tuple[float, float]],
    penalty: float,
    within: float,
    contacts: int,
    seed: int,
) -> float:
    """Contacts of several channels (rate, AHT) in one line, first come first served, taken by
    the agent free longest; a contact on another channel than its agent's last one takes
    (1 + penalty) times as long. The share answered within `within` seconds."""
    rng = random.Random(seed)
    total = sum(rate for rate, _ in flows)
    free = [(0.0, i) for i in range(agents)]  # (free from, agent)
    last: list[int | None] = [None] * agents
    clock, in_time = 0.0, 0
    for _ in range(contacts):
        clock += rng.expovariate(total)
        pick, channel = rng.random() * total, 0
        while pick >= flows[channel][0]:
            pick -= flows[channel][0]
            channel += 1
        free_from, agent = heapq.heappop(free)
        start = max(clock, free_from)
        in_time += start - clock <= within
        work = rng.expovariate(1 / flows[channel][1])
        if last[agent] is not None and last[agent] != channel:
            work *= 1 + penalty
        last[agent] = channel
        heapq.heappush(free, (start + work, agent))
    return in_time / contacts


def test_switching_is_charged_on_the_contacts_that_change_channel() -> None:
    flows = [Flow(volume("phone", 90, 240), 0.05, 240), Flow(volume("chat", 10, 240), 0.005, 240)]
    assert switch_inflation(flows, 0.2) == pytest.approx([1 + 0.2 * (1 / 11), 1 + 0.2 * (10 / 11)])
    assert switch_inflation(flows[:1], 0.2) == [1.0]  # one channel never switches


def test_the_pooled_sizing_agrees_with_a_simulation_within_a_point() -> None:
    rate, aht, penalty, within = 90 / 1800, 240, 0.2, 20
    flows = [Flow(volume(name, 90, aht), rate, aht) for name in ("phone", "chat")]
    agents, queue, _ = size_pool(flows, penalty, 0.85, None, 1)
    assert queue is not None
    for n in (agents - 1, agents):  # the answer and one agent fewer, which misses 80/20
        model = erlang_c_metrics(n, 2 * rate * aht * 1.1, aht * 1.1, within).service_level
        runs = [simulate_pool(n, [(rate, aht)] * 2, penalty, within, 250_000, s) for s in (1, 2)]
        assert model == pytest.approx(sum(runs) / 2, abs=0.01)
        assert (model >= 0.8) == (n == agents)
    # charging the penalty on every contact, as servicefit did, asks for an agent more
    everything = size_erlang_c(2 * rate, aht * (1 + penalty), 0.8, within)
    assert everything.agents > agents
    # two balanced channels: half the contacts change channel, so the handle time is × 1.1
    assert queue.load == pytest.approx(2 * rate * aht * 1.1)
