"""How a condition came out for one set of answers: what `explain` shows, rule by rule."""

from __future__ import annotations

from typing import Any, NamedTuple


class Trace(NamedTuple):
    """How a condition came out for one set of answers."""

    kind: str
    result: bool
    text: str = ""
    field: str | None = None
    actual: Any = None
    children: tuple[Trace, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "result": self.result}
        if self.kind == "leaf":
            out.update(text=self.text, field=self.field, actual=self.actual)
        if self.children:
            out["children"] = [c.to_dict() for c in self.children]
        return out
