"""`audit`'s flow, and the audit `recommend --audit` and `forecast` run: the request (the
reading options as given), checked and read into the audit's options, the side files read
(holidays, labels, intents), then the exports audited. One request type for every command
that reads exports, built by keyword."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from servicefit.audit.files import read_side_text
from servicefit.audit.inspection import Detected, Explanation, detect_rows, explain_ticket
from servicefit.audit.labels import labelled_rows, read_labels
from servicefit.audit.mapping import parse_channel_map
from servicefit.audit.measure import Window
from servicefit.audit.options import AuditOptions
from servicefit.audit.result import AuditResult
from servicefit.audit.run import audit
from servicefit.audit.times import FIRST_YEAR, LAST_YEAR, zone
from servicefit.audit.warehouse import WarehouseSql
from servicefit.errors import InputError, UsageError, ValueProblem
from servicefit.knowledge.audit import (
    AuditRules,
    audit_root,
    load_audit_rules,
    with_intents_file,
)
from servicefit.knowledge.base import FIELD_CHANNELS, KnowledgeBase, choice_values
from servicefit.staffing.hours import parse_hours

MAX_HOLIDAYS = 10_000
MAX_HOLIDAYS_BYTES = 1024 * 1024


@dataclass(frozen=True, kw_only=True, slots=True)
class AuditRequest:
    """An audit as asked for on the command line: the exports, how to read them, and the files
    the audit command writes besides its report (None: not written). `recommend --audit` and
    `forecast` build the same request with the reading options alone."""

    exports: tuple[Path, ...] = ()
    source: str | None = None
    maps: tuple[str, ...] = ()
    channel_map: tuple[str, ...] = ()
    channel: str | None = None
    timezone: str = "UTC"
    source_timezone: str | None = None
    business_hours: str | None = None
    holidays: Path | None = None
    since: str | None = None
    until: str | None = None
    industry: str | None = None
    sample: int | None = None
    labels: Path | None = None
    aggregates: Path | None = None
    text_sample: Path | None = None
    encoding: str | None = None
    intents: Path | None = None
    explain: str | None = None  # a ticket id: trace it instead of auditing
    answers_out: Path | None = None
    write_sample: int | None = None
    sample_file: Path | None = None
    write_intents: Path | None = None
    output: Path | None = None  # the report's file: never one the audit reads or writes
    dialect: str | None = None  # `audit sql`: the warehouse's SQL dialect
    table: str = "tickets"  # `audit sql`: the table of tickets
    engine: str = "auto"  # what counts the rows: auto, stream, duckdb (audit/run.py)


@dataclass(frozen=True, kw_only=True, slots=True)
class Audited:
    """An audit's result and the options its request was read into."""

    result: AuditResult
    options: AuditOptions
    rules: AuditRules


def run(request: AuditRequest, kb: KnowledgeBase) -> Audited:
    """`servicefit audit EXPORT...`: every check of the request, then the audit."""
    _check_files(request)
    rules, options = _setup(kb, request)
    result = _audit(kb, list(request.exports), rules, options)
    return Audited(result=result, options=options, rules=rules)


def detect(request: AuditRequest, kb: KnowledgeBase) -> list[Detected]:
    """`audit detect EXPORT...`: the format of each export and a few rows as read."""
    _check_files(request, detecting=True)
    rules, options = _setup(kb, request)
    return detect_rows(list(request.exports), rules, options)


def explain(request: AuditRequest, kb: KnowledgeBase, ticket: str) -> Explanation:
    """`audit EXPORT --explain ID`: how one ticket was read and classified."""
    _check_files(request)
    rules, options = _setup(kb, request)
    return explain_ticket(list(request.exports), rules, options, ticket)


def warehouse(request: AuditRequest, kb: KnowledgeBase) -> WarehouseSql:
    """`audit sql --source FORMAT --dialect D`: the SQL that counts a warehouse table of that
    format the way the audit counts an export, and the query for a text sample."""
    from servicefit.audit.mapping import parse_channel_map, parse_maps
    from servicefit.audit.warehouse import DIALECTS, warehouse_sql

    if request.exports:
        raise UsageError(
            "audit sql reads no export: it writes SQL for a table in your warehouse.",
            hint="servicefit audit sql --source zendesk-csv --dialect snowflake",
        )
    channels = choice_values(kb.questions, FIELD_CHANNELS)
    rules = _rules(kb, channels)
    if request.source is None or request.source not in rules.formats:
        raise UsageError(
            "audit sql needs --source FORMAT: the export format the table has the columns of.",
            hint=f"Formats: {', '.join(rules.formats)}.",
        )
    if request.dialect is None:
        raise UsageError(
            "audit sql needs --dialect: the SQL your warehouse speaks.",
            hint=f"Dialects: {', '.join(DIALECTS)}.",
        )
    if request.channel is not None and request.channel not in channels:
        raise UsageError(
            f"--channel: {request.channel!r} is not a channel.",
            hint=f"Channels: {', '.join(channels)}.",
        )
    fmt = rules.formats[request.source]
    try:
        zone(request.timezone, "--timezone")
        if request.source_timezone:
            zone(request.source_timezone, "--source-timezone")
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    columns = parse_maps(request.maps).columns
    return warehouse_sql(
        fmt,
        columns,
        {**fmt.channels, **parse_channel_map(request.channel_map, channels)},
        request.channel,
        table=request.table,
        zone=request.timezone,
        source_zone=request.source_timezone or fmt.timezone,
        dialect=request.dialect,
    )


