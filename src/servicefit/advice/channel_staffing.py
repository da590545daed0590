"""The shared-versus-dedicated choice: the options' points from the rules, plus the pooling
arithmetic of the volumes when they are given."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from servicefit.advice.recommendation import Reason, Staffing
from servicefit.advice.scoring import same, to_score
from servicefit.errors import AnswersError, Location
from servicefit.intake.answers import Answers
from servicefit.knowledge.base import FIELD_COVERAGE, KnowledgeBase
from servicefit.knowledge.wording import fill, percent, plural
from servicefit.knowledge.workforce import WorkforceSettings
from servicefit.staffing.workload import DEDICATED, SHARED

if TYPE_CHECKING:
    from servicefit.staffing.sizing import WorkloadSizing

POOLING_RULE = "pooling-arithmetic"


def staffing_option(
    points: Mapping[str, float], values: Mapping[str, Any], kb: KnowledgeBase
) -> tuple[str | None, bool]:
    """The option recommended (None when the choice does not arise) and whether a tie decided
    it: equal points go to the option the rule of thumb in scoring.yaml names."""
    choice = kb.staffing_choice
    if not choice.applies.evaluate(values):
        return None, False
    first, second = list(kb.staffing)
    if same(points[first], points[second]):
        other = second if choice.tie_option == first else first
        return (choice.tie_option if choice.tie_when.evaluate(values) else other), True
    return (first if points[first] > points[second] else second), False


def choose_staffing(
    points: Mapping[str, float],
    reasons: Mapping[str, list[Reason]],
    values: Mapping[str, Any],
    kb: KnowledgeBase,
) -> Staffing:
    order = list(kb.staffing)
    merged = sorted(
        (r for s in order for r in reasons[s]),
        key=lambda r: (-abs(r.points), order.index(r.target)),
    )
    scores = {s: to_score(points[s], kb.score_scale) for s in order}
    own = {s: points[s] for s in order}
    chosen, tied = staffing_option(points, values, kb)
    choice = kb.staffing_choice
    if chosen is None:
        why = next(s for s in choice.not_applicable if s.when.evaluate(values))
        note = fill(why.text, values, kb.questions)
        return Staffing(None, scores, own, merged, applicable=False, note=note)
    margin = abs(points[order[0]] - points[order[1]])
    tie_note = fill(choice.tie_text, values, kb.questions) if tied else None
    return Staffing(
        chosen,
        scores,
        own,
        merged,
        close_call=tied or margin < kb.lead.close_call_points,
        note=tie_note,
    )


def size_answers(
    answers: Answers, kb: KnowledgeBase
) -> tuple[WorkloadSizing | None, Reason | None]:
    """The sizing of the answers' volumes, if any, and the staffing points it gives."""
    workload = answers.workload
    if workload is None or not workload.channels:
        return None, None
    from servicefit.staffing.erlang import StaffingError
    from servicefit.staffing.sizing import size_workload  # only for answers with volumes

    hours = kb.workforce.hours.get(answers.values.get(FIELD_COVERAGE, ""))
    try:
        sizing = size_workload(
            workload, kb.workforce.sizing, hours, kb.workforce.pooling.sensitivity
        )
    except StaffingError as exc:  # a target no staffing reaches, with these volumes
        raise AnswersError(
            f"the volumes cannot be sized: {exc}", Location(answers.source), "Check `volumes`."
        ) from None
    return sizing, pooling_reason(sizing, kb.workforce)


def pooling_reason(sizing: WorkloadSizing, settings: WorkforceSettings) -> Reason | None:
    """Points for shared agents when pooling saves agents (agent-hours over a week), for
    dedicated when it does not."""
    dedicated = sizing.total(DEDICATED)
    shared = sizing.total(SHARED)
    if dedicated == 0:
        return None
    saving = sizing.pooling_saving
    pooling = settings.pooling
    week = "_week" if sizing.week is not None else ""
    words = {
        "shared": f"{shared:,.0f}",
        "shared_agents": plural(round(shared), "agent"),  # '1 agent', '12 agents'
        "dedicated": f"{dedicated:,.0f}",
        "saving": percent(abs(saving)),
        "threshold": percent(pooling.negligible_saving),
    }
    if saving >= pooling.negligible_saving:
        points = min(pooling.max_points, saving * 100 * pooling.points_per_percent)
        return Reason(
            POOLING_RULE, round(points, 1), settings.texts["saves" + week].format(**words), SHARED
        )
    if saving < 0:
        points = min(pooling.max_points, -saving * 100 * pooling.points_per_percent)
        return Reason(
            POOLING_RULE,
            round(points, 1),
            settings.texts["costs" + week].format(**words),
            DEDICATED,
        )
    return Reason(
        POOLING_RULE,
        pooling.negligible_points,
        settings.texts["negligible" + week].format(**words),
        DEDICATED,
    )
