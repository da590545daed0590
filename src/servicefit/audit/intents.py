"""Routine intents found in ticket text with a phrase lexicon (rules/audit/intents.yaml).

Text and phrases are reduced to lower-case words (letters and digits; apostrophes dropped, so
"can't" is "cant"). A phrase matches where its words occur in order, each word equal, or, for
words of five letters or more, one edit away (a letter dropped, added or changed: "pasword",
"trackng"). An escalation cue anywhere makes a ticket not routine. Every decision can be
explained: the intent, the phrase and the words that matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from servicefit.knowledge.audit import Intent

_WORD = re.compile(r"[a-z0-9]+")
TYPO_MIN = 5  # letters a word needs before one typo is forgiven


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("'", "").replace("’", ""))


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Match(NamedTuple):
    intent: str | None  # None: nothing matched, or an escalation cue
    phrase: str
    found: str  # the words of the text that matched
    escalation: str | None  # the cue that made it not routine


class Lexicon:
    """Compiled phrases: an index from each word (and its one-letter deletions) to the phrase
    words it may stand for."""

    def __init__(self, intents: Sequence[Intent], escalation: Iterable[str]):
        self.intents = tuple(intents)
        self._phrases: list[tuple[tuple[str, ...], str | None, str]] = []  # words, intent, text
        for phrase in escalation:
            self._phrases.append((tuple(words(phrase)), None, phrase))
        for intent in intents:
            for phrase in intent.phrases:
                self._phrases.append((tuple(words(phrase)), intent.id, phrase))
        self._exact: dict[str, set[str]] = {}
        self._deleted: dict[str, set[str]] = {}
        for phrase_words, _, _ in self._phrases:
            for w in phrase_words:
                self._exact.setdefault(w, set()).add(w)
                if len(w) >= TYPO_MIN:
                    for d in _deletes(w):
                        self._deleted.setdefault(d, set()).add(w)
        self._by_first: dict[str, list[int]] = {}
        for index, (phrase_words, _, _) in enumerate(self._phrases):
            self._by_first.setdefault(phrase_words[0], []).append(index)
        self._memo: dict[str, frozenset[str]] = {}

    def _stands_for(self, word: str) -> frozenset[str]:
        """The phrase words `word` may be: itself, or a word of TYPO_MIN letters or more one
        edit away (a letter missing, one too many, or one changed)."""
        known = self._memo.get(word)
        if known is not None:
            return known
        out = set(self._exact.get(word, ()))
        out |= self._deleted.get(word, set())  # a letter missing from the text's word
        for d in _deletes(word):
            if len(d) >= TYPO_MIN:
                out |= self._exact.get(d, set())  # a letter too many
            out |= {w for w in self._deleted.get(d, ()) if len(w) == len(word)}  # one changed
        result = frozenset(out)
        if len(self._memo) < 200_000:
            self._memo[word] = result
        return result

    def classify(self, text: str) -> Match:
        tokens = words(text)
        options = [self._stands_for(t) for t in tokens]
        first: Match | None = None
        for start, candidates in enumerate(options):
            for w in candidates:
                for index in self._by_first.get(w, ()):
                    phrase_words, intent, phrase = self._phrases[index]
                    end = start + len(phrase_words)
                    if end > len(tokens):
                        continue
                    if all(
                        phrase_words[k] in options[start + k] for k in range(1, len(phrase_words))
                    ):
                        found = " ".join(tokens[start:end])
                        if intent is None:  # an escalation cue decides at once
                            return Match(None, phrase, found, phrase)
                        if first is None:
                            first = Match(intent, phrase, found, None)
        return first or Match(None, "", "", None)
