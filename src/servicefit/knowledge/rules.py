"""Scoring rules: read a `rules:` list into typed rules, each checked against the questions.

A rule is `{id, when, effects, because, source?, weight?, grade?}`. When a rule set extends
another, an entry whose id names a rule of the base overrides it: the keys it gives replace the
base's and the others are kept, so `{id: x, weight: 2}` doubles rule x and changes nothing else.

`grade: {field, from, to, scale?}` scales a rule's effects by a number answer: nothing at
`from`, in full at `to` and beyond, in proportion between them (`scale: log` measures the
distance on a log scale, for numbers that span orders of magnitude). Graded rules make advice
change smoothly with a number instead of jumping at a threshold.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple

from servicefit.knowledge.conditions import Condition, ConditionCompiler
from servicefit.knowledge.questions import Question
from servicefit.knowledge.reader import Reader, Reported, guard
from servicefit.knowledge.wording import check_text
from servicefit.messages import did_you_mean
from servicefit.yamlio.located import mark_of

RULE_KEYS = ("id", "when", "effects", "because", "source", "weight", "grade")
GRADE_KEYS = ("field", "from", "to", "scale")
SCALES = ("linear", "log")
# Bounds that keep every run, lint and counterfactual search of a rule set within a few
# seconds; the shipped set holds about a hundred rules with effects of a few dozen points.
MAX_RULES = 2_000
MAX_POINTS = 1_000.0
MAX_WEIGHT = 100.0


class Grade(NamedTuple):
    """How much of a rule's effect applies, as a function of one number answer."""

    field: str
    start: float  # the answer at which the effect is nothing
    full: float  # the answer at which the effect is whole
    log: bool = False

    def position(self, value: float) -> float:
        """Where an answer stands on the grade's axis (log10(1 + value) on a log scale)."""
        return math.log10(1 + value) if self.log else float(value)

    def factor(self, value: float) -> float:
        if self.log:  # self.position, inlined: the hot path of scoring
            low, high = math.log10(1 + self.start), math.log10(1 + self.full)
            at = math.log10(1 + value)
        else:
            low, high, at = float(self.start), float(self.full), float(value)
        share = (at - low) / (high - low)
        return 0.0 if share <= 0 else 1.0 if share >= 1 else share

    def text(self) -> str:
        scale = ", on a log scale" if self.log else ""
        return f"{self.field} graded from {self.start:g} to {self.full:g}{scale}"


class Rule(NamedTuple):
    """One scoring rule. A NamedTuple, not a frozen dataclass: it is defined on every start-up."""

    id: str
    when: Condition
    declared: Mapping[str, float]  # the points as written, before the weight
    because: str
    source: str = ""
    file: str = ""
    line: int | None = None
    weight: float = 1.0
    grade: Grade | None = None
    # the points the rule gives in full: declared × weight, computed once (the hot path)
    effects: Mapping[str, float] = MappingProxyType({})

    def factor(self, values: Mapping[str, Any]) -> float:
        """The share of the effects that applies to these answers (1 for an ungraded rule)."""
        return 1.0 if self.grade is None else self.grade.factor(values[self.grade.field])

    def points(self, values: Mapping[str, Any]) -> Mapping[str, float]:
        """The points the rule gives for these answers (when its condition holds)."""
        if self.grade is None:
            return self.effects
        share = self.grade.factor(values[self.grade.field])
        return {t: p * share for t, p in self.effects.items()}

    def fields(self) -> set[str]:
        """Every answer the rule reads: its condition's, and its grade's."""
        read = self.when.fields()
        return read | {self.grade.field} if self.grade is not None else read


class RuleId(NamedTuple):
    """Where a rule with this id stands: for rules left out after a problem, too."""

    id: str
    file: str
    line: int | None


def _whole(value: float) -> float:
    """Keep whole points as ints, so that JSON shows 8 and not 8.0."""
    return int(value) if float(value).is_integer() else value


def read_rules(
    data: Any,
    file: str,
    questions: Mapping[str, Question],
    targets: Sequence[str],
    base: Mapping[str, Rule] | None = None,
    extra_keys: Sequence[str] = (),
    dropped: list[RuleId] | None = None,
) -> list[Rule]:
    """The file's rules. Rules whose id is in `base` may give only some keys. While a lint
    collects problems, a rule that fails is left out; its id goes to `dropped`, so that a
    second use of the same id is still found."""
    reader = Reader(file)
    top = reader.mapping(data, "a rules file")
    reader.only_keys(top, ("rules", *extra_keys), "a rules file")
    compiler = ConditionCompiler(questions, file)
    out: list[Rule] = []
    # a file of the rules folder must have `rules:`; an overlay may only disable or extend
    entries = reader.get(top, "rules", list, required=not extra_keys, default=[])
    for raw in reader.sequence(entries, "rules"):
        count = len(out)
        with guard():
            out.append(_rule(reader, compiler, raw, questions, targets, base or {}))
        rid = raw.get("id") if isinstance(raw, dict) else None
        if len(out) == count and dropped is not None and isinstance(rid, str):
            mark = mark_of(raw)
            dropped.append(RuleId(rid, file, mark.line if mark else None))
    return out


