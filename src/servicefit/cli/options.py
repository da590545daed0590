"""Options several commands share, and loading the rule set a command names."""

# No `from __future__ import annotations`: see cli/declarations/advice.py.

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from servicefit.report.formats import Format, ReportFormat

if TYPE_CHECKING:  # the commands that need the knowledge base load it, not `--help`
    from servicefit.knowledge.base import KnowledgeBase

FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]
ReportFormatOption = Annotated[
    ReportFormat,
    typer.Option(
        "--format",
        "-f",
        help="Output format; html is one self-contained page to hand on.",
        case_sensitive=False,
    ),
]
RulesOption = Annotated[
    str | None,
    typer.Option(
        "--rules",
        metavar="PATH",
        help="A custom rule set: a rules folder, or a YAML file or folder with extends/disable/rules.",
    ),
]


def _output(text: str) -> Path | None:
    """--output FILE; - is standard output; an empty name is a mistake, not the current folder."""
    if text == "-":
        return None
    if not text.strip():
        raise typer.BadParameter("an empty name is not a file; give a file name, or - for stdout.")
    return Path(text)


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        parser=_output,
        help="Write to this file (a regular file is replaced atomically; a device or pipe is "
        "written through; - is standard output) instead of standard output.",
    ),
]


def knowledge(rules: str | None = None) -> "KnowledgeBase":
    from servicefit.cli.output import diagnostic
    from servicefit.knowledge.cache import notices
    from servicefit.knowledge.rulesets import load_rule_set

    kb = load_rule_set(rules)
    for notice in notices():
        diagnostic(f"servicefit: warning: {notice}")
    return kb


SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="QUESTION=VALUE",
        help="Override one answer (repeatable; lists as tools=crm,chatbot), checked like a file's.",
    ),
]
