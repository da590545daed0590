"""The regularized incomplete gamma functions, in log space, accurate at any size.

P(a, x) = γ(a, x) / Γ(a) and Q(a, x) = 1 − P(a, x). The series (for x < a + 1) and the
continued fraction (otherwise) are the classic ones (Numerical Recipes §6.2, modified Lentz).
What makes them hold for a and x in the millions is the prefactor x^a e^(−x) / Γ(a): written
naively its logarithm is a difference of numbers near a·ln(a), which loses seven digits at
a = 10^8; here it is written as −a·D(x/a) + ½ln(a/2π) − (Stirling's correction), where
D(r) = r − 1 − ln r is computed without cancellation.
"""

from __future__ import annotations

import math

_EPS = 1e-16
_TINY = 1e-300
_MAX_TERMS = 10_000_000  # never reached for a, x below 10^12; a guard, not a bound in use


def _d(r: float) -> float:
    """r − 1 − ln r, accurate near r = 1."""
    t = r - 1.0
    if abs(t) > 0.1:
        return t - math.log(r)
    # t − log1p(t) = t²/2 − t³/3 + t⁴/4 − …
    total, power, k = 0.0, t * t, 2
    while True:
        term = power / k * (1 if k % 2 == 0 else -1)
        total += term
        if abs(term) <= _EPS * abs(total):
            return total
        power *= t
        k += 1


def _stirling_correction(a: float) -> float:
    """lgamma(a) − [(a − ½)·ln a − a + ½·ln 2π]."""
    if a < 10:
        return math.lgamma(a) - ((a - 0.5) * math.log(a) - a + 0.5 * math.log(2 * math.pi))
    inv = 1.0 / a
    inv2 = inv * inv
    return inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)))


def log_prefactor(a: float, x: float) -> float:
    """ln(x^a · e^(−x) / Γ(a)), stable for large a and x (x > 0)."""
    if a < 10:
        return a * math.log(x) - x - math.lgamma(a)
    return -a * _d(x / a) + 0.5 * math.log(a / (2 * math.pi)) - _stirling_correction(a)


def _series(a: float, x: float) -> float:
    """Σ x^k / (a(a+1)…(a+k)): P(a, x) = prefactor · this."""
    term = total = 1.0 / a
    ap = a
    for _ in range(_MAX_TERMS):
        ap += 1.0
        term *= x / ap
        total += term
        if term < total * _EPS:
            return total
    raise ArithmeticError("the incomplete gamma series did not converge")


def _continued_fraction(a: float, x: float) -> float:
    """The continued fraction h: Q(a, x) = prefactor · h."""
    b = x + 1.0 - a
    c = 1.0 / _TINY
    d = 1.0 / b
    h = d
    for i in range(1, _MAX_TERMS):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        if abs(d) < _TINY:
            d = _TINY
        c = b + an / c
        if abs(c) < _TINY:
            c = _TINY
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            return h
    raise ArithmeticError("the incomplete gamma continued fraction did not converge")


def log_p(a: float, x: float) -> float:
    """ln P(a, x), for a > 0 and x ≥ 0 (−inf at x = 0)."""
    if x <= 0:
        return -math.inf
    if x < a + 1:
        return log_prefactor(a, x) + math.log(_series(a, x))
    q = math.exp(log_prefactor(a, x)) * _continued_fraction(a, x)
    return math.log1p(-q)


def log_q(a: float, x: float) -> float:
    """ln Q(a, x), for a > 0 and x ≥ 0."""
    if x <= 0:
        return 0.0
    if x < a + 1:
        p = math.exp(log_prefactor(a, x)) * _series(a, x)
        return math.log1p(-p) if p < 1 else -math.inf
    return log_prefactor(a, x) + math.log(_continued_fraction(a, x))
