"""--map for durations: a unit given after the column, or the one the column's name says.
Found on a public export whose reply times are in hours in a column named ..._Hours, which
the audit read as minutes (60 times too short)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from servicefit.audit.mapping import parse_maps
from servicefit.errors import UsageError
from tests.cli.audit_cli import audit_json, invoke

FRESHDESK = (
    "Ticket ID,Subject,Status,Source,Created time,First response time (in hrs),"
    "Resolution time (in hrs)"
)


def _csv(path: Path, *lines: str) -> str:
    """`lines` written to `path` as a file; its name, for the command line."""
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _described(path: Path, texts: list[str]) -> str:
    """A ticket table of one e-mail a minute from 2024-06-03 10:00, ticket i with texts[i]."""
    rows = [f"{i},email,2024-06-03 10:{i:02d}:00,{text}" for i, text in enumerate(texts)]
    return _csv(path, "ticket_id,channel,created_at,description", *rows)


def test_a_duration_takes_the_unit_given_or_named() -> None:
    maps = parse_maps(
        [
            "first_reply=frt:hours",
            "resolution=Resolution_Time_Hours",
            "created=Created_Date",
        ]
    )
    assert maps.columns["first_reply"] == ("frt",)
    assert maps.units == {"first_reply": "hours", "resolution": "hours"}
    assert parse_maps(["resolution=Time to close (mins)"]).units == {"resolution": "minutes"}
    assert parse_maps(["resolution=close_secs"]).units == {"resolution": "seconds"}
    assert parse_maps(["resolution=days_open"]).units == {"resolution": "days"}
    assert parse_maps(["first_reply=frt"]).units == {}  # the format's unit stands
    assert parse_maps(["first_reply=a:b"]).columns["first_reply"] == ("a:b",)  # no unit: a name
    with pytest.raises(UsageError):
        parse_maps(["reply=frt:hours"])


def test_reply_times_in_hours_are_read_as_hours(tmp_path: Path) -> None:
    export = tmp_path / "tickets.csv"
    export.write_text(
        "Ticket_ID,Created_Date,Channel,First_Response_Time_Hours,Resolution_Time_Hours\n"
        "T1,2024-03-04 10:00:00,Chat,2.0,10.0\n"
        "T2,2024-03-05 11:00:00,Phone,4.0,20.0\n"
        "T3,2024-03-06 12:00:00,Chat,6.0,30.0\n",
        encoding="utf-8",
    )
    common = ["--map", "created=Created_Date", "--map", "channel=Channel", "-f", "json"]
    named = invoke(
        "audit", str(export), *common,
        "--map", "first_reply=First_Response_Time_Hours",
        "--map", "resolution=Resolution_Time_Hours:days",
    )  # fmt: skip
    assert named.exit_code == 0, named.stderr
    times = json.loads(named.stdout)["response_times"]
    assert times["first_reply"]["median_hours"] == 4.0
    assert times["resolution"]["median_hours"] == 480.0


def test_a_ticket_table_with_everyday_column_names_is_read_without_flags(tmp_path: Path) -> None:
    """An in-house or BI table (as the public synthetic tickets tables people try first are):
    recognised by its everyday names, durations in the unit the column's name says."""
    export = tmp_path / "tickets.csv"
    export.write_text(
        "ticket_id,created_date,channel,category,first_response_minutes,resolution_hours\n"
        "TKT-1,2024-03-04 10:00:00,Chat,Billing,30,2\n"
        "TKT-2,2024-03-05 11:00:00,Self-Service,Account,90,4\n"
        "TKT-3,2024-03-06 12:00:00,Social Media,Refund,60,6\n",
        encoding="utf-8",
    )
    doc = audit_json(str(export), "--source-timezone", "UTC")
    assert doc["source"][0]["format"] == "ticket-table"
    assert {c["channel"] for c in doc["channels"]} == {"chat", "email", "social"}
    times = doc["response_times"]
    assert times["first_reply"]["median_hours"] == 1.0
    assert times["resolution"]["median_hours"] == 4.0


