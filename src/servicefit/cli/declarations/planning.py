"""Declarations of the planning commands: forecast (the coming weeks' contacts from exports)
and capacity (what a given team delivers over the week)."""

# No `from __future__ import annotations`: see cli/declarations/advice.py.

from pathlib import Path
from typing import Annotated

import typer

from servicefit.cli.handler import guarded
from servicefit.cli.options import (  # the audit's reading options
    ChannelMapOption,
    ChannelOption,
    EncodingOption,
    HolidaysOption,
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


@guarded
def forecast(
    exports: Annotated[
        list[str],
        typer.Argument(
            metavar="EXPORT...",
            help="Helpdesk exports (CSV, JSON, JSON lines; gzip too), read as `audit` reads them.",
            show_default=False,
        ),
    ],
    weeks: Annotated[
        int, typer.Option("--weeks", metavar="N", help="How many weeks to forecast (1-104).")
    ] = 13,
    answers_out: Annotated[
        Path | None,
        typer.Option(
            "--answers-out",
            metavar="FILE",
            help="Write the busiest forecast week as the weekly volumes `recommend` sizes.",
        ),
    ] = None,
    source: SourceOption = None,
    maps: MapOption = None,
    channel_map: ChannelMapOption = None,
    channel: ChannelOption = None,
    timezone: TimezoneOption = "UTC",
    source_timezone: SourceTimezoneOption = None,
    holidays: HolidaysOption = None,
    encoding: EncodingOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    fmt: ReportFormatOption = ReportFormat.text,
    output: OutputOption = None,
    rules: RulesOption = None,
) -> int:
    """Forecast weekly contacts per channel for the coming weeks from helpdesk exports, with a
    band, by the method that a backtest on your history finds most accurate.

    The exports are read as `servicefit audit` reads them (the same options). Complete weeks,
    Monday to Sunday in --timezone, make the history; days in --holidays count as the same
    weekday of the weeks around them. Methods: last week, the average of recent weeks, the
    same with a trend, Holt's trend, the same week last year and Holt-Winters (with two years
    of history); rules/forecast.yaml sets them.
    """
    from servicefit.cli.commands.forecast import run
    from servicefit.flows.audit import AuditRequest
    from servicefit.flows.forecast import ForecastRequest

    audit = AuditRequest(
        exports=tuple(Path(p) for p in exports),
        source=source,
        maps=tuple(maps or ()),
        channel_map=tuple(channel_map or ()),
        channel=channel,
        timezone=timezone,
        source_timezone=source_timezone,
        holidays=holidays,
        since=since,
        until=until,
        encoding=encoding,
        output=output,
    )
    request = ForecastRequest(audit=audit, weeks=weeks, answers_out=answers_out)
    return run(knowledge(rules), request, exports, fmt)


@guarded
def capacity(
    answers: Annotated[
        str,
        typer.Option(
            "--answers",
            "-a",
            metavar="FILE",
            help="Answers file with weekly `volumes` (YAML or JSON), or - for standard input.",
        ),
    ],
    agents: Annotated[
        list[str],
        typer.Option(
            "--agents",
            metavar="CHANNEL=N",
            help="Agents on duty on a channel while it is open (repeat for each channel), or "
            "all=N for one pooled team.",
        ),
    ],
    scale: Annotated[
        list[float] | None,
        typer.Option(
            "--scale",
            metavar="X",
            help="Also show demand times X, e.g. 0.8, 1.25 or 1.5 (repeatable).",
        ),
    ] = None,
    fmt: ReportFormatOption = ReportFormat.text,
    output: OutputOption = None,
    rules: RulesOption = None,
) -> int:
    """Show what a given team delivers over the week: service level, wait, abandonment,
    occupancy and email backlog in every interval, and the hours below target.

    The reverse of `recommend`'s sizing, with the same queueing math and the answers' weekly
    volumes: give the agents on duty per channel (--agents phone=8 --agents email=3) or one
    pooled team (--agents all=12), and --scale to see demand 0.8x, 1.25x or 1.5x side by side.
    """
    from servicefit.cli.commands.capacity import run
    from servicefit.flows.capacity import CapacityRequest

    request = CapacityRequest(answers=answers, agents=tuple(agents), scales=tuple(scale or ()))
    return run(knowledge(rules), request, fmt, output)
