"""Filling answers into the sentences of the rule set, so that they read as a person wrote them.

A text quotes an answer as `{question_id}`: the answer as a user reads it (a choice's label, a
list as "phone, email and chat", a number with its unit). Two forms say more:

- `{industry:a}` puts the indefinite article before the answer: "an e-commerce", "a SaaS",
  "an IT services".
- `{team_size:agent}` puts the number before a noun that agrees with it: "1 agent",
  "12 agents"; `{team_size:person|people}` gives an irregular plural.

The forms are checked when a rule set loads (`check_text`), against the question's type.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Mapping
from typing import Any

from servicefit.knowledge.questions import Question
from servicefit.knowledge.reader import Reader
from servicefit.messages import did_you_mean

_FORMATTER = string.Formatter()
ARTICLE = "a"
_NOUN = r"[a-z][a-z -]*(\|[a-z][a-z -]*)?\Z"  # compiled when a rule set is checked, not on start-up
# Words that start with a vowel letter but not a vowel sound, and the reverse.
_A_BEFORE = ("uni", "use", "usu", "uti", "eu", "one", "once", "ewe")
_AN_BEFORE = ("hour", "honest", "honour", "honor", "heir")
_VOWEL_LETTER_NAMES = set("AEFHILMNORSX")  # letters said with a vowel first: "an SMS", "an IT"


@functools.lru_cache(maxsize=4096)
def _parts(text: str) -> tuple[tuple[str, str | None, str], ...]:
    return tuple(
        (literal, name, spec or "") for literal, name, spec, _conv in _FORMATTER.parse(text)
    )


def article(phrase: str) -> str:
    """'a' or 'an' for the phrase as it is said aloud."""
    word = phrase.split()[0] if phrase.split() else phrase
    letters = re.sub(r"[^A-Za-z0-9]", "", word)
    if not letters:
        return "a"
    if (len(letters) > 1 and letters.isupper()) or re.fullmatch(r"[A-Z0-9]+", letters):
        return "an" if letters[0] in _VOWEL_LETTER_NAMES else "a"  # said letter by letter
    lower = word.lower()
    if lower.startswith(_AN_BEFORE):
        return "an"
    if lower.startswith(_A_BEFORE):
        return "a"
    return "an" if lower[0] in "aeiou" else "a"


def plural(count: float, noun: str) -> str:
    """'1 agent', '12 agents', '2 people' (noun 'person|people'), with thousands separators."""
    one, _, many = noun.partition("|")
    word = one if count == 1 else (many or _regular_plural(one))
    number = f"{count:,}" if isinstance(count, int) else f"{count:,g}"
    return f"{number} {word}"


def with_verb(count: float, noun: str, one: str, many: str) -> str:
    """'1 row has', '2 rows have': a count with its noun and a verb that agrees with it."""
    return f"{plural(count, noun)} {one if count == 1 else many}"


def _regular_plural(noun: str) -> str:
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    return noun + "s"


def quote(question: Question, value: Any, spec: str = "") -> str:
    """One answer as a sentence quotes it."""
    if spec == ARTICLE:
        shown = question.format(value)
        return f"{article(shown)} {shown}"
    if spec:
        return plural(value, spec)
    return question.format(value)


def fill(text: str, values: Mapping[str, Any], questions: Mapping[str, Question]) -> str:
    """Replace each {question_id} (or {question_id:form}) in ``text`` with the answer."""
    if "{" not in text:  # most texts quote nothing: the hot path of every run
        return text
    out = []
    for literal, name, spec in _parts(text):
        out.append(literal)
        if name is not None:
            question = questions.get(name)
            value = values.get(name)
            out.append(quote(question, value, spec) if question is not None else str(value))
    return "".join(out)


def check_text(
    reader: Reader,
    owner_obj: Any,
    key: str,
    text: str,
    names: Mapping[str, Question],
    owner: str,
) -> None:
    """Check a text's placeholders: real question ids, in a form that fits their type."""
    try:
        parts = list(_FORMATTER.parse(text))
    except ValueError as exc:
        raise reader.error(
            owner_obj,
            f"the text has a stray brace ({exc}).",
            key=key,
            owner=owner,
            at_value=True,
            hint="Quote answers as {question_id}; write a literal brace as {{ or }}.",
        ) from None
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        question = names.get(name)
        if question is None or conversion:
            raise reader.error(
                owner_obj,
                f"the text quotes {{{name}}}, which is not a question id."
                f"{did_you_mean(name, names)}",
                key=key,
                owner=owner,
                at_value=True,
                code="unknown-field",
            )
        problem = _spec_problem(question, spec or "")
        if problem:
            raise reader.error(
                owner_obj,
                f"{{{name}:{spec}}}: {problem}",
                key=key,
                owner=owner,
                at_value=True,
                hint="Write {question_id}, {question_id:a} for a choice with its article, or "
                "{number_id:noun} for a count with its noun (noun|plural when irregular).",
                code="bad-value",
            )


def _spec_problem(question: Question, spec: str) -> str | None:
    if not spec:
        return None
    if spec == ARTICLE:
        return (
            None
            if question.type in ("choice", "multiselect")
            else "only answers with labels (choices) take an article"
        )
    if question.type != "int":
        return f"a noun follows numbers only, and {question.id} is a {question.type} question"
    if not re.match(_NOUN, spec):
        return "the form after the colon must be a noun in lower case (or noun|plural)"
    return None


def percent(share: float) -> str:
    """0.455 -> '45.5%', 0.4 -> '40%'."""
    value = round(share * 100, 1)
    return f"{value:g}%"
