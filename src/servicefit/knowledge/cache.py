"""The knowledge-base cache: a rule set that loaded cleanly, kept between runs.

Parsing and checking a rule set's YAML takes longer than the rest of a `recommend` run, so a
full rules folder, once loaded, is pickled to ``$XDG_CACHE_HOME/servicefit/`` (by default
``~/.cache/servicefit/``). A later run uses the pickle only when nothing it was built from has
changed: the cache format, servicefit's version and code, the Python version, and every file
under the rules folder (path, size and modification time, the test Python applies to its own
bytecode). A missing, stale, unreadable or corrupt cache, or a folder that cannot be written,
means an ordinary load; the cache changes how long a run takes, never what it prints.
``SERVICEFIT_NO_CACHE=1`` turns it off.

Loading a pickle can run code, so the cache is trusted only as far as the user's own files: the
folder is created private (0700), and a cache file is read only when the user owns it and nobody
else can write to it. The rule files themselves are never unpickled; they stay untrusted YAML.
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
from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.reader import is_collecting
from servicefit.yamlio.files import atomic_write, files_below

FORMAT = 1  # bump when what a cache file holds changes shape
PACKAGE = Path(__file__).resolve().parents[1]  # all of servicefit's code


def cache_dir() -> Path | None:
    """Where cache files go, or None when caching is off."""
    if os.environ.get("SERVICEFIT_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):  # as the XDG spec says: a relative path is to be ignored
        return None
    return Path(base) / "servicefit"


def _files(folder: Path, suffixes: tuple[str, ...] | None = None) -> list[tuple[str, int, int]]:
    out = []
    for path in files_below(folder, suffixes):
        info = path.stat()
        out.append((os.path.relpath(path, folder), info.st_size, info.st_mtime_ns))
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


def _trusted(handle: Any) -> bool:
    if not hasattr(os, "getuid"):  # no owners to check (Windows): the user's profile is private
        return True
    info = os.fstat(handle.fileno())
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read(path: Path, expected: tuple[Any, ...]) -> KnowledgeBase | None:
    try:
        with open(path, "rb") as handle:
            if not _trusted(handle) or pickle.load(handle) != expected:
                return None
            kb = pickle.load(handle)
    except Exception:  # a broken cache is only a slower run
        return None
    return kb if isinstance(kb, KnowledgeBase) else None


def _write(path: Path, key: tuple[Any, ...], kb: KnowledgeBase) -> None:
    with contextlib.suppress(Exception):  # a cache that cannot be written is only a slower run
        data = pickle.dumps(key, pickle.HIGHEST_PROTOCOL) + pickle.dumps(
            kb, pickle.HIGHEST_PROTOCOL
        )
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write(path, data, mode=0o600)  # private even where it replaces a file that was not


def cached_knowledge(root: Path, load: Callable[[Path], KnowledgeBase]) -> KnowledgeBase:
    """The knowledge base of the full rules folder at root: from the cache when it is current,
    otherwise from ``load(root)``, which then refreshes the cache."""
    folder = cache_dir()
    if folder is None or is_collecting():  # a lint loads afresh, and may load a partial set
        return load(root)
    try:
        key = fingerprint(root)
        name = str(root.resolve())
    except OSError:  # the folder vanished or cannot be read: let the load say so
        return load(root)
    path = folder / f"rules-{zlib.crc32(name.encode()):08x}.pickle"
    kb = _read(path, key)
    if kb is None:
        kb = load(root)
        _write(path, key, kb)
    return kb
