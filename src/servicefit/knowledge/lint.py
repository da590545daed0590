"""`rules lint`: every problem of a rule set at once, each with its file, line and column.

Two passes. Loading, while collecting, reports what makes a rule set unusable (bad YAML,
unknown keys, fields, operators and values, duplicate ids). Then the loaded parts are checked
for what loads but cannot work: conditions that can never be true, models or staffing options
no rule can raise, and questions no rule reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from servicefit.errors import RulesError
from servicefit.knowledge.base import FIELD_CHANNELS, FIELD_COVERAGE, FIELD_ROUTINE
from servicefit.knowledge.candidates import leaves_by_field, satisfiable
from servicefit.knowledge.conditions import Condition, Group
from servicefit.knowledge.loader import Parts, load_parts, parts_of
from servicefit.knowledge.reader import MAX_PROBLEMS, TooManyProblems, collecting, guard
from servicefit.knowledge.rulesets import DEFAULT, check_readable, default_rules_dir, load_rule_set
from servicefit.yamlio.located import Mark

NEVER_TRUE = "never-true"
UNREACHABLE = "unreachable"
UNREAD = "unread-question"
TOO_MANY = "too-many-problems"


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: int | None
    owner: str | None
    code: str
    message: str
    hint: str | None = None

    def text(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line, self.column) if p is not None)
        owner = f" {self.owner}:" if self.owner else ""
        hint = f" {self.hint}" if self.hint else ""
        return f"{where}:{owner} {self.message}{hint} [{self.code}]"

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "id": self.owner,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }

    def sort_key(self) -> tuple[Any, ...]:
        return (self.file, self.line or 0, self.column or 0, self.code, self.message)


def from_error(exc: RulesError) -> Problem:
    loc = exc.location
    return Problem(
        loc.file if loc else "",
        loc.line if loc else None,
        loc.column if loc else None,
        exc.owner,
        exc.code,
        exc.detail or exc.message,
        exc.hint,
    )


def lint(path: str | Path | None) -> list[Problem]:
    """Every problem of the rule set at path (None: the default), sorted by place."""
    if path is not None and str(path) != DEFAULT:
        check_readable(Path(path))  # an unreadable path is a usage error, not a finding
    parts: Parts | None = None
    full = False
    with collecting() as found:
        try:
            with guard():
                if path is not None and str(path) != DEFAULT:
                    parts = parts_of(load_rule_set(path))
                else:  # the default set freshly, not from the cache: it would hide problems
                    parts = load_parts(default_rules_dir())
        except TooManyProblems:
            full = True
    problems = [from_error(exc) for exc in found]
    if full:
        last = problems[-1]
        problems.append(
            Problem(
                last.file,
                last.line,
                last.column,
                None,
                TOO_MANY,
                f"stopped after {MAX_PROBLEMS:,} problems; fix these and lint again.",
            )
        )
    elif parts is not None:
        problems += check_conditions(parts)
        if not found:  # on a partly loaded set these would report what merely failed to load
            problems += check_reach(parts)
    return sorted(set(problems), key=Problem.sort_key)


def _conditions(kb: Parts) -> Iterator[tuple[str, str, Condition]]:
    """Every condition of the rule set with its file and owner id."""
    root = kb.root
    for rule in kb.rules:
        yield rule.file, rule.id, rule.when
    for question in kb.questions.values():
        if question.when is not None:
            yield str(root / "questions.yaml"), question.id, question.when
    for model in [*kb.models.values(), *kb.staffing.values()]:
        for prerequisite in model.prerequisites:
            yield str(root / "models.yaml"), model.id, prerequisite.requires
    if kb.blend is not None:
        for step in kb.blend.containment:
            yield str(root / "blend.yaml"), step.id, step.when
    if kb.advice is not None:
        for step in [*kb.advice.warnings, *kb.advice.next_steps]:
            yield str(root / "advice.yaml"), step.id, step.when


def _at(file: str, mark: Mark | None, owner: str, code: str, message: str, hint: str) -> Problem:
    return Problem(
        file, mark.line if mark else None, mark.column if mark else None, owner, code, message, hint
    )


def check_conditions(kb: Parts) -> list[Problem]:
    names = kb.fact_names
    out: list[Problem] = []
    for file, owner, condition in _conditions(kb):
        dead = False
        for leaf in condition.leaves():
            alone = satisfiable(leaf, names, leaves_by_field([leaf]))
            if alone is False:
                dead = True
                out.append(
                    _at(
                        file,
                        leaf.mark,
                        owner,
                        NEVER_TRUE,
                        f"'{leaf.text()}' can never be true: {leaf.field} is "
                        f"{leaf.question.describe_allowed()}.",
                        "Change the value to one inside the question's range.",
                    )
                )
        if dead or not isinstance(condition, Group):
            continue
        if satisfiable(condition, names, leaves_by_field([condition])) is False:
            out.append(
                _at(
                    file,
                    condition.mark,
                    owner,
                    NEVER_TRUE,
                    "the condition can never be true: its parts contradict each other.",
                    "Check each part against the others, or use 'any' where one part is enough.",
                )
            )
    return out


def check_reach(kb: Parts) -> list[Problem]:
    out: list[Problem] = []
    models_file = str(kb.root / "models.yaml")
    leaves = leaves_by_field(r.when for r in kb.rules)
    live = [r for r in kb.rules if satisfiable(r.when, kb.questions, leaves) is not False]
    for target in [*kb.models.values(), *kb.staffing.values()]:
        if not any(r.effects.get(target.id, 0) > 0 for r in live):
            out.append(
                _at(
                    models_file,
                    target.mark,
                    target.id,
                    UNREACHABLE,
                    "no rule can raise it: no rule that can fire gives it points, so it can "
                    "never lead on its merits.",
                    "Add a rule with a positive effect on it, or remove it.",
                )
            )
    read = {FIELD_ROUTINE, FIELD_CHANNELS, FIELD_COVERAGE}  # the engine reads these itself
    for _, _, condition in _conditions(kb):
        read |= condition.fields()
    for question in kb.questions.values():
        if question.id not in read:
            out.append(
                _at(
                    str(kb.root / "questions.yaml"),
                    question.mark,
                    question.id,
                    UNREAD,
                    "no rule, step or question reads this answer, so it changes nothing.",
                    "Write a rule that uses it, or drop the question.",
                )
            )
    return out
