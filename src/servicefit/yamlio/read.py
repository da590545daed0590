"""Safe YAML/JSON loading that remembers where every key and item came from.

Answer files and rule files are untrusted: no tags that build Python objects, no aliases
(so no alias bombs), a cap on size and on nesting depth, and duplicate keys are errors.
Mappings and sequences come back as ``LocatedDict`` / ``LocatedList`` so that later checks
can name the line and column of the offending key.

The common flat answers file (``key: value`` lines) is read here without a YAML parser;
everything else goes to yamlio.parser, which imports PyYAML only then.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from servicefit.errors import InputError, Location
from servicefit.yamlio.flat import parse_flat

MAX_BYTES = 2 * 1024 * 1024


def too_big(file: str, max_bytes: int, size: int | None = None) -> InputError:
    return InputError(
        f"the file is {size:,} bytes; the limit is {max_bytes:,}."
        if size
        else f"the input is over the limit of {max_bytes:,} bytes.",
        Location(file),
        "Answer and rule files are small text files; check you named the right file.",
    )


def decode(data: bytes, file: str, max_bytes: int = MAX_BYTES) -> str:
    if len(data) > max_bytes:
        raise too_big(file, max_bytes)
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        wide = "UTF-32" if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")) else "UTF-16"
        raise InputError(
            f"the file is {wide} text; servicefit reads UTF-8.",
            Location(file),
            "Save it as UTF-8 (in most editors: Save As, then the encoding).",
        )
    if b"\x00" in data:
        raise InputError(
            "this is a binary file, not YAML or JSON text.",
            Location(file),
            "Give a UTF-8 text file.",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"the file is not UTF-8 text (bad byte at offset {exc.start}).",
            Location(file, line),
            "Save it as UTF-8.",
        ) from None


def parse_documents(text: str, file: str) -> list[Any]:
    """Parse every YAML document in ``text`` into located values (with libyaml when present)."""
    from servicefit.yamlio.parser import parse_documents as parse_with_libyaml

    return parse_with_libyaml(text, file)


def parse(text: str, file: str) -> Any:
    """Parse a single-document YAML (or JSON) text into located values."""
    flat = parse_flat(text)
    if flat is not None:
        return flat
    docs = parse_documents(text, file)
    if len(docs) > 1:
        raise InputError(
            f"the file holds {len(docs)} YAML documents; one is expected.",
            Location(file),
            "Remove the extra '---' separators.",
        )
    return docs[0] if docs else None


def read_text(path: Path | str, max_bytes: int = MAX_BYTES) -> str:
    file = str(path)
    try:
        data = _read_bytes(file, max_bytes)
    except FileNotFoundError:
        raise InputError("no such file.", Location(file), "Check the path.") from None
    except IsADirectoryError:
        raise InputError("this is a directory, not a file.", Location(file)) from None
    except OSError as exc:
        if os.path.isdir(file):  # Windows refuses to open a folder with PermissionError
            raise InputError("this is a directory, not a file.", Location(file)) from None
        raise InputError(f"cannot read the file ({exc.strerror}).", Location(file)) from None
    return decode(data, file, max_bytes)


def _read_bytes(file: str, max_bytes: int) -> bytes:
    """The file's bytes, reading no more than max_bytes + 1 whatever the file claims.

    Plain os calls, sized by fstat: `open(...).read(max_bytes + 1)` allocates the whole
    2 MB up front for every file, which was a tenth of a batch's time per answers file.
    """
    fd = os.open(file, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(file)
        if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
            raise too_big(file, max_bytes, info.st_size)
        chunks: list[bytes] = []
        total = 0
        want = info.st_size + 1 if stat.S_ISREG(info.st_mode) else 64 * 1024
        while total <= max_bytes:
            chunk = os.read(fd, min(want, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = 64 * 1024  # the file grew, or is a pipe: read on in blocks
    finally:
        os.close(fd)
    data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    if len(data) > max_bytes:
        raise too_big(file, max_bytes)
    return data


def plain(value: Any) -> Any:
    """Located values as plain dicts and lists, JSON-ready (dates become text)."""
    return json.loads(json.dumps(value, default=str))


def load_file(path: Path | str) -> Any:
    return parse(read_text(path), str(path))
