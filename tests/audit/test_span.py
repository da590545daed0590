from __future__ import annotations

import datetime as dt
from collections import Counter

from servicefit.audit.span import active_span


def days(*spans: tuple[str, str, int]) -> Counter[int]:
    """Contacts per day: (first day, last day, contacts each day)."""
    out: Counter[int] = Counter()
    for first, last, n in spans:
        day = dt.date.fromisoformat(first)
        while day <= dt.date.fromisoformat(last):
            out[day.toordinal()] += n
            day += dt.timedelta(days=1)
    return out


def test_a_stray_placeholder_date_is_left_out_never_averaged_in() -> None:
    counts = days(("1970-01-01", "1970-01-01", 1), ("2017-10-01", "2017-11-30", 240))
    span = active_span(counts, 0.1, 28)
    assert span.quiet == {"1970-01": 1}
    assert span.complete == ["2017-10", "2017-11"]
    assert span.contacts == round((31 * 240 + 30 * 240) / 2)
    assert str(span.first_day) == "2017-10-01" and span.days == 61


def test_a_thin_tail_of_old_records_is_left_out() -> None:
    tail = [(f"20{y}-0{m}-03", f"20{y}-0{m}-03", 12) for y in range(10, 17) for m in range(1, 9)]
    counts = days(*tail, ("2017-10-01", "2017-11-30", 240))
    span = active_span(counts, 0.1, 28)
    assert span.complete == ["2017-10", "2017-11"] and span.contacts == (31 + 30) * 240 // 2
    assert len(span.quiet) == 56


def test_hours_or_days_are_never_scaled_up_to_a_month() -> None:
    hours = active_span(days(("2024-03-05", "2024-03-05", 485)), 0.1, 28)
    assert hours.contacts is None and "1 day" in hours.basis and "28 are needed" in hours.basis
    one = active_span(days(("2024-03-05", "2024-03-05", 1)), 0.1, 28)
    assert one.contacts is None


def test_weeks_without_a_whole_month_give_a_rate_over_the_span() -> None:
    span = active_span(days(("2024-01-15", "2024-02-25", 10)), 0.1, 28)
    assert span.complete == [] and span.days == 42
    assert span.contacts == round(420 / 42 * 30.44) and "42 days" in span.basis


def test_a_seasonal_quiet_month_inside_the_span_is_kept_when_not_far_below() -> None:
    counts = days(("2024-01-01", "2024-06-30", 10), ("2024-07-01", "2024-07-31", 2))
    counts.update(days(("2024-08-01", "2024-08-31", 10)))
    span = active_span(counts, 0.1, 28)
    assert "2024-07" in span.complete and not span.quiet


def test_the_months_averaged_are_named_as_a_run_or_one_by_one() -> None:
    run = active_span(days(("2024-01-01", "2024-03-31", 10)), 0.1, 28)
    assert run.basis.endswith("(2024-01 to 2024-03)")
    gaps = days(("2024-01-01", "2024-02-29", 10), ("2024-05-01", "2024-05-31", 10))
    gaps[dt.date(2024, 3, 15).toordinal()] = 1  # a quiet month inside the span
    apart = active_span(gaps, 0.1, 28)
    assert apart.basis.endswith("(2024-01, 2024-02 and 2024-05)")
    assert set(apart.quiet) == {"2024-03", "2024-04"}
