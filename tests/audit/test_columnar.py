"""`--engine duckdb` (audit/columnar.py) gives the streaming engine's JSON byte for byte: on
every CSV fixture, on an export made of the awkward cases, and on a generated 1M-row export;
what it cannot read the same way it hands to the streaming engine, saying why."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import run_cli

pytest.importorskip("duckdb")

ROOT = Path(__file__).parent.parent.parent
FIXTURES = sorted(
    [
        *(ROOT / "tests" / "audit" / "fixtures").rglob("*.csv"),
        *(ROOT / "tests" / "corpus" / "exports").glob("*.csv*"),
        ROOT / "examples" / "exports" / "webshop-history.csv.gz",
    ]
)
# the fixtures DuckDB reads itself (the rest fall back on purpose: another encoding, a
# semicolon export whose quoting DuckDB's strict parser refuses)
READ_BY_DUCKDB = {
    "zendesk.csv",
    "zoho.csv",
    "hubspot.csv",
    "jira.csv",
    "osticket.csv",
    "zammad.csv",
    "salesforce.csv",
    "cfpb-complaints.csv",
    "fivetran-zendesk-ticket.csv",
    "fivetran-intercom-conversation-history.csv",
    "dates-past-any-calendar.csv",
    "doubled-quotes-after-the-sample.csv",
    "reply-time-nan.csv",
    "webshop-history.csv.gz",
}


def both(*args: str, ok: bool = True) -> tuple[str, str, str]:
    """The JSON of the two engines, and what the duckdb run said on stderr (`ok`: both
    must succeed)."""
    out = []
    for engine in ("stream", "duckdb"):
        result = run_cli(["audit", *args, "--format", "json", "--engine", engine])
        out.append((result.exit_code, result.stdout, result.stderr))
    (code_a, json_a, _), (code_b, json_b, said) = out
    assert code_a == code_b, said
    assert code_a == 0 or not ok, said
    return json_a, json_b, said


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_gives_the_same_json(path: Path) -> None:
    streamed, counted, said = both(str(path), ok=False)  # some are broken on purpose
    assert streamed == counted
    if path.name in READ_BY_DUCKDB:
        assert "--engine duckdb" not in said, said


def test_the_fixtures_read_by_duckdb_exist() -> None:
    assert {p.name for p in FIXTURES} >= READ_BY_DUCKDB


HEADER = [
    "Id",
    "Via",
    "Created at",
    "Status",
    "Subject",
    "Description",
    "First reply time in minutes",
]


def awkward_export(path: Path, rows: int = 3000, seed: int = 3) -> Path:
    """Every case the two engines must agree on: repeated ids whose later rows are earlier,
    other channels and unmapped ones, outbound rows, excluded statuses, times with and without
    offsets, around clock changes, at midnight, written day first or unreadable, blank texts
    and texts of Unicode spaces, response times as numbers, decimal commas, clocks, words."""
    rng = random.Random(seed)
    start = dt.datetime(2024, 3, 1)
    shapes = [
        lambda t: t.strftime("%Y-%m-%d %H:%M"),
        lambda t: t.strftime("%Y-%m-%d %H:%M:%S"),
        lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ"),
        lambda t: t.strftime("%Y-%m-%dT%H:%M:%S+02:00"),
        lambda t: t.strftime("%Y-%m-%d %H:%M:%S.%f"),
        lambda t: t.strftime("%Y-%m-%d"),
        lambda t: t.strftime(" %Y-%m-%d %H:%M "),
        lambda t: "2024-03-31 02:30",  # inside Berlin's spring gap
        lambda t: "2024-10-27 02:30",  # in its repeated hour
        lambda t: "not a time",
        lambda t: "",
        lambda t: str(int(t.replace(tzinfo=dt.UTC).timestamp())),
    ]
    texts = [
        "Where is my order?",
        "I want to speak to a manager now, this is unacceptable",
        "How do I reset my password",
        "",
        "   ",
        "\u2003\u00a0",
        "Can you send me my invoice?",
    ]
    replies = ["12", "3,5", "1:30:00", "nan", "-4", "soon", "", "90000", "0.5"]
    channels = ["Mail", "Chat", "Phone call (incoming)", "Web form", "Carrier pigeon", " mail ", ""]
    channels += ["Phone call (outgoing)"]
    ids: list[str] = []
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for n in range(rows):
            when = start + dt.timedelta(minutes=rng.randrange(60 * 24 * 400))
            if ids and rng.random() < 0.2:
                ident = rng.choice(ids)  # a later row of a ticket, often earlier in time
            elif rng.random() < 0.05:
                ident = ""
            else:
                ident = str(5000 + n)
                ids.append(ident)
            out.writerow(
                [
                    ident,
                    rng.choice(channels),
                    rng.choice(shapes)(when) if rng.random() < 0.3 else shapes[1](when),
                    rng.choice(["Solved", "Closed", "Deleted", "spam", " Open"]),
                    rng.choice(["Order", "Password", "", "Help"]),
                    rng.choice(texts),
                    rng.choice(replies),
                ]
            )
    return path


@pytest.mark.parametrize(
    "options",
    [
        [],
        ["--timezone", "Europe/Berlin", "--source-timezone", "America/New_York"],
        ["--timezone", "Australia/Lord_Howe", "--sample", "50"],
        [
            "--since",
            "2024-06-01",
            "--until",
            "2025-01-01",
            "--business-hours",
            "mon-fri 09:00-17:00",
        ],
        ["--source-timezone", "UTC", "--sample", "7"],
        ["--map", "created=Created at:%Y-%m-%d %H:%M", "--source-timezone", "UTC"],
    ],
    ids=["plain", "zones", "half-hour-zone", "window", "small-sample", "explicit-format"],
)
def test_an_awkward_export_gives_the_same_json(tmp_path: Path, options: list[str]) -> None:
    path = awkward_export(tmp_path / "tickets.csv")
    streamed, counted, said = both(str(path), "--source", "zendesk-csv", *options)
    assert "--engine duckdb" not in said, said
    assert streamed == counted


def test_labels_and_an_export_without_ids(tmp_path: Path) -> None:
    path = awkward_export(tmp_path / "tickets.csv", rows=800, seed=5)
    rows = list(csv.reader(path.open(encoding="utf-8")))
    (tmp_path / "no-ids.csv").write_text(
        "\n".join(",".join(f'"{v}"' for v in r[1:]) for r in rows) + "\n", encoding="utf-8"
    )
    labels = tmp_path / "labels.csv"
    labels.write_text("id,routine\n5003,yes\n5010,no\n5020,yes\n", encoding="utf-8")
    streamed, counted, _ = both(str(path), "--source", "zendesk-csv", "--labels", str(labels))
    assert streamed == counted
    streamed, counted, said = both(
        str(tmp_path / "no-ids.csv"),
        "--map",
        "created=Created at",
        "--map",
        "text=Description",
        "--map",
        "channel=Via",
    )
    assert "--engine duckdb" not in said, said
    assert streamed == counted


@pytest.mark.parametrize(
    "body, why",
    [
        ('"1","Mail","2024-03-01 10:00","a"\n\n"2","Chat","2024-03-01 11:00","b"\n', "blank"),
        ('"1","Mail","2024-03-01 10:00","a\rb"\n', "carriage returns"),
        ('"1","Mail", "2024-03-01 10:00","a"\n', "spaces between a delimiter and a quote"),
        (',,,,"\n', "(cannot read|read otherwise)"),
        (
            '"1","Mail","2024-03-01 10:00","a\nb"\n"2","Chat","2024-03-01 11:00","c","\n',
            "otherwise",
        ),
        # two exports joined: the second's header is a line the stream names
        (
            '"1","Mail","2024-03-01 10:00","a"\n"Id","Via","Created at","Description"\n'
            '"2","Chat","2024-03-01 11:00","b"\n',
            "repeats its header line",
        ),
        (  # and with the second file's byte-order mark before its quote
            '"1","Mail","2024-03-01 10:00","a"\n\ufeff"Id","Via","Created at","Description"\n'
            '"2","Chat","2024-03-01 11:00","b"\n',
            "repeats its header line",
        ),
    ],
    ids=[
        "blank-line",
        "bare-cr",
        "space-quote",
        "quote-left-open",
        "several-lines-then-a-quote-left-open",
        "header-again",
        "header-again-bom",
    ],
)
def test_what_duckdb_cannot_read_the_same_way_streams(tmp_path: Path, body: str, why: str) -> None:
    path = tmp_path / "t.csv"
    path.write_text('"Id","Via","Created at","Description"\n' + body, encoding="utf-8")
    streamed, counted, said = both(str(path), "--source", "zendesk-csv")
    assert streamed == counted
    assert re.search(rf"--engine duckdb: .*{why}.*; read by the streaming engine", said), said


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
@pytest.mark.parametrize("blank", [1, 3])
@pytest.mark.parametrize("last", ['"a"', '"a\nb"', '"a\n\n"'], ids=["one", "two", "blank-inside"])
def test_blank_lines_at_the_end_are_read_by_duckdb(
    tmp_path: Path, ending: str, blank: int, last: str
) -> None:
    """An export that ends in blank lines (an editor's or an exporter's habit) is read by
    DuckDB, its last record over several lines or not: neither reader takes them as rows."""
    rows = [f'"{n}","Mail","2024-03-01 10:00","x"' for n in range(20)]
    rows.append(f'"20","Chat","2024-03-01 11:00",{last}')
    text = ending.join(['"Id","Via","Created at","Description"', *rows]) + ending * (1 + blank)
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("utf-8"))
    streamed, counted, said = both(str(path), "--source", "zendesk-csv")
    assert "--engine duckdb" not in said, said
    assert streamed == counted and '"read": 21' in streamed


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_records_over_several_lines_give_the_same_json(tmp_path: Path, ending: str) -> None:
    """Descriptions with line breaks, as real exports have them: DuckDB reads them itself, and
    the lines it reports (rows skipped, the sample) are the csv module's, past the breaks."""
    rng = random.Random(5)
    bodies = ["Hi,\nwhere is my order?\n\nThanks", "Refund please", "Line one\r\nline two"]
    rows = []
    for n in range(400):
        created = "" if n % 37 == 5 else f"2024-03-{1 + n % 28:02d} {n % 24:02d}:15"
        body = rng.choice(bodies) * rng.randint(1, 2)
        rows.append(f'"{n}","{rng.choice(["Mail", "Chat", "Fax"])}","{created}","{body}"')
    path = tmp_path / "t.csv"
    text = ending.join(['"Id","Via","Created at","Description"', *rows]) + ending
    path.write_bytes(text.encode("utf-8"))
    sample = ["--write-sample", "60", "--sample-file"]
    streamed, counted, said = both(
        str(path), "--source", "zendesk-csv", *sample, str(tmp_path / "s.csv")
    )
    assert "--engine duckdb" not in said, said
    assert streamed == counted
    assert "t.csv:" in streamed  # the lines of skipped rows were compared too
    for engine in ("stream", "duckdb"):
        args = ["audit", str(path), "--source", "zendesk-csv", "--engine", engine]
        run_cli([*args, *sample, str(tmp_path / f"{engine}.csv"), "--format", "json"])
    assert (tmp_path / "stream.csv").read_bytes() == (tmp_path / "duckdb.csv").read_bytes()


