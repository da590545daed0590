"""`servicefit staffing`: size one queue from its numbers, for what-if questions."""

from __future__ import annotations

from pathlib import Path

from servicefit.cli.output import write
from servicefit.errors import UsageError
from servicefit.knowledge.base import KnowledgeBase
from servicefit.report import staffing as report
from servicefit.report.formats import Format
from servicefit.staffing.erlang import StaffingError
from servicefit.staffing.queue import size_queue
from servicefit.staffing.workload import FieldProblem, channel_volume


def run(
    kb: KnowledgeBase,
    contacts: float,
    per: str,
    aht: float,
    target: str,
    shrinkage: float,
    max_occupancy: float | None,
    patience: float | None,
    concurrency: int,
    fmt: Format,
    output: Path | None,
) -> int:
    spec: dict[str, object] = {
        "contacts": contacts,
        "per": per,
        "aht": aht,
        "target": target,
        "concurrency": concurrency,
    }
    if patience is not None:
        spec["patience"] = patience
    try:
        queue = channel_volume("queue", spec, sorted(kb.workforce.concurrency_factors))
        sized = size_queue(queue, kb.workforce.sizing, shrinkage, max_occupancy)
    except FieldProblem as problem:
        raise UsageError(f"--{problem.field}: {problem.message}", hint=problem.hint) from None
    except StaffingError as exc:
        raise UsageError(str(exc)) from None
    write(report.render(sized, fmt), output)
    return 0
