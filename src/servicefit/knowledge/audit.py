"""The ticket audit's knowledge, from rules/audit/: export formats, routine intents with their
industry packs and escalation cues, and how measures become answers.

Loaded only by the audit command and `rules lint` / `rules test`, never by `recommend`, so it
costs the JSON path nothing.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from servicefit.knowledge.intents import (
    REQUEST_INTENT,
    Grammar,
    Intent,
    read_grammar,
    read_intents,
    read_real_words,
)
from servicefit.knowledge.loader import read_rule_file as load_file
from servicefit.knowledge.reader import Reader, guard

FIELDS = ("id", "channel", "created", "text", "status", "tags", "first_reply", "resolution")
UNITS = ("seconds", "minutes", "hours", "days", "timestamp", "clock", "from_name")
# from_name: the unit the column's name says (first_response_hours), else minutes
OUTBOUND = "outbound"  # a channel value that marks rows to leave out
FILES = ("formats.yaml", "intents.yaml", "measures.yaml")


class ExportFormat(NamedTuple):
    id: str
    label: str
    records: str | None  # where the list of records sits in a JSON document (dotted)
    detect: tuple[str, ...]
    fields: Mapping[str, tuple[str, ...]]  # text may join several columns; others have one
    units: Mapping[str, str]
    timezone: str | None
    time_format: str | None
    channels: Mapping[str, str]  # lower-case value -> channel id (or OUTBOUND)
    # field or column -> lower-case value that leaves a row out -> why, as the report says it
    exclude: Mapping[str, Mapping[str, str]]
    fallback: bool = False  # recognised only when no vendor's format is


class Pack(NamedTuple):
    id: str
    industries: tuple[str, ...]
    intents: tuple[Intent, ...]


class AnswerRules(NamedTuple):
    channel_share: float
    peaks_high: float
    peaks_moderate: float
    extended_after_hours: float
    night_share: float
    digital_channels: tuple[str, ...]
    digital_share: float
    repetitive_share: float


class Evidence(NamedTuple):
    """The least an export must hold before an answer is measured from it."""

    tickets: int
    days: int


class Spread(NamedTuple):
    """How far the truth lay below and above the rules' routine share on labelled sets they
    were never tuned on: for tickets of sentences, for short messages (a sample whose median
    ticket has fewer than `short_words` words), where the rules have less to go on, and for
    long tickets (over `long_words`), measured on complaint letters only: how far below the
    truth may lie (`long_below`); above, the sentences' band stands in."""

    below: float
    above: float
    short_words: int
    short_below: float
    short_above: float
    long_words: int
    long_below: float

    def around(self, median_words: float) -> tuple[float, float, str]:
        """(below, above, kind) for a sample whose median ticket has `median_words`; kind is
        "short", "sentences" or "longer"."""
        if median_words < self.short_words:
            return self.short_below, self.short_above, "short"
        if median_words > self.long_words:
            return self.long_below, self.above, "longer"
        return self.below, self.above, "sentences"


class AuditRules(NamedTuple):
    root: Path
    formats: Mapping[str, ExportFormat]
    escalation: tuple[str, ...]
    escalation_examples: tuple[str, ...]
    intents: tuple[Intent, ...]
    packs: Mapping[str, Pack]
    text_sample: int
    seed: int
    examples_per_intent: int
    answers: AnswerRules
    impossible_days: float
    date_only_share: float
    quiet_month: float
    evidence: Mapping[str, Evidence]
    grammar: Grammar
    spread: Spread  # how far the truth lay from the rules' estimate on unseen labelled sets
    candidate_tickets: int  # a missed intent recurs in at least this many unmatched tickets
    candidate_share: float  # and this share of them
    automation_channels: Mapping[str, float]  # how well automation serves each channel
    real_words: frozenset[str] = frozenset()  # words of their own, never read as a typo

    def intents_for(self, industry: str | None) -> tuple[Intent, ...]:
        """The core intents and the packs for `industry`."""
        extra = [i for p in self.packs.values() if industry in p.industries for i in p.intents]
        return (*self.intents, *extra)


