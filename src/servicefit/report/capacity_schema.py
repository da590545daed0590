"""The JSON Schema of `servicefit capacity --format json` (capacity_schema_version 1)."""

from __future__ import annotations

from typing import Any

from servicefit.knowledge.base import FIELD_CHANNELS, KnowledgeBase, choice_values
from servicefit.report.capacity import CAPACITY_SCHEMA_VERSION
from servicefit.report.forecast_schema import closed
from servicefit.staffing.capacity import POOLED
from servicefit.staffing.hours import DAY_NAMES

SHARE = {"type": ["number", "null"], "minimum": 0, "maximum": 1}
AMOUNT = {"type": ["number", "null"], "minimum": 0}
CLOCK = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$"}


def capacity_schema(kb: KnowledgeBase) -> dict[str, Any]:
    channel = {"enum": choice_values(kb.questions, FIELD_CHANNELS)}
    day = {"enum": list(DAY_NAMES)}
    interval = closed(
        {
            "day": day,
            "start": CLOCK,
            "channel": channel,
            "contacts": {"type": "number", "minimum": 0},
            "agents": {"type": "integer", "minimum": 0},
            "open": {"type": "boolean"},
            "service_level": {
                **SHARE,
                "description": "Real-time: the share answered within the target's time; "
                "deferred: the share of this interval's contacts answered within the window. "
                "null while closed.",
            },
            "asa_seconds": {
                **AMOUNT,
                "description": "Average speed of answer; null for deferred channels, while "
                "closed, and when the agents cannot keep up (the wait grows without end).",
            },
            "occupancy": SHARE,
            "abandoned_share": {**SHARE, "description": "With the callers' patience only."},
            "backlog": {**AMOUNT, "description": "Deferred: contacts waiting at the end."},
            "clear_hours": {
                **AMOUNT,
                "description": "Deferred: open hours of the channel's agents that the backlog "
                "takes to work off.",
            },
            "meets_target": {"type": ["boolean", "null"]},
        }
    )
    worst = {
        "anyOf": [
            closed({"day": day, "start": CLOCK, "service_level": SHARE}),
            {"type": "null"},
        ]
    }
    per_channel = closed(
        {
            "target": {"type": "string"},
            "agents": {"type": "integer", "minimum": 0},
            "contacts": {"type": "number", "minimum": 0},
            "service_level": SHARE,
            "hours_below_target": {"type": "number", "minimum": 0},
            "worst": worst,
            "abandoned_share": SHARE,
            "most_backlog": AMOUNT,
            "most_clear_hours": AMOUNT,
            "backlog_growth_per_week": {"type": ["number", "null"]},
            "closed_contacts": {
                "type": "number",
                "minimum": 0,
                "description": "Real-time contacts a week arriving while the channel is closed.",
            },
            "late_by_opening_hours": {
                "type": "number",
                "minimum": 0,
                "description": "Deferred contacts a week whose window holds no open time: late "
                "whatever the staffing.",
            },
        }
    )
    overall_worst = {
        "anyOf": [
            closed({"day": day, "start": CLOCK, "channel": channel, "service_level": SHARE}),
            {"type": "null"},
        ]
    }
    summary = closed(
        {
            "hours_below_target": {
                "type": "number",
                "minimum": 0,
                "description": "Hours of the week in which some channel misses its target.",
            },
            "worst": overall_worst,
            "channels": {
                "type": "object",
                "propertyNames": channel,
                "additionalProperties": per_channel,
            },
        }
    )
    intervals = {"type": "array", "items": interval}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "servicefit capacity",
        **closed(
            {
                "capacity_schema_version": {"const": CAPACITY_SCHEMA_VERSION},
                "input": {"type": "string"},
                "agents": {
                    "type": "object",
                    "propertyNames": {"enum": [*channel["enum"], POOLED]},
                    "additionalProperties": {"type": "integer", "minimum": 0},
                },
                "pooled": {"type": "boolean"},
                "interval_minutes": {"type": "integer", "minimum": 1},
                "summary": summary,
                "intervals": intervals,
                "scenarios": {
                    "type": "array",
                    "description": "Demand scaled by each --scale.",
                    "items": closed(
                        {"scale": {"type": "number"}, "summary": summary, "intervals": intervals}
                    ),
                },
            }
        ),
    }
