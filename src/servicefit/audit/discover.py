"""Intents the routine rules missed: the phrases that recur among tickets nothing matched.

Of the sampled tickets that no rule decided (neither routine, nor a problem, nor an
escalation), each is cut into runs of two to four words within a sentence that neither start
nor end with a filler word or a greeting of the rules ("hai caesar salads" gives "caesar
salads") and are not greetings alone ("good morning"); what the export masked (XXXX) ends a run
as a sentence's end does; a phrase counts once per ticket. The
most frequent phrases, each overlapping no phrase chosen before it, are the candidates, with
counts and redacted examples.
`--write-intents FILE` writes them as a starter intents file to edit and give back with
`--intents FILE`. No model, no dependency: counting only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from servicefit.audit.intents import tokens
from servicefit.audit.privacy import examples

if TYPE_CHECKING:
    from servicefit.audit.document import CandidateIntent

MAX_TEXTS = 5000  # unmatched tickets looked at (a uniform sample already)
MAX_CHARS = 600  # of each
MOST = 12  # candidates listed
_FILLER = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "to",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "about",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "am",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "i",
        "im",
        "ive",
        "id",
        "me",
        "my",
        "mine",
        "we",
        "our",
        "us",
        "you",
        "your",
        "he",
        "she",
        "they",
        "them",
        "their",
        "his",
        "her",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "can",
        "could",
        "would",
        "will",
        "should",
        "shall",
        "may",
        "might",
        "must",
        "not",
        "no",
        "so",
        "if",
        "then",
        "than",
        "just",
        "also",
        "very",
        "really",
        "please",
        "hi",
        "hello",
        "hey",
        "dear",
        "thanks",
        "thank",
        "regards",
        "best",
        "kind",
        "cheers",
        "ok",
        "okay",
        "yes",
        "get",
        "got",
        "one",
        "some",
        "any",
        "all",
        "what",
        "which",
        "who",
        "when",
        "where",
        "why",
        "how",
    ]
)


class Candidate(NamedTuple):
    phrase: str
    tickets: int  # sampled tickets holding it
    examples: tuple[str, ...]  # redacted


def _masked(word: str) -> bool:
    """A run of x's, as exports write what they redacted ('XXXX', 'XX/XX/2023')."""
    return len(word) > 1 and not word.strip("x")


def _phrases(text: str, filler: frozenset[str], greeting: frozenset[str]) -> set[str]:
    out: set[str] = set()
    # what an export redacted says nothing, and ends a phrase as a sentence's end does
    words = ["." if _masked(w) else w for w in tokens(text[:MAX_CHARS])]
    for start, first in enumerate(words):
        if first == "." or first in filler or first.isdigit():
            continue
        for length in (2, 3, 4):
            run = words[start : start + length]
            if len(run) < length or "." in run:
                break
            last = run[-1]
            if last not in filler and not last.isdigit() and not greeting.issuperset(run):
                out.add(" ".join(run))
    return out


def candidates(texts: Sequence[str], least: int, greetings: Sequence[str] = ()) -> list[Candidate]:
    """The phrases held by at least `least` of `texts`, most frequent first, none sharing a
    content word with a phrase listed before it (one topic, one candidate); `greetings` (the
    rules' own) neither open nor close a phrase, nor make one alone."""
    said = [tokens(g) for g in greetings]
    filler = _FILLER | {g[0] for g in said if len(g) == 1}
    greeting = frozenset(w for g in said for w in g)
    counts: Counter[str] = Counter()
    found: list[set[str]] = []
    for text in texts[:MAX_TEXTS]:
        phrases = _phrases(text, filler, greeting)
        found.append(phrases)
        counts.update(phrases)
    chosen: list[str] = []
    taken: set[str] = set()  # the content words of the phrases chosen
    for phrase, n in sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0])):
        if n < least or len(chosen) == MOST:
            break
        content = {w for w in phrase.split() if w not in _FILLER}
        if content & taken:  # the same topic as a phrase listed already
            continue
        chosen.append(phrase)
        taken |= content
    out = []
    for phrase in chosen:
        holding = (text for text, phrases in zip(texts, found, strict=False) if phrase in phrases)
        # two that differ, when there are
        out.append(Candidate(phrase, counts[phrase], tuple(examples(holding, 2))))
    return out


def intents_yaml(found: Sequence[CandidateIntent], sources: Sequence[str]) -> str:
    """A starter intents file of the candidates, to edit and give back with --intents."""
    import yaml

    lines = [
        "# Candidate routine intents: phrases that recur in tickets no rule matched, found by",
        "# `servicefit audit` in:",
        *(f"#   {''.join(c if c.isprintable() else '?' for c in s)}" for s in sources),
        "# Keep the ones that are routine (a fixed answer or a predefined action would settle",
        "# them), give each a label and more phrases, delete the others; add",
        "# `containment: {low: …, likely: …, high: …}` (the share automation closes) or the intent",
        "# counts as routine but adds nothing to the automation potential. Then:",
        "#   servicefit audit EXPORT --intents THIS_FILE",
        "intents:",
    ]
    for number, candidate in enumerate(found, start=1):
        body = yaml.safe_dump(
            {
                f"candidate-{number}": {
                    "label": candidate.phrase.capitalize(),
                    "phrases": [candidate.phrase],
                    "examples": list(candidate.examples[:1]) or [candidate.phrase],
                }
            },
            sort_keys=False,
            allow_unicode=True,
            width=100,
        )
        lines.append(f"  # in {candidate.tickets:,} of the tickets nothing matched")
        lines += ["  " + line for line in body.rstrip("\n").splitlines()]
    if not found:
        lines[-1] = "intents: {}  # no phrase recurred often enough among unmatched tickets"
    return "\n".join(lines) + "\n"
