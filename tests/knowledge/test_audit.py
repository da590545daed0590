"""The audit's rules as data: the bands of the routine share's interval."""

from __future__ import annotations

from servicefit.knowledge.audit import Spread

SPREAD = Spread(0.10, 0.18, 8, 0.17, 0.26, 25, 0.21)


def test_each_length_of_ticket_gets_the_error_measured_for_it() -> None:
    assert SPREAD.around(5) == (0.17, 0.26, "short")
    assert SPREAD.around(8) == (0.10, 0.18, "sentences")
    assert SPREAD.around(25) == (0.10, 0.18, "sentences")
    assert SPREAD.around(140) == (0.21, 0.18, "longer")  # below: complaint letters' error
