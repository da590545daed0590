"""The audit's rules as data: the bands of the routine share's interval, the real words, the
reasons a format gives for the rows it leaves out."""

from __future__ import annotations

from pathlib import Path

import pytest

from servicefit.errors import RulesError
from servicefit.knowledge.audit import Spread

SPREAD = Spread(0.10, 0.18, 8, 0.17, 0.26, 25, 0.21)


def test_each_length_of_ticket_gets_the_error_measured_for_it() -> None:
    assert SPREAD.around(5) == (0.17, 0.26, "short")
    assert SPREAD.around(8) == (0.10, 0.18, "sentences")
    assert SPREAD.around(25) == (0.10, 0.18, "sentences")
    assert SPREAD.around(140) == (0.21, 0.18, "longer")  # below: complaint letters' error


def test_the_real_words_are_read_and_a_bad_file_named(tmp_path: Path) -> None:
    from servicefit.knowledge.intents import read_real_words
    from servicefit.knowledge.loader import read_rule_file

    words = tmp_path / "words.yaml"
    assert read_real_words(words, read_rule_file) == frozenset()  # no file: no words
    words.write_text("real_words: >-\n  curious Player\n  there\n", encoding="utf-8")
    assert read_real_words(words, read_rule_file) == {"curious", "player", "there"}
    words.write_text("real_words: [curious, player]\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"words\.yaml.*real_words"):
        read_real_words(words, read_rule_file)


def test_a_format_names_the_reasons_it_leaves_rows_out(rules_copy: Path) -> None:
    """`exclude` takes a list of values (the report says "status: deleted") or each value with
    its reason in words; a reason left empty is an error that names its place."""
    from servicefit.knowledge.audit import load_audit_rules
    from servicefit.knowledge.base import FIELD_CHANNELS, choice_values
    from servicefit.knowledge.rulesets import default_knowledge

    channels = choice_values(default_knowledge().questions, FIELD_CHANNELS)
    formats = load_audit_rules(rules_copy, channels).formats
    assert formats["zendesk-csv"].exclude["status"]["deleted"] == "status: deleted"
    assert formats["zammad"].exclude["create_article_sender_id"]["1"].startswith("opened by an")
    path = rules_copy / "audit" / "formats.yaml"
    text = path.read_text()
    assert '"3": opened by the system' in text
    path.write_text(text.replace('"3": opened by the system', '"3": ""'))
    with pytest.raises(RulesError, match=r"formats\.yaml:\d+.*'3' must not be empty"):
        load_audit_rules(rules_copy, channels)
