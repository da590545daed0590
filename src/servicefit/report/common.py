"""Pieces shared by the human-readable renderers."""

from __future__ import annotations

from servicefit.advice.recommendation import Lead, Recommendation
from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.wording import percent, plural

BAR_WIDTH = 20
# The report's outline: every human-readable format (terminal, Markdown) has these sections.
TITLE = "servicefit recommendation"
MODELS = "Models, best first"
WHY = "Why the leaders lead"
STAFFING = "Channel staffing"
BLEND = "Recommended blend"
WARNINGS = "Warnings"
CHANGES = "What would change this"
NEXT_STEPS = "Next steps"
ROADMAP = "Roadmap"
NO_REASONS = "no rule speaks for or against it"
BLOCKS = " ▏▎▍▌▋▊▉█"


def md_cell(text: str) -> str:
    """Text for one line or table cell of Markdown: no column breaks, no line breaks."""
    return text.replace("|", "\\|").replace("\n", " ")


def bar(score: float, width: int = BAR_WIDTH) -> str:
    """A horizontal bar for a 0–100 score with eighth-block resolution."""
    eighths = round(max(0.0, min(100.0, score)) / 100 * width * 8)
    full, rest = divmod(eighths, 8)
    return "█" * full + (BLOCKS[rest] if rest else "")


def channel_names(channels: list[str], kb: KnowledgeBase) -> str:
    return ", ".join(kb.channel_label(c) for c in channels) or "—"


def lead_line(lead: Lead, kb: KnowledgeBase) -> str:
    """How clearly the first model leads, in one sentence: a tie, no clear fit, or the margin."""
    top, second = kb.models[lead.model].name, kb.models[lead.runner_up].name
    if lead.tied_with:
        others = " and ".join(kb.models[m].name for m in lead.tied_with)
        return (
            f"{top} is tied with {others} on points: a close call; {top} is listed first only "
            "because the catalogue of models lists it first."
        )
    margin = plural(round(lead.points_margin, 1), "rule point")
    if not lead.clear_fit:
        return (
            f"No model fits clearly: {top} comes first, {margin} ahead of {second}, on little "
            "evidence; answer more questions, or treat the ranking as a starting point."
        )
    label = "a close call" if lead.close_call else "a clear lead"
    return f"{top} leads {second} by {margin} ({plural(lead.margin, 'score point')}): {label}."


def staffing_line(rec: Recommendation, kb: KnowledgeBase) -> str:
    staffing = rec.staffing
    chosen = staffing.recommended
    if chosen is None:
        return f"Does not apply: {staffing.note}"
    other = next(s for s in kb.staffing if s != chosen)
    line = (
        f"{kb.staffing[chosen].name} ({staffing.scores[chosen]}) over "
        f"{kb.staffing[other].name} ({staffing.scores[other]})"
    )
    if staffing.note:
        return f"{line}: a tie, decided by the rule of thumb. {staffing.note}"
    return f"{line}: {'a close call' if staffing.close_call else 'a clear lead'}."


def blend_title(rec: Recommendation) -> str:
    return f"{percent(rec.blend.automated_share)} automated, {percent(1 - rec.blend.automated_share)} served by people"


def signed(points: float) -> str:
    value = int(points) if float(points).is_integer() else round(points, 1)
    return f"+{value}" if points > 0 else f"−{abs(value)}" if points < 0 else "0"


def answer_list(ids: list[str], rec: Recommendation, kb: KnowledgeBase) -> str:
    """'the industry: other; the team size: 5': each question by its name, never its id."""
    parts = []
    for qid in ids:
        question = kb.questions[qid]
        name = question.name or qid.replace("_", " ")
        parts.append(f"{name}: {question.format(rec.answers[qid])}")
    return "; ".join(parts)


def defaults_line(rec: Recommendation, kb: KnowledgeBase) -> str:
    return f"Defaults used (not in your answers): {answer_list(rec.defaulted, rec, kb)}"


def sizing_rows(rec: Recommendation) -> list[tuple[str, ...]]:
    """Rows of the staffing table: channel, target, agents, scheduled, service level, ASA, occupancy."""
    sizing = rec.staffing.sizing
    if not sizing:
        return []
    rows: list[tuple[str, ...]] = []
    for channel in sizing.channels:
        s = channel.sizing.to_dict()
        level = percent(s["service_level"]) if "service_level" in s else "within window"
        asa = f"{s['asa_seconds']:g} s" if s.get("asa_seconds") is not None else "—"
        rows.append(
            (
                channel.volume.channel,
                channel.volume.target_text(),
                f"{s['agents']:,}",
                f"{s['scheduled_agents']:,}",
                level,
                asa,
                percent(s["occupancy"]),
            )
        )
    if not rec.staffing.applicable:  # one channel: no pooling to compare
        return rows
    weekly = sizing.week is not None
    rows.append(
        (
            "dedicated (peak)" if weekly else "dedicated (sum)",
            "",
            f"{sizing.dedicated_agents:,}",
            f"{sizing.dedicated_scheduled:,}",
            "",
            "",
            "",
        )
    )
    sh = sizing.shared.to_dict()
    rows.append(
        (
            "shared (peak)" if weekly else "shared (pooled)",
            sh.get("target", ""),
            f"{sh['agents']:,}",
            f"{sh['scheduled_agents']:,}",
            percent(sh["service_level"]) if "service_level" in sh else "",
            f"{sh['asa_seconds']:g} s" if sh.get("asa_seconds") is not None else "",
            percent(sh["occupancy"]) if "occupancy" in sh else "",
        )
    )
    return rows