def test_rows_of_another_width_are_skipped_as_the_streaming_engine_skips_them(
    tmp_path: Path,
) -> None:
    """A row short of fields, one with an empty field too many, one a field short over two
    lines, a line of spaces (no row to the csv module): DuckDB reads the export itself, and
    skips and names them as the streaming engine does."""
    path = tmp_path / "t.csv"
    rows = [
        '"1","Mail","2024-03-01 10:00","a"',
        '"2","Chat"',
        '"3","Mail","2024-03-01 10:00","b",',
        "   ",
        '"4","Chat","2024-03-01 11:00","c\nd"',
        '"5","Mail","2024-03-01 12:00\n"',
        *(f'"{n}","Chat","2024-03-02 10:00","e"' for n in range(6, 16)),
        '"16"',
    ]
    path.write_text('"Id","Via","Created at","Description"\n' + "\n".join(rows) + "\n")
    streamed, counted, said = both(str(path), "--source", "zendesk-csv")
    assert "--engine duckdb" not in said, said
    assert "3 fields where the header has 4" in streamed and "t.csv:9" in streamed
    assert streamed == counted
    wider = tmp_path / "wider.csv"  # two, three and eight fields too many, the last ones empty
    extra = [
        '"17","Mail","2024-03-01 10:00","f","g","h"',
        '"18","Mail","2024-03-01 10:00","f",,,',
        '"19","Mail","2024-03-01 10:00","f"' + ',"x"' * 7 + ",",
    ]
    wider.write_text(path.read_text() + "\n".join(extra) + "\n")
    streamed, counted, said = both(str(wider), "--source", "zendesk-csv")
    assert "--engine duckdb" not in said, said
    assert "12 fields where the header has 4" in streamed and streamed == counted
    widest = tmp_path / "widest.csv"  # nine too many: past DuckDB's spare columns, it streams
    widest.write_text(wider.read_text() + '"20","Mail","2024-03-01 10:00","f"' + ',"x"' * 9 + "\n")
    streamed, counted, said = both(str(widest), "--source", "zendesk-csv")
    assert "read by the streaming engine" in said and streamed == counted


