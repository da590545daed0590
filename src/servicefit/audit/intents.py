"""Routine tickets found in their text, by rules anyone can read (rules/audit/intents.yaml).

A ticket is decided in a fixed order, and each decision names what decided it:

1. an escalation cue (a complaint, a threat, an ultimatum, a demand for compensation): never
   routine, whatever else the ticket says;
2. a phrase of a routine intent (order status, password reset, opening hours, …): routine, as
   that intent;
3. a problem cue (something went wrong with the customer's own case: declined, charged twice,
   not working, stolen): not routine, a person must look into it;
4. the grammar of an informational or how-to request ("how do I", "where can I", "can you",
   "I'd like to", an action verb opening a sentence): routine, as the generic request intent;
5. nothing of these: not routine.

Words are compared stemmed (lower case, apostrophes dropped, common endings removed:
"cancelled" and "cancelling" are "cancel"), and a word of five letters or more may carry one
typo, unless it is an English word of its own ("curious" is not "furious": rules/audit/
words.yaml). A phrase matches where its words occur in order; a request cue marked `^` only at
the start of a sentence, which is also the word after greetings that open it ("hai check my
seat").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from servicefit.knowledge.audit import AuditRules
from servicefit.knowledge.intents import Intent

_WORD = re.compile(r"[a-z0-9]+|[.!?\n]")
TYPO_MIN = 5  # letters a word needs before one typo is forgiven
_ENDINGS = ("ations", "ation", "ings", "ing", "edly", "ied", "ies", "ed", "es", "s")
ESCALATION, INTENT, PROBLEM, REQUEST = 0, 1, 2, 3  # the order in which cues decide


def stem(word: str) -> str:
    """A light stem: common English endings off, a doubled last letter single again."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3 and not word.endswith("ss"):
            word = word[: -len(ending)] + ("y" if ending in ("ied", "ies") else "")
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
                word = word[:-1]
            break
    return word


def tokens(text: str) -> list[str]:
    """The lower-case words of `text`, with '.' standing for every sentence end."""
    return [
        "." if t in ".!?\n" else t
        for t in _WORD.findall(text.lower().replace("'", "").replace("’", ""))
    ]


def words(text: str) -> list[str]:
    """The stemmed words of `text`, with '.' standing for every sentence end."""
    return [t if t == "." else stem(t) for t in tokens(text)]


def other_words(word: str, options: frozenset[str]) -> frozenset[str]:
    """The phrase words among `options` (what the stemmed `word` may stand for) that are other
    words, not `word` itself nor an inflection of it (neither a prefix of the other)."""
    return frozenset(o for o in options if not (o.startswith(word) or word.startswith(o)))


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Match(NamedTuple):
    intent: str | None  # the routine intent, or None: not routine (see escalation, problem)
    phrase: str  # the rule's phrase that decided
    found: str  # the words of the text that matched it
    escalation: str | None  # the escalation cue that made it not routine
    problem: str | None = None  # the problem cue that made it not routine


class _Phrase(NamedTuple):
    words: tuple[str, ...]
    kind: int
    intent: str | None
    text: str
    at_start: bool


