"""Exit codes from exceptions: the one place a command's failure becomes what the user sees.

A ServicefitError is the user's to fix: its one-line message and its code (2 for bad input or
usage). Ctrl-C is 130. Anything else is a bug in servicefit: one line that says so, how to see
the traceback and where to report it, and exit 3; never a traceback unless asked for.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable
from typing import Any

import typer

from servicefit import __version__
from servicefit.cli.output import diagnostic
from servicefit.errors import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_PIPE,
    EXIT_TERMINATED,
    AnswersError,
    ServicefitError,
    Terminated,
)

DEBUG = "SERVICEFIT_DEBUG"


def report_error(exc: ServicefitError) -> int:
    problems = exc.every() if isinstance(exc, AnswersError) else (exc,)
    for problem in problems:
        diagnostic(f"servicefit: error: {problem}")
    return exc.exit_code


def report_bug(exc: BaseException) -> int:
    detail = " ".join(str(exc).split())[:300]
    diagnostic(
        f"servicefit: internal error: {type(exc).__name__}"
        + (f": {detail}" if detail else "")
        + f". This is a bug in servicefit {__version__}, not in your input: please report it "
        f"to the servicefit maintainers ({where_to_report()}) with the command you ran; "
        f"{DEBUG}=1 shows the traceback."
    )
    return EXIT_INTERNAL


def closed_pipe() -> int:
    """Standard output's reader went away (`servicefit ... | head -1`): stop quietly, with the
    status a shell expects of a process ended by SIGPIPE. Standard output now goes nowhere, so
    that flushing it on the way out cannot fail a second time."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return EXIT_PIPE


def where_to_report() -> str:
    """The project's issue tracker as its package metadata names it, or its README."""
    try:
        from importlib.metadata import metadata

        for entry in metadata("servicefit").get_all("Project-URL") or []:
            label, _, url = entry.partition(",")
            if label.strip().lower() in ("issues", "bug tracker", "tracker"):
                return url.strip()
    except Exception:  # metadata is a courtesy here, never a second failure
        pass
    return "see the README's Support section"


def guarded(func: Callable[..., int]) -> Callable[..., None]:
    """Run a command; turn its result and its errors into exit codes, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            code = func(*args, **kwargs)
        except ServicefitError as exc:
            code = report_error(exc)
        except KeyboardInterrupt:
            diagnostic("servicefit: interrupted.")
            code = EXIT_INTERRUPTED
        except Terminated:
            diagnostic("servicefit: terminated.")
            code = EXIT_TERMINATED
        except BrokenPipeError:
            code = closed_pipe()
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            if os.environ.get(DEBUG):
                raise
            code = report_bug(exc)
        if code:
            raise typer.Exit(code)

    return wrapper
