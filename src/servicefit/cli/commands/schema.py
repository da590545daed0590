"""`servicefit schema`: the JSON Schemas of answer files and of servicefit's documents."""

from __future__ import annotations

from pathlib import Path

from servicefit.cli.output import emit_json
from servicefit.errors import UsageError
from servicefit.knowledge.base import KnowledgeBase
from servicefit.messages import did_you_mean
from servicefit.report.schemas import SCHEMAS


def run(kb: KnowledgeBase, which: str, output: Path | None) -> int:
    if which not in SCHEMAS:
        raise UsageError(
            f"there is no schema {which!r}.{did_you_mean(which, SCHEMAS)}",
            hint=f"Schemas: {', '.join(SCHEMAS)}.",
        )
    emit_json(SCHEMAS[which](kb), output)
    return 0
