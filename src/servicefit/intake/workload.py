"""The optional workload part of an answers file: contact volumes per channel and staffing settings.

volumes:
  phone: {contacts: 100, per: 30m, aht: 180, target: 80/20}     # 80% answered within 20 s
  chat:  {contacts: 200, per: 30m, aht: 600, target: 80/30, concurrency: 2}
  email: {contacts: 400, per: 1d, aht: 300, target: 24h}          # respond within 24 h
shrinkage: 0.3
switch_penalty: 0.1
max_occupancy: 0.85
agent_cost_per_hour: 28
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from servicefit.errors import AnswersError
from servicefit.messages import did_you_mean, shown
from servicefit.yamlio.source import key_mark, locate, value_mark

WORKLOAD_KEYS = ("volumes", "shrinkage", "switch_penalty", "max_occupancy", "agent_cost_per_hour")
CHANNEL_KEYS = ("contacts", "per", "aht", "target", "concurrency", "patience")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_SERVICE_LEVEL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%?\s*/\s*(\d+(?:\.\d+)?)\s*s?\s*$")
PERIODS = ("15m", "30m", "1h", "1d")


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


class _Checker:
    def __init__(self, raw: Mapping, file: str):
        self.raw = raw
        self.file = file

    def fail(self, owner: Mapping, key: str, message: str, hint: str, label: str) -> AnswersError:
        return AnswersError(
            message, locate(self.file, value_mark(owner, key) or key_mark(owner, key), label), hint
        )

    def number(
        self,
        owner: Mapping,
        key: str,
        label: str,
        *,
        low: float = 0.0,
        high: float | None = None,
        low_open: bool = False,
        hint: str = "",
    ) -> float:
        value = owner[key]
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if ok:
            ok = value > low if low_open else value >= low
            ok = ok and (high is None or value <= high)
        if not ok:
            bound = f"more than {low:g}" if low_open else f"at least {low:g}"
            if high is not None:
                bound += f" and at most {high:g}"
            raise self.fail(
                owner,
                key,
                f"{shown(value)} is not allowed.",
                hint or f"Give a number {bound}.",
                label,
            )
        return float(value)


def parse_workload(
    raw: Mapping, file: str, channel_ids: list[str], concurrency_levels: list[int]
) -> Workload | None:
    """Check the workload keys of an answers file; None when it has none."""
    if not any(k in raw for k in WORKLOAD_KEYS):
        return None
    check = _Checker(raw, file)
    fraction = "Give a fraction from 0 to 1, e.g. 0.3 for 30%."
    shrinkage = (
        check.number(raw, "shrinkage", "shrinkage", high=0.95, hint=fraction)
        if "shrinkage" in raw
        else None
    )
    switch = (
        check.number(raw, "switch_penalty", "switch_penalty", high=1, hint=fraction)
        if "switch_penalty" in raw
        else None
    )
    occupancy = (
        check.number(raw, "max_occupancy", "max_occupancy", high=1, low_open=True, hint=fraction)
        if "max_occupancy" in raw
        else None
    )
    cost = (
        check.number(
            raw,
            "agent_cost_per_hour",
            "agent_cost_per_hour",
            hint="Give the cost of one agent-hour, e.g. 28.",
        )
        if "agent_cost_per_hour" in raw
        else None
    )
    channels: list[ChannelVolume] = []
    volumes = raw.get("volumes")
    if volumes is not None:
        if not isinstance(volumes, dict) or not volumes:
            raise check.fail(
                raw,
                "volumes",
                "volumes is empty; give each channel's volume, or leave volumes out."
                if isinstance(volumes, dict)
                else "volumes must be a mapping of channel to its volume.",
                "e.g. volumes: {phone: {contacts: 100, per: 30m, aht: 180, target: 80/20}}",
                "volumes",
            )
        for channel, spec in volumes.items():
            channels.append(
                _channel(check, volumes, channel, spec, channel_ids, concurrency_levels)
            )
    return Workload(tuple(channels), shrinkage, switch, occupancy, cost)


def _channel(
    check: _Checker,
    volumes: Mapping,
    channel: Any,
    spec: Any,
    channel_ids: list[str],
    levels: list[int],
) -> ChannelVolume:
    label = f"volumes.{channel}"
    if channel not in channel_ids:
        raise AnswersError(
            f"unknown channel {channel!r}.{did_you_mean(channel, channel_ids)}",
            locate(check.file, key_mark(volumes, channel), label),
            f"Channels: {', '.join(channel_ids)}.",
        )
    if not isinstance(spec, dict):
        raise check.fail(
            volumes,
            channel,
            f"{label} must be a mapping.",
            "e.g. {contacts: 100, per: 30m, aht: 180, target: 80/20}",
            label,
        )
    for key in spec:
        if key not in CHANNEL_KEYS:
            raise AnswersError(
                f"unknown key {key!r}.{did_you_mean(key, CHANNEL_KEYS)}",
                locate(check.file, key_mark(spec, key), f"{label}.{key}"),
                f"Allowed: {', '.join(CHANNEL_KEYS)}.",
            )
    for key in ("contacts", "per", "aht", "target"):
        if key not in spec:
            raise AnswersError(
                f"{label} needs {key!r}.",
                locate(check.file, key_mark(volumes, channel), label),
                "Each channel needs contacts, per, aht and target.",
            )
    contacts = check.number(
        spec,
        "contacts",
        f"{label}.contacts",
        hint="Give the number of contacts per period (0 or more).",
    )
    period = duration(spec["per"])
    if period is None:
        raise check.fail(
            spec,
            "per",
            f"{shown(spec['per'])} is not a period.",
            f"Use one of {', '.join(PERIODS)} (any number with m, h or d works).",
            f"{label}.per",
        )
    aht = check.number(
        spec,
        "aht",
        f"{label}.aht",
        low_open=True,
        hint="Give the average handle time in seconds (more than 0).",
    )
    target = spec["target"]
    level = service_level(target)
    window = None if level is not None else duration(target)
    if level is None and window is None:
        raise check.fail(
            spec,
            "target",
            f"{shown(target)} is not a target.",
            "Write 80/20 for 80% answered within 20 seconds, or 24h for a response within 24 hours.",
            f"{label}.target",
        )
    if level is not None and not 0 < level[0] <= 1:
        raise check.fail(
            spec,
            "target",
            f"{target!r} asks for {level[0]:.0%} of contacts.",
            "The percentage must be above 0 and at most 100.",
            f"{label}.target",
        )
    concurrency = 1
    if "concurrency" in spec:
        concurrency = spec["concurrency"]
        if (
            not isinstance(concurrency, int)
            or isinstance(concurrency, bool)
            or concurrency not in levels
        ):
            raise check.fail(
                spec,
                "concurrency",
                f"{shown(concurrency)} is not a supported concurrency.",
                f"Give a whole number from {min(levels)} to {max(levels)}.",
                f"{label}.concurrency",
            )
    patience = None
    if "patience" in spec:
        patience = check.number(
            spec,
            "patience",
            f"{label}.patience",
            low_open=True,
            hint="Give the mean time callers wait before hanging up, in seconds.",
        )
        if window is not None:
            raise check.fail(
                spec,
                "patience",
                "patience applies to real-time channels, not to a response window.",
                "Remove patience, or give an 80/20-style target.",
                f"{label}.patience",
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
