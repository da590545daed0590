"""Writing files: atomically (a temporary file beside the target, then a rename) for regular
files, through for devices and pipes; and walking folders for the files below them."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path
from typing import NamedTuple

from servicefit.errors import InputError, Location


def atomic_write(path: Path | str, text: str | bytes, mode: int | None = None) -> None:
    """Write ``text`` to ``path`` so a reader sees the old file or the new one, never half of one.

    The file keeps the permissions of the one it replaces, or gets the umask's; ``mode`` sets
    them instead (the cache, which must stay private). On any failure, a signal included, the
    temporary file is removed and the old file is left as it was."""
    target = Path(path)
    data = text.encode() if isinstance(text, str) else text
    fd, tmp = temp_beside(target)
    try:
        write_all(fd, data, target)
        os.fsync(fd)
        os.close(fd)
        fd = -1
        replace_with(tmp, target, mode)
    except BaseException:
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_all(fd: int, data: bytes, target: Path) -> None:
    """Every byte to a descriptor; a failure such as a full disk is the user's to fix, not a bug."""
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        raise cannot_write(target, exc) from None


def cannot_write(target: Path, exc: OSError) -> InputError:
    return InputError(
        f"cannot write the file ({exc.strerror}).",
        Location(str(target)),
        "Free some space or choose another place with --output."
        if exc.errno == errno.ENOSPC
        else "Check that the folder exists and is writable.",
    )


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


class Output(NamedTuple):
    """Where an --output goes: a regular file (replaced atomically through a temporary file
    beside it) or a device or pipe (written through, never replaced)."""

    path: Path  # what is written: for a link, the file it points to
    through: bool  # a device, a pipe or a socket: write to it as it is


def output_target(path: Path) -> Output:
    """Check an --output path: a link is followed to its file; a folder, a missing folder or a
    read-only file is refused with a located message."""
    shown = str(path)
    if "\0" in shown:
        raise InputError("the path holds a NUL character.", Location(repr(shown)[1:-1]))
    real = Path(os.path.realpath(path))
    try:
        info = os.stat(real)
    except FileNotFoundError:
        if not real.parent.is_dir():
            raise InputError(
                "the folder to write into does not exist.",
                Location(shown),
                f"Create {real.parent} first, or choose another place.",
            ) from None
        return Output(real, through=False)
    except OSError as exc:
        raise cannot_write(Path(shown), exc) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(
            "this is a folder; --output takes a file name.",
            Location(shown),
            "Give a file name inside it.",
        )
    if not stat.S_ISREG(info.st_mode):
        return Output(real, through=True)
    if not info.st_mode & 0o222 or not os.access(real, os.W_OK):  # root passes access()
        raise InputError(
            "the file is read-only; servicefit will not replace it.",
            Location(shown),
            "Make it writable, or choose another file.",
        )
    return Output(real, through=False)


def open_output(target: Output) -> tuple[int, str | None]:
    """A descriptor to write to, and the temporary file to rename at the end (None: written
    through)."""
    if not target.through:
        return temp_beside(target.path)
    try:
        return os.open(target.path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0)), None
    except OSError as exc:
        raise cannot_write(target.path, exc) from None


def finish_output(target: Output, fd: int, tmp: str | None) -> None:
    if tmp is None:
        os.close(fd)
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    replace_with(tmp, target.path)


def abandon_output(fd: int, tmp: str | None) -> None:
    """After a failure or a signal: close, and remove the temporary file, if any."""
    with contextlib.suppress(OSError):
        os.close(fd)
    if tmp is not None:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def write_output(path: Path, data: str | bytes) -> None:
    """The whole of an --output: checked, written, and in place; or, on any failure or signal,
    nothing changed and nothing left behind."""
    target = output_target(path)
    raw = data.encode() if isinstance(data, str) else data
    fd, tmp = open_output(target)
    try:
        write_all(fd, raw, target.path)
    except BaseException:
        abandon_output(fd, tmp)
        raise
    finish_output(target, fd, tmp)


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
    """paths_below, as Path objects."""
    found = paths_below(
        folder, suffixes, follow_links=follow_links, limit=limit, unreadable=unreadable
    )
    return [Path(p) for p in found]


def paths_below(
    folder: Path,
    suffixes: tuple[str, ...] | None = None,
    *,
    follow_links: bool = False,
    limit: int | None = None,
    unreadable: list[Unreadable] | None = None,
) -> list[str]:
    """Files under folder, recursively, whose suffix is one of these (all files for None), in
    sorted path order.

    With follow_links, linked folders are walked too, each real folder once (no loops). With
    limit, a walk that finds more such files, or looks at more than twenty times as many
    entries, stops with an InputError: a folder of answers or rule files is not a whole file
    system. Folders that cannot be read go to `unreadable` when it is
    given; otherwise they are an InputError, never silently skipped.

    As strings: a batch of 10,000 files spent half its listing building Path objects.

    os.walk rather than Path.rglob: the directory entries already say which are files, where
    rglob plus is_file costs a stat per path (a twentieth of a 10,000-file batch)."""
    found: list[str] = []
    seen: set[tuple[int, int]] = set()
    looked = 0

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
        looked += len(names) + len(dirs)
        if limit is not None and (len(found) > limit or looked > 20 * limit):
            raise InputError(
                f"the folder holds more than {limit:,} files.",
                Location(str(folder)),
                "Name a folder of answers or rule files, not a whole tree.",
            )
    found.sort(key=lambda p: p.replace(os.sep, "/"))
    return found