class Lexicon:
    """Compiled cues: an index from each stemmed word (and its one-letter deletions) to the
    phrase words it may stand for."""

    def __init__(
        self,
        intents: Sequence[Intent],
        escalation: Iterable[str],
        problems: Iterable[str] = (),
        requests: Iterable[str] = (),
        request_intent: str | None = None,
        request_window: int | None = None,
        greetings: Iterable[str] = (),
        real_words: frozenset[str] = frozenset(),
    ):
        self.intents = tuple(intents)
        self.real_words = real_words  # words as written that are never a typo of another
        self.request_window = request_window  # words of a ticket its request cues are read in
        # greetings as written, longest first under their first word: a sentence starts after them
        self._greetings: dict[str, list[tuple[str, ...]]] = {}
        for greeting in sorted({tuple(tokens(g)) for g in greetings}, key=len, reverse=True):
            if greeting and "." not in greeting:
                self._greetings.setdefault(greeting[0], []).append(greeting[1:])
        self._phrases: list[_Phrase] = []
        for phrase in escalation:
            self._add(phrase, ESCALATION, None)
        for intent in intents:
            for phrase in intent.phrases:
                self._add(phrase, INTENT, intent.id)
        for phrase in problems:
            self._add(phrase, PROBLEM, None)
        if request_intent is not None:
            for phrase in requests:
                self._add(phrase, REQUEST, request_intent)
        self._exact: dict[str, set[str]] = {}
        self._deleted: dict[str, set[str]] = {}
        for p in self._phrases:
            for w in p.words:
                self._exact.setdefault(w, set()).add(w)
                if len(w) >= TYPO_MIN:
                    for d in _deletes(w):
                        self._deleted.setdefault(d, set()).add(w)
        # per first word, its phrases as plain tuples (kind, -length, at_start, later words,
        # the match it makes), best first: classify stops reading a list at the first phrase
        # that could not beat what it has found
        by_first: dict[str, list[tuple[int, int, bool, tuple[str, ...], Match]]] = {}
        for p in self._phrases:
            match = Match(
                p.intent if p.kind in (INTENT, REQUEST) else None,
                p.text,
                "",
                p.text if p.kind == ESCALATION else None,
                p.text if p.kind == PROBLEM else None,
            )
            entry = (p.kind, -len(p.words), p.at_start, p.words[1:], match)
            by_first.setdefault(p.words[0], []).append(entry)
        self._by_first = {
            w: sorted(entries, key=lambda e: (e[0], e[1])) for w, entries in by_first.items()
        }
        self._memo: dict[str, frozenset[str]] = {}  # stem -> phrase words it may be
        self._written: dict[str, frozenset[str]] = {}  # word as written -> the same

    def _add(self, phrase: str, kind: int, intent: str | None) -> None:
        at_start = phrase.startswith("^")
        found = tuple(w for w in words(phrase.lstrip("^")) if w != ".")
        if found:
            self._phrases.append(_Phrase(found, kind, intent, phrase.lstrip("^ "), at_start))

    def stands_for(self, word: str) -> frozenset[str]:
        """The phrase words `word` may be: itself, or a word of TYPO_MIN letters or more one
        edit away (a letter missing, one too many, or one changed)."""
        known = self._memo.get(word)
        if known is not None:
            return known
        out = set(self._exact.get(word, ()))
        if len(word) >= TYPO_MIN - 1:
            out |= self._deleted.get(word, set())  # a letter missing from the text's word
            for d in _deletes(word):
                if len(d) >= TYPO_MIN:
                    out |= self._exact.get(d, set())  # a letter too many
                out |= {w for w in self._deleted.get(d, ()) if len(w) == len(word)}  # changed
        result = frozenset(out)
        if len(self._memo) < 200_000:
            self._memo[word] = result
        return result

    def _options(self, word: str) -> frozenset[str]:
        """What a word as written may stand for (stemmed, typos forgiven), remembered."""
        known = self._written.get(word)
        if known is None:
            stemmed = stem(word)
            known = frozenset() if word == "." else self.stands_for(stemmed)
            if word in self.real_words:  # a word of its own: not a typo of another
                known -= other_words(stemmed, known)
            if len(self._written) < 200_000:
                self._written[word] = known
        return known

    def _after_greetings(self, written: Sequence[str]) -> set[int]:
        """Where a sentence starts again after the greetings that open it ("hi", "good
        morning"): "hai check my seat" starts again at "check"."""
        found: set[int] = set()
        greetings = self._greetings
        if not greetings:
            return found
        size = len(written)
        for i in (0, *(i + 1 for i, w in enumerate(written) if w == ".")):
            k = i
            while k < size and written[k] in greetings:
                for rest in greetings[written[k]]:
                    if tuple(written[k + 1 : k + 1 + len(rest)]) == rest:
                        k += 1 + len(rest)
                        break
                else:
                    break
            if k > i:
                found.add(k)
        return found

    def classify(self, text: str) -> Match:
        written = tokens(text)
        options = [self._options(t) for t in written]
        size = len(written)
        # request cues count in the ticket's opening only: where its words after the window begin
        opening = size
        if self.request_window is not None and size > self.request_window:
            seen = 0
            for i, t in enumerate(written):
                if t != ".":
                    seen += 1
                    if seen > self.request_window:
                        opening = i
                        break
        greeted: set[int] | None = None  # where sentences start after greetings, when asked
        by_first = self._by_first
        # the best so far: the earliest kind, then the earliest place, then the longest phrase
        best_kind, best_start, best_length = REQUEST + 1, 0, 0
        best: Match | None = None
        for start, candidates in enumerate(options):
            if not candidates:
                continue
            sentence_start = start == 0 or written[start - 1] == "."
            for w in candidates:
                for kind, length, at_start, later, match in by_first.get(w, ()):
                    # sorted by kind, then longest first: nothing further in this list is better
                    if kind > best_kind or (
                        kind == best_kind and (start > best_start or length >= best_length)
                    ):
                        break
                    end = start - length
                    if end > size:
                        continue
                    if at_start and not sentence_start:
                        if greeted is None:
                            greeted = self._after_greetings(written)
                        if start not in greeted:
                            continue
                    if kind == REQUEST and start >= opening:
                        continue
                    k = start + 1
                    for word in later:
                        if word not in options[k]:
                            break
                        k += 1
                    else:
                        found = match._replace(found=" ".join(written[start:end]))
                        if kind == ESCALATION:  # an escalation cue decides at once
                            return found
                        best_kind, best_start, best_length, best = kind, start, length, found
        return best if best is not None else Match(None, "", "", None)


def lexicon_for(rules: AuditRules, industry: str | None) -> Lexicon:
    """The routine rules of `rules` for an industry (its pack's intents added)."""
    return lexicon_of(rules, (*rules.intents_for(industry), rules.grammar.intent))


def lexicon_of(rules: AuditRules, intents: Sequence[Intent]) -> Lexicon:
    """The routine rules of `rules` with these intents (the grammar's request intent among
    them): its escalation and problem cues, its request cues and their window."""
    grammar = rules.grammar
    return Lexicon(
        intents,
        rules.escalation,
        grammar.problems,
        grammar.requests,
        grammar.intent.id,
        grammar.request_window,
        grammar.greetings,
        rules.real_words,
    )
