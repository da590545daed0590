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
import math
import os
import stat
from pathlib import Path
from typing import Any

from servicefit.errors import InputError, Location
from servicefit.yamlio.flat import parse_flat
from servicefit.yamlio.located import MAX_DEPTH

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


def parse_data(text: str, file: str) -> Any:
    """YAML or JSON text as located values. JSON (by name or by its first character) is checked
    strictly first: YAML would accept what JSON does not, such as NaN or a trailing comma."""
    if file.lower().endswith(".json") or text.lstrip().startswith(("{", "[")):
        check_json(text, file)
    return parse(text, file)


class _NotJson(ValueError):
    def __init__(self, word: str):
        self.word = word


def _no_constant(word: str) -> Any:
    raise _NotJson(word)  # NaN, Infinity and -Infinity, which Python's json allows


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400
        raise _NotJson(text)
    return value


def loads_json(text: str) -> Any:
    """Strict JSON: no NaN or Infinity, and no number too large to be finite (json.loads
    allows both). Raises json.JSONDecodeError, RecursionError, or _NotJson."""
    return json.loads(text, parse_constant=_no_constant, parse_float=_finite)


def check_json(text: str, file: str) -> None:
    try:
        loads_json(text)  # duplicate keys: the YAML reading
    except json.JSONDecodeError as exc:
        raise InputError(
            f"this is not valid JSON: {exc.msg}.",
            Location(file, exc.lineno, exc.colno),
            "Check the syntax there (trailing commas and comments are not JSON).",
        ) from None
    except _NotJson as bad:
        line = text[: max(text.find(bad.word), 0)].count("\n") + 1
        raise InputError(
            f"{bad.word} is not valid JSON.", Location(file, line), "Give a finite number."
        ) from None
    except RecursionError:  # far deeper than any cap: say where the cap is passed
        raise InputError(
            f"nesting is deeper than {MAX_DEPTH} levels.",
            _depth_passed(text, file),
            "Answer and rule files are shallow; flatten the structure.",
        ) from None


def _depth_passed(text: str, file: str) -> Location:
    """Where JSON text first nests deeper than MAX_DEPTH (strings skipped)."""
    depth, in_string, escaped, line, start = 0, False, False, 1, 0
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return Location(file, line, index - start + 1)
        elif char in "]}":
            depth -= 1
        if char == "\n":
            line, start = line + 1, index + 1
    return Location(file)


def read_text(path: Path | str, max_bytes: int = MAX_BYTES) -> str:
    file = str(path)
    if "\0" in file:
        raise InputError(
            "the path holds a NUL character, which no file name can.", Location(repr(file)[1:-1])
        )
    try:
        data = read_bytes(file, max_bytes)
    except FileNotFoundError:
        raise InputError("no such file.", Location(file), "Check the path.") from None
    except IsADirectoryError:
        raise InputError("this is a directory, not a file.", Location(file)) from None
    except OSError as exc:
        if os.path.isdir(file):  # Windows refuses to open a folder with PermissionError
            raise InputError("this is a directory, not a file.", Location(file)) from None
        raise InputError(f"cannot read the file ({exc.strerror}).", Location(file)) from None
    return decode(data, file, max_bytes)


def read_bytes(file: str, max_bytes: int, what: str = "an answers or rules file") -> bytes:
    """The file's bytes, reading no more than max_bytes + 1 whatever the file claims.

    Plain os calls, sized by fstat: `open(...).read(max_bytes + 1)` allocates the whole
    2 MB up front for every file, which was a tenth of a batch's time per answers file.

    A named pipe is opened without waiting for a writer: with none, it reads as empty at once
    instead of hanging; with one (`--answers <(...)`), it is read to the end. Devices are
    refused: a terminal or /dev/zero would wait or never end.
    """
    nonblocking = getattr(os, "O_NONBLOCK", 0)
    fd = os.open(file, os.O_RDONLY | getattr(os, "O_BINARY", 0) | nonblocking)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(file)
        if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):
            raise InputError(
                "this is a device, not a file.",
                Location(file),
                f"Give {what}; for standard input, give -.",
            )
        if nonblocking:
            os.set_blocking(fd, True)
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
        if not chunks and stat.S_ISFIFO(info.st_mode):
            raise InputError(
                "this is a named pipe, and nothing was written to it.",
                Location(file),
                f"Give {what}, or have a program write into the pipe.",
            )
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
