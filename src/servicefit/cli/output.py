"""Where results go: stdout or an --output file (atomically), and diagnostics to stderr."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from servicefit.messages import escape_controls
from servicefit.report.formats import Drawing, Rendered
from servicefit.yamlio.files import write_output


def emit(text: str, output: Path | None) -> None:
    """Text to stdout or --output, with any control character from data escaped (\\uXXXX)."""
    text = escape_controls(text)
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_output(output, text)


def emit_json(document: object, output: Path | None) -> None:
    """A JSON document (stable key order, no colour) to stdout or --output."""
    from servicefit.report.jsonout import dumps

    emit(dumps(document), output)


def diagnostic(message: str) -> None:
    sys.stderr.write(escape_controls(message.rstrip("\n")) + "\n")
    sys.stderr.flush()


def render_rich(draw: Drawing, output: Path | None) -> None:
    """Run ``draw(console)`` onto stdout (colour if a terminal allows) or plainly into a file."""
    from servicefit.report.console import make_console

    if output is None:
        draw(make_console(sys.stdout))
        return
    buffer = io.StringIO()
    draw(make_console(buffer, color=False, width=int(os.environ.get("COLUMNS", "100"))))
    write_output(output, buffer.getvalue())


def write(rendered: Rendered, output: Path | None) -> None:
    """What a renderer returned: text as it is, a drawing onto a console."""
    if isinstance(rendered, str):
        emit(rendered, output)
    else:
        render_rich(rendered, output)
