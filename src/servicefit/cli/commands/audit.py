"""`servicefit audit`: read the flags, run the audit, hand the result to the report."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from servicefit.audit.discover import intents_yaml
from servicefit.audit.files import read_side_text
from servicefit.audit.inspection import detect_rows, explain_ticket
from servicefit.audit.labels import labelled_rows, read_labels, sample_csv
from servicefit.audit.mapping import parse_channel_map
from servicefit.audit.measure import Window
from servicefit.audit.options import AuditOptions
from servicefit.audit.result import AuditResult
from servicefit.audit.run import audit
from servicefit.audit.times import FIRST_YEAR, LAST_YEAR, zone
from servicefit.cli.output import emit, write
from servicefit.errors import InputError, UsageError, ValueProblem
from servicefit.knowledge.audit import (
    AuditRules,
    audit_root,
    load_audit_rules,
    with_intents_file,
)
from servicefit.knowledge.base import FIELD_CHANNELS, KnowledgeBase, choice_values
from servicefit.report import audit as report
from servicefit.report.formats import Format
from servicefit.staffing.hours import parse_hours
from servicefit.yamlio.files import write_output

MAX_HOLIDAYS = 10_000
MAX_HOLIDAYS_BYTES = 1024 * 1024


class AuditFlags(NamedTuple):
    """The audit's flags as given (build it by keyword: every field has its default)."""

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
    explain: str | None = None
    answers_out: Path | None = None
    write_sample: int | None = None
    sample_file: Path | None = None
    labels: Path | None = None
    aggregates: Path | None = None
    text_sample: Path | None = None
    encoding: str | None = None
    intents: Path | None = None
    write_intents: Path | None = None


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