@pytest.mark.parametrize(
    "text",
    ['He wrote, ""I quote"" and left', 'I said ""no"" , twice', 'a, "" b', 'x""  y'],
)
def test_quoted_prose_inside_a_field_is_read_by_duckdb(tmp_path: Path, text: str) -> None:
    """Quotes in a description (doubled inside its quoted field) next to a comma and a space
    look like a field's edge to a quick scan; DuckDB reads them as the csv module does."""
    path = tmp_path / "t.csv"
    rows = [f'"{n}","Mail","2024-03-01 10:00","{text}"' for n in range(20)]
    path.write_text('"Id","Via","Created at","Description"\n' + "\n".join(rows) + "\n")
    streamed, counted, said = both(str(path), "--source", "zendesk-csv")
    assert "--engine duckdb" not in said, said
    assert streamed == counted


@pytest.mark.parametrize(
    "row",
    ['"1","Mail", "","a"', '"1","Mail","" ,"a"', '"1","Mail","x""" ,"a"', '"1", ""Mail,"x","a"'],
)
def test_a_field_edge_with_spaces_streams_the_same(tmp_path: Path, row: str) -> None:
    """Spaces at a quoted field's real edge, where DuckDB and the csv module differ (or DuckDB
    refuses the row): the streaming engine reads it, with the same JSON."""
    path = tmp_path / "t.csv"
    path.write_text('"Id","Via","Created at","Description"\n' + row + "\n", encoding="utf-8")
    streamed, counted, said = both(str(path), "--source", "zendesk-csv", ok=False)
    assert "read by the streaming engine" in said, said
    assert streamed == counted


