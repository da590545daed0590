"""Queueing math for contact-centre staffing. Pure, standard library only.

Erlang C (callers wait as long as it takes), Erlang A (callers abandon after an exponentially
distributed patience) and deferred channels (email: work done within a response window).
Everything is computed from the stable Erlang B recursion B(n) = a·B(n−1) / (n + a·B(n−1)),
never from factorials, so results stay finite and exact at any number of agents.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

# Erlang A truncates the waiting line where its probability is negligible.
_TAIL = 1e-15
_MAX_QUEUE = 2_000_000


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
    asa_seconds: float
    occupancy: float
    wait_probability: float
    abandonment: float | None = None

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


def erlang_b(agents: int, load: float) -> float:
    """Blocking probability of an Erlang loss system, by the stable recursion."""
    blocking = 1.0
    for n in range(1, agents + 1):
        blocking = load * blocking / (n + load * blocking)
    return blocking


def _erlang_c_from_b(agents: int, load: float, blocking: float) -> float:
    return agents * blocking / (agents - load * (1 - blocking))


def erlang_c(agents: int, load: float) -> float:
    """Probability that a caller waits (Erlang C); 1 when the agents cannot keep up."""
    if agents <= load:
        return 1.0
    return _erlang_c_from_b(agents, load, erlang_b(agents, load))


def _c_metrics(agents: int, load: float, aht: float, within: float, wait: float) -> Metrics:
    if agents <= load:
        return Metrics(agents, 0.0, math.inf, 1.0, 1.0)
    level = 1 - wait * math.exp(-(agents - load) * within / aht)
    return Metrics(agents, max(0.0, level), wait * aht / (agents - load), load / agents, wait)


def erlang_c_metrics(agents: int, load: float, aht: float, within: float) -> Metrics:
    """Service level (share answered within ``within`` seconds), ASA, occupancy, P(wait)."""
    return _c_metrics(agents, load, aht, within, erlang_c(agents, load))


def check_inputs(rate: float, aht: float, level: float | None = None) -> None:
    if not (math.isfinite(rate) and rate >= 0):
        raise StaffingError("the contact volume must be zero or more.")
    if not (math.isfinite(aht) and aht > 0):
        raise StaffingError("the average handle time must be more than 0 seconds.")
    if level is not None and not 0 < level <= 1:
        raise StaffingError("the service-level target must be above 0% and at most 100%.")


def schedule(agents: int, shrinkage: float) -> int:
    """Agents to schedule so that ``agents`` are available after shrinkage (breaks, training, absence)."""
    if not 0 <= shrinkage < 1:
        raise StaffingError("shrinkage must be at least 0 and below 1 (e.g. 0.3 for 30%).")
    return math.ceil(agents / (1 - shrinkage) - 1e-9)


def _occupancy_floor(load: float, max_occupancy: float | None) -> int:
    if max_occupancy is None:
        return 0
    if not 0 < max_occupancy <= 1:
        raise StaffingError("the maximum occupancy must be above 0 and at most 1 (e.g. 0.85).")
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
    if within < 0:
        raise StaffingError("the answer time must be zero or more seconds.")
    load = rate * aht
    if load == 0:
        metrics = Metrics(0, 1.0, 0.0, 0.0, 0.0)
        return Sizing("erlang_c", 0.0, 0, 0, metrics)
    agents = math.floor(load) + 1
    blocking = erlang_b(agents, load)
    while True:
        wait = _erlang_c_from_b(agents, load, blocking)
        metrics = _c_metrics(agents, load, aht, within, wait)
        if metrics.service_level >= level - 1e-12:
            break
        agents += 1
        blocking = load * blocking / (agents + load * blocking)
    floor = _occupancy_floor(load, max_occupancy)
    if floor > agents:
        for _ in range(agents, floor):
            blocking = load * blocking / (agents + 1 + load * blocking)
            agents += 1
        metrics = _c_metrics(agents, load, aht, within, _erlang_c_from_b(agents, load, blocking))
    return Sizing("erlang_c", load, agents, schedule(agents, shrinkage), metrics)


def erlang_a_metrics(
    agents: int, rate: float, aht: float, patience: float, within: float
) -> Metrics:
    """Erlang A (M/M/n+M): callers abandon after an exponential patience with mean ``patience`` s.

    Computed from the birth–death chain of the queue. P(wait) and abandonment come from its
    stationary distribution, the waiting line cut where its probability is below 1e-15. The
    service level (callers answered within ``within`` seconds, among all callers) follows a
    waiting caller through the line by uniformisation, with its own patience running.
    """
    check_inputs(rate, aht)
    if not (math.isfinite(patience) and patience > 0):
        raise StaffingError("the patience must be more than 0 seconds.")
    if agents < 1:
        return Metrics(agents, 0.0, patience, 0.0, 1.0, 1.0)
    mu, theta = 1 / aht, 1 / patience
    load = rate * aht
    blocking = erlang_b(agents, load)
    # relative weights of j callers waiting, j = 0, 1, …, against all n agents busy
    weights = [1.0]
    total = 1.0
    term = 1.0
    while len(weights) < _MAX_QUEUE:
        term *= rate / (agents * mu + len(weights) * theta)
        if term < _TAIL * total:
            break
        weights.append(term)
        total += term
    else:
        raise StaffingError(
            "the waiting line does not settle for these numbers; check the patience and volume."
        )
    # P(arrival finds all agents busy) = S·B / (1 − B + S·B), S the sum of the waiting weights
    wait = total * blocking / (1 - blocking + total * blocking)
    mean_waiting = sum(j * w for j, w in enumerate(weights)) / total
    abandon = wait * theta * mean_waiting / rate if rate > 0 else 0.0
    served_in_time = _served_within(weights, total, agents * mu, theta, within)
    level = (1 - wait) + wait * served_in_time
    carried = load * (1 - abandon)
    return Metrics(agents, level, abandon / theta, carried / agents, wait, abandon)


def _served_within(
    weights: list[float], total: float, service: float, theta: float, within: float
) -> float:
    """P(a caller who finds all agents busy is answered within ``within`` s before abandoning)."""
    if within <= 0:
        return 0.0
    # state s = callers ahead; leaves s at rate service + s·theta, and the caller's own
    # patience ends the wait (unanswered) at rate theta.
    top = len(weights) - 1
    uniform = service + top * theta + theta
    mass = [w / total for w in weights]
    mean = uniform * within
    steps = int(mean + 12 * math.sqrt(mean) + 30)
    answered = 0.0
    result = 0.0
    weight_seen = 0.0
    log_mean = math.log(mean)
    for k in range(steps + 1):
        poisson = math.exp(-mean + k * log_mean - math.lgamma(k + 1))
        weight_seen += poisson
        result += poisson * answered
        # one uniformised step
        answered += mass[0] * service / uniform
        nxt = [0.0] * len(mass)
        for s, m in enumerate(mass):
            if m == 0.0:
                continue
            down = (service + s * theta) / uniform
            stay = 1 - down - theta / uniform
            nxt[s] += m * stay
            if s > 0:
                nxt[s - 1] += m * down
        mass = nxt
    # the Poisson weight beyond the last step (negligible by the choice of steps) at the final value
    return min(1.0, result + max(0.0, 1 - weight_seen) * answered)


def size_erlang_a(
    rate: float,
    aht: float,
    level: float,
    within: float,
    patience: float,
    *,
    shrinkage: float = 0.0,
    max_occupancy: float | None = None,
) -> Sizing:
    """The minimal agents for a service-level target when callers abandon (Erlang A)."""
    check_inputs(rate, aht, level)
    load = rate * aht
    if load == 0:
        return Sizing("erlang_a", 0.0, 0, 0, Metrics(0, 1.0, 0.0, 0.0, 0.0, 0.0))

    def meets(n: int) -> bool:
        return erlang_a_metrics(n, rate, aht, patience, within).service_level >= level - 1e-12

    low, high = 0, max(1, math.ceil(load))
    while not meets(high):
        low, high = high, high * 2
        if high > 100 * (load + 10):
            raise StaffingError(
                f"no number of agents reaches a {level:.0%} service level here; "
                "the target may be out of reach with this patience."
            )
    while high - low > 1:
        middle = (low + high) // 2
        if meets(middle):
            high = middle
        else:
            low = middle
    agents = max(high, _occupancy_floor(load, max_occupancy))
    metrics = erlang_a_metrics(agents, rate, aht, patience, within)
    return Sizing("erlang_a", load, agents, schedule(agents, shrinkage), metrics)


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
