"""JSON Schemas for answer files and for the recommend document, generated from the rule set."""

from __future__ import annotations

from typing import Any

from servicefit.advice.recommendation import SCHEMA_VERSION
from servicefit.knowledge.base import FIELD_CHANNELS, KnowledgeBase, choice_values
from servicefit.knowledge.questions import Question
from servicefit.report.volume_schema import HOURS_TEXT, volume_schema
from servicefit.staffing.workload import MAX_SHRINKAGE

DRAFT = "https://json-schema.org/draft/2020-12/schema"
FRACTION = {"type": "number", "minimum": 0, "maximum": 1}


def _question(q: Question) -> dict[str, Any]:
    data = q.to_dict()
    out: dict[str, Any] = {
        "title": data["prompt"],
        "description": data["help"] or data["prompt"],
        "default": data["default"],
    }
    choices = "; ".join(f"{c['value']}: {c['label']}" for c in data.get("choices", []))
    if q.type == "int":
        out.update(type="integer", minimum=data["min"])
        if data["max"] is not None:
            out["maximum"] = data["max"]
    elif q.type == "bool":
        out["type"] = "boolean"
    elif q.type == "choice":
        out.update(type="string", enum=q.values)
        out["description"] += f" {choices}."
    else:
        out.update(type="array", uniqueItems=True, items={"type": "string", "enum": q.values})
        if q.min:
            out["minItems"] = q.min
        out["description"] += f" Any of: {choices}."
    return out


def answers_schema(kb: KnowledgeBase) -> dict[str, Any]:
    channels = choice_values(kb.questions, FIELD_CHANNELS)
    hours_text = HOURS_TEXT
    volume = volume_schema(kb)
    properties: dict[str, Any] = {"$schema": {"type": "string"}}
    properties.update({qid: _question(q) for qid, q in kb.questions.items()})
    properties.update(
        {
            "volumes": {
                "type": "object",
                "minProperties": 1,
                "additionalProperties": False,
                "properties": {c: volume for c in channels},
                "description": "Contact volumes per channel, for staffing numbers.",
            },
            "shrinkage": {
                **FRACTION,
                "maximum": MAX_SHRINKAGE,
                "description": "Share of paid time not spent on contacts.",
            },
            "switch_penalty": {
                **FRACTION,
                "description": "Extra handle time when agents work several channels.",
            },
            "max_occupancy": {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 1,
                "description": "Cap on how busy agents are.",
            },
            "agent_cost_per_hour": {
                "type": "number",
                "minimum": 0,
                "description": "Cost of one agent-hour.",
            },
            "currency": {
                "type": "string",
                "pattern": "^[A-Za-z]{3}$",
                "description": "ISO 4217 code of every cost, e.g. EUR: shown with each amount.",
            },
            "business_hours": {
                **hours_text,
                "description": "When the business is open; by default from the coverage answer.",
            },
        }
    )
    return {
        "$schema": DRAFT,
        "$id": "urn:servicefit:answers",
        "title": "servicefit answers file",
        "type": "object",
        "additionalProperties": False,
        "minProperties": 1,
        "properties": properties,
    }


def _object(
    properties: dict[str, Any], required: list[str] | None = None, extra: bool = True
) -> dict[str, Any]:
    return {
        "type": "object",
        "required": required if required is not None else list(properties),
        "properties": properties,
        "additionalProperties": extra,
    }


def _week_series(number: dict[str, Any]) -> dict[str, Any]:
    """One staffing option over the week: agents per interval and the totals."""
    return _object(
        {
            "agents": {"type": "array", "items": {"type": "integer", "minimum": 0}},
            "peak_agents": {"type": "integer", "minimum": 0},
            "peak_at": {"type": "string"},
            "agent_hours": number,
            "scheduled_agent_hours": number,
        },
        required=["agents", "peak_agents", "peak_at", "agent_hours"],
    )


