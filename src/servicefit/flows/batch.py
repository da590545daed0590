"""`batch`'s flow: many answer documents in, one record per document out, in input order.

Inputs are files, folders (searched in sorted path order) and standard input. Workers load the
rule set once each and return records already serialised, so the parent only writes. A bad
input becomes an error record in its place; it never stops the rest.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from servicefit.errors import AnswersError, InputError, Location, ServicefitError, UsageError
from servicefit.intake.answers import STDIN
from servicefit.messages import escape_json_bytes
from servicefit.yamlio.files import Unreadable, paths_below
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
    sets: tuple[str, ...] = ()  # --set overrides, applied to this input


class Summary(NamedTuple):
    """What the CSV and table formats show of a recommendation."""

    top_model: str
    scores: dict[str, int]
    staffing: str
    automated_share: float


class Outcome(NamedTuple):
    label: str
    ok: bool
    record: bytes  # the record as one compact JSON line, UTF-8, control characters escaped
    summary: Summary | str  # the recommendation's summary, or the error message


@dataclass(frozen=True, kw_only=True, slots=True)
class BatchRequest:
    """What `batch` is asked to run."""

    inputs: tuple[str, ...] = ()  # files, folders, or '-' for standard input
    jobs: int | None = None  # worker processes; None: one per core this process may use
    rules: str | None = None  # the rule set each worker loads (None: servicefit's own)
    sets: tuple[str, ...] = ()  # --set overrides, applied to every input


def prepare(request: BatchRequest, kb: KnowledgeBase) -> tuple[list[Item], int]:
    """The inputs to run and the number of workers, checked: a wrong --set or --jobs is a
    usage error, not a failure of every input."""
    if not request.inputs:
        raise UsageError(
            "no inputs given.", hint="Name answer files, folders, or - for standard input."
        )
    items = expand(request.inputs)
    if not items:
        raise UsageError(
            "no answer files found (*.yaml, *.yml, *.json).", hint="Check the folders you named."
        )
    if request.sets:
        from servicefit.intake.overrides import parse_sets

        parse_sets(list(request.sets), kb)
        items = [item._replace(sets=request.sets) for item in items]
    return items, check_jobs(request.jobs if request.jobs is not None else default_jobs())


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
            found = paths_below(path, SUFFIXES, unreadable=unreadable)
            items += [Item(p, p) for p in found]
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
    # Ctrl-C, and SIGTERM from `timeout` or a service manager, reach every process of the
    # group: the parent decides when to stop, and its workers finish the chunk in hand (a
    # fraction of a second) and leave. A worker that died of the signal would print a
    # traceback, and take its finished records with it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
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
    """The record as written: compact JSON, with what no terminal may get raw escaped here,
    in the worker, once (the parent only writes the bytes)."""
    data = orjson.dumps(document) if orjson is not None else _json_compact(document)
    return escape_json_bytes(data)


def _json_compact(document: dict[str, Any]) -> bytes:
    return _ENCODER.encode(document).encode()


def run_one(item: Item) -> Outcome:
    from servicefit.advice.engine import recommend
    from servicefit.intake.answers import load_answers, parse_answers, validate_answers
    from servicefit.intake.overrides import parse_sets, set_label, with_sets

    kb = _KB
    assert kb is not None, "outcomes() loads the rule set before running items"
    try:
        if item.error is not None:
            raise item.error
        if item.path is None:
            data = item.data if item.text is None else parse_answers(item.text, item.label)
            data = with_sets(data, parse_sets(item.sets, kb), item.label)
            answers = validate_answers(data, kb, item.label)
            answers.source = set_label(item.label, item.sets)
        else:
            answers = load_answers(item.path, kb, item.sets)
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


def outcomes(
    items: list[Item],
    jobs: int,
    rules: str | None,
    stopping: Callable[[], bool] = lambda: False,
) -> Iterator[Outcome]:
    """Run every item, yielding outcomes in input order. `stopping` says when the caller has
    been asked to stop (a worker killed by the same signal is then not retried)."""
    if not items:
        return
    if jobs <= 1 or len(items) < 2 * jobs:
        _load(rules)
        for item in items:
            yield run_one(item)
        return
    yield from _pooled(items, jobs, rules, stopping)


# After this many worker deaths the rest of a batch is not run: something kills every worker.
MAX_CRASHES = 10


def _pooled(
    items: list[Item], jobs: int, rules: str | None, stopping: Callable[[], bool]
) -> Iterator[Outcome]:
    """Chunks of inputs in worker processes, a few chunks ahead, results in order.

    A worker that dies (killed, out of memory) loses the chunks in flight; a process pool of the
    standard library's multiprocessing.Pool would then wait for them forever. Here the lost
    inputs are run again one at a time in a single worker, so that only the input that kills
    its worker again fails, with an error record; the rest of the batch runs on as before."""
    size = max(1, min(200, len(items) // (jobs * 8)))
    chunks = deque(items[i : i + size] for i in range(0, len(items), size))
    suspects: deque[Item] = deque()
    crashes = 0
    while chunks or suspects:
        alone = bool(suspects)  # run the suspects one by one before going on
        lost: list[Item] = []
        with _Workers(1 if alone else jobs, rules) as workers:
            pool = workers.pool
            window: deque[tuple[list[Item], Future[Any]]] = deque()
            ahead = 1 if alone else 2 * jobs
            source: deque[Any] = suspects if alone else chunks
            _fill(window, pool, source, ahead, alone)
            while window:
                _, future = window[0]
                try:
                    blob, spans = future.result()
                except BrokenProcessPool:
                    lost = [item for c, _ in window for item in c]
                    workers.kill_survivors()
                    break
                window.popleft()
                yield from _unpack(blob, spans)
                _fill(window, pool, source, ahead, alone)
        if not lost:
            continue
        crashes += 1
        if stopping():
            return
        if alone:  # this input killed its worker on its own
            yield _failed(lost[0], _worker_died(lost[0]))
            suspects.extend(lost[1:])
        else:
            suspects.extend(lost)
        if crashes >= MAX_CRASHES:
            for item in [*suspects, *(i for c in chunks for i in c)]:
                yield _failed(item, _worker_died(item, gave_up=True))
            return


def _fill(
    window: deque[tuple[list[Item], Future[Any]]],
    pool: ProcessPoolExecutor,
    source: deque[Any],
    ahead: int,
    alone: bool,
) -> None:
    """Keep `ahead` chunks in flight: from the chunks, or one suspect input at a time. A pool
    already broken takes nothing: what could not be sent waits for the next pool."""
    while len(window) < ahead and source:
        taken = source.popleft()
        chunk = [taken] if alone else taken
        try:
            future = pool.submit(run_chunk, chunk)
        except BrokenProcessPool:
            source.appendleft(taken)
            return
        window.append((chunk, future))


def _worker_died(item: Item, gave_up: bool = False) -> ServicefitError:
    message = (
        f"not run: {MAX_CRASHES} worker processes died during this batch."
        if gave_up
        else "the worker process reading this input died (killed, or out of memory)."
    )
    return InputError(message, Location(item.label), "Run it alone to see what happens.")


def _unpack(blob: bytes, spans: list[tuple[str, bool, Summary | str, int]]) -> Iterator[Outcome]:
    start = 0
    for label, ok, summary, length in spans:
        yield Outcome(label, ok, blob[start : start + length], summary)
        start += length


class _Workers:
    """A process pool that is shut down on the way out, however the way out is taken.

    While the pool works, its workers are never ended: one ended while it sends a result leaves
    the pool's manager thread waiting for the rest of the message forever (the other workers
    hold the pipe open). So workers ignore SIGTERM, and the chunks in flight finish. Once the
    pool is broken nothing reads the pipe any more; then a surviving worker may be blocked
    writing its result into it, and the pool's own SIGTERM cannot end it: `kill_survivors`."""

    def __init__(self, jobs: int, rules: str | None):
        import multiprocessing

        context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
        self.pool = ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_init_pool_worker, initargs=(rules,)
        )

    def __enter__(self) -> _Workers:
        return self

    def kill_survivors(self) -> None:
        """After a worker died: end the rest, which nothing will read from again. A process
        already reaped is not signalled (multiprocessing checks), so no other process is hit."""
        processes = getattr(self.pool, "_processes", None) or {}  # the pool keeps no public list
        for process in tuple(processes.values()):
            process.kill()

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def check_jobs(jobs: int) -> int:
    if jobs < 1:
        raise UsageError(f"--jobs {jobs} is not allowed.", hint="Give 1 or more worker processes.")
    return jobs
