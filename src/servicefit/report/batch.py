"""Batch output formats: records as JSON lines, one JSON array, CSV rows, or a table.

Records arrive already encoded as compact JSON (the workers encode them); this module frames
them for each format. A table needs every row first, so it is drawn at the end.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

from servicefit.flows.batch import Outcome, Summary
from servicefit.knowledge.wording import percent
from servicefit.messages import escape_controls

if TYPE_CHECKING:
    from rich.console import Console

TABLE_COLUMNS = ("input", "top model", "score", "staffing", "automated", "error")


class BatchFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    table = "table"


class Framer:
    """Turns a stream of outcomes into the bytes of one batch format."""

    def __init__(self, fmt: BatchFormat, model_ids: Sequence[str]):
        self.fmt = fmt
        self.model_ids = list(model_ids)
        self.count = 0
        self.rows: list[Outcome] = []  # a table's rows, drawn at the end
        self._text = io.StringIO()
        self._csv = csv.writer(self._text, lineterminator="\n") if fmt is BatchFormat.csv else None

    def head(self) -> bytes:
        if self._csv is not None:
            self._csv.writerow(
                [
                    "input",
                    "top_model",
                    *(f"score_{m}" for m in self.model_ids),
                    "staffing",
                    "automated_share",
                    "error",
                ]
            )
            return self._take()
        return b"[" if self.fmt is BatchFormat.json else b""

    def add(self, outcome: Outcome) -> bytes:
        first = self.count == 0
        self.count += 1
        if self.fmt is BatchFormat.jsonl:
            return outcome.record + b"\n"
        if self.fmt is BatchFormat.json:
            return (b"\n" if first else b",\n") + outcome.record
        if self._csv is not None:
            s = outcome.summary
            if isinstance(s, Summary):
                row = [outcome.label, s.top_model, *(s.scores[m] for m in self.model_ids)]
                self._csv.writerow([*row, s.staffing, s.automated_share, ""])
            else:
                blanks = [""] * len(self.model_ids)
                self._csv.writerow([outcome.label, "", *blanks, "", "", s])
            return self._take()
        self.rows.append(outcome)
        return b""

    def tail(self) -> bytes:
        if self.fmt is BatchFormat.json:
            return b"\n]\n" if self.count else b"]\n"
        return b""

    def _take(self) -> bytes:
        data = escape_controls(self._text.getvalue()).encode()
        self._text.seek(0)
        self._text.truncate()
        return data

    def draw_table(self, console: Console) -> None:
        from rich.table import Table

        from servicefit.report.console import safe_text

        table = Table(header_style="bold")
        for column in TABLE_COLUMNS:
            table.add_column(column, overflow="fold")
        for o in self.rows:
            s = o.summary
            if isinstance(s, Summary):
                score = str(s.scores[s.top_model])
                cells = (o.label, s.top_model, score, s.staffing, percent(s.automated_share), "")
            else:
                cells = (o.label, "", "", "", "", s)
            table.add_row(*(safe_text(str(c)) for c in cells))
        console.print(table)
