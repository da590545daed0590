"""Writing files atomically: a temporary file beside the target, then a rename."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from servicefit.errors import InputError, Location


def atomic_write(path: Path | str, text: str | bytes) -> None:
    """Write ``text`` to ``path`` so a reader sees the old file or the new one, never half of one."""
    import tempfile  # not at the top: most runs write nothing, and start-up time counts

    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError(
            f"cannot write here ({exc.strerror}).",
            Location(str(target)),
            "Check that the folder exists and is writable.",
        ) from None
    try:
        data = text.encode() if isinstance(text, str) else text
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def shown_path(path: str | Path) -> str:
    """A path as users read it: relative to the working folder when it lies inside it."""
    try:
        return Path(path).resolve().relative_to(Path.cwd()).as_posix()
    except (ValueError, OSError):
        return str(path)


def files_below(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Files under folder, recursively, whose suffix is one of these, in sorted path order.

    os.walk rather than Path.rglob: the directory entries already say which are files, where
    rglob plus is_file costs a stat per path (a twentieth of a 10,000-file batch)."""
    found: list[str] = []
    for directory, _dirs, names in os.walk(folder):
        for name in names:
            if os.path.splitext(name)[1].lower() in suffixes:
                found.append(os.path.join(directory, name))
    found.sort(key=lambda p: p.replace(os.sep, "/"))
    return [Path(p) for p in found]
