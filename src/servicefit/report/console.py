"""The rich console every text renderer draws on. Honours NO_COLOR; plain when not a terminal."""

from __future__ import annotations

from typing import IO

from rich.console import Console
from rich.text import Text

from servicefit.messages import escape_controls


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """rich would exit 1 (our "found failures"); hand the closed pipe to the command
        line's handler instead, which exits 141 like every other output path."""
        raise BrokenPipeError


def make_console(file: IO[str], color: bool | None = None, width: int | None = None) -> Console:
    if color is False:
        return _Console(file=file, no_color=True, highlight=False, width=width, color_system=None)
    return _Console(file=file, highlight=False, width=width, force_terminal=True if color else None)


def safe_text(value: str = "", style: str = "") -> Text:
    """Data as rich text: never read as markup, control characters escaped."""
    return Text(escape_controls(value), style=style)
