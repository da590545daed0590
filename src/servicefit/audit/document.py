"""What an audit found, as types: the audit JSON document (audit_schema_version 2) field by
field, in the document's key order. Renderers read these attributes, so that mypy finds a
renamed field; `to_json` turns them into the document in one place, and a test holds the
published JSON Schema (report/audit_schema.py) to the same fields."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from servicefit.audit.warning import Warning_

if TYPE_CHECKING:
    from servicefit.audit.automation import AutomationPotential
    from servicefit.audit.labels import LabelStats

# A field with this metadata is left out of the JSON when it is None (keys only some
# documents carry).
OMITTED_WHEN_NONE = {"omit_none": True}

# How a figure that could not be measured says so (its method or basis opens with it).
NOT_MEASURED = "not measured: "


@dataclass(frozen=True, kw_only=True)
class Rows:
    read: int
    used: int
    excluded: int
    skipped: int
    folded: int
    excluded_by_reason: dict[str, int]
    skipped_by_reason: dict[str, int]


@dataclass(frozen=True, kw_only=True)
class Source:
    file: str
    format: str
    label: str
    kind: str
    dialect: str
    mapping: dict[str, Any]  # servicefit's field -> the export's columns or keys


@dataclass(frozen=True, kw_only=True)
class ChannelShare:
    channel: str
    contacts: int
    share: float


@dataclass(frozen=True, kw_only=True)
class MonthCount:
    month: str  # YYYY-MM
    contacts: int


@dataclass(frozen=True, kw_only=True)
class DaySpan:
    first: str  # YYYY-MM-DD, both days included
    last: str


@dataclass(frozen=True, kw_only=True)
class ResponseTime:
    count: int
    median_hours: float | None
    p90_hours: float | None
    impossible: int


@dataclass(frozen=True, kw_only=True)
class IntentShare:
    id: str
    label: str
    contacts: int
    share: float
    examples: list[str]  # redacted


@dataclass(frozen=True, kw_only=True)
class CandidateIntent:
    phrase: str
    tickets: int
    share_of_unmatched: float
    examples: list[str]  # redacted


@dataclass(frozen=True, kw_only=True)
class Routine:
    share: float | None
    estimator: str | None  # rules, labels, or None: not measured
    interval: list[float] | None  # [low, high]
    method: str
    sample_size: int
    intents: list[IntentShare]
    unmatched_share: float | None
    escalated_share: float | None
    problem_share: float | None
    candidates: list[CandidateIntent]
    lexicon_share: float | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    labels: LabelStats | None = field(default=None, metadata=OMITTED_WHEN_NONE)


Week = list[list[int]]  # 7 days (Monday first) of 24 hours
AverageWeek = list[list[float]]


@dataclass(frozen=True, kw_only=True)
class AuditDocument:
    audit_schema_version: int
    rows: Rows
    source: list[Source]
    timezone: str
    business_hours: str
    holidays: int
    time_of_day: str  # times, dates only, none
    first: str | None
    last: str | None
    active_span: DaySpan | None
    channels: list[ChannelShare]
    monthly: list[MonthCount]
    complete_months: list[str]
    months_left_out: list[str]
    monthly_contacts: int | None
    monthly_basis: str
    hour_of_week: Week | None
    hour_of_week_by_channel: dict[str, Week] | None
    weekly_average_by_channel: dict[str, AverageWeek] | None
    peak_to_average: float | None
    peak_to_average_by_channel: dict[str, float | None] | None
    after_hours_share: float | None
    weekend_share: float | None
    after_17_share: float | None
    night_share: float | None
    routine: Routine
    automation: AutomationPotential | None
    response_times: dict[str, ResponseTime]  # first_reply, resolution
    warnings: list[Warning_] = field(default_factory=list)
    answers: dict[str, Any] = field(default_factory=dict)  # question id -> measured answer
    answer_notes: dict[str, str] = field(default_factory=dict)  # question id -> how measured
    answers_not_measured: dict[str, str] = field(default_factory=dict)  # question id -> why


def to_json(value: Any) -> Any:
    """A typed document as JSON values: dataclasses as objects in field order (fields marked
    OMITTED_WHEN_NONE left out when None), warnings as {code, message}, a type that writes its
    own JSON (to_dict) as it does, lists and mappings element by element."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if item is None and f.metadata.get("omit_none"):
                continue
            out[f.name] = to_json(item)
        return out
    if isinstance(value, Warning_):
        return {"code": value.code, "message": value.message}
    to_dict = getattr(value, "to_dict", None)
    if to_dict is not None:
        return to_dict()
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, Mapping):
        return {k: to_json(v) for k, v in value.items()}
    return value
