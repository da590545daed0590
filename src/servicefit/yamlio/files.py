"""Writing files atomically: a temporary file beside the target, then a rename."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import NamedTuple

from servicefit.errors import InputError, Location


def atomic_write(path: Path | str, text: str | bytes, mode: int | None = None) -> None:
    """Write ``text`` to ``path`` so a reader sees the old file or the new one, never half of one.

    The file keeps the permissions of the one it replaces, or gets the umask's; ``mode`` sets
    them instead (the cache, which must stay private)."""
    target = Path(path)
    fd, tmp = temp_beside(target)
    try:
        data = text.encode() if isinstance(text, str) else text
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        replace_with(tmp, target, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def temp_beside(target: Path) -> tuple[int, str]:
    """A new temporary file in the target's folder (so the rename stays on one file system)."""
    import tempfile  # not at the top: most runs write nothing, and start-up time counts

    directory = target.parent if str(target.parent) else Path(".")
    try:
        return tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError(
            f"cannot write here ({exc.strerror}).",
            Location(str(target)),
            "Check that the folder exists and is writable.",
        ) from None


def replace_with(tmp: str, target: Path, mode: int | None = None) -> None:
    """Put the finished temporary file in the target's place, with the permissions it should
    have (mkstemp makes it 0600)."""
    if mode is not None:
        os.chmod(tmp, mode)
    elif target.exists():
        with contextlib.suppress(OSError):
            os.chmod(tmp, target.stat().st_mode & 0o777)
    else:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, target)


def shown_path(path: str | Path) -> str:
    """A path as users read it: relative to the working folder when it lies inside it."""
    try:
        return Path(path).resolve().relative_to(Path.cwd()).as_posix()
    except (ValueError, OSError):
        return str(path)


class Unreadable(NamedTuple):
    """A folder a walk could not look into."""

    folder: str
    reason: str


def files_below(
    folder: Path,
    suffixes: tuple[str, ...] | None = None,
    *,
    follow_links: bool = False,
    limit: int | None = None,
    unreadable: list[Unreadable] | None = None,
) -> list[Path]:
    """Files under folder, recursively, whose suffix is one of these (all files for None), in
    sorted path order.

    With follow_links, linked folders are walked too, each real folder once (no loops). With
    limit, a walk that finds more files stops with an InputError: a folder of answers or rule
    files is not a whole file system. Folders that cannot be read go to `unreadable` when it is
    given; otherwise they are an InputError, never silently skipped.

    os.walk rather than Path.rglob: the directory entries already say which are files, where
    rglob plus is_file costs a stat per path (a twentieth of a 10,000-file batch)."""
    found: list[str] = []
    seen: set[tuple[int, int]] = set()

    def refused(exc: OSError) -> None:
        where = exc.filename or str(folder)
        if unreadable is None:
            raise InputError(
                f"cannot read this folder ({exc.strerror}).",
                Location(str(where)),
                "Check its permissions, or leave it out.",
            )
        unreadable.append(Unreadable(str(where), exc.strerror or "cannot be read"))

    for directory, dirs, names in os.walk(folder, onerror=refused, followlinks=follow_links):
        if follow_links:
            kept = []
            for name in dirs:
                with contextlib.suppress(OSError):
                    info = os.stat(os.path.join(directory, name))
                    if (info.st_dev, info.st_ino) not in seen:
                        seen.add((info.st_dev, info.st_ino))
                        kept.append(name)
            dirs[:] = kept
        for name in names:
            if suffixes is None or os.path.splitext(name)[1].lower() in suffixes:
                found.append(os.path.join(directory, name))
        if limit is not None and len(found) > limit:
            raise InputError(
                f"the folder holds more than {limit:,} files.",
                Location(str(folder)),
                "Name a folder of answers or rule files, not a whole tree.",
            )
    found.sort(key=lambda p: p.replace(os.sep, "/"))
    return [Path(p) for p in found]
