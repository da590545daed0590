"""The labelling sample and its estimate."""

from __future__ import annotations

import random

from servicefit.audit.intents import Lexicon
from servicefit.audit.labelling import draw, estimate, weights_of
from servicefit.audit.measure import Sampled
from servicefit.knowledge.intents import Intent


def lexicon() -> Lexicon:
    rare = Intent("rare", "Rare", ("gift wrapping",), (), (), None)
    common = Intent("common", "Common", ("where is my order",), (), (), None)
    return Lexicon([rare, common], [], ["broken"], [], None)


def sample() -> list[Sampled]:
    texts = ["where is my order"] * 900 + ["gift wrapping"] * 10 + ["it is broken"] * 90
    return [Sampled(f"x:{i}", str(i), t) for i, t in enumerate(texts)]


def test_a_stratified_sample_asks_about_rare_intents_too() -> None:
    picked = draw(sample(), lexicon(), 100, seed=1)
    assert len(picked) == 100 and len({p.id for p in picked}) == 100
    assert sum(p.text == "gift wrapping" for p in picked) >= 5  # 1% of tickets, 5% of the sample
    assert draw(sample(), lexicon(), 100, seed=1) == picked  # seeded


def test_the_estimate_weighs_strata_by_their_share_of_all_tickets() -> None:
    items, lex = sample(), lexicon()
    picked = draw(items, lex, 100, seed=1)
    truth = {p.id: p.text != "it is broken" for p in items}  # routine unless broken
    labels = {p.id: truth[p.id] for p in picked}
    strata_of = {p.id: ("problem" if "broken" in p.text else "rare" if "gift" in p.text else "common") for p in items}  # fmt: skip
    found = estimate(labels, strata_of, weights_of(items, lex))
    assert found is not None and abs(found.share - 0.91) < 1e-9  # exact: each stratum is pure
    assert found.low <= 0.91 <= found.high


def test_the_interval_narrows_as_labels_come_and_covers_the_truth() -> None:
    rng = random.Random(3)
    items = [Sampled(f"x:{i}", str(i), "where is my order") for i in range(2000)]
    truth = {p.id: rng.random() < 0.6 for p in items}
    weights = {"common": 1.0}
    strata_of = {p.id: "common" for p in items}
    few = estimate({k: truth[k] for k in list(truth)[:40]}, strata_of, weights)
    many = estimate({k: truth[k] for k in list(truth)[:400]}, strata_of, weights)
    assert few and many and (many.high - many.low) < (few.high - few.low)
    assert many.low <= 0.6 <= many.high and many.settled