def for_labelling(request: AuditRequest, kb: KnowledgeBase) -> Audited:
    """`audit label EXPORT... --labels FILE`: the audit whose sample is labelled, read without
    the labels it is about to extend."""
    if not request.exports or request.labels is None:
        raise UsageError(
            "audit label needs an export and the labels file to write (or go on with).",
            hint="servicefit audit label tickets.csv --labels labels.csv",
        )
    paths = list(request.exports)
    _existing(paths, "", "Give the path of a file to read.")
    refuse_overwriting({"an export": paths}, {"--labels": request.labels})
    rules, options = _setup(kb, replace(request, labels=None, write_sample=None))
    return Audited(result=_audit(kb, paths, rules, options), options=options, rules=rules)


def measured(request: AuditRequest, kb: KnowledgeBase, prefix: str = "--audit ") -> Audited:
    """The audit `recommend --audit` and `forecast` run: the same checks and reading options
    as `audit`. `prefix`: how the exports were given, for the message when one is missing."""
    paths = list(request.exports)
    _existing(paths, prefix, "Give the path of a helpdesk export.")
    rules, options = _setup(kb, request)
    return Audited(result=_audit(kb, paths, rules, options), options=options, rules=rules)


def _check_files(request: AuditRequest, detecting: bool = False) -> None:
    paths = list(request.exports)
    if not paths and (detecting or request.aggregates is None):
        raise UsageError(
            "give at least one export file.",
            hint="servicefit audit EXPORT..., or --aggregates FILE (see rules/audit/aggregate.sql).",
        )
    _existing(
        [*paths, request.aggregates, request.text_sample], "", "Give the path of a file to read."
    )
    refuse_overwriting(
        {
            "an export": paths,
            "--labels": [request.labels],
            "--text-sample": [request.text_sample],
            "--aggregates": [request.aggregates],
            "--holidays": [request.holidays],
            "--intents": [request.intents],
        },
        {
            "--output": request.output,
            "--answers-out": request.answers_out,
            "--sample-file": request.sample_file,
            "--write-intents": request.write_intents,
        },
    )
    if request.sample_file is not None:
        _keep_labels(request.sample_file)


def _day(text: str, flag: str, tz: dt.tzinfo) -> dt.datetime:
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{flag}: {text!r} is not a date.", hint="Write YYYY-MM-DD.") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise UsageError(
            f"{flag}: {text!r} is outside the years an export can hold.",
            hint=f"Give a date from {FIRST_YEAR} to {LAST_YEAR}.",
        )
    return dt.datetime(day.year, day.month, day.day, tzinfo=tz)


def _holidays(path: Path) -> frozenset[dt.date]:
    text = read_side_text(path, "--holidays", MAX_HOLIDAYS_BYTES)
    days = set()
    for number, line in enumerate(text.splitlines(), start=1):
        word = line.split("#", 1)[0].strip()
        if not word:
            continue
        try:
            days.add(dt.date.fromisoformat(word))
        except ValueError:
            raise InputError(
                f"{path}:{number}: {word[:40]!r} is not a date.", hint="One YYYY-MM-DD a line."
            ) from None
        if len(days) > MAX_HOLIDAYS:
            raise InputError(f"{path}: more than {MAX_HOLIDAYS:,} days.")
    return frozenset(days)


def _rules(kb: KnowledgeBase, channels: list[str]) -> AuditRules:
    root = audit_root(kb.root)
    if root is None:
        raise InputError(f"{kb.root}: this rule set has no audit/ folder of export formats.")
    return load_audit_rules(root, channels)


