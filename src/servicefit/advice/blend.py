"""The blend: which model serves which share of the contacts.

automated share = routine share × containment (capped), split among the automated-pool models
in proportion to their net rule points; the rest goes to the human-pool models the same way. Shares are
kept in thousandths so they always add up to exactly 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from servicefit.advice.recommendation import Blend, Component, ModelResult
from servicefit.knowledge.base import FIELD_CHANNELS, FIELD_ROUTINE, KnowledgeBase, Model
from servicefit.knowledge.wording import fill, percent

if TYPE_CHECKING:  # the recommend path imports no audit code
    from servicefit.audit.automation import AutomationPotential

WHOLE = 1000  # shares are computed in thousandths


def containment(values: Mapping[str, Any], kb: KnowledgeBase) -> tuple[float, list[str]]:
    total = 0.0
    reasons = []
    for step in kb.blend.containment:
        if step.when.evaluate(values):
            total += step.value
            sign = "+" if step.value >= 0 else "−"
            reasons.append(
                f"{sign}{percent(abs(step.value))} containment: {fill(step.text, values, kb.questions)}"
            )
    capped = min(max(total, 0.0), kb.blend.max_containment)
    if capped != round(total, 9):
        reasons.append(
            f"containment kept within 0–{percent(kb.blend.max_containment)} (the steps add up to "
            f"{percent(total)})"
        )
    return capped, reasons


def measured_share(
    values: Mapping[str, Any], kb: KnowledgeBase, automation: AutomationPotential
) -> tuple[float, float, list[str]]:
    """The automated share a ticket audit measured: its routine intents, what automation closes
    of each and how well it serves their channels (audit/automation.py)."""
    cap = kb.blend.max_automated_share
    share = round(min(automation.likely, cap) * WHOLE) / WHOLE
    routine = values[FIELD_ROUTINE] / 100
    contained = min(automation.likely / routine, 1.0) if routine else 0.0
    summary = (
        f"automated share = {percent(share)} of all contacts, measured by the ticket audit "
        f"(from {percent(automation.low)} to {percent(automation.high)}): each routine intent's "
        "share × the part automation closes × how well it serves the intent's channels"
    )
    if automation.likely > cap:
        summary += f" (capped at {percent(cap)})"
    lines = [
        f"{i.label}: {percent(i.share)} × {percent(i.containment.likely)} × "
        f"{i.channel_factor:.2f} = {percent(i.likely)}"
        for i in automation.intents[:6]
    ]
    return share, contained, [summary, *lines]


def automated_share(values: Mapping[str, Any], kb: KnowledgeBase) -> tuple[float, float, list[str]]:
    contained, reasons = containment(values, kb)
    routine = values[FIELD_ROUTINE] / 100
    share = round(min(routine * contained, kb.blend.max_automated_share) * WHOLE) / WHOLE
    summary = (
        f"automated share = routine contacts {percent(routine)} × containment {percent(contained)} "
        f"= {percent(share)}"
    )
    if routine * contained > kb.blend.max_automated_share:
        summary += f" (capped at {percent(kb.blend.max_automated_share)})"
    return share, contained, [summary, *reasons]


def _choose(
    ranked: list[ModelResult],
    kb: KnowledgeBase,
    pool: str,
    served: list[str],
    unready: frozenset[str],
) -> list[ModelResult]:
    """The pool's best model and the others above the score floor, among the models that work
    on a channel the business serves (a phone-only firm gets no chat agents) and whose
    prerequisites are in place: all of the pool's models only if none is."""
    candidates = [m for m in ranked if kb.models[m.id].pool == pool]
    fitting = [m for m in candidates if _fits(kb.models[m.id], served)]
    candidates = fitting or candidates
    ready = [m for m in candidates if m.id not in unready]
    candidates = ready or candidates
    chosen = candidates[:1] + [m for m in candidates[1:] if m.score >= kb.blend.score_floor]
    return chosen[: kb.blend.max_components[pool]]


def held_back(
    ranked: list[ModelResult], kb: KnowledgeBase, served: list[str], unready: frozenset[str]
) -> list[str]:
    """The models that would take a share of the blend if their prerequisites were in place."""
    if not unready:
        return []
    out = []
    for pool in ("automated", "human"):
        would = _choose(ranked, kb, pool, served, frozenset())
        chosen = {m.id for m in _choose(ranked, kb, pool, served, unready)}
        out += [m.id for m in would if m.id in unready and m.id not in chosen]
    return out


