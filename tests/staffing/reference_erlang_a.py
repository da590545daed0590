"""The Erlang A of servicefit up to 0.1: the queue's birth-death chain, truncated, and the
service level by uniformisation. Slow (it walks every state) but independent of the closed
forms now in servicefit.staffing.erlang, so the tests check one against the other."""

from __future__ import annotations

import math

from servicefit.staffing.erlang import Metrics, erlang_b

_TAIL = 1e-15
_MAX_QUEUE = 2_000_000


def reference_erlang_a(
    agents: int, rate: float, aht: float, patience: float, within: float
) -> Metrics:
    """Erlang A (M/M/n+M): callers abandon after an exponential patience with mean ``patience`` s.

    Computed from the birth–death chain of the queue. P(wait) and abandonment come from its
    stationary distribution, the waiting line cut where its probability is below 1e-15. The
    service level (callers answered within ``within`` seconds, among all callers) follows a
    waiting caller through the line by uniformisation, with its own patience running.
    """
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
        raise ValueError("the waiting line does not settle")
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
