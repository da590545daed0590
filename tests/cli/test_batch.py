from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicefit.advice.engine import recommend
from servicefit.cli.signals import StopRequest
from servicefit.flows import batch as batch_module
from servicefit.flows.batch import expand, split_stdin
from servicefit.intake.answers import validate_answers
from tests.advice.test_engine import answer_strategy, workload_strategy
from tests.conftest import EXAMPLES, run_cli


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.yaml").write_text("team_size: 3\nindustry: essentials\n")
    (tmp_path / "b" / "c.json").write_text('{"team_size": 40, "industry": "finance"}')
    (tmp_path / "b" / "d.yml").write_text("team_size: [\n")
    (tmp_path / "b" / "e.yaml").write_text("industri: saas\n")
    (tmp_path / "b" / "notes.txt").write_text("not an answers file")
    (tmp_path / "f.yaml").write_text("routine_share: 30\n")
    return tmp_path


def run(*args: str, input: str | None = None):
    return run_cli(["batch", *args], input=input)


def test_folders_are_searched_in_sorted_path_order(folder: Path) -> None:
    labels = [item.label for item in expand([str(folder)])]
    assert [Path(x).relative_to(folder).as_posix() for x in labels] == [
        "a.yaml",
        "b/c.json",
        "b/d.yml",
        "b/e.yaml",
        "f.yaml",
    ]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_keeps_order_and_puts_errors_in_place(folder: Path, jobs: str) -> None:
    result = run(str(folder), "--jobs", jobs)
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(r["input"]).name for r in records] == [
        "a.yaml",
        "c.json",
        "d.yml",
        "e.yaml",
        "f.yaml",
    ]
    assert [("result" in r) for r in records] == [True, True, False, False, True]
    assert records[2]["error"]["line"] == 2 and "not valid YAML" in records[2]["error"]["message"]
    assert "Did you mean 'industry'" in records[3]["error"]["message"]
    assert records[1]["result"]["channel_staffing"]["recommended"] == "dedicated"
    assert "5 inputs, 3 ok, 2 failed" in result.stderr


def test_many_inputs_in_parallel_match_a_serial_run(tmp_path: Path) -> None:
    for i in range(40):
        (tmp_path / f"{i:02d}.yaml").write_text(f"team_size: {i}\nroutine_share: {i * 2}\n")
    serial = run(str(tmp_path), "--jobs", "1")
    parallel = run(str(tmp_path), "--jobs", "2")
    assert serial.exit_code == parallel.exit_code == 0
    assert serial.stdout == parallel.stdout
    assert len(serial.stdout.splitlines()) == 40


