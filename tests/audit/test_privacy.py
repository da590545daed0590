"""Redaction: what reaches output of ticket and column text."""

from __future__ import annotations

import pytest

from servicefit.audit.privacy import redact


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        ("Refund to GB82 WEST 1234 5698 7654 32 asap", "[iban] asap", "WEST"),
        ("iban gb82west12345698765432 please", "[iban]", "gb82"),
        ("NL91ABNA0417164300 or FR14 2004 1010 0505 0001 3M02 606", "[iban] or [iban]", "ABNA"),
        ("Mr. Smith and Mrs. Ann-Marie de Vries", "Mr. [name] and Mrs. [name]", "Vries"),
        ("Dr. Łukasz Nowak replied", "Dr. [name] replied", "Nowak"),
        ("Yours truly,\nÉmile Zola", "Yours truly, [name]", "Zola"),
        ("Good morning Jean Paul Sartre, help", "Good morning [name], help", "Sartre"),
        ("Kind regards, Maria José Carreras", "Kind regards, [name]", "Carreras"),
        ("Call +44 20 7946–0958 or 020 7946 0958", "Call [number] or [number]", "7946"),
        ('Write to "john doe"@example.com', "Write to [email]", "john"),
        ("Card 4111 1111 1111 1111 charged", "Card [card] charged", "4111"),
        ("Order #55231 is late", "Order #[number] is late", "55231"),
    ],
)
def test_personal_data_is_replaced(text: str, kept: str, gone: str) -> None:
    out = redact(text)
    assert kept in out and gone not in out


@pytest.mark.parametrize(
    "text", ["Hi, my order has not arrived", "Hi I ordered a lamp", "Dear Sir or Madam"]
)
def test_words_after_a_greeting_that_are_no_name_stay(text: str) -> None:
    assert redact(text) == text


def test_an_iban_with_a_wrong_checksum_is_a_number_not_an_iban() -> None:
    assert "[iban]" not in redact("GB82 WEST 1234 5698 7654 33")


def test_examples_differ_and_each_text_is_redacted_once(monkeypatch) -> None:
    from servicefit.audit import privacy

    calls: list[str] = []

    def counted(text: str) -> str:
        calls.append(text)
        return redact(text)

    monkeypatch.setattr(privacy, "redact", counted)
    texts = ["Hi, where is order 123456?", "Hi, where is order 654321?"] * 3 + ["Opening hours?"]
    assert privacy.examples(texts, 2) == ["Hi, where is order [number]?", "Opening hours?"]
    assert calls == [*texts[:2], "Opening hours?"]  # a repeated text is not redacted again


def test_examples_stop_looking_after_the_tries() -> None:
    """Thousands of templated tickets that redact alike cost a bounded number of redactions:
    a different one beyond the tries is not looked for."""
    from servicefit.audit import privacy

    texts = (f"Where is order {n}?" for n in range(100_000, 200_000))
    assert privacy.examples(texts, 2, tries=5) == ["Where is order [number]?"]
    assert privacy.examples(["a", "b", "c"], 2, tries=1) == ["a"]
