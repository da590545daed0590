"""The condition language: compile structured YAML against the questions, evaluate, explain.

A condition is ``{all: [...]}``, ``{any: [...]}``, ``{not: <condition>}`` or a leaf
``{field: <question id>, <op>: <value>}``. Compiling checks every leaf against the question it
names, so a rule that could never work fails when the rule set loads, not when it runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from servicefit.errors import ValueProblem
from servicefit.knowledge.predicates import predicate
from servicefit.knowledge.reader import Reader, Reported, guard
from servicefit.knowledge.traces import Trace
from servicefit.messages import did_you_mean
from servicefit.yamlio.located import Mark, item_mark, key_mark, mark_of, value_mark

if TYPE_CHECKING:  # a protocol: it imports nothing, so no circle and no start-up cost
    from servicefit.knowledge.question_shape import Question

OPS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "int": ("eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in"),
    "choice": ("eq", "ne", "in", "not_in"),
    "multiselect": ("contains", "not_contains", "eq", "ne", "count_gte", "count_lte"),
    "bool": ("eq", "ne"),
}
SYMBOLS = {
    "eq": "=",
    "ne": "≠",
    "gt": ">",
    "gte": "≥",
    "lt": "<",
    "lte": "≤",
    "in": "in",
    "not_in": "not in",
    "contains": "includes",
    "not_contains": "excludes",
    "count_gte": "has at least",
    "count_lte": "has at most",
}
ALL_OPS = tuple(SYMBOLS)
GROUPS = ("all", "any", "not")
# More values than any question has choices, or any rule needs numbers to compare with.
MAX_LIST = 100


class Condition:
    mark: Mark | None = None

    def evaluate(self, answers: Mapping[str, Any]) -> bool:
        raise NotImplementedError

    def explain(self, answers: Mapping[str, Any]) -> Trace:
        raise NotImplementedError

    def fields(self) -> set[str]:
        raise NotImplementedError

    def leaves(self) -> list[Leaf]:
        raise NotImplementedError


class Always(Condition):
    """No condition: always true (a rule or question without `when`)."""

    def evaluate(self, answers: Mapping[str, Any]) -> bool:
        return True

    def explain(self, answers: Mapping[str, Any]) -> Trace:
        return Trace("always", True, "always")

    def fields(self) -> set[str]:
        return set()

    def leaves(self) -> list[Leaf]:
        return []


class _Compiled(Condition):
    """Leaf and Group: set once in __init__ with their compiled test, immutable after, equal and
    hashed by `_key`. Plain classes, not frozen dataclasses: they are defined on every start-up,
    where a dataclass costs about a millisecond to build."""

    def _set(self, **fields: Any) -> None:
        for name, value in fields.items():
            object.__setattr__(self, name, value)
        self.__post_init__()

    def __post_init__(self) -> None:
        raise NotImplementedError

    def _key(self) -> tuple[Any, ...]:
        raise NotImplementedError

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a condition is immutable (cannot set {name!r})")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"{type(self).__name__}{self._key()!r}"

    # The compiled test is a closure, which pickle cannot store (the knowledge-base cache):
    # leave it out, and compile it again when the condition is loaded.
    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "evaluate"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.__post_init__()


class Leaf(_Compiled):
    """`field op value`, compiled to a plain function of the answers (equal by all three)."""

    field: str
    op: str
    value: Any
    question: Question

    def __init__(
        self, field: str, op: str, value: Any, question: Question, mark: Mark | None = None
    ) -> None:
        self._set(field=field, op=op, value=value, question=question, mark=mark)

    def __post_init__(self) -> None:
        object.__setattr__(self, "evaluate", predicate(self.field, self.op, self.value))

    def _key(self) -> tuple[Any, ...]:
        return (self.field, self.op, self.value)

    def explain(self, answers: Mapping[str, Any]) -> Trace:
        actual = answers[self.field]
        return Trace("leaf", self.evaluate(answers), self.text(), self.field, actual)

    def text(self) -> str:
        value = self.value
        if isinstance(value, list):
            shown = "[" + ", ".join(str(v) for v in value) + "]"
        elif isinstance(value, bool):
            shown = "true" if value else "false"
        else:
            shown = str(value)
        return f"{self.field} {SYMBOLS[self.op]} {shown}"

    def fields(self) -> set[str]:
        return {self.field}

    def leaves(self) -> list[Leaf]:
        return [self]


class Group(_Compiled):
    """`all`, `any` or `not` of conditions (equal by kind and items)."""

    kind: str
    items: tuple[Condition, ...]

    def __init__(self, kind: str, items: tuple[Condition, ...], mark: Mark | None = None) -> None:
        self._set(kind=kind, items=items, mark=mark)

    def _key(self) -> tuple[Any, ...]:
        return (self.kind, self.items)

    def __post_init__(self) -> None:
        tests = tuple(c.evaluate for c in self.items)
        if self.kind == "all":

            def evaluate(answers: Mapping[str, Any]) -> bool:
                for test in tests:  # noqa: SIM110 (a plain loop: no generator on the hot path)
                    if not test(answers):
                        return False
                return True
        elif self.kind == "any":

            def evaluate(answers: Mapping[str, Any]) -> bool:
                for test in tests:  # noqa: SIM110 (a plain loop: no generator on the hot path)
                    if test(answers):
                        return True
                return False
        else:
            only = tests[0]

            def evaluate(answers: Mapping[str, Any]) -> bool:
                return not only(answers)

        object.__setattr__(self, "evaluate", evaluate)

    def explain(self, answers: Mapping[str, Any]) -> Trace:
        children = tuple(c.explain(answers) for c in self.items)
        if self.kind == "all":
            result = all(c.result for c in children)
        elif self.kind == "any":
            result = any(c.result for c in children)
        else:
            result = not children[0].result
        return Trace(self.kind, result, children=children)

    def fields(self) -> set[str]:
        return set().union(*(c.fields() for c in self.items))

    def leaves(self) -> list[Leaf]:
        return [leaf for c in self.items for leaf in c.leaves()]


class ConditionCompiler:
    """Compiles conditions of one file against the declared questions."""

    def __init__(self, questions: Mapping[str, Question], file: str):
        self.questions = questions
        self.reader = Reader(file)

    def compile(self, raw: Any, owner: str, depth: int = 0) -> Condition:
        if raw is None:
            return Always()
        if depth > 32:
            raise self.reader.error(
                raw, "the condition is nested too deeply (over 32 levels).", owner=owner
            )
        if not isinstance(raw, dict):
            raise self.reader.error(
                raw,
                "a condition must be a mapping: all, any, not, or {field: …, op: …}.",
                owner=owner,
            )
        groups = [k for k in raw if k in GROUPS]
        if groups:
            return self._group(raw, groups, owner, depth)
        if "field" not in raw:
            keys = ", ".join(repr(k) for k in raw)
            hint_word = next(iter(raw), "")
            raise self.reader.error(
                raw,
                f"a condition needs 'field' and an operator, or all/any/not; got {keys}."
                f"{did_you_mean(hint_word, (*GROUPS, 'field'))}",
                owner=owner,
            )
        return self._leaf(raw, owner)

    def _group(self, raw: dict, groups: list[str], owner: str, depth: int) -> Condition:
        if len(raw) != 1:
            extra = next(k for k in raw if k != groups[0])
            raise self.reader.error(
                raw,
                f"{groups[0]!r} must stand alone in its mapping; found {extra!r} beside it.",
                key=extra,
                owner=owner,
                hint="Wrap the parts in a list under 'all' or 'any'.",
            )
        kind = groups[0]
        body = raw[kind]
        if kind == "not":
            return Group("not", (self.compile(body, owner, depth + 1),), mark_of(raw))
        if not isinstance(body, list) or not body:
            raise self.reader.error(
                raw,
                f"{kind!r} takes a non-empty list of conditions.",
                key=kind,
                owner=owner,
                at_value=True,
            )
        items: list[Condition] = []
        for item in body:
            with guard():  # while linting, every bad part of a condition is reported
                items.append(self.compile(item, owner, depth + 1))
        if len(items) != len(body):
            raise Reported()
        return Group(kind, tuple(items), mark_of(raw))

    def _leaf(self, raw: dict, owner: str) -> Leaf:
        name = raw["field"]
        if not isinstance(name, str) or name not in self.questions:
            raise self.reader.error(
                raw,
                f"unknown field {name!r}.{did_you_mean(name, self.questions)}",
                key="field",
                owner=owner,
                at_value=True,
                hint="A field is the id of a question (see `servicefit questions`).",
                code="unknown-field",
            )
        question = self.questions[name]
        ops = [k for k in raw if k != "field"]
        if len(ops) != 1:
            raise self.reader.error(
                raw,
                f"a condition on {name!r} needs exactly one operator, found {len(ops)}.",
                owner=owner,
                hint=f"Operators for {question.type}: {', '.join(OPS_BY_TYPE[question.type])}.",
            )
        op = ops[0]
        allowed = OPS_BY_TYPE[question.type]
        if op not in allowed:
            known = op in ALL_OPS
            message = (
                f"the operator {op!r} does not fit {name!r}, a {question.type} question."
                if known
                else f"unknown operator {op!r}.{did_you_mean(op, ALL_OPS)}"
            )
            raise self.reader.error(
                raw,
                message,
                key=op,
                owner=owner,
                hint=f"Operators for {question.type}: {', '.join(allowed)}.",
                code="bad-operator",
            )
        value = self._value(raw, op, question, owner)
        return Leaf(name, op, value, question, key_mark(raw, "field"))

    def _value(self, raw: dict, op: str, question: Question, owner: str) -> Any:
        value = raw[op]
        if isinstance(value, list) and len(value) > MAX_LIST:
            raise self.reader.error(
                raw,
                f"{op!r} lists {len(value):,} values; a condition takes at most {MAX_LIST}.",
                key=op,
                owner=owner,
                at_value=True,
                hint="Use gt/lt for a range of numbers, or split the rule.",
                code="bad-value",
            )
        try:
            if op in ("in", "not_in"):
                if not isinstance(value, list) or not value:
                    raise ValueProblem(f"{op!r} takes a non-empty list, not {value!r}.")
                return [self._item(raw, op, value, i, question, owner) for i in range(len(value))]
            if question.type == "multiselect":
                if op in ("count_gte", "count_lte"):
                    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                        raise ValueProblem(f"{op!r} takes a whole number of items, 0 or more.")
                    return value
                if op in ("eq", "ne"):
                    return question.check(value)
                if isinstance(value, list):
                    if not value:
                        raise ValueProblem(f"{op!r} takes a value or a non-empty list.")
                    return [
                        self._item(raw, op, value, i, question, owner) for i in range(len(value))
                    ]
                return question.check_item(value)
            if (
                op in ("gt", "gte", "lt", "lte")
                and isinstance(value, int)
                and not isinstance(value, bool)
            ):
                return value  # bounds may sit at or past the range; lint reports never-true ones
            return question.check(value)
        except ValueProblem as problem:
            raise self.reader.error(
                raw,
                f"{problem.message} ({question.id}: {question.describe_allowed()})",
                key=op,
                owner=owner,
                at_value=True,
                code="bad-value",
            ) from None

    def _item(
        self, raw: dict, op: str, items: list, index: int, question: Question, owner: str
    ) -> Any:
        try:
            return (
                question.check_item(items[index])
                if question.type != "int"
                else question.check(items[index])
            )
        except ValueProblem as problem:
            mark = item_mark(items, index) or value_mark(raw, op)
            raise self.reader.error_at(
                mark,
                f"{problem.message} ({question.id}: {question.describe_allowed()})",
                owner=owner,
                code="bad-value",
            ) from None
