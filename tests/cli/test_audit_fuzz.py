"""Seeded mutations of real exports of every kind the audit reads (CSV, JSON, JSON lines,
gzip, aggregates, labels): exit 0 or 2, never a traceback, exit 3 or a hang."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import run_cli

pytestmark = pytest.mark.slow  # see pyproject.toml

FIXTURES = Path(__file__).parent.parent / "audit" / "fixtures"
EXPORTS = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".csv", ".json", ".jsonl"))
CASES = int(os.environ.get("SERVICEFIT_FUZZ", "60"))
SNIPPETS = [b'"', b'""', b",", b";", b"\n", b"\r", b"\x00", b"{", b"}", b"[", b"]", b"\xff\xfe",
            b"\xe9", b"nan", b"1e400", b"9999-12-31T23:00:00-14:00", b"\\", b"\t", b"0001-01-01",
            b"-", b"[" * 300, b"x" * 70_000]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    source = draw(st.sampled_from(EXPORTS))
    data = bytearray(source.read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.integers(0, 2))
        if kind == 0:
            data[at:at] = draw(st.sampled_from(SNIPPETS))
        elif kind == 1:
            del data[at : at + draw(st.integers(1, 200))]
        else:
            data[at:at] = draw(st.binary(max_size=40))
    if draw(st.booleans()):
        return source.name + ".gz", gzip.compress(bytes(data))
    return source.name, bytes(data)


def check(result) -> None:
    assert result.exit_code in (0, 2), (result.exit_code, result.stderr[-500:])
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


@settings(
    max_examples=CASES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=mutated())
def test_mutated_exports(tmp_path: Path, case: tuple[str, bytes]) -> None:
    name, data = case
    path = tmp_path / name
    path.write_bytes(data)
    check(run_cli(["audit", str(path), "-f", "json"]))


@settings(
    max_examples=CASES // 2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["email", "chat", "fax", "", "EMAIL"]),
            st.sampled_from(["2024-03-05", "9999-12-31", "", "2024-02-30", "1e9"]),
            st.sampled_from(["0", "23", "24", "-1", "x", "inf"]),
            st.sampled_from(["1", "0", "-5", "inf", "nan", "9" * 40, ""]),
        ),
        max_size=6,
    ),
    labels=st.lists(st.sampled_from(["yes", "no", "", "maybe", "Y", "\x00"]), max_size=6),
)
def test_mutated_aggregates_and_labels(tmp_path: Path, rows: list, labels: list) -> None:
    aggregates = tmp_path / "counts.csv"
    aggregates.write_text(
        "channel,local_date,hour,contacts\n" + "".join(",".join(r) + "\n" for r in rows),
        encoding="utf-8",
    )
    check(run_cli(["audit", "--aggregates", str(aggregates), "-f", "json"]))
    label_file = tmp_path / "labels.csv"
    label_file.write_text(
        "id,routine\n" + "".join(f"{1001 + i},{v}\n" for i, v in enumerate(labels)),
        encoding="utf-8",
    )
    check(run_cli(["audit", str(FIXTURES / "zendesk.csv"), "--labels", str(label_file)]))
