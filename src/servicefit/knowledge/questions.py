"""The question model: typed questions in sections, and checking a value against one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from servicefit.messages import did_you_mean, one_of, shown

if TYPE_CHECKING:
    from servicefit.knowledge.conditions import Condition
    from servicefit.yamlio.source import Mark

QUESTION_TYPES = ("int", "choice", "multiselect", "bool")


class ValueProblem(Exception):
    """A value that does not fit a question; the caller adds the location."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


class Choice(NamedTuple):
    value: str
    label: str
    help: str = ""


@dataclass
class Question:
    id: str
    type: str
    prompt: str
    help: str
    section: str
    default: Any
    choices: tuple[Choice, ...] = ()
    min: int | None = None
    max: int | None = None
    unit: str = ""
    when: Condition | None = None
    reads: tuple[str, ...] = field(default=())
    mark: Mark | None = None  # where it is declared

    def __post_init__(self) -> None:
        self.values: list[str] = [c.value for c in self.choices]
        self._allowed = frozenset(self.values)

    def label(self, value: str) -> str:
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return str(value)

    def describe_allowed(self) -> str:
        if self.type == "int":
            if self.max is None:
                return (
                    f"a whole number of at least {self.min}"
                    if self.min is not None
                    else "a whole number"
                )
            return f"a whole number from {self.min} to {self.max}"
        if self.type == "bool":
            return "true or false"
        if self.type == "choice":
            return f"one of: {one_of(self.values)}"
        return f"a list of: {one_of(self.values)}"

    def check(self, value: Any) -> Any:
        """Return ``value`` normalised for this question, or raise ValueProblem."""
        if self.type == "int":
            return self._check_int(value)
        if self.type == "bool":
            if not isinstance(value, bool):
                raise ValueProblem(f"{shown(value)} is not true or false.", "Write true or false.")
            return value
        if self.type == "choice":
            return self._check_choice(value)
        return self._check_multiselect(value)

    def check_item(self, value: Any) -> str:
        """Check one element of a multiselect (or a choice value)."""
        return self._check_choice(value)

    def _check_int(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueProblem(
                f"{shown(value)} is not a whole number.", f"Give {self.describe_allowed()}."
            )
        if isinstance(value, float):
            if not value.is_integer():
                raise ValueProblem(
                    f"{shown(value)} is not a whole number.", f"Give {self.describe_allowed()}."
                )
            value = int(value)
        if (self.min is not None and value < self.min) or (
            self.max is not None and value > self.max
        ):
            raise ValueProblem(
                f"{shown(value)} is out of range.", f"Give {self.describe_allowed()}."
            )
        return value

    def _check_choice(self, value: Any) -> str:
        if isinstance(value, list) and self.type == "choice":
            raise ValueProblem(
                "takes one value, not a list.", f"Give one of: {one_of(self.values)}."
            )
        if not isinstance(value, str) or isinstance(value, bool):
            raise ValueProblem(
                f"{shown(value)} is not one of the allowed values.",
                f"Allowed: {one_of(self.values)}.",
            )
        if value not in self._allowed:
            raise ValueProblem(
                f"{shown(value)} is not an allowed value.{did_you_mean(value, self.values)}",
                f"Allowed: {one_of(self.values)}.",
            )
        return value

    def _check_multiselect(self, value: Any) -> list[str]:
        if not isinstance(value, list):
            raise ValueProblem(
                f"{shown(value)} is not a list.",
                f"Write a list, e.g. [{', '.join(self.values[:2])}]; allowed: {one_of(self.values)}.",
            )
        seen: list[str] = []
        for item in value:
            item = self._check_choice(item)
            if item in seen:
                raise ValueProblem(f"{item!r} is listed twice.", "List each value once.")
            seen.append(item)
        order = self.values
        return sorted(seen, key=order.index)

    def format(self, value: Any) -> str:
        """The answer as a user reads it in a sentence."""
        if self.type == "bool":
            return "yes" if value else "no"
        if self.type == "choice":
            return self.label(value)
        if self.type == "multiselect":
            return ", ".join(self.label(v) for v in value) if value else "none"
        return f"{value:,}{self.unit}"


class Section(NamedTuple):
    id: str
    title: str
    purpose: str
    questions: tuple[str, ...]
