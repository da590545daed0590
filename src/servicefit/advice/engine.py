"""The engine: answers + knowledge base → recommendation. Pure: no I/O, no terminal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from servicefit import __version__
from servicefit.advice.blend import build_blend, excluded, held_back
from servicefit.advice.channel_staffing import choose_staffing, size_answers
from servicefit.advice.recommendation import Lead, ModelResult, Notice, Recommendation
from servicefit.advice.roadmap import plan_roadmap
from servicefit.advice.scoring import fire_rules, rank_models, same
from servicefit.intake.answers import Answers
from servicefit.knowledge.base import (
    FACT_AUTOMATED,
    FACT_BLEND_MODELS,
    FACT_LEADER_IN_BLEND,
    FACT_LEADER_READY,
    FACT_STAFFING,
    FACT_TOP_MODEL,
    FIELD_CHANNELS,
    FIELD_COVERAGE,
    KnowledgeBase,
    Prerequisite,
)
from servicefit.knowledge.wording import fill
from servicefit.staffing.workload import DEDICATED

if TYPE_CHECKING:  # the recommend path imports no audit code
    from servicefit.audit.automation import AutomationPotential

IGNORED_ANSWER = "answer-ignored"
MISSING_PREREQUISITE = "missing-prerequisite"
UNSERVED_CHANNEL = "volume-for-unserved-channel"


def warning_codes(kb: KnowledgeBase) -> list[str]:
    """Every code a warning of `recommend` can carry: its own, the volumes' and the rules'."""
    from servicefit.advice.volumes import CODES

    return [IGNORED_ANSWER, MISSING_PREREQUISITE, UNSERVED_CHANNEL, *CODES] + [
        w.id for w in kb.warnings
    ]


def _missing(prerequisite: Prerequisite, values: Mapping[str, Any], never_asked: set[str]) -> bool:
    """A prerequisite the answers say is not in place (one that reads a question that was never
    asked is not: nobody said so)."""
    if prerequisite.requires.fields() & never_asked:
        return False
    return not prerequisite.requires.evaluate(values)


def judge_lead(models: list[ModelResult], kb: KnowledgeBase) -> Lead:
    """How clearly the first model leads: on rule points, not on the compressed scores."""
    top = models[0]
    runner_up = models[1] if len(models) > 1 else top
    points_margin = top.points - runner_up.points
    tied = tuple(m.id for m in models[1:] if same(m.points, top.points))
    return Lead(
        top.id,
        runner_up.id,
        top.score - runner_up.score,
        points_margin,
        bool(tied) or points_margin < kb.lead.close_call_points,
        tied,
        top.points >= kb.lead.clear_fit_points,
    )


def recommend(
    answers: Answers, kb: KnowledgeBase, automation: AutomationPotential | None = None
) -> Recommendation:
    """The recommendation for `answers`; with `automation` (a ticket audit's measured
    potential), the blend's automated share is the measured one."""
    values = answers.values
    sizing, pooling = size_answers(answers, kb)
    points, reasons = fire_rules(values, kb, sized=sizing is not None)
    models = rank_models(points, reasons, kb)
    if pooling is not None:
        points[pooling.target] += pooling.points
        reasons[pooling.target].append(pooling)
    staffing = choose_staffing(points, reasons, values, kb)
    staffing = staffing._replace(sizing=sizing)
    never_asked = set(answers.skipped)  # their questions did not apply: nobody "says" them
    missing = {
        m.id: [p for p in kb.models[m.id].prerequisites if _missing(p, values, never_asked)]
        for m in models
    }
    unready = frozenset(m for m, gaps in missing.items() if gaps)
    served = values.get(FIELD_CHANNELS, [])
    left_out = excluded(values, kb)
    eligible = [m for m in models if m.id not in left_out]
    held = held_back(eligible, kb, served, unready)  # left out of the blend for what they lack
    blend = build_blend(values, models, kb, automation, unready, held, left_out)
    if sizing is not None and answers.workload is not None:
        from servicefit.advice.volumes import sizing_notes, volume_warnings
        from servicefit.staffing.sizing import blend_effect

        option = staffing.recommended or DEDICATED  # one channel or none: what each needs alone
        effect = blend_effect(
            answers.workload,
            kb.workforce.sizing,
            sizing,
            blend.automated_share,
            option,
            kb.workforce.hours.get(values.get(FIELD_COVERAGE, "")),
        )
        blend = blend._replace(effect=effect)
        staffing = staffing._replace(notes=tuple(sizing_notes(sizing, kb, staffing.recommended)))
        volume_notices = volume_warnings(
            answers.workload, sizing, values, set(values) - set(answers.defaulted), option, kb
        )
    else:
        volume_notices = []
    facts = {
        **values,
        FACT_TOP_MODEL: models[0].id,
        FACT_STAFFING: staffing.recommended,
        FACT_AUTOMATED: round(blend.automated_share * 100),
        FACT_LEADER_IN_BLEND: any(c.model == models[0].id for c in blend.components),
        FACT_LEADER_READY: models[0].id not in unready,
        FACT_BLEND_MODELS: [c.model for c in blend.components],
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
    warnings += [
        Notice(
            UNSERVED_CHANNEL,
            f"You give volumes for {c.channel!r}, which is not among the channels you serve; "
            "it is sized all the same.",
        )
        for c in (answers.workload.channels if answers.workload else ())
        if c.channel not in served
    ]
    warnings += volume_notices
    involved = [models[0].id, *(c.model for c in blend.components), *held]
    seen: set[str] = set()
    for model_id in involved:
        for prerequisite in missing[model_id]:
            message = fill(prerequisite.message, values, kb.questions)
            if message not in seen:
                seen.add(message)
                warnings.append(Notice(MISSING_PREREQUISITE, message))
    warnings += [
        Notice(w.id, fill(w.text, facts, names)) for w in kb.warnings if w.when.evaluate(facts)
    ]
    roadmap = plan_roadmap(kb.roadmap, facts, names)
    planned = {phase.id for phase in roadmap}
    next_steps = [  # what the roadmap already plans is said once, there
        fill(s.text, facts, names)
        for s in kb.next_steps
        if s.when.evaluate(facts) and s.covered_by not in planned
    ]
    lead = judge_lead(models, kb)
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
        roadmap=roadmap,
        warnings=warnings,
        generator_version=__version__,
    )
