"""The implementation roadmap from rules/roadmap.yaml: phases with prerequisites, steps and
measures, each step and measure a conditional text like the advice's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servicefit.knowledge.base import Phase
from servicefit.knowledge.conditions import ConditionCompiler
from servicefit.knowledge.questions import Question
from servicefit.knowledge.reader import Reader, guard
from servicefit.knowledge.settings import read_steps


def load_roadmap(data: Any, file: str, names: Mapping[str, Question]) -> tuple[Phase, ...]:
    reader = Reader(file)
    top = reader.mapping(data, "the roadmap file")
    reader.only_keys(top, ("phases",), "the roadmap file")
    compiler = ConditionCompiler(names, file)
    phases: list[Phase] = []
    raws: dict[str, dict] = {}
    for raw in reader.sequence(reader.get(top, "phases", list), "phases"):
        with guard():
            raw = reader.mapping(raw, "a phase")
            pid = reader.text(raw, "id")
            reader.only_keys(
                raw, ("id", "title", "after", "when", "steps", "measures"), "a phase", pid
            )
            if pid in raws:
                raise reader.error(
                    raw, f"phase {pid!r} is there twice.", key="id", code="duplicate-id"
                )
            after = reader.get(raw, "after", list, owner=pid, required=False, default=[])
            steps = read_steps(
                reader,
                reader.get(raw, "steps", list, owner=pid),
                f"{pid}.steps",
                names,
                text_key="text",
            )
            if not steps:
                raise reader.error(raw, "a phase needs at least one step.", key="steps", owner=pid)
            measures = read_steps(
                reader,
                reader.get(raw, "measures", list, owner=pid, required=False, default=[]),
                f"{pid}.measures",
                names,
                text_key="text",
            )
            raws[pid] = raw
            phases.append(
                Phase(
                    pid,
                    reader.text(raw, "title", owner=pid),
                    tuple(str(a) for a in after),
                    compiler.compile(raw.get("when"), pid),
                    steps,
                    measures,
                )
            )
    known = {p.id for p in phases}
    for phase in phases:
        for earlier in phase.after:
            if earlier not in known:
                raise reader.error(
                    raws[phase.id],
                    f"after names {earlier!r}, which is not a phase.",
                    key="after",
                    owner=phase.id,
                )
    _check_order(reader, phases, raws)
    return tuple(phases)


def _check_order(reader: Reader, phases: list[Phase], raws: dict[str, dict]) -> None:
    """No phase may come, through its prerequisites, after itself."""
    after = {p.id: p.after for p in phases}
    state: dict[str, int] = {}

    def visit(pid: str, path: tuple[str, ...]) -> None:
        if state.get(pid) == 2:
            return
        if state.get(pid) == 1:
            raise reader.error(
                raws[pid],
                f"the phases wait for each other: {' -> '.join((*path, pid))}.",
                key="after",
                owner=pid,
            )
        state[pid] = 1
        for earlier in after[pid]:
            visit(earlier, (*path, pid))
        state[pid] = 2

    for phase in phases:
        visit(phase.id, ())