def options_from(kb: KnowledgeBase, request: AuditRequest, channels: list[str]) -> AuditOptions:
    try:
        tz = zone(request.timezone, "--timezone")
        source_tz = (
            zone(request.source_timezone, "--source-timezone") if request.source_timezone else None
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    hours = None
    if request.business_hours is not None:
        try:
            hours = parse_hours(request.business_hours)
        except ValueProblem as problem:
            raise UsageError(f"--business-hours: {problem.message}", hint=problem.hint) from None
    if request.channel is not None and request.channel not in channels:
        raise UsageError(
            f"--channel: {request.channel!r} is not a channel.",
            hint=f"Channels: {', '.join(channels)}.",
        )
    industries = choice_values(kb.questions, "industry") if "industry" in kb.questions else []
    if request.industry is not None and industries and request.industry not in industries:
        raise UsageError(
            f"--industry: {request.industry!r} is not an industry.",
            hint=f"Industries: {', '.join(industries)}.",
        )
    if request.sample is not None and request.sample < 1:
        raise UsageError("--sample: give a number of tickets, 1 or more.")
    if (request.write_sample is None) != (request.sample_file is None):
        raise UsageError(
            "--write-sample N and --sample-file FILE go together.",
            hint="servicefit audit EXPORT --write-sample 300 --sample-file to-label.csv",
        )
    if request.write_sample is not None and request.write_sample < 1:
        raise UsageError("--write-sample: give a number of tickets, 1 or more.")
    since = _day(request.since, "--since", tz) if request.since else None
    until = _day(request.until, "--until", tz) + dt.timedelta(days=1) if request.until else None
    if since and until and until <= since:
        raise UsageError("--until is before --since.")
    return AuditOptions(
        source=request.source,
        maps=request.maps,
        channel_map=parse_channel_map(request.channel_map, channels),
        channel=request.channel,
        zone=tz,
        zone_name=request.timezone,
        source_zone=source_tz,
        hours=hours,
        hours_given=hours is not None,
        holidays=_holidays(request.holidays) if request.holidays else frozenset(),
        window=Window(since, until),
        industry=request.industry,
        sample=request.sample,
        labels=read_labels(request.labels) if request.labels else {},
        aggregates=request.aggregates,
        text_sample=request.text_sample,
        channels=tuple(channels),
        encoding=request.encoding,
        engine=request.engine,
    )


def _audit(
    kb: KnowledgeBase, paths: list[Path], rules: AuditRules, options: AuditOptions
) -> AuditResult:
    defaults = kb.workforce.interview.channel_defaults if kb.workforce.interview else {}
    hours = kb.workforce.sizing.daily_hours or next(iter(kb.workforce.hours.values()))
    return audit(paths, rules, options, hours, defaults)


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist yet: compare where they would be
        return a.resolve() == b.resolve()


def refuse_overwriting(
    reads: Mapping[str, Sequence[Path | None]], writes: Mapping[str, Path | None]
) -> None:
    """UsageError when a file this run writes is one it reads, or another it writes: the
    export, the labels or any other input would be replaced by the output."""
    written = [(flag, path) for flag, path in writes.items() if path is not None]
    for flag, path in written:
        for source, paths in reads.items():
            for read in paths:
                if read is not None and _same(path, read):
                    raise UsageError(
                        f"{flag} {path} is also read by this run ({source}); writing it would "
                        "replace what is read.",
                        hint=f"Give {flag} another file.",
                    )
    for i, (flag, path) in enumerate(written):
        for other, second in written[i + 1 :]:
            if _same(path, second):
                raise UsageError(
                    f"{flag} and {other} name the same file, {path}.",
                    hint="Give each output a file of its own.",
                )


def _keep_labels(path: Path) -> None:
    """Refuse to write a new sample over a sample file that already holds labels."""
    labelled = labelled_rows(path) if path.is_file() else 0
    if not labelled:
        return  # no labels in it: replacing it loses nothing
    raise UsageError(
        f"--sample-file {path} already holds {labelled:,} labels; a new sample would erase them.",
        hint=f"Give another --sample-file, or use these labels: --labels {path}.",
    )


def _existing(paths: Sequence[Path | None], prefix: str, hint: str) -> None:
    for path in paths:
        if path is not None and str(path) == "-" and not path.exists():
            raise InputError(
                f"{prefix}-: the audit reads files, not standard input (it reads an export "
                "more than once: to tell its format, then to count it).",
                hint="Save the export to a file and give its path.",
            )
        if path is not None and not path.is_file():
            what = (
                "not a regular file (a folder, pipe or device)" if path.exists() else "no such file"
            )
            raise InputError(f"{prefix}{path}: {what}.", hint=hint)


def _setup(kb: KnowledgeBase, request: AuditRequest) -> tuple[AuditRules, AuditOptions]:
    """The audit's rule files and the options the request asks for."""
    channels = choice_values(kb.questions, FIELD_CHANNELS)
    rules = _rules(kb, channels)
    if request.intents is not None:
        rules = with_intents_file(rules, request.intents)
    return rules, options_from(kb, request, channels)
