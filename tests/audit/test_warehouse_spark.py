"""`audit sql --dialect spark` run on Spark itself: over the same exports loaded as tables, the
Spark query gives the rows the DuckDB query gives. Spark (pyspark and a Java runtime) is not a
test dependency: .ci/run installs it; without it this module skips and says why."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.audit.test_warehouse import PAIRS, ZONE, read_table, table_of
from tests.cli.audit_cli import FIXTURES, invoke

pyspark = pytest.importorskip("pyspark", reason="Spark runs in CI only (.ci/run installs it)")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs a Java runtime"),
]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("servicefit-tests")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def query(source: str, dialect: str) -> str:
    written = invoke("audit", "sql", "--source", source, "--dialect", dialect, *ZONE)
    assert written.exit_code == 0, written.stderr
    counts = written.stdout.split(";", 1)[0]
    return "\n".join(line for line in counts.splitlines() if not line.startswith("--"))


@pytest.mark.parametrize(("name", "source"), PAIRS, ids=[p[1] for p in PAIRS])
def test_spark_counts_what_duckdb_counts(spark: Any, name: str, source: str) -> None:
    from pyspark.sql.types import StringType, StructField, StructType

    header, body = read_table(FIXTURES / name)
    schema = StructType([StructField(column, StringType()) for column in header])
    spark.createDataFrame(body, schema).createOrReplaceTempView("tickets")
    on_spark = {
        (r["channel"], r["local_date"].isoformat(), int(r["hour"]), int(r["contacts"]))
        for r in spark.sql(query(source, "spark")).collect()
    }
    on_duckdb = {
        (channel, day.isoformat(), int(hour), int(n))
        for channel, day, hour, n in table_of(FIXTURES / name)
        .execute(query(source, "duckdb"))
        .fetchall()
    }
    assert on_spark and on_spark == on_duckdb
