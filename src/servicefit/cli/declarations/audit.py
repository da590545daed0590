"""Declaration of the `audit` command: measure the answers from helpdesk exports."""

# No `from __future__ import annotations`: see cli/declarations/advice.py.

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from servicefit.cli.handler import guarded
from servicefit.cli.options import (  # the audit's reading options
    BusinessHoursOption,
    ChannelMapOption,
    ChannelOption,
    EncodingOption,
    HolidaysOption,
    IntentsOption,
    LabelsOption,
    MapOption,
    OutputOption,
    ReportFormatOption,
    RulesOption,
    SinceOption,
    SourceOption,
    SourceTimezoneOption,
    TimezoneOption,
    UntilOption,
    knowledge,
)
from servicefit.report.formats import ReportFormat


class Engine(StrEnum):
    auto = "auto"
    stream = "stream"
    duckdb = "duckdb"


@guarded
def audit(
    exports: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[detect|label|sql] EXPORT...",
            help="Helpdesk exports (CSV, JSON, JSON lines; gzip too). "
            "`audit detect EXPORT` shows the chosen format, mapping and a few parsed rows; "
            "`audit label EXPORT --labels FILE` asks you, one key a ticket, which are routine; "
            "`audit sql --source FORMAT --dialect D` writes the SQL that counts a warehouse "
            "table of that format for --aggregates.",
            show_default=False,
        ),
    ] = None,
    source: SourceOption = None,
    maps: MapOption = None,
    channel_map: ChannelMapOption = None,
    channel: ChannelOption = None,
    timezone: TimezoneOption = "UTC",
    source_timezone: SourceTimezoneOption = None,
    business_hours: BusinessHoursOption = None,
    holidays: HolidaysOption = None,
    encoding: EncodingOption = None,
    intents: IntentsOption = None,
    write_intents: Annotated[
        Path | None,
        typer.Option(
            "--write-intents",
            metavar="FILE",
            help="Write the phrases that recur where no rule matched as a starter intents file.",
        ),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    industry: Annotated[
        str | None,
        typer.Option("--industry", help="Add the routine intents of this industry's pack."),
    ] = None,
    sample: Annotated[
        int | None,
        typer.Option(
            "--sample", metavar="N", help="Classify text on a random sample of N tickets."
        ),
    ] = None,
    write_sample: Annotated[
        int | None,
        typer.Option(
            "--write-sample",
            metavar="N",
            help="Write N random tickets (redacted) to --sample-file for you to label routine "
            "yes/no; with `audit label`, how many to ask about (400).",
        ),
    ] = None,
    sample_file: Annotated[
        Path | None,
        typer.Option("--sample-file", metavar="FILE", help="Where --write-sample writes (CSV)."),
    ] = None,
    labels: LabelsOption = None,
    aggregates: Annotated[
        Path | None,
        typer.Option(
            "--aggregates",
            metavar="FILE",
            help="Counts per channel, local date and hour computed elsewhere "
            "(`servicefit audit sql`), instead of or besides exports.",
        ),
    ] = None,
    text_sample: Annotated[
        Path | None,
        typer.Option(
            "--text-sample",
            metavar="FILE",
            help="Ticket text (CSV: id, text) for the routine share.",
        ),
    ] = None,
    explain: Annotated[
        str | None,
        typer.Option("--explain", metavar="ID", help="Why one ticket is or is not routine."),
    ] = None,
    answers_out: Annotated[
        Path | None,
        typer.Option("--answers-out", metavar="FILE", help="Write the measured answers to FILE."),
    ] = None,
    dialect: Annotated[
        str | None,
        typer.Option(
            "--dialect",
            help="With `audit sql`: the warehouse's SQL dialect (duckdb, postgres, snowflake, "
            "bigquery, spark, databricks, redshift, trino).",
        ),
    ] = None,
    table: Annotated[
        str,
        typer.Option("--table", help="With `audit sql`: the table that holds the tickets."),
    ] = "tickets",
    engine: Annotated[
        Engine,
        typer.Option(
            "--engine",
            help="What counts the rows: stream (Python, always there), duckdb (pip install "
            "'servicefit[fast]'; CSV in UTF-8, else it streams and says why), auto (duckdb when "
            "installed and the exports hold over 16 MiB, decompressed). The same JSON either way.",
        ),
    ] = Engine.auto,
    fmt: ReportFormatOption = ReportFormat.text,
    output: OutputOption = None,
    rules: RulesOption = None,
) -> int:
    """Measure answers from helpdesk ticket exports: channel mix, contacts a month, the week's
    arrivals, after-hours share, response times and the routine share.

    Nothing leaves the files you name: the report goes to standard output (or --output), the
    answers to --answers-out, and examples of ticket text are redacted.
    """
    from servicefit.cli.commands.audit import run
    from servicefit.flows.audit import AuditRequest

    given = exports or []
    verb = given[0] if given and given[0] in ("detect", "label", "sql") else None
    request = AuditRequest(
        exports=tuple(Path(p) for p in (given[1:] if verb else given)),
        source=source,
        maps=tuple(maps or ()),
        channel_map=tuple(channel_map or ()),
        channel=channel,
        timezone=timezone,
        source_timezone=source_timezone,
        business_hours=business_hours,
        holidays=holidays,
        since=since,
        until=until,
        industry=industry,
        sample=sample,
        explain=explain,
        answers_out=answers_out,
        write_sample=write_sample,
        sample_file=sample_file,
        labels=labels,
        aggregates=aggregates,
        text_sample=text_sample,
        encoding=encoding,
        intents=intents,
        write_intents=write_intents,
        output=output,
        dialect=dialect,
        table=table,
        engine=engine.value,
    )
    return run(knowledge(rules), request, verb, fmt)
