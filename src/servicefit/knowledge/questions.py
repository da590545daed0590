"""The questionnaire: typed questions in sections, checking a value against one, and loading
rules/questions.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from servicefit.errors import ValueProblem
from servicefit.knowledge.conditions import ConditionCompiler
from servicefit.knowledge.reader import Reader, guard
from servicefit.messages import did_you_mean, one_of, shown
from servicefit.yamlio.located import mark_of

if TYPE_CHECKING:
    from servicefit.knowledge.conditions import Condition
    from servicefit.yamlio.located import Mark

QUESTION_TYPES = ("int", "choice", "multiselect", "bool")


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
    name: str = ""  # how a report refers to it: "the routine share"
    clauses: tuple[str, str] = ("", "")  # a yes/no question's "if …" clauses: yes, no

    def __post_init__(self) -> None:
        self.values: list[str] = [c.value for c in self.choices]
        self._allowed = frozenset(self.values)

    def supposing(self, value: Any, shown: str | None = None) -> str:
        """A clause after "if" that supposes `value` (or `shown`, a phrase of values such as
        "57% or less"): "the routine share were 57% or less", "your channels included chat",
        "your business were regulated"."""
        name = self.name or self.id.replace("_", " ")
        if self.type == "bool":
            clause = self.clauses[0 if value else 1]
            return clause or f"{name} were {'yes' if value else 'no'}"
        if shown is not None:
            return f"{name} were {shown}"
        return f"{name} were {self.format(value)}"

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
        if self.min:
            return f"a list of at least {self.min} of: {one_of(self.values)}"
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
        if self.min and len(seen) < self.min:
            raise ValueProblem(
                f"{'an empty list' if not seen else shown(value)} is too few: choose at least "
                f"{self.min}.",
                f"Allowed: {one_of(self.values)}.",
            )
        order = self.values
        return sorted(seen, key=order.index)

    def to_dict(self) -> dict[str, Any]:
        """The question as data: the one serialisation that `questions --format json`, the
        answers JSON Schema and the answers template all draw on."""
        out: dict[str, Any] = {
            "id": self.id,
            "section": self.section,
            "type": self.type,
            "prompt": self.prompt,
            "help": self.help,
            "default": self.default,
        }
        if self.choices:
            out["choices"] = [
                {"value": c.value, "label": c.label, **({"help": c.help} if c.help else {})}
                for c in self.choices
            ]
        if self.type == "int":
            out["min"], out["max"] = self.min, self.max
            if self.unit:
                out["unit"] = self.unit
        if self.when is not None:
            out["asked_when"] = self.reads
        return out

    def format(self, value: Any) -> str:
        """The answer as a user reads it in a sentence."""
        if self.type == "bool":
            return "yes" if value else "no"
        if self.type == "choice":
            return self.label(value)
        if self.type == "multiselect":
            labels = [self.label(v) for v in value]
            if len(labels) > 1:
                return f"{', '.join(labels[:-1])} and {labels[-1]}"
            return labels[0] if labels else "none"
        return f"{value:,}{self.unit}"


class Section(NamedTuple):
    id: str
    title: str
    purpose: str
    questions: tuple[str, ...]


QUESTION_KEYS = (
    "id",
    "type",
    "prompt",
    "name",
    "if_yes",
    "if_no",
    "help",
    "default",
    "choices",
    "min",
    "max",
    "unit",
    "when",
)


def load_questionnaire(data: Any, file: str) -> tuple[list[Section], dict[str, Question]]:
    reader = Reader(file)
    top = reader.mapping(data, "the questions file")
    reader.only_keys(top, ("sections",), "the questions file")
    sections: list[Section] = []
    questions: dict[str, Question] = {}
    compiler = ConditionCompiler(questions, file)
    for raw_section in reader.sequence(reader.get(top, "sections", list), "sections"):
        raw_section = reader.mapping(raw_section, "a section")
        reader.only_keys(raw_section, ("id", "title", "purpose", "questions"), "a section")
        section_id = reader.text(raw_section, "id")
        if any(s.id == section_id for s in sections):
            raise reader.error(
                raw_section, f"the section id {section_id!r} is used twice.", key="id"
            )
        ids = []
        for raw in reader.sequence(
            reader.get(raw_section, "questions", list, owner=section_id), "questions"
        ):
            with guard():
                question = _question(reader, compiler, raw, section_id, questions)
                questions[question.id] = question
                ids.append(question.id)
        sections.append(
            Section(
                section_id,
                reader.text(raw_section, "title", owner=section_id),
                reader.text(raw_section, "purpose", owner=section_id),
                tuple(ids),
            )
        )
    if not questions:
        raise reader.error(top, "the questionnaire declares no questions.")
    return sections, questions


def _question(
    reader: Reader, compiler: ConditionCompiler, raw: Any, section: str, known: dict[str, Question]
) -> Question:
    raw = reader.mapping(raw, "a question")
    qid = reader.text(raw, "id")
    if qid in known:
        raise reader.error(raw, f"the question id {qid!r} is used twice.", key="id")
    reader.only_keys(raw, QUESTION_KEYS, "a question", owner=qid)
    qtype = reader.text(raw, "type", owner=qid)
    if qtype not in QUESTION_TYPES:
        raise reader.error(
            raw,
            f"unknown question type {qtype!r}.{did_you_mean(qtype, QUESTION_TYPES)}",
            key="type",
            owner=qid,
            at_value=True,
            hint=f"Types: {', '.join(QUESTION_TYPES)}.",
        )
    choices: tuple[Choice, ...] = ()
    if qtype in ("choice", "multiselect"):
        choices = _choices(reader, raw, qid)
    elif "choices" in raw:
        raise reader.error(raw, f"a {qtype} question takes no choices.", key="choices", owner=qid)
    low = high = None
    if qtype == "int":
        low = reader.get(raw, "min", int, owner=qid, required=False, default=0)
        high = reader.get(raw, "max", int, owner=qid, required=False)
        if high is not None and high < low:
            raise reader.error(raw, f"max {high} is below min {low}.", key="max", owner=qid)
    elif qtype == "multiselect":  # min: how many items must be chosen at least
        low = reader.get(raw, "min", int, owner=qid, required=False, default=None)
        if "max" in raw or (low is not None and not 0 <= low <= len(choices)):
            raise reader.error(
                raw,
                f"a multiselect question takes a min from 0 to {len(choices)} and no max.",
                owner=qid,
            )
    elif "min" in raw or "max" in raw:
        raise reader.error(
            raw,
            f"only number and multiselect questions take min, not a {qtype} question.",
            owner=qid,
        )
    question = Question(
        id=qid,
        type=qtype,
        section=section,
        choices=choices,
        min=low,
        max=high,
        prompt=reader.text(raw, "prompt", owner=qid),
        help=reader.text(raw, "help", owner=qid, required=False, default="") or "",
        unit=reader.get(raw, "unit", str, owner=qid, required=False, default="") or "",
        default=None,
        mark=mark_of(raw),
        name=reader.text(raw, "name", owner=qid, required=False, default="") or "",
        clauses=(
            reader.text(raw, "if_yes", owner=qid, required=False, default="") or "",
            reader.text(raw, "if_no", owner=qid, required=False, default="") or "",
        ),
    )
    if qtype != "bool" and ("if_yes" in raw or "if_no" in raw):
        raise reader.error(
            raw, f"only yes/no questions take if_yes and if_no, not a {qtype} question.", owner=qid
        )
    if "default" not in raw:
        raise reader.error(
            raw,
            "the key 'default' is missing.",
            owner=qid,
            hint="Every question needs a default, used when an answer is left out.",
        )
    try:
        question.default = question.check(raw["default"])
    except ValueProblem as problem:
        raise reader.error(
            raw,
            f"the default {problem.message}",
            key="default",
            owner=qid,
            at_value=True,
            hint=problem.hint,
        ) from None
    if "when" in raw:
        question.when = compiler.compile(raw["when"], qid)
        question.reads = tuple(sorted(question.when.fields()))
    return question


def _choices(reader: Reader, raw: dict, qid: str) -> tuple[Choice, ...]:
    out: list[Choice] = []
    for item in reader.sequence(reader.get(raw, "choices", list, owner=qid), "choices", owner=qid):
        item = reader.mapping(item, "a choice", owner=qid)
        reader.only_keys(item, ("value", "label", "help"), "a choice", owner=qid)
        value = reader.get(item, "value", (str, int), owner=qid)
        value = str(value)
        if any(c.value == value for c in out):
            raise reader.error(
                item, f"the value {value!r} is listed twice.", key="value", owner=qid
            )
        out.append(
            Choice(
                value,
                reader.text(item, "label", owner=qid),
                reader.get(item, "help", str, owner=qid, required=False, default="") or "",
            )
        )
    if not out:
        raise reader.error(
            raw, "a choice question needs at least one choice.", key="choices", owner=qid
        )
    return tuple(out)