def options_from(kb: KnowledgeBase, flags: AuditFlags, channels: list[str]) -> AuditOptions:
    try:
        tz = zone(flags.timezone, "--timezone")
        source_tz = (
            zone(flags.source_timezone, "--source-timezone") if flags.source_timezone else None
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    hours = None
    if flags.business_hours is not None:
        try:
            hours = parse_hours(flags.business_hours)
        except ValueProblem as problem:
            raise UsageError(f"--business-hours: {problem.message}", hint=problem.hint) from None
    if flags.channel is not None and flags.channel not in channels:
        raise UsageError(
            f"--channel: {flags.channel!r} is not a channel.",
            hint=f"Channels: {', '.join(channels)}.",
        )
    industries = choice_values(kb.questions, "industry") if "industry" in kb.questions else []
    if flags.industry is not None and industries and flags.industry not in industries:
        raise UsageError(
            f"--industry: {flags.industry!r} is not an industry.",
            hint=f"Industries: {', '.join(industries)}.",
        )
    if flags.sample is not None and flags.sample < 1:
        raise UsageError("--sample: give a number of tickets, 1 or more.")
    if (flags.write_sample is None) != (flags.sample_file is None):
        raise UsageError(
            "--write-sample N and --sample-file FILE go together.",
            hint="servicefit audit EXPORT --write-sample 300 --sample-file to-label.csv",
        )
    if flags.write_sample is not None and flags.write_sample < 1:
        raise UsageError("--write-sample: give a number of tickets, 1 or more.")
    since = _day(flags.since, "--since", tz) if flags.since else None
    until = _day(flags.until, "--until", tz) + dt.timedelta(days=1) if flags.until else None
    if since and until and until <= since:
        raise UsageError("--until is before --since.")
    return AuditOptions(
        source=flags.source,
        maps=flags.maps,
        channel_map=parse_channel_map(flags.channel_map, channels),
        channel=flags.channel,
        zone=tz,
        zone_name=flags.timezone,
        source_zone=source_tz,
        hours=hours,
        hours_given=hours is not None,
        holidays=_holidays(flags.holidays) if flags.holidays else frozenset(),
        window=Window(since, until),
        industry=flags.industry,
        sample=flags.sample,
        labels=read_labels(flags.labels) if flags.labels else {},
        aggregates=flags.aggregates,
        text_sample=flags.text_sample,
        channels=tuple(channels),
        encoding=flags.encoding,
    )


def run(
    kb: KnowledgeBase, exports: list[str], flags: AuditFlags, fmt: Format, output: Path | None
) -> int:
    detecting = bool(exports) and exports[0] == "detect"
    labelling = bool(exports) and exports[0] == "label"
    paths = [Path(p) for p in (exports[1:] if detecting or labelling else exports)]
    if labelling:
        return _label(kb, paths, flags)
    if not paths and (detecting or flags.aggregates is None):
        raise UsageError(
            "give at least one export file.",
            hint="servicefit audit EXPORT..., or --aggregates FILE (see rules/audit/aggregate.sql).",
        )
    _existing([*paths, flags.aggregates, flags.text_sample], "", "Give the path of a file to read.")
    refuse_overwriting(
        {
            "an export": paths,
            "--labels": [flags.labels],
            "--text-sample": [flags.text_sample],
            "--aggregates": [flags.aggregates],
            "--holidays": [flags.holidays],
            "--intents": [flags.intents],
        },
        {
            "--output": output,
            "--answers-out": flags.answers_out,
            "--sample-file": flags.sample_file,
            "--write-intents": flags.write_intents,
        },
    )
    if flags.sample_file is not None:
        _keep_labels(flags.sample_file)
    rules, options = _setup(kb, flags)
    if detecting:
        emit(report.detected_text(detect_rows(paths, rules, options)), output)
        return 0
    if flags.explain is not None:
        emit(report.explanation_text(explain_ticket(paths, rules, options, flags.explain)), output)
        return 0
    result = _audit(kb, paths, rules, options)
    if flags.sample_file is not None and flags.write_sample is not None:
        write_output(flags.sample_file, sample_csv(result.sample, flags.write_sample, rules.seed))
    if flags.answers_out is not None:
        from servicefit.intake.answers import validate_answers

        validate_answers(result.answers, kb, str(flags.answers_out))  # a bug if it fails
        write_output(flags.answers_out, report.answers_yaml(result, [str(p) for p in paths]))
    if flags.write_intents is not None:
        found = result.document["routine"]["candidates"]
        write_output(flags.write_intents, intents_yaml(found, [str(p) for p in paths]))
    write(report.render(result, fmt), output)
    return 0


def _audit(
    kb: KnowledgeBase, paths: list[Path], rules: AuditRules, options: AuditOptions
) -> AuditResult:
    defaults = kb.workforce.interview.channel_defaults if kb.workforce.interview else {}
    hours = kb.workforce.sizing.daily_hours or next(iter(kb.workforce.hours.values()))
    return audit(paths, rules, options, hours, defaults)


def run_audit(
    kb: KnowledgeBase, paths: list[Path], flags: AuditFlags, prefix: str = "--audit "
) -> AuditResult:
    """The audit `recommend --audit` runs: the same checks and reading options as `audit`."""
    return audit_with_options(kb, paths, flags, prefix)[0]


def audit_with_options(
    kb: KnowledgeBase, paths: list[Path], flags: AuditFlags, prefix: str = "--audit "
) -> tuple[AuditResult, AuditOptions]:
    """The audit and the options it read the flags into (`forecast` takes its holidays from
    them). `prefix`: how the exports were given, for the message when one is missing."""
    _existing(paths, prefix, "Give the path of a helpdesk export.")
    rules, options = _setup(kb, flags)
    return _audit(kb, paths, rules, options), options


def _label(kb: KnowledgeBase, paths: list[Path], flags: AuditFlags) -> int:
    """`audit label EXPORT... --labels FILE [--write-sample N]`."""
    from servicefit.cli.commands.label import label

    if not paths or flags.labels is None:
        raise UsageError(
            "audit label needs an export and the labels file to write (or go on with).",
            hint="servicefit audit label tickets.csv --labels labels.csv",
        )
    _existing(paths, "", "Give the path of a file to read.")
    refuse_overwriting({"an export": paths}, {"--labels": flags.labels})
    rules, options = _setup(kb, flags._replace(labels=None, write_sample=None))
    result = _audit(kb, paths, rules, options)
    return label(result, rules, options.industry, flags.labels, flags.write_sample or 0)


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
        if path is not None and not path.is_file():
            what = (
                "not a regular file (a folder, pipe or device)" if path.exists() else "no such file"
            )
            raise InputError(f"{prefix}{path}: {what}.", hint=hint)


def _setup(kb: KnowledgeBase, flags: AuditFlags) -> tuple[AuditRules, AuditOptions]:
    """The audit's rule files and the options the flags ask for."""
    channels = choice_values(kb.questions, FIELD_CHANNELS)
    rules = _rules(kb, channels)
    if flags.intents is not None:
        rules = with_intents_file(rules, flags.intents)
    return rules, options_from(kb, flags, channels)
