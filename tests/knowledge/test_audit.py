"""The audit's rules as data: the bands of the routine share's interval, the real words."""

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
