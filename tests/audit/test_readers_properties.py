"""Properties of the export readers: the streamed JSON reader agrees with a whole parse, the
CSV reader with Python's csv module, whatever the content and however blocks fall."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicefit.audit import jsonstream
from servicefit.audit.sources import records

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
SCALARS = st.none() | st.booleans() | st.integers(-(10**9), 10**9) | TEXT
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)
TICKETS = st.lists(st.dictionaries(TEXT, VALUES, max_size=5), max_size=8)


@settings(max_examples=150, deadline=None)
@given(
    tickets=TICKETS,
    extra=st.dictionaries(st.sampled_from(["meta", "next_page", "count", "x"]), VALUES, max_size=3),
    block=st.integers(1, 64),
    first=st.booleans(),
)
def test_streamed_tickets_are_the_parsed_ones(
    tickets: list, extra: dict, block: int, first: bool
) -> None:
    doc = {"tickets": tickets, **extra} if first else {**extra, "tickets": tickets}
    data = orjson.dumps(doc)
    old = jsonstream.BLOCK
    jsonstream.BLOCK = block
    try:
        top: dict = {}
        got = [item for _, item in jsonstream.items(io.BytesIO(data), "tickets", top)]
    finally:
        jsonstream.BLOCK = old
    assert got == tickets
    assert {k: v for k, v in top.items()} == {
        k: v for k, v in doc.items() if k in jsonstream.PAGING_KEYS
    }


@settings(max_examples=100, deadline=None)
@given(
    pages=st.lists(
        st.tuples(TICKETS, st.dictionaries(st.sampled_from(["next_page", "count"]), VALUES)),
        min_size=1,
        max_size=4,
    ),
    gaps=st.lists(st.sampled_from([b"", b"\n", b" \r\n", b"\n\n\t"]), min_size=4, max_size=4),
    block=st.integers(1, 64),
)
def test_pages_saved_one_after_another_are_read_in_turn(
    pages: list, gaps: list, block: int
) -> None:
    """`curl … >> tickets.json` leaves pages one after another: every page's tickets, in order,
    and the last page's paging values (whether more pages follow)."""
    docs = [{"tickets": tickets, **extra} for tickets, extra in pages]
    data = b"".join(
        orjson.dumps(doc) + gap for doc, gap in zip(docs, gaps[: len(docs)], strict=True)
    )
    old = jsonstream.BLOCK
    jsonstream.BLOCK = block
    try:
        top: dict = {}
        got = [(i, item) for i, item in jsonstream.items(io.BytesIO(data), "tickets", top)]
    finally:
        jsonstream.BLOCK = old
    every = [ticket for tickets, _ in pages for ticket in tickets]
    assert got == list(enumerate(every))
    assert top == {k: v for k, v in docs[-1].items() if k in jsonstream.PAGING_KEYS}


FIELD = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
    max_size=20,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.lists(FIELD, min_size=3, max_size=3), min_size=1, max_size=30),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
)
def test_csv_rows_are_the_standard_readers(tmp_path: Path, rows: list, delimiter: str) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["id", "channel", "text"])
    writer.writerows(rows)
    path = tmp_path / "export.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    expected = [r for r in csv.reader(io.StringIO(out.getvalue()), delimiter=delimiter)][1:]
    expected = [r for r in expected if len(r) > 1 or (r and r[0].strip())]
    got = [r.data for r in records(path, "csv", None)]
    if len({len(r) for r in rows}) == 1 and any(any(f.strip() for f in r) for r in rows):
        assert got == expected
