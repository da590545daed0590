"""Opening the files an audit reads, with every bound in place: gzip by its magic bytes, its
damage reported and its expansion capped; the text encoding from a byte-order mark, UTF-8, or
the user's --encoding (another encoding is named, never read as garbage); lines capped in
length so that no line, however long, is held whole; and side files (--labels, --holidays,
--text-sample, --aggregates) read under the same rules as answers files: a named pipe without
a writer reads as empty at once, a device is refused, and the size is capped."""

from __future__ import annotations

import codecs
import gzip
import io
import zlib
from collections import deque
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import IO, Any

from servicefit.errors import InputError, UsageError

SNIFF_BYTES = 64 * 1024
MAX_LINE = 4 * 1024 * 1024  # characters of one line held at once
# A gzip file may expand this many times, once past EXPANSION_FREE bytes: real exports
# compress 5-20 times; a bomb (a 1 MB file of one 1 GiB line) a thousand times.
MAX_EXPANSION = 200
EXPANSION_FREE = 256 * 1024 * 1024
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_DAMAGED = (OSError, EOFError, zlib.error)


class _Guarded(io.RawIOBase):
    """A gzip stream whose damage is an InputError naming the file, and whose expansion is
    capped (a decompression bomb stops long before memory or time run out)."""

    def __init__(self, path: Path, raw: IO[bytes]):
        self.path = path
        self.raw = raw
        self.inner = gzip.GzipFile(fileobj=raw, mode="rb")
        self.out = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            n = self.inner.readinto(buffer)
        except _DAMAGED as exc:
            raise InputError(
                f"{self.path}: the gzip data is damaged after {self.out:,} bytes ({exc}).",
                hint="Export or compress the file again; servicefit read nothing from it.",
            ) from None
        self.out += n
        if self.out > EXPANSION_FREE and self.out > MAX_EXPANSION * max(self.raw.tell(), 1):
            raise InputError(
                f"{self.path}: the gzip file expands over {MAX_EXPANSION} times its size "
                f"({self.out:,} bytes from {self.raw.tell():,}): not an export.",
                hint="Decompress it yourself if it is one, and give the plain file.",
            )
        return n

    def close(self) -> None:
        self.inner.close()
        self.raw.close()
        super().close()


GZIP_MAGIC = b"\x1f\x8b"  # how every gzip file starts, whatever its name
_SHEET = "Save the sheet as CSV (in Excel: File > Save As > CSV UTF-8) and give that file."
_PACKED = "Unpack it and give the export inside, or compress it with gzip, which servicefit reads."
# files people give instead of an export, by their first bytes: what each is, and the fix (the
# text checks would call a workbook "UTF-16" or "not UTF-8")
_NOT_TEXT = (
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx or OpenDocument workbook is one)", _SHEET),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel 97-2003 workbook (.xls)", _SHEET),
    (b"%PDF-", "a PDF document", "Export the tickets from your helpdesk as CSV or JSON."),
    (b"PAR1", "a Parquet file", "Write the table out as CSV, or see `servicefit audit sql`."),
    (b"SQLite format 3\x00", "an SQLite database", "Export its tickets table as CSV."),
    (b"\xfd7zXZ\x00", "an xz archive", _PACKED),
    (b"\x28\xb5\x2f\xfd", "a Zstandard archive", _PACKED),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", _PACKED),
    (b"BZh", "a bzip2 archive", _PACKED),  # and a digit, then the block magic (checked below)
)


def not_text(head: bytes, file: str) -> None:
    """InputError when the file's first bytes say it is a workbook, an archive, a PDF or a
    database rather than text."""
    for magic, what, fix in _NOT_TEXT:
        if head.startswith(magic) and (magic != b"BZh" or head[4:10] == b"1AY&SY"):
            raise InputError(
                f"{file}: this is {what}, not a CSV, JSON or JSON Lines file.",
                hint=fix,
            )


def is_gzip(path: Path) -> bool:
    with path.open("rb") as raw:
        return raw.read(2) == GZIP_MAGIC


def open_binary(path: Path) -> IO[bytes]:
    """The file's bytes, decompressed when it is gzip (by its magic bytes, not its name)."""
    raw = path.open("rb")
    if raw.peek(2)[:2] == GZIP_MAGIC:
        return io.BufferedReader(_Guarded(path, raw), 1 << 16)
    return raw


def data_size(path: Path) -> int:
    """About how many bytes the file holds once decompressed: for gzip, the size its trailer
    records (the last four bytes; modulo 4 GiB, and the last member's only), never less than
    the size on disk."""
    size = path.stat().st_size
    with path.open("rb") as raw:
        if raw.read(2) != GZIP_MAGIC or size < 18:
            return size
        raw.seek(-4, io.SEEK_END)
        return max(size, int.from_bytes(raw.read(4), "little"))


def head_bytes(path: Path, size: int = SNIFF_BYTES) -> bytes:
    with open_binary(path) as handle:
        return handle.read(size)


