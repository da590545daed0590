"""What-if overrides from the command line: `--set QUESTION=VALUE` on top of an answers file.

Values are read by the question's type: a whole number, true/false (also yes/no), one choice,
or a comma-separated list for a multiselect (`tools=crm,chatbot`; `tools=` for none). Each is
checked like an answer in a file, and a wrong one names the flag.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from servicefit.errors import UsageError, ValueProblem
from servicefit.knowledge.base import KnowledgeBase
from servicefit.messages import did_you_mean

_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


def parse_sets(items: Sequence[str], kb: KnowledgeBase) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        qid, eq, text = item.partition("=")
        qid = qid.strip()
        if not eq or not qid:
            raise UsageError(f"--set {item!r}: write QUESTION=VALUE, e.g. --set team_size=12.")
        question = kb.questions.get(qid)
        if question is None:
            raise UsageError(
                f"--set {item!r}: {qid!r} is not a question.{did_you_mean(qid, kb.questions)}",
                hint="`servicefit questions` lists them.",
            )
        text = text.strip()
        value: Any = text
        if question.type == "int":
            try:
                value = int(text.replace(",", "").replace("_", ""))
            except ValueError:
                raise UsageError(f"--set {item!r}: {text!r} is not a whole number.") from None
        elif question.type == "bool":
            if text.lower() not in _TRUE | _FALSE:
                raise UsageError(f"--set {item!r}: write true or false.")
            value = text.lower() in _TRUE
        elif question.type == "multiselect":
            value = [v.strip() for v in text.split(",") if v.strip()]
        try:
            out[qid] = question.check(value)
        except ValueProblem as problem:
            raise UsageError(f"--set {item!r}: {problem.message}", hint=problem.hint) from None
    return out


def with_sets(raw: Any, sets: dict[str, Any], file: str) -> Any:
    """The parsed answers of `file` with the overrides on top (in place: freshly parsed)."""
    if not sets:
        return raw
    if raw is None:
        return dict(sets)
    if not isinstance(raw, dict):
        return raw  # validation says what is wrong with the file itself
    raw.update(sets)
    return raw


def set_label(source: str, items: Sequence[str]) -> str:
    return source + "".join(f" --set {i}" for i in items)
