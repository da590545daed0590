"""Which exports audit/columnar.py can read exactly as the streaming reader does: CSV in UTF-8
with a delimiter DuckDB is given, no NUL byte, no carriage return inside a line, no spaces
between a delimiter and a quote; and how many physical lines a file has, to check DuckDB's
records against."""

from __future__ import annotations

import re
from pathlib import Path

from servicefit.audit.dialect import DELIMITERS
from servicefit.audit.files import open_binary
from servicefit.audit.sources import Export

DELIMITER = {name: char for char, name in DELIMITERS.items()}  # a dialect's name: its character


class Unsuitable(Exception):
    """An export this engine cannot read exactly as the streaming reader does."""


def check_file(export: Export) -> None:
    """Unsuitable unless `export` is CSV in UTF-8 with a delimiter DuckDB is given."""
    if export.kind != "csv":
        raise Unsuitable(f"{export.path} is {export.kind.upper()}, not CSV")
    if export.encoding.replace("-", "").lower() not in ("utf8", "utf8sig"):
        raise Unsuitable(f"{export.path} is in {export.encoding}, not UTF-8")
    if export.dialect not in DELIMITER:
        raise Unsuitable(f"{export.path}: delimiter {export.dialect}")


def lines_of_file(path: Path, delimiter: str) -> int:
    """Physical lines, as the csv module numbers them; Unsuitable for what DuckDB's reader
    takes otherwise than the csv module or the streaming reader: a NUL byte, a carriage return
    inside a line, spaces between a delimiter and a quote (DuckDB drops them)."""
    d = re.escape(delimiter.encode())
    spaced = re.compile(rb"(?:^|" + d + rb") +\"|\" +(?:" + d + rb"|\r?$)", re.MULTILINE)
    lines, returns, pairs, last, tail = 0, 0, 0, b"\n", b""
    with open_binary(path) as handle:  # gzip too, with its bounds
        while chunk := handle.read(1 << 22):
            if b"\0" in chunk:
                raise Unsuitable(f"{path} holds NUL bytes")
            lines += chunk.count(b"\n")
            if b"\r" in chunk or last == b"\r":
                returns += chunk.count(b"\r")
                pairs += chunk.count(b"\r\n") + (last == b"\r" and chunk[:1] == b"\n")
            # what may straddle two chunks: the last one's trailing spaces and the byte before
            block = tail + chunk
            if (b' "' in block or b'" ' in block) and spaced.search(block):
                raise Unsuitable(f"{path} has spaces between a delimiter and a quote")
            tail = chunk[max(len(chunk.rstrip(b" ")) - 1, 0) :]
            last = chunk[-1:]
    if returns != pairs:
        raise Unsuitable(f"{path} has carriage returns inside lines")
    return lines + (last != b"\n")
