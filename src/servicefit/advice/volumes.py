"""What the volumes say beyond the agent counts: pooling in part, how the choice moves with the
switching penalty, and checks of the volumes against the other answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from servicefit.advice.recommendation import Notice
from servicefit.knowledge.base import FIELD_MONTHLY, FIELD_TEAM, KnowledgeBase
from servicefit.knowledge.wording import percent, plural
from servicefit.staffing.workload import DEDICATED, SHARED, Workload

if TYPE_CHECKING:
    from servicefit.staffing.sizing import WorkloadSizing

MONTHLY = "volume-vs-monthly-contacts"
TEAM = "volume-vs-team-size"
CLOSED = "contacts-while-closed"
LATE = "window-ends-while-closed"
CODES = (MONTHLY, TEAM, CLOSED, LATE)  # the warnings the volumes give


def _amount(value: float, unit: str) -> str:
    count = round(value)
    return plural(count, "agent") if unit == "agents" else f"{plural(count, 'agent-hour')} a week"


def sizing_notes(sizing: WorkloadSizing, kb: KnowledgeBase, chosen: str | None = None) -> list[str]:
    """When the option chosen is not the one that needs fewer agents, why the choice stands;
    pooling part of the channels where that beats both all-shared and all-dedicated; and the
    pooling saving at other switching penalties."""
    texts, pooling = kb.workforce.texts, kb.workforce.pooling
    notes = []
    if chosen is not None:
        other = SHARED if chosen == DEDICATED else DEDICATED
        fewer = sizing.total(chosen) - sizing.total(other)
        if sizing.total(chosen) > 0 and fewer / sizing.total(chosen) >= pooling.negligible_saving:
            notes.append(
                texts["outweighed"].format(
                    other=kb.staffing[other].name,
                    share=percent(fewer / sizing.total(chosen)),
                    amount=_amount(sizing.total(other), sizing.unit),
                    chosen=kb.staffing[chosen].name,
                )
            )
    best = min(sizing.total(SHARED), sizing.total(DEDICATED))
    partial = sizing.partial
    if partial is not None and best > 0:
        gain = (best - partial.total) / best
        if gain >= pooling.negligible_saving:
            label = kb.channel_label
            apart = [label(c) for c in partial.apart]
            notes.append(
                texts["partial"].format(
                    pooled=_and([label(c) for c in partial.pooled]),
                    apart=_and(apart),
                    apart_pronoun="its" if len(apart) == 1 else "their",
                    agents=_amount(partial.total, sizing.unit),
                    saving=percent(gain),
                )
            )
    if sizing.sensitivity:
        pools = sizing.pooling_saving >= pooling.negligible_saving
        clauses = [
            texts[
                "sensitivity_even"
                if percent(abs(s)) == percent(0.0)
                else "sensitivity_saves"
                if s >= 0
                else "sensitivity_costs"
            ].format(penalty=percent(p), saving=percent(abs(s)))
            for p, s in sizing.sensitivity
        ]
        flips = any((s >= pooling.negligible_saving) != pools for _, s in sizing.sensitivity)
        holds = "sensitivity_holds" if pools else "sensitivity_holds_apart"
        notes.append(
            texts["sensitivity_text"].format(
                clauses="; if ".join(clauses),
                verdict=texts["sensitivity_flips" if flips else holds],
            )
        )
    return notes


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def volume_warnings(
    workload: Workload,
    sizing: WorkloadSizing,
    values: Mapping[str, Any],
    given: set[str],
    option: str,
    kb: KnowledgeBase,
) -> list[Notice]:
    """The volumes against the monthly contacts and the team size the answers give (only where
    the answers give them), and contacts that arrive while a channel is closed."""
    sanity = kb.workforce.sanity
    texts = sanity.texts
    out: list[Notice] = []
    implied, basis = _monthly(workload, sizing, kb)
    monthly = values.get(FIELD_MONTHLY)
    if (
        FIELD_MONTHLY in given
        and monthly
        and implied
        and _far(implied, monthly, sanity.monthly_factor)
    ):
        out.append(
            Notice(
                MONTHLY,
                texts["monthly"].format(
                    implied=f"{implied:,.0f}", basis=basis, monthly=f"{monthly:,}"
                ),
            )
        )
    team = values.get(FIELD_TEAM)
    needed, team_basis = _people(sizing, option, kb)
    if FIELD_TEAM in given and team and needed and _far(needed, team, sanity.team_factor):
        out.append(
            Notice(
                TEAM,
                texts["team"].format(needed=f"{needed:,.0f}", basis=team_basis, team=f"{team:,}"),
            )
        )
    week = sizing.week
    if week is not None:
        label = kb.channel_label
        for channel, closed in week.flows.closed.items():
            total = sum(week.flows.arrivals[channel])
            if closed >= 1 and total and closed / total >= sanity.closed_share:
                out.append(
                    Notice(
                        CLOSED,
                        texts["closed"].format(
                            count=f"{closed:,.0f}",
                            channel=label(channel),
                            share=percent(closed / total),
                        ),
                    )
                )
        targets = {c.channel: c.target for c in workload.channels}
        for channel, late in week.flows.late.items():
            if late >= 1:
                out.append(
                    Notice(
                        LATE,
                        texts["late"].format(
                            count=f"{late:,.0f}", channel=label(channel), target=targets[channel]
                        ),
                    )
                )
    return out


def _far(a: float, b: float, factor: float) -> bool:
    return a > b * factor or a < b / factor


def _monthly(workload: Workload, sizing: WorkloadSizing, kb: KnowledgeBase) -> tuple[float, str]:
    from servicefit.staffing.sizing import WEEKS_PER_MONTH

    if sizing.week is not None:
        weekly = sum(sum(v) for v in sizing.week.flows.arrivals.values())
        return weekly * WEEKS_PER_MONTH, "a typical week times 52/12"
    sanity = kb.workforce.sanity
    total = 0.0
    for ch in workload.channels:
        hours = ch.hours or sizing.assumptions.opening
        if hours is None:
            return 0.0, ""
        open_seconds = hours.minutes_per_week * 60 * WEEKS_PER_MONTH
        rate = ch.open_rate(hours)
        if not ch.daily:  # the busiest interval, so an average one has fewer
            rate /= sanity.peak_to_average
        total += rate * open_seconds
    basis = (
        f"the busiest interval taken as {sanity.peak_to_average:g} times an average one, "
        "through every open hour"
    )
    return total, basis


def _people(sizing: WorkloadSizing, option: str, kb: KnowledgeBase) -> tuple[float, str]:
    """Full-time agents the volumes need, from scheduled agent-hours a week."""
    from servicefit.staffing.erlang import schedule

    sanity = kb.workforce.sanity
    shrinkage = sizing.assumptions.shrinkage
    week = sizing.week
    if week is not None:
        series = week.series(option)
        hours = week.agent_hours([schedule(a, shrinkage) for a in series])
        return hours / sanity.hours_per_agent_week, f"{hours:,.0f} scheduled agent-hours a week"
    opening = sizing.assumptions.opening
    if opening is None:
        return 0.0, ""
    open_hours = opening.minutes_per_week / 60
    peak = sizing.scheduled(option)
    hours = peak / sanity.peak_to_average * open_hours
    return (
        hours / sanity.hours_per_agent_week,
        f"{peak:,} scheduled at the peak, about {hours:,.0f} agent-hours a week",
    )
