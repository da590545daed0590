"""Scoring: rules that fire on the answers give points to models and staffing options, and
points become 0–100 scores and ranks."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from servicefit.advice.recommendation import ModelResult, Reason
from servicefit.knowledge.base import KnowledgeBase, RuleGroup
from servicefit.knowledge.rules import Grade, Rule
from servicefit.knowledge.wording import fill


def to_score(points: float, scale: float) -> int:
    """Rule points → a 0–100 score on a logistic curve: 0 points is 50, never saturates."""
    z = points / scale
    if z >= 0:
        return round(100 / (1 + math.exp(-z)))
    e = math.exp(z)  # the same curve, written so that no exponent overflows
    return round(100 * e / (1 + e))


def rule_points(
    values: Mapping[str, Any], kb: KnowledgeBase, sized: bool = False
) -> tuple[dict[str, float], list[Rule]]:
    """Each target's net points and the rules that fired, in rule order. `sized`: the answers'
    volumes were sized, so the rules the sizing replaces (scoring.yaml's sized_instead) count
    for nothing."""
    fired = [rule for rule in kb.rules if rule.when.evaluate(values)]
    return points_of(fired, values, kb, sized), fired


def points_of(
    fired: Iterable[Rule], values: Mapping[str, Any], kb: KnowledgeBase, sized: bool = False
) -> dict[str, float]:
    """Each target's net points from these rules, added up in the order given; a group's
    rules (scoring.yaml's groups) first add up apart, then are capped and scaled together."""
    return _score(fired, values, kb, sized)[0]


def _score(
    fired: Iterable[Rule], values: Mapping[str, Any], kb: KnowledgeBase, sized: bool = False
) -> tuple[dict[str, float], list[dict[str, float]]]:
    """points_of, and for each group the factor its cap and scaling left on each target it
    touched (what a fired rule's reason carries of its own points)."""
    scoring = kb.scoring
    points = dict.fromkeys(kb.targets, 0.0)
    skip = scoring.sized_instead if sized else frozenset()
    plan = _plan(kb).scoring
    sums: list[dict[str, float]] = [{} for _ in scoring.groups]
    for rule in fired:  # Rule.points, inlined: this runs for every counterfactual tried
        if skip and rule.id in skip:
            continue
        effects, group, grade = plan[rule.id]
        into = points if group is None else sums[group]
        if grade is None:
            for target, value in effects:
                into[target] = into.get(target, 0.0) + value
            continue
        share = grade.factor(values[grade.field])
        if share:  # nothing at the start of a grade (adding 0.0 changes no total)
            for target, value in effects:
                into[target] = into.get(target, 0.0) + value * share
    ratios = []
    for each, raw in zip(scoring.groups, sums, strict=True):
        factor = group_factor(each, values) * _within_cap(each, raw) if raw else 1.0
        for target, value in raw.items():
            points[target] += value * factor
        ratios.append(dict.fromkeys(raw, factor))
    return points, ratios


def _within_cap(group: RuleGroup, raw: Mapping[str, float]) -> float:
    """The one factor that brings the group's largest effect on any target down to its cap.
    One factor for every target, not a cap on each: the group's points keep their
    proportions, so as a graded answer grows, the advice still moves one way only."""
    largest = max((abs(v) for v in raw.values()), default=0.0)
    return group.cap / largest if largest > group.cap else 1.0


def group_factor(group: RuleGroup, values: Mapping[str, Any]) -> float:
    """What a group's points are multiplied by: every `scaled` step that holds, in turn."""
    factor = 1.0
    for step in group.scaled:
        if step.when.evaluate(values):
            factor *= step.value
    return factor


def group_ratios(
    fired: Iterable[Rule], values: Mapping[str, Any], kb: KnowledgeBase
) -> list[dict[str, float]]:
    """For each group, the share of its rules' points that counts after the cap and the
    scaling: a fired rule's reason carries its own part of what counted."""
    scoring = kb.scoring
    raw: list[dict[str, float]] = [{} for _ in scoring.groups]
    for rule in fired:
        group = scoring.group_of.get(rule.id)
        if group is not None:
            for target, value in rule.points(values).items():
                raw[group][target] = raw[group].get(target, 0.0) + value
    out = []
    for each, sums in zip(scoring.groups, raw, strict=True):
        factor = group_factor(each, values) * _within_cap(each, sums)
        out.append(dict.fromkeys(sums, factor))
    return out


def fire_rules(
    values: Mapping[str, Any], kb: KnowledgeBase, sized: bool = False
) -> tuple[dict[str, float], dict[str, list[Reason]]]:
    fired = [rule for rule in kb.rules if rule.when.evaluate(values)]
    points, ratios = _score(fired, values, kb, sized)  # the same sums give both
    scoring = kb.scoring
    skip = scoring.sized_instead if sized else frozenset()
    ready = _plan(kb).ready
    reasons: dict[str, list[Reason]] = {t: [] for t in kb.targets}
    for rule in fired:
        if skip and rule.id in skip:  # replaced by the sizing: it moved no score
            continue
        same_every_time = ready.get(rule.id)
        if same_every_time is not None:
            for target, reason in same_every_time:
                reasons[target].append(reason)
            continue
        share = rule.factor(values)  # once a rule: its points are the effects times the share
        if share == 0:  # nothing given: at the start of its grade
            continue
        group = scoring.group_of.get(rule.id)
        because = fill(rule.because, values, kb.questions)
        for target, value in rule.effects.items():
            points_given = value if rule.grade is None else value * share
            if group is not None:
                points_given *= ratios[group].get(target, 1.0)
            if points_given == 0:
                continue  # a group scaled to nothing: the rule moved no score
            reasons[target].append(Reason(rule.id, points_given, because, target))
    for target in reasons:
        reasons[target].sort(key=_strength)  # strongest first, then rule order: stable
    return points, reasons


class _Plan(NamedTuple):
    """What scoring needs of each rule, looked up once per rule set (by rule id): its effects as
    pairs, its group (None: in none) and grade, for the sums; and for the rules whose reasons
    never change (ungraded, in no group, quoting no answer: most rules that fire), the reasons
    themselves."""

    scoring: dict[str, tuple[tuple[tuple[str, float], ...], int | None, Grade | None]]
    ready: dict[str, tuple[tuple[str, Reason], ...] | None]


# Kept for the last few rule sets used (one, in a run; a handful, in a test session).
_PLANS: dict[int, tuple[KnowledgeBase, _Plan]] = {}


def _plan(kb: KnowledgeBase) -> _Plan:
    held = _PLANS.get(id(kb))
    if held is not None and held[0] is kb:
        return held[1]
    group_of = kb.scoring.group_of
    plan = _Plan(
        {
            rule.id: (tuple(rule.effects.items()), group_of.get(rule.id), rule.grade)
            for rule in kb.rules
        },
        {
            rule.id: tuple(
                (target, Reason(rule.id, value, rule.because, target))
                for target, value in rule.effects.items()
                if value != 0
            )
            if rule.grade is None and rule.id not in group_of and "{" not in rule.because
            else None
            for rule in kb.rules
        },
    )
    if len(_PLANS) >= 4:
        _PLANS.pop(next(iter(_PLANS)))
    _PLANS[id(kb)] = (kb, plan)
    return plan


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