def test_auto_weighs_a_gzip_export_by_what_it_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--engine auto: a gzip export counts at its decompressed size (its trailer's), so a
    small file of many tickets goes to DuckDB."""
    import gzip

    from servicefit.audit import run
    from servicefit.audit.files import data_size
    from servicefit.audit.sources import open_export

    body = '"Id","Via","Created at","Description"\n' + "".join(
        f'"{n}","Mail","2024-03-01 10:00","the same words again"\n' for n in range(3000)
    )
    plain, packed = tmp_path / "t.csv", tmp_path / "t.csv.gz"
    plain.write_text(body, encoding="utf-8")
    packed.write_bytes(gzip.compress(body.encode()))
    assert data_size(packed) == data_size(plain) == len(body.encode())
    assert packed.stat().st_size < len(body) // 5
    monkeypatch.setattr(run, "AUTO_BYTES", len(body) // 2)
    mapped = [(open_export(packed), None)]
    assert run._engine("auto", mapped) == "duckdb"  # type: ignore[arg-type]
    monkeypatch.setattr(run, "AUTO_BYTES", len(body) * 2)
    assert run._engine("auto", mapped) == "stream"  # type: ignore[arg-type]


def test_duckdb_missing_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)
    result = run_cli(["audit", str(FIXTURES[0]), "--engine", "duckdb"])
    assert result.exit_code == 2
    assert "servicefit[fast]" in result.stderr
    auto = run_cli(["audit", str(FIXTURES[0]), "--format", "json"])  # auto: streams quietly
    assert auto.exit_code == 0 and not auto.stderr


def test_spaces_are_pythons() -> None:
    from servicefit.audit.columnar_read import SPACES

    expanded = re.sub(
        "(.)-(.)", lambda m: "".join(map(chr, range(ord(m[1]), ord(m[2]) + 1))), SPACES
    )
    assert set(expanded) == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}


@pytest.mark.slow
@pytest.mark.parametrize("several", [False, True], ids=["one-line", "several-lines"])
def test_a_million_rows_give_the_same_json(tmp_path: Path, several: bool) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from audit import generate  # bench/audit.py: the export its figures are measured on
    finally:
        sys.path.remove(str(ROOT / "bench"))
    path = tmp_path / "tickets.csv"
    generate(path, 1_000_000, several=several)
    streamed, counted, said = both(str(path), "--source-timezone", "UTC")
    assert "--engine duckdb" not in said, said
    assert streamed == counted


# fields as an export may write them: quoted or not, quotes inside, spaces around quotes, the
# delimiters, Unicode spaces, times of several shapes
PIECES = ["a", "Mail", "Chat", " ", '"', ",", ";", "\t", "|", "é", "\u00a0", "x y", "\\", "NULL"]
PIECES += ["line\nbreak", "line\r\nbreak"]  # plain fields lose the \n (a record ends there)
PIECES += ["2024-03-01 10:00", "2024-03-01T10:00:00Z", "03/04/2024 9:15", "2024-10-27 02:30"]


@st.composite
def csv_exports(draw: st.DrawFn) -> tuple[str, str]:
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    ending = draw(st.sampled_from(["\n", "\r\n"]))

    def field() -> str:
        body = "".join(draw(st.lists(st.sampled_from(PIECES), max_size=3)))
        shape = draw(st.sampled_from(["plain", "quoted", "space-quoted", "time", "channel"]))
        if shape == "quoted":
            return '"' + body.replace('"', '""') + '"'
        if shape == "space-quoted":
            return ' "' + body.replace('"', '""') + '"'
        if shape == "time":
            return draw(st.sampled_from([*PIECES[-4:], ""]))
        if shape == "channel":
            return draw(st.sampled_from(["Mail", "Chat", "Web form", "", " mail"]))
        return body.replace("\n", "")

    rows = ["Id", "Via", "Created at", "Subject"]
    lines = [delimiter.join(rows)]
    for _ in range(draw(st.integers(1, 6))):
        width = draw(st.sampled_from([4, 4, 4, 4, 3, 5, 6, 7]))
        lines.append(delimiter.join(field() for _ in range(width)))
    text = ending.join(lines) + draw(st.sampled_from([ending, "", ending * 2, ending * 3]))
    return text, delimiter


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(export=csv_exports())
def test_any_small_csv_gives_the_same_json(tmp_path: Path, export: tuple[str, str]) -> None:
    text, _ = export
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("utf-8"))
    streamed, counted, _ = both(str(path), "--source", "zendesk-csv", ok=False)
    assert streamed == counted


def test_past_the_id_tables_cap_the_same_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The streaming engine remembers at most MAX_IDS ids (and rows, without ids): past that,
    a new ticket's repeats are not looked for. The DuckDB engine does the same, so that the
    two agree at any size; here with a cap of 40."""
    from functools import partial

    from servicefit.audit import idtable, measure

    monkeypatch.setattr(measure, "IdTable", partial(idtable.IdTable, most=40))
    path = awkward_export(tmp_path / "tickets.csv", rows=1500, seed=9)
    streamed, counted, said = both(str(path), "--source", "zendesk-csv")
    assert "--engine duckdb" not in said, said
    assert '"ids-not-all-checked"' in streamed
    assert streamed == counted
    rng = random.Random(4)
    rows = [
        f"{rng.randrange(60)},Mail,2024-03-0{rng.randrange(1, 9)} 10:00,hello" for _ in range(300)
    ]
    plain = tmp_path / "no-ids.csv"
    plain.write_text("n,Via,Created at,Subject\n" + "\n".join(rows) + "\n", encoding="utf-8")
    streamed, counted, said = both(
        str(plain), "--map", "channel=Via", "--map", "created=Created at", "--map", "text=Subject"
    )
    assert "--engine duckdb" not in said, said
    assert '"rows-repeated"' in streamed and '"ids-not-all-checked"' in streamed
    assert streamed == counted


@pytest.mark.parametrize("signum", ["SIGINT", "SIGTERM"])
def test_a_signal_while_duckdb_counts_stops_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: str
) -> None:
    """Ctrl-C and SIGTERM reach DuckDB's queries as an interrupt, and the run stops as it does
    everywhere else (130, 143), instead of the interrupted query being taken for an export
    DuckDB cannot read and streamed again."""
    import os
    import signal
    import tempfile

    from servicefit.audit import columnar

    counting = columnar._Counting.count

    def interrupted(self: columnar._Counting) -> list[int]:
        os.kill(os.getpid(), getattr(signal, signum))  # arrives while the engine runs
        return counting(self)

    monkeypatch.setattr(columnar._Counting, "count", interrupted)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    path = awkward_export(tmp_path / "tickets.csv", rows=200)
    result = run_cli(["audit", str(path), "--source", "zendesk-csv", "--engine", "duckdb"])
    assert result.exit_code == (130 if signum == "SIGINT" else 143), result.stderr
    assert "read by the streaming engine" not in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["tickets.csv"]  # the spill folder went


