"""How much of all contacts automation could close, from the routine intents the audit measured.

For each routine intent: its share of all contacts × the share of its contacts automation can
close (the intent's containment, low / likely / high, in rules/audit/intents.yaml) × how well
automation serves the channels its tickets came in on (rules/audit/measures.yaml,
automation_channels: about 1.0 for chat, 0.85 for e-mail, 0.65 for voice). The low and high
ends also carry the routine share's own interval, so the range holds both uncertainties.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, NamedTuple

from servicefit.knowledge.intents import Containment, Intent


class IntentPotential(NamedTuple):
    id: str
    label: str
    share: float  # of all contacts
    containment: Containment
    channel_factor: float  # the channels its tickets came in on, weighted
    likely: float  # what it adds to the likely automated share

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "share": round(self.share, 4),
            "containment": list(self.containment),
            "channel_factor": round(self.channel_factor, 3),
            "likely": round(self.likely, 4),
        }


class AutomationPotential(NamedTuple):
    low: float
    likely: float
    high: float
    intents: tuple[IntentPotential, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "low": round(self.low, 4),
            "likely": round(self.likely, 4),
            "high": round(self.high, 4),
            "intents": [i.to_dict() for i in self.intents],
        }


def potential(
    by_intent: Mapping[str, Counter[str]],
    sample_size: int,
    intents: Mapping[str, Intent],
    factors: Mapping[str, float],
    scale: tuple[float, float, float],
) -> AutomationPotential | None:
    """`by_intent`: routine intent -> its sampled tickets per channel ("" unknown: the
    channel mix's factor, `factors[""]`); `scale`: what the routine share's low, likely and
    high ends are against the rules' share (1.0 when the rules' share is the estimate)."""
    if not sample_size:
        return None
    out = []
    for intent_id, channels in by_intent.items():
        count = sum(channels.values())
        factor = (
            sum(factors.get(ch, factors.get("", 1.0)) * n for ch, n in channels.items()) / count
        )
        share = count / sample_size
        c = intents[intent_id].containment
        out.append(
            IntentPotential(
                intent_id, intents[intent_id].label, share, c, factor, share * c.likely * factor
            )
        )
    out.sort(key=lambda i: (-i.likely, i.id))
    low = sum(i.share * i.containment.low * i.channel_factor for i in out) * scale[0]
    likely = sum(i.likely for i in out) * scale[1]
    high = sum(i.share * i.containment.high * i.channel_factor for i in out) * scale[2]
    return AutomationPotential(min(low, 1.0), min(likely, 1.0), min(high, 1.0), tuple(out))
