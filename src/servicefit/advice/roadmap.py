"""The roadmap for one recommendation: the phases of rules/roadmap.yaml that apply, in an order
that puts every phase after those it depends on (file order among equals)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from servicefit.knowledge.base import Phase
from servicefit.knowledge.questions import Question
from servicefit.knowledge.wording import fill


class PlannedPhase(NamedTuple):
    id: str
    title: str
    after: tuple[str, ...]
    steps: tuple[str, ...]
    measures: tuple[str, ...]
    step_ids: tuple[str, ...] = ()  # the steps' ids, for rule cases (not in the JSON)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "after": list(self.after),
            "steps": list(self.steps),
            "measures": list(self.measures),
        }


def plan_roadmap(
    phases: Sequence[Phase], facts: Mapping[str, Any], names: Mapping[str, Question]
) -> tuple[PlannedPhase, ...]:
    chosen: dict[str, PlannedPhase] = {}
    for phase in phases:
        if not phase.when.evaluate(facts):
            continue
        taken = [s for s in phase.steps if s.when.evaluate(facts)]
        if not taken:
            continue
        steps = tuple(fill(s.text, facts, names) for s in taken)
        measures = tuple(
            fill(m.text, facts, names) for m in phase.measures if m.when.evaluate(facts)
        )
        chosen[phase.id] = PlannedPhase(
            phase.id, phase.title, phase.after, steps, measures, tuple(s.id for s in taken)
        )
    ordered: list[PlannedPhase] = []
    placed: set[str] = set()
    pending = list(chosen.values())
    while pending:  # the file's order, each phase once its prerequisites are placed
        for planned in pending:
            if all(a in placed or a not in chosen for a in planned.after):
                kept = tuple(a for a in planned.after if a in chosen)
                ordered.append(planned._replace(after=kept))
                placed.add(planned.id)
                pending.remove(planned)
                break
    return tuple(ordered)