def test_a_ticket_table_names_its_columns_with_spaces_too(tmp_path: Path) -> None:
    """ "Created at", "Opened at": the everyday names written as people title columns."""
    for name in ("Created at", "Opened at", "Submitted at", "Created on"):
        export = tmp_path / "tickets.csv"
        export.write_text(
            f"Id,Via,{name},Description\n1,Mail,2024-03-04 10:00,Where is my order?\n",
            encoding="utf-8",
        )
        doc = audit_json(str(export), "--source-timezone", "UTC")
        assert doc["source"][0]["format"] == "ticket-table"
        assert doc["source"][0]["mapping"]["created"] == name


def test_a_vendors_format_wins_over_the_everyday_table(tmp_path: Path) -> None:
    export = tmp_path / "zendesk.csv"
    export.write_text(
        "Id,Via,Created at,Subject,channel,created_at\n"
        "1,Mail,2024-03-04 10:00,Where is my order?,x,y\n",
        encoding="utf-8",
    )
    assert (
        audit_json(str(export), "--source-timezone", "UTC")["source"][0]["format"] == "zendesk-csv"
    )


def test_a_ticket_table_without_creation_times_still_gives_the_mix(tmp_path: Path) -> None:
    export = tmp_path / "tickets.csv"
    export.write_text(
        "Ticket ID,Date of Purchase,Ticket Subject,Ticket Description,Ticket Channel\n"
        "1,2021-03-22,Refund request,How do I return the blender?,Email\n"
        "2,2021-04-02,Product setup,The app crashes when I pair it,Social media\n",
        encoding="utf-8",
    )
    doc = audit_json(str(export))
    assert doc["source"][0]["format"] == "ticket-table"
    assert "created" not in doc["source"][0]["mapping"]  # a purchase date is no creation time
    assert doc["time_of_day"] is None or doc["first"] is None
    assert {c["channel"] for c in doc["channels"]} == {"email", "social"}


def test_freshdesk_times_in_hours_written_as_clocks_are_read(tmp_path: Path) -> None:
    export = _csv(
        tmp_path / "freshdesk.csv",
        FRESHDESK,
        "1,Login,Closed,Email,2024-06-03 10:00:00,01:30:00,04:00:00",
        "2,Refund,Closed,Portal,2024-06-04 11:00:00,00:30:00,26:00:00",
    )
    doc = audit_json(export, "--source-timezone", "UTC")
    assert doc["source"][0]["format"] == "freshdesk-csv"
    times = doc["response_times"]
    assert times["first_reply"]["count"] == 2 and times["first_reply"]["median_hours"] == 1.0
    assert times["resolution"]["median_hours"] == 15.0


def test_times_that_cannot_be_read_are_named_with_the_fix(tmp_path: Path) -> None:
    export = _csv(
        tmp_path / "freshdesk.csv",
        FRESHDESK,
        "1,Login,Closed,Email,2024-06-03 10:00:00,1 day 02:00:00,2",
        "2,Refund,Closed,Portal,2024-06-04 11:00:00,soon,4",
    )
    doc = audit_json(export, "--source-timezone", "UTC")
    warned = {w["code"]: w["message"] for w in doc["warnings"]}
    assert "2 first reply times" in warned["unreadable-times"]
    assert '--map "first_reply=First response time (in hrs):UNIT"' in warned["unreadable-times"]
    assert "first_reply" not in doc["response_times"]
    assert doc["response_times"]["resolution"]["count"] == 2


def test_an_answers_file_given_to_audit_is_named_for_what_it_is() -> None:
    """A YAML file is no ticket export: the error says so and where answers go, instead of
    listing its first line as columns."""
    answers = Path(__file__).parents[2] / "examples" / "answers" / "online-grocer.yaml"
    result = invoke("audit", str(answers))
    assert result.exit_code == 2
    assert "a YAML file, not a ticket export" in result.stderr
    assert "recommend --answers" in result.stderr


