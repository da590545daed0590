"""The JSON Schema of one channel's volumes in an answers file: a count per period, daily totals
with a shape, or a week of intervals, with a handle time and a target."""

from __future__ import annotations

from typing import Any

from servicefit.intake.workload import CHANNEL_KEYS
from servicefit.knowledge.base import KnowledgeBase

HOURS_TEXT = {
    "type": "string",
    "description": 'Opening hours, e.g. "Mon-Fri 09:00-17:00, Sat 10:00-14:00", or 24x7.',
}


def volume_schema(kb: KnowledgeBase) -> dict[str, Any]:
    levels = sorted(kb.workforce.concurrency_factors)
    count = {"type": "number", "minimum": 0}
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    hours_text = HOURS_TEXT
    volume: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["aht"],
        # the volume: contacts per period, daily totals, or a week of intervals (one of them)
        "oneOf": [
            {
                "required": ["contacts", "per"],
                "not": {"anyOf": [{"required": ["daily"]}, {"required": ["week"]}]},
            },
            {
                "required": ["daily"],
                "not": {"anyOf": [{"required": ["contacts"]}, {"required": ["week"]}]},
            },
            {
                "required": ["week"],
                "not": {
                    "anyOf": [
                        {"required": ["contacts"]},
                        {"required": ["daily"]},
                        {"required": ["shape"]},
                    ]
                },
            },
        ],
        # a target: a service level or response window, or an abandonment target with patience
        "anyOf": [{"required": ["target"]}, {"required": ["abandon", "patience"]}],
        "dependentRequired": {"abandon": ["patience"]},
        "properties": {
            "contacts": {
                **count,
                "description": "Contacts per period: the busiest interval, or a count per day.",
            },
            "per": {
                "type": "string",
                "pattern": r"^\s*\d+(\.\d+)?\s*[smhd]\s*$",
                "description": "The period: 15m, 30m or 1h (the busiest interval), or 1d (a day).",
            },
            "daily": {
                "description": "Contacts a day: one number for every open day, or by day.",
                "oneOf": [
                    count,
                    {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {d: count for d in days},
                    },
                ],
            },
            "shape": {
                "enum": sorted(kb.workforce.sizing.shapes),
                "description": "How a day's contacts spread over its hours (rules/workforce.yaml); "
                "without it, evenly over the open hours.",
            },
            "week": {
                "type": "object",
                "additionalProperties": False,
                "required": ["interval"],
                "description": "A typical week: contacts per interval from 00:00, day by day.",
                "properties": {
                    "interval": {"enum": ["15m", "30m", "1h", "60m"]},
                    **{d: {"type": "array", "items": count} for d in days},
                },
            },
            "aht": {
                "type": "number",
                "exclusiveMinimum": 0,
                "description": "Average handle time in seconds.",
            },
            "target": {
                "type": ["string", "integer"],
                "description": "80/20 (80% answered within 20 s) or a response window such as 24h.",
            },
            "abandon": {
                "type": ["string", "number"],
                "pattern": r"^\s*\d+(\.\d+)?\s*%\s*$",
                "minimum": 0,
                "exclusiveMaximum": 1,
                "description": "At most this share of callers hang up, e.g. 5% (with patience).",
            },
            "concurrency": {
                "type": "integer",
                "enum": levels,
                "description": "Chats an agent handles at once.",
            },
            "patience": {
                "type": "number",
                "exclusiveMinimum": 0,
                "description": "Mean seconds a caller waits before hanging up (Erlang A).",
            },
            "hours": {**hours_text, "description": "The channel's own opening hours."},
        },
    }
    assert set(volume["properties"]) == set(CHANNEL_KEYS)
    return volume
