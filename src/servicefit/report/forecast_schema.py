"""The JSON Schema of `servicefit forecast --format json` (forecast_schema_version 1)."""

from __future__ import annotations

from typing import Any

from servicefit.forecast.methods import METHODS
from servicefit.knowledge.base import FIELD_CHANNELS, KnowledgeBase, choice_values
from servicefit.report.forecast import FORECAST_SCHEMA_VERSION

DAY = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
COUNT = {"type": "integer", "minimum": 0}
METHOD = {"enum": list(METHODS)}


def closed(properties: dict[str, Any]) -> dict[str, Any]:
    """An object with exactly these properties, each required."""
    return {
        "type": "object",
        "required": list(properties),
        "additionalProperties": False,
        "properties": properties,
    }


def _line() -> dict[str, Any]:
    return {
        "method": {**METHOD, "description": "The method that forecasts: the least backtest error."},
        "backtest": {
            "type": "array",
            "description": "Every method tried, simplest first.",
            "items": closed(
                {
                    "method": METHOD,
                    "error": {
                        "type": ["number", "null"],
                        "minimum": 0,
                        "description": "Mean absolute percentage error over every backtest "
                        "origin and week ahead, in percent (7.5 is 7.5%); weeks without "
                        "contacts are left out, and null when every week tested had none.",
                    },
                }
            ),
        },
        "not_tried": {
            "type": "object",
            "description": "Methods not tried, each with the reason (history too short, …).",
            "propertyNames": METHOD,
            "additionalProperties": {"type": "string"},
        },
        "weeks": {
            "type": "array",
            "description": "The forecast: contacts in each coming week (Monday to Sunday) and "
            "the band's low and high.",
            "items": closed({"start": DAY, "contacts": COUNT, "low": COUNT, "high": COUNT}),
        },
        "history": {
            "type": "array",
            "description": "The complete weeks of the history the forecast comes from, with "
            "holidays replaced.",
            "items": closed({"start": DAY, "contacts": COUNT}),
        },
    }


def forecast_schema(kb: KnowledgeBase) -> dict[str, Any]:
    channels = choice_values(kb.questions, FIELD_CHANNELS)
    line = _line()
    properties = {
        "forecast_schema_version": {"const": FORECAST_SCHEMA_VERSION},
        "sources": {"type": "array", "items": {"type": "string"}},
        "timezone": {"type": "string"},
        "history_weeks": COUNT,
        "history_from": DAY,
        "history_to": {**DAY, "description": "The Monday of the last complete week."},
        "history_weeks_left_out": {
            **COUNT,
            "description": "Complete weeks older than the latest max_history_weeks "
            "(rules/forecast.yaml), not learnt from.",
        },
        "contacts": {
            **COUNT,
            "description": "Every contact of the exports with a creation time, in the active "
            "span or not.",
        },
        "history_contacts": {
            **COUNT,
            "description": "Those inside the complete weeks the forecast learns from; under "
            "min_history_share of contacts (rules/forecast.yaml), a warning says so.",
        },
        "holidays_replaced": {"type": "array", "items": DAY},
        "short_history": {
            "type": "boolean",
            "description": "Too few weeks for more than the simple methods.",
        },
        **line,
        "backtest_origins": COUNT,
        "backtest_horizon_weeks": COUNT,
        "band": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
        "band_basis": {"enum": ["quantiles", "normal", "none"]},
        "by_channel": {
            "type": "object",
            "description": "Each channel's forecast, scaled week by week to add up to the "
            "total's (up to rounding).",
            "propertyNames": {"enum": channels},
            "additionalProperties": closed(line),
        },
        "busiest_week": {**DAY, "description": "The start of the week with most contacts."},
        "warnings": {"type": "array", "items": {"type": "string"}},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "servicefit forecast",
        **closed(properties),
    }
