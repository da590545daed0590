"""Labelling made cheap: which tickets to ask about, and what the answers say.

The rules sort every sampled ticket into a stratum: one per routine intent, and "problem",
"escalation" and "nothing matched". A labelling sample takes from each stratum in proportion
to its size, at least a few from each (so that rare intents are asked about too), in a seeded
random order. The estimate weighs each stratum's labelled share by the stratum's share of all
tickets (post-stratification), so a sample drawn this way, or a uniform one, estimates the
routine share without bias; its 95% interval is Wilson's at the effective sample size.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from servicefit.audit.intents import Lexicon, Match
from servicefit.audit.labels import wilson
from servicefit.audit.measure import Sampled

LEAST_PER_STRATUM = 5
SAMPLE = 400  # the default: about ±5 points at any share
GOAL = 0.05  # labelling can stop once the interval's half-width is this or less
LEAST_LABELS = 30  # and at least this many are labelled


def stratum(match: Match) -> str:
    if match.escalation:
        return "escalation"
    if match.problem:
        return "problem"
    return match.intent or "nothing"


def strata(sample: Sequence[Sampled], lexicon: Lexicon) -> dict[str, str]:
    """Ticket id -> its stratum."""
    return {item.id: stratum(lexicon.classify(item.text)) for item in sample}


def draw(sample: Sequence[Sampled], lexicon: Lexicon, size: int, seed: int) -> list[Sampled]:
    """A stratified sample of `size` tickets (fewer if the sample has fewer), random order."""
    rng = random.Random(seed)
    groups: dict[str, list[Sampled]] = {}
    for item in sorted(sample, key=lambda s: s.source):
        groups.setdefault(stratum(lexicon.classify(item.text)), []).append(item)
    total = len(sample)
    size = min(size, total)
    want = {
        name: min(len(items), max(LEAST_PER_STRATUM, round(size * len(items) / total)))
        for name, items in groups.items()
    }
    while sum(want.values()) > size:  # the minimums pushed it over: trim the largest
        largest = max(want, key=lambda k: (want[k] - LEAST_PER_STRATUM, k))
        want[largest] -= 1
    picked = [item for name in sorted(groups) for item in rng.sample(groups[name], want[name])]
    rng.shuffle(picked)
    return picked


class Estimate(NamedTuple):
    share: float
    low: float
    high: float
    labelled: int  # tickets labelled routine or not

    @property
    def settled(self) -> bool:
        return self.labelled >= LEAST_LABELS and (self.high - self.low) / 2 <= GOAL


def estimate(
    labels: Mapping[str, bool], strata_of: Mapping[str, str], weights: Mapping[str, float]
) -> Estimate | None:
    """The routine share from `labels` (id -> routine), each labelled ticket in its stratum
    (`strata_of`), strata weighed by `weights` (their share of all tickets); a stratum with no
    label yet takes the labelled share of all the others. None without any label."""
    found = {i: v for i, v in labels.items() if i in strata_of}
    if not found:
        return None
    n = len(found)
    overall = sum(found.values()) / n
    yes: Counter[str] = Counter()
    count: Counter[str] = Counter()
    for ident, routine in found.items():
        count[strata_of[ident]] += 1
        yes[strata_of[ident]] += routine
    total_weight = sum(weights.values()) or 1.0
    share = variance = 0.0
    for name, weight in weights.items():
        w = weight / total_weight
        p = yes[name] / count[name] if count[name] else overall
        share += w * p
        if count[name]:
            variance += w * w * p * (1 - p) / count[name]
    if variance > 0:
        effective = share * (1 - share) / variance
        effective = max(1.0, min(effective, float(n) * 10))
    else:
        effective = float(n)
    low, high = wilson(round(share * effective), max(1, round(effective)))
    return Estimate(share, low, high, n)


def weights_of(sample: Sequence[Sampled], lexicon: Lexicon) -> dict[str, float]:
    """Each stratum's share of the sampled tickets."""
    counts = Counter(stratum(lexicon.classify(item.text)) for item in sample)
    n = len(sample) or 1
    return {name: c / n for name, c in counts.items()}


def half_width(estimate: Estimate) -> float:
    return (estimate.high - estimate.low) / 2


def labels_needed(share: float, goal: float = GOAL) -> int:
    """About how many labels a ±goal interval needs at this share (normal approximation)."""
    p = min(max(share, 0.05), 0.95)
    return math.ceil(1.96**2 * p * (1 - p) / goal**2)