BINARY = bytes(range(256)) * 4
# files given instead of an export, named for what they are (not "UTF-16 without a byte-order
# mark" for an Excel workbook), with the way to a CSV
NOT_TEXT = [
    ("tickets.xlsx", b"PK\x03\x04\x14\x00\x06\x00" + BINARY, "a ZIP archive (an Excel .xlsx"),
    (
        "tickets.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00" + BINARY,
        "an Excel 97-2003 workbook",
    ),
    ("tickets.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + BINARY, "a PDF document"),
    ("tickets.parquet", b"PAR1\x15\x04\x15" + BINARY, "a Parquet file"),
    ("tickets.csv.bz2", b"BZh91AY&SY\x00\x01" + BINARY, "a bzip2 archive"),
]


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("spaces.csv", b"\xef\xbb\xbf  \n\n", "the file is empty"),
        ("late.csv", b"\nid,created_at\n1,2024-01-02 10:00\n", ":1: a blank line where the header"),
        ("none.json", b"[]", "no ticket in it to tell its format by"),
        ("blank.json", b"[{}]", "no ticket in it to tell its format by"),
        *NOT_TEXT,
    ],
)
def test_an_export_without_a_header_or_a_ticket_says_so(
    tmp_path: Path, name: str, content: bytes, said: str
) -> None:
    """Not "not a format servicefit knows (columns: )": what is wrong with the file, and the
    fix. A header below a blank line is named too (every reader takes the first line for it),
    and a workbook, a PDF or an archive for what it is."""
    path = tmp_path / name
    path.write_bytes(content)
    result = invoke("audit", str(path))
    assert result.exit_code == 2
    assert said in result.stderr and "columns: )" not in result.stderr
    assert "UTF-16 without" not in result.stderr and "not UTF-8" not in result.stderr


def test_tickets_with_blank_text_are_left_out_of_the_routine_share(tmp_path: Path) -> None:
    """A blank description says nothing of routine: such tickets neither count as not routine
    nor shrink the sample; when every text is blank, the share is not measured and says why."""
    export = _described(tmp_path / "tickets.csv", ["where is my order?"] * 10 + ["   "] * 30)
    routine = audit_json(export, "--source-timezone", "UTC")["routine"]
    assert routine["sample_size"] == 10 and routine["share"] == 1.0
    assert "30 without text left out" in routine["method"]
    blank = _described(tmp_path / "blank.csv", ["   "] * 30)
    routine = audit_json(blank, "--source-timezone", "UTC")["routine"]
    assert routine["share"] is None and "all 30 tickets is empty" in routine["method"]


def test_long_tickets_take_the_error_measured_on_long_letters(tmp_path: Path) -> None:
    """The same tickets, with and without a long sign-off: the same share, and for the long
    ones the interval reaches further below (complaint letters' error, measures.yaml)."""
    asks = [
        "How do I reset my password for the app?",
        "I was charged twice for my order last week.",
    ] * 6
    tail = " I have been with you for many years and I am grateful for the help of your team."
    short = audit_json(_described(tmp_path / "s.csv", asks), "--source-timezone", "UTC")
    long = audit_json(
        _described(tmp_path / "l.csv", [a + tail * 3 for a in asks]), "--source-timezone", "UTC"
    )
    short, long = short["routine"], long["routine"]
    assert "complaint letters only" in long["method"] and "words at the median" in long["method"]
    assert short["share"] == long["share"] == 0.5
    assert (
        long["interval"][0] < short["interval"][0] and long["interval"][1] == short["interval"][1]
    )


def test_a_label_for_a_ticket_without_text_is_left_out_and_said(tmp_path: Path) -> None:
    export = _described(tmp_path / "tickets.csv", ["where is my order?"] * 5 + [""])
    labels = _csv(tmp_path / "labels.csv", "id,routine", "1,yes", "2,yes", "5,no")
    doc = audit_json(export, "--source-timezone", "UTC", "--labels", labels)
    warned = {w["code"]: w["message"] for w in doc["warnings"]}
    assert "or their tickets have no text" in warned["labels-not-found"]
    assert doc["routine"]["labels"]["found"] == 2
