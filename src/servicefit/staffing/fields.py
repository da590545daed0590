"""The fields of a queue's specification: one check each, and the problem that names the field.

Shared by the answers file's `volumes` and the `staffing` command's flags: each check raises
FieldProblem naming the field; the caller says where that field stood (a YAML key, or a flag).
"""

from __future__ import annotations

import math
import re
from typing import Any

from servicefit.errors import ValueProblem
from servicefit.messages import shown

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")


class FieldProblem(ValueProblem):
    """A value of one field of a queue's specification that does not fit."""

    def __init__(self, field: str, message: str, hint: str | None = None):
        super().__init__(message, hint)
        self.field = field


def duration(text: Any) -> float | None:
    """'30m' → 1800.0; None when the text is not a duration."""
    match = _DURATION.match(str(text)) if isinstance(text, str) else None
    if not match or float(match.group(1)) <= 0:
        return None
    return float(match.group(1)) * _UNITS[match.group(2)]


def number(
    field: str,
    value: Any,
    *,
    low: float = 0.0,
    high: float | None = None,
    low_open: bool = False,
    hint: str = "",
) -> float:
    """A finite number within bounds, or FieldProblem."""
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if ok:
        ok = value > low if low_open else value >= low
        ok = ok and (high is None or value <= high)
    if not ok:
        bound = f"more than {low:g}" if low_open else f"at least {low:g}"
        if high is not None:
            bound += f" and at most {high:g}"
        raise FieldProblem(
            field, f"{shown(value)} is not allowed.", hint or f"Give a number {bound}."
        )
    return float(value)
