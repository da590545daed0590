"""How varied the advice is: python bench/population.py [COUNT] [SEED]

Draws COUNT answer sets (default 5,000, seed 2026) uniformly over every question's range: each
choice equally likely, each number uniform between its min and max, each multiselect a uniform
subset (with at least its minimum), each yes/no a coin. Prints the share of profiles each model
leads, and what else shows whether the scale says something: ties at the top, close calls,
leads with no clear fit, the spread of the leading score, leaders the blend leaves out, and the
staffing choice.

Uniform answers are not the real world (a uniform team size is half a million agents); the
point is that every model owns a real region of the answer space. The targets of the advice
quality issue: no model leads more than 40%, every model at least 1%. The same figures with
numbers drawn log-uniformly (closer to real businesses) follow.
"""

from __future__ import annotations

import math
import random
import statistics
import sys
from collections import Counter
from typing import Any

from servicefit.advice.engine import recommend
from servicefit.intake.answers import validate_answers
from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.questions import Question
from servicefit.knowledge.rulesets import default_knowledge


def draw(question: Question, rng: random.Random, log_numbers: bool) -> Any:
    if question.type == "bool":
        return rng.random() < 0.5
    if question.type == "choice":
        return rng.choice(question.values)
    if question.type == "multiselect":
        while True:
            picked = [v for v in question.values if rng.random() < 0.5]
            if len(picked) >= (question.min or 0):
                return picked
    low = question.min or 0
    high = question.max if question.max is not None else low + 1000
    if log_numbers:
        return min(high, max(low, round(10 ** rng.uniform(0, math.log10(high + 1)) - 1)))
    return rng.randint(low, high)


def profiles(kb: KnowledgeBase, count: int, seed: int, log_numbers: bool) -> list[Any]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        raw = {qid: draw(q, rng, log_numbers) for qid, q in kb.questions.items()}
        out.append(validate_answers(raw, kb, "<population>"))
    return out


def report(kb: KnowledgeBase, count: int, seed: int, log_numbers: bool) -> dict[str, float]:
    leads: Counter[str] = Counter()
    staffing: Counter[str] = Counter()
    ties = close = unclear = outside = 0
    tops = []
    for answers in profiles(kb, count, seed, log_numbers):
        rec = recommend(answers, kb)
        leads[rec.models[0].id] += 1
        staffing[rec.staffing.recommended or "does not apply"] += 1
        ties += bool(rec.lead.tied_with)
        close += rec.lead.close_call
        unclear += not rec.lead.clear_fit
        outside += all(c.model != rec.models[0].id for c in rec.blend.components)
        tops.append(rec.models[0].score)
    shares = {m: leads[m] / count for m in kb.models}
    print(f"{'model':<16} leads")
    for model, share in sorted(shares.items(), key=lambda kv: -kv[1]):
        print(f"{model:<16} {share:6.1%}")
    quartiles = statistics.quantiles(tops, n=4)
    print(
        f"ties at the top {ties / count:.1%}, close calls {close / count:.1%}, "
        f"no clear fit {unclear / count:.1%}; leading score median {statistics.median(tops):g} "
        f"(quartiles {quartiles[0]:g}-{quartiles[2]:g}), at 90 or more "
        f"{sum(t >= 90 for t in tops) / count:.1%}"
    )
    print(f"leader without a share in the blend (a warning says why) {outside / count:.1%}")
    print("staffing: " + ", ".join(f"{k} {v / count:.1%}" for k, v in staffing.most_common()))
    return shares


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 2026
    kb = default_knowledge()
    print(f"# {count:,} answer sets, seed {seed}: numbers uniform over their range")
    shares = report(kb, count, seed, log_numbers=False)
    print(f"\n# the same, numbers log-uniform (seed {seed})")
    report(kb, count, seed, log_numbers=True)
    worst = max(shares.values()), min(shares.values())
    within = worst[0] <= 0.40 and worst[1] >= 0.01
    print(
        f"\ntargets (uniform): most {worst[0]:.1%} (<= 40%), least {worst[1]:.1%} (>= 1%): "
        f"{'met' if within else 'NOT met'}"
    )
    return 0 if within else 1


if __name__ == "__main__":
    raise SystemExit(main())
