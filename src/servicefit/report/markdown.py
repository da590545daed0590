"""The report as Markdown, for pull requests, wikis and tickets."""

from __future__ import annotations

from servicefit.advice.recommendation import Recommendation
from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.wording import percent
from servicefit.report.common import (
    BLEND,
    CHANGES,
    MODELS,
    NEXT_STEPS,
    NO_REASONS,
    ROADMAP,
    SIZING_HEADERS,
    STAFFING,
    SUMMARY,
    WARNINGS,
    WHY,
    assumptions_line,
    bar,
    blend_title,
    channel_names,
    defaults_line,
    lead_line,
    md_cell,
    roadmap_lines,
    sentence,
    signed,
    sizing_rows,
    staffing_line,
    summary_lines,
)
from servicefit.report.formats import md_text
from servicefit.report.heading import Heading
from servicefit.report.week import markdown_lines as week_markdown
from servicefit.report.week import title as week_title
from servicefit.report.week import week_view


def render(rec: Recommendation, kb: KnowledgeBase, head: Heading) -> str:
    lines = [f"# {md_text(head.title)}", "", f"_{md_text(head.meta())}_", "", f"## {SUMMARY}", ""]
    lines += [f"- **{label}.** {md_cell(line)}" for label, line in summary_lines(rec, kb)]
    lines += [
        "",
        f"## {MODELS}",
        "",
        "| # | Model | Score | |",
        "|--:|---|--:|---|",
    ]
    lines += [f"| {m.rank} | {m.name} | {m.score} | `{bar(m.score)}` |" for m in rec.models]
    lines += ["", f"_{lead_line(rec.lead, kb)}_", "", f"## {WHY}", ""]
    for m in rec.models[: kb.report.leading_models]:
        lines.append(f"**{m.name}** ({m.score})")
        lines.append("")
        lines += [f"- {signed(r.points)} {r.because} (`{r.rule}`)" for r in m.reasons] or [
            f"- {NO_REASONS}"
        ]
        lines.append("")
    lines += [f"## {STAFFING}", "", f"**{staffing_line(rec, kb)}**"]
    if rec.staffing.applicable and rec.staffing.reasons:  # otherwise its points decide nothing
        lines.append("")
        lines += [
            f"- {signed(r.points)} {kb.staffing[r.target].name}: {r.because} (`{r.rule}`)"
            for r in rec.staffing.reasons
        ]
    rows = sizing_rows(rec)
    if rows:
        lines += ["", "| " + " | ".join(SIZING_HEADERS) + " |", "|---|---|--:|--:|--:|--:|--:|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        view = week_view(rec)
        if view is not None:
            lines += ["", f"**{week_title(view)}**", "", *week_markdown(view)]
            lines += [f"- {extra}" for extra in (view.other, view.after) if extra]
        if rec.staffing.notes:
            lines += ["", *(f"- {note}" for note in rec.staffing.notes)]
        lines += ["", f"_{assumptions_line(rec)}_", "", f"_{kb.workforce.texts['glossary']}_"]
    else:
        lines += ["", f"_{kb.workforce.texts['without_volumes']}_"]
    lines += [
        "",
        f"## {BLEND}: {blend_title(rec)}",
        "",
        "| Share | Model | Role | Served by | Channels |",
        "|--:|---|---|---|---|",
    ]
    for c in rec.blend.components:
        lines.append(
            f"| {percent(c.share)} | {c.name} | {md_cell(c.role)} | {'automation' if c.automated else 'people'} "
            f"| {channel_names(c.channels, kb)} |"
        )
    lines.append("")
    lines += [f"- {md_cell(r)}" for r in rec.blend.reasons]
    if rec.warnings:
        lines += ["", f"## {WARNINGS}", ""] + [f"- **{w.code}**: {w.message}" for w in rec.warnings]
    changes = rec.what_would_change
    if changes:
        lines += ["", f"## {CHANGES}", ""]
        lines += [f"- {sentence(c.effect)}" for c in changes]
    if rec.next_steps:  # the roadmap carries the rest
        lines += ["", f"## {NEXT_STEPS}", ""]
        lines += [f"{i}. {s}" for i, s in enumerate(rec.next_steps, 1)]
    if rec.roadmap:
        lines += ["", f"## {ROADMAP}"]
        for heading, steps, measures in roadmap_lines(rec):
            lines += ["", f"### {heading}", ""] + [f"- {s}" for s in steps]
            lines += [f"- _Measure:_ {m}" for m in measures]
    if rec.defaulted:
        lines += [
            "",
            f"_{defaults_line(rec, kb)}_",
        ]
    return "\n".join(lines) + "\n"
