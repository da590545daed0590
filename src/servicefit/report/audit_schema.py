"""The JSON Schema of `servicefit audit --format json` (audit_schema_version 2: the measures of
time are null where the export cannot give them, with the reason in `warnings`)."""

from __future__ import annotations

from typing import Any

from servicefit.audit.result import AUDIT_SCHEMA_VERSION
from servicefit.knowledge.base import FIELD_CHANNELS, KnowledgeBase, choice_values

SHARE = {"type": "number", "minimum": 0, "maximum": 1}
COUNT = {"type": "integer", "minimum": 0}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "required": list(properties) if required is None else required,
        "properties": properties,
    }


def _week(item: dict[str, Any]) -> dict[str, Any]:
    day = {"type": "array", "items": item, "minItems": 24, "maxItems": 24}
    return {"type": "array", "items": day, "minItems": 7, "maxItems": 7}


def _or_null(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def audit_schema(kb: KnowledgeBase) -> dict[str, Any]:
    channel = {"enum": choice_values(kb.questions, FIELD_CHANNELS)}
    duration = _object(
        {
            "count": COUNT,
            "median_hours": {"type": ["number", "null"]},
            "p90_hours": {"type": ["number", "null"]},
            "impossible": COUNT,
        }
    )
    intent = _object(
        {
            "id": {"type": "string"},
            "label": {"type": "string"},
            "contacts": COUNT,
            "share": SHARE,
            "examples": {"type": "array", "items": {"type": "string"}},
        }
    )
    nullable_share = {"type": ["number", "null"], "minimum": 0, "maximum": 1}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:servicefit:audit",
        "title": "servicefit audit document",
        **_object(
            {
                "audit_schema_version": {"const": AUDIT_SCHEMA_VERSION},
                "rows": _object(
                    {
                        "read": COUNT,
                        "used": COUNT,
                        "excluded": COUNT,
                        "skipped": COUNT,
                        "folded": COUNT,
                        "excluded_by_reason": {"type": "object", "additionalProperties": COUNT},
                        "skipped_by_reason": {"type": "object", "additionalProperties": COUNT},
                    }
                ),
                "source": {
                    "type": "array",
                    "items": _object(
                        {
                            "file": {"type": "string"},
                            "format": {"type": "string"},  # a format id, or aggregates
                            "label": {"type": "string"},
                            "kind": {"enum": ["csv", "json", "jsonl"]},
                            "dialect": {"type": "string"},
                            "mapping": {
                                "type": "object",
                                "additionalProperties": {"type": "string"},
                            },
                        }
                    ),
                },
                "timezone": {"type": "string"},
                "business_hours": {"type": "string"},
                "holidays": COUNT,
                "time_of_day": {"enum": ["times", "dates only", "none"]},
                "first": {"type": ["string", "null"]},
                "last": {"type": ["string", "null"]},
                "active_span": _or_null(
                    _object(
                        {
                            "first": {"type": "string", "format": "date"},
                            "last": {"type": "string", "format": "date"},
                        }
                    )
                ),
                "channels": {
                    "type": "array",
                    "items": _object({"channel": channel, "contacts": COUNT, "share": SHARE}),
                },
                "monthly": {
                    "type": "array",
                    "items": _object(
                        {
                            "month": {"type": "string", "pattern": r"^\d{4}-\d{2}$"},
                            "contacts": COUNT,
                        }
                    ),
                },
                "complete_months": {"type": "array", "items": {"type": "string"}},
                "months_left_out": {"type": "array", "items": {"type": "string"}},
                "monthly_contacts": _or_null(COUNT),
                "monthly_basis": {"type": "string"},
                "hour_of_week": _or_null(_week(COUNT)),
                "hour_of_week_by_channel": _or_null(
                    {"type": "object", "additionalProperties": _week(COUNT)}
                ),
                "weekly_average_by_channel": _or_null(
                    {
                        "type": "object",
                        "additionalProperties": _week({"type": "number", "minimum": 0}),
                    }
                ),
                "peak_to_average": {"type": ["number", "null"], "minimum": 1},
                "peak_to_average_by_channel": _or_null(
                    {
                        "type": "object",
                        "additionalProperties": {"type": ["number", "null"], "minimum": 1},
                    }
                ),
                "after_hours_share": nullable_share,
                "weekend_share": nullable_share,
                "after_17_share": nullable_share,
                "night_share": nullable_share,
                "routine": _object(
                    {
                        "share": nullable_share,
                        "estimator": {"enum": ["rules", "labels", None]},
                        "interval": _or_null(
                            {"type": "array", "items": SHARE, "minItems": 2, "maxItems": 2}
                        ),
                        "method": {"type": "string"},
                        "sample_size": COUNT,
                        "intents": {"type": "array", "items": intent},
                        "unmatched_share": nullable_share,
                        "escalated_share": nullable_share,
                        "problem_share": nullable_share,
                        "candidates": {
                            "type": "array",
                            "items": _object(
                                {
                                    "phrase": {"type": "string"},
                                    "tickets": COUNT,
                                    "share_of_unmatched": SHARE,
                                    "examples": {"type": "array", "items": {"type": "string"}},
                                }
                            ),
                        },
                        # with --labels: the rules' own share, and the labels' agreement
                        "lexicon_share": nullable_share,
                        "labels": _object(
                            {
                                "labelled": COUNT,
                                "found": COUNT,
                                "routine": COUNT,
                                "share": SHARE,
                                "ci95": {
                                    "type": "array",
                                    "items": SHARE,
                                    "minItems": 2,
                                    "maxItems": 2,
                                },
                                "lexicon_precision": nullable_share,
                                "lexicon_recall": nullable_share,
                            }
                        ),
                    },
                    required=[
                        "share",
                        "estimator",
                        "interval",
                        "method",
                        "sample_size",
                        "intents",
                        "unmatched_share",
                        "escalated_share",
                        "problem_share",
                        "candidates",
                    ],
                ),
                "automation": _or_null(
                    _object(
                        {
                            "low": SHARE,
                            "likely": SHARE,
                            "high": SHARE,
                            "intents": {
                                "type": "array",
                                "items": _object(
                                    {
                                        "id": {"type": "string"},
                                        "label": {"type": "string"},
                                        "share": SHARE,
                                        "containment": {
                                            "type": "array",
                                            "items": SHARE,
                                            "minItems": 3,
                                            "maxItems": 3,
                                        },
                                        "channel_factor": SHARE,
                                        "likely": SHARE,
                                    }
                                ),
                            },
                        }
                    )
                ),
                "response_times": {
                    "type": "object",
                    "properties": {"first_reply": duration, "resolution": duration},
                    "additionalProperties": False,
                },
                "warnings": {
                    "type": "array",
                    "items": _object({"code": {"type": "string"}, "message": {"type": "string"}}),
                },
                # an answers file, or nothing when the export held too little to measure
                "answers": {
                    "anyOf": [
                        {"$ref": "urn:servicefit:answers"},
                        {"type": "object", "maxProperties": 0},
                    ]
                },
                "answer_notes": {"type": "object", "additionalProperties": {"type": "string"}},
                "answers_not_measured": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                },
            }
        ),
    }
