"""Reading and validating answer files: every answer checked, defaults filled, skips applied."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from servicefit.errors import AnswersError, InputError, Location, ValueProblem
from servicefit.intake.workload import WORKLOAD_KEYS, Workload, parse_workload
from servicefit.knowledge.base import FIELD_CHANNELS, KnowledgeBase, choice_values
from servicefit.messages import did_you_mean, shown
from servicefit.yamlio.located import key_mark, locate, written_as
from servicefit.yamlio.read import MAX_BYTES, decode, parse_data, read_text

STDIN = "-"
_IGNORED_KEYS = ("$schema",)
MAX_PROBLEMS = 20  # an answers file's problems shown at once


@dataclass
class Answers:
    values: dict[str, Any]
    source: str = STDIN
    given: list[str] = field(default_factory=list)
    defaulted: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    workload: Workload | None = None
    underlaid: list[str] = field(default_factory=list)  # taken from `under` (load_answers)


def read_answers_text(source: str) -> str:
    if source == STDIN:
        return decode(sys.stdin.buffer.read(MAX_BYTES + 1), "<stdin>")
    return read_text(source)


def parse_answers(text: str, file: str) -> Any:
    """Parse YAML or JSON answers text into located values (JSON is checked strictly first)."""
    try:
        return parse_data(text, file)
    except InputError as exc:
        raise AnswersError(exc.message, exc.location, exc.hint) from None


def load_answers(
    source: str | None,
    kb: KnowledgeBase,
    sets: Sequence[str] = (),
    under: Mapping[str, Any] | None = None,
) -> Answers:
    """The answers of `source` (a file, or - for stdin), with `--set` overrides on top; with no
    source, the overrides alone. `under`: answers the file and the overrides go on top of (what
    a ticket audit measured); those neither gives are listed in `underlaid`."""
    overrides: dict[str, Any] = {}
    if sets:  # the module only when there are overrides: start-up counts
        from servicefit.intake.overrides import parse_sets

        overrides = parse_sets(sets, kb)
    label = " ".join(f"--set {item}" for item in sets)
    if source is None:
        raw: Any = {}
        file = label or "<no answers>"
    else:
        file = "<stdin>" if source == STDIN else source
        try:
            text = read_answers_text(source)
        except InputError as exc:
            raise AnswersError(exc.message, exc.location, exc.hint) from None
        raw = parse_answers(text, file)
    underlaid: list[str] = []
    if under and isinstance(raw, dict):  # the file's own entries keep their places
        underlaid = [k for k in under if k not in raw and k not in overrides]
        for key in underlaid:
            raw[key] = under[key]
    if sets:
        from servicefit.intake.overrides import with_sets

        raw = with_sets(raw, overrides, file)
    answers = validate_answers(raw, kb, file)
    answers.source = " ".join(part for part in (source, label) if part)
    answers.underlaid = underlaid
    return answers


def apply_answers(checked: dict[str, Any], kb: KnowledgeBase) -> Answers:
    """Checked values → every question's value: given where it applies, otherwise its default."""
    result = Answers(values={})
    for qid, question in kb.questions.items():
        applies = question.when is None or question.when.evaluate(result.values)
        if not applies:
            result.values[qid] = question.default
            result.skipped.append(qid)
            if qid in checked:
                result.ignored.append(qid)
        elif qid in checked:
            result.values[qid] = checked[qid]
            result.given.append(qid)
        else:
            result.values[qid] = question.default
            result.defaulted.append(qid)
    return result


def _as_written(message: str, raw: Any, qid: str) -> str:
    """'true is not a whole number' → "'yes' (YAML reads it as true) is not a whole number"
    when the user wrote yes."""
    written = written_as(raw, qid)
    value = shown(raw[qid])
    if written is None or not message.startswith(value):
        return message
    return f"{written!r} (YAML reads it as {value}){message[len(value) :]}"


def validate_answers(raw: Any, kb: KnowledgeBase, file: str = "<answers>") -> Answers:
    if raw is None or (isinstance(raw, dict) and all(k in _IGNORED_KEYS for k in raw)):
        raise AnswersError(
            "the file holds no answers.",
            Location(file),
            "Write one `question_id: value` per line; `servicefit questions --template` "
            "prints a file to fill in.",
        )
    if not isinstance(raw, dict):
        kind = "a list" if isinstance(raw, list) else f"the single value {str(raw)[:40]!r}"
        raise AnswersError(
            f"the file holds {kind}, but answers must be a mapping of question ids to values.",
            Location(file, 1),
            "Write one `question_id: value` per line.",
        )
    questions = kb.questions
    known = [*questions, *WORKLOAD_KEYS]
    found: list[AnswersError] = []  # every problem of the file, in its order, up to a cap
    for key in raw:
        if key in questions or key in WORKLOAD_KEYS or key in _IGNORED_KEYS:
            continue
        found.append(
            AnswersError(
                f"unknown question {key!r}.{did_you_mean(key, known)}",
                locate(file, key_mark(raw, key), str(key)),
                "See `servicefit questions` for every question id.",
            )
        )
    checked: dict[str, Any] = {}
    for qid, question in questions.items():
        if qid in raw:
            try:
                checked[qid] = question.check(raw[qid])
            except ValueProblem as problem:
                found.append(
                    AnswersError(
                        _as_written(problem.message, raw, qid),
                        locate(file, key_mark(raw, qid), qid),
                        problem.hint or f"Allowed: {question.describe_allowed()}.",
                    )
                )
    channel_ids = choice_values(questions, FIELD_CHANNELS)
    levels = sorted(kb.workforce.concurrency_factors)
    shapes = list(kb.workforce.sizing.shapes)
    try:
        workload = parse_workload(raw, file, channel_ids, levels, shapes)
    except AnswersError as problem:  # the first problem of the volumes part
        found.append(problem)
    if found:
        raise _all(found)
    result = apply_answers(checked, kb)
    result.workload = workload
    return result


def _all(found: list[AnswersError]) -> AnswersError:
    """One error that holds every problem found, in the order of the file's lines."""
    ordered = sorted(
        found,
        key=lambda e: (e.location.line or 0, e.location.column or 0) if e.location else (0, 0),
    )
    first, rest = ordered[0], ordered[1:MAX_PROBLEMS]
    if len(ordered) > MAX_PROBLEMS:
        rest.append(
            AnswersError(
                f"and {len(ordered) - MAX_PROBLEMS:,} more problems; fix these and try again.",
                first.location and first.location._replace(line=None, column=None, key=None),
            )
        )
    first.more = tuple(rest)
    return first
