"""`explain`: every rule, fired or not, with each part of its condition against the answers.

The explanation is typed data; report/explain.py draws it for people and as JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from servicefit.advice.channel_staffing import POOLING_RULE
from servicefit.advice.engine import recommend
from servicefit.advice.recommendation import (
    SCHEMA_VERSION,
    Counterfactual,
    Lead,
    Reason,
    json_number,
)
from servicefit.advice.scoring import group_ratios
from servicefit.advice.whatif import STAFFING, TOP_MODEL, counterfactuals
from servicefit.errors import UsageError
from servicefit.intake.answers import Answers
from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.traces import Trace
from servicefit.knowledge.wording import fill
from servicefit.messages import did_you_mean


def check_model(kb: KnowledgeBase, model: str | None) -> None:
    if model is not None and model not in kb.targets:
        raise UsageError(
            f"--model {model!r} is not a model or staffing option.{did_you_mean(model, kb.targets)}",
            hint=f"Choose one of: {', '.join(kb.targets)}.",
        )


class RuleTrace(NamedTuple):
    """One rule against the answers: whether it fired, part by part, and what it gave."""

    id: str
    file: str
    line: int | None
    fired: bool
    effects: Mapping[str, float]
    weight: float
    because: str | None  # the filled-in reason, when it fired
    condition: Trace
    grade: str | None = None  # how a graded rule scales, e.g. "routine_share graded from 0 to 100"
    factor: float = 1.0  # the share of the effects that applies to these answers
    source: str = ""  # where the rule's judgement comes from

    @property
    def moved(self) -> bool:
        """Whether it changed a score: its condition held and it gave points (a graded rule at
        the start of its grade, or one weighed 0, holds and gives nothing)."""
        return self.fired and self.factor != 0 and any(p != 0 for p in self.effects.values())

    def to_dict(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "file": self.file,
            "line": self.line,
            "fired": self.fired,
            "moved": self.moved,
            "effects": dict(self.effects),
            "weight": self.weight,
            "points": {t: json_number(p * self.factor) for t, p in self.effects.items()}
            if self.fired
            else {},
            "because": self.because,
            "source": self.source,
            "condition": self.condition.to_dict(),
        }
        if self.grade is not None:
            out.update(grade=self.grade, factor=round(self.factor, 4))
        return out


class Total(NamedTuple):
    points: float
    score: int
    rank: int | None  # None for a staffing option when the choice does not arise

    def to_dict(self) -> dict[str, Any]:
        return {"points": json_number(self.points), "score": self.score, "rank": self.rank}


@dataclass(frozen=True)
class Explanation:
    input: str
    model: str | None  # the one model or staffing option asked about, if any
    answers: Mapping[str, Any]
    top_model: str
    staffing: str | None  # None: shared versus dedicated does not arise
    lead: Lead
    rules: tuple[RuleTrace, ...]
    extra_points: tuple[Reason, ...]  # points from outside the rules: the pooling arithmetic
    totals: Mapping[str, Total]
    counterfactuals: tuple[Counterfactual, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "input": self.input,
            "model": self.model,
            "answers": dict(self.answers),
            "top_model": self.top_model,
            "staffing": self.staffing,
            "lead": self.lead.to_dict(),
            "rules": [r.to_dict() for r in self.rules],
            "extra_points": [
                {
                    "id": r.rule,
                    "target": r.target,
                    "points": json_number(r.points),
                    "because": r.because,
                }
                for r in self.extra_points
            ],
            "totals": {k: t.to_dict() for k, t in self.totals.items()},
            "counterfactuals": [c.to_dict() for c in self.counterfactuals],
        }


def explain(
    answers: Answers,
    kb: KnowledgeBase,
    model: str | None = None,
    shown: Callable[[str], str] = str,
) -> Explanation:
    """The trace of every rule (or of those that touch `model`) and the counterfactuals.
    `shown`: how a rule file's path is shown (the flow shows it relative to the working
    folder)."""
    check_model(kb, model)
    rec = recommend(answers, kb)
    values = answers.values
    held = [rule for rule in kb.rules if rule.when.evaluate(values)]
    ratios = group_ratios(held, values, kb)  # what a group's cap and scaling leave of each
    replaced = kb.scoring.sized_instead if rec.staffing.sizing is not None else frozenset()
    rules = []
    for rule in kb.rules:
        if model is not None and model not in rule.effects:
            continue
        trace = rule.when.explain(values)
        group = kb.scoring.group_of.get(rule.id)
        counted = 0.0 if rule.id in replaced else 1.0  # the volumes' sizing stands in for it
        if group is not None and trace.result:
            counted *= next(iter(ratios[group].values()), 1.0)
        rules.append(
            RuleTrace(
                rule.id,
                shown(rule.file),
                rule.line,
                trace.result,
                {t: rule.effects[t] for t in rule.effects if model is None or t == model},
                rule.weight,
                fill(rule.because, values, kb.questions) if trace.result else None,
                trace,
                rule.grade.text() if rule.grade is not None else None,
                rule.factor(values) * counted,
                rule.source,
            )
        )
    found = counterfactuals(answers, kb, rec)
    top, staffing = rec.models[0].id, rec.staffing.recommended
    if model is not None:
        # the changes that concern this option: it would start or stop leading
        found = [
            c
            for c in found
            if c.result == model
            or (c.kind == TOP_MODEL and top == model)
            or (c.kind == STAFFING and staffing == model)
        ]
    totals = {
        m.id: Total(m.points, m.score, m.rank) for m in rec.models if model is None or m.id == model
    }
    for option in kb.staffing:
        if model is None or option == model:
            totals[option] = Total(
                rec.staffing.points[option],
                rec.staffing.scores[option],
                None if staffing is None else 1 if option == staffing else 2,
            )
    return Explanation(
        answers.source,
        model,
        dict(values),
        top,
        staffing,
        rec.lead,
        tuple(rules),
        tuple(
            r
            for r in rec.staffing.reasons
            if r.rule == POOLING_RULE and (model is None or r.target == model)
        ),
        totals,
        tuple(found),
    )
