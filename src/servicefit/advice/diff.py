"""Comparing two recommendations: ranks, scores, staffing and blend shares.

Either side may be a recommend document, a batch output (JSON array or JSON lines, matched by
input), or an answers file, which is run through the engine first.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from servicefit.advice.engine import recommend
from servicefit.errors import InputError, Location
from servicefit.intake.answers import parse_answers, validate_answers
from servicefit.knowledge.base import KnowledgeBase
from servicefit.yamlio.read import MAX_BYTES, loads_json, read_text

SINGLE = ""  # the key of a side that holds one recommendation


# A batch output of hundreds of thousands of records is still a file diff should read.
MAX_RESULT_BYTES = 512 * 1024 * 1024


def load_side(path: str, kb: KnowledgeBase) -> dict[str, dict[str, Any]]:
    """Recommendations in a file, keyed by input ('' for a single one): a recommend document,
    a batch output (a JSON array or JSON lines) or an answers file, which is run first."""
    text = read_text(path, max_bytes=MAX_RESULT_BYTES)
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
        if len(lines) > 1 and all(line.lstrip().startswith('{"input"') for _, line in lines):
            return _records([(_json(line, path, n), n) for n, line in lines], path)
        data = _json(text, path, None)
        if isinstance(data, list):
            return _records([(record, None) for record in data], path)
        if isinstance(data, dict) and "schema_version" in data:
            return {SINGLE: _result(data, path, None)}
        if isinstance(data, dict) and "input" in data and set(data) <= {"input", "result", "error"}:
            return _records([(data, None)], path)
    if len(text.encode()) > MAX_BYTES:
        raise InputError(
            "this is neither a servicefit result nor an answers file (it is too large for one).",
            Location(path),
            "Give a file written by `servicefit recommend --format json` or `servicefit batch`.",
        )
    answers = validate_answers(parse_answers(text, path), kb, path)
    answers.source = path
    return {SINGLE: recommend(answers, kb).to_dict()}


def _json(text: str, path: str, line: int | None) -> Any:
    try:
        return loads_json(text)
    except json.JSONDecodeError as exc:
        where = Location(path, line or exc.lineno, exc.colno if line is None else None)
        raise InputError(f"this is not valid JSON: {exc.msg}.", where) from None
    except RecursionError:
        raise InputError("the JSON nests far too deeply.", Location(path, line)) from None
    except ValueError as exc:  # NaN, Infinity, 1e400
        raise InputError(
            f"{exc} is not a number JSON can hold.", Location(path, line), "Give finite numbers."
        ) from None


def _records(records: list[tuple[Any, int | None]], path: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for record, line in records:
        if not isinstance(record, dict) or not isinstance(record.get("input"), str):
            raise InputError(
                "this is neither a recommendation, a batch output nor an answers file.",
                Location(path, line),
                "Give a file written by `servicefit recommend --format json`, "
                "`servicefit batch`, or an answers file.",
            )
        if "result" in record:
            out[record["input"]] = _result(record["result"], path, line, record["input"])
    return out


def _result(doc: Any, path: str, line: int | None, label: str | None = None) -> dict[str, Any]:
    """A recommend document with the parts diff compares, or a located error naming the first
    part that is missing or malformed."""
    where = f" (the result for {label!r})" if label else ""

    def bad(part: str) -> InputError:
        return InputError(
            f"this is not a servicefit result{where}: {part}.",
            Location(path, line),
            "Give a file written by `servicefit recommend --format json` or `servicefit batch`.",
        )

    if not isinstance(doc, dict):
        raise bad("it is not a JSON object")
    models = doc.get("models")
    if not isinstance(models, list) or not models:
        raise bad("'models' is missing or empty")
    for model in models:
        if not isinstance(model, dict) or not {"id", "rank", "score"} <= set(model):
            raise bad("an entry of 'models' lacks id, rank or score")
    staffing = doc.get("channel_staffing")
    if not isinstance(staffing, dict) or "recommended" not in staffing:
        raise bad("'channel_staffing.recommended' is missing")
    blend = doc.get("blend")
    if not isinstance(blend, dict) or not isinstance(blend.get("components"), list):
        raise bad("'blend.components' is missing")
    for component in blend["components"]:
        if not isinstance(component, dict) or not {"model", "share"} <= set(component):
            raise bad("a blend component lacks model or share")
    if "automated_share" not in blend:
        raise bad("'blend.automated_share' is missing")
    return doc


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
