"""Declaration of the `staffing` command: one queue, sized."""

# No `from __future__ import annotations` here: typer reads each command's annotations at
# start-up, and as strings it must evaluate them one by one, which costs about 12 ms of every
# run. Python 3.11 evaluates these annotations natively. Each command imports what it runs only
# when it runs, so that `--help` and the other commands do not pay for it.

from typing import Annotated

import typer

from servicefit.cli.handler import guarded
from servicefit.cli.options import FormatOption, OutputOption, knowledge
from servicefit.report.formats import Format


@guarded
def staffing(
    contacts: Annotated[float, typer.Option("--contacts", help="Contacts per period.")],
    per: Annotated[
        str,
        typer.Option(
            "--per", help="The period: 15m, 30m, 1h or 1d (any number with m, h or d works)."
        ),
    ],
    aht: Annotated[float, typer.Option("--aht", help="Average handle time in seconds.")],
    target: Annotated[
        str | None,
        typer.Option(
            "--target", help="80/20 (80% answered within 20 s), or 24h (response window)."
        ),
    ] = None,
    shrinkage: Annotated[
        float | None,
        typer.Option(
            "--shrinkage",
            help="Share of paid time not on contacts, e.g. 0.3 (default: rules/workforce.yaml's, "
            "30%).",
        ),
    ] = None,
    max_occupancy: Annotated[
        float | None, typer.Option("--max-occupancy", help="Cap on agent occupancy, e.g. 0.85.")
    ] = None,
    patience: Annotated[
        float | None,
        typer.Option("--patience", help="Mean seconds callers wait before hanging up (Erlang A)."),
    ] = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", help="Chats an agent handles at once.")
    ] = 1,
    abandon: Annotated[
        str | None,
        typer.Option(
            "--abandon", help="At most this share of callers hang up, e.g. 5% (needs --patience)."
        ),
    ] = None,
    business_hours: Annotated[
        str | None,
        typer.Option(
            "--business-hours",
            help='Opening hours a count per day (--per 1d) is worked in, e.g. "Mon-Fri 09:00-17:00".',
        ),
    ] = None,
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
) -> int:
    """Size one queue with Erlang C (or Erlang A with --patience) and show agents around the answer.

    A count for one interval (--per 30m) is sized as that interval. A count per day (--per 1d)
    arrives and is worked within the opening hours: --business-hours, by default Mon-Fri
    09:00-17:00. Give a service level (--target 80/20), a response window (--target 24h), or
    with --patience an abandonment target (--abandon 5%), or both of the last two.
    """
    from servicefit.cli.commands.staffing import run
    from servicefit.flows.staffing import StaffingRequest

    request = StaffingRequest(
        contacts=contacts,
        per=per,
        aht=aht,
        target=target,
        shrinkage=shrinkage,
        max_occupancy=max_occupancy,
        patience=patience,
        concurrency=concurrency,
        abandon=abandon,
        business_hours=business_hours,
    )
    return run(knowledge(), request, fmt, output)
