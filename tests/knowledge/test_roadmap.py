"""rules/roadmap.yaml: phases, their order, and the checks on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from servicefit.errors import RulesError
from servicefit.knowledge.loader import load_knowledge


def test_every_phase_has_steps_and_prerequisites_that_exist(kb) -> None:
    ids = [p.id for p in kb.roadmap]
    assert ids and len(ids) == len(set(ids))
    for phase in kb.roadmap:
        assert phase.steps and all(a in ids for a in phase.after)


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("after: [crm]", "after: [crmm]", "after names 'crmm', which is not a phase"),
        (
            "  - id: measure\n    title",
            "  - id: measure\n    after: [review]\n    title",
            "wait for each other",
        ),
        (
            "      - id: audit\n",
            "      - id: audit\n        when: {field: colour, eq: red}\n",
            "unknown field 'colour'",
        ),
    ],
)
def test_a_broken_roadmap_is_a_located_error(
    rules_copy: Path, old: str, new: str, says: str
) -> None:
    path = rules_copy / "roadmap.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(RulesError, match=says) as raised:
        load_knowledge(rules_copy)
    assert "roadmap.yaml:" in str(raised.value)


def test_a_rule_set_without_a_roadmap_has_none(rules_copy: Path) -> None:
    (rules_copy / "roadmap.yaml").unlink()
    assert load_knowledge(rules_copy).roadmap == ()
