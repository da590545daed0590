"""Comparing two recommendations, as their JSON documents: ranks, scores, staffing and blend
shares. Pure: flows/diff.py reads the sides."""

from __future__ import annotations

from typing import Any, NamedTuple

from servicefit.errors import InputError

SINGLE = ""  # the key of a side that holds one recommendation


class Change(NamedTuple):
    """A value on each side."""

    before: Any
    after: Any

    @property
    def changed(self) -> bool:
        return bool(self.before != self.after)


class ModelChange(NamedTuple):
    id: str
    rank: Change
    score: Change


class ShareChange(NamedTuple):
    model: str
    share: Change


class Comparison(NamedTuple):
    """What changed from one recommendation to another."""

    input: str | None
    top_model: Change
    staffing: Change
    automated_share: Change
    models: tuple[ModelChange, ...]
    blend: tuple[ShareChange, ...]
    names: dict[str, str]  # model id -> its name, for the reports (the JSON keeps ids)

    def name(self, model: str | None) -> str:
        """A model's name as the documents give it (its id when they do not)."""
        return str(model) if model is None else self.names.get(model, model)

    def to_dict(self) -> dict[str, Any]:
        top, staffing = self.top_model, self.staffing
        return {
            "input": self.input,
            "top_model": {"from": top.before, "to": top.after, "changed": top.changed},
            "staffing": {
                "from": staffing.before,
                "to": staffing.after,
                "changed": staffing.changed,
            },
            "automated_share": {
                "from": self.automated_share.before,
                "to": self.automated_share.after,
            },
            "models": [
                {"id": m.id, "rank": list(m.rank), "score": list(m.score)} for m in self.models
            ],
            "blend": [{"model": c.model, "share": list(c.share)} for c in self.blend],
        }


class DiffResult(NamedTuple):
    comparisons: tuple[Comparison, ...]
    only_in_first: tuple[str, ...]
    only_in_second: tuple[str, ...]

    @property
    def changed(self) -> bool:
        """Whether the top model or the staffing choice changed anywhere."""
        return any(c.top_model.changed or c.staffing.changed for c in self.comparisons)

    def to_dict(self) -> dict[str, Any]:
        return {
            "changed": self.changed,
            "results": [c.to_dict() for c in self.comparisons],
            "only_in_first": list(self.only_in_first),
            "only_in_second": list(self.only_in_second),
        }


def compare(a: dict[str, Any], b: dict[str, Any], label: str | None = None) -> Comparison:
    """What changed from recommendation document ``a`` to ``b``."""
    ranks_a = {m["id"]: m for m in a["models"]}
    models = []
    for new in b["models"]:
        old = ranks_a.get(new["id"])
        if old is None or old["rank"] != new["rank"] or old["score"] != new["score"]:
            models.append(
                ModelChange(
                    new["id"],
                    Change(old and old["rank"], new["rank"]),
                    Change(old and old["score"], new["score"]),
                )
            )
    shares_a = {c["model"]: c["share"] for c in a["blend"]["components"]}
    shares_b = {c["model"]: c["share"] for c in b["blend"]["components"]}
    blend = tuple(
        ShareChange(m, Change(shares_a.get(m, 0), shares_b.get(m, 0)))
        for m in [*shares_a, *(m for m in shares_b if m not in shares_a)]
        if shares_a.get(m, 0) != shares_b.get(m, 0)
    )
    return Comparison(
        label,
        Change(a["models"][0]["id"], b["models"][0]["id"]),
        Change(a["channel_staffing"]["recommended"], b["channel_staffing"]["recommended"]),
        Change(a["blend"]["automated_share"], b["blend"]["automated_share"]),
        tuple(models),
        blend,
        {m["id"]: str(m.get("name") or m["id"]) for m in [*a["models"], *b["models"]]},
    )


def diff_sides(left: dict[str, dict[str, Any]], right: dict[str, dict[str, Any]]) -> DiffResult:
    if set(left) == {SINGLE} and set(right) == {SINGLE}:
        pairs = {SINGLE: (left[SINGLE], right[SINGLE])}
    elif SINGLE in left or SINGLE in right:
        raise InputError(
            "cannot compare a single recommendation with a batch output.",
            hint="Compare two single results, or two batch outputs matched by input.",
        )
    else:
        pairs = {k: (left[k], right[k]) for k in left if k in right}
    return DiffResult(
        tuple(compare(a, b, k or None) for k, (a, b) in pairs.items()),
        tuple(sorted(k for k in left if k not in right)),
        tuple(sorted(k for k in right if k not in left)),
    )
