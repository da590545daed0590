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
