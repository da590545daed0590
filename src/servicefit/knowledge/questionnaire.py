"""Load the questionnaire (rules/questions.yaml) into sections and typed questions."""

from __future__ import annotations

from typing import Any

from servicefit.knowledge.conditions import ConditionCompiler
from servicefit.knowledge.questions import QUESTION_TYPES, Choice, Question, Section, ValueProblem
from servicefit.knowledge.reader import Reader, guard
from servicefit.messages import did_you_mean
from servicefit.yamlio.source import mark_of

QUESTION_KEYS = ("id", "type", "prompt", "help", "default", "choices", "min", "max", "unit", "when")


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
    elif "min" in raw or "max" in raw:
        raise reader.error(
            raw, f"only int questions take min and max, not a {qtype} question.", owner=qid
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