def result_schema(kb: KnowledgeBase) -> dict[str, Any]:
    models = list(kb.models)
    staffing = list(kb.staffing)
    number = {"type": "number"}
    text = {"type": "string"}
    texts = {"type": "array", "items": text}
    reason = _object({"rule": text, "points": number, "because": text})
    staffing_reason = _object(
        {"rule": text, "option": {"enum": staffing}, "points": number, "because": text}
    )
    model = _object(
        {
            "id": {"enum": models},
            "name": text,
            "score": {"type": "integer", "minimum": 0, "maximum": 100},
            "points": number,
            # equal points share a rank (1, 1, 3)
            "rank": {"type": "integer", "minimum": 1, "maximum": len(models)},
            "reasons": {"type": "array", "items": reason},
        }
    )
    component = _object(
        {
            "model": {"enum": models},
            "name": text,
            "share": {**FRACTION, "exclusiveMinimum": 0},
            "automated": {"type": "boolean"},
            "role": text,
            "channels": texts,
            "reasons": texts,
        }
    )
    blend = _object(
        {
            "automated_share": {**FRACTION, "maximum": kb.blend.max_automated_share},
            "containment": FRACTION,
            "components": {"type": "array", "minItems": 1, "items": component},
            "reasons": texts,
            "effect": {"type": "object"},
            # only with recommend --audit: the measured automation potential's low and high
            "automated_range": {"type": "array", "items": FRACTION, "minItems": 2, "maxItems": 2},
        },
        required=["automated_share", "containment", "components", "reasons"],
    )
    channel_staffing = _object(
        {
            # false (and recommended null, with a note why) when the choice does not arise:
            # no agents, or a single channel
            "applicable": {"type": "boolean"},
            "recommended": {"enum": [*staffing, None]},
            "label": {"enum": ["clear lead", "close call"]},
            "note": text,
            "scores": _object(
                {s: {"type": "integer", "minimum": 0, "maximum": 100} for s in staffing},
                extra=False,
            ),
            "points": {"type": "object"},
            "reasons": {"type": "array", "items": staffing_reason},
            "sizing": _object(
                {
                    "dedicated": {"type": "object"},
                    "shared": {"type": "object"},
                    "basis": {"enum": ["peak interval", "week"]},
                    "pooling_saving": number,
                    "partial_pooling": _object(
                        {
                            "pooled": {"type": "array", "items": text},
                            "apart": {"type": "array", "items": text},
                        },
                        required=["pooled", "apart"],
                    ),
                    "penalty_sensitivity": {
                        "type": "array",
                        "items": _object({"switch_penalty": number, "pooling_saving": number}),
                    },
                    "week": _object(
                        {
                            "interval_minutes": {"enum": [15, 30, 60]},
                            "intervals": {"type": "integer"},
                            "hours": {"type": "object"},
                            "contacts": {"type": "object"},
                            "dedicated": _week_series(number),
                            "shared": _week_series(number),
                            "closed_contacts": {"type": "object"},
                            "late_contacts": {"type": "object"},
                        },
                        required=["interval_minutes", "intervals", "dedicated", "shared"],
                    ),
                    "assumptions": {"type": "object"},
                },
                required=["dedicated", "shared", "basis", "pooling_saving", "assumptions"],
            ),
            "sizing_notes": texts,
        },
        required=["applicable", "recommended", "scores", "reasons"],
    )
    schema = {
        "$schema": DRAFT,
        "$id": "urn:servicefit:result",
        "title": "servicefit recommendation",
        **_object(
            {
                "schema_version": {"const": SCHEMA_VERSION},
                "generator": _object({"name": {"const": "servicefit"}, "version": text}),
                "input": text,
                "answers": {"type": "object", "required": list(kb.questions)},
                "defaulted": texts,
                "skipped": texts,
                "models": {
                    "type": "array",
                    "minItems": len(models),
                    "maxItems": len(models),
                    "items": model,
                },
                "lead": _object(
                    {
                        "model": {"enum": models},
                        "runner_up": {"enum": models},
                        "margin": number,  # in score points
                        "label": {"enum": ["clear lead", "close call"]},
                        "points_margin": number,  # in rule points: what the label is judged on
                        "tied_with": {"type": "array", "items": {"enum": models}},
                        "clear_fit": {"type": "boolean"},
                    }
                ),
                "channel_staffing": channel_staffing,
                "blend": blend,
                "next_steps": texts,
                "roadmap": {
                    "type": "array",
                    "items": _object(
                        {
                            "id": text,
                            "title": text,
                            "after": {"type": "array", "items": text},
                            "steps": {"type": "array", "items": text, "minItems": 1},
                            "measures": {"type": "array", "items": text},
                        },
                        extra=False,
                    ),
                },
                "warnings": {
                    "type": "array",
                    "items": _object({"code": text, "message": text}, extra=False),
                },
            }
        ),
    }
    # only in `recommend`'s own output (batch records leave it out: it costs a search per file)
    schema["properties"]["what_would_change"] = {
        "type": "array",
        "items": counterfactual_schema(kb),
    }
    return schema


def counterfactual_schema(kb: KnowledgeBase) -> dict[str, Any]:
    """One single-answer change that would change the leading model or the staffing choice."""
    return _object(
        {
            "field": {"enum": list(kb.questions)},
            "from": {},
            "to": {},
            "through": {"type": ["integer", "null"]},
            "effect": {"type": "string"},
            "changes": {
                "type": "object",
                "minProperties": 1,
                "properties": {
                    "top_model": {"enum": list(kb.models)},
                    # null: the choice of shared or dedicated agents would not arise
                    "staffing": {"enum": [*kb.staffing, None]},
                },
                "additionalProperties": False,
            },
        },
        required=["field", "from", "to", "effect", "changes"],
        extra=False,
    )


def batch_record_schema(kb: KnowledgeBase) -> dict[str, Any]:
    result = result_schema(kb)
    error = _object(
        {
            "message": {"type": "string"},
            "file": {"type": ["string", "null"]},
            "line": {"type": ["integer", "null"]},
            "column": {"type": ["integer", "null"]},
            "key": {"type": ["string", "null"]},
        },
        required=["message", "line"],
    )
    body = {k: v for k, v in result.items() if k not in ("$schema", "$id", "title")}
    return {
        "$schema": DRAFT,
        "$id": "urn:servicefit:batch-record",
        "title": "servicefit batch record",
        "$defs": {"result": body, "error": error},
        "oneOf": [
            _object(
                {"input": {"type": "string"}, "result": {"$ref": "#/$defs/result"}}, extra=False
            ),
            _object({"input": {"type": "string"}, "error": {"$ref": "#/$defs/error"}}, extra=False),
        ],
    }


def _audit(kb: KnowledgeBase) -> dict[str, Any]:
    from servicefit.report.audit_schema import audit_schema

    schema = audit_schema(kb)
    schema["$defs"] = {"answers": answers_schema(kb)}
    schema["properties"]["answers"]["anyOf"][0] = {"$ref": "#/$defs/answers"}
    return schema


def _forecast(kb: KnowledgeBase) -> dict[str, Any]:
    from servicefit.report.forecast_schema import forecast_schema

    return forecast_schema(kb)


def _capacity(kb: KnowledgeBase) -> dict[str, Any]:
    from servicefit.report.capacity_schema import capacity_schema

    return capacity_schema(kb)


SCHEMAS = {
    "answers": answers_schema,
    "result": result_schema,
    "batch-record": batch_record_schema,
    "audit": _audit,
    "forecast": _forecast,
    "capacity": _capacity,
}
