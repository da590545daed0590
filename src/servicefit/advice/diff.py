"""Comparing two recommendations: ranks, scores, staffing and blend shares.

Either side may be a recommend document, a batch output (JSON array or JSON lines, matched by
input), or an answers file, which is run through the engine first.
"""

from __future__ import annotations

import json
from typing import Any

from servicefit.advice.engine import recommend
from servicefit.errors import InputError, Location
from servicefit.intake.answers import parse_answers, validate_answers
from servicefit.knowledge.base import KnowledgeBase
from servicefit.yamlio.source import plain, read_text

SINGLE = ""  # the key of a side that holds one recommendation


def load_side(path: str, kb: KnowledgeBase) -> dict[str, dict[str, Any]]:
    """Recommendations in a file, keyed by input ('' for a single one)."""
    text = read_text(path, max_bytes=512 * 1024 * 1024)
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and all(line.lstrip().startswith('{"input"') for line in lines):
        return _records([json.loads(line) for line in lines], path)
    data = parse_answers(text, path)
    if isinstance(data, list):
        return _records(plain(data), path)
    if isinstance(data, dict) and "schema_version" in data and "models" in data:
        return {SINGLE: plain(data)}
    if isinstance(data, dict) and set(data) <= {"input", "result", "error"} and "input" in data:
        return _records([plain(data)], path)
    answers = validate_answers(data, kb, path)
    answers.source = path
    return {SINGLE: recommend(answers, kb).to_dict()}


def _records(records: list[Any], path: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for record in records:
        if not isinstance(record, dict) or "input" not in record:
            raise InputError(
                "this is neither a recommendation, a batch output nor an answers file.",
                Location(path),
                "Give a file written by `servicefit recommend --format json`, "
                "`servicefit batch`, or an answers file.",
            )
        if "result" in record:
            out[record["input"]] = record["result"]
    return out


def compare(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """What changed from recommendation ``a`` to ``b``."""
    ranks_a = {m["id"]: m for m in a["models"]}
    ranks_b = {m["id"]: m for m in b["models"]}
    models = []
    for model_id in ranks_b:
        old, new = ranks_a.get(model_id), ranks_b[model_id]
        if old is None or old["rank"] != new["rank"] or old["score"] != new["score"]:
            models.append(
                {
                    "id": model_id,
                    "rank": [old and old["rank"], new["rank"]],
                    "score": [old and old["score"], new["score"]],
                }
            )
    shares_a = {c["model"]: c["share"] for c in a["blend"]["components"]}
    shares_b = {c["model"]: c["share"] for c in b["blend"]["components"]}
    components = [
        {"model": m, "share": [shares_a.get(m, 0), shares_b.get(m, 0)]}
        for m in [*shares_a, *(m for m in shares_b if m not in shares_a)]
        if shares_a.get(m, 0) != shares_b.get(m, 0)
    ]
    top = [a["models"][0]["id"], b["models"][0]["id"]]
    staffing = [a["channel_staffing"]["recommended"], b["channel_staffing"]["recommended"]]
    automated = [a["blend"]["automated_share"], b["blend"]["automated_share"]]
    return {
        "top_model": {"from": top[0], "to": top[1], "changed": top[0] != top[1]},
        "staffing": {"from": staffing[0], "to": staffing[1], "changed": staffing[0] != staffing[1]},
        "automated_share": {"from": automated[0], "to": automated[1]},
        "models": models,
        "blend": components,
    }


def diff_sides(left: dict[str, dict[str, Any]], right: dict[str, dict[str, Any]]) -> dict[str, Any]:
    if set(left) == {SINGLE} and set(right) == {SINGLE}:
        pairs = {SINGLE: (left[SINGLE], right[SINGLE])}
    elif SINGLE in left or SINGLE in right:
        raise InputError(
            "cannot compare a single recommendation with a batch output.",
            hint="Compare two single results, or two batch outputs matched by input.",
        )
    else:
        pairs = {k: (left[k], right[k]) for k in left if k in right}
    changes = {k: compare(a, b) for k, (a, b) in pairs.items()}
    significant = any(
        c["top_model"]["changed"] or c["staffing"]["changed"] for c in changes.values()
    )
    return {
        "changed": significant,
        "results": [{"input": k or None, **c} for k, c in changes.items()],
        "only_in_first": sorted(k for k in left if k not in right),
        "only_in_second": sorted(k for k in right if k not in left),
    }
