from __future__ import annotations

import os
from pathlib import Path

import pytest

from servicefit.errors import InputError
from servicefit.yamlio import files as fileio


def test_a_write_replaces_the_file_whole_and_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    target.write_text("old")
    os.chmod(target, 0o640)
    fileio.atomic_write(target, "new ✓\n")
    assert target.read_bytes() == "new ✓\n".encode()
    assert target.stat().st_mode & 0o777 == 0o640
    fileio.atomic_write(target, b"\x00bytes")
    assert target.read_bytes() == b"\x00bytes"
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_write_that_fails_half_way_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text("team_size: 3\n")

    def fail(*args: object) -> None:
        raise KeyboardInterrupt  # as if the user pressed Ctrl-C at that moment

    monkeypatch.setattr(fileio.os, failing, fail)
    with pytest.raises(KeyboardInterrupt):
        fileio.atomic_write(target, "team_size: 30\n" * 1000)
    monkeypatch.undo()
    assert target.read_text() == "team_size: 3\n"
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]


def test_a_folder_that_does_not_exist_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot write here") as caught:
        fileio.atomic_write(tmp_path / "missing" / "out.json", "{}")
    assert "writable" in str(caught.value)


def test_output_replaces_a_regular_file_keeping_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    target.chmod(0o640)
    fileio.write_output(target, "new")
    assert target.read_text() == "new" and target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_output_through_a_link_replaces_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    fileio.write_output(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_output_to_a_device_writes_through_and_never_replaces_it(tmp_path: Path) -> None:
    before = os.stat("/dev/null")
    fileio.write_output(Path("/dev/null"), "data")
    after = os.stat("/dev/null")
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


def test_output_to_a_named_pipe_writes_into_it(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    fileio.write_output(fifo, "through the pipe")
    reader.join(timeout=10)
    assert got == [b"through the pipe"] and fifo.exists()


@pytest.mark.parametrize(
    ("make", "says"),
    [
        ("readonly", "the file is read-only"),
        ("folder", "this is a folder"),
        ("missing-folder", "the folder to write into does not exist"),
    ],
)
def test_output_refuses_what_it_must_not_replace(tmp_path: Path, make: str, says: str) -> None:
    target = tmp_path / "out.json"
    if make == "readonly":
        target.write_text("keep me")
        target.chmod(0o444)
    elif make == "folder":
        target.mkdir()
    else:
        target = tmp_path / "nowhere" / "out.json"
    with pytest.raises(InputError, match=says):
        fileio.write_output(target, "new")
    if make == "readonly":
        assert target.read_text() == "keep me"


def test_a_full_disk_is_a_located_error_and_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    target = tmp_path / "out.json"
    target.write_text("old")

    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fileio.os, "write", full)
    with pytest.raises(InputError, match=r"cannot write the file \(No space left on device\)"):
        fileio.write_output(target, "new")
    monkeypatch.undo()
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["out.json"]
