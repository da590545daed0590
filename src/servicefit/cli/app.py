"""The command line: a thin typer shell that parses options, calls a command, maps errors to exit codes."""

# No `from __future__ import annotations` here, unlike every other module: typer reads each
# command's annotations at start-up, and as strings it must evaluate them one by one, which
# costs about 12 ms of every run. Python 3.11 evaluates these annotations natively.

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from servicefit import __version__
from servicefit.cli.output import diagnostic
from servicefit.errors import EXIT_INTERRUPTED, EXIT_USAGE, ServicefitError, UsageError
from servicefit.report.formats import Format

app = typer.Typer(
    name="servicefit",
    help="Score the eight customer-service models for your business and recommend a hybrid blend.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def report_error(exc: ServicefitError) -> int:
    diagnostic(f"servicefit: error: {exc}")
    return exc.exit_code


def guarded(func: Callable[..., int]) -> Callable[..., None]:
    """Run a command; turn its result and servicefit's errors into exit codes, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            code = func(*args, **kwargs)
        except ServicefitError as exc:
            code = report_error(exc)
        except KeyboardInterrupt:
            diagnostic("servicefit: interrupted.")
            code = EXIT_INTERRUPTED
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # a bug: say so plainly, keep the traceback for those who ask
            if os.environ.get("SERVICEFIT_DEBUG"):
                raise
            diagnostic(
                f"servicefit: internal error: {type(exc).__name__}: {exc}. "
                "Please report it; set SERVICEFIT_DEBUG=1 to see the traceback."
            )
            code = EXIT_USAGE
        if code:
            raise typer.Exit(code)

    return wrapper


def _knowledge(rules: str | None = None):
    from servicefit.knowledge.rulesets import load_rule_set

    return load_rule_set(rules)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"servicefit {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Score the eight customer-service models for your business and recommend a hybrid blend."""


FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]
RulesOption = Annotated[
    str | None,
    typer.Option(
        "--rules",
        metavar="PATH",
        help="A custom rule set: a rules folder, or a YAML file or folder with extends/disable/rules.",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        dir_okay=False,
        help="Write to this file (atomically) instead of standard output.",
    ),
]


@app.command()
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
    fmt: FormatOption = Format.text,
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
) -> int:
    """Recommend customer-service models, channel staffing and a blend for one business.

    Without --answers, on a terminal, it interviews you first.
    """
    from servicefit.cli.commands.recommend import run

    return run(_knowledge(rules), answers, fmt, output, ask_missing, save_answers, resume)


@app.command()
@guarded
def models(
    fmt: FormatOption = Format.text, output: OutputOption = None, rules: RulesOption = None
) -> int:
    """List the eight models and the two staffing options with what each is good for."""
    from servicefit.cli.commands.catalog import models as run

    return run(_knowledge(rules), fmt, output)


@app.command()
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

    return run(_knowledge(rules), fmt, output, template)


@app.command()
@guarded
def staffing(
    contacts: Annotated[float, typer.Option("--contacts", help="Contacts per period.")],
    per: Annotated[str, typer.Option("--per", help="The period: 15m, 30m, 1h or 1d.")],
    aht: Annotated[float, typer.Option("--aht", help="Average handle time in seconds.")],
    target: Annotated[
        str,
        typer.Option(
            "--target", help="80/20 (80% answered within 20 s), or 24h (response window)."
        ),
    ],
    shrinkage: Annotated[
        float, typer.Option("--shrinkage", help="Share of paid time not on contacts, e.g. 0.3.")
    ] = 0.0,
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
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
) -> int:
    """Size one queue with Erlang C (or Erlang A with --patience) and show agents around the answer."""
    from servicefit.cli.commands.staffing import run

    return run(
        _knowledge(),
        contacts,
        per,
        aht,
        target,
        shrinkage,
        max_occupancy,
        patience,
        concurrency,
        fmt,
        output,
    )


@app.command()
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
        str, typer.Option("--format", "-f", help="jsonl (default), json, csv or table.")
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
) -> int:
    """Recommend for many answer files; one record per input, in input order."""
    from servicefit.cli.commands.batch import run
    from servicefit.report.batch import BatchFormat

    try:
        chosen = BatchFormat(fmt.lower())
    except ValueError:
        raise UsageError(
            f"--format {fmt!r} is not a batch format.", hint="Use jsonl, json, csv or table."
        ) from None
    return run(_knowledge(rules), paths or [], chosen, output, jobs, fail_fast, rules)


@app.command()
@guarded
def diff(
    first: Annotated[
        str, typer.Argument(help="A result (recommend or batch JSON) or an answers file.")
    ],
    second: Annotated[str, typer.Argument(help="The result or answers file to compare it with.")],
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
    rules: RulesOption = None,
) -> int:
    """Compare two recommendations; exit 1 when the top model or the staffing choice changed."""
    from servicefit.cli.commands.diff import run

    return run(_knowledge(rules), first, second, fmt, output)


@app.command()
@guarded
def schema(
    which: Annotated[str, typer.Argument(help="answers, result or batch-record.")],
    output: OutputOption = None,
    rules: RulesOption = None,
) -> int:
    """Print a JSON Schema: for answer files, the recommend document, or a batch record."""
    from servicefit.cli.commands.schema import run

    return run(_knowledge(rules), which, output)


@app.command()
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
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
    rules: RulesOption = None,
) -> int:
    """Trace every rule against the answers, and show the smallest changes that alter the advice."""
    from servicefit.cli.commands.explain import run

    return run(_knowledge(rules), answers, model, fmt, output)


rules_app = typer.Typer(
    help="Check and test rule sets.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(rules_app, name="rules")


@rules_app.command("lint")
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

    if fmt is Format.markdown:
        raise UsageError("rules lint writes text or json.", hint="Use --format text or json.")
    return lint(path, fmt, output)


@rules_app.command("test")
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

    if fmt is Format.markdown:
        raise UsageError("rules test writes text or json.", hint="Use --format text or json.")
    return test(_knowledge(rules), cases, fmt, output)


def optional_values(argv: list[str]) -> list[str]:
    """`--resume` may stand alone (the default place): give it an empty value for click."""
    out = []
    for i, arg in enumerate(argv):
        follows = argv[i + 1] if i + 1 < len(argv) else None
        if arg == "--resume" and (follows is None or follows.startswith("-")):
            out.append("--resume=")
        else:
            out.append(arg)
    return out


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    try:
        app(args=optional_values(sys.argv[1:] if argv is None else argv), prog_name="servicefit")
    except SystemExit as exc:
        if exc.code is None:
            return 0
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        diagnostic("servicefit: interrupted.")
        return EXIT_INTERRUPTED
    return 0
