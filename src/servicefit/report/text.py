"""The terminal report, drawn with rich. Honours NO_COLOR; plain when not on a terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from servicefit.advice.recommendation import Reason, Recommendation
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
    roadmap_lines,
    sentence,
    signed,
    sizing_rows,
    staffing_line,
    summary_lines,
)
from servicefit.report.console import safe_text
from servicefit.report.heading import Heading
from servicefit.report.palette import palette
from servicefit.report.week import text_lines as week_lines
from servicefit.report.week import title as week_title
from servicefit.report.week import week_view


def _colours(rec: Recommendation, kb: KnowledgeBase) -> list[str]:
    """Each blend part's model colour, as in the HTML charts (rich downgrades it for the
    terminal at hand)."""
    return palette([c.model for c in rec.blend.components], [*kb.models, *kb.staffing])


def _heading(title: str) -> Text:
    return safe_text(title, style="bold underline")


def _models(rec: Recommendation) -> Table:
    table = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
    table.add_column("#", justify="right")
    table.add_column("Model")
    table.add_column("Score", justify="right")
    table.add_column("", no_wrap=True)
    for m in rec.models:
        style = "bold green" if m.rank == 1 else ""
        table.add_row(
            safe_text(str(m.rank)),
            safe_text(m.name, style=style),
            safe_text(str(m.score)),
            safe_text(bar(m.score), style="green" if m.rank == 1 else "dim"),
        )
    return table


def _reasons(reasons: Sequence[Reason], limit: int) -> Table:
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(justify="right", no_wrap=True)
    table.add_column()
    for r in reasons[:limit]:
        table.add_row(
            safe_text(signed(r.points), style="green" if r.points > 0 else "red"),
            safe_text(r.because),
        )
    if len(reasons) > limit:
        table.add_row(
            "",
            safe_text(
                f"… {len(reasons) - limit} more in --format json or `servicefit explain`",
                style="dim",
            ),
        )
    return table


def _listing(items: Iterable[tuple[str, str, str]]) -> Table:
    """Marked items whose wrapped lines hang under the text, not under the marker."""
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(justify="right", no_wrap=True)
    table.add_column()
    for marker, style, text in items:
        table.add_row(safe_text(marker, style=style), safe_text(text))
    return table


def _blend_bar(rec: Recommendation, kb: KnowledgeBase, width: int = 60) -> Text:
    text = Text()
    for c, colour in zip(rec.blend.components, _colours(rec, kb), strict=True):
        cells = max(1, round(c.share * width))
        text.append("█" * cells, style=colour)
    return text


def _blend(rec: Recommendation, kb: KnowledgeBase) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("", no_wrap=True)
    table.add_column("Share", justify="right")
    table.add_column("Model")
    table.add_column("Role")
    table.add_column("Served by")
    table.add_column("Channels")
    for c, colour in zip(rec.blend.components, _colours(rec, kb), strict=True):
        table.add_row(
            safe_text("██", style=colour),
            safe_text(percent(c.share)),
            safe_text(c.name),
            safe_text(c.role),
            safe_text("automation" if c.automated else "people"),
            safe_text(channel_names(c.channels, kb)),
        )
    return table


def _sizing(rec: Recommendation, kb: KnowledgeBase, out: Callable[..., None]) -> None:
    rows = sizing_rows(rec)
    if not rows:
        out(Padding(safe_text(kb.workforce.texts["without_volumes"], style="dim"), (0, 0, 0, 2)))
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    for i, header in enumerate(SIZING_HEADERS):
        table.add_column(header, justify="left" if i < 2 else "right")
    for row in rows:
        table.add_row(*(safe_text(cell) for cell in row))
    out(Padding(table, (0, 0, 0, 2)))
    view = week_view(rec)
    if view is not None:
        out(Padding(safe_text(week_title(view), style="bold"), (0, 0, 0, 2)))
        for line in week_lines(view):
            out(Padding(safe_text(line), (0, 0, 0, 2)))
        for extra in (view.other, view.after):
            if extra:
                out(Padding(safe_text(extra), (0, 0, 0, 2)))
    if rec.staffing.notes:
        out(Padding(_listing(("·", "dim", n) for n in rec.staffing.notes), (0, 0, 0, 2)))
    out(Padding(safe_text(assumptions_line(rec) or "", style="dim"), (0, 0, 0, 2)))
    out(Padding(safe_text(kb.workforce.texts["glossary"], style="dim"), (0, 0, 0, 2)))


def render(rec: Recommendation, kb: KnowledgeBase, console: Console, head: Heading) -> None:
    settings = kb.report
    out = console.print
    out(safe_text(head.title, style="bold"))
    out(safe_text(head.meta(), style="dim"))
    out()
    out(_heading(SUMMARY))  # the report in a minute; the details follow
    for label, line in summary_lines(rec, kb):
        out(safe_text(f"{label}. {line}"))
    out()
    out(_heading(MODELS))
    out(_models(rec))
    out(safe_text(lead_line(rec.lead, kb), style="italic"))
    out()
    out(_heading(WHY))
    for m in rec.models[: settings.leading_models]:
        out(safe_text(f"{m.name} · {m.score}", style="bold"))
        if m.reasons:
            out(Padding(_reasons(m.reasons, settings.reasons_per_model), (0, 0, 0, 2)))
        else:
            out(Padding(safe_text(NO_REASONS, style="dim"), (0, 0, 0, 2)))
    out()
    out(_heading(STAFFING))
    out(safe_text(staffing_line(rec, kb), style="bold"))
    if rec.staffing.applicable:  # otherwise its points decide nothing
        out(Padding(_reasons(rec.staffing.reasons, settings.reasons_per_model + 1), (0, 0, 0, 2)))
    _sizing(rec, kb, out)
    out()
    out(_heading(f"{BLEND} · {blend_title(rec)}"))
    out(_blend_bar(rec, kb))
    out(_blend(rec, kb))
    out(Padding(_listing(("·", "dim", r) for r in rec.blend.reasons), (0, 0, 0, 2)))
    if rec.warnings:
        out()
        out(_heading(WARNINGS))
        out(_listing(("!", "bold yellow", w.message) for w in rec.warnings))
    changes = rec.what_would_change
    if changes:
        out()
        out(_heading(CHANGES))
        out(_listing(("→", "bold cyan", sentence(c.effect)) for c in changes))
    if rec.next_steps:  # the roadmap carries the rest
        out()
        out(_heading(NEXT_STEPS))
        out(_listing((f"{i}.", "bold", step) for i, step in enumerate(rec.next_steps, 1)))
    if rec.roadmap:
        out()
        out(_heading(ROADMAP))
        for heading, steps, measures in roadmap_lines(rec):
            out(safe_text(heading, style="bold"))
            out(_listing(("·", "", step) for step in steps))
            out(_listing(("✓", "green", f"Measure: {m}") for m in measures))
    if rec.defaulted:
        out()
        out(
            safe_text(
                defaults_line(rec, kb),
                style="dim",
            )
        )
