"""How fast the routine rules read tickets: python bench/routine/speed.py [COUNT] [CHARS]

COUNT tickets (default 20,000) of at least CHARS characters (default 520) are made, seeded, by
joining the examples and counter-examples of rules/audit/intents.yaml in random order (so the
words are those real rules meet, and no data set need be downloaded). They are classified on
one core with the shipped rules, three times, and the median is printed in tickets a second;
beside it, as the floor measured in the same run, the tokeniser alone (lower-casing and
splitting the same texts into words, which any reader of the text pays), and the ratio of the
two. Issue #25 asks for at least 10,000 tickets a second on two cores.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from evaluate import shipped_rules

from servicefit.audit.intents import lexicon_for, tokens


def tickets(rules_examples: list[str], count: int, chars: int) -> list[str]:
    rng = random.Random(25)
    out = []
    for _ in range(count):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < chars:
            parts.append(rng.choice(rules_examples))
        out.append(" ".join(parts))
    return out


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    chars = int(sys.argv[2]) if len(sys.argv) > 2 else 520
    rules = shipped_rules()
    examples = [
        text
        for intent in (*rules.intents_for(None), rules.grammar.intent)
        for text in (*intent.examples, *intent.counter_examples)
    ]
    texts = tickets(examples, count, chars)
    lexicon = lexicon_for(rules, None)
    timings: dict[str, list[float]] = {"rules": [], "tokeniser": []}
    for _ in range(3):
        for name, read in (("rules", lexicon.classify), ("tokeniser", tokens)):
            started = time.perf_counter()
            for text in texts:
                read(text)
            timings[name].append(time.perf_counter() - started)
    rules_s, floor_s = (statistics.median(timings[n]) for n in ("rules", "tokeniser"))
    length = statistics.median(len(t) for t in texts)
    print(
        f"{count:,} tickets of {length:.0f} characters at the median, one core: the rules "
        f"{count / rules_s:,.0f} a second, the tokeniser alone {count / floor_s:,.0f}: "
        f"{rules_s / floor_s:.1f}x the floor"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
