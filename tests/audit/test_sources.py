"""Reading exports: CSV dialects, a BOM, bare carriage returns, JSON shapes, JSON lines, gzip."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from servicefit.audit.sources import open_export, records
from servicefit.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_semicolon_csv_with_a_bom_and_bare_carriage_returns() -> None:
    export = open_export(FIXTURES / "freshdesk-semicolon.csv")
    assert export.kind == "csv" and export.dialect == "semicolon"
    assert export.columns[0] == "Ticket ID"  # the BOM is not part of the first column
    rows = list(records(FIXTURES / "freshdesk-semicolon.csv", "csv", None))
    good = [dict(zip(export.columns, r.data, strict=True)) for r in rows if r.data is not None]
    assert [g["Ticket ID"] for g in good] == ["101", "102", "103"]
    assert good[2]["Description"] == "When are you open on Sundays please"  # \r repaired
    bad = [r for r in rows if r.data is None]
    assert len(bad) == 1 and bad[0].line == 5 and "fields where the header has 14" in bad[0].problem


@pytest.mark.parametrize(
    ("name", "first_id"),
    [
        ("freshdesk.json", 20),
        ("intercom.json", "501"),
        ("helpscout.json", 9001),
        ("gorgias.json", 1),
    ],
)
def test_json_documents_find_their_list_of_tickets(name: str, first_id: object) -> None:
    export = open_export(FIXTURES / name)
    assert export.kind == "json"
    first = next(r.data for r in records(FIXTURES / name, "json", None) if r.data)
    assert first["id"] == first_id


def test_json_lines_report_a_bad_line_and_go_on() -> None:
    rows = list(records(FIXTURES / "generic.jsonl", "jsonl", None))
    assert [r.line for r in rows if r.data is None] == [3]
    assert [r.data["ticket"] for r in rows if r.data] == ["A1", "A2", "A3"]


def test_gzip_is_read_by_its_bytes_not_its_name(tmp_path: Path) -> None:
    packed = tmp_path / "export.data"
    packed.write_bytes(gzip.compress((FIXTURES / "zendesk.csv").read_bytes()))
    export = open_export(packed)
    assert export.kind == "csv" and "Via" in export.columns
    assert sum(1 for r in records(packed, "csv", None) if r.data) == 9


def test_a_json_document_without_tickets_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"meta": {"count": 0}}')
    with pytest.raises(InputError, match="no list of tickets"):
        list(records(path, "json", None))
    path.write_text("[1, 2")
    with pytest.raises(InputError, match="not valid JSON"):
        list(records(path, "json", None))


def test_windows_line_endings_need_no_repair(tmp_path: Path) -> None:
    path = tmp_path / "crlf.csv"
    path.write_bytes(b'Id,Text\r\n1,"two\r\nlines"\r\n2,plain\r\n')
    rows = [r.data for r in records(path, "csv", None)]
    assert rows == [["1", "two\r\nlines"], ["2", "plain"]]


HEAD = "id,created,channel,text\n1,2024-03-01 10:00,email,first\n"


@pytest.mark.parametrize(
    "last",
    [
        '2,2024-03-01 11:00,email,"cut short in the mid',
        '2,2024-03-01 11:00,email,"two lines\nand cut',  # a record over two lines
        '2,2024-03-01 11:00,email,"she said ""hi""',  # cut after a doubled quote
        '2,2024-03-01 11:00,email,"',  # cut right after the quote opened
        '2,2024-03-01 11:00,email,"cut after a line break\n',
    ],
)
def test_a_file_cut_inside_its_last_quoted_field_skips_that_row(tmp_path: Path, last: str) -> None:
    path = tmp_path / "cut.csv"
    path.write_text(HEAD + last, encoding="utf-8")
    rows = list(records(path, "csv", None))
    assert [r.data for r in rows[:1]] == [["1", "2024-03-01 10:00", "email", "first"]]
    assert (
        len(rows) == 2
        and rows[1].data is None
        and rows[1].line == 3 + last.rstrip("\n").count("\n")
    )
    assert "cut short" in rows[1].problem


@pytest.mark.parametrize(
    "last",
    [
        '2,2024-03-01 11:00,email,"closed"',
        '2,2024-03-01 11:00,email,"two lines\nclosed"',
        "2,2024-03-01 11:00,email,plain",
        "2,2024-03-01 11:00,email,",  # an empty last field, not a quote left open
        '2,2024-03-01 11:00,email,"said ""hi"""',
        '2,2024-03-01 11:00,email,"closed"\n\n',
        '2,2024-03-01 11:00,email,"ends in a break\n"\n',
    ],
)
def test_a_last_record_that_is_whole_is_read(tmp_path: Path, last: str) -> None:
    path = tmp_path / "whole.csv"
    path.write_text(HEAD + last, encoding="utf-8")
    rows = [r.data for r in records(path, "csv", None)]
    assert rows == [r for r in _standard_rows(path) if r] and len(rows) == 2