SIZING_HEADERS = ("channel", "target", "agents", "scheduled", "service level", "ASA", "occupancy")


def effect_line(rec: Recommendation) -> str | None:
    effect = rec.blend.effect
    if not effect:
        return None
    staffing = f"{effect.staffing} staffing" if rec.staffing.applicable else "the team"
    automated = percent(effect.automated_share)
    if effect.agent_hours_before is not None:  # over a week
        text = (
            f"With {automated} automated, {staffing} needs {effect.agent_hours_after or 0:,.0f} "
            f"agent-hours a week instead of {effect.agent_hours_before:,.0f} (at the peak "
            f"{plural(effect.agents_after, 'agent')} instead of {effect.agents_before:,})"
        )
    else:
        text = (
            f"With {automated} automated, {staffing} needs "
            f"{plural(effect.agents_after, 'agent')} instead of {effect.agents_before:,} "
            f"({effect.scheduled_after:,} scheduled instead of {effect.scheduled_before:,})"
        )
    cost = effect.cost
    if cost is not None:
        basis = (
            "the week's scheduled agent-hours"
            if effect.agent_hours_before is not None
            else f"the peak's scheduled agents through {cost.hours:,.0f} open hours a month, "
            "an upper bound"
        )
        text += (
            f"; at {money(cost.cost_per_hour, cost.currency, '{:,.2f}')} an hour for {basis}, "
            f"that is {money(cost.saving, cost.currency)} less a month "
            f"({money(cost.after, cost.currency)} instead of {money(cost.before, cost.currency)})"
        )
    return text + "."


def money(amount: float, currency: str | None, form: str = "{:,.0f}") -> str:
    """An amount with its ISO currency code in front ("EUR 1,234"); alone without one. A rate
    keeps its cents only when it has some ("EUR 28 an hour", "EUR 27.50")."""
    text = form.format(amount)
    if text.endswith(".00"):
        text = text[:-3]
    return f"{currency} {text}" if currency else text


def assumptions_line(rec: Recommendation) -> str | None:
    sizing = rec.staffing.sizing
    if not sizing:
        return None
    a = sizing.assumptions
    shrinkage = "yours" if a.shrinkage_from_answers else "default, set shrinkage to your own"
    parts = [f"shrinkage {percent(a.shrinkage)} ({shrinkage})"]
    if a.max_occupancy is not None:
        parts.append(f"max occupancy {percent(a.max_occupancy)}")
    if rec.staffing.applicable:  # the penalty of switching channels prices shared agents
        source = "yours" if a.penalty_from_answers else "default, set switch_penalty to your own"
        parts.append(f"switch penalty {percent(a.switch_penalty)} on channel changes ({source})")
    parts.append(f"deferred occupancy {percent(a.deferred_occupancy)}")
    if a.opening is not None:
        parts.append(f"open {a.opening.text()}")
    basis = "over a typical week" if sizing.week is not None else "at the busiest interval"
    return f"Sized {basis}. Assumptions: " + ", ".join(parts) + "."


SUMMARY = "Summary"


def summary_lines(rec: Recommendation, kb: KnowledgeBase) -> list[tuple[str, str]]:
    """The report in a minute, as (label, sentence): the blend, the leading models, the
    channel staffing, and with volumes the agents and cost."""
    blend = listing([f"{kb.models[c.model].name} {percent(c.share)}" for c in rec.blend.components])
    leaders = listing([m.name for m in rec.models[:3]])
    out = [
        ("Blend", f"{blend_title(rec)}: {blend}."),
        ("Leading models", f"{leaders}. {lead_line(rec.lead, kb)}"),
        ("Channel staffing", staffing_line(rec, kb)),
    ]
    effect = effect_line(rec)
    if effect:
        out.append(("Agents and cost", effect))
    return out


def listing(items: list[str]) -> str:
    """Items joined with commas, or with semicolons when one holds a comma of its own
    ("In-depth, personalized; One-on-one contact")."""
    return ("; " if any("," in item for item in items) else ", ").join(items)


def sentence(text: str) -> str:
    """'with x, y would lead' → 'With x, y would lead.'"""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def roadmap_lines(rec: Recommendation) -> list[tuple[str, list[str], list[str]]]:
    """Each phase as (heading, steps, measures); the heading says what it waits for."""
    titles = {p.id: p.title for p in rec.roadmap}
    out = []
    for number, phase in enumerate(rec.roadmap, 1):
        after = ", ".join(titles[a] for a in phase.after)
        heading = f"Phase {number} · {phase.title}" + (f" (after: {after})" if after else "")
        out.append((heading, list(phase.steps), list(phase.measures)))
    return out
