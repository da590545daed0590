from __future__ import annotations

from servicefit.audit.discover import candidates, intents_yaml


def test_recurring_phrases_become_candidates_one_per_topic() -> None:
    texts = ["Is gift wrapping available?", "I need gift wrapping on two items"] * 3
    texts += ["How many loyalty points do I have?", "loyalty points expired?"] * 2
    texts += ["Hello", "The box was crushed"]
    found = candidates(texts, least=4)
    assert [c.phrase for c in found] == ["gift wrapping", "loyalty points"]
    assert found[0].tickets == 6 and len(found[0].examples) == 2


def test_the_examples_of_a_candidate_differ() -> None:
    texts = ["gift wrapping?"] * 5 + ["Is gift wrapping free?"]
    found = candidates(texts, least=3)
    assert found[0].phrase == "gift wrapping"
    assert found[0].examples == ("gift wrapping?", "Is gift wrapping free?")


def test_what_an_export_masked_makes_no_candidate() -> None:
    """CFPB's complaints write XXXX for what they redacted: 'xxxx xxxx' was a candidate."""
    texts = ["On XX/XX/2023 XXXX XXXX reported my account", "XXXX XXXX never paid XXXX"] * 3
    found = [c.phrase for c in candidates(texts, least=3)]
    assert found and not any("xx" in phrase.split() or "xxxx" in phrase for phrase in found)
    assert "reported my account" in found


def test_greetings_neither_open_a_candidate_nor_make_one() -> None:
    texts = ["hai salads", "hi hai salads please", "good morning", "Good morning! hai salads"] * 2
    found = candidates(texts, least=2, greetings=["hi", "hai", "good morning"])
    assert [c.phrase for c in found] == []  # "salads" alone is one word, not a phrase
    texts += ["hai caesar salads", "hai caesar salads today"]
    found = candidates(texts, least=2, greetings=["hi", "hai", "good morning"])
    assert [c.phrase for c in found] == ["caesar salads"]
    assert "hai salads" in [c.phrase for c in candidates(texts, least=2)]  # without greetings


def test_the_starter_file_reads_back_as_intents(tmp_path, kb) -> None:
    from servicefit.audit.document import CandidateIntent
    from servicefit.knowledge.audit import load_audit_rules, with_intents_file
    from servicefit.knowledge.base import FIELD_CHANNELS, choice_values

    found = [
        CandidateIntent(
            phrase="gift wrapping",
            tickets=6,
            share_of_unmatched=0.5,
            examples=["Is gift wrapping free?"],
        )
    ]
    path = tmp_path / "intents.yaml"
    path.write_text(intents_yaml(found, ["export.csv"]), encoding="utf-8")
    rules = load_audit_rules(kb.root, choice_values(kb.questions, FIELD_CHANNELS))
    more = with_intents_file(rules, path)
    assert more.intents[-1].id == "candidate-1" and more.intents[-1].phrases == ("gift wrapping",)
