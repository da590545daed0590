"""The shared-versus-dedicated choice: the options' points from the rules, plus the pooling
arithmetic of the volumes when they are given."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from servicefit.advice.recommendation import Reason, Staffing
from servicefit.advice.scoring import leader, to_score
from servicefit.intake.answers import Answers
from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.wording import percent
from servicefit.knowledge.workforce import WorkforceSettings
from servicefit.staffing.workload import DEDICATED, SHARED

if TYPE_CHECKING:
    from servicefit.staffing.sizing import WorkloadSizing

POOLING_RULE = "pooling-arithmetic"


def choose_staffing(
    points: Mapping[str, float], reasons: Mapping[str, list[Reason]], kb: KnowledgeBase
) -> Staffing:
    order = list(kb.staffing)
    best = leader(points, order)
    merged = sorted(
        (r for s in order for r in reasons[s]),
        key=lambda r: (-abs(r.points), order.index(r.target)),
    )
    return Staffing(
        best,
        {s: to_score(points[s], kb.score_scale) for s in order},
        {s: points[s] for s in order},
        merged,
    )


def size_answers(
    answers: Answers, kb: KnowledgeBase
) -> tuple[WorkloadSizing | None, Reason | None]:
    """The sizing of the answers' volumes, if any, and the staffing points it gives."""
    workload = answers.workload
    if workload is None or not workload.channels:
        return None, None
    from servicefit.staffing.sizing import size_workload  # only for answers with volumes

    sizing = size_workload(workload, kb.workforce.sizing)
    return sizing, pooling_reason(sizing, kb.workforce)


def pooling_reason(sizing: WorkloadSizing, settings: WorkforceSettings) -> Reason | None:
    """Points for shared agents when pooling saves agents, for dedicated when it does not."""
    dedicated = sizing.dedicated_agents
    shared = sizing.shared.agents
    if dedicated == 0:
        return None
    saving = sizing.pooling_saving
    pooling = settings.pooling
    words = {
        "shared": f"{shared:,}",
        "dedicated": f"{dedicated:,}",
        "saving": percent(abs(saving)),
        "threshold": percent(pooling.negligible_saving),
    }
    if saving >= pooling.negligible_saving:
        points = min(pooling.max_points, saving * 100 * pooling.points_per_percent)
        return Reason(
            POOLING_RULE, round(points, 1), settings.texts["saves"].format(**words), SHARED
        )
    if saving < 0:
        points = min(pooling.max_points, -saving * 100 * pooling.points_per_percent)
        return Reason(
            POOLING_RULE, round(points, 1), settings.texts["costs"].format(**words), DEDICATED
        )
    return Reason(
        POOLING_RULE,
        pooling.negligible_points,
        settings.texts["negligible"].format(**words),
        DEDICATED,
    )