def test_all_good_exits_0(tmp_path: Path) -> None:
    result = run(str(EXAMPLES), "--format", "json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == len(expand([str(EXAMPLES)]))


def test_json_array_and_csv_and_table(folder: Path) -> None:
    array = json.loads(run(str(folder), "--format", "json").stdout)
    assert len(array) == 5 and "error" in array[2]
    rows = list(csv.reader(io.StringIO(run(str(folder), "--format", "csv").stdout)))
    assert rows[0][:2] == ["input", "top_model"] and rows[0][-3:] == [
        "staffing",
        "automated_share",
        "error",
    ]
    assert len(rows[0]) == 2 + 8 + 3 and len(rows) == 6
    assert rows[3][1] == "" and "not valid YAML" in rows[3][-1]
    assert rows[1][1] and rows[1][-1] == ""
    table = run_cli(["batch", str(folder), "--format", "table"], env={"COLUMNS": "400"}).stdout
    assert "top model" in table and "a.yaml" in table


def test_a_page_of_every_input(folder: Path, tmp_path: Path) -> None:
    """--format html: one page with each input's verdict (models and staffing by name), the
    errors in place and escaped, and how many inputs each model leads."""
    (folder / "<b>x.yaml").write_text("channels: [phone]\nteam_size: 3\n")
    out = tmp_path / "batch.html"
    result = run(str(folder), "--format", "html", "-o", str(out))
    assert result.exit_code == 1  # two inputs fail, as in every format
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page and "<b>x" not in page
    assert "&lt;b&gt;x.yaml" in page and "not valid YAML" in page
    assert "4 of 6 inputs recommended; 2 failed, their errors in the table." in page
    assert "Shared agents" in page and "not applicable" in page  # one channel: no choice
    assert "shared</td>" not in page  # names, not ids
    assert 'id="chart-leads-figure"' in page
    again = tmp_path / "again.html"
    run(str(folder), "--format", "html", "-o", str(again))
    assert again.read_bytes() == out.read_bytes()


def test_stdin_json_lines_and_yaml_documents() -> None:
    lines = run(
        "-", "--format", "csv", input='{"team_size": 3}\n{"team_size": 50}\n{"teamsize": 1}\n'
    )
    rows = list(csv.reader(io.StringIO(lines.stdout)))
    assert [r[0] for r in rows[1:]] == ["-#1", "-#2", "-#3"] and lines.exit_code == 1
    assert rows[2][-3] == "dedicated" and "team_size" in rows[3][-1]
    docs = run("-", input="team_size: 3\n---\nteam_size: 50\n")
    assert docs.exit_code == 0 and len(docs.stdout.splitlines()) == 2
    assert [d.label for d in split_stdin("a: 1\n---\nb: 2\n")] == ["-#1", "-#2"]


def test_fail_fast_stops_at_the_first_failure(folder: Path) -> None:
    result = run(str(folder), "--fail-fast", "--jobs", "1")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 3
    assert "not run (--fail-fast)" in result.stderr


def test_output_file_is_written_whole(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    result = run(str(folder), "--output", str(target))
    assert result.stdout == "" and len(target.read_text().splitlines()) == 5
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.jsonl")], (
        "no temporary file is left"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "no inputs given"),
        (["--jobs", "0", "x.yaml"], "--jobs 0"),
        (["--format", "xml", "x.yaml"], "not a batch format"),
    ],
)
def test_usage_errors_exit_2(args, message) -> None:
    result = run(*args)
    assert result.exit_code == 2 and message in result.stderr


def test_missing_file_is_an_error_record(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1
    assert "no such file" in json.loads(result.stdout)["error"]["message"]


def test_stdin_json_lines_may_exceed_the_size_of_one_file_but_yaml_may_not() -> None:
    padding = "x" * 300_000  # `$schema` is ignored: a big but valid answer
    lines = [json.dumps({"$schema": padding, "team_size": n}) for n in range(8)]
    assert len("\n".join(lines)) > 2 * 1024 * 1024
    result = run("-", "--jobs", "1", input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["result"]["answers"]["team_size"] for r in records] == list(range(8))
    documents = "\n---\n".join(f"$schema: {padding}\nteam_size: {n}" for n in range(8))
    result = run("-", "--jobs", "1", input=documents + "\n")
    assert result.exit_code == 1
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert "limited to 2,097,152 bytes" in record["error"]["message"]


def many_answer_files(folder: Path, count: int) -> list[Path]:
    paths = []
    for i in range(count):
        path = folder / f"business-{i:05d}.yaml"
        path.write_text(
            f"team_size: {i % 60}\nroutine_share: {i % 101}\nchannels: [phone, email]\n"
        )
        paths.append(path)
    return paths


def start_batch(args: list[str], stdout: Any) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "servicefit", "batch", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal's Ctrl-C reaches
    )


def interrupt(proc: subprocess.Popen, times: int = 1) -> None:
    for _ in range(times):
        os.killpg(proc.pid, signal.SIGINT)
        time.sleep(0.05)


