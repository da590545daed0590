"""Advice that tells businesses apart: every model owns a region of the answer space, advice
moves one way as a number grows, and every sentence reads as a person wrote it."""

from __future__ import annotations

import itertools
import re
import string
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicefit.advice.channel_staffing import staffing_option
from servicefit.advice.engine import recommend
from servicefit.advice.scoring import leader, rule_points
from servicefit.intake.answers import Answers, validate_answers
from servicefit.knowledge.base import RELIANCE, KnowledgeBase
from servicefit.knowledge.wording import fill
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from population import profiles


def level(kb: KnowledgeBase, values: dict[str, Any]) -> int:
    """How much the leading model relies on automation: 0 people, 1 mixed, 2 automation."""
    points, _ = rule_points(values, kb)
    top = leader(points, list(kb.models))
    return RELIANCE.index(kb.models[top].reliance)


def test_every_model_leads_somewhere_and_none_everywhere(kb) -> None:
    counts = dict.fromkeys(kb.models, 0)
    sample = profiles(kb, 2000, 2026, log_numbers=False)
    for answers in sample:
        counts[recommend(answers, kb).models[0].id] += 1
    shares = {m: n / len(sample) for m, n in counts.items()}
    assert max(shares.values()) <= 0.40, shares
    assert min(shares.values()) >= 0.01, shares


@st.composite
def business(draw: st.DrawFn, kb: KnowledgeBase) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for qid, q in kb.questions.items():
        if q.type == "bool":
            raw[qid] = draw(st.booleans())
        elif q.type == "choice":
            raw[qid] = draw(st.sampled_from(q.values))
        elif q.type == "multiselect":
            raw[qid] = draw(st.lists(st.sampled_from(q.values), unique=True, min_size=q.min or 0))
        else:
            raw[qid] = draw(st.integers(q.min or 0, min(q.max or 10**6, 10**6)))
    return dict(validate_answers(raw, kb, "<property>").values)


QUALITY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _with(kb: KnowledgeBase, values: dict[str, Any], field: str, value: int) -> dict[str, Any]:
    changed = dict(values)
    changed[field] = value
    return changed


@QUALITY
@given(data=st.data())
def test_more_routine_contacts_move_the_lead_toward_automation_only(kb, data) -> None:
    values = data.draw(business(kb))
    levels = [level(kb, _with(kb, values, "routine_share", r)) for r in range(101)]
    assert levels == sorted(levels), levels
    shares = []
    for r in range(0, 101, 5):
        rec = recommend(Answers(values=_with(kb, values, "routine_share", r)), kb)
        shares.append(rec.blend.automated_share)
    assert shares == sorted(shares), shares  # the automated share never falls


def _steps(low: int, high: int) -> list[int]:
    """Values across a range, and each value's neighbour: where a step of one could flip."""
    points = {low, high}
    for exponent in range(0, 10):
        for mantissa in (1, 2, 3, 5, 7):
            value = mantissa * 10**exponent
            if low <= value <= high:
                points.update({value, min(high, value + 1)})
    return sorted(points)


@QUALITY
@given(data=st.data())
def test_more_contacts_move_the_lead_toward_automation_only(kb, data) -> None:
    values = data.draw(business(kb))
    question = kb.questions["monthly_contacts"]
    levels = [
        level(kb, _with(kb, values, "monthly_contacts", v))
        for v in _steps(question.min or 0, question.max or 10**9)
    ]
    assert levels == sorted(levels), levels


@QUALITY
@given(data=st.data())
def test_a_bigger_team_moves_the_lead_toward_people_and_staffing_toward_dedicated(kb, data) -> None:
    values = data.draw(business(kb))
    sizes = _steps(0, 100_000)
    levels = [level(kb, _with(kb, values, "team_size", t)) for t in sizes]
    assert levels == sorted(levels, reverse=True), levels
    options = []
    for t in sizes:
        changed = _with(kb, values, "team_size", t)
        points, _ = rule_points(changed, kb)
        option, _ = staffing_option(points, changed, kb)
        if option is not None:
            options.append(option)
    if "dedicated" in options:  # once dedicated, never back to shared as the team grows
        first = options.index("dedicated")
        assert set(options[first:]) == {"dedicated"}, options


