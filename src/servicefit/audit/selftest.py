"""The intent lexicon's own tests: each intent's examples must be found as that intent and its
counter-examples must not; the escalation examples must never be routine. `rules test` runs
them beside the rule cases."""

from __future__ import annotations

from typing import NamedTuple

from servicefit.audit.intents import lexicon_of
from servicefit.knowledge.audit import AuditRules
from servicefit.knowledge.intents import Intent


class IntentCheck(NamedTuple):
    name: str
    file: str
    failures: list[str]


def check_intents(rules: AuditRules) -> list[IntentCheck]:
    file = str(rules.root / "audit" / "intents.yaml")
    out = []
    grammar = rules.grammar
    groups: list[tuple[str | None, tuple[Intent, ...]]] = [(None, (*rules.intents, grammar.intent))]
    groups += [(p.id, (*rules.intents, *p.intents, grammar.intent)) for p in rules.packs.values()]
    for pack, intents in groups:
        lexicon = lexicon_of(rules, intents)
        for intent in intents:
            if intent.pack != pack:
                continue
            failures = []
            for example in intent.examples:
                found = lexicon.classify(example)
                if found.intent != intent.id:
                    got = found.intent or (
                        f"escalation “{found.escalation}”" if found.escalation else "nothing"
                    )
                    failures.append(f"example “{example}” is {got}, not {intent.id}")
            for counter in intent.counter_examples:
                found = lexicon.classify(counter)
                if found.intent == intent.id:
                    failures.append(
                        f"counter-example “{counter}” is {intent.id} (by “{found.phrase}”)"
                    )
            out.append(
                IntentCheck(f"intent {intent.id}" + (f" ({pack})" if pack else ""), file, failures)
            )
    lexicon = lexicon_of(rules, (*rules.intents, grammar.intent))
    failures = [
        f"example “{e}” is not an escalation"
        for e in rules.escalation_examples
        if not lexicon.classify(e).escalation
    ]
    out.append(IntentCheck("escalation cues", file, failures))
    failures = [
        f"example “{e}” is {lexicon.classify(e).intent or 'not routine, but by no problem cue'}"
        for e in grammar.problem_examples
        if not lexicon.classify(e).problem
    ]
    out.append(IntentCheck("problem cues", file, failures))
    return out
