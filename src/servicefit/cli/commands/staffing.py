"""`servicefit staffing`: size one queue from its numbers, for what-if questions."""

from __future__ import annotations

from pathlib import Path

from servicefit.cli.output import write
from servicefit.errors import UsageError, ValueProblem
from servicefit.knowledge.base import KnowledgeBase
from servicefit.report import staffing as report
from servicefit.report.formats import Format
from servicefit.staffing.erlang import StaffingError
from servicefit.staffing.hours import parse_hours
from servicefit.staffing.queueing import size_queue
from servicefit.staffing.workload import FieldProblem, channel_volume


def run(
    kb: KnowledgeBase,
    contacts: float,
    per: str,
    aht: float,
    target: str | None,
    shrinkage: float | None,
    max_occupancy: float | None,
    patience: float | None,
    concurrency: int,
    abandon: str | None,
    business_hours: str | None,
    fmt: Format,
    output: Path | None,
) -> int:
    spec: dict[str, object] = {"contacts": contacts, "per": per, "aht": aht}
    optional = {
        "target": target,
        "concurrency": concurrency,
        "patience": patience,
        "abandon": abandon,
    }
    spec.update({k: v for k, v in optional.items() if v is not None})
    hours = None
    try:
        if business_hours is not None:
            try:
                hours = parse_hours(business_hours)
            except ValueProblem as problem:
                raise FieldProblem("business-hours", problem.message, problem.hint) from None
        queue = channel_volume("queue", spec, sorted(kb.workforce.concurrency_factors))
        if shrinkage is None:  # one default everywhere: the rule set's
            shrinkage = kb.workforce.sizing.shrinkage
        sized = size_queue(queue, kb.workforce.sizing, shrinkage, max_occupancy, hours)
    except FieldProblem as problem:
        raise UsageError(f"--{problem.field}: {problem.message}", hint=problem.hint) from None
    except StaffingError as exc:
        raise UsageError(str(exc)) from None
    write(report.render(sized, fmt), output)
    return 0
