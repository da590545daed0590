"""The regularized incomplete gamma functions, against values computed with mpmath at 60 digits."""

from __future__ import annotations

import math

import pytest

from servicefit.staffing.gamma import log_p, log_q

# (a, x, ln P(a, x), ln Q(a, x)), from mpmath.gammainc at 60 digits
REFERENCE = [
    (0.5, 0.1, -1.0634020471545286, -0.42354632347596574),
    (1.0, 1.0, -0.45867514538708189, -1.0),
    (3.7, 2.2, -1.4706881830587453, -0.26106261341827742),
    (10.0, 12.0, -0.27758939089994753, -1.4171983616525793),
    (100.0, 99.5, -0.70658372736202054, -0.67988878347552934),
    (1557.9, 1092.5, -90.843462096231, -3.5252156917134754e-40),
    (10016.7, 8778.8, -86.882482504103642, -1.8510462683199973e-38),
    (50.0, 5.0, -72.902912338991312, -2.1810592140784888e-32),
    (5.0, 50.0, -5.4497019829205295e-17, -37.448385655751671),
    (0.2, 30.0, -1.3076505945693062e-15, -34.270544307095298),
    (2500.0, 2600.0, -0.024107256915696336, -3.7372717805601835),
    (20000.0, 19800.0, -2.5472013540107612, -0.08153602504697578),
]


@pytest.mark.parametrize(("a", "x", "ln_p", "ln_q"), REFERENCE)
def test_agrees_with_the_60_digit_reference(a: float, x: float, ln_p: float, ln_q: float) -> None:
    assert log_p(a, x) == pytest.approx(ln_p, rel=1e-12, abs=1e-14)
    assert log_q(a, x) == pytest.approx(ln_q, rel=1e-12, abs=1e-14)


@pytest.mark.parametrize("a", [1e6, 3e7, 1e8])
def test_holds_at_the_sizes_of_the_largest_contact_centres(a: float) -> None:
    # around the mean of a Gamma(a), P runs from 0 to 1 over a few standard deviations
    sd = math.sqrt(a)
    xs = [a + k * sd for k in (-3, -1, 0, 1, 3)]
    values = [(math.exp(log_p(a, x)), math.exp(log_q(a, x))) for x in xs]
    for p, q in values:
        assert 0 < p < 1 and 0 < q < 1 and p + q == pytest.approx(1, abs=1e-12)
    ps = [p for p, _ in values]
    assert ps == sorted(ps)
    assert values[2][0] == pytest.approx(0.5, abs=0.01)  # the median is near the mean
