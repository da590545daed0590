"""`servicefit batch`: recommend for many answer files at once, in input order."""

from __future__ import annotations

import contextlib
import gc
import io
import os
import select
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from servicefit.cli.output import diagnostic
from servicefit.cli.signals import StopRequest
from servicefit.errors import (
    EXIT_FAILURES,
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    Terminated,
)
from servicefit.flows.batch import BatchRequest, Outcome, outcomes, prepare
from servicefit.knowledge.base import KnowledgeBase
from servicefit.report.batch import BatchFormat, Framer
from servicefit.yamlio.files import (
    Output,
    abandon_output,
    finish_output,
    open_output,
    output_target,
)

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

# After a second Ctrl-C in the middle of a record, how long to wait for a slow reader to take
# the rest of it before giving up.
FINISH_RECORD_SECONDS = 5.0


class Sink:
    """Writes records as they come, to standard output, or to --output: a temporary file
    renamed at the end (a regular file), or the file itself (a device or a pipe).

    JSON records arrive as UTF-8 bytes from the workers and are written as they are. Writes go
    straight to the file descriptor, whole: Python's buffered writer, interrupted by a signal
    while the pipe it writes to is full, reports every byte written yet drops some (measured on
    CPython 3.11 with Ctrl-C during `servicefit batch DIR | slow-reader`), which would cut the
    last record in half.
    """

    FLUSH_AT = 64 * 1024

    def __init__(
        self, fmt: BatchFormat, output: Path | None, model_ids: list[str], names: dict[str, str]
    ):
        self.framer = Framer(fmt, model_ids, names)
        self.target: Output | None = None
        self.tmp: str | None = None
        self.fd: int | None = None  # None: a stdout that is no file (a test harness)
        if output is None:
            sys.stdout.flush()
            with contextlib.suppress(AttributeError, ValueError, io.UnsupportedOperation):
                self.fd = sys.stdout.fileno()
            self.interactive = sys.stdout.isatty()
        else:
            self.target = output_target(output)
            self.fd, self.tmp = open_output(self.target)
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
            self.pending.clear()
            return
        view = memoryview(self.pending)
        try:
            while view:
                view = view[os.write(self.fd, view) :]
        except (KeyboardInterrupt, Terminated):
            # stopping at once, in the middle of the pending records: the output must still
            # end on a record's end, so finish the one in hand first (a temporary file is
            # thrown away anyway)
            if self.tmp is None:
                self._finish_record(view)
            raise
        finally:
            del view
        self.pending.clear()

    def _finish_record(self, rest: memoryview) -> None:
        end = bytes(rest).find(b"\n")
        if end < 0 or self.fd is None:
            return
        remaining = rest[: end + 1]
        deadline = time.monotonic() + FINISH_RECORD_SECONDS
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            while remaining and time.monotonic() < deadline:
                select.select([], [self.fd], [], max(0.0, deadline - time.monotonic()))
                with contextlib.suppress(BlockingIOError, InterruptedError):
                    remaining = remaining[os.write(self.fd, remaining) :]
        except OSError:
            pass  # the reader is gone: nothing more can reach it
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)

    def close(self) -> None:
        self.pending += self.framer.tail()
        if self.framer.fmt is BatchFormat.table:
            self._table()
        elif self.framer.fmt is BatchFormat.html:
            from servicefit.report.batch import page

            self.pending += page(self.framer).encode()
        self.flush()
        if self.target is not None and self.fd is not None:
            finish_output(self.target, self.fd, self.tmp)
            self.fd = self.tmp = None

    def discard(self) -> None:
        """After a failure or a second signal: any old --output file stays as it was."""
        if self.target is not None and self.fd is not None:
            abandon_output(self.fd, self.tmp)
            self.fd = self.tmp = None

    def _table(self) -> None:
        from servicefit.report.console import make_console

        if self.target is None:
            self.flush()
            self.framer.draw_table(make_console(sys.stdout))
            sys.stdout.flush()
            return
        buffer = io.StringIO()
        self.framer.draw_table(make_console(buffer, color=False, width=120))
        self.pending += buffer.getvalue().encode()


def run(
    kb: KnowledgeBase,
    request: BatchRequest,
    fmt: BatchFormat,
    output: Path | None,
    fail_fast: bool,
) -> int:
    items, jobs = prepare(request, kb)
    rules = request.rules
    names = {t.id: t.name for t in [*kb.models.values(), *kb.staffing.values()]}
    sink = Sink(fmt, output, list(kb.models), names)
    failed = done = 0
    progress = _progress(len(items))
    gc.freeze()  # the input list lives to the end; keep the collector from rescanning it
    try:
        with StopRequest() as stop:
            for outcome in outcomes(items, jobs, rules, lambda: stop.requested is not None):
                sink.add(outcome)
                done += 1
                failed += not outcome.ok
                if progress:
                    progress[0].advance(progress[1])
                if stop.requested is not None:
                    break
                if fail_fast and not outcome.ok:
                    break
    except BaseException:  # a second signal, or worse: keep the old --output file
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
        why: dict[int, str] = {signal.SIGINT: "interrupted", signal.SIGTERM: "terminated"}
        reason = "--fail-fast" if stop.requested is None else why.get(stop.requested, "stopped")
        summary += f", {skipped} not run ({reason})"
    diagnostic(summary + ".")
    if stop.requested == signal.SIGTERM:
        return EXIT_TERMINATED
    if stop.requested is not None:
        return EXIT_INTERRUPTED
    return EXIT_FAILURES if failed else 0


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
