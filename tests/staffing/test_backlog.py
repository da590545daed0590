from __future__ import annotations

import pytest

from servicefit.staffing.backlog import Deferred, DeferredWeek, deadlines, work_deferred

# a "week" of four one-hour intervals, open in the first two
OPEN = (True, True, False, False)
HOUR = 3600.0


def _week(
    window: float, budget: float, arriving: tuple[float, ...] = (10, 0, 0, 0)
) -> DeferredWeek:
    return work_deferred(
        [Deferred("email", 360.0, window, OPEN)],  # 10 contacts an agent-hour
        {"email": arriving},
        [budget] * 4,
        HOUR,
    )


def test_first_come_first_served_within_the_window() -> None:
    week = _week(2 * HOUR, 5 * 360.0)  # 5 contacts an interval
    email = week.channels["email"]
    assert email.on_time[0] == pytest.approx(1.0)  # 5 in the first hour, 5 in the second
    assert email.waiting[:2] == pytest.approx((5.0, 0.0))
    assert email.growth == pytest.approx(0.0)
    short = _week(HOUR, 5 * 360.0).channels["email"]
    assert short.on_time[0] == pytest.approx(0.5)  # only the first hour's five are on time


def test_a_queue_that_cannot_keep_up_grows_every_week() -> None:
    email = _week(2 * HOUR, 2 * 360.0).channels["email"]
    assert email.growth == pytest.approx(10 - 4)  # 4 worked a week of the 10 arriving


def test_no_open_time_in_the_window_is_late_whatever_the_staffing() -> None:
    email = _week(HOUR, 100 * 360.0, (0, 0, 3, 0)).channels["email"]
    assert email.unreachable == pytest.approx(3)
    assert email.reachable[2] is False and email.on_time[2] == 0.0
    assert deadlines(OPEN, HOUR, HOUR)[4:8] == [5, 6, -1, -1]
