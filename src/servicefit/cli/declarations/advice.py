"""Declarations of the advice commands: recommend, explain, batch, diff."""

# No `from __future__ import annotations` here: typer reads each command's annotations at
# start-up, and as strings it must evaluate them one by one, which costs about 12 ms of every
# run. Python 3.11 evaluates these annotations natively. Each command imports what it runs only
# when it runs, so that `--help` and the other commands do not pay for it.

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
    SetOption,
    SourceOption,
    SourceTimezoneOption,
    TimezoneOption,
    knowledge,
)
from servicefit.errors import UsageError
from servicefit.report.formats import ReportFormat


@guarded
def recommend(
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers",
            "-a",
            metavar="FILE",
            help="Answers file (YAML or JSON), or - for standard input.",
        ),
    ] = None,
    fmt: ReportFormatOption = ReportFormat.text,
    output: OutputOption = None,
    rules: RulesOption = None,
    ask_missing: Annotated[
        bool,
        typer.Option(
            "--ask-missing", help="Ask, in the terminal, the questions --answers leaves out."
        ),
    ] = False,
    save_answers: Annotated[
        Path | None,
        typer.Option(
            "--save-answers",
            metavar="FILE",
            dir_okay=False,
            help="Save the interview's answers to FILE without asking.",
        ),
    ] = None,
    resume: Annotated[
        str | None,
        typer.Option(
            "--resume",
            metavar="[FILE]",
            help="Continue an interrupted interview (from FILE, or the default place).",
        ),
    ] = None,
    audit: Annotated[
        list[Path] | None,
        typer.Option(
            "--audit",
            metavar="EXPORT",
            help="Measure answers from a helpdesk export first (see `servicefit audit`); "
            "--answers, if given, overrides what it measures.",
        ),
    ] = None,
    sets: SetOption = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            metavar="TEXT",
            help="The report's title (text, Markdown, html; default: the answers file's name).",
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
    labels: LabelsOption = None,
    encoding: EncodingOption = None,
    intents: IntentsOption = None,
) -> int:
    """Recommend customer-service models, channel staffing and a blend for one business.

    Without --answers, on a terminal, it interviews you first. With --audit, the export is read
    as `servicefit audit` reads it: --source, --map, --channel, --channel-map, --timezone,
    --source-timezone, --business-hours, --holidays, --labels, --encoding and --intents apply
    to it.
    """
    from servicefit.cli.commands.recommend import run

    kb = knowledge(rules)
    head = None
    if fmt is not ReportFormat.json:  # the JSON carries no date: it stays byte-identical
        from servicefit.cli.heading import heading

        head = heading(title, answers, rules)
    reading = {
        "--source": source,
        "--map": maps,
        "--channel-map": channel_map,
        "--channel": channel,
        "--timezone": None if timezone == "UTC" else timezone,
        "--source-timezone": source_timezone,
        "--business-hours": business_hours,
        "--holidays": holidays,
        "--labels": labels,
        "--encoding": encoding,
        "--intents": intents,
    }
    if audit:
        from servicefit.cli.commands.recommend import run_audited
        from servicefit.flows.audit import AuditRequest

        request = AuditRequest(
            exports=tuple(audit),
            source=source,
            maps=tuple(maps or ()),
            channel_map=tuple(channel_map or ()),
            channel=channel,
            timezone=timezone,
            source_timezone=source_timezone,
            business_hours=business_hours,
            holidays=holidays,
            labels=labels,
            encoding=encoding,
            intents=intents,
            output=output,
        )
        return run_audited(kb, request, answers, fmt, output, sets or [], head)
    given = [flag for flag, value in reading.items() if value]
    if given:
        raise UsageError(
            f"{given[0]} reads a helpdesk export, and no --audit EXPORT was given.",
            hint="recommend --audit EXPORT " + given[0] + " …",
        )
    return run(kb, answers, fmt, output, ask_missing, save_answers, resume, sets or [], head)


@guarded
def explain(
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers", "-a", metavar="FILE", help="Answers file (YAML or JSON), or - for stdin."
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model", "-m", help="Only the rules that touch this model or staffing option."
        ),
    ] = None,
    fmt: ReportFormatOption = ReportFormat.text,
    output: OutputOption = None,
    rules: RulesOption = None,
    sets: SetOption = None,
) -> int:
    """Trace every rule against the answers, and show the smallest changes that alter the advice."""
    from servicefit.cli.commands.explain import run
    from servicefit.flows.explain import ExplainRequest

    request = ExplainRequest(answers=answers, sets=tuple(sets or ()), model=model)
    return run(knowledge(rules), request, fmt, output)


@guarded
def batch(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Answer files, folders (searched for *.yaml, *.yml, *.json), or - for standard input.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="jsonl (default), json, csv, table, or html (one page)."
        ),
    ] = "jsonl",
    output: OutputOption = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", help="Worker processes (default: the number of CPUs)."),
    ] = None,
    fail_fast: Annotated[
        bool, typer.Option("--fail-fast", help="Stop at the first input that fails.")
    ] = False,
    rules: RulesOption = None,
    sets: SetOption = None,
) -> int:
    """Recommend for many answer files; one record per input, in input order."""
    from servicefit.cli.commands.batch import run
    from servicefit.report.batch import BatchFormat

    try:
        chosen = BatchFormat(fmt.lower())
    except ValueError:
        raise UsageError(
            f"--format {fmt!r} is not a batch format.", hint="Use jsonl, json, csv, table or html."
        ) from None
    from servicefit.flows.batch import BatchRequest

    request = BatchRequest(
        inputs=tuple(paths or ()), jobs=jobs, rules=rules, sets=tuple(sets or ())
    )
    return run(knowledge(rules), request, chosen, output, fail_fast)


@guarded
def diff(
    first: Annotated[
        str | None,
        typer.Argument(
            help="A result (recommend or batch JSON) or an answers file.", show_default=False
        ),
    ] = None,
    second: Annotated[
        str | None,
        typer.Argument(help="The result or answers file to compare it with.", show_default=False),
    ] = None,
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers",
            "-a",
            metavar="FILE",
            help="With --set: compare these answers (the baseline) with the overrides on top.",
        ),
    ] = None,
    sets: SetOption = None,
    fmt: ReportFormatOption = ReportFormat.text,
    output: OutputOption = None,
    rules: RulesOption = None,
) -> int:
    """Compare two recommendations; exit 1 when the top model or the staffing choice changed.

    Give two files, or a baseline and a scenario: --answers FILE --set QUESTION=VALUE.
    """
    from servicefit.cli.commands.diff import run
    from servicefit.flows.diff import DiffRequest

    if answers is not None or sets:
        if first is not None or second is not None:
            raise UsageError(
                "give two files, or --answers with --set; not both.",
                hint="servicefit diff --answers now.yaml --set integration=full",
            )
        if answers is None or not sets:
            raise UsageError("a scenario needs --answers FILE and at least one --set.")
        return run(knowledge(rules), DiffRequest(first=answers, sets=tuple(sets)), fmt, output)
    if first is None or second is None:
        raise UsageError(
            "give two files to compare, or --answers FILE --set QUESTION=VALUE.",
            hint="servicefit diff before.json after.json",
        )
    return run(knowledge(rules), DiffRequest(first=first, second=second), fmt, output)
