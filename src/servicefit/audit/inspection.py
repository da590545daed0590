"""Looking into an export without auditing it: the mapping servicefit chose with a few parsed
rows (`audit detect`), and why one ticket is or is not routine (`audit --explain ID`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from servicefit.audit.intents import Match, lexicon_for
from servicefit.audit.mapping import FieldMap
from servicefit.audit.options import AuditOptions
from servicefit.audit.privacy import redact
from servicefit.audit.run import created_getter, day_first, detect, joined_text
from servicefit.audit.sources import Export, getter, records
from servicefit.audit.times import TimeReader
from servicefit.errors import UsageError
from servicefit.knowledge.audit import AuditRules

SHOWN_ROWS = 3


class ParsedRow(NamedTuple):
    line: int
    created: str  # local time, or "unreadable …"
    raw_channel: str  # redacted
    channel: str  # the channel it maps to, or "not mapped"
    text: str  # redacted


class Detected(NamedTuple):
    export: Export
    fields: FieldMap
    rows: tuple[ParsedRow, ...]


class Explanation(NamedTuple):
    ticket: str
    where: str
    match: Match
    text: str  # redacted


def _texts(export: Export, fields: FieldMap) -> list[Callable[[Any], Any]]:
    return [getter(export, c) for c in fields.columns.get("text", ())]


def detect_rows(paths: Sequence[Path], rules: AuditRules, options: AuditOptions) -> list[Detected]:
    out = []
    for export, fields in detect(paths, rules, options):
        reader = TimeReader(
            options.source_zone,
            fields.time_formats.get("created"),
            day_first(export, fields),
            options.zone,
        )
        created = created_getter(export, fields)
        channel = (
            getter(export, fields.columns["channel"][0], one=True)
            if "channel" in fields.columns
            else None
        )
        texts = _texts(export, fields)
        rows: list[ParsedRow] = []
        for record in records(
            Path(export.path), export.kind, fields.format.records, None, export.encoding
        ):
            if record.data is None:
                continue
            value = created(record.data) if created is not None else None
            instant, _ = reader.parse(value)
            when = (
                instant.astimezone(options.zone).isoformat(timespec="minutes")
                if instant
                else "no creation time"
                if created is None
                else f"unreadable {redact(str(value))[:40]!r}"
            )
            if channel is None:
                raw, mapped = "", str(fields.fixed_channel)
            else:
                raw = str(channel(record.data))
                mapped = fields.channels.get(raw.strip().lower(), "not mapped")
            rows.append(
                ParsedRow(
                    record.line, when, redact(raw), mapped, redact(joined_text(texts, record.data))
                )
            )
            if len(rows) == SHOWN_ROWS:
                break
        out.append(Detected(export, fields, tuple(rows)))
    return out


def explain_ticket(
    paths: Sequence[Path], rules: AuditRules, options: AuditOptions, ticket: str
) -> Explanation:
    lexicon = lexicon_for(rules, options.industry)
    for export, fields in detect(paths, rules, options):
        if "id" not in fields.columns:
            continue
        ident = getter(export, fields.columns["id"][0], one=True)
        texts = _texts(export, fields)
        for record in records(
            Path(export.path), export.kind, fields.format.records, None, export.encoding
        ):
            if record.data is None or str(ident(record.data)) != ticket:
                continue
            text = joined_text(texts, record.data)
            where = f"{Path(export.path).name}:{record.line}"
            return Explanation(ticket, where, lexicon.classify(text), redact(text))
    raise UsageError(f"--explain: no ticket with id {ticket!r} in these exports.")
