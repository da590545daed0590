"""The knowledge-base cache: a rule set that loaded cleanly, kept between runs.

Parsing and checking a rule set's YAML takes longer than the rest of a `recommend` run, so a
full rules folder, once loaded, is pickled to ``$XDG_CACHE_HOME/servicefit/`` (by default
``~/.cache/servicefit/``). A later run uses the pickle only when nothing it was built from has
changed: the cache format, servicefit's version and code, the Python version, and every file
under the rules folder, linked files and folders included (path, size, modification time and
identity). A missing, stale, unreadable or corrupt cache, or a folder that cannot be written,
means an ordinary load; the cache changes how long a run takes, never what it prints.
``SERVICEFIT_NO_CACHE=1`` turns it off.

Loading a pickle can run code, so the cache is trusted only as far as the user's own private
files. The folder must belong to the user with no access for anyone else (it is created 0700);
otherwise it is not used at all, and `notices()` says why. A cache file is read only when it is
a regular file, opened inside that folder without following links, that belongs to the user and
that nobody else can write. The rule files themselves are never unpickled; they stay untrusted
YAML.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import stat
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from servicefit import __version__
from servicefit.errors import InputError
from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.reader import is_collecting
from servicefit.yamlio.files import atomic_write, paths_below

FORMAT = 2  # bump when what a cache file holds changes shape
PACKAGE = Path(__file__).resolve().parents[1]  # all of servicefit's code
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
_NOTICES: list[str] = []  # why the cache was not used, said once per run


def notices() -> list[str]:
    """The reasons the cache was passed over this run, once each (the command line shows them)."""
    out = list(dict.fromkeys(_NOTICES))
    _NOTICES.clear()
    return out


def cache_dir() -> Path | None:
    """Where cache files go, or None when caching is off."""
    if os.environ.get("SERVICEFIT_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):  # as the XDG spec says: a relative path is to be ignored
        return None
    return Path(base) / "servicefit"


def _files(folder: Path, suffixes: tuple[str, ...] | None = None) -> list[tuple[Any, ...]]:
    out = []
    prefix = os.path.join(str(folder), "")  # every path found starts with it (a join below)
    for path in paths_below(folder, suffixes, follow_links=True):
        info = os.stat(path)
        identity = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
        name = path[len(prefix) :] if path.startswith(prefix) else os.path.relpath(path, folder)
        out.append((name, *identity))
    return out


def fingerprint(root: Path) -> tuple[Any, ...]:
    """Everything a cached knowledge base depends on; equal fingerprints, equal knowledge."""
    return (
        FORMAT,
        __version__,
        sys.version,
        str(root) if root.is_absolute() else (os.getcwd(), str(root)),  # file names as shown
        _files(PACKAGE, (".py",)),
        _files(root),
    )


def private_cache(name: str) -> Path | None:
    """A folder of its own inside the private cache folder (made when missing), or None when
    caching is off or the cache folder cannot be trusted: what else servicefit caches (the HTML
    templates compiled) lives under the same rules as the rule sets."""
    folder = cache_dir()
    if folder is None:
        return None
    fd = _private_folder(folder, create=True)
    if fd is None:
        return None
    os.close(fd)
    inner = folder / name
    with contextlib.suppress(OSError):
        inner.mkdir(mode=PRIVATE_DIR)
    if inner.is_symlink() or not inner.is_dir():
        return None
    return inner


def _private_folder(folder: Path, create: bool) -> int | None:
    """The cache folder opened (a descriptor), or None when it cannot be trusted; with create,
    a missing folder is made private first."""
    if create:
        with contextlib.suppress(OSError):
            folder.parent.mkdir(parents=True, exist_ok=True)
            folder.mkdir(mode=PRIVATE_DIR)
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:
        return None  # missing, a link, or not a folder: an ordinary load
    if not hasattr(os, "getuid"):  # no owners to check (Windows): the user's profile is private
        return fd
    info = os.fstat(fd)
    problem = None
    if info.st_uid != os.getuid():
        problem = f"the folder belongs to another user (uid {info.st_uid})"
    elif info.st_mode & 0o077:
        problem = f"others can use the folder (mode {stat.S_IMODE(info.st_mode):04o})"
    if problem is None:
        return fd
    os.close(fd)
    _NOTICES.append(
        f"not using the rule-set cache in {folder}: {problem}. Make it yours and private "
        f"(chmod 700), remove it, or set SERVICEFIT_NO_CACHE=1."
    )
    return None


def _read(folder_fd: int, name: str, expected: tuple[Any, ...]) -> KnowledgeBase | None:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    if os.open not in os.supports_dir_fd:  # pragma: no cover - not on Linux or macOS
        return None
    try:
        fd = os.open(name, flags, dir_fd=folder_fd)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # a pipe, a device, a folder: never read
            return None
        if hasattr(os, "getuid") and (
            info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        ):
            return None
        with os.fdopen(os.dup(fd), "rb") as handle:
            if pickle.load(handle) != expected:
                return None
            kb = pickle.load(handle)
    except Exception:  # a broken cache is only a slower run
        return None
    finally:
        os.close(fd)
    return kb if isinstance(kb, KnowledgeBase) else None


def _write(path: Path, key: tuple[Any, ...], kb: KnowledgeBase) -> None:
    with contextlib.suppress(Exception):  # a cache that cannot be written is only a slower run
        data = pickle.dumps(key, pickle.HIGHEST_PROTOCOL) + pickle.dumps(
            kb, pickle.HIGHEST_PROTOCOL
        )
        atomic_write(path, data, mode=PRIVATE_FILE)  # private even where it replaces a file


def cached_knowledge(root: Path, load: Callable[[Path], KnowledgeBase]) -> KnowledgeBase:
    """The knowledge base of the full rules folder at root: from the cache when it is current,
    otherwise from ``load(root)``, which then refreshes the cache."""
    folder = cache_dir()
    if folder is None or is_collecting():  # a lint loads afresh, and may load a partial set
        return load(root)
    try:
        key = fingerprint(root)
        name = f"rules-{zlib.crc32(str(root.resolve()).encode()):08x}.pickle"
    except (OSError, InputError):  # the folder vanished or cannot be read: let the load say so
        return load(root)
    folder_fd = _private_folder(folder, create=True)
    if folder_fd is None:
        return load(root)
    try:
        kb = _read(folder_fd, name, key)
        if kb is None:
            kb = load(root)
            _write(folder / name, key, kb)
    finally:
        os.close(folder_fd)
    return kb
