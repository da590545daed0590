"""What heads a report to hand on: its title, the day it was made, and what it was made from."""

from __future__ import annotations

from typing import NamedTuple

from servicefit import __version__

DEFAULT_TITLE = "servicefit recommendation"
DEFAULT_RULES = "servicefit's own rules"


class Heading(NamedTuple):
    title: str = DEFAULT_TITLE
    date: str | None = None  # YYYY-MM-DD: today, or SOURCE_DATE_EPOCH's day
    answers: str | None = None  # the answers file's name (never its folders)
    rules: str = DEFAULT_RULES

    def meta(self) -> str:
        """One line under the title: 2026-12-02 · answers online-grocer.yaml · rules … · servicefit 0.1.0."""
        parts = [self.date or "", f"answers {self.answers}" if self.answers else ""]
        parts += [f"rules: {self.rules}", f"servicefit {__version__}"]
        return " · ".join(p for p in parts if p)
