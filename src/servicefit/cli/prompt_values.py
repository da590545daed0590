"""Reading what people type at the interview's prompts: whole numbers as written ("1,200",
"70%"), handle times with a unit ("6 min"), shares ("30%", "0.3"), each with the check that
shows a mistake under the prompt until it is fixed; and the same numbers given as flags
(`flag_number`, `flag_seconds`, `flag_share`), whose mistakes name the flag."""

from __future__ import annotations

import re
from collections.abc import Callable

from servicefit.errors import UsageError, ValueProblem
from servicefit.knowledge.questions import Question
from servicefit.staffing.workload import MAX_SHRINKAGE

_UNITS = {"s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1, "m": 60, "min": 60,
          "mins": 60, "minute": 60, "minutes": 60, "h": 3600, "hr": 3600, "hrs": 3600,
          "hour": 3600, "hours": 3600}  # fmt: skip
_DURATION = re.compile(r"^\s*([0-9][0-9,._]*)\s*([a-z]*)\s*$")


def parse_int(text: str) -> int:
    """A whole number as people write it: '1,200', '1 200', '70%' (a percentage question)."""
    cleaned = text.strip().replace(",", "").replace("_", "").replace(" ", "")
    return int(cleaned.removesuffix("%"))


def int_check(question: Question) -> Callable[[str], bool | str]:
    def check(text: str) -> bool | str:
        try:
            value = parse_int(text)
        except ValueError:
            return f"{text.strip() or 'An empty answer'} is not a whole number."
        try:
            question.check(value)
        except ValueProblem as problem:  # e.g. "-3 is out of range. Give a whole number from …"
            return f"{problem.message} {problem.hint}" if problem.hint else problem.message
        return True

    return check


def to_seconds(text: str) -> int | float:
    """A handle time in seconds: '300', '300 s', '6 min', '1.5 minutes', '1 h'."""
    match = _DURATION.match(text.lower())
    if match is None or match.group(2) not in ("", *_UNITS):
        raise ValueError(text)
    value = float(match.group(1).replace(",", "").replace("_", "")) * _UNITS.get(match.group(2), 1)
    return int(value) if value.is_integer() else value


def to_number(text: str) -> int | float:
    value = float(text.strip().replace(",", "").replace("_", "").replace(" ", ""))
    return int(value) if value.is_integer() else value


def number_check(optional: bool, duration: bool = False) -> Callable[[str], bool | str]:
    """Above 0, shown under the prompt until fixed; with optional, empty means 'skip'; with
    duration, a unit may follow (6 min, 1 h)."""
    parse = to_seconds if duration else to_number

    def check(text: str) -> bool | str:
        if optional and not text.strip():
            return True
        try:
            value = parse(text)
        except ValueError:
            if duration:
                return f"{text.strip() or 'An empty answer'} is not a time. Give seconds, or 6 min."
            return f"{text.strip() or 'An empty answer'} is not a number."
        if value > 0:
            return True
        return "Give a number above 0, or leave it empty." if optional else "Give a number above 0."

    return check


def to_fraction(text: str) -> float:
    """'30%', '30' and '0.3' are all 30%."""
    cleaned = text.strip().replace(",", ".")
    value = float(cleaned.removesuffix("%").strip())
    return value / 100 if cleaned.endswith("%") or value >= 1 else value


def currency_check(text: str) -> bool | str:
    """Empty (no currency), or three letters: an ISO 4217 code."""
    code = text.strip()
    if not code or (len(code) == 3 and code.isascii() and code.isalpha()):
        return True
    return f"{code} is not a currency code. Give three letters, such as EUR, or leave it empty."


def fraction_check(optional: bool) -> Callable[[str], bool | str]:
    """Shrinkage: 0% to 95% (as answer files allow). An occupancy cap (optional): above 0% up
    to 100%, or empty."""

    def check(text: str) -> bool | str:
        if optional and not text.strip():
            return True
        try:
            value = to_fraction(text)
        except ValueError:
            return f"{text.strip() or 'An empty answer'} is not a share. Give one such as 30%."
        if optional:
            return 0 < value <= 1 or "Give a share above 0% up to 100%, or leave it empty."
        return 0 <= value <= MAX_SHRINKAGE or f"Give a share from 0% to {MAX_SHRINKAGE:.0%}."

    return check


def flag_number(flag: str, text: str) -> float:
    """A number given as a flag, as people write it ('1,200', '1 200', '12.5')."""
    try:
        return to_number(text)
    except ValueError:
        raise UsageError(
            f"{flag} {text!r} is not a number.", hint=f"Give one such as {flag} 120."
        ) from None


def flag_seconds(flag: str, text: str) -> float:
    """A time given as a flag: seconds, or with a unit ('360', '6 min', '1.5m', '1 h')."""
    try:
        return to_seconds(text)
    except ValueError:
        raise UsageError(
            f"{flag} {text!r} is not a time.",
            hint=f'Give seconds, or a number with its unit: {flag} 360 or {flag} "6 min".',
        ) from None


def flag_share(flag: str, text: str) -> float:
    """A share given as a flag: '30%', or a fraction up to 1 ('0.3'); a bare number above 1
    is refused rather than guessed at (is 30 meant as 30%?)."""
    cleaned = text.strip().replace(" ", "")
    try:
        value = float(cleaned.removesuffix("%"))
    except ValueError:
        raise UsageError(
            f"{flag} {text!r} is not a share.", hint=f"Give one such as {flag} 30%."
        ) from None
    if cleaned.endswith("%"):
        return value / 100
    if value > 1:
        raise UsageError(
            f"{flag} {text!r}: a share is a percentage or a fraction up to 1.",
            hint=f"Write {flag} {value:g}% (or {flag} {value / 100:g}).",
        )
    return value
