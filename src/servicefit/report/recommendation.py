"""A recommendation in the format asked for: JSON, Markdown, or the terminal report."""

from __future__ import annotations

from servicefit.advice.recommendation import Recommendation
from servicefit.knowledge.base import KnowledgeBase
from servicefit.report.formats import Format, Rendered, ReportFormat
from servicefit.report.heading import Heading


def render(
    rec: Recommendation,
    kb: KnowledgeBase,
    fmt: Format | ReportFormat,
    heading: Heading | None = None,
) -> Rendered:
    """`heading` heads the reports people read (not the JSON, which carries no date)."""
    head = heading or Heading(answers=rec.input)
    if fmt == ReportFormat.html:
        from servicefit.report.htmlpage import render as html

        return html(rec, kb, head)
    if fmt == Format.json:
        from servicefit.report.jsonout import dumps

        return dumps(rec.to_dict())
    if fmt == Format.markdown:
        from servicefit.report.markdown import render as markdown

        return markdown(rec, kb, head)
    from servicefit.report.text import render as draw

    return lambda console: draw(rec, kb, console, head)
