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
    contacts: Annotated[
        str, typer.Option("--contacts", metavar="N", help="Contacts per period, e.g. 1,200.")
    ],
    per: Annotated[
        str,
        typer.Option(
            "--per", help="The period: 15m, 30m, 1h or 1d (any number with m, h or d works)."
        ),
    ],
    aht: Annotated[
        str,
        typer.Option(
            "--aht", metavar="TIME", help='Average handle time: seconds, or "6 min", "1.5m", "1h".'
        ),
    ],
    target: Annotated[
        str | None,
        typer.Option(
            "--target", help="80/20 (80% answered within 20 s), or 24h (response window)."
        ),
    ] = None,
    shrinkage: Annotated[
        str | None,
        typer.Option(
            "--shrinkage",
            metavar="SHARE",
            help="Share of paid time not on contacts, e.g. 30% or 0.3 (default: "
            "rules/workforce.yaml's, 30%).",
        ),
    ] = None,
    max_occupancy: Annotated[
        str | None,
        typer.Option(
            "--max-occupancy", metavar="SHARE", help="Cap on agent occupancy, e.g. 85% or 0.85."
        ),
    ] = None,
    patience: Annotated[
        str | None,
        typer.Option(
            "--patience",
            metavar="TIME",
            help='Mean time callers wait before hanging up (Erlang A): seconds, or "1 min".',
        ),
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
    from servicefit.cli.prompt_values import flag_number, flag_seconds, flag_share
    from servicefit.flows.staffing import StaffingRequest

    request = StaffingRequest(
        contacts=flag_number("--contacts", contacts),
        per=per,
        aht=flag_seconds("--aht", aht),
        target=target,
        shrinkage=None if shrinkage is None else flag_share("--shrinkage", shrinkage),
        max_occupancy=None
        if max_occupancy is None
        else flag_share("--max-occupancy", max_occupancy),
        patience=None if patience is None else flag_seconds("--patience", patience),
        concurrency=concurrency,
        abandon=abandon,
        business_hours=business_hours,
    )
    return run(knowledge(), request, fmt, output)
