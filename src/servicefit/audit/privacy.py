"""Redaction of ticket text before any of it is shown: e-mail addresses (a quoted local part
too), links, IBANs (by country length and checksum, letters and lower case included), card
numbers (by the Luhn check), phone, order and account numbers written with any spaces, dots,
dashes or parentheses, and names: after a title (Mr., Dr., Mme), a greeting (Hi, Dear, Good
morning) or a sign-off (Thanks, Kind regards, Yours truly), up to three capitalised words,
letters of any alphabet.

What it does not catch: a name that stands alone mid-sentence ("I spoke to Maria"), a postal
address, a date of birth, an id written as words. Every place where ticket or column text
reaches output passes through `redact`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

MAX_EXAMPLE = 160  # characters of a ticket shown as an example
# tickets tried for the examples of one intent or phrase: templated tickets (a web form, an
# order number apart) redact alike, and redacting thousands of them to find a second one that
# differs cost seconds
EXAMPLE_TRIES = 50

_EMAIL = re.compile(r'(?:"[^"\n]{1,64}"|[\w.+-]+)@[\w-]+(?:\.[\w-]+)+')
_LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# IBAN: two letters, two check digits, then groups of four letters or digits (spaced or not)
_IBAN = re.compile(r"\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?\b")
_DIGITS = re.compile(r"(?<![\w+])\+?\d(?:[\d \u00a0().\-‐‑‒–—/]{5,}\d)")
_CODE = re.compile(r"\b[A-Za-z]{0,4}[-#]?\d{4,}\b")
_WORD = r"[^\W\d_][\w'’\-]*"
_TITLE = re.compile(
    r"\b(Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Madam|Mme|Mlle|Herr|Frau|Sr|Sra)\b(\.?\s+)"
    rf"({_WORD}(?:\s+{_WORD}){{0,2}})",
)
_GREETING = re.compile(
    r"\b(hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening|day)|thanks|thank you|"
    r"many thanks|regards|kind regards|best regards|warm regards|best wishes|best|cheers|"
    r"sincerely|yours sincerely|yours truly|yours faithfully|yours|love|from|sent by|signed)"
    rf"([ \t]*[,:!]?[ \t]*\n?[ \t]*|[ \t]+)({_WORD}(?:[ \t]+{_WORD}){{0,2}})",
    re.IGNORECASE,
)
_IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AT": 20, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "CH": 21,
    "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FO": 18, "FR": 27,
    "GB": 22, "GI": 23, "GL": 18, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LI": 21, "LT": 20, "LU": 20, "LV": 21,
    "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SE": 24, "SI": 19,
    "SK": 24, "SM": 27, "TN": 24, "TR": 26, "UA": 29, "VG": 24, "XK": 20,
}  # fmt: skip


def _is_iban(text: str) -> bool:
    code = text.replace(" ", "").upper()
    if _IBAN_LENGTHS.get(code[:2]) != len(code) or not code.isalnum():
        return False
    moved = code[4:] + code[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _iban(match: re.Match[str]) -> str:
    text = match.group()
    for end in range(len(text), 14, -1):  # the longest prefix that is an IBAN
        if _is_iban(text[:end]):
            return "[iban]" + text[end:]
    return text


def _digits(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group())
    if 13 <= len(digits) <= 19 and _luhn(digits):
        return "[card]"
    return "[number]" if len(digits) >= 7 else match.group()


# capitalised words after a greeting that are not names
_NOT_NAMES = frozenset(
    [
        "i",
        "we",
        "my",
        "our",
        "you",
        "your",
        "the",
        "this",
        "that",
        "it",
        "is",
        "can",
        "could",
        "please",
        "would",
        "just",
        "how",
        "what",
        "where",
        "when",
        "why",
        "do",
        "does",
        "did",
        "are",
        "am",
        "thank",
        "thanks",
        "ok",
        "okay",
        "yes",
        "no",
        "sir",
        "sirs",
        "madam",
        "team",
        "support",
        "customer",
        "service",
        "all",
        "everyone",
        "there",
        "again",
        "so",
        "very",
        "for",
        "in",
        "hope",
        "i'm",
        "i've",
        "we're",
    ]
)
# lower-case parts of names between capitalised ones: Ann-Marie de Vries, Ludwig van Beethoven
_PARTICLES = frozenset(
    [
        "de",
        "da",
        "di",
        "del",
        "della",
        "der",
        "den",
        "van",
        "von",
        "ter",
        "ten",
        "le",
        "la",
        "du",
        "dos",
        "das",
        "bin",
        "al",
        "el",
    ]
)


def _capitalised(words: str) -> int:
    """How many characters of `words` the leading capitalised words of a name take."""
    end = 0
    found = list(re.finditer(r"\S+", words))
    for i, word in enumerate(found):
        text = word.group()
        if text[0].isupper() and (i or text.lower() not in _NOT_NAMES):
            end = word.end()
        elif i and text in _PARTICLES and i + 1 < len(found) and found[i + 1].group()[0].isupper():
            continue
        else:
            break
    return end


def _name_after(match: re.Match[str]) -> str:
    lead, gap, words = match.group(1), match.group(2), match.group(3)
    cut = _capitalised(words)
    if not cut:
        return match.group()
    return f"{lead}{gap}[name]{words[cut:]}"


def redact(text: str) -> str:
    """The text with personal data replaced, on one line, cut to MAX_EXAMPLE characters."""
    out = text
    for pattern in (_TITLE, _GREETING):
        for _ in range(4):  # a match may swallow the next title or greeting: look again
            again = pattern.sub(_name_after, out)
            if again == out:
                break
            out = again
    out = " ".join(out.split())
    out = _EMAIL.sub("[email]", out)
    out = _LINK.sub("[link]", out)
    out = _IBAN.sub(_iban, out)
    out = _DIGITS.sub(_digits, out)
    out = _CODE.sub("[number]", out)
    return out if len(out) <= MAX_EXAMPLE else out[: MAX_EXAMPLE - 1] + "…"


def examples(texts: Iterable[str], most: int, tries: int = EXAMPLE_TRIES) -> list[str]:
    """Up to `most` redacted examples that differ, in the order of `texts`, from the first
    `tries` of them (each text redacted once)."""
    out: list[str] = []
    tried: set[str] = set()
    for text in itertools.islice(texts, tries):
        if len(out) == most:
            break
        if text in tried:
            continue
        tried.add(text)
        if (shown := redact(text)) not in out:
            out.append(shown)
    return out
