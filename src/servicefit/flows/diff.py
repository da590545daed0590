"""`diff`'s flow: read each side (a recommend document, a batch output, or an answers file
run through the engine first) and compare them; or one answers file against itself with
--set on top."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from servicefit.advice.comparison import SINGLE, DiffResult, diff_sides
from servicefit.advice.engine import recommend
from servicefit.errors import InputError, Location
from servicefit.intake.answers import load_answers, parse_answers, validate_answers
from servicefit.intake.overrides import set_label
from servicefit.knowledge.base import KnowledgeBase
from servicefit.yamlio.read import MAX_BYTES, loads_json, read_text

# A batch output of hundreds of thousands of records is still a file diff should read.
MAX_RESULT_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True, kw_only=True, slots=True)
class DiffRequest:
    """Two sides to compare, or (with `sets`) one answers file before and after --set."""

    first: str
    second: str | None = None
    sets: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Diff:
    result: DiffResult
    first: str  # the sides as the report names them
    second: str


def run(request: DiffRequest, kb: KnowledgeBase) -> Diff:
    if request.second is not None:
        result = diff_sides(load_side(request.first, kb), load_side(request.second, kb))
        return Diff(result=result, first=request.first, second=request.second)
    baseline = load_answers(request.first, kb)
    scenario = load_answers(request.first, kb, list(request.sets))
    result = diff_sides(
        {SINGLE: recommend(baseline, kb).to_dict()}, {SINGLE: recommend(scenario, kb).to_dict()}
    )
    label = set_label("", list(request.sets)).strip()
    return Diff(result=result, first=request.first, second=f"{request.first} {label}")


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
