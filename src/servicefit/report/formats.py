"""Output formats, and what a renderer hands back to the command line.

A renderer returns either finished text (JSON, Markdown) or a drawing: a function that draws on
a rich console, so that the command line decides where it goes (a terminal in colour, or a file
in plain text).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from rich.console import Console


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


class ReportFormat(StrEnum):
    """The recommendation's formats: those of every command, and a page to hand on."""

    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


Drawing: TypeAlias = "Callable[[Console], None]"
Rendered: TypeAlias = "str | Drawing"


def by_format(
    fmt: ReportFormat,
    document: object,
    markdown: Callable[[], str],
    html: Callable[[], str],
    draw: Drawing,
) -> Rendered:
    """What a command with every report format renders: its JSON document, Markdown, a page
    or a drawing."""
    if fmt is ReportFormat.json:
        from servicefit.report.jsonout import dumps

        return dumps(document)
    if fmt is ReportFormat.markdown:
        return markdown()
    if fmt is ReportFormat.html:
        return html()
    return draw


def md_text(text: str) -> str:
    """Data (from an export, a file name) as Markdown text: no markup, no HTML."""
    out = text
    for ch in "\\`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out
