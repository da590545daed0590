"""The optional workload part of an answers file: contact volumes per channel and staffing settings.

volumes:
  phone: {contacts: 100, per: 30m, aht: 180, target: 80/20}     # 80% answered within 20 s
  chat:  {contacts: 200, per: 30m, aht: 600, target: 80/30, concurrency: 2}
  email: {contacts: 400, per: 1d, aht: 300, target: 24h}          # respond within 24 h
shrinkage: 0.3
switch_penalty: 0.1
max_occupancy: 0.85
agent_cost_per_hour: 28
currency: EUR                  # ISO 4217: the currency of every cost in the report
business_hours: Mon-Fri 09:00-17:00, Sat 10:00-14:00

A channel may give a typical week instead of its busiest interval (`daily` totals, or a `week`
of counts per interval: staffing.demand), its own `hours`, and with `patience` an `abandon`
target. Either every channel describes a week, or the volumes are the busiest interval's (a
count per day, per: 1d, fits both).

The values are checked by staffing.workload, the same checks the `staffing` command's flags
get; this module says where in the file a value that does not fit stood.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from servicefit.errors import AnswersError, ValueProblem
from servicefit.messages import did_you_mean, shown
from servicefit.staffing.hours import parse_hours
from servicefit.staffing.workload import (
    MAX_SHRINKAGE,
    WEEK,
    ChannelVolume,
    FieldProblem,
    Workload,
    channel_volume,
    number,
)
from servicefit.yamlio.located import Mark, key_mark, locate, value_mark

WORKLOAD_KEYS = (
    "volumes",
    "shrinkage",
    "switch_penalty",
    "max_occupancy",
    "agent_cost_per_hour",
    "currency",
    "business_hours",
)
CHANNEL_KEYS = (
    "contacts",
    "per",
    "daily",
    "shape",
    "week",
    "aht",
    "target",
    "abandon",
    "concurrency",
    "patience",
    "hours",
)
_FRACTION = "Give a fraction from 0 to 1, e.g. 0.3 for 30%."


def _fail(
    file: str,
    owner: Mapping,
    key: Any,
    problem: FieldProblem,
    label: str,
    fallback: Mark | None = None,
) -> AnswersError:
    """The problem at the value it names; `key` may be a dotted path (week.mon) into `owner`;
    a field that is missing is reported at `fallback`."""
    parts = str(key).split(".")
    for part in parts[:-1]:
        inner = owner.get(part) if isinstance(owner, Mapping) else None
        if not isinstance(inner, Mapping):
            break
        owner = inner
    last = parts[-1]
    mark = None
    if isinstance(owner, Mapping) and last in owner:
        mark = value_mark(owner, last) or key_mark(owner, last)
    return AnswersError(problem.message, locate(file, mark or fallback, label), problem.hint)


def _setting(raw: Mapping, file: str, key: str, **bounds: Any) -> float | None:
    if key not in raw:
        return None
    try:
        return number(key, raw[key], **bounds)
    except FieldProblem as problem:
        raise _fail(file, raw, key, problem, key) from None


def parse_workload(
    raw: Mapping,
    file: str,
    channel_ids: list[str],
    concurrency_levels: list[int],
    shapes: Collection[str] = (),
) -> Workload | None:
    """Check the workload keys of an answers file; None when it has none."""
    if not any(k in raw for k in WORKLOAD_KEYS):
        return None
    hours = None
    if "business_hours" in raw:
        try:
            hours = parse_hours(raw["business_hours"])
        except ValueProblem as bad:
            wrong = FieldProblem("business_hours", bad.message, bad.hint)
            raise _fail(file, raw, "business_hours", wrong, "business_hours") from None
    shrinkage = _setting(raw, file, "shrinkage", high=MAX_SHRINKAGE, hint=_FRACTION)
    switch = _setting(raw, file, "switch_penalty", high=1, hint=_FRACTION)
    occupancy = _setting(raw, file, "max_occupancy", high=1, low_open=True, hint=_FRACTION)
    cost = _setting(
        raw, file, "agent_cost_per_hour", hint="Give the cost of one agent-hour, e.g. 28."
    )
    currency = _currency(raw, file)
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
            channels.append(
                _channel(file, volumes, channel, spec, channel_ids, concurrency_levels, shapes)
            )
        _check_forms(file, volumes, channels)
    return Workload(tuple(channels), shrinkage, switch, occupancy, cost, hours, currency)


def _currency(raw: Mapping, file: str) -> str | None:
    """`currency`: three letters, an ISO 4217 code such as EUR, USD or GBP (upper-cased)."""
    if "currency" not in raw:
        return None
    value = raw["currency"]
    code = value.strip().upper() if isinstance(value, str) else ""
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        problem = FieldProblem(
            "currency",
            f"{shown(value)} is not a currency code.",
            "Give the three-letter ISO 4217 code, e.g. EUR, USD or GBP.",
        )
        raise _fail(file, raw, "currency", problem, "currency")
    return code


def _check_forms(file: str, volumes: Mapping, channels: list[ChannelVolume]) -> None:
    """A week cannot be sized next to a channel that gives only its busiest interval."""
    peak = [c for c in channels if c.demand is None]
    week = [c for c in channels if c.per == WEEK]  # daily totals or a week of intervals
    if peak and week:
        p, w = peak[0].channel, week[0].channel
        raise AnswersError(
            f"{w} gives a typical week but {p} only its busiest interval ({peak[0].per}); "
            "a week is sized with every channel's week.",
            locate(file, key_mark(volumes, w), f"volumes.{w}"),
            f"Give {p} a week too (daily totals, a count per day with per: 1d, or a week of "
            f"intervals), or give {w} its busiest interval.",
        )


def _channel(
    file: str,
    volumes: Mapping,
    channel: Any,
    spec: Any,
    channel_ids: list[str],
    levels: list[int],
    shapes: Collection[str],
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
    try:
        return channel_volume(str(channel), spec, levels, shapes)
    except FieldProblem as problem:
        here = key_mark(volumes, channel)
        raise _fail(file, spec, problem.field, problem, f"{label}.{problem.field}", here) from None
