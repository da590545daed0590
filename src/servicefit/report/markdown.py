"""The report as Markdown, for pull requests, wikis and tickets."""

from __future__ import annotations

from servicefit.advice.recommendation import Recommendation
from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.wording import percent
from servicefit.report.common import (
    SIZING_HEADERS,
    answer_list,
    assumptions_line,
    bar,
    blend_title,
    channel_names,
    effect_line,
    lead_line,
    sentence,
    signed,
    sizing_rows,
    staffing_line,
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(rec: Recommendation, kb: KnowledgeBase) -> str:
    lines = [
        f"# servicefit recommendation: `{rec.input}`",
        "",
        "## Models, best first",
        "",
        "| # | Model | Score | |",
        "|--:|---|--:|---|",
    ]
    lines += [f"| {m.rank} | {m.name} | {m.score} | `{bar(m.score)}` |" for m in rec.models]
    lines += ["", f"_{lead_line(rec)}_", "", "## Why the leaders lead", ""]
    for m in rec.models[: kb.report.leading_models]:
        lines.append(f"**{m.name}** ({m.score})")
        lines.append("")
        lines += [f"- {signed(r.points)} {r.because} (`{r.rule}`)" for r in m.reasons] or [
            "- no rule speaks for or against it"
        ]
        lines.append("")
    lines += ["## Channel staffing", "", f"**{staffing_line(rec, kb)}**", ""]
    lines += [
        f"- {signed(r.points)} {kb.staffing[r.target].name}: {r.because} (`{r.rule}`)"
        for r in rec.staffing.reasons
    ]
    rows = sizing_rows(rec)
    if rows:
        lines += ["", "| " + " | ".join(SIZING_HEADERS) + " |", "|---|---|--:|--:|--:|--:|--:|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        lines += ["", f"_{assumptions_line(rec)}_"]
    else:
        lines += ["", f"_{kb.workforce.texts['without_volumes']}_"]
    lines += [
        "",
        f"## Recommended blend: {blend_title(rec)}",
        "",
        "| Share | Model | Role | Served by | Channels |",
        "|--:|---|---|---|---|",
    ]
    for c in rec.blend.components:
        lines.append(
            f"| {percent(c.share)} | {c.name} | {_cell(c.role)} | {'automation' if c.automated else 'people'} "
            f"| {channel_names(c.channels, kb)} |"
        )
    lines.append("")
    lines += [f"- {_cell(r)}" for r in rec.blend.reasons]
    effect = effect_line(rec)
    if effect:
        lines += ["", f"**{effect}**"]
    if rec.warnings:
        lines += ["", "## Warnings", ""] + [f"- **{w.code}**: {w.message}" for w in rec.warnings]
    changes = rec.extra.get("what_would_change")
    if changes:
        lines += ["", "## What would change this", ""]
        lines += [f"- {sentence(c['effect'])}" for c in changes]
    lines += ["", "## Next steps", ""] + [f"{i}. {s}" for i, s in enumerate(rec.next_steps, 1)]
    if rec.defaulted:
        lines += [
            "",
            f"_Defaults used (not in your answers): {answer_list(rec.defaulted, rec, kb)}_",
        ]
    return "\n".join(lines) + "\n"
