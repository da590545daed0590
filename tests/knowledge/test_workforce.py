"""The interview's volumes step is worded and preset in workforce.yaml, every channel in full."""

from __future__ import annotations

from pathlib import Path

import pytest

from servicefit.errors import RulesError
from servicefit.knowledge.loader import load_knowledge
from servicefit.knowledge.workforce import DEFAULT_KEYS


def test_every_channel_has_every_default(kb) -> None:
    defaults = kb.workforce.interview.channel_defaults
    assert set(defaults) == set(kb.questions["channels"].values)
    assert all(tuple(entry) == DEFAULT_KEYS for entry in defaults.values())


def test_a_channel_default_left_out_is_an_error(rules_copy: Path) -> None:
    path = rules_copy / "workforce.yaml"
    text = path.read_text()
    assert "phone: {contacts: 100, per: 30m, aht: 300, target: 80/20}" in text
    path.write_text(
        text.replace(
            "phone: {contacts: 100, per: 30m, aht: 300, target: 80/20}",
            "phone: {contacts: 100, per: 30m, target: 80/20}",
        )
    )
    with pytest.raises(RulesError, match="'aht' is missing"):
        load_knowledge(rules_copy)
