"""`staffing`'s flow: one queue from its numbers, sized with the rule set's workforce
settings, for what-if questions."""

from __future__ import annotations

from dataclasses import dataclass

from servicefit.errors import UsageError, ValueProblem
from servicefit.knowledge.base import KnowledgeBase
from servicefit.staffing.erlang import StaffingError
from servicefit.staffing.hours import parse_hours
from servicefit.staffing.queueing import QueueSizing, size_queue
from servicefit.staffing.workload import MAX_SHRINKAGE, FieldProblem, channel_volume


@dataclass(frozen=True, kw_only=True, slots=True)
class StaffingRequest:
    """One queue, as the flags give it (see `servicefit staffing --help`)."""

    contacts: float
    per: str
    aht: float
    target: str | None = None
    shrinkage: float | None = None  # None: the rule set's
    max_occupancy: float | None = None
    patience: float | None = None
    concurrency: int = 1
    abandon: str | None = None
    business_hours: str | None = None


def run(request: StaffingRequest, kb: KnowledgeBase) -> QueueSizing:
    spec: dict[str, object] = {"contacts": request.contacts, "per": request.per, "aht": request.aht}
    optional = {
        "target": request.target,
        "concurrency": request.concurrency,
        "patience": request.patience,
        "abandon": request.abandon,
    }
    spec.update({k: v for k, v in optional.items() if v is not None})
    hours = None
    try:
        if request.business_hours is not None:
            try:
                hours = parse_hours(request.business_hours)
            except ValueProblem as problem:
                raise FieldProblem("business-hours", problem.message, problem.hint) from None
        queue = channel_volume("queue", spec, sorted(kb.workforce.concurrency_factors))
        shrinkage = request.shrinkage
        if shrinkage is None:  # one default everywhere: the rule set's
            shrinkage = kb.workforce.sizing.shrinkage
        elif not 0 <= shrinkage <= MAX_SHRINKAGE:
            raise FieldProblem(
                "shrinkage",
                f"{shrinkage:.0%} of paid time is not possible.",
                f"Give 0% to {MAX_SHRINKAGE:.0%}.",
            )
        cap = request.max_occupancy
        if cap is not None and not 0 < cap <= 1:
            raise FieldProblem(
                "max-occupancy", f"a cap of {cap:.0%} is not possible.", "Give 1% to 100%."
            )
        return size_queue(queue, kb.workforce.sizing, shrinkage, cap, hours)
    except FieldProblem as problem:
        raise UsageError(f"--{problem.field}: {problem.message}", hint=problem.hint) from None
    except StaffingError as exc:
        raise UsageError(str(exc)) from None