def _rule(
    reader: Reader,
    compiler: ConditionCompiler,
    raw: Any,
    questions: Mapping[str, Question],
    targets: Sequence[str],
    base: Mapping[str, Rule],
) -> Rule:
    raw = reader.mapping(raw, "a rule")
    rid = reader.text(raw, "id")
    reader.only_keys(raw, RULE_KEYS, "a rule", owner=rid)
    old = base.get(rid)
    # a part that fails while linting stays None (its problem is recorded), even in an override
    effects: Mapping[str, float] | None = old.declared if old else None
    if old is None or "effects" in raw:
        effects = None
        with guard():
            effects = _effects(reader, raw, targets, rid)
    because = old.because if old else ""
    if old is None or "because" in raw:
        because = reader.text(raw, "because", owner=rid)
        with guard():
            check_text(reader, raw, "because", because, questions, rid)
    when: Condition | None = old.when if old else None
    if old is None or "when" in raw:
        when = None
        with guard():
            when = compiler.compile(raw.get("when"), rid)
    weight = old.weight if old else 1.0
    if "weight" in raw:
        weight = reader.get(raw, "weight", float, owner=rid)
        if not 0 <= weight <= MAX_WEIGHT:
            raise reader.error(
                raw,
                f"weight must be from 0 to {MAX_WEIGHT:g}, not {weight:g}.",
                key="weight",
                owner=rid,
                at_value=True,
                hint="A weight scales every effect of the rule; use negative effects to count against a model.",
            )
    grade = old.grade if old else None
    if "grade" in raw:
        grade = _grade(reader, raw, questions, rid)
    source = reader.get(raw, "source", str, owner=rid, required=False, default=None)
    if when is None or effects is None:
        raise Reported()
    mark = mark_of(raw)
    return Rule(
        rid,
        when,
        effects,
        because,
        source if source is not None else (old.source if old else ""),
        reader.file,
        mark.line if mark else None,
        weight,
        grade,
        {t: _whole(p * weight) for t, p in effects.items()},
    )


def _grade(reader: Reader, raw: dict, questions: Mapping[str, Question], rid: str) -> Grade:
    spec = reader.mapping(raw["grade"], "grade", owner=rid)
    reader.only_keys(spec, GRADE_KEYS, "grade", owner=rid)
    name = reader.text(spec, "field", owner=rid)
    question = questions.get(name)
    if question is None or question.type != "int":
        numbers = [q.id for q in questions.values() if q.type == "int"]
        raise reader.error(
            spec,
            f"a grade needs a number question, and {name!r} is "
            + ("not a question." if question is None else f"a {question.type} question.")
            + did_you_mean(name, numbers),
            key="field",
            owner=rid,
            at_value=True,
            hint=f"Number questions: {', '.join(numbers)}.",
            code="unknown-field" if question is None else "bad-value",
        )
    scale = reader.get(spec, "scale", str, owner=rid, required=False, default="linear")
    if scale not in SCALES:
        raise reader.error(
            spec,
            f"unknown scale {scale!r}.{did_you_mean(scale, SCALES)}",
            key="scale",
            owner=rid,
            at_value=True,
            hint="Use linear, or log for numbers that span orders of magnitude.",
        )
    ends = []
    for key in ("from", "to"):
        value = reader.get(spec, key, (int, float), owner=rid)
        low = question.min if question.min is not None else 0
        if value < low or (question.max is not None and value > question.max):
            raise reader.error(
                spec,
                f"{key} {value:g} is outside {name}'s range ({question.describe_allowed()}).",
                key=key,
                owner=rid,
                at_value=True,
                code="bad-value",
            )
        ends.append(float(value))
    if ends[0] == ends[1]:
        raise reader.error(
            spec, "from and to are the same: a grade needs a span.", key="to", owner=rid
        )
    return Grade(name, ends[0], ends[1], scale == "log")


def _effects(reader: Reader, raw: dict, targets: Sequence[str], rid: str) -> dict[str, float]:
    effects_raw = reader.mapping(reader.get(raw, "effects", dict, owner=rid), "effects", owner=rid)
    effects: dict[str, float] = {}
    for target in effects_raw:
        with guard():
            if target not in targets:
                raise reader.error(
                    effects_raw,
                    f"unknown model or staffing option {target!r}.{did_you_mean(target, targets)}",
                    key=target,
                    owner=rid,
                    hint=f"Known: {', '.join(targets)}.",
                    code="unknown-target",
                )
            points = reader.get(effects_raw, target, (int, float), owner=rid)
            if abs(points) > MAX_POINTS:
                raise reader.error(
                    effects_raw,
                    f"{points:g} points is beyond ±{MAX_POINTS:g}.",
                    key=target,
                    owner=rid,
                    at_value=True,
                    hint="Rules give a few dozen points; one that outweighs all the others "
                    "together belongs in the questions, not in a score.",
                )
            effects[target] = points
    if not effects_raw:
        raise reader.error(raw, "effects is empty.", key="effects", owner=rid)
    if len(effects) != len(effects_raw):  # some effect failed (while linting): already reported
        raise Reported()
    return effects
