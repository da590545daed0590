"""The routine rules' shapes, read from rules/audit/intents.yaml: intents with their phrases,
examples and containment range, and the domain-general grammar (problem cues, requests)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from servicefit.knowledge.reader import Reader, guard


class Containment(NamedTuple):
    """The share of an intent's contacts automation can close: low, likely, high."""

    low: float
    likely: float
    high: float


NO_CONTAINMENT = Containment(0.0, 0.0, 0.0)


class Intent(NamedTuple):
    id: str
    label: str
    phrases: tuple[str, ...]
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]
    pack: str | None
    containment: Containment = NO_CONTAINMENT


class Grammar(NamedTuple):
    """The domain-general half of the routine rules: problem cues (not routine) and the
    grammar of informational and how-to requests (routine, as `intent`)."""

    problems: tuple[str, ...]
    problem_examples: tuple[str, ...]
    requests: tuple[str, ...]
    intent: Intent  # the generic request intent: its examples and counter-examples
    request_window: int | None = None  # request cues count in a ticket's first words only
    greetings: tuple[str, ...] = ()  # after these a sentence still starts ("hi", "good day")


REQUEST_INTENT = "information-request"


def read_grammar(reader: Reader, raw: dict) -> Grammar:
    problems = reader.mapping(reader.get(raw, "problems", dict), "problems")
    reader.only_keys(problems, ("phrases", "examples"), "problems")
    requests = reader.mapping(reader.get(raw, "requests", dict), "requests")
    reader.only_keys(
        requests,
        (
            "label",
            "containment",
            "phrases",
            "within_words",
            "greetings",
            "examples",
            "counter_examples",
        ),
        "requests",
    )
    window = reader.get(requests, "within_words", int, required=False, owner="requests")
    if window is not None and window < 1:
        raise reader.error(
            requests, "within_words must be 1 or more.", key="within_words", owner="requests"
        )
    return Grammar(
        reader.texts(problems, "phrases", "problems"),
        reader.texts(problems, "examples", "problems", required=False, allow_empty=True),
        reader.texts(requests, "phrases", "requests"),
        Intent(
            REQUEST_INTENT,
            reader.text(requests, "label", owner="requests"),
            (),
            reader.texts(requests, "examples", "requests", allow_empty=True),
            reader.texts(
                requests, "counter_examples", "requests", required=False, allow_empty=True
            ),
            None,
            read_containment(reader, requests, "requests"),
        ),
        window,
        reader.texts(requests, "greetings", "requests", required=False, allow_empty=True),
    )


def read_containment(reader: Reader, spec: dict, owner: str) -> Containment:
    raw = reader.mapping(reader.get(spec, "containment", dict), "containment", owner)
    reader.only_keys(raw, ("low", "likely", "high"), "containment", owner)
    low, likely, high = (
        float(reader.get(raw, k, float, owner=owner)) for k in ("low", "likely", "high")
    )
    if not 0 <= low <= likely <= high <= 1:
        raise reader.error(
            raw, "containment needs 0 <= low <= likely <= high <= 1.", key="low", owner=owner
        )
    return Containment(low, likely, high)


def read_intents(reader: Reader, raw: Any, pack: str | None) -> tuple[Intent, ...]:
    raw = reader.mapping(raw, "intents")
    out = []
    for name, spec in raw.items():
        with guard():
            spec = reader.mapping(spec, f"intent {name}")
            reader.only_keys(
                spec,
                ("label", "containment", "phrases", "examples", "counter_examples"),
                "an intent",
                name,
            )
            phrases = reader.texts(spec, "phrases", name, allow_empty=True)
            if not phrases:
                raise reader.error(spec, "an intent needs at least one phrase.", key="phrases")
            out.append(
                Intent(
                    str(name),
                    reader.text(spec, "label", owner=name),
                    phrases,
                    reader.texts(spec, "examples", name, allow_empty=True),
                    reader.texts(spec, "counter_examples", name, required=False, allow_empty=True),
                    pack,
                    read_containment(reader, spec, str(name))
                    if "containment" in spec
                    else NO_CONTAINMENT,
                )
            )
    return tuple(out)


def read_real_words(path: Path, load: Callable[[Path], Any]) -> frozenset[str]:
    """rules/audit/words.yaml's English words, one text of words and spaces, which the rules
    never read as a typo of another word (none: a rule set without the file)."""
    if not path.is_file():
        return frozenset()
    reader = Reader(str(path))
    raw = reader.mapping(load(path), "words.yaml")
    reader.only_keys(raw, ("real_words",), "words.yaml")
    return frozenset(reader.text(raw, "real_words", owner="words.yaml").lower().split())
