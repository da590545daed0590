"""What a given team delivers: the same queueing math as the sizing, run the other way."""

from __future__ import annotations

import itertools

import pytest

from servicefit.intake.answers import load_answers, validate_answers
from servicefit.knowledge.base import KnowledgeBase
from servicefit.staffing.capacity import POOLED, capacity
from servicefit.staffing.sizing import size_workload
from tests.conftest import EXAMPLES


def _one_interval(kb: KnowledgeBase, calls: float, aht: int = 180) -> object:
    """A week of half hours on one phone line, open around the clock, with `calls` in Monday
    09:00-09:30 and none otherwise."""
    monday = [0.0] * 48
    monday[18] = calls
    answers = validate_answers(
        {
            "volumes": {
                "phone": {"week": {"interval": "30m", "mon": monday}, "aht": aht, "target": "80/20"}
            },
            "business_hours": "24x7",
        },
        kb,
    )
    return answers.workload


def test_published_example_100_calls_in_30_minutes(kb: KnowledgeBase) -> None:
    """The Erlang C example test_erlang.py holds: 14 agents give 88.8%, 7.8 s, 71.4%."""
    cap = capacity(_one_interval(kb, 100), kb.workforce.sizing, {"phone": 14})  # type: ignore[arg-type]
    row = next(r for r in cap.rows if r.interval == 18)
    assert f"{row.service_level:.1%}" == "88.8%"
    assert f"{row.asa_seconds:.1f}" == "7.8"
    assert f"{row.occupancy:.1%}" == "71.4%"
    assert row.meets is True
    fewer = capacity(_one_interval(kb, 100), kb.workforce.sizing, {"phone": 10})  # type: ignore[arg-type]
    overloaded = next(r for r in fewer.rows if r.interval == 18)
    assert overloaded.service_level == 0.0 and overloaded.asa_seconds is None  # load 10 = agents
    assert overloaded.meets is False
    assert fewer.channels[0].hours_below == 0.5


def test_the_sized_team_meets_every_target(kb: KnowledgeBase) -> None:
    answers = load_answers(str(EXAMPLES / "weekly-volumes.yaml"), kb)
    assert answers.workload is not None
    hours = kb.workforce.hours.get(answers.values["coverage"])
    sized = size_workload(answers.workload, kb.workforce.sizing, hours)
    assert sized.week is not None
    peak = {name: max(series) for name, series in sized.week.by_channel.items()}
    dedicated = capacity(answers.workload, kb.workforce.sizing, peak, 1.0, hours)
    assert dedicated.hours_below == 0
    pooled = capacity(
        answers.workload, kb.workforce.sizing, {POOLED: max(sized.week.shared)}, 1.0, hours
    )
    assert pooled.hours_below == 0
    short = {name: n - 2 for name, n in peak.items()}
    assert capacity(answers.workload, kb.workforce.sizing, short, 1.0, hours).hours_below > 0


def test_more_demand_never_serves_better(kb: KnowledgeBase) -> None:
    answers = load_answers(str(EXAMPLES / "weekly-volumes.yaml"), kb)
    assert answers.workload is not None
    team = {"phone": 8, "chat": 6, "email": 5}
    levels = []
    for scale in (0.8, 1.0, 1.25, 1.5):
        cap = capacity(answers.workload, kb.workforce.sizing, team, scale)
        levels.append([c.service_level for c in cap.channels])
        assert cap.scale == scale
    for lower, higher in itertools.pairwise(levels):
        for a, b in zip(lower, higher, strict=True):
            assert b is not None and a is not None and b <= a + 1e-9


def test_email_backlog_grows_when_the_agents_cannot_keep_up(kb: KnowledgeBase) -> None:
    answers = validate_answers(
        {
            "volumes": {"email": {"contacts": 400, "per": "1d", "aht": 300, "target": "24h"}},
            "business_hours": "Mon-Fri 09:00-17:00",
        },
        kb,
    )
    assert answers.workload is not None
    enough = capacity(answers.workload, kb.workforce.sizing, {"email": 5})
    email = enough.channels[0]
    assert email.growth == pytest.approx(0.0, abs=1e-6)
    assert email.service_level == pytest.approx(1.0)
    few = capacity(answers.workload, kb.workforce.sizing, {"email": 2}).channels[0]
    # 2 agents at 85% work 2 × 0.85 × 12 = 20.4 an hour, 816 a week, of 2,000 arriving
    assert few.growth == pytest.approx(2000 - 816, rel=1e-6)
    assert few.most_backlog is not None and few.most_backlog > 1000
    assert few.service_level is not None and few.service_level < 0.5


def test_email_that_no_staffing_could_answer_in_time_is_not_the_teams_miss(
    kb: KnowledgeBase,
) -> None:
    """Saturday's e-mail at a business open Monday to Friday has no open time in its 24-hour
    window: late whatever the staffing, counted apart, and no hour below target for it."""
    answers = validate_answers(
        {
            "volumes": {
                "email": {
                    "daily": {
                        "mon": 100,
                        "tue": 100,
                        "wed": 100,
                        "thu": 100,
                        "fri": 100,
                        "sat": 40,
                    },
                    "aht": 300,
                    "target": "24h",
                }
            },
            "business_hours": "Mon-Fri 09:00-17:00",
        },
        kb,
    )
    assert answers.workload is not None
    email = capacity(answers.workload, kb.workforce.sizing, {"email": 10}).channels[0]
    assert email.late_by_hours > 0
    assert email.hours_below == 0
    assert email.late_by_hours == pytest.approx(40)  # all of Saturday
    assert email.service_level == pytest.approx(500 / 540)
