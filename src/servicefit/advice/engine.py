"""The engine: answers + knowledge base → recommendation. Pure: no I/O, no terminal."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from servicefit import __version__
from servicefit.advice.blend import build_blend
from servicefit.advice.recommendation import (
    Lead,
    ModelResult,
    Notice,
    Reason,
    Recommendation,
    Staffing,
)
from servicefit.intake.answers import Answers
from servicefit.knowledge.base import (
    FACT_AUTOMATED,
    FACT_STAFFING,
    FACT_TOP_MODEL,
    FIELD_CHANNELS,
    FIELD_COVERAGE,
    KnowledgeBase,
)
from servicefit.knowledge.rules import Rule
from servicefit.knowledge.wording import fill
from servicefit.knowledge.workforce import blend_effect, pooling_reason, size_workload

IGNORED_ANSWER = "answer-ignored"
MISSING_PREREQUISITE = "missing-prerequisite"
UNSERVED_CHANNEL = "volume-for-unserved-channel"


def to_score(points: float, scale: float) -> int:
    """Rule points → a 0–100 score on a logistic curve: 0 points is 50, never saturates."""
    return round(100 / (1 + math.exp(-points / scale)))


def rule_points(
    values: Mapping[str, Any], kb: KnowledgeBase
) -> tuple[dict[str, float], list[Rule]]:
    """Each target's net points and the rules that fired, in rule order."""
    fired = [rule for rule in kb.rules if rule.when.evaluate(values)]
    return points_of(fired, kb), fired


def points_of(fired: Iterable[Rule], kb: KnowledgeBase) -> dict[str, float]:
    """Each target's net points from these rules, added up in the order given."""
    points = dict.fromkeys(kb.targets, 0.0)
    for rule in fired:
        for target, value in rule.effects.items():
            points[target] += value
    return points


def fire_rules(
    values: Mapping[str, Any], kb: KnowledgeBase
) -> tuple[dict[str, float], dict[str, list[Reason]]]:
    points, fired = rule_points(values, kb)
    reasons: dict[str, list[Reason]] = {t: [] for t in kb.targets}
    for rule in fired:
        because = fill(rule.because, values, kb.questions)
        for target, value in rule.effects.items():
            reasons[target].append(Reason(rule.id, value, because, target))
    for target in reasons:
        reasons[target].sort(key=_strength)  # strongest first, then rule order: stable
    return points, reasons


def _strength(reason: Reason) -> float:
    return -abs(reason.points)


def leader(points: Mapping[str, float], order: list[str]) -> str:
    """The option with the most points; ties go to the one declared first."""
    return min(order, key=lambda t: (-points[t], order.index(t)))


def rank_models(
    points: Mapping[str, float], reasons: Mapping[str, list[Reason]], kb: KnowledgeBase
) -> list[ModelResult]:
    order = list(kb.models)
    ranked = sorted(order, key=lambda m: (-points[m], order.index(m)))
    return [
        ModelResult(
            m, kb.models[m].name, to_score(points[m], kb.score_scale), points[m], i + 1, reasons[m]
        )
        for i, m in enumerate(ranked)
    ]


def choose_staffing(
    points: Mapping[str, float], reasons: Mapping[str, list[Reason]], kb: KnowledgeBase
) -> Staffing:
    order = list(kb.staffing)
    best = leader(points, order)
    merged = sorted(
        (r for s in order for r in reasons[s]),
        key=lambda r: (-abs(r.points), order.index(r.target)),
    )
    return Staffing(
        best,
        {s: to_score(points[s], kb.score_scale) for s in order},
        {s: points[s] for s in order},
        merged,
    )


def size_answers(answers: Answers, kb: KnowledgeBase) -> tuple[Any, Reason | None]:
    """The sizing of the answers' volumes, if any, and the staffing points it gives."""
    workload = answers.workload
    if workload is None or not workload.channels or kb.workforce is None:
        return None, None
    sizing = size_workload(workload, kb.workforce)
    return sizing, pooling_reason(sizing, kb.workforce)


def recommend(answers: Answers, kb: KnowledgeBase) -> Recommendation:
    values = answers.values
    points, reasons = fire_rules(values, kb)
    models = rank_models(points, reasons, kb)
    sizing, pooling = size_answers(answers, kb)
    if pooling is not None:
        points[pooling.target] += pooling.points
        reasons[pooling.target].append(pooling)
    staffing = choose_staffing(points, reasons, kb)
    staffing.sizing = sizing
    blend = build_blend(values, models, kb)
    if sizing is not None:
        blend.effect = blend_effect(
            answers.workload,
            kb.workforce,
            sizing,
            blend.automated_share,
            staffing.recommended,
            values.get(FIELD_COVERAGE),
        )
    facts = {
        **values,
        FACT_TOP_MODEL: models[0].id,
        FACT_STAFFING: staffing.recommended,
        FACT_AUTOMATED: round(blend.automated_share * 100),
    }
    names = kb.fact_names
    warnings = [
        Notice(
            IGNORED_ANSWER,
            f"The answer to {qid!r} was ignored: the question does not apply "
            f"given your other answers, so its default is used.",
        )
        for qid in answers.ignored
    ]
    served = values.get(FIELD_CHANNELS, [])
    warnings += [
        Notice(
            UNSERVED_CHANNEL,
            f"You give volumes for {c.channel!r}, which is not among the channels you serve; "
            "it is sized all the same.",
        )
        for c in (answers.workload.channels if answers.workload else ())
        if c.channel not in served
    ]
    involved = [models[0].id, *(c.model for c in blend.components)]
    seen: set[str] = set()
    for model_id in involved:
        for prerequisite in kb.models[model_id].prerequisites:
            if prerequisite.requires.evaluate(values):
                continue
            message = fill(prerequisite.message, values, kb.questions)
            if message not in seen:
                seen.add(message)
                warnings.append(Notice(MISSING_PREREQUISITE, message))
    warnings += [
        Notice(w.id, fill(w.text, facts, names)) for w in kb.warnings if w.when.evaluate(facts)
    ]
    next_steps = [fill(s.text, facts, names) for s in kb.next_steps if s.when.evaluate(facts)]
    runner_up = models[1] if len(models) > 1 else models[0]
    margin = models[0].score - runner_up.score
    lead = Lead(models[0].id, runner_up.id, margin, margin < kb.close_call_margin)
    return Recommendation(
        input=answers.source,
        answers=dict(values),
        defaulted=list(answers.defaulted),
        skipped=list(answers.skipped),
        models=models,
        lead=lead,
        staffing=staffing,
        blend=blend,
        next_steps=next_steps,
        warnings=warnings,
        generator_version=__version__,
    )
