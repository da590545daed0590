"""Redaction of ticket text before any of it is shown: e-mail addresses, phone, card, order
and account numbers, and the name after a greeting or a sign-off."""

from __future__ import annotations

import re

_RULES = (
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "[email]"),
    (re.compile(r"https?://\S+"), "[link]"),
    (re.compile(r"\b(?:\d[ -]?){13,19}\b"), "[card]"),
    (re.compile(r"(?<!\w)\+?\d[\d ()./-]{6,}\d"), "[number]"),
    (re.compile(r"\b[A-Z]{0,4}[-#]?\d{4,}\b"), "[number]"),
    (
        re.compile(
            r"\b(hi|hello|hey|dear|thanks|thank you|regards|cheers|best|sincerely|from)([ ,]+)"
            r"([A-Z][a-zà-ÿ'-]+)( [A-Z][a-zà-ÿ'-]+)?",
            re.IGNORECASE,
        ),
        r"\1\2[name]",
    ),
)
MAX_EXAMPLE = 160  # characters of a ticket shown as an example


def redact(text: str) -> str:
    """The text with personal data replaced, on one line, cut to MAX_EXAMPLE characters."""
    out = " ".join(text.split())
    for pattern, replacement in _RULES:
        out = pattern.sub(replacement, out)
    return out if len(out) <= MAX_EXAMPLE else out[: MAX_EXAMPLE - 1] + "…"
