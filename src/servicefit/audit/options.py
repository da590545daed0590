"""How one audit reads and measures: the options a command builds (by keyword; every field
has its default) and the audit's modules read. A module of its own, so that the result and
the run both use it without importing each other."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from servicefit.audit.measure import Window
from servicefit.staffing.hours import OpeningHours


class AuditOptions(NamedTuple):
    """What the flags ask of one audit, parsed and checked (cli/commands/audit.py)."""

    source: str | None = None
    maps: tuple[str, ...] = ()
    channel_map: Mapping[str, str] = MappingProxyType({})
    channel: str | None = None
    zone: dt.tzinfo = dt.UTC
    zone_name: str = "UTC"
    source_zone: dt.tzinfo | None = None
    hours: OpeningHours | None = None
    hours_given: bool = False
    holidays: frozenset[dt.date] = frozenset()
    window: Window = Window(None, None)
    industry: str | None = None
    sample: int | None = None
    labels: Mapping[str, bool] = MappingProxyType({})  # id -> routine, from --labels
    aggregates: Path | None = None  # counts from rules/audit/aggregate.sql
    text_sample: Path | None = None  # ticket text to go with them
    channels: tuple[str, ...] = ()  # servicefit's channel ids
    encoding: str | None = None  # --encoding: the exports' text encoding
    engine: str = "stream"  # --engine: stream, duckdb, auto (audit/run.py)
