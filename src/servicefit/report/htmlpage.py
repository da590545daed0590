"""The recommendation as one self-contained HTML page: opens offline from disk or as an
e-mail attachment, needs no script to read, prints to clean pages.

Built from a Jinja2 template with autoescape on: every text from answers, file names or a rule
set is escaped. Charts are static SVG from report/charts.py. Jinja2 and pygal are imported here
only, so no other output format pays for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from servicefit.advice.recommendation import Recommendation
from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.wording import percent
from servicefit.report.common import (
    SIZING_HEADERS,
    assumptions_line,
    channel_names,
    roadmap_lines,
    sentence,
    signed,
    sizing_rows,
    staffing_line,
    summary_lines,
)
from servicefit.report.heading import Heading
from servicefit.report.palette import palette
from servicefit.report.week import week_view

TEMPLATES = Path(__file__).parent / "templates"


def page(template: str, view: dict[str, Any], charts: dict[str, str] | None = None) -> str:
    """A template of templates/ filled with `view` (escaped) and `charts` (trusted SVG)."""
    from jinja2 import (
        Environment,
        FileSystemBytecodeCache,
        FileSystemLoader,
        StrictUndefined,
        select_autoescape,
    )
    from markupsafe import Markup

    from servicefit.knowledge.cache import private_cache

    # compiling the templates is half of a page's time: keep them compiled in the private
    # cache folder (Jinja checks each against its source and the Python version)
    compiled = private_cache("templates")
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        bytecode_cache=FileSystemBytecodeCache(str(compiled)) if compiled else None,
    )
    # pygal escapes every label it draws; the SVG itself is trusted markup
    drawn = {k: Markup(v) for k, v in (charts or {}).items()}
    return env.get_template(template).render(view=view, charts=drawn)


def render(rec: Recommendation, kb: KnowledgeBase, head: Heading) -> str:
    from servicefit.report import charts

    view = _view(rec, kb, head)
    order = [*kb.models, *kb.staffing]
    ranked = list(reversed(rec.models))  # drawn bottom up: the best on top
    drawn = {
        "scores": charts.bars(
            "scores",
            "Score of each model",
            [m.name for m in ranked],
            [m.score for m in ranked],
            "Score (0–100)",
            top=100,
            colours=palette([m.id for m in ranked], order),
        ),
        "blend": charts.stacked(
            "blend",
            "Share of contacts per model in the blend",
            [(kb.models[c.model].name, c.share * 100) for c in rec.blend.components],
            "Share of contacts (%)",
            palette([c.model for c in rec.blend.components], order),
        ),
    }
    sizing = rec.staffing.sizing
    if view["sizing"] and sizing is not None:
        options = list(reversed(list(kb.staffing)))
        weekly = sizing.week is not None
        drawn["staffing"] = charts.bars(
            "staffing",
            "Agent-hours a week per option" if weekly else "Agents at the busiest interval",
            [kb.staffing[o].name for o in options],
            [round(sizing.total(o), 1) for o in options],
            "Agent-hours a week" if weekly else "Agents",
            colours=palette(options, order),
        )
    return page("report.html.j2", view, drawn)


def _view(rec: Recommendation, kb: KnowledgeBase, head: Heading) -> dict[str, Any]:
    models = [
        {
            "rank": m.rank,
            "name": kb.models[m.id].name,
            "score": m.score,
            "reasons": [(signed(r.points), r.because) for r in m.reasons],
        }
        for m in rec.models
    ]
    blend = [
        {
            "name": kb.models[c.model].name,
            "share": c.share,
            "share_text": percent(c.share),
            "served_by": "automation" if c.automated else "people",
            "role": c.role,
            "channels": channel_names(list(c.channels), kb),
        }
        for c in rec.blend.components
    ]
    return {
        "title": head.title,
        "input": head.meta(),
        "summary": summary_lines(rec, kb),
        "models": models,
        "blend": blend,
        "blend_reasons": list(rec.blend.reasons),
        "staffing": {
            "line": staffing_line(rec, kb),
            "reasons": [
                (signed(r.points), f"{kb.staffing[r.target].name}: {r.because}")
                for r in rec.staffing.reasons
            ]
            if rec.staffing.applicable  # otherwise its points decide nothing
            else [],
        },
        "sizing": _sizing(rec, kb),
        "week": _week(rec),
        "warnings": [w.message for w in rec.warnings],
        "changes": [sentence(c.effect) for c in rec.what_would_change or []],
        "roadmap": [
            {"heading": heading, "steps": steps, "measures": measures}
            for heading, steps, measures in roadmap_lines(rec)
        ],
        "version": rec.generator_version,
    }


def _sizing(rec: Recommendation, kb: KnowledgeBase) -> dict[str, Any] | None:
    sizing = rec.staffing.sizing
    if sizing is None:
        return None
    weekly = sizing.week is not None
    options = [
        {"name": kb.staffing[o].name, "total": round(sizing.total(o), 1)} for o in kb.staffing
    ]
    return {
        "unit_title": "Agent-hours a week per option"
        if weekly
        else "Agents at the busiest interval",
        "options": options,
        "headers": SIZING_HEADERS,
        "rows": sizing_rows(rec),
        "assumptions": assumptions_line(rec),
        "glossary": kb.workforce.texts["glossary"],
        "notes": list(rec.staffing.notes),
    }


def _week(rec: Recommendation) -> dict[str, Any] | None:
    """The week view of the text report (report/week.py) as a heatmap's cells."""
    view = week_view(rec)
    if view is None:
        return None
    scale = view.peak or 1
    days = [
        {
            "name": row.day,
            "hours": [{"agents": a, "level": round(a / scale, 2)} for a in row.hourly],
        }
        for row in view.days
    ]
    return {"option": view.option, "days": days, "peak": view.peak}