def summary_count(stderr: str) -> int:
    match = re.search(r"servicefit batch: (\d+) of (\d+) inputs", stderr)
    assert match, stderr
    done, total = int(match[1]), int(match[2])
    assert done < total, "the run ended before the interrupt: give it more files"
    return done


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_into_a_full_pipe_stops_cleanly_with_whole_records(
    tmp_path: Path, jobs: str
) -> None:
    paths = many_answer_files(tmp_path, 3000)
    proc = start_batch([str(tmp_path), "--jobs", jobs], subprocess.PIPE)
    assert proc.stdout is not None
    first = os.read(proc.stdout.fileno(), 1)  # records are coming (unbuffered: no read-ahead)
    time.sleep(0.5)  # and now nobody reads: the pipe fills and the writer blocks mid-record
    interrupt(proc)
    rest, err = proc.communicate(timeout=60)
    out = first + rest
    stderr = err.decode()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "Process" not in stderr
    lines = out.decode().splitlines()
    assert len(lines) == summary_count(stderr) > 0
    records = [json.loads(line) for line in lines]  # every record whole
    assert [r["input"] for r in records] == [str(p) for p in paths[: len(records)]]


def batch_over_an_old_output(tmp_path: Path, name: str, *args: str):
    """A batch of 6,000 files started into --output NAME, which holds an earlier result; it
    has written records to its temporary file when this returns."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    many_answer_files(inputs, 6000)
    output = tmp_path / name
    output.write_text("the previous results\n")
    proc = start_batch([str(inputs), *args, "--output", str(output)], subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not any(p.name.endswith(".tmp") and p.stat().st_size for p in tmp_path.iterdir()):
        assert time.monotonic() < deadline and proc.poll() is None, "no records came"
        time.sleep(0.02)
    return proc, output


@pytest.mark.slow
def test_ctrl_c_with_output_writes_the_records_done_as_a_valid_file(tmp_path: Path) -> None:
    proc, output = batch_over_an_old_output(tmp_path, "out.json", "--format", "json")
    interrupt(proc)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    records = json.loads(output.read_text())
    assert len(records) == summary_count(err.decode()) > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.json"]  # no temp file


@pytest.mark.slow
def test_a_killed_run_leaves_the_old_output_file_whole(tmp_path: Path) -> None:
    proc, output = batch_over_an_old_output(tmp_path, "out.jsonl")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert output.read_text() == "the previous results\n"


@pytest.mark.slow
def test_the_first_ctrl_c_asks_to_stop_and_the_second_stops_at_once() -> None:
    with StopRequest() as stop:
        handler = signal.getsignal(signal.SIGINT)
        assert callable(handler) and not stop.requested
        handler(signal.SIGINT, None)
        assert stop.requested
        with pytest.raises(KeyboardInterrupt):
            handler(signal.SIGINT, None)
    assert signal.getsignal(signal.SIGINT) is not handler


def _floats(value: Any) -> Iterator[float]:
    if isinstance(value, float):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _floats(v)
    elif isinstance(value, list):
        for v in value:
            yield from _floats(v)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_orjson_writes_what_the_json_module_writes(kb, data) -> None:
    """The same values always; the same bytes unless a float needs an exponent (below 1e-4 or
    from 1e16), which Python writes as 1e-05 and orjson as 1e-5. Only answers such as
    `shrinkage: 0.00001`, echoed back, get there."""
    values = data.draw(answer_strategy(kb))
    if data.draw(st.booleans()):
        workload = data.draw(workload_strategy(kb))
        values = {**values, **workload, "channels": kb.questions["channels"].values}
    doc = {"input": "x.yaml", "result": recommend(validate_answers(values, kb), kb).to_dict()}
    assert batch_module.orjson is not None
    fast, plain = batch_module._compact(doc), batch_module._json_compact(doc)
    assert json.loads(fast) == json.loads(plain)
    if all(f == 0 or 1e-4 <= abs(f) < 1e16 for f in _floats(doc)):
        assert fast == plain


def test_output_file_gets_the_permissions_any_new_file_gets(folder: Path, tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        out = tmp_path / "results.jsonl"
        run(str(folder), "--jobs", "1", "--output", str(out))
        assert out.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600
        os.chmod(out, 0o640)
        run(str(folder), "--jobs", "1", "--output", str(out))
        assert out.stat().st_mode & 0o777 == 0o640  # a replaced file keeps its own
    finally:
        os.umask(umask)


@pytest.mark.slow
@pytest.mark.parametrize("whom", ["the process", "its group"])
def test_sigterm_stops_like_the_first_ctrl_c_with_exit_143(tmp_path: Path, whom: str) -> None:
    proc, output = batch_over_an_old_output(tmp_path, "out.jsonl")
    if whom == "the process":
        os.kill(proc.pid, signal.SIGTERM)
    else:  # `timeout`, systemd and the like signal every process, the workers included
        os.killpg(proc.pid, signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    stderr = err.decode()
    assert proc.returncode == 143, stderr
    assert "Traceback" not in stderr and "(terminated)" in stderr
    records = [json.loads(line) for line in output.read_text().splitlines()]
    assert len(records) == summary_count(stderr) > 0  # whole records, all of them
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.jsonl"]  # no temp file


@pytest.mark.slow
def test_a_second_ctrl_c_into_a_slow_pipe_still_ends_on_a_whole_record(tmp_path: Path) -> None:
    many_answer_files(tmp_path, 3000)
    proc = start_batch([str(tmp_path), "--jobs", "1"], subprocess.PIPE)
    assert proc.stdout is not None
    first = os.read(proc.stdout.fileno(), 1)
    time.sleep(0.5)  # the pipe fills: the writer is blocked in the middle of its records
    interrupt(proc, times=2)
    rest, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    text = (first + rest).decode()
    assert text.endswith("\n")
    for line in text.splitlines():
        json.loads(line)  # not one record cut in half


def test_a_closed_pipe_ends_quietly_with_the_sigpipe_status(tmp_path: Path) -> None:
    many_answer_files(tmp_path, 400)
    report = ["recommend", "-a", str(EXAMPLES / "online-grocer.yaml")]  # drawn by rich
    for args in (["batch", str(tmp_path), "--jobs", "1"], ["models", "--format", "json"], report):
        proc = subprocess.Popen(
            [sys.executable, "-m", "servicefit", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert proc.stdout is not None
        proc.stdout.read(10)
        proc.stdout.close()  # `| head -c 10`
        _, err = proc.communicate(timeout=60)
        assert proc.returncode in (0, 141), err.decode()  # 0: all was written before the close
        assert err.decode() == "" or err.decode().startswith("servicefit batch:"), err.decode()


def test_a_worker_that_dies_fails_only_its_own_input_and_nothing_hangs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = many_answer_files(tmp_path, 60)
    doomed = str(paths[37])
    real = batch_module.run_one

    def run_one(item: batch_module.Item) -> batch_module.Outcome:
        if item.label == doomed:
            os._exit(9)  # as the out-of-memory killer would end it
        return real(item)

    monkeypatch.setattr(batch_module, "run_one", run_one)  # the workers fork with it
    items = expand([str(tmp_path)])
    done = list(batch_module.outcomes(items, 2, None))
    assert [o.label for o in done] == [i.label for i in items]
    failed = [o for o in done if not o.ok]
    assert [o.label for o in failed] == [doomed]
    assert "worker process reading this input died" in str(failed[0].summary)


def test_a_folder_that_cannot_be_read_is_a_failed_input_not_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many_answer_files(tmp_path, 3)
    locked = tmp_path / "locked"
    locked.mkdir()
    real_walk = os.walk

    def walk(top, onerror=None, followlinks=False):  # as a folder without read permission does
        for directory, dirs, names in real_walk(top, followlinks=followlinks):
            if Path(directory) == locked:
                onerror(PermissionError(13, "Permission denied", str(locked)))
                continue
            yield directory, dirs, names

    monkeypatch.setattr(os, "walk", walk)
    items = expand([str(tmp_path)])
    assert len(items) == 4
    (failed,) = [i for i in items if i.error is not None]
    assert failed.label == str(locked) and "cannot read this folder" in str(failed.error)
