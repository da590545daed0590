"""Scoring: rules that fire on the answers give points to models and staffing options, and
points become 0–100 scores and ranks."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from servicefit.advice.recommendation import ModelResult, Reason
from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.rules import Rule
from servicefit.knowledge.wording import fill


def to_score(points: float, scale: float) -> int:
    """Rule points → a 0–100 score on a logistic curve: 0 points is 50, never saturates."""
    z = points / scale
    if z >= 0:
        return round(100 / (1 + math.exp(-z)))
    e = math.exp(z)  # the same curve, written so that no exponent overflows
    return round(100 * e / (1 + e))


def rule_points(
    values: Mapping[str, Any], kb: KnowledgeBase
) -> tuple[dict[str, float], list[Rule]]:
    """Each target's net points and the rules that fired, in rule order."""
    fired = [rule for rule in kb.rules if rule.when.evaluate(values)]
    return points_of(fired, values, kb), fired


def points_of(
    fired: Iterable[Rule], values: Mapping[str, Any], kb: KnowledgeBase
) -> dict[str, float]:
    """Each target's net points from these rules, added up in the order given."""
    points = dict.fromkeys(kb.targets, 0.0)
    for rule in fired:  # Rule.points, inlined: this runs for every counterfactual tried
        grade = rule.grade
        if grade is None:
            for target, value in rule.effects.items():
                points[target] += value
            continue
        share = grade.factor(values[grade.field])
        if share:  # nothing at the start of a grade (adding 0.0 changes no total)
            for target, value in rule.effects.items():
                points[target] += value * share
    return points


def fire_rules(
    values: Mapping[str, Any], kb: KnowledgeBase
) -> tuple[dict[str, float], dict[str, list[Reason]]]:
    points, fired = rule_points(values, kb)
    reasons: dict[str, list[Reason]] = {t: [] for t in kb.targets}
    for rule in fired:
        share = rule.factor(values)  # once a rule: its points are the effects times the share
        if share == 0:  # a graded rule at the start of its grade gives nothing
            continue
        because = fill(rule.because, values, kb.questions)
        for target, value in rule.effects.items():
            points_given = value if rule.grade is None else value * share
            reasons[target].append(Reason(rule.id, points_given, because, target))
    for target in reasons:
        reasons[target].sort(key=_strength)  # strongest first, then rule order: stable
    return points, reasons


def _strength(reason: Reason) -> float:
    return -abs(reason.points)


def same(a: float, b: float) -> bool:
    """Equal points, allowing for the rounding of fractional (graded) effects."""
    return abs(a - b) < 1e-9


def leader(points: Mapping[str, float], order: list[str]) -> str:
    """The option with the most points; ties go to the one declared first."""
    return min(order, key=lambda t: (-points[t], order.index(t)))


def rank_models(
    points: Mapping[str, float], reasons: Mapping[str, list[Reason]], kb: KnowledgeBase
) -> list[ModelResult]:
    """Best first. Equal points share a rank (1, 1, 3); among them models.yaml's order decides
    who is listed, and so who leads, first."""
    order = list(kb.models)
    ranked = sorted(order, key=lambda m: (-points[m], order.index(m)))
    out: list[ModelResult] = []
    for i, m in enumerate(ranked):
        tied = i > 0 and same(points[m], points[ranked[i - 1]])
        rank = out[-1].rank if tied else i + 1
        score = to_score(points[m], kb.score_scale)
        out.append(ModelResult(m, kb.models[m].name, score, points[m], rank, reasons[m]))
    return out
