"""`servicefit batch`: recommend for many answer files at once, in input order."""

from __future__ import annotations

import contextlib
import gc
import io
import os
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

from servicefit.advice.batch import Outcome, check_jobs, default_jobs, expand, outcomes
from servicefit.cli.output import diagnostic
from servicefit.errors import EXIT_FAILURES, EXIT_INTERRUPTED, UsageError
from servicefit.knowledge.base import KnowledgeBase
from servicefit.report.batch import BatchFormat, Framer
from servicefit.yamlio.files import replace_with, temp_beside


class Sink:
    """Writes records as they come, to standard output or to a temporary file renamed at the end.

    JSON records arrive as UTF-8 bytes from the workers and are written as they are. Writes go
    straight to the file descriptor, whole: Python's buffered writer, interrupted by a signal
    while the pipe it writes to is full, reports every byte written yet drops some (measured on
    CPython 3.11 with Ctrl-C during `servicefit batch DIR | slow-reader`), which would cut the
    last record in half.
    """

    FLUSH_AT = 64 * 1024

    def __init__(self, fmt: BatchFormat, output: Path | None, model_ids: list[str]):
        self.framer = Framer(fmt, model_ids)
        self.output = output
        self.tmp: str | None = None
        self.fd: int | None = None  # None: a stdout that is no file (a test harness)
        if output is None:
            sys.stdout.flush()
            with contextlib.suppress(AttributeError, ValueError, io.UnsupportedOperation):
                self.fd = sys.stdout.fileno()
            self.interactive = sys.stdout.isatty()
        else:
            self.fd, self.tmp = temp_beside(output)
            self.interactive = False
        self.pending = bytearray(self.framer.head())

    def add(self, outcome: Outcome) -> None:
        self.pending += self.framer.add(outcome)
        if self.interactive or len(self.pending) >= self.FLUSH_AT:
            self.flush()

    def flush(self) -> None:
        if self.fd is None:
            sys.stdout.buffer.write(self.pending)
            sys.stdout.buffer.flush()
        else:
            view = memoryview(self.pending)
            while view:
                view = view[os.write(self.fd, view) :]
            del view
        self.pending.clear()

    def close(self) -> None:
        self.pending += self.framer.tail()
        if self.framer.fmt is BatchFormat.table:
            self._table()
        self.flush()
        if self.tmp is not None and self.fd is not None and self.output is not None:
            os.fsync(self.fd)
            os.close(self.fd)
            replace_with(self.tmp, self.output)
            self.tmp = None

    def discard(self) -> None:
        if self.tmp is not None and self.fd is not None:
            with contextlib.suppress(OSError):
                os.close(self.fd)
                os.unlink(self.tmp)

    def _table(self) -> None:
        from servicefit.report.console import make_console

        if self.tmp is None:
            self.flush()
            self.framer.draw_table(make_console(sys.stdout))
            sys.stdout.flush()
            return
        buffer = io.StringIO()
        self.framer.draw_table(make_console(buffer, color=False, width=120))
        self.pending += buffer.getvalue().encode()


def run(
    kb: KnowledgeBase,
    paths: list[str],
    fmt: BatchFormat,
    output: Path | None,
    jobs: int | None,
    fail_fast: bool,
    rules: str | None = None,
) -> int:
    if not paths:
        raise UsageError(
            "no inputs given.", hint="Name answer files, folders, or - for standard input."
        )
    items = expand(paths)
    if not items:
        raise UsageError(
            "no answer files found (*.yaml, *.yml, *.json).", hint="Check the folders you named."
        )
    jobs = check_jobs(jobs if jobs is not None else default_jobs())
    sink = Sink(fmt, output, list(kb.models))
    failed = done = 0
    progress = _progress(len(items))
    interrupted = False
    gc.freeze()  # the input list lives to the end; keep the collector from rescanning it
    try:
        with StopRequest() as stop:
            for outcome in outcomes(items, jobs, rules):
                sink.add(outcome)
                done += 1
                failed += not outcome.ok
                if progress:
                    progress[0].advance(progress[1])
                if stop.requested:
                    interrupted = True
                    break
                if fail_fast and not outcome.ok:
                    break
    except BaseException:  # a second Ctrl-C, or worse: keep the old --output file
        sink.discard()
        raise
    finally:
        gc.unfreeze()
        if progress:
            progress[0].stop()
    sink.close()
    skipped = len(items) - done
    summary = (
        f"servicefit batch: {done} of {len(items)} inputs, {done - failed} ok, {failed} failed"
    )
    if skipped:
        summary += f", {skipped} not run" + (" (interrupted)" if interrupted else " (--fail-fast)")
    diagnostic(summary + ".")
    if interrupted:
        return EXIT_INTERRUPTED
    return EXIT_FAILURES if failed else 0


class StopRequest:
    """Ctrl-C during a batch: the first asks the run to stop after the record in hand, so that
    every record written is whole and the output stays valid; a second stops at once."""

    def __init__(self) -> None:
        self.requested = False
        self.previous: Any = None

    def __enter__(self) -> StopRequest:
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum: int, frame: Any) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        diagnostic("servicefit batch: stopping after the records in hand (Ctrl-C again to quit).")

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)


def _progress(total: int) -> tuple[Progress, TaskID] | None:
    if not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    progress = Progress(
        "servicefit batch",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(file=sys.stderr),
        transient=True,
    )
    task = progress.add_task("batch", total=total)
    progress.start()
    return progress, task
