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
from servicefit.knowledge.audit import load_audit_rules
from servicefit.knowledge.base import (
    FIELD_CHANNELS,
    FIELD_COVERAGE,
    FIELD_ROUTINE,
    RELIANCE,
    choice_values,
)
from servicefit.knowledge.candidates import leaves_by_field, satisfiable
from servicefit.knowledge.conditions import Condition, Group
from servicefit.knowledge.forecast import forecast_file, load_forecast_settings
from servicefit.knowledge.loader import Parts, load_parts, parts_of
from servicefit.knowledge.reader import MAX_PROBLEMS, TooManyProblems, collecting, guard
from servicefit.knowledge.rules import Rule
from servicefit.knowledge.rulesets import DEFAULT, check_readable, default_rules_dir, load_rule_set
from servicefit.yamlio.located import Mark

NEVER_TRUE = "never-true"
UNREACHABLE = "unreachable"
UNREAD = "unread-question"
TOO_MANY = "too-many-problems"
GRADE_ORDER = "grade-order"
NO_SOURCE = "no-source"


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
            if parts is not None and (parts.root / "audit").is_dir():
                with guard():  # the ticket audit's formats, intents and measures
                    load_audit_rules(parts.root, choice_values(parts.questions, FIELD_CHANNELS))
            forecast = forecast_file(parts.root) if parts is not None else None
            if forecast is not None:
                with guard():  # how the forecast command chooses and bands its methods
                    load_forecast_settings(forecast)
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
        problems += check_grades(parts)
        problems += check_sources(parts)
        problems += check_covered(parts)
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
    for phase in kb.roadmap:
        yield str(root / "roadmap.yaml"), phase.id, phase.when
        for step in [*phase.steps, *phase.measures]:
            yield str(root / "roadmap.yaml"), f"{phase.id}.{step.id}", step.when


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


def check_sources(kb: Parts) -> list[Problem]:
    """Every rule says where its judgement comes from: advice a consultant would sign cites
    its evidence (an article, a study, a house practice), and `explain` shows it."""
    return [
        Problem(
            rule.file,
            rule.line,
            None,
            rule.id,
            NO_SOURCE,
            "the rule does not say where its judgement comes from.",
            "Add `source:` naming the article, study or practice behind it.",
        )
        for rule in kb.rules
        if not rule.source.strip()
    ]


def check_covered(kb: Parts) -> list[Problem]:
    """A next step's `covered_by` names a phase of the roadmap, or the step is never left out."""
    phases = {phase.id for phase in kb.roadmap}
    if kb.advice is None:
        return []
    return [
        Problem(
            str(kb.root / "advice.yaml"),
            None,
            None,
            step.id,
            "unknown-phase",
            f"covered_by names {step.covered_by!r}, which is not a phase of the roadmap.",
            f"Phases: {', '.join(sorted(phases)) or 'none (no roadmap.yaml)'}.",
        )
        for step in kb.advice.next_steps
        if step.covered_by and step.covered_by not in phases
    ]


def check_grades(kb: Parts) -> list[Problem]:
    """Graded rules on one number share one scale (so the counterfactual search stays exact),
    and order their effects by reliance the same way (so advice moves one way as the number
    grows): along people → mixed → automation, or the reverse, for every rule, and likewise
    for the two staffing options."""
    out: list[Problem] = []
    level = {m.id: RELIANCE.index(m.reliance) for m in kb.models.values()}
    staffing = list(kb.staffing)
    seen_scale: dict[str, tuple[bool, Rule]] = {}
    direction: dict[tuple[str, str], tuple[int, Rule]] = {}
    for rule in kb.rules:
        grade = rule.grade
        if grade is None:
            continue
        where = (rule.file, rule.line, None, rule.id)
        first = seen_scale.setdefault(grade.field, (grade.log, rule))
        if first[0] != grade.log:
            out.append(
                Problem(
                    *where,
                    GRADE_ORDER,
                    f"{grade.field} is graded on a "
                    f"{'log' if grade.log else 'linear'} scale here and on the other in "
                    f"{first[1].id}.",
                    "Grade a number on one scale throughout.",
                )
            )
        sign = 1 if grade.full > grade.start else -1
        slopes = {t: sign * rule.effects.get(t, 0) for t in [*level, *staffing]}
        for group, rank in (("models", level), ("staffing", dict.fromkeys(staffing, 0))):
            members = sorted(rank, key=lambda t: rank[t]) if group == "models" else staffing
            trend = _trend([slopes[t] for t in members], [rank[t] for t in members], group)
            if trend is None:
                out.append(
                    Problem(
                        *where,
                        GRADE_ORDER,
                        f"its effects on {group} are not ordered by "
                        "reliance: as the number grows, some models that rely on people "
                        "would gain on models that rely on automation and others lose.",
                        "Give people-led models the lowest effects, mixed ones the middle, "
                        "automation-led ones the highest (or the reverse).",
                    )
                )
                continue
            if trend == 0:
                continue
            known = direction.setdefault((grade.field, group), (trend, rule))
            if known[0] != trend:
                out.append(
                    Problem(
                        *where,
                        GRADE_ORDER,
                        f"it moves {group} the other way from "
                        f"{known[1].id} as {grade.field} grows.",
                        "Rules graded on one number must all lean the same way.",
                    )
                )
    return out


def _trend(slopes: list[float], levels: list[int], group: str) -> int | None:
    """+1 if slopes rise with the level (never fall), -1 if they fall, 0 if all equal, None
    if neither. Staffing options have no levels: two options always have a trend."""
    if group == "staffing":
        return 0 if slopes[0] == slopes[1] else (1 if slopes[1] > slopes[0] else -1)

    def ordered(sign: int) -> bool:
        for i, a in enumerate(slopes):
            for j, b in enumerate(slopes):
                if levels[i] < levels[j] and sign * (b - a) < 0:
                    return False
        return True

    if all(s == slopes[0] for s in slopes):
        return 0
    if ordered(1):
        return 1
    if ordered(-1):
        return -1
    return None


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
    read |= {r.grade.field for r in kb.rules if r.grade is not None}
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