@QUALITY
@given(data=st.data())
def test_the_leading_model_has_a_share_in_the_blend_or_a_warning_says_why(kb, data) -> None:
    values = data.draw(business(kb))
    rec = recommend(Answers(values=values), kb)
    top = rec.models[0].id
    codes = [w.code for w in rec.warnings]
    why = {
        "leader-without-share",
        "leader-off-your-channels",
        "leader-not-ready",
        "leader-not-for-human-first",
    } & set(codes)
    if top in [c.model for c in rec.blend.components]:
        assert not why
    elif "missing-prerequisite" in codes and any(
        not p.requires.evaluate(values) for p in kb.models[top].prerequisites
    ):
        assert why == {"leader-not-ready"}  # what it rests on is missing
    elif values["human_first"] and top in ("convenient", "hybrid"):
        assert why == {"leader-not-for-human-first"}  # a bot before people, refused
    elif rec.blend.automated_share == 0 and kb.models[top].pool == "automated":
        assert why == {"leader-without-share"}  # nothing routine to automate
    else:
        assert why == {"leader-off-your-channels"}  # it works no channel the business serves


@QUALITY
@given(data=st.data())
def test_hybrid_leads_only_with_a_routine_slice_to_automate(kb, data) -> None:
    values = data.draw(business(kb))
    for r in (0, 2, 5):
        points, _ = rule_points(_with(kb, values, "routine_share", r), kb)
        assert leader(points, list(kb.models)) != "hybrid"


# ---- sentences -------------------------------------------------------------------------------

MISTAKES = [
    (re.compile(r"\b(\w+) \1\b", re.I), "a word twice"),
    (re.compile(r"\b[Aa] (?=[aeiou])(?!one|use|uni|eu)"), "'a' before a vowel"),
    (
        re.compile(r"\b[Aa]n (?=[b-df-hj-np-tv-z])(?!hour|hon|IT\b|SMS|FAQ)", re.I),
        "'an' before a consonant",
    ),
    (
        re.compile(r"(?<![\d.,])1 (agents|contacts|points|customers|people|chats|channels)\b"),
        "1 with a plural",
    ),
    (
        re.compile(r"\b(?:[02-9]|\d{2,}) (agent|contact|point|customer|person|chat)\b"),
        "a plural count with a singular",
    ),
    (re.compile(r"\s[,.;:]"), "space before punctuation"),
]


def sample_values(kb: KnowledgeBase, qid: str) -> list[Any]:
    q = kb.questions.get(qid) or kb.fact_names[qid]
    if q.type == "choice":
        return list(q.values)
    if q.type == "multiselect":
        return [[v] for v in q.values] + [list(q.values[:2]), list(q.values)]
    if q.type == "bool":
        return [True, False]
    return [0, 1, 2, 12, 1000]


def texts(kb: KnowledgeBase) -> list[tuple[str, str]]:
    out = [(f"rule {r.id}", r.because) for r in kb.rules]
    out += [(f"warning {w.id}", w.text) for w in kb.warnings]
    out += [(f"next step {s.id}", s.text) for s in kb.next_steps]
    out += [(f"containment {s.id}", s.text) for s in kb.blend.containment]
    out += [(f"staffing {s.id}", s.text) for s in kb.staffing_choice.not_applicable]
    out += [("tie-break", kb.staffing_choice.tie_text)]
    for model in kb.models.values():
        out += [(f"prerequisite of {model.id}", p.message) for p in model.prerequisites]
    return out


def renderings(kb: KnowledgeBase, text: str) -> list[str]:
    names = [name for _, name, _, _ in string.Formatter().parse(text) if name]
    base = {qid: q.default for qid, q in kb.fact_names.items()}
    base.update({"top_model": "hybrid", "staffing": "shared", "automated_share": 40})
    out = []
    for combo in itertools.product(*(sample_values(kb, n) for n in names)):
        values = {**base, **dict(zip(names, combo, strict=True))}
        out.append(fill(text, values, kb.fact_names))
    return out


def test_every_sentence_reads_right_for_every_value_it_can_quote(kb) -> None:
    problems = []
    for owner, text in texts(kb):
        for sentence in renderings(kb, text):
            for pattern, mistake in MISTAKES:
                if pattern.search(sentence):
                    problems.append(f"{owner}: {mistake}: {sentence!r}")
    assert not problems, "\n".join(problems[:20])


def test_the_report_counts_in_words_that_agree(kb) -> None:
    from servicefit.advice.recommendation import Lead
    from servicefit.report.common import lead_line

    models = list(kb.models)
    one = lead_line(Lead(models[0], models[1], 1, 1.0, True), kb)
    assert "by 1 rule point (1 score point)" in one
    many = lead_line(Lead(models[0], models[1], 12, 20.0, False), kb)
    assert "by 20 rule points (12 score points): a clear lead" in many


@pytest.mark.parametrize("case", sorted((ROOT / "rules" / "cases").glob("*.yaml")))
def test_every_profile_names_a_seed_statement_in_its_description(case: Path) -> None:
    import yaml

    description = yaml.safe_load(case.read_text())["description"]
    assert len(description) > 40
