"""A report's heading from the command line: --title, the answers' file name, the rule set,
and the date (SOURCE_DATE_EPOCH when set, so that a build can reproduce the bytes)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from servicefit.errors import UsageError
from servicefit.report.heading import DEFAULT_RULES, DEFAULT_TITLE, Heading

MAX_TITLE = 200


def today() -> str:
    stamp = os.environ.get("SOURCE_DATE_EPOCH")
    if stamp is None or not stamp.strip():
        return dt.date.today().isoformat()
    try:
        return dt.datetime.fromtimestamp(int(stamp.strip()), dt.UTC).date().isoformat()
    except (ValueError, OverflowError, OSError):
        raise UsageError(
            f"SOURCE_DATE_EPOCH={stamp[:40]!r} is not a time.",
            hint="Give whole seconds since 1970-01-01 UTC, e.g. SOURCE_DATE_EPOCH=1767225600, "
            "or unset it for today's date.",
        ) from None


def heading(title: str | None, answers: str | None, rules: str | None) -> Heading:
    """The heading of a report: `title` as given (one line), else the answers file's name
    without its folders and suffix, else the default."""
    name = Path(answers).name if answers and answers != "-" else None
    if title is not None:
        shown = " ".join(title.split())
        if not shown or len(shown) > MAX_TITLE:
            raise UsageError(
                f"--title: give a title of 1 to {MAX_TITLE} characters.",
                hint='--title "Acme support, spring review"',
            )
    else:
        shown = Path(name).stem if name else DEFAULT_TITLE
    ruleset = Path(rules.rstrip("/")).name or rules if rules else DEFAULT_RULES
    return Heading(shown, today(), name, ruleset)