def audit_root(root: Path) -> Path | None:
    """The rule set whose audit/ folder applies: `root`'s own, else the shipped one (a custom
    rule set that extends the default keeps its audit knowledge)."""
    from servicefit.knowledge.rulesets import default_rules_dir

    for candidate in (root, default_rules_dir()):
        if (candidate / "audit").is_dir():
            return candidate
    return None


def load_audit_rules(root: Path, channels: list[str]) -> AuditRules:
    """rules/audit/ of the rule set at `root`; RulesError names the file and line."""
    folder = root / "audit"
    formats_file, intents_file, measures_file = (folder / name for name in FILES)
    formats = _formats(Reader(str(formats_file)), load_file(formats_file), channels)
    reader = Reader(str(intents_file))
    raw = reader.mapping(load_file(intents_file), "intents.yaml")
    reader.only_keys(
        raw, ("escalation", "problems", "requests", "intents", "packs"), "intents.yaml"
    )
    escalation = reader.mapping(reader.get(raw, "escalation", dict), "escalation")
    reader.only_keys(escalation, ("phrases", "examples"), "escalation")
    intents = read_intents(reader, reader.get(raw, "intents", dict), None)
    packs: dict[str, Pack] = {}
    for name, pack in reader.mapping(reader.get(raw, "packs", dict), "packs").items():
        with guard():
            pack = reader.mapping(pack, f"packs.{name}")
            reader.only_keys(pack, ("industries", "intents"), "a pack", name)
            industries = reader.texts(pack, "industries", name, allow_empty=True)
            packs[str(name)] = Pack(
                str(name), industries, read_intents(reader, reader.get(pack, "intents", dict), name)
            )
    m = Reader(str(measures_file))
    measures = m.mapping(load_file(measures_file), "measures.yaml")
    m.only_keys(
        measures,
        (
            "text_sample",
            "seed",
            "examples_per_intent",
            "answers",
            "impossible_days",
            "date_only_share",
            "quiet_month",
            "evidence",
            "routine_interval",
            "candidates",
            "automation_channels",
        ),
        "measures.yaml",
    )
    spread = m.mapping(m.get(measures, "routine_interval", dict), "routine_interval")
    m.only_keys(spread, ("below", "above", "short", "long"), "routine_interval")
    short = m.mapping(m.get(spread, "short", dict), "routine_interval.short")
    m.only_keys(short, ("words", "below", "above"), "routine_interval.short")
    long = m.mapping(m.get(spread, "long", dict), "routine_interval.long")
    m.only_keys(long, ("words", "below"), "routine_interval.long")
    least = m.mapping(m.get(measures, "candidates", dict), "candidates")
    m.only_keys(least, ("least_tickets", "least_share"), "candidates")
    return AuditRules(
        root,
        formats,
        reader.texts(escalation, "phrases", "escalation", allow_empty=True),
        reader.texts(escalation, "examples", "escalation", required=False, allow_empty=True),
        intents,
        packs,
        _positive_int(m, measures, "text_sample"),
        m.get(measures, "seed", int),
        _positive_int(m, measures, "examples_per_intent"),
        _answer_rules(m, measures, channels),
        m.get(measures, "impossible_days", float),
        _share(m, measures, "date_only_share"),
        _share(m, measures, "quiet_month"),
        _evidence(m, measures),
        read_grammar(reader, raw),
        Spread(
            _share(m, spread, "below"),
            _share(m, spread, "above"),
            _positive_int(m, short, "words"),
            _share(m, short, "below"),
            _share(m, short, "above"),
            _positive_int(m, long, "words"),
            _share(m, long, "below"),
        ),
        _positive_int(m, least, "least_tickets"),
        _share(m, least, "least_share"),
        _channel_factors(m, measures, channels),
        read_real_words(folder / "words.yaml", load_file),
    )