def encoding_of(path: Path, given: str | None, flag: str | None = None) -> str:
    """The export's text encoding: --encoding, else a byte-order mark, else UTF-8, checked on
    the first 64 KB; InputError naming the likely encoding and --encoding otherwise (a side
    file's errors name its own `flag` instead, as --encoding does not read it)."""
    head = head_bytes(path)
    if given:
        not_text(head, str(path))
        try:
            return codecs.lookup(given).name
        except LookupError:
            raise UsageError(
                f"--encoding: {given!r} is not an encoding Python knows.",
                hint="For example utf-8, utf-16, cp1252, latin-1, shift_jis.",
            ) from None
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if flag is not None:
        return check_utf8(head, f"{flag} {path}", None)
    return check_utf8(head, str(path), "--encoding")


def check_utf8(head: bytes, file: str, flag: str | None) -> str:
    """utf-8-sig when `head` is UTF-8 (a character cut at its end allowed); InputError
    naming what it looks like, and the flag that reads it (if any), otherwise."""
    not_text(head, file)
    if head[:4000].count(b"\x00") > len(head[:4000]) // 4:
        order = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        raise InputError(
            f"{file}: the text is UTF-16 without a byte-order mark.",
            hint=f"Give {flag} {order}, or save the file as UTF-8."
            if flag
            else "Save the file as UTF-8.",
        )
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3 or exc.reason != "unexpected end of data":
            line = head[: exc.start].count(b"\n") + 1
            guess, name = (
                ("cp1252", "Windows-1252")
                if any(0x80 <= b <= 0x9F for b in head)
                else ("latin-1", "ISO-8859-1")
            )
            raise InputError(
                f"{file}:{line}: the text is not UTF-8 (byte 0x{head[exc.start]:02X}); it "
                f"may be {name}, as Western European spreadsheets save it.",
                hint=f"Give {flag} {guess} if that is its encoding, or save the file as UTF-8."
                if flag
                else "Save the file as UTF-8.",
            ) from None
    return "utf-8-sig"


def text(path: Path, encoding: str, newline: str = "\n") -> io.TextIOWrapper:
    """The file as text. newline="\n": lines end at \n only, so a bare \r inside a field stays
    in it (repaired by the CSV reader); newline="": as the csv module wants a clean file."""
    return io.TextIOWrapper(open_binary(path), encoding=encoding, errors="replace", newline=newline)


def capped_lines(handle: io.TextIOWrapper) -> Iterator[str]:
    """The lines of `handle`, none longer than MAX_LINE: a longer line comes in pieces (each
    then reads as a broken row), so memory never holds it whole."""
    return iter(partial(handle.readline, MAX_LINE), "")


def bounded_lines(
    handle: io.TextIOWrapper, oversized: list[int], tail: deque[str]
) -> Iterator[str]:
    """The lines of `handle`; a line over MAX_LINE is read past in pieces, comes out empty,
    and its number goes to `oversized`, so that it is reported once, by its line. The last
    lines given out stay in `tail` (as many as it holds), for a look at how the file ends."""
    number = 0
    skipping = False
    keep = tail.append
    for piece in capped_lines(handle):
        if skipping:
            skipping = not piece.endswith("\n")
            continue
        number += 1
        if len(piece) >= MAX_LINE and not piece.endswith("\n"):
            oversized.append(number)
            skipping = True
            keep("\n")
            yield "\n"
            continue
        keep(piece)
        yield piece


def open_side_file(path: Path, flag: str) -> io.TextIOWrapper:
    """A large side file (--aggregates, --text-sample) to stream: a regular file only (a pipe
    or a device would block or never end), its encoding checked, lines capped by the caller."""
    import stat

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputError(f"{flag} {path}: no such file.", hint="Check the path.") from None
    except OSError as exc:
        raise InputError(f"{flag} {path}: cannot be read ({exc.strerror}).") from None
    if not stat.S_ISREG(mode):
        raise InputError(
            f"{flag} {path}: this is not a regular file (a folder, pipe or device).",
            hint=f"Give {flag} a file.",
        )
    return text(path, encoding_of(path, None, flag), newline="")


def read_side_text(path: Path, flag: str, max_bytes: int) -> str:
    """A side file (--labels, --holidays, --text-sample, --aggregates) as text, under the same
    rules as answers files, with its flag named in every error."""
    from servicefit.yamlio.read import read_bytes

    what = f"a file for {flag}"
    try:
        data = read_bytes(str(path), max_bytes, what)
    except FileNotFoundError:
        raise InputError(f"{flag} {path}: no such file.", hint="Check the path.") from None
    except IsADirectoryError:
        raise InputError(f"{flag} {path}: this is a folder, not a file.") from None
    except InputError as exc:  # a device, a pipe without a writer, a file too large
        raise InputError(f"{flag} {exc}") from None
    except OSError as exc:
        raise InputError(f"{flag} {path}: cannot be read ({exc.strerror}).") from None
    if data[:2] == GZIP_MAGIC:
        try:
            data = gzip.decompress(data)
        except _DAMAGED as exc:
            raise InputError(f"{flag} {path}: the gzip data is damaged ({exc}).") from None
        if len(data) > max_bytes:
            raise InputError(f"{flag} {path}: over {max_bytes:,} bytes once decompressed.")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace")
    check_utf8(data, f"{flag} {path}", None)
    return data.decode("utf-8", errors="replace")
