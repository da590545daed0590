"""Batch runs: many answer documents in, one record per document out, in input order.

Workers load the knowledge base once each and return records already serialised, so the
parent only writes. A bad input becomes an error record in its place; it never stops the rest.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from servicefit.errors import AnswersError, InputError, Location, ServicefitError, UsageError
from servicefit.intake.answers import STDIN
from servicefit.yamlio.files import Unreadable, files_below
from servicefit.yamlio.read import decode

if TYPE_CHECKING:
    from servicefit.knowledge.base import KnowledgeBase

SUFFIXES = (".yaml", ".yml", ".json")


class Item(NamedTuple):
    """One answers document: a path to read, or text already read (from standard input)."""

    label: str
    path: str | None = None
    text: str | None = None
    data: Any = None
    error: ServicefitError | None = None


class Summary(NamedTuple):
    """What the CSV and table formats show of a recommendation."""

    top_model: str
    scores: dict[str, int]
    staffing: str
    automated_share: float


class Outcome(NamedTuple):
    label: str
    ok: bool
    record: bytes  # the record as one compact JSON line, UTF-8
    summary: Summary | str  # the recommendation's summary, or the error message


# JSON lines on standard input: enough for about 400,000 answers.
STDIN_MAX_BYTES = 256 * 1024 * 1024


def expand(paths: Iterable[str], stdin_text: str | None = None) -> list[Item]:
    """Files as given; directories searched recursively in sorted path order; '-' split into documents."""
    items: list[Item] = []
    for raw in paths:
        if raw == STDIN:
            if stdin_text is None:
                data = sys.stdin.buffer.read(STDIN_MAX_BYTES + 1)
                stdin_text = decode(data, "<stdin>", STDIN_MAX_BYTES)
            items += split_stdin(stdin_text)
            continue
        path = Path(raw)
        if path.is_dir():
            unreadable: list[Unreadable] = []
            found = files_below(path, SUFFIXES, unreadable=unreadable)
            items += [Item(str(p), path=str(p)) for p in found]
            items += [  # a folder that cannot be read is a failed input, never skipped
                Item(
                    u.folder,
                    error=AnswersError(
                        f"cannot read this folder ({u.reason}).",
                        Location(u.folder),
                        "Its answer files were not run; check its permissions.",
                    ),
                )
                for u in unreadable
            ]
        else:
            items.append(Item(raw, path=raw))
    return items


def split_stdin(text: str) -> list[Item]:
    """JSON lines (one object a line) or multi-document YAML separated by '---'."""
    lines = [line for line in text.splitlines() if line.strip()]
    if lines and all(line.lstrip().startswith("{") for line in lines):
        return [Item(f"-#{i}", text=line) for i, line in enumerate(lines, 1)]
    from servicefit.yamlio.read import MAX_BYTES, parse_documents

    if len(text.encode()) > MAX_BYTES:
        error = AnswersError(
            f"YAML documents on standard input are limited to {MAX_BYTES:,} bytes in all.",
            Location("<stdin>"),
            "For more, give one JSON object a line (JSON lines), or the files themselves.",
        )
        return [Item("-#1", error=error)]

    try:
        docs = parse_documents(text, "<stdin>")
    except InputError as exc:
        return [Item("-#1", error=AnswersError(exc.message, exc.location, exc.hint))]
    return [Item(f"-#{i}", data=doc) for i, doc in enumerate(docs, 1) if doc is not None]


_KB: KnowledgeBase | None = None  # the rule set of this process (a worker's own)


def _load(rules: str | None) -> None:
    global _KB
    from servicefit.knowledge.rulesets import load_rule_set

    _KB = load_rule_set(rules)


def _init_pool_worker(rules: str | None) -> None:
    # Ctrl-C reaches every process of the terminal's group: the parent decides when to stop
    # and ends the workers; a worker that died of it would print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _load(rules)
    # A worker process builds many short-lived, acyclic objects per file; reference counting
    # frees them. Keep the long-lived knowledge base out of the collector's scans and collect
    # less often. Only in worker processes: never in the caller's own process.
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


try:
    # Encoding a record was a fifth of its cost; orjson does it in a tenth of the time and, for
    # these documents (text keys, ints, and floats rounded for people), writes the very bytes
    # the json module writes (tests/test_batch.py checks both on generated answers).
    import orjson
except ImportError:  # pragma: no cover - a platform without an orjson wheel
    orjson = None  # type: ignore[assignment]

# The fallback: one encoder for every record, without the cycle check (the documents are
# fresh trees).
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def _compact(document: dict[str, Any]) -> bytes:
    if orjson is not None:
        return orjson.dumps(document)
    return _json_compact(document)


def _json_compact(document: dict[str, Any]) -> bytes:
    return _ENCODER.encode(document).encode()


def run_one(item: Item) -> Outcome:
    from servicefit.advice.engine import recommend
    from servicefit.intake.answers import load_answers, parse_answers, validate_answers

    kb = _KB
    assert kb is not None, "outcomes() loads the rule set before running items"
    try:
        if item.error is not None:
            raise item.error
        if item.path is None:
            data = item.data if item.text is None else parse_answers(item.text, item.label)
            answers = validate_answers(data, kb, item.label)
            answers.source = item.label
        else:
            answers = load_answers(item.path, kb)
        rec = recommend(answers, kb)
    except ServicefitError as exc:
        return _failed(item, exc)
    except RecursionError:
        return _failed(item, AnswersError("nesting is too deep to read.", Location(item.label)))
    doc = rec.to_dict()
    scores = {m["id"]: m["score"] for m in doc["models"]}
    summary = Summary(
        doc["models"][0]["id"],
        scores,
        doc["channel_staffing"]["recommended"],
        doc["blend"]["automated_share"],
    )
    return Outcome(item.label, True, _compact({"input": item.label, "result": doc}), summary)


def _failed(item: Item, exc: ServicefitError) -> Outcome:
    return Outcome(
        item.label, False, _compact({"input": item.label, "error": exc.to_dict()}), str(exc)
    )


def run_chunk(items: list[Item]) -> tuple[bytes, list[tuple[str, bool, Summary | str, int]]]:
    """Run a slice of the inputs in a worker: one blob of records and a small summary per record,
    so that crossing to the parent costs one copy, not one object per field."""
    done = [run_one(item) for item in items]
    return b"".join(o.record for o in done), [
        (o.label, o.ok, o.summary, len(o.record)) for o in done
    ]


def outcomes(items: list[Item], jobs: int, rules: str | None) -> Iterator[Outcome]:
    """Run every item, yielding outcomes in input order."""
    if not items:
        return
    if jobs <= 1 or len(items) < 2 * jobs:
        _load(rules)
        for item in items:
            yield run_one(item)
        return
    import multiprocessing

    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    size = max(1, min(200, len(items) // (jobs * 8)))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    pool = context.Pool(jobs, initializer=_init_pool_worker, initargs=(rules,))
    try:
        for blob, spans in pool.imap(run_chunk, chunks):
            start = 0
            for label, ok, summary, length in spans:
                yield Outcome(label, ok, blob[start : start + length], summary)
                start += length
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def check_jobs(jobs: int) -> int:
    if jobs < 1:
        raise UsageError(f"--jobs {jobs} is not allowed.", hint="Give 1 or more worker processes.")
    return jobs
