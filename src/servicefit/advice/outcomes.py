"""The outcome of answers with one answer changed: the leading model and the staffing option,
evaluated again only for the rules that read the changed answer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servicefit.advice.channel_staffing import POOLING_RULE, staffing_option
from servicefit.advice.recommendation import Recommendation
from servicefit.advice.scoring import leader, points_of
from servicefit.errors import ValueProblem
from servicefit.intake.answers import Answers, apply_answers
from servicefit.knowledge.base import KnowledgeBase

Outcome = tuple[str, str | None]  # the leading model, and the staffing option (None: n/a)


class Outcomes:
    """The outcome of answers that differ from a base in a few fields.

    Only the rules that read a changed field are evaluated again; the points are then added
    up over all fired rules in rule order, exactly as the engine adds them, so that even a tie
    between fractional weights comes out the same.
    """

    def __init__(
        self,
        base: Mapping[str, Any],
        kb: KnowledgeBase,
        extra: Mapping[str, float],
        sized: bool = False,
    ):
        self.base = base
        self.kb = kb
        self.extra = extra
        self.sized = sized  # the volumes were sized: the rules they replace count for nothing
        self.fired = [rule.when.evaluate(base) for rule in kb.rules]
        self.readers: dict[str, list[int]] = {}
        for i, rule in enumerate(kb.rules):
            for name in rule.when.fields():
                self.readers.setdefault(name, []).append(i)

    def totals(self, values: Mapping[str, Any]) -> dict[str, float]:
        """Every model's and option's points for these answers."""
        fired = list(self.fired)
        for name, value in values.items():
            if value != self.base[name]:
                for i in self.readers.get(name, ()):
                    fired[i] = self.kb.rules[i].when.evaluate(values)
        rules = (r for r, on in zip(self.kb.rules, fired, strict=True) if on)
        points = points_of(rules, values, self.kb, self.sized)
        for target, value in self.extra.items():
            points[target] += value
        return points

    def __call__(self, values: Mapping[str, Any]) -> Outcome:
        points = self.totals(values)
        option, _ = staffing_option(points, values, self.kb)
        return leader(points, list(self.kb.models)), option


class Runner:
    """The outcome of `answers` with one answer changed (None: the change would not apply)."""

    def __init__(self, answers: Answers, kb: KnowledgeBase, rec: Recommendation):
        extra = {r.target: r.points for r in rec.staffing.reasons if r.rule == POOLING_RULE}
        self.answers = answers
        self.kb = kb
        self.outcome_of = Outcomes(answers.values, kb, extra, rec.staffing.sizing is not None)
        self.seen: dict[tuple[str, int], Outcome | None] = {}  # numbers run already

    def changed(self, qid: str, value: Any) -> dict[str, Any] | None:
        try:  # the other answers passed these checks already; only the new one needs them
            checked = self.kb.questions[qid].check(value)
        except ValueProblem:
            return None
        values = apply_answers({**self.answers.values, qid: checked}, self.kb).values
        if values[qid] != value:  # the question does not apply: the change would be ignored
            return None
        return values

    def run(self, qid: str, value: Any) -> Outcome | None:
        if type(value) is int:  # numbers are run again by the checks of their claims
            key = (qid, value)
            if key not in self.seen:
                values = self.changed(qid, value)
                self.seen[key] = None if values is None else self.outcome_of(values)
            return self.seen[key]
        values = self.changed(qid, value)
        return None if values is None else self.outcome_of(values)

    def totals(self, qid: str, value: Any) -> dict[str, float] | None:
        values = self.changed(qid, value)
        return None if values is None else self.outcome_of.totals(values)