MEASURED = (
    "channels",
    "digital_first",
    "monthly_contacts",
    "routine_share",
    "repetitive_overload",
    "coverage",
    "volume_peaks",
    "volumes",
)


def _share(reader: Reader, obj: dict, key: str) -> float:
    value = reader.get(obj, key, float)
    if not 0 < value <= 1:
        raise reader.error(obj, f"{key} must be a share above 0 and at most 1.", key=key)
    return float(value)


def _evidence(reader: Reader, measures: dict) -> dict[str, Evidence]:
    raw = reader.mapping(reader.get(measures, "evidence", dict), "evidence")
    reader.only_keys(raw, MEASURED, "evidence")
    out = {}
    for answer in MEASURED:
        spec = reader.mapping(reader.get(raw, answer, dict), f"evidence.{answer}")
        reader.only_keys(spec, ("tickets", "days"), f"evidence.{answer}")
        tickets = reader.get(spec, "tickets", int, required=False, default=0)
        days = reader.get(spec, "days", int, required=False, default=0)
        if tickets < 0 or days < 0:
            raise reader.error(spec, "tickets and days are 0 or more.", key="tickets")
        out[answer] = Evidence(int(tickets), int(days))
    return out


def _positive_int(reader: Reader, obj: dict, key: str) -> int:
    value = reader.get(obj, key, int)
    if value < 1:
        raise reader.error(obj, f"{key} must be 1 or more.", key=key, at_value=True)
    return int(value)


def _channel_factors(reader: Reader, measures: dict, channels: list[str]) -> dict[str, float]:
    raw = reader.mapping(reader.get(measures, "automation_channels", dict), "automation_channels")
    out = {}
    for channel in raw:
        if channel not in channels:
            raise reader.error(raw, f"{channel!r} is not a channel.", key=channel)
        value = reader.get(raw, channel, float)
        if not 0 <= value <= 1:
            raise reader.error(raw, "a channel factor is from 0 to 1.", key=channel)
        out[str(channel)] = float(value)
    return out


def _answer_rules(reader: Reader, measures: dict, channels: list[str]) -> AnswerRules:
    raw = reader.mapping(reader.get(measures, "answers", dict), "answers")
    reader.only_keys(
        raw,
        (
            "channel_share",
            "peaks",
            "coverage",
            "digital_channels",
            "digital_share",
            "repetitive_share",
        ),
        "answers",
    )
    peaks = reader.mapping(reader.get(raw, "peaks", dict), "peaks")
    coverage = reader.mapping(reader.get(raw, "coverage", dict), "coverage")
    digital = reader.texts(raw, "digital_channels", "answers", allow_empty=True)
    for channel in digital:
        if channel not in channels:
            raise reader.error(raw, f"{channel!r} is not a channel.", key="digital_channels")
    return AnswerRules(
        reader.get(raw, "channel_share", float),
        reader.get(peaks, "high", float),
        reader.get(peaks, "moderate", float),
        reader.get(coverage, "extended_after_hours", float),
        reader.get(coverage, "round_the_clock_night", float),
        digital,
        reader.get(raw, "digital_share", float),
        reader.get(raw, "repetitive_share", float),
    )


def _formats(reader: Reader, raw: Any, channels: list[str]) -> dict[str, ExportFormat]:
    top = reader.mapping(raw, "formats.yaml")
    reader.only_keys(top, ("formats",), "formats.yaml")
    out: dict[str, ExportFormat] = {}
    for name, spec in reader.mapping(reader.get(top, "formats", dict), "formats").items():
        with guard():
            out[str(name)] = _format(reader, str(name), spec, channels)
    return out


