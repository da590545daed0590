"""Declarations of the knowledge-base commands: models, questions, schema, rules lint/test."""

# No `from __future__ import annotations` here: typer reads each command's annotations at
# start-up, and as strings it must evaluate them one by one, which costs about 12 ms of every
# run. Python 3.11 evaluates these annotations natively. Each command imports what it runs only
# when it runs, so that `--help` and the other commands do not pay for it.

from typing import Annotated

import typer

from servicefit.cli.handler import guarded
from servicefit.cli.options import FormatOption, OutputOption, RulesOption, knowledge
from servicefit.report.formats import Format


@guarded
def models(
    fmt: FormatOption = Format.text, output: OutputOption = None, rules: RulesOption = None
) -> int:
    """List the eight models and the two staffing options with what each is good for."""
    from servicefit.cli.commands.catalog import models as run

    return run(knowledge(rules), fmt, output)


@guarded
def questions(
    template: Annotated[
        bool, typer.Option("--template", help="Print a commented answers file to fill in.")
    ] = False,
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
    rules: RulesOption = None,
) -> int:
    """List every question: id, type, allowed values, default and help."""
    from servicefit.cli.commands.catalog import questions as run

    return run(knowledge(rules), fmt, output, template)


@guarded
def schema(
    which: Annotated[
        str, typer.Argument(help="answers, result, batch-record, audit, forecast or capacity.")
    ],
    output: OutputOption = None,
    rules: RulesOption = None,
) -> int:
    """Print a JSON Schema: for answer files, or a document servicefit writes (recommend, a
    batch record, audit, forecast, capacity)."""
    from servicefit.cli.commands.schema import run

    return run(knowledge(rules), which, output)


@guarded
def rules_lint(
    path: Annotated[
        str | None,
        typer.Argument(
            help="A rules folder, or a YAML file or folder with extends/disable/rules "
            "(default: the shipped rules).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
) -> int:
    """Report every problem of a rule set as file:line:col: id: message; exit 1 if any."""
    from servicefit.cli.commands.rules import lint
    from servicefit.flows.rules import RulesRequest

    return lint(RulesRequest(rules=path), fmt, output)


@guarded
def rules_test(
    cases: Annotated[
        str | None,
        typer.Argument(
            help="A case file or folder (default: the rule set's cases/ folder).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
    rules: RulesOption = None,
) -> int:
    """Run rule test cases (answers + expectations); exit 1 if any fails."""
    from servicefit.cli.commands.rules import test
    from servicefit.flows.rules import RulesRequest

    return test(knowledge(rules), RulesRequest(rules=rules, cases=cases), fmt, output)
