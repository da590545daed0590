"""The optional workload part of an answers file: contact volumes per channel and staffing settings.

volumes:
  phone: {contacts: 100, per: 30m, aht: 180, target: 80/20}     # 80% answered within 20 s
  chat:  {contacts: 200, per: 30m, aht: 600, target: 80/30, concurrency: 2}
  email: {contacts: 400, per: 1d, aht: 300, target: 24h}          # respond within 24 h
shrinkage: 0.3
switch_penalty: 0.1
max_occupancy: 0.85
agent_cost_per_hour: 28

The values are checked by staffing.workload, the same checks the `staffing` command's flags
get; this module says where in the file a value that does not fit stood.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servicefit.errors import AnswersError
from servicefit.messages import did_you_mean
from servicefit.staffing.workload import (
    ChannelVolume,
    FieldProblem,
    Workload,
    channel_volume,
    number,
)
from servicefit.yamlio.located import key_mark, locate, value_mark

WORKLOAD_KEYS = ("volumes", "shrinkage", "switch_penalty", "max_occupancy", "agent_cost_per_hour")
CHANNEL_KEYS = ("contacts", "per", "aht", "target", "concurrency", "patience")
REQUIRED_KEYS = ("contacts", "per", "aht", "target")
_FRACTION = "Give a fraction from 0 to 1, e.g. 0.3 for 30%."


def _fail(file: str, owner: Mapping, key: Any, problem: FieldProblem, label: str) -> AnswersError:
    mark = value_mark(owner, key) or key_mark(owner, key)
    return AnswersError(problem.message, locate(file, mark, label), problem.hint)


def _setting(raw: Mapping, file: str, key: str, **bounds: Any) -> float | None:
    if key not in raw:
        return None
    try:
        return number(key, raw[key], **bounds)
    except FieldProblem as problem:
        raise _fail(file, raw, key, problem, key) from None


def parse_workload(
    raw: Mapping, file: str, channel_ids: list[str], concurrency_levels: list[int]
) -> Workload | None:
    """Check the workload keys of an answers file; None when it has none."""
    if not any(k in raw for k in WORKLOAD_KEYS):
        return None
    shrinkage = _setting(raw, file, "shrinkage", high=0.95, hint=_FRACTION)
    switch = _setting(raw, file, "switch_penalty", high=1, hint=_FRACTION)
    occupancy = _setting(raw, file, "max_occupancy", high=1, low_open=True, hint=_FRACTION)
    cost = _setting(
        raw, file, "agent_cost_per_hour", hint="Give the cost of one agent-hour, e.g. 28."
    )
    channels: list[ChannelVolume] = []
    volumes = raw.get("volumes")
    if volumes is not None:
        if not isinstance(volumes, dict) or not volumes:
            message = (
                "volumes is empty; give each channel's volume, or leave volumes out."
                if isinstance(volumes, dict)
                else "volumes must be a mapping of channel to its volume."
            )
            problem = FieldProblem(
                "volumes",
                message,
                "e.g. volumes: {phone: {contacts: 100, per: 30m, aht: 180, target: 80/20}}",
            )
            raise _fail(file, raw, "volumes", problem, "volumes")
        for channel, spec in volumes.items():
            channels.append(_channel(file, volumes, channel, spec, channel_ids, concurrency_levels))
    return Workload(tuple(channels), shrinkage, switch, occupancy, cost)


def _channel(
    file: str,
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
            locate(file, key_mark(volumes, channel), label),
            f"Channels: {', '.join(channel_ids)}.",
        )
    if not isinstance(spec, dict):
        problem = FieldProblem(
            channel,
            f"{label} must be a mapping.",
            "e.g. {contacts: 100, per: 30m, aht: 180, target: 80/20}",
        )
        raise _fail(file, volumes, channel, problem, label)
    for key in spec:
        if key not in CHANNEL_KEYS:
            raise AnswersError(
                f"unknown key {key!r}.{did_you_mean(key, CHANNEL_KEYS)}",
                locate(file, key_mark(spec, key), f"{label}.{key}"),
                f"Allowed: {', '.join(CHANNEL_KEYS)}.",
            )
    for key in REQUIRED_KEYS:
        if key not in spec:
            raise AnswersError(
                f"{label} needs {key!r}.",
                locate(file, key_mark(volumes, channel), label),
                "Each channel needs contacts, per, aht and target.",
            )
    try:
        return channel_volume(str(channel), spec, levels)
    except FieldProblem as problem:
        raise _fail(file, spec, problem.field, problem, f"{label}.{problem.field}") from None
