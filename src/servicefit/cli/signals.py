"""Signals: SIGTERM ends a run like Ctrl-C does, cleanly, and a batch stops between records.

Python turns Ctrl-C into KeyboardInterrupt; SIGTERM would end the process without running any
clean-up, leaving temporary files behind. `install()` makes it raise Terminated instead, so the
same clean-up runs and the exit code is 143.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType, TracebackType

from servicefit.cli.output import diagnostic
from servicefit.errors import Terminated


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


def install() -> None:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)


class StopRequest:
    """Ctrl-C or SIGTERM during a batch: the first asks the run to stop after the record in hand,
    so that every record written is whole and the output stays valid; a second stops at once."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.requested: int | None = None  # the signal that asked
        self.previous: dict[int, object] = {}

    def __enter__(self) -> StopRequest:
        if threading.current_thread() is threading.main_thread():
            for signum in self.SIGNALS:
                self.previous[signum] = signal.signal(signum, self._handle)
        return self

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.requested is not None:
            raise KeyboardInterrupt if signum == signal.SIGINT else Terminated()
        self.requested = signum
        again = "Ctrl-C" if signum == signal.SIGINT else "a second SIGTERM"
        diagnostic(f"servicefit batch: stopping after the records in hand ({again} to quit).")

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]
