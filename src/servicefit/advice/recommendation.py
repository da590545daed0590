"""The recommendation: what the engine returns and the renderers show. Plain data, no logic."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from servicefit.advice.roadmap import PlannedPhase
    from servicefit.staffing.sizing import BlendEffect, WorkloadSizing

SCHEMA_VERSION = 1


class Reason(NamedTuple):
    """Why a model or staffing option got points: one fired rule."""

    rule: str
    points: float
    because: str
    target: str = ""

    def to_dict(self, with_target: bool = False) -> dict[str, Any]:
        points = json_number(self.points)
        if with_target:
            return {
                "rule": self.rule,
                "option": self.target,
                "points": points,
                "because": self.because,
            }
        return {"rule": self.rule, "points": points, "because": self.because}


class ModelResult(NamedTuple):
    id: str
    name: str
    score: int
    points: float
    rank: int
    reasons: list[Reason]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "score": self.score,
            "points": json_number(self.points),
            "rank": self.rank,
            "reasons": [r.to_dict() for r in self.reasons],
        }


class Staffing(NamedTuple):
    """Shared or dedicated agents. When the choice does not arise (one channel, no agents),
    `recommended` is None and `note` says why; a tie broken by the rule of thumb says so too."""

    recommended: str | None
    scores: dict[str, int]
    points: dict[str, float]
    reasons: list[Reason]
    applicable: bool = True
    close_call: bool = False
    note: str | None = None  # why it does not apply, or how a tie was broken
    sizing: WorkloadSizing | None = None
    notes: tuple[str, ...] = ()  # from the volumes: partial pooling, …

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "applicable": self.applicable,
            "recommended": self.recommended,
            "scores": dict(self.scores),
            "points": {k: json_number(v) for k, v in self.points.items()},
            "reasons": [r.to_dict(with_target=True) for r in self.reasons],
        }
        if self.applicable:
            out["label"] = CLOSE_CALL if self.close_call else CLEAR_LEAD
        if self.note is not None:
            out["note"] = self.note
        if self.sizing is not None:
            out["sizing"] = self.sizing.to_dict()
        if self.notes:
            out["sizing_notes"] = list(self.notes)
        return out


class Component(NamedTuple):
    model: str
    name: str
    share: float
    automated: bool
    role: str
    channels: list[str]
    reasons: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "name": self.name,
            "share": self.share,
            "automated": self.automated,
            "role": self.role,
            "channels": list(self.channels),
            "reasons": list(self.reasons),
        }


class Blend(NamedTuple):
    automated_share: float
    containment: float
    components: list[Component]
    reasons: list[str]
    effect: BlendEffect | None = None
    automated_range: tuple[float, float] | None = None  # measured by a ticket audit

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "automated_share": self.automated_share,
            "containment": self.containment,
            "components": [c.to_dict() for c in self.components],
            "reasons": list(self.reasons),
        }
        if self.effect is not None:
            out["effect"] = self.effect.to_dict()
        if self.automated_range is not None:
            out["automated_range"] = list(self.automated_range)
        return out


class Counterfactual(NamedTuple):
    field: str
    before: Any
    after: Any
    kind: str  # TOP_MODEL or STAFFING
    result: str | None  # the model or staffing option that would then be recommended
    effect: str  # one sentence for people
    through: Any = None  # numbers: the far end of the run of values with the same effect
    cost: float = 1.0  # how big the change is: a number's relative change, else 1
    known: Any = None  # a graded number's claim not checked yet: a value known to have it

    def to_dict(self) -> dict[str, Any]:
        out = {
            "field": self.field,
            "from": self.before,
            "to": self.after,
            "effect": self.effect,
            "changes": {self.kind: self.result},
        }
        if self.through is not None or type(self.after) is int:  # numbers (not yes/no)
            out["through"] = self.through
        return out


class Notice(NamedTuple):
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


CLOSE_CALL, CLEAR_LEAD = "close call", "clear lead"


class Lead(NamedTuple):
    """How clearly the leading model leads, judged on rule points."""

    model: str
    runner_up: str
    margin: int  # in 0–100 score points
    points_margin: float  # in rule points: what the label is judged on
    close_call: bool
    tied_with: tuple[str, ...] = ()  # models with exactly the leader's points
    clear_fit: bool = True  # False: the leader has too little evidence to be called a fit

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "runner_up": self.runner_up,
            "margin": self.margin,
            "label": CLOSE_CALL if self.close_call else CLEAR_LEAD,
            "points_margin": json_number(self.points_margin),
            "tied_with": list(self.tied_with),
            "clear_fit": self.clear_fit,
        }


class Recommendation(NamedTuple):
    input: str
    answers: dict[str, Any]
    defaulted: list[str]
    skipped: list[str]
    models: list[ModelResult]
    lead: Lead
    staffing: Staffing
    blend: Blend
    next_steps: list[str]
    warnings: list[Notice]
    generator_version: str
    # `recommend`'s own "what would change this" (batch records leave it out: it costs a search)
    what_would_change: list[Counterfactual] | None = None
    roadmap: tuple[PlannedPhase, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "generator": {"name": "servicefit", "version": self.generator_version},
            "input": self.input,
            "answers": dict(self.answers),
            "defaulted": list(self.defaulted),
            "skipped": list(self.skipped),
            "models": [m.to_dict() for m in self.models],
            "lead": self.lead.to_dict(),
            "channel_staffing": self.staffing.to_dict(),
            "blend": self.blend.to_dict(),
            "next_steps": list(self.next_steps),
            "roadmap": [p.to_dict() for p in self.roadmap],
            "warnings": [w.to_dict() for w in self.warnings],
        }
        if self.what_would_change is not None:
            out["what_would_change"] = [c.to_dict() for c in self.what_would_change]
        return out


def json_number(value: float) -> int | float:
    """Whole numbers as ints, others rounded to 3 places: stable, readable JSON."""
    if type(value) is int:
        return value
    rounded = round(float(value), 3)
    return int(rounded) if rounded.is_integer() else rounded