def _format(reader: Reader, name: str, spec: Any, channels: list[str]) -> ExportFormat:
    spec = reader.mapping(spec, f"format {name}")
    keys = ("label", "records", "detect", "fields", "units", "timezone", "time_format")
    reader.only_keys(spec, (*keys, "channels", "exclude", "fallback"), "a format", name)
    fields_raw = reader.mapping(reader.get(spec, "fields", dict), "fields", name)
    reader.only_keys(fields_raw, FIELDS, "fields", name)
    fields: dict[str, tuple[str, ...]] = {}
    for field, where in fields_raw.items():
        columns = where if isinstance(where, list) else [where]
        if not columns or not all(isinstance(c, str) and c for c in columns):
            raise reader.error(fields_raw, "a field names a column, or (text) several.", key=field)
        if len(columns) > 1 and field != "text":
            raise reader.error(fields_raw, f"{field} takes one column.", key=field)
        fields[field] = tuple(columns)
    units = reader.mapping(reader.get(spec, "units", dict, required=False, default={}), "units")
    for field, unit in units.items():
        if field not in ("first_reply", "resolution") or unit not in UNITS:
            raise reader.error(
                units,
                f"units give first_reply or resolution one of {', '.join(UNITS)}.",
                key=field,
                owner=name,
            )
    zone = spec.get("timezone")
    if zone is not None and not isinstance(zone, str):
        raise reader.error(spec, "timezone must be a name or null.", key="timezone", owner=name)
    if zone is not None:
        try:
            zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise reader.error(
                spec, f"{zone!r} is not a time zone.", key="timezone", owner=name, at_value=True
            ) from None
    channel_map = reader.mapping(reader.get(spec, "channels", dict), "channels", name)
    allowed = [*channels, OUTBOUND]
    for value, channel in channel_map.items():
        if channel not in allowed:
            raise reader.error(
                channel_map,
                f"{channel!r} is not a channel.",
                key=value,
                owner=name,
                hint=f"Channels: {', '.join(allowed)}.",
                at_value=True,
            )
    exclude_raw = reader.mapping(
        reader.get(spec, "exclude", dict, required=False, default={}), "exclude", name
    )
    exclude = {str(k): _excluded(reader, k, vs, name) for k, vs in exclude_raw.items()}
    return ExportFormat(
        name,
        reader.text(spec, "label", owner=name),
        reader.get(spec, "records", str, required=False),
        reader.texts(spec, "detect", name, required=False, allow_empty=True)
        if spec.get("detect")
        else (),
        fields,
        {str(k): str(v) for k, v in units.items()},
        zone,
        reader.get(spec, "time_format", str, required=False),
        {str(k).lower(): str(v) for k, v in channel_map.items()},
        exclude,
        reader.get(spec, "fallback", bool, required=False, default=False),
    )


def _excluded(reader: Reader, key: object, values: object, owner: str) -> dict[str, str]:
    """One `exclude` entry: a list of values (the report says "key: value"), or each value
    with the reason the report gives for it ("1": opened by an agent)."""
    if isinstance(values, dict):
        return {str(v).lower(): reader.text(values, v, owner=owner) for v in values}
    listed = [str(v).lower() for v in reader.sequence(values, f"exclude.{key}", owner)]
    return {v: f"{key}: {v}" for v in listed}


def with_intents_file(rules: AuditRules, path: Path) -> AuditRules:
    """`rules` with the routine intents of an intents file (`intents:` as in intents.yaml, such
    as --write-intents writes) added; RulesError names the file and line of a mistake."""
    reader = Reader(str(path))
    raw = reader.mapping(load_file(path), path.name)
    reader.only_keys(raw, ("intents",), path.name)
    extra = read_intents(reader, reader.get(raw, "intents", dict), None)
    known = {i.id for i in rules.intents} | {i.id for p in rules.packs.values() for i in p.intents}
    for intent in extra:
        if intent.id in known or intent.id == REQUEST_INTENT:
            raise reader.error(raw, f"the intent {intent.id!r} exists already.", key="intents")
    return rules._replace(intents=(*rules.intents, *extra))
