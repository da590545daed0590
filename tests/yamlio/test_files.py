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
