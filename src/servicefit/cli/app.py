"""The command line: the typer app, its commands (declared by group in cli/declarations/), and
the console script's entry point."""

# No `from __future__ import annotations`: see cli/declarations/advice.py.

import sys
from typing import Annotated

import typer

from servicefit import __version__
from servicefit.cli import signals
from servicefit.cli.declarations import advice, audit, knowledge, planning, staffing
from servicefit.cli.handler import closed_pipe
from servicefit.cli.output import diagnostic
from servicefit.errors import EXIT_INTERRUPTED, EXIT_TERMINATED, EXIT_USAGE, Terminated

SETTINGS = {
    "name": "servicefit",
    "help": "Score the eight customer-service models for your business and recommend a hybrid "
    "blend.",
    "no_args_is_help": True,
    "add_completion": True,
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**SETTINGS)  # type: ignore[arg-type]


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


def _summary(command: object) -> str:
    """A command's docstring's first paragraph on one line: `--help` shows it whole (click cuts
    a summary it makes itself at the first line's width, with "...")."""
    first = (getattr(command, "__doc__", None) or "").strip().split("\n\n", 1)[0]
    return " ".join(first.split())


COMMANDS = (
    advice.recommend,
    knowledge.models,
    knowledge.questions,
    staffing.staffing,
    advice.batch,
    advice.diff,
    knowledge.schema,
    advice.explain,
    audit.audit,
    planning.forecast,
    planning.capacity,
)
for command in COMMANDS:
    app.command(short_help=_summary(command))(command)
_BY_NAME = {command.__name__: command for command in COMMANDS}


def app_for(argv: list[str]) -> typer.Typer:
    """The app to run `argv` with: for one of the commands above, an app of that command alone,
    which typer turns into click's objects in a fraction of the time of all of them (start-up
    counts: see bench/startup.py); otherwise the whole app (help, --version, rules, mistakes).
    Both parse and report a command the same way: the same settings, callback and command."""
    command = _BY_NAME.get(argv[0]) if argv else None
    if command is None:
        return app
    one = typer.Typer(**SETTINGS)  # type: ignore[arg-type]
    one.callback()(root)
    one.command(short_help=_summary(command))(command)
    return one


rules_app = typer.Typer(
    help="Check and test rule sets.", no_args_is_help=True, rich_markup_mode=None
)
rules_app.command("lint", short_help=_summary(knowledge.rules_lint))(knowledge.rules_lint)
rules_app.command("test", short_help=_summary(knowledge.rules_test))(knowledge.rules_test)
app.add_typer(rules_app, name="rules")


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
    signals.install()
    try:
        args = optional_values(sys.argv[1:] if argv is None else argv)
        app_for(args)(args=args, prog_name="servicefit")
    except SystemExit as exc:
        if exc.code is None:
            return 0
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        diagnostic("servicefit: interrupted.")
        return EXIT_INTERRUPTED
    except Terminated:
        diagnostic("servicefit: terminated.")
        return EXIT_TERMINATED
    except BrokenPipeError:  # while typer printed help or a usage message
        return closed_pipe()
    return 0
