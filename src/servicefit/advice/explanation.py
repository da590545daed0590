"""`explain`: every rule, fired or not, with each part of its condition against the answers.

The document is plain data (JSON-ready); renderers in render/explain.py draw it for people.
"""

from __future__ import annotations

from typing import Any

from servicefit.advice.channel_staffing import POOLING_RULE
from servicefit.advice.engine import recommend
from servicefit.advice.recommendation import SCHEMA_VERSION
from servicefit.advice.whatif import STAFFING, TOP_MODEL, counterfactuals
from servicefit.errors import UsageError
from servicefit.intake.answers import Answers
from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.wording import fill
from servicefit.messages import did_you_mean
from servicefit.yamlio.files import shown_path


def check_model(kb: KnowledgeBase, model: str | None) -> None:
    if model is not None and model not in kb.targets:
        raise UsageError(
            f"--model {model!r} is not a model or staffing option.{did_you_mean(model, kb.targets)}",
            hint=f"Choose one of: {', '.join(kb.targets)}.",
        )


def explain(answers: Answers, kb: KnowledgeBase, model: str | None = None) -> dict[str, Any]:
    """The trace of every rule (or of those that touch `model`) and the counterfactuals."""
    check_model(kb, model)
    rec = recommend(answers, kb)
    values = answers.values
    rules = []
    for rule in kb.rules:
        if model is not None and model not in rule.effects:
            continue
        trace = rule.when.explain(values)
        effects = {t: rule.effects[t] for t in rule.effects if model is None or t == model}
        rules.append(
            {
                "id": rule.id,
                "file": shown_path(rule.file),
                "line": rule.line,
                "fired": trace.result,
                "effects": effects,
                "weight": rule.weight,
                "points": effects if trace.result else {},
                "because": fill(rule.because, values, kb.questions) if trace.result else None,
                "condition": trace.to_dict(),
            }
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
        m.id: {"points": m.points, "score": m.score, "rank": m.rank}
        for m in rec.models
        if model is None or m.id == model
    }
    for option in kb.staffing:
        if model is None or option == model:
            totals[option] = {
                "points": rec.staffing.points[option],
                "score": rec.staffing.scores[option],
                "rank": 1 if option == staffing else 2,
            }
    return {
        "schema_version": SCHEMA_VERSION,
        "input": answers.source,
        "model": model,
        "answers": dict(values),
        "top_model": top,
        "staffing": staffing,
        "lead": rec.lead.to_dict(),
        "rules": rules,
        "extra_points": [  # points from outside the rules: the pooling arithmetic of volumes
            {"id": r.rule, "target": r.target, "points": r.points, "because": r.because}
            for r in rec.staffing.reasons
            if r.rule == POOLING_RULE and (model is None or r.target == model)
        ],
        "totals": totals,
        "counterfactuals": [c.to_dict() for c in found],
    }
