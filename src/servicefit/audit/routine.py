"""The routine share of an audit: the rules on the text sample (with the interval their
measured error gives), labels in their place when given, the intents nothing matched, and
what automation could close of the routine intents."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace

from servicefit.audit.automation import AutomationPotential, potential
from servicefit.audit.discover import candidates
from servicefit.audit.document import NOT_MEASURED, CandidateIntent, IntentShare, Routine
from servicefit.audit.intents import Lexicon
from servicefit.audit.labels import wilson
from servicefit.audit.measure import Tally
from servicefit.audit.privacy import EXAMPLE_TRIES, examples
from servicefit.audit.warning import Warning_
from servicefit.knowledge.audit import AuditRules
from servicefit.knowledge.wording import plural


def _every(count: int) -> str:
    """'all 1,234 tickets', 'both tickets' or 'the one ticket'."""
    return {1: "the one ticket", 2: "both tickets"}.get(count, f"all {count:,} tickets")


def _share(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole else 0.0


def unmeasured(blank: int = 0) -> Routine:
    """The routine share of an export without ticket text (`blank`: tickets whose mapped text
    columns were all empty)."""
    return Routine(
        share=None,
        estimator=None,
        interval=None,
        method=(
            f"{NOT_MEASURED}the text of {_every(blank)} is empty (map another column "
            "with --map text=COLUMN)"
            if blank
            else f"{NOT_MEASURED}the export has no ticket text (map it with --map text=COLUMN)"
        ),
        sample_size=0,
        intents=[],
        unmatched_share=None,
        escalated_share=None,
        problem_share=None,
        candidates=[],
    )


def routine_share(
    tally: Tally, lexicon: Lexicon, rules: AuditRules
) -> tuple[Routine, dict[str, Counter[str]]]:
    """The routine share and its intents, and each routine intent's sampled tickets per
    channel (for the automation potential)."""
    sample = tally.sample
    if not sample:
        return unmeasured(tally.without_text), {}
    counts: dict[str, int] = {}
    texts: dict[str, list[str]] = {}  # the first tickets of each intent, for its examples
    escalated = problems = 0
    nothing: list[str] = []  # texts no rule decided, for candidate intents
    by_intent: dict[str, Counter[str]] = {}  # routine intent -> its tickets per channel
    for item in sorted(sample, key=lambda s: s.source):  # a stable order for the examples
        match = lexicon.classify(item.text)
        if match.escalation:
            escalated += 1
        elif match.problem:
            problems += 1
        elif match.intent is None:
            nothing.append(item.text)
        else:
            counts[match.intent] = counts.get(match.intent, 0) + 1
            by_intent.setdefault(match.intent, Counter())[item.channel] += 1
            tried = texts.setdefault(match.intent, [])
            if len(tried) < EXAMPLE_TRIES:
                tried.append(item.text)
    n = len(sample)
    unmatched = len(nothing)
    labels = {i.id: i.label for i in lexicon.intents}
    least = max(rules.candidate_tickets, math.ceil(rules.candidate_share * unmatched))
    scale = tally.texts_seen / n
    sampled = n < tally.texts_seen
    routine = sum(counts.values())
    low, high = wilson(routine, n) if sampled else (routine / n, routine / n)
    words = statistics.median(_words(s.text) for s in sample)
    below, above, kind = rules.spread.around(words)
    interval = [round(max(0.0, low - below), 4), round(min(1.0, high + above), 4)]
    found = Routine(
        share=_share(routine, n),
        estimator="rules",
        interval=interval,
        method=(
            f"routine rules on a uniform random sample of {n:,} of "
            f"{plural(tally.texts_seen, 'ticket')}"
            if sampled
            else f"routine rules on {_every(n)} with text"
        )
        + (f" ({tally.without_text:,} without text left out)" if tally.without_text else "")
        + f"; likely {interval[0]:.0%} to {interval[1]:.0%} (the rules' error on public "
        + {
            "short": "labelled sets of short messages like these, bench/routine)",
            "sentences": "labelled sets, bench/routine)",
            "longer": f"labelled sets, bench/routine; tickets as long as these, {words:,.0f} "
            "words at the median, were measured on complaint letters only, of which the rules "
            "called up to a fifth routine)",
        }[kind],
        sample_size=n,
        intents=[
            IntentShare(
                id=intent,
                label=labels[intent],
                contacts=round(c * scale),
                share=_share(c, n),
                # three tickets that say the same show it once
                examples=examples(texts[intent], rules.examples_per_intent),
            )
            for intent, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        unmatched_share=_share(unmatched, n),
        escalated_share=_share(escalated, n),
        problem_share=_share(problems, n),
        candidates=[
            CandidateIntent(
                phrase=c.phrase,
                tickets=round(c.tickets * scale),
                share_of_unmatched=_share(c.tickets, unmatched),
                examples=list(c.examples),
            )
            for c in candidates(nothing, least, rules.grammar.greetings)
        ],
    )
    return found, by_intent


def automation_potential(
    routine: Routine,
    by_intent: Mapping[str, Counter[str]],
    lexicon: Lexicon,
    rules: AuditRules,
    tally: Tally,
) -> AutomationPotential | None:
    """The automation potential of the measured routine intents, its ends carrying the routine
    share's interval (and, with labels, the labelled share in place of the rules')."""
    if routine.share is None or routine.interval is None:
        return None
    rules_share = routine.share if routine.lexicon_share is None else routine.lexicon_share
    rules_share = rules_share or 0.0
    low, high = routine.interval
    scale = (
        (low / rules_share, routine.share / rules_share, high / rules_share)
        if rules_share
        else (1.0, 1.0, 1.0)
    )
    factors = dict(rules.automation_channels)
    total = sum(tally.channels.values())
    factors[""] = (
        sum(factors.get(ch, 1.0) * n for ch, n in tally.channels.items()) / total if total else 1.0
    )
    intents = {i.id: i for i in lexicon.intents}
    return potential(by_intent, routine.sample_size, intents, factors, scale)


def labelled_share(
    routine: Routine,
    tally: Tally,
    lexicon: Lexicon,
    labels: Mapping[str, bool],
    warnings: list[Warning_],
) -> Routine:
    """The routine share from labels: the labelled estimate replaces the rules'. Each labelled
    ticket counts in its stratum (what the rules decided for it), each stratum by its share of
    all sampled tickets, so a stratified labelling sample (`audit label`) and a uniform one
    (`--write-sample`) both estimate without bias."""
    from servicefit.audit.labelling import estimate, stratum, weights_of
    from servicefit.audit.labels import label_stats

    decided = {i: lexicon.classify(text) for i, text in tally.labelled.items()}
    says = {i: m.intent is not None for i, m in decided.items()}
    stats = label_stats(labels, says)
    if stats.found < stats.labelled:
        warnings.append(
            Warning_(
                "labels-not-found",
                f"{stats.labelled - stats.found:,} labelled ids are not in these exports, or "
                "their tickets have no text; they were left out.",
            )
        )
    if not stats.found:
        return replace(routine, labels=stats)
    agreement = ", ".join(
        f"{name} {value:.0%}"
        for name, value in (("precision", stats.precision), ("recall", stats.recall))
        if value is not None
    )
    found = estimate(
        labels, {i: stratum(m) for i, m in decided.items()}, weights_of(tally.sample, lexicon)
    )
    assert found is not None  # stats.found > 0
    method = (
        f"labelled by hand: {stats.routine:,} of {plural(stats.found, 'ticket')} routine, "
        "weighed by "
        f"what the rules decided for all tickets: {found.share:.0%}, 95% confidence "
        f"{found.low:.0%} to {found.high:.0%}"
        + (f"; the rules on them: {agreement}" if agreement else "")
    )
    return replace(
        routine,
        share=round(found.share, 4),
        estimator="labels",
        interval=[round(found.low, 4), round(found.high, 4)],
        method=method,
        lexicon_share=routine.share,
        labels=stats,
    )


def _words(text: str) -> int:
    return len(text.split())
