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
    SIZING_HEADERS,
    STAFFING,
    TITLE,
    WARNINGS,
    WHY,
    assumptions_line,
    bar,
    blend_title,
    channel_names,
    defaults_line,
    effect_line,
    lead_line,
    sentence,
    signed,
    sizing_rows,
    staffing_line,
)

SEGMENT_STYLES = (
    "cyan",
    "green",
    "magenta",
    "yellow",
    "blue",
    "red",
    "bright_cyan",
    "bright_green",
)


def _heading(title: str) -> Text:
    return Text(title, style="bold underline")


def _models(rec: Recommendation) -> Table:
    table = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
    table.add_column("#", justify="right")
    table.add_column("Model")
    table.add_column("Score", justify="right")
    table.add_column("", no_wrap=True)
    for m in rec.models:
        style = "bold green" if m.rank == 1 else ""
        table.add_row(
            Text(str(m.rank)),
            Text(m.name, style=style),
            Text(str(m.score)),
            Text(bar(m.score), style="green" if m.rank == 1 else "dim"),
        )
    return table


def _reasons(reasons: Sequence[Reason], limit: int) -> Table:
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(justify="right", no_wrap=True)
    table.add_column()
    for r in reasons[:limit]:
        table.add_row(
            Text(signed(r.points), style="green" if r.points > 0 else "red"), Text(r.because)
        )
    if len(reasons) > limit:
        table.add_row(
            "",
            Text(
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
        table.add_row(Text(marker, style=style), Text(text))
    return table


def _blend_bar(rec: Recommendation, width: int = 60) -> Text:
    text = Text()
    for i, c in enumerate(rec.blend.components):
        cells = max(1, round(c.share * width))
        text.append("█" * cells, style=SEGMENT_STYLES[i % len(SEGMENT_STYLES)])
    return text


def _blend(rec: Recommendation, kb: KnowledgeBase) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("", no_wrap=True)
    table.add_column("Share", justify="right")
    table.add_column("Model")
    table.add_column("Role")
    table.add_column("Served by")
    table.add_column("Channels")
    for i, c in enumerate(rec.blend.components):
        table.add_row(
            Text("██", style=SEGMENT_STYLES[i % len(SEGMENT_STYLES)]),
            Text(percent(c.share)),
            Text(c.name),
            Text(c.role),
            Text("automation" if c.automated else "people"),
            Text(channel_names(c.channels, kb)),
        )
    return table


def _sizing(rec: Recommendation, kb: KnowledgeBase, out: Callable[..., None]) -> None:
    rows = sizing_rows(rec)
    if not rows:
        out(Padding(Text(kb.workforce.texts["without_volumes"], style="dim"), (0, 0, 0, 2)))
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    for i, header in enumerate(SIZING_HEADERS):
        table.add_column(header, justify="left" if i < 2 else "right")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    out(Padding(table, (0, 0, 0, 2)))
    out(Padding(Text(assumptions_line(rec) or "", style="dim"), (0, 0, 0, 2)))


def render(rec: Recommendation, kb: KnowledgeBase, console: Console) -> None:
    settings = kb.report
    out = console.print
    out(Text(f"{TITLE} · {rec.input}", style="bold"))
    out()
    out(_heading(MODELS))
    out(_models(rec))
    out(Text(lead_line(rec), style="italic"))
    out()
    out(_heading(WHY))
    for m in rec.models[: settings.leading_models]:
        out(Text(f"{m.name} · {m.score}", style="bold"))
        if m.reasons:
            out(Padding(_reasons(m.reasons, settings.reasons_per_model), (0, 0, 0, 2)))
        else:
            out(Padding(Text(NO_REASONS, style="dim"), (0, 0, 0, 2)))
    out()
    out(_heading(STAFFING))
    out(Text(staffing_line(rec, kb), style="bold"))
    out(Padding(_reasons(rec.staffing.reasons, settings.reasons_per_model + 1), (0, 0, 0, 2)))
    _sizing(rec, kb, out)
    out()
    out(_heading(f"{BLEND} · {blend_title(rec)}"))
    out(_blend_bar(rec))
    out(_blend(rec, kb))
    out(Padding(_listing(("·", "dim", r) for r in rec.blend.reasons), (0, 0, 0, 2)))
    effect = effect_line(rec)
    if effect:
        out(Text(effect, style="bold"))
    if rec.warnings:
        out()
        out(_heading(WARNINGS))
        out(_listing(("!", "bold yellow", w.message) for w in rec.warnings))
    changes = rec.what_would_change
    if changes:
        out()
        out(_heading(CHANGES))
        out(_listing(("→", "bold cyan", sentence(c.effect)) for c in changes))
    out()
    out(_heading(NEXT_STEPS))
    out(_listing((f"{i}.", "bold", step) for i, step in enumerate(rec.next_steps, 1)))
    if rec.defaulted:
        out()
        out(
            Text(
                defaults_line(rec, kb),
                style="dim",
            )
        )
