"""What is to be staffed: contact volumes per channel, their targets, and the checks on them.

One set of checks serves the answers file's `volumes` and the `staffing` command's flags: each
raises ValueProblem naming the field (contacts, per, aht, target, concurrency, patience); the
caller says where that field stood (a YAML key, or a flag).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from servicefit.errors import ValueProblem
from servicefit.messages import shown

PERIODS = ("15m", "30m", "1h", "1d")
SHARED, DEDICATED = "shared", "dedicated"  # the two ways to staff channels
# Bounds on what one queue may ask, so that every sizing ends within a second or so: the
# largest contact centres staff tens of thousands of agents on a channel, not millions.
MAX_LOAD = 1_000_000.0  # Erlangs: agents' worth of work arriving at once on one channel
MAX_CONTACTS = 1e9  # per period
MAX_HANDLE = 86_400.0  # seconds: a day's work on one contact
MAX_ANSWER = 86_400.0  # seconds: the time within which a service level counts an answer
MAX_WINDOW = 30 * 86_400.0  # seconds: the longest response window
MAX_PATIENCE = 86_400.0  # seconds
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_SERVICE_LEVEL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%?\s*/\s*(\d+(?:\.\d+)?)\s*s?\s*$")


class ChannelVolume(NamedTuple):
    channel: str
    contacts: float
    period: float  # seconds
    per: str
    aht: float  # seconds
    level: float | None  # share answered within `within` (real-time channels)
    within: float | None
    window: float | None  # response window in seconds (deferred channels)
    target: str
    concurrency: int = 1
    patience: float | None = None

    @property
    def deferred(self) -> bool:
        return self.window is not None

    @property
    def rate(self) -> float:
        return self.contacts / self.period


class Workload(NamedTuple):
    channels: tuple[ChannelVolume, ...]
    shrinkage: float | None
    switch_penalty: float | None
    max_occupancy: float | None
    agent_cost_per_hour: float | None


class SizingSettings(NamedTuple):
    """The defaults a workload is sized with where the answers do not say (workforce.yaml)."""

    concurrency_factors: Mapping[int, float]
    switch_penalty: float
    deferred_occupancy: float
    shrinkage: float


class FieldProblem(ValueProblem):
    """A value of one field of a queue's specification that does not fit."""

    def __init__(self, field: str, message: str, hint: str | None = None):
        super().__init__(message, hint)
        self.field = field


def duration(text: Any) -> float | None:
    """'30m' → 1800.0; None when the text is not a duration."""
    match = _DURATION.match(str(text)) if isinstance(text, str) else None
    if not match or float(match.group(1)) <= 0:
        return None
    return float(match.group(1)) * _UNITS[match.group(2)]


def service_level(text: Any) -> tuple[float, float] | None:
    """'80/20' → (0.8, 20.0): 80% answered within 20 seconds; None when not of that form."""
    match = _SERVICE_LEVEL.match(str(text)) if isinstance(text, (str, int)) else None
    if not match:
        return None
    return float(match.group(1)) / 100, float(match.group(2))


def number(
    field: str,
    value: Any,
    *,
    low: float = 0.0,
    high: float | None = None,
    low_open: bool = False,
    hint: str = "",
) -> float:
    """A finite number within bounds, or FieldProblem."""
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if ok:
        ok = value > low if low_open else value >= low
        ok = ok and (high is None or value <= high)
    if not ok:
        bound = f"more than {low:g}" if low_open else f"at least {low:g}"
        if high is not None:
            bound += f" and at most {high:g}"
        raise FieldProblem(
            field, f"{shown(value)} is not allowed.", hint or f"Give a number {bound}."
        )
    return float(value)


def channel_volume(
    channel: str,
    spec: dict[str, Any],
    concurrency_levels: list[int],
) -> ChannelVolume:
    """A queue's specification (contacts, per, aht, target, and optionally concurrency and
    patience) checked field by field; FieldProblem names the first field that does not fit."""
    contacts = number(
        "contacts",
        spec["contacts"],
        high=MAX_CONTACTS,
        hint=f"Give the number of contacts per period, from 0 to {MAX_CONTACTS:,.0f}.",
    )
    period = duration(spec["per"])
    if period is None:
        raise FieldProblem(
            "per",
            f"{shown(spec['per'])} is not a period.",
            f"Use one of {', '.join(PERIODS)} (any number with m, h or d works).",
        )
    aht = number(
        "aht",
        spec["aht"],
        low_open=True,
        high=MAX_HANDLE,
        hint=f"Give the average handle time in seconds, more than 0 and at most {MAX_HANDLE:,.0f}.",
    )
    load = contacts / period * aht
    if load > MAX_LOAD:
        raise FieldProblem(
            "contacts",
            f"{contacts:,.0f} contacts per {spec['per']} of {aht:g} s each keep about "
            f"{load:,.0f} agents busy at once; servicefit sizes up to {MAX_LOAD:,.0f} a channel.",
            "Check the period and the handle time (seconds), or size a share of the volume.",
        )
    target = spec["target"]
    level = service_level(target)
    window = None if level is not None else duration(target)
    if level is None and window is None:
        raise FieldProblem(
            "target",
            f"{shown(target)} is not a target.",
            "Write 80/20 for 80% answered within 20 seconds, or 24h for a response within 24 hours.",
        )
    if level is not None and not 0 < level[0] <= 1:
        raise FieldProblem(
            "target",
            f"{target!r} asks for {level[0]:.0%} of contacts.",
            "The percentage must be above 0 and at most 100.",
        )
    if (level is not None and level[1] > MAX_ANSWER) or (
        window is not None and window > MAX_WINDOW
    ):
        raise FieldProblem(
            "target",
            f"{target!r} is beyond what servicefit sizes.",
            f"Answer times go up to {MAX_ANSWER:,.0f} s (80/20 style) and response windows up to "
            "30 days (e.g. 24h).",
        )
    concurrency = spec.get("concurrency", 1)
    if (
        not isinstance(concurrency, int)
        or isinstance(concurrency, bool)
        or concurrency not in concurrency_levels
    ):
        raise FieldProblem(
            "concurrency",
            f"{shown(concurrency)} is not a supported concurrency.",
            f"Give a whole number from {min(concurrency_levels)} to {max(concurrency_levels)}.",
        )
    patience = None
    if "patience" in spec:
        patience = number(
            "patience",
            spec["patience"],
            low_open=True,
            high=MAX_PATIENCE,
            hint="Give the mean time callers wait before hanging up, in seconds (at most a day).",
        )
        if window is not None:
            raise FieldProblem(
                "patience",
                "patience applies to real-time channels, not to a response window.",
                "Remove patience, or give an 80/20-style target.",
            )
    return ChannelVolume(
        str(channel),
        contacts,
        period,
        str(spec["per"]),
        aht,
        level[0] if level else None,
        level[1] if level else None,
        window,
        str(target),
        concurrency,
        patience,
    )
