"""The audit under hostile input: every case ends in exit 0 with the bad rows reported, or
exit 2 with a located message; never exit 3, a traceback, a hang, or a file overwritten."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from tests.conftest import run_cli

FIXTURES = Path(__file__).parent.parent / "audit" / "fixtures"
ZENDESK = FIXTURES / "zendesk.csv"


def invoke(*args: str):
    result = run_cli(list(args), env={"NO_COLOR": "1"})
    assert result.exit_code in (0, 2), (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return result


def make(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_damaged_gzip_is_a_located_error(tmp_path: Path) -> None:
    good = gzip.compress(ZENDESK.read_bytes())
    bad_crc = bytearray(good)
    bad_crc[-8] ^= 0xFF
    corrupt = bytearray(good)
    corrupt[30:32] = b"\xff\xff"
    for name, data in (("crc.csv.gz", bad_crc), ("corrupt.csv.gz", corrupt)):
        result = invoke("audit", make(tmp_path, name, bytes(data)))
        assert result.exit_code == 2 and "gzip data is damaged" in result.stderr
        assert name in result.stderr


def test_a_gzip_bomb_stops_early(tmp_path: Path) -> None:
    """A small file that would expand into one enormous line."""
    path = tmp_path / "bomb.csv.gz"
    with gzip.open(path, "wb", compresslevel=9) as handle:
        handle.write(b"Id,Requester,Via,Created at,Subject\n1,a,Mail,2024-03-05 10:00,")
        block = b"x" * (1 << 20)
        for _ in range(300):
            handle.write(block)
    result = invoke("audit", str(path))
    assert result.exit_code == 2 and "expands over 200 times" in result.stderr


def test_a_line_over_the_cap_is_reported_once_by_its_line(tmp_path: Path) -> None:
    head = b"Id,Requester,Via,Created at,Subject\n1,a,Mail,2024-03-05 10:00,hi\n"
    data = head + b"2,a,Mail,2024-03-05 10:00," + b"x" * (5 << 20) + b"\n3,a,Mail,2024-03-05,hi\n"
    result = invoke("audit", make(tmp_path, "long.csv", data), "-f", "json")
    doc = json.loads(result.stdout)
    assert doc["rows"]["read"] == 3 and doc["rows"]["skipped"] == 1
    assert doc["warnings"][0]["message"].endswith("long.csv:3.")


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        (
            "deep.json",
            b'{"tickets": [{"id": 1, "via": {"channel": "email"}, "raw_subject": "x", '
            b'"created_at": "2024-03-05T10:00:00Z", "x": ' + b"[" * 990 + b"]" * 990 + b"}]}",
            None,
        ),
        (
            "extreme.csv",
            b"Id,Requester,Via,Created at,Subject\n1,a,Mail,9999-12-31T23:00:00-14:00,x\n"
            b"2,a,Mail,0001-01-01T00:00:00+14:00,x\n3,a,Mail,2024-03-05 10:00,x\n",
            None,
        ),
        (
            "nan.csv",
            b"Id,Requester,Via,Created at,Subject,First reply time in minutes\n"
            b"1,a,Mail,2024-03-05 10:00,hi,nan\n2,a,Mail,2024-03-05 10:00,hi,1e400\n",
            None,
        ),
        ("utf16.csv", ZENDESK.read_text(encoding="utf-8").encode("utf-16"), None),
        (
            "latin.csv",
            ZENDESK.read_text(encoding="utf-8").replace("Ann", "Anné").encode("cp1252"),
            "--encoding",
        ),
    ],
)
def test_hostile_exports(tmp_path: Path, name: str, data: bytes, says: str | None) -> None:
    result = invoke("audit", make(tmp_path, name, data), "-f", "json")
    if says is None:
        assert result.exit_code == 0
    else:
        assert result.exit_code == 2 and says in result.stderr and name in result.stderr


@pytest.mark.parametrize(
    ("flag", "name", "data", "says"),
    [
        (
            "--aggregates",
            "inf.csv",
            b"channel,local_date,hour,contacts\nemail,2024-03-05,10,inf\n",
            ":2:",
        ),
        (
            "--aggregates",
            "big.csv",
            b"channel,local_date,hour,contacts\nemail,2024-03-05,10," + b"9" * 4000 + b"\n",
            ":2:",
        ),
        (
            "--aggregates",
            "far.csv",
            b"channel,local_date,hour,contacts\nemail,9999-12-31,23,1\n",
            ":2:",
        ),
        ("--labels", "field.csv", b"id,routine\n1," + b"y" * (2 << 20) + b"\n", "field.csv"),
    ],
)
def test_hostile_side_files(tmp_path: Path, flag: str, name: str, data: bytes, says: str) -> None:
    args = [str(ZENDESK)] if flag != "--aggregates" else []
    result = invoke("audit", *args, flag, make(tmp_path, name, data))
    assert result.exit_code == 2 and says in result.stderr


@pytest.mark.parametrize("flag", ["--holidays", "--labels"])
def test_side_files_that_are_pipes_or_devices_never_hang(tmp_path: Path, flag: str) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    result = invoke("audit", str(ZENDESK), flag, str(pipe))
    assert result.exit_code == 2 and "named pipe" in result.stderr
    device = invoke("audit", str(ZENDESK), flag, "/dev/zero")
    assert device.exit_code == 2 and "device" in device.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--until", "9999-12-31"],
        ["--since", "0001-01-01"],
        ["--map", "created=Created at:%d%d"],
        ["--encoding", "klingon"],
    ],
)
def test_bad_flags_are_usage_errors(args: list[str]) -> None:
    result = invoke("audit", str(ZENDESK), *args)
    assert result.exit_code == 2 and args[0] in result.stderr


def test_no_output_replaces_an_input(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_bytes(ZENDESK.read_bytes())
    for flag in ("--answers-out", "--output"):
        result = invoke("audit", str(export), flag, str(export))
        assert result.exit_code == 2 and flag in result.stderr and "also read" in result.stderr
    same = invoke("audit", str(export), "--write-sample", "2", "--sample-file", str(export))
    assert same.exit_code == 2
    assert export.read_bytes() == ZENDESK.read_bytes()


def test_labels_are_never_overwritten(tmp_path: Path) -> None:
    labels = tmp_path / "labels.csv"
    labels.write_text("id,source,text,routine\n1002,x,y,yes\n", encoding="utf-8")
    before = labels.read_bytes()
    same = invoke(
        "audit", str(ZENDESK), "--labels", str(labels),
        "--write-sample", "3", "--sample-file", str(labels),
    )  # fmt: skip
    assert same.exit_code == 2 and "--sample-file" in same.stderr
    other = invoke("audit", str(ZENDESK), "--write-sample", "3", "--sample-file", str(labels))
    assert other.exit_code == 2 and "already holds 1 labels" in other.stderr
    assert labels.read_bytes() == before


def test_writing_a_sample_never_changes_what_is_measured(tmp_path: Path) -> None:
    plain = json.loads(invoke("audit", str(ZENDESK), "-f", "json").stdout)
    sampled = json.loads(
        invoke(
            "audit", str(ZENDESK), "-f", "json",
            "--write-sample", "2", "--sample-file", str(tmp_path / "s.csv"),
        ).stdout
    )  # fmt: skip
    assert sampled["routine"] == plain["routine"]


def test_column_values_are_redacted_in_warnings_and_detect(tmp_path: Path) -> None:
    rows = "when,medium,text\n2024-03-05 10:00,ann.lee@example.com,hi\n"
    path = make(tmp_path, "leak.csv", rows.encode())
    result = invoke("audit", path, "--map", "created=when", "--map", "channel=medium")
    assert "ann.lee" not in result.stdout + result.stderr and "[email]" in result.stdout
    detect = invoke("audit", "detect", path, "--map", "created=when", "--map", "channel=medium")
    assert "ann.lee" not in detect.stdout


def test_recommend_audit_is_as_safe(tmp_path: Path) -> None:
    corrupt = bytearray(gzip.compress(ZENDESK.read_bytes()))
    corrupt[-8] ^= 0xFF
    path = make(tmp_path, "export.csv.gz", bytes(corrupt))
    result = invoke("recommend", "--audit", path, "-f", "json")
    assert result.exit_code == 2 and "gzip data is damaged" in result.stderr
    export = tmp_path / "export.csv"
    export.write_bytes(ZENDESK.read_bytes())
    same = invoke("recommend", "--audit", str(export), "--output", str(export))
    assert same.exit_code == 2 and "also read" in same.stderr
    assert export.read_bytes() == ZENDESK.read_bytes()
