"""Erlang A (M/M/n+M): callers hang up after an exponentially distributed patience.

Closed forms throughout. With μ = 1/AHT, θ = 1/patience, x = nμ/θ and y = λ/θ, a caller who
finds every agent busy has a virtual wait V with P(V > s | wait) = P(x, y·e^(−θs)) / P(x, y),
P the regularized lower incomplete gamma (gamma.py). From it come P(wait), abandonment, the
service level (answered within the target, among all callers), the mean wait of every caller
and the mean wait of those answered; the README's staffing section gives the derivation. Each
costs a few incomplete-gamma evaluations, whatever the size of the queue.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from servicefit.staffing.erlang import (
    RECURSION_LIMIT,
    Metrics,
    Sizing,
    StaffingError,
    check_inputs,
    check_occupancy,
    erlang_b,
    log_erlang_b,
    next_blocking,
    schedule,
)
from servicefit.staffing.gamma import log_p, log_prefactor

_GAUSS_8 = (  # Gauss–Legendre nodes and weights on [−1, 1]
    (-0.9602898564975363, 0.1012285362903763),
    (-0.7966664774136267, 0.2223810344533745),
    (-0.5255324099163290, 0.3137066458778873),
    (-0.1834346424956498, 0.3626837833783620),
    (0.1834346424956498, 0.3626837833783620),
    (0.5255324099163290, 0.3137066458778873),
    (0.7966664774136267, 0.2223810344533745),
    (0.9602898564975363, 0.1012285362903763),
)


class _Queue(NamedTuple):
    """One Erlang A system: the numbers every measure of it is built from."""

    agents: int
    load: float  # a = λ·AHT
    theta: float  # 1 / patience
    x: float  # n·μ/θ
    y: float  # λ/θ
    wait: float  # P(an arrival finds every agent busy)
    log_p_xy: float  # ln P(x, y)
    log_s: float  # ln Σ_j Π_{i≤j} y/(x+i): the waiting states' weight against all-busy


def _queue(
    agents: int, rate: float, aht: float, patience: float, blocking: float | None = None
) -> _Queue:
    theta = 1 / patience
    load = rate * aht
    x = agents * patience / aht
    y = rate * patience
    log_p_xy = log_p(x, y)
    log_s = math.log(x) + log_p_xy - log_prefactor(x, y)
    if blocking is not None and blocking > 0:  # Erlang B given: a table steps it along
        log_b = math.log(blocking)
    elif agents <= RECURSION_LIMIT:
        log_b = math.log(erlang_b(agents, load))
    else:
        log_b = log_erlang_b(agents, load)
    blocking = math.exp(log_b)
    # P(wait) = S·B / (1 − B + S·B), written to stay finite when S·B is vast
    ratio = -(log_s + log_b)
    wait = 1.0 / (1.0 + (1.0 - blocking) * math.exp(min(ratio, 700.0)))
    return _Queue(agents, load, theta, x, y, wait, log_p_xy, log_s)


def _answered_given_wait(q: _Queue, within: float | None = None) -> float:
    """P(answered, within `within` seconds if given, | the caller had to wait)."""
    eventually = (q.x / q.y) * math.exp(log_p(q.x + 1, q.y) - q.log_p_xy)
    if within is None:
        return min(1.0, eventually)
    if within <= 0:
        return 0.0
    z = q.y * math.exp(-q.theta * within)
    later = (q.x / q.y) * math.exp(log_p(q.x + 1, z) - q.log_p_xy) if z > 0 else 0.0
    return min(1.0, max(0.0, eventually - later))


def _abandonment(q: _Queue) -> float:
    return q.wait * max(0.0, 1.0 - _answered_given_wait(q))


def _answered_wait_given_wait(q: _Queue) -> float:
    """E[V·1{answered} | wait]: the integral of s·f_V(s)·e^(−θs), f_V the virtual wait's density
    θx·e^(−θxs + y(1 − e^(−θs)))/S. The integrand is log-concave: find its peak, then add up
    Gauss–Legendre panels over the span where it is not negligible."""
    theta, x, y = q.theta, q.x, q.y
    base = math.log(theta * x) - q.log_s

    def log_g(s: float) -> float:
        return math.log(s) + base - theta * (x + 1) * s + y * (1 - math.exp(-theta * s))

    def slope(s: float) -> float:
        return 1 / s - theta * (x + 1) + y * theta * math.exp(-theta * s)

    low, high = 0.0, 1.0 / (theta * (x + 1))
    while slope(high) > 0:
        low, high = high, high * 2
    for _ in range(200):  # bisection to the peak
        middle = (low + high) / 2
        if slope(middle) > 0:
            low = middle
        else:
            high = middle
        if high - low <= 1e-12 * high:
            break
    peak = (low + high) / 2
    top = log_g(peak)
    curvature = 1 / peak**2 + y * theta * theta * math.exp(-theta * peak)
    width = 1 / math.sqrt(curvature)
    left, right = max(0.0, peak - 10 * width), peak + 10 * width
    while left > 0 and log_g(left) > top - 46:
        left = max(0.0, peak - 2 * (peak - left))
    while log_g(right) > top - 46:
        right = peak + 2 * (right - peak)
    panels = 16  # within 1e-10 of 64 panels over ±40 widths, on 400 random queues
    step = (right - left) / panels
    total = 0.0
    for k in range(panels):
        middle, half = left + (k + 0.5) * step, step / 2
        for node, weight in _GAUSS_8:
            s = middle + half * node
            if s > 0:
                total += weight * half * math.exp(log_g(s))
    return total


def erlang_a_metrics(
    agents: int,
    rate: float,
    aht: float,
    patience: float,
    within: float,
    blocking: float | None = None,
) -> Metrics:
    """Erlang A (M/M/n+M): callers abandon after an exponential patience with mean ``patience`` s.

    The service level counts callers answered within ``within`` seconds among all callers
    (those who hang up count as not answered). ``asa_seconds`` is the mean wait of the callers
    who are answered; ``mean_wait_seconds`` that of every caller, those who hang up included.
    Occupancy is carried load (the work actually done) per agent.
    """
    check_inputs(rate, aht)
    if not (math.isfinite(patience) and patience > 0):
        raise StaffingError("the patience must be more than 0 seconds.")
    load = rate * aht
    if rate == 0:
        return Metrics(agents, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    if agents < 1:
        return Metrics(agents, 0.0, math.inf, 0.0, 1.0, 1.0, patience)
    q = _queue(agents, rate, aht, patience, blocking)
    level = (1 - q.wait) + q.wait * _answered_given_wait(q, within)
    abandonment = _abandonment(q)
    answered = 1 - abandonment
    asa = q.wait * _answered_wait_given_wait(q) / answered if answered > 0 else math.inf
    return Metrics(
        agents,
        min(1.0, level),
        asa,
        load * answered / agents,
        q.wait,
        abandonment,
        abandonment / q.theta,  # Little's law: θ·E[queue] = λ·P(abandon) and E[queue] = λ·E[W]
    )


def size_erlang_a(
    rate: float,
    aht: float,
    level: float | None,
    within: float | None,
    patience: float,
    *,
    abandon: float | None = None,
    shrinkage: float = 0.0,
    max_occupancy: float | None = None,
) -> Sizing:
    """The minimal agents that meet a service level (``level`` answered within ``within``
    seconds), an abandonment target (at most ``abandon`` of callers hang up), or both.

    Both measures improve with every agent added, so a bisection finds the smallest number
    that meets them. It starts from a bound no staffing can beat: answering a share of callers
    takes at least that share of the load in agents. The occupancy cap then applies to the
    carried load (abandoned calls do no work), raising the agents until it holds.
    """
    check_inputs(rate, aht, level)
    check_occupancy(max_occupancy)
    if level is None and abandon is None:
        raise StaffingError("give a service-level target, an abandonment target, or both.")
    if abandon is not None and not 0 < abandon < 1:  # whoever waits may hang up: 0% is never met
        raise StaffingError("the abandonment target must be above 0% and below 100%.")
    if not (math.isfinite(patience) and patience > 0):
        raise StaffingError("the patience must be more than 0 seconds.")
    load = rate * aht
    if load == 0:
        metrics = Metrics(0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        return Sizing("erlang_a", 0.0, 0, schedule(0, shrinkage), metrics)

    def meets(n: int) -> bool:
        q = _queue(n, rate, aht, patience)
        if level is not None:
            reached = (1 - q.wait) + q.wait * _answered_given_wait(q, within or 0.0)
            if reached < level - 1e-12:
                return False
        return abandon is None or _abandonment(q) <= abandon + 1e-12

    share = max(level or 0.0, 1.0 - abandon if abandon is not None else 0.0)
    low = max(0, math.floor(share * load) - 1)  # fewer agents cannot answer that share
    high = max(low + 1, math.ceil(load + 5 * math.sqrt(load) + 10))
    while not meets(high):
        low, high = high, high * 2
        if high > 100 * (load + 10):
            raise StaffingError(
                "no number of agents reaches this target here; with callers this impatient "
                "the target may be out of reach."
            )
    while high - low > 1:
        middle = (low + high) // 2
        if middle > 0 and meets(middle):
            high = middle
        else:
            low = middle
    agents = high
    metrics = erlang_a_metrics(agents, rate, aht, patience, within or 0.0)
    if max_occupancy is not None:
        while metrics.occupancy > max_occupancy + 1e-12:
            agents = max(
                agents + 1, math.ceil(load * (1 - (metrics.abandonment or 0)) / max_occupancy)
            )
            metrics = erlang_a_metrics(agents, rate, aht, patience, within or 0.0)
    return Sizing("erlang_a", load, agents, schedule(agents, shrinkage), metrics)


def erlang_a_table(
    rate: float, aht: float, patience: float, within: float, low: int, high: int
) -> list[Metrics]:
    """Erlang A for every number of agents from low to high, stepping one Erlang B recursion
    along the rows instead of starting it again for each."""
    low = max(1, low)
    load = rate * aht
    blocking = erlang_b(low, load)
    out = []
    for n in range(low, high + 1):
        if n > low:
            blocking = next_blocking(n, load, blocking)
        out.append(erlang_a_metrics(n, rate, aht, patience, within, blocking))
    return out
