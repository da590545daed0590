"""The routine-intent lexicon and the redaction of examples."""

from __future__ import annotations

import pytest

from servicefit.audit.intents import Lexicon
from servicefit.audit.privacy import redact
from servicefit.audit.selftest import check_intents
from servicefit.knowledge.intents import Intent


def lexicon() -> Lexicon:
    intents = [
        Intent("password", "Password", ("reset my password", "forgot my password"), (), (), None),
        Intent("order", "Order", ("where is my order", "tracking number"), (), (), None),
    ]
    return Lexicon(intents, ["speak to a person", "complaint"])


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Please RESET my password!", "password"),
        ("I forgot my pasword", "password"),  # a letter missing
        ("I forgot my passsword", "password"),  # one too many
        ("I forgot my passwerd", "password"),  # one changed
        ("where is my ordr", "order"),
        ("Tracking-number?", "order"),
        ("my password, reset it", None),  # the words, but not the phrase
        ("forgot my pass", None),  # too far from the word
        ("where is my order? I want to speak to a person", None),  # an escalation decides
    ],
)
def test_phrases_match_in_order_with_one_typo_in_long_words(text: str, intent: str | None) -> None:
    assert lexicon().classify(text).intent == intent


def test_an_escalation_cue_is_named() -> None:
    found = lexicon().classify("This is a complaint about my order")
    assert found.intent is None and found.escalation == "complaint"


def test_the_shipped_lexicon_passes_its_own_examples(kb) -> None:
    from servicefit.knowledge.audit import load_audit_rules
    from servicefit.knowledge.base import FIELD_CHANNELS, choice_values

    rules = load_audit_rules(kb.root, choice_values(kb.questions, FIELD_CHANNELS))
    checks = check_intents(rules)
    assert len(checks) > len(rules.intents)  # the packs and the escalation cues too
    assert [c.failures for c in checks if c.failures] == []


def test_a_failing_example_is_reported(kb) -> None:
    from servicefit.knowledge.audit import load_audit_rules
    from servicefit.knowledge.base import FIELD_CHANNELS, choice_values

    rules = load_audit_rules(kb.root, choice_values(kb.questions, FIELD_CHANNELS))
    first = rules.intents[0]
    broken = rules._replace(
        intents=(first._replace(examples=("nothing to see",)), *rules.intents[1:])
    )
    failing = [c for c in check_intents(broken) if c.failures]
    assert failing and "nothing to see" in failing[0].failures[0]


def test_examples_are_redacted() -> None:
    text = (
        "Hi John Smith, reach me at john.smith@example.com or +44 20 7946 0958; order "
        "#123456, card 4111 1111 1111 1111. Thanks, Mary"
    )
    shown = redact(text)
    for secret in ("John", "Smith", "example.com", "7946", "123456", "4111", "Mary"):
        assert secret not in shown
    assert "[email]" in shown and "[card]" in shown and "[name]" in shown
    assert len(redact("word " * 100)) <= 160


def decider() -> Lexicon:
    intents = [Intent("order", "Order", ("where is my order",), (), (), None)]
    return Lexicon(
        intents,
        ["or i will", "compensation"],
        ["declined", "not working", "cant"],
        ["how do i", "can you", "^cancel"],
        "information-request",
    )


@pytest.mark.parametrize(
    ("text", "intent", "why"),
    [
        ("Where is my order? It was declined", "order", "where is my order"),  # intent first
        ("My card was declined, how do I pay?", None, "declined"),  # a problem beats a request
        ("How do I change my address?", "information-request", "how do i"),
        ("Cancelled my plan? Cancel it please", "information-request", "cancel"),
        ("Please cancel it", None, ""),  # ^cancel only opens a sentence
        ("Can you help or I will cancel my account in 48 hours", None, "or i will"),
        ("I expect compensation, where is my order", None, "compensation"),
        ("Thanks, all good", None, ""),
    ],
)
def test_the_decision_order_and_what_decided(text: str, intent: str | None, why: str) -> None:
    found = decider().classify(text)
    assert found.intent == intent
    assert (found.escalation or found.problem or found.phrase) == why


def test_words_are_stemmed_and_shown_as_written() -> None:
    from servicefit.audit.intents import stem

    assert stem("canceled") == stem("cancels") == stem("cancel") == "cancel"
    assert stem("deliveries") == "delivery" and stem("address") == "address"
    assert decider().classify("Cancelled? Cancelling it now").intent == "information-request"
    found = decider().classify("The terminal is not workings")
    assert found.problem == "not working" and found.found == "not workings"


@pytest.mark.parametrize(
    ("text", "routine"),
    [
        ("hai cancel my plan", True),  # a greeting opens the sentence: "cancel" starts it
        ("Hi there, good morning. Cancel it", True),
        ("good evening cancel it", True),  # a greeting of two words
        ("good cancel it", False),  # "good" alone is not a greeting here
        ("I said hi cancel it", False),  # a greeting inside a sentence starts nothing
        ("hi my card was declined, cancel it", False),  # a problem still decides first
        ("hi", False),
    ],
)
def test_a_greeting_does_not_start_the_sentence(text: str, routine: bool) -> None:
    lexicon = Lexicon(
        [],
        [],
        ["declined"],
        ["^cancel"],
        "information-request",
        greetings=["hi", "hai", "there", "good morning", "good evening"],
    )
    assert (lexicon.classify(text).intent is not None) is routine
    assert decider().classify("hai cancel my plan").intent is None  # none without greetings


def test_a_real_word_is_not_read_as_a_typo_of_another() -> None:
    """One typo is forgiven, but a word of its own ("curious") is not another ("furious"),
    while a real typo ("furiuos") and an inflection ("activated") still read as the cue."""
    lexicon = Lexicon(
        [Intent("activation", "Activation", ("activate my card",), (), (), None)],
        ["furious"],
        real_words=frozenset({"curious", "activated"}),
    )
    assert lexicon.classify("I am curious about your plans").escalation is None
    assert lexicon.classify("I am furiuos").escalation == "furious"
    assert lexicon.classify("activated my card?").intent == "activation"
    assert Lexicon([], ["furious"]).classify("I am curious").escalation == "furious"  # without
