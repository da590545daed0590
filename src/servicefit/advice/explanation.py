"""`explain`: every rule, fired or not, with each part of its condition against the answers.

The explanation is typed data; report/explain.py draws it for people and as JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from servicefit.advice.channel_staffing import POOLING_RULE
from servicefit.advice.engine import recommend
from servicefit.advice.recommendation import SCHEMA_VERSION, Lead, Reason
from servicefit.advice.whatif import STAFFING, TOP_MODEL, Counterfactual, counterfactuals
from servicefit.errors import UsageError
from servicefit.intake.answers import Answers
from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.conditions import Trace
from servicefit.knowledge.wording import fill
from servicefit.messages import did_you_mean
from servicefit.yamlio.files import shown_path


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "file": self.file,
            "line": self.line,
            "fired": self.fired,
            "effects": dict(self.effects),
            "weight": self.weight,
            "points": dict(self.effects) if self.fired else {},
            "because": self.because,
            "condition": self.condition.to_dict(),
        }


class Total(NamedTuple):
    points: float
    score: int
    rank: int


@dataclass(frozen=True)
class Explanation:
    input: str
    model: str | None  # the one model or staffing option asked about, if any
    answers: Mapping[str, Any]
    top_model: str
    staffing: str
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
                {"id": r.rule, "target": r.target, "points": r.points, "because": r.because}
                for r in self.extra_points
            ],
            "totals": {k: t._asdict() for k, t in self.totals.items()},
            "counterfactuals": [c.to_dict() for c in self.counterfactuals],
        }


def explain(answers: Answers, kb: KnowledgeBase, model: str | None = None) -> Explanation:
    """The trace of every rule (or of those that touch `model`) and the counterfactuals."""
    check_model(kb, model)
    rec = recommend(answers, kb)
    values = answers.values
    rules = []
    for rule in kb.rules:
        if model is not None and model not in rule.effects:
            continue
        trace = rule.when.explain(values)
        rules.append(
            RuleTrace(
                rule.id,
                shown_path(rule.file),
                rule.line,
                trace.result,
                {t: rule.effects[t] for t in rule.effects if model is None or t == model},
                rule.weight,
                fill(rule.because, values, kb.questions) if trace.result else None,
                trace,
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
                1 if option == staffing else 2,
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
