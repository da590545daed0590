"""Queueing math for contact-centre staffing. Pure, standard library only.

Erlang C (callers wait as long as it takes) and deferred channels (email: work done within a
response window), and what every model shares; Erlang A (callers abandon) is in erlang_a.py.

Erlang B comes from the stable recursion B(n) = a·B(n−1) / (n + a·B(n−1)) for small n and, for
large n, from the Poisson form B(n) = P(X = n) / P(X ≤ n), X ~ Poisson(a), through the
regularized incomplete gamma (gamma.py), so that a search can start anywhere without walking
from one agent. Nothing uses factorials: results stay finite and exact at any size.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from servicefit.staffing.gamma import log_prefactor, log_q

# Below this many agents Erlang B comes from the recursion from one agent; above, from the
# incomplete gamma (equally exact, and in time that grows with √a, not with n).
RECURSION_LIMIT = 1_000


class StaffingError(ValueError):
    """Numbers that cannot be sized (zero handle time, target over 100%, …)."""


def rounded(value: float | None, places: int = 4) -> float | None:
    """A figure for people and JSON: rounded, and None where it is not finite."""
    if value is None or not math.isfinite(value):
        return None
    return round(value, places)


class Metrics(NamedTuple):
    agents: int
    service_level: float
    asa_seconds: float  # the mean wait of the contacts that are answered
    occupancy: float  # carried load (work actually done) per agent
    wait_probability: float
    abandonment: float | None = None  # Erlang A: the share of callers who hang up
    mean_wait_seconds: float | None = None  # Erlang A: the mean wait of every caller

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "agents": self.agents,
            "service_level": rounded(self.service_level),
            "asa_seconds": rounded(self.asa_seconds, 1),
            "occupancy": rounded(self.occupancy),
            "wait_probability": rounded(self.wait_probability),
        }
        if self.abandonment is not None:
            out["abandonment"] = rounded(self.abandonment)
        if self.mean_wait_seconds is not None:
            out["mean_wait_seconds"] = rounded(self.mean_wait_seconds, 1)
        return out


class Sizing(NamedTuple):
    """The smallest staffing that meets a target, and how that staffing performs."""

    model: str  # erlang_c, erlang_a or deferred
    load: float  # offered load in Erlangs (agents' worth of work)
    agents: int
    scheduled_agents: int
    metrics: Metrics

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "model": self.model,
            "load_erlangs": rounded(self.load, 3),
            "agents": self.agents,
            "scheduled_agents": self.scheduled_agents,
            **self.metrics.to_dict(),
        }
        if self.model == "deferred":  # nobody waits on the line: the window is met by capacity
            for key in ("service_level", "asa_seconds", "wait_probability"):
                out.pop(key)
        return out


# ---- Erlang B and C ---------------------------------------------------------------------------


def next_blocking(n: int, load: float, blocking: float) -> float:
    """B(n) from B(n − 1)."""
    return load * blocking / (n + load * blocking)


def erlang_b(agents: int, load: float) -> float:
    """Blocking probability of an Erlang loss system with ``agents`` servers and ``load``."""
    if agents <= 0:
        return 1.0
    if load <= 0:
        return 0.0
    if agents <= RECURSION_LIMIT:
        blocking = 1.0
        for n in range(1, agents + 1):
            blocking = next_blocking(n, load, blocking)
        return blocking
    return math.exp(log_erlang_b(agents, load))


def log_erlang_b(agents: int, load: float) -> float:
    # B = P(X = n) / P(X ≤ n) and P(X ≤ n) = Q(n + 1, a); a·P(X = n) is Q's prefactor
    return log_prefactor(agents + 1, load) - math.log(load) - log_q(agents + 1, load)


def erlang_c_from_b(agents: int, load: float, blocking: float) -> float:
    """P(wait) from the share of the no-queue states that has every agent busy (Erlang B)."""
    return agents * blocking / (agents - load * (1 - blocking))


def erlang_c(agents: int, load: float) -> float:
    """Probability that a caller waits (Erlang C); 1 when the agents cannot keep up."""
    if agents <= load:
        return 1.0
    return erlang_c_from_b(agents, load, erlang_b(agents, load))


def c_metrics(agents: int, load: float, aht: float, within: float, wait: float) -> Metrics:
    """The Erlang C figures of `agents` servers given P(wait)."""
    if agents <= load:
        return Metrics(agents, 0.0, math.inf, 1.0, 1.0)
    level = 1 - wait * math.exp(-(agents - load) * within / aht)
    return Metrics(agents, max(0.0, level), wait * aht / (agents - load), load / agents, wait)


def erlang_c_metrics(agents: int, load: float, aht: float, within: float) -> Metrics:
    """Service level (share answered within ``within`` seconds), ASA, occupancy, P(wait)."""
    return c_metrics(agents, load, aht, within, erlang_c(agents, load))


def erlang_c_table(load: float, aht: float, within: float, low: int, high: int) -> list[Metrics]:
    """Erlang C for every number of agents from low to high, from one pass of the recursion."""
    low = max(1, low)
    blocking = erlang_b(low, load)
    out = []
    for n in range(low, high + 1):
        if n > low:
            blocking = next_blocking(n, load, blocking)
        wait = erlang_c_from_b(n, load, blocking) if n > load else 1.0
        out.append(c_metrics(n, load, aht, within, wait))
    return out


def check_inputs(rate: float, aht: float, level: float | None = None) -> None:
    if not (math.isfinite(rate) and rate >= 0):
        raise StaffingError("the contact volume must be zero or more.")
    if not (math.isfinite(aht) and aht > 0):
        raise StaffingError("the average handle time must be more than 0 seconds.")
    if level is not None and not 0 < level < 1:  # in a queue some always wait: 100% is never met
        raise StaffingError("the service-level target must be above 0% and below 100%.")


def schedule(agents: int, shrinkage: float) -> int:
    """Agents to schedule so that ``agents`` are available after shrinkage (breaks, training, absence)."""
    if not 0 <= shrinkage < 1:
        raise StaffingError("shrinkage must be at least 0 and below 1 (e.g. 0.3 for 30%).")
    return math.ceil(agents / (1 - shrinkage) - 1e-9)


def check_occupancy(max_occupancy: float | None) -> None:
    if max_occupancy is not None and not 0 < max_occupancy <= 1:
        raise StaffingError("the maximum occupancy must be above 0 and at most 1 (e.g. 0.85).")


def _occupancy_floor(load: float, max_occupancy: float | None) -> int:
    if max_occupancy is None:
        return 0
    return math.ceil(load / max_occupancy - 1e-9)


def size_erlang_c(
    rate: float,
    aht: float,
    level: float,
    within: float,
    *,
    shrinkage: float = 0.0,
    max_occupancy: float | None = None,
) -> Sizing:
    """The minimal agents answering ``level`` of contacts within ``within`` seconds.

    ``rate`` is contacts per second and ``aht`` the handle time in seconds. The search starts at
    floor(load) + 1, the fewest agents that can keep up at all, and stops at the first that
    meets the target, so the answer is never more than the smallest sufficient number.
    """
    check_inputs(rate, aht, level)
    check_occupancy(max_occupancy)
    if within < 0:
        raise StaffingError("the answer time must be zero or more seconds.")
    load = rate * aht
    if load == 0:
        metrics = Metrics(0, 1.0, 0.0, 0.0, 0.0)
        return Sizing("erlang_c", 0.0, 0, schedule(0, shrinkage), metrics)
    agents = math.floor(load) + 1
    blocking = erlang_b(agents, load)
    while True:
        wait = erlang_c_from_b(agents, load, blocking)
        metrics = c_metrics(agents, load, aht, within, wait)
        if metrics.service_level >= level - 1e-12:
            break
        agents += 1
        blocking = next_blocking(agents, load, blocking)
    floor = _occupancy_floor(load, max_occupancy)
    if floor > agents:
        agents = floor
        metrics = erlang_c_metrics(agents, load, aht, within)
    return Sizing("erlang_c", load, agents, schedule(agents, shrinkage), metrics)


# ---- deferred channels ------------------------------------------------------------------------


def size_deferred(
    rate: float, aht: float, window: float, occupancy: float, *, shrinkage: float = 0.0
) -> Sizing:
    """Agents for work answered within a response window (email): workload ÷ (window × occupancy).

    ``rate`` is contacts per second, so the work arriving in one window is rate × window × aht
    seconds, to be done by agents who are busy ``occupancy`` of the window.
    """
    check_inputs(rate, aht)
    if not (math.isfinite(window) and window > 0):
        raise StaffingError("the response window must be more than 0 seconds.")
    if not 0 < occupancy <= 1:
        raise StaffingError("the occupancy must be above 0 and at most 1.")
    load = rate * aht
    agents = math.ceil(load / occupancy - 1e-9)
    metrics = Metrics(agents, 1.0, 0.0, load / agents if agents else 0.0, 0.0)
    return Sizing("deferred", load, agents, schedule(agents, shrinkage), metrics)
