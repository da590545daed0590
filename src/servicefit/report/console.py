"""The rich console every text renderer draws on. Honours NO_COLOR; plain when not a terminal."""

from __future__ import annotations

from typing import IO

from rich.console import Console
from rich.text import Text

from servicefit.messages import escape_controls


def make_console(file: IO[str], color: bool | None = None, width: int | None = None) -> Console:
    if color is False:
        return Console(file=file, no_color=True, highlight=False, width=width, color_system=None)
    return Console(file=file, highlight=False, width=width, force_terminal=True if color else None)


def safe_text(value: str = "", style: str = "") -> Text:
    """Data as rich text: never read as markup, control characters escaped."""
    return Text(escape_controls(value), style=style)