def _standard_rows(path: Path) -> list[list[str]]:
    """What Python's csv module reads with the standard dialect: the reference."""
    import csv

    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))[1:]


def test_doubled_quotes_after_the_sniffed_lines_are_read(tmp_path: Path) -> None:
    """csv.Sniffer turned RFC 4180's "" off when the first lines held none, and then split
    every later row with "" inside a field: all of them must be read."""
    lines = ["id,channel,created,text"]
    lines += [f"{i},email,2024-03-0{1 + i % 9} 10:00,plain text {i}" for i in range(60)]
    lines += [f'{i},email,2024-03-05 10:00,"she said ""hi"", twice"' for i in range(60, 80)]
    path = tmp_path / "quotes.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = [r.data for r in records(path, "csv", None)]
    assert None not in rows and len(rows) == 80 == len(_standard_rows(path))
    assert rows[-1][3] == 'she said "hi", twice'


def test_quoted_line_breaks_across_the_sample_cut_are_read(tmp_path: Path) -> None:
    body = "line one\nline two, with a comma\n" * 40
    lines = ["id,channel,created,text"]
    lines += [f'{i},chat,2024-03-05 10:{i % 60:02d},"{body}"' for i in range(200)]
    path = tmp_path / "breaks.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > 64 * 1024  # the sample ends inside a field
    export = open_export(path)
    assert export.dialect == "comma"
    rows = [r.data for r in records(path, "csv", None)]
    assert None not in rows and len(rows) == 200 == len(_standard_rows(path))


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_other_delimiters_are_detected(tmp_path: Path, delimiter: str) -> None:
    lines = [delimiter.join(["id", "channel", "created", "text"])]
    lines += [delimiter.join([str(i), "email", "2024-03-05 10:00", "a, b and c"]) for i in range(9)]
    path = tmp_path / "d.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert open_export(path).columns == ("id", "channel", "created", "text")
    assert all(r.data is not None for r in records(path, "csv", None))


def test_detection_is_linear_on_quote_and_comma_heavy_samples(tmp_path: Path) -> None:
    """csv.Sniffer took a minute on 90 KB of quotes or commas; bounded by CPU time, not wall."""
    import time

    for name, text in (
        ("quotes.csv", 'a,b\n"' + '""' * 45_000 + '",x\n'),
        ("commas.csv", "a,b\n" + ("," * 89 + "\n") * 1000),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        started = time.process_time()
        open_export(path)
        assert time.process_time() - started < 2.0


@pytest.mark.parametrize(
    ("doc", "marker"),
    [
        (
            {"tickets": [{"id": 1}], "next_page": "https://x/api/v2/tickets.json?page=2"},
            "next_page",
        ),
        ({"tickets": [{"id": 1}], "end_of_stream": False}, "end_of_stream: false"),
        ({"tickets": [{"id": 1}], "meta": {"has_more": True}}, "meta.has_more: true"),
        ({"conversations": [{"id": 1}], "pages": {"next": {"starting_after": "x"}}}, "pages.next"),
        ({"results": [{"id": 1}], "paging": {"next": {"after": "2"}}}, "paging.next"),
        ({"data": [{"id": 1}], "meta": {"next_cursor": "abc"}}, "meta.next_cursor"),
    ],
)
def test_a_page_that_says_more_follows_is_noted(tmp_path: Path, doc: dict, marker: str) -> None:
    import json

    path = tmp_path / "page.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    notes: list[str] = []
    assert len(list(records(path, "json", None, notes))) == 1
    assert notes == [marker]


def test_a_last_page_is_not_noted(tmp_path: Path) -> None:
    import json

    path = tmp_path / "page.json"
    last = {"tickets": [{"id": 1}], "next_page": None, "end_of_stream": True, "meta": {}}
    path.write_text(json.dumps(last), encoding="utf-8")
    notes: list[str] = []
    list(records(path, "json", None, notes))
    assert notes == []


def test_an_object_where_one_value_belongs_reads_as_none(tmp_path: Path) -> None:
    """A JSON export with an object or a list in a channel, id, time or status field (a
    mutated Intercom export put `source`, an object, where a channel was looked for): the
    audit reads such a field as empty instead of failing on it."""
    from tests.conftest import run_cli

    path = tmp_path / "tickets.jsonl"
    path.write_text(
        '{"id": {"a": 1}, "created_at": {"x": 1}, "channel": {"t": "email"}, "status": ["open"],'
        ' "subject": ["Where", "is", "my", "order"]}\n'
        '{"id": "2", "created_at": "2024-03-01T10:00:00Z", "channel": "email", "status": "open",'
        ' "subject": "Hi"}\n',
        encoding="utf-8",
    )
    result = run_cli(["audit", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert '"channel value not mapped": 1' in result.stdout