def test_a_date_and_a_time_column_give_the_same_json(tmp_path: Path) -> None:
    """`--map created=Date,Time` joins two columns (blank ones, spaces and all) the way the
    streaming reader's getter does."""
    rng = random.Random(8)
    lines = ["Id,Via,Date,Time,Subject"]
    for n in range(400):
        day = f"2024-0{rng.randrange(1, 10)}-{rng.randrange(10, 29)}"
        clock = rng.choice(["10:15", "00:00", "23:59:59", "", " 08:30 ", "7 pm", "\u00a009:00"])
        lines.append(
            f"{n % 350},{rng.choice(['Mail', 'Chat'])},{rng.choice([day, day, ''])},{clock},hi"
        )
    path = tmp_path / "two.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ["--map", "created=Date,Time", "--map", "channel=Via", "--map", "id=Id"]
    streamed, counted, said = both(str(path), *args, "--map", "text=Subject")
    assert "--engine duckdb" not in said, said
    assert streamed == counted


def test_several_exports_in_one_audit_give_the_same_json(tmp_path: Path) -> None:
    """Two exports read together: ids shared across them fold in the files' order, the text
    sample draws over both, and each file's rows keep their own lines; one of them gzip."""
    import gzip

    first = awkward_export(tmp_path / "first.csv", rows=900, seed=11)
    second = awkward_export(tmp_path / "second.csv", rows=700, seed=12)  # ids overlap first's
    packed = tmp_path / "second.csv.gz"
    packed.write_bytes(gzip.compress(second.read_bytes()))
    for pair in ((first, second), (second, first), (first, packed)):
        streamed, counted, said = both(*map(str, pair), "--source", "zendesk-csv", "--sample", "60")
        assert "--engine duckdb" not in said, said
        assert '"rows-folded"' in streamed
        assert streamed == counted


def test_dates_written_as_midnight_keep_their_day_in_both_engines(tmp_path: Path) -> None:
    """With --source-timezone ahead of the analysis zone, 2024-01-01T00:00:00 is the evening
    of 2023-12-31 as an instant; as the date it is, it stays in January (a second pass)."""
    path = tmp_path / "dates.csv"
    rows = [f"2024-{m:02d}-{d:02d}T00:00:00,email" for m in (1, 2) for d in (1, 9, 17)]
    path.write_text("\n".join(["created_at,channel", *rows]) + "\n")
    flags = ("--map", "created=created_at", "--map", "channel=channel")
    streamed, counted, said = both(str(path), *flags, "--source-timezone", "Europe/Berlin")
    assert "--engine duckdb" not in said, said
    assert streamed == counted
    doc = json.loads(streamed)
    assert [m["month"] for m in doc["monthly"]] == ["2024-01", "2024-02"]
    assert doc["first"].startswith("2024-01-01T00:00")