def _split(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` thousandths in proportion to ``weights`` by largest remainder."""
    if total == 0 or not weights:
        return [0] * len(weights)
    whole = sum(weights)
    if whole <= 0:
        weights, whole = [1.0] * len(weights), float(len(weights))
    exact = [total * w / whole for w in weights]
    parts = [int(x) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def weight(result: ModelResult) -> float:
    """A model's claim on its pool: its net rule points, at least one."""
    return max(result.points, 1.0)


def _pool_parts(
    chosen: list[ModelResult], total: int, min_share: float
) -> list[tuple[ModelResult, int]]:
    chosen = list(chosen)
    while True:
        parts = _split(total, [weight(m) for m in chosen])
        small = [i for i, p in enumerate(parts) if i > 0 and p < min_share * WHOLE]
        if not small:
            return list(zip(chosen, parts, strict=True))
        del chosen[small[-1]]


def _fits(model: Model, served: list[str]) -> bool:
    return bool(model.own_channels) or not served or any(c in served for c in model.channels)


def _channels(model: Model, served: list[str]) -> list[str]:
    mine = [c for c in model.channels if c in served]
    if not mine and not model.own_channels and model.pool == "human":
        mine = list(served)
    return [*model.own_channels, *mine]


def excluded(values: Mapping[str, Any], kb: KnowledgeBase) -> frozenset[str]:
    """The models that take no share of the blend on these answers (models.yaml's blend
    `unless`: an automated model a business that answers every contact in person refuses)."""
    return frozenset(
        m.id
        for m in kb.models.values()
        if m.blend_unless is not None and m.blend_unless.evaluate(values)
    )


def build_blend(
    values: Mapping[str, Any],
    ranked: list[ModelResult],
    kb: KnowledgeBase,
    automation: AutomationPotential | None,
    unready: frozenset[str],
    held: Sequence[str],
    left_out: frozenset[str],
) -> Blend:
    """`unready`: models whose prerequisites are missing; they take a share only when no other
    model of their pool can. `held`: held_back's answer, the models left out for what they lack;
    `left_out`: excluded's, the models these answers refuse."""
    ranked = [m for m in ranked if m.id not in left_out]
    if automation is None:
        share, contained, reasons = automated_share(values, kb)
    else:
        share, contained, reasons = measured_share(values, kb, automation)
    automated_total = round(share * WHOLE)
    served = list(values.get(FIELD_CHANNELS, []))
    components: list[Component] = []
    reasons += [
        f"{kb.models[m].name} takes no share until what it rests on is in place (see the warnings)."
        for m in held
    ]
    automated = _choose(ranked, kb, "automated", served, unready) if automated_total else []
    if not automated:  # no automated model may take part: people serve every contact
        automated_total = 0
    for pool, total in (("automated", automated_total), ("human", WHOLE - automated_total)):
        if total == 0:
            continue
        chosen = automated if pool == "automated" else _choose(ranked, kb, pool, served, unready)
        parts = _pool_parts(chosen, total, kb.blend.min_share)
        pool_weight = sum(weight(m) for m, _ in parts)
        for result, part in parts:
            model = kb.models[result.id]
            why = (
                f"{percent(part / WHOLE)} of all contacts: the {pool} part ({percent(total / WHOLE)}) split"
                f" by net points ({round(weight(result), 1):g} of {round(pool_weight, 1):g})"
                if len(parts) > 1
                else f"{percent(part / WHOLE)} of all contacts: the whole {pool} part"
            )
            components.append(
                Component(
                    result.id,
                    model.name,
                    part / WHOLE,
                    pool == "automated",
                    model.role,
                    _channels(model, served),
                    [why],
                )
            )
    human = [c for c in components if not c.automated]
    uncovered = [ch for ch in served if not any(ch in c.channels for c in human)]
    if human and uncovered:
        human[0].channels.extend(uncovered)
    measured = None
    if automation is not None:
        measured = (round(automation.low, 3), round(min(automation.high, 1.0), 3))
    return Blend(automated_total / WHOLE, round(contained, 3), components, reasons, None, measured)
