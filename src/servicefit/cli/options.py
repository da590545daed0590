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


# How to read a helpdesk export: the options `audit` and `recommend --audit` share, declared
# once so that both commands read an export the same way (here, not in a module of their own,
# which would cost every command's start-up an import).
SourceOption = Annotated[
    str | None, typer.Option("--source", help="Force a format (see `audit detect`).")
]
MapOption = Annotated[
    list[str] | None,
    typer.Option(
        "--map",
        metavar="FIELD=COLUMN",
        help="Where a field lives: channel, created (one column, or DATE,TIME), text (several, "
        "comma-separated), id, status, tags, first_reply, resolution; "
        '"created=COL:%d/%m/%Y %H:%M" adds a format.',
    ),
]
ChannelMapOption = Annotated[
    list[str] | None,
    typer.Option(
        "--channel-map",
        metavar="VALUE=CHANNEL",
        help='Map an export\'s channel value, e.g. "Feedback Widget=email" (or =skip).',
    ),
]
ChannelOption = Annotated[
    str | None,
    typer.Option("--channel", help="One channel for every row (an export without one)."),
]
TimezoneOption = Annotated[
    str, typer.Option("--timezone", help="Analyse in this time zone, e.g. Europe/Berlin.")
]
SourceTimezoneOption = Annotated[
    str | None,
    typer.Option("--source-timezone", help="The zone of export times written without one."),
]
BusinessHoursOption = Annotated[
    str | None,
    typer.Option(
        "--business-hours",
        help='Opening hours, e.g. "Mon-Fri 09:00-17:00, Sat 10:00-14:00" (default: '
        "business hours of rules/workforce.yaml).",
    ),
]
HolidaysOption = Annotated[
    Path | None,
    typer.Option("--holidays", metavar="FILE", help="Closed days, one YYYY-MM-DD a line."),
]
EncodingOption = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        help="The exports' text encoding, e.g. cp1252 (default: UTF-8, or UTF-16/32 with a "
        "byte-order mark).",
    ),
]
IntentsOption = Annotated[
    Path | None,
    typer.Option(
        "--intents",
        metavar="FILE",
        help="More routine intents (as --write-intents writes them, edited): added to the rules.",
    ),
]
LabelsOption = Annotated[
    Path | None,
    typer.Option(
        "--labels",
        metavar="FILE",
        help="Your labels (from `audit label`, or the sample CSV with routine filled in): the "
        "routine share from them; with `audit label`, the file it writes and goes on with.",
    ),
]
SinceOption = Annotated[
    str | None, typer.Option("--since", metavar="YYYY-MM-DD", help="From this day on.")
]
UntilOption = Annotated[
    str | None, typer.Option("--until", metavar="YYYY-MM-DD", help="Up to this day, included.")
]
