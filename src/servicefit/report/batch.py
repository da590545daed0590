"""Batch output formats: records as JSON lines, one JSON array, CSV rows, a table, or a page.

Records arrive already encoded as compact JSON (the workers encode them); this module frames
them for each format. A table and a page need every row first, so they are drawn at the end.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

from servicefit.flows.batch import Outcome, Summary
from servicefit.knowledge.wording import percent
from servicefit.messages import escape_controls

if TYPE_CHECKING:
    from rich.console import Console

TABLE_COLUMNS = ("input", "top model", "score", "staffing", "automated", "error")
NOT_APPLICABLE = "not applicable"  # staffing where the choice does not arise (one channel)


class BatchFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    table = "table"
    html = "html"  # one page: every input's verdict, and how often each model leads


class Framer:
    """Turns a stream of outcomes into the bytes of one batch format."""

    def __init__(self, fmt: BatchFormat, model_ids: Sequence[str], names: Mapping[str, str]):
        self.fmt = fmt
        self.model_ids = list(model_ids)
        self.names = names  # model and staffing ids -> their names, for the page
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
            table.add_row(*(safe_text(c) for c in _cells(o, lambda key: key)))
        console.print(table)


def _cells(o: Outcome, name: Callable[[str], str]) -> tuple[str, str, str, str, str, str]:
    """An input's row of the table and the page (TABLE_COLUMNS): ids shown by `name`."""
    s = o.summary
    if not isinstance(s, Summary):
        return (o.label, "", "", "", "", s)
    staffing = name(s.staffing) if s.staffing else NOT_APPLICABLE
    score = str(s.scores[s.top_model])
    return (o.label, name(s.top_model), score, staffing, percent(s.automated_share), "")


def page(framer: Framer) -> str:
    """Every input's verdict as one page to hand on (templates/batch.html.j2), with a chart of
    how many inputs each model leads."""
    from collections import Counter

    from servicefit import __version__
    from servicefit.report import charts
    from servicefit.report.htmlpage import page as fill

    def name(key: str) -> str:
        return framer.names.get(key, key)

    rows = [_cells(o, name) for o in framer.rows]
    leads = Counter(o.summary.top_model for o in framer.rows if isinstance(o.summary, Summary))
    failed = sum(1 for r in rows if r[-1])
    drawn = {}
    if leads:
        # most led first (ties in the rule set's order), drawn bottom up
        order = sorted(leads, key=lambda m: (-leads[m], framer.model_ids.index(m)))[::-1]
        drawn["leads"] = charts.bars(
            "leads",
            "Inputs each model leads",
            [name(m) for m in order],
            [leads[m] for m in order],
            "Inputs",
            whole=True,
        )
    view = {
        "title": "servicefit batch",
        "input": f"{len(rows):,} inputs",
        "version": __version__,
        "summary": [
            f"{len(rows) - failed:,} of {len(rows):,} inputs recommended"
            + (
                f"; {failed:,} failed, {'its error' if failed == 1 else 'their errors'} in the table."
                if failed
                else "."
            ),
        ],
        "rows": rows,
        "footer": "Every figure comes from the answers files named in the table and the rule set.",
    }
    return fill("batch.html.j2", view, drawn)
