"""`servicefit audit sql`: the counting SQL written for a format, run on DuckDB over the same
rows the streaming audit reads, gives the same channel mix, week and months through
`--aggregates`; every dialect servicefit offers is written; wrong requests are usage errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli.audit_cli import FIXTURES, invoke

duckdb = pytest.importorskip("duckdb", reason="the test extra installs DuckDB")
sqlglot = pytest.importorskip("sqlglot", reason="the test extra installs sqlglot")

from servicefit.audit.warehouse import DIALECTS  # noqa: E402

ZONE = ("--timezone", "Europe/Berlin", "--source-timezone", "UTC")
# (freshdesk-semicolon.csv is left out: a row broken by a bare line break, which the audit
# mends and a warehouse would never hold, is not a table the csv module can load)
PAIRS = [
    ("zendesk.csv", "zendesk-csv"),
    ("hubspot.csv", "hubspot"),
    ("zoho.csv", "zoho-desk"),
    ("salesforce.csv", "salesforce-case"),
    ("osticket.csv", "osticket"),
    ("zammad.csv", "zammad"),  # ids as numbers, senders and states left out
    ("real/fivetran-zendesk-ticket.csv", "zendesk-warehouse"),  # a Fivetran warehouse table
    ("real/fivetran-intercom-conversation-history.csv", "intercom-warehouse"),
]


def read_table(path: Path) -> tuple[list[str], list[list[str | None]]]:
    """An export's header and rows as the csv module reads them (empty cells as NULL)."""
    text = path.read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    header = rows[0]
    body = [r for r in rows[1:] if len(r) == len(header)]  # the audit skips a short row too
    return header, [[v if v != "" else None for v in r] for r in body]


def table_of(path: Path) -> duckdb.DuckDBPyConnection:
    """The export as a warehouse table of text columns."""
    header, body = read_table(path)
    con = duckdb.connect()
    columns = ", ".join(f'"{name}" VARCHAR' for name in header)
    con.execute(f"CREATE TABLE tickets ({columns})")
    marks = ", ".join("?" for _ in header)
    con.executemany(f"INSERT INTO tickets VALUES ({marks})", body)
    return con


@pytest.mark.parametrize(("name", "source"), PAIRS, ids=[p[1] for p in PAIRS])
def test_the_sql_counts_what_the_audit_counts(tmp_path: Path, name: str, source: str) -> None:
    written = invoke("audit", "sql", "--source", source, "--dialect", "duckdb", *ZONE)
    assert written.exit_code == 0, written.stderr
    counts_sql = written.stdout.split(";", 1)[0]
    rows = table_of(FIXTURES / name).execute(counts_sql).fetchall()
    counts = tmp_path / "counts.csv"
    with counts.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["channel", "local_date", "hour", "contacts"])
        out.writerows(rows)
    streamed = invoke("audit", str(FIXTURES / name), "--source", source, *ZONE, "-f", "json")
    assert streamed.exit_code == 0, streamed.stderr
    counted = invoke(
        "audit", "--aggregates", str(counts), "--timezone", "Europe/Berlin", "-f", "json"
    )
    assert counted.exit_code == 0, counted.stderr
    a, b = json.loads(streamed.stdout), json.loads(counted.stdout)
    assert a["rows"]["used"] > 0
    for key in ("channels", "hour_of_week", "monthly", "weekend_share", "after_hours_share"):
        assert a[key] == b[key], key


def test_the_text_sample_query_runs_and_gives_id_and_text() -> None:
    written = invoke("audit", "sql", "--source", "zendesk-csv", "--dialect", "duckdb")
    sample_sql = written.stdout.split(";", 1)[1]
    rows = table_of(FIXTURES / "zendesk.csv").execute(sample_sql).fetchall()
    assert rows and all(len(r) == 2 for r in rows)
    assert any("order" in (text or "").lower() for _, text in rows)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_dialect_is_written_and_reads_back(dialect: str) -> None:
    written = invoke("audit", "sql", "--source", "zendesk-warehouse", "--dialect", dialect, *ZONE)
    assert written.exit_code == 0, written.stderr
    statements = [s for s in written.stdout.split(";") if s.strip("\n ").replace("\n", "")]
    for statement in statements:
        body = "\n".join(line for line in statement.splitlines() if not line.startswith("--"))
        if body.strip():
            assert sqlglot.parse_one(body, read=dialect) is not None
    assert "Europe/Berlin" in written.stdout  # the time zone made it into every dialect


def test_a_mapped_column_and_channel_value_are_used() -> None:
    written = invoke(
        "audit", "sql", "--source", "generic", "--dialect", "postgres",
        "--map", "created=opened_at", "--map", "channel=medium",
        "--channel-map", "walk-in=in_person", "--table", "crm.cases",
    )  # fmt: skip
    assert written.exit_code == 0, written.stderr
    sql = written.stdout
    assert '"opened_at"' in sql and '"medium"' in sql and "'walk-in'" in sql
    assert "crm.cases" in sql


def test_wrong_requests_say_what_to_give() -> None:
    cases = [
        (("--dialect", "duckdb"), "needs --source"),
        (("--source", "zendesk-csv"), "needs --dialect"),
        (("--source", "zendesk-csv", "--dialect", "tsql"), "'tsql' is not a dialect"),
        (("--source", "nope", "--dialect", "duckdb"), "needs --source"),
        (("x.csv", "--source", "zendesk-csv", "--dialect", "duckdb"), "reads no export"),
        (("--source", "zendesk-csv", "--dialect", "duckdb", "--timezone", "Mars/Base"), "Mars"),
    ]
    for args, words in cases:
        result = invoke("audit", "sql", *args)
        assert result.exit_code == 2, args
        assert words in result.stderr, (args, result.stderr)
    export = str(FIXTURES / "zendesk.csv")
    stray = invoke("audit", export, "--dialect", "duckdb")
    assert stray.exit_code == 2 and "are for `audit sql`" in stray.stderr
