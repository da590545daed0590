"""A counterfactual: one answer changed, and what the advice would then be. The shape that
the search (whatif.py) makes and the recommendation carries, in a module of its own so that
neither imports the other."""

from __future__ import annotations

from typing import Any, NamedTuple


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
