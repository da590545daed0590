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
    assert all(tuple(entry)[: len(DEFAULT_KEYS)] == DEFAULT_KEYS for entry in defaults.values())
    levels = kb.workforce.concurrency_factors
    assert all(entry.get("concurrency", 1) in levels for entry in defaults.values())


def test_a_concurrency_outside_the_factors_is_an_error(rules_copy: Path) -> None:
    path = rules_copy / "workforce.yaml"
    text = path.read_text()
    assert "target: 80/30, concurrency: 2}" in text
    path.write_text(
        text.replace("target: 80/30, concurrency: 2}", "target: 80/30, concurrency: 9}")
    )
    with pytest.raises(RulesError, match="concurrency must be one of the concurrency_factors"):
        load_knowledge(rules_copy)


def test_a_preselected_shrinkage_must_be_a_fraction(rules_copy: Path) -> None:
    path = rules_copy / "workforce.yaml"
    text = path.read_text()
    assert "defaults: {shrinkage: 0.30," in text
    path.write_text(text.replace("defaults: {shrinkage: 0.30,", "defaults: {shrinkage: 30,"))
    with pytest.raises(RulesError, match="shrinkage must be a fraction above 0 and below 1"):
        load_knowledge(rules_copy)


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
