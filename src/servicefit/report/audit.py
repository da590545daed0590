"""The audit's report: text (a week heatmap in the terminal), Markdown and JSON, and the
answers file `--answers-out` writes."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, Any

from servicefit.audit.document import AuditDocument, DaySpan, Routine, to_json
from servicefit.audit.inspection import Detected, Explanation
from servicefit.audit.labelling import GOAL, SAMPLE
from servicefit.audit.result import AuditResult
from servicefit.knowledge.wording import plural
from servicefit.report.formats import Rendered, ReportFormat, by_format, md_text
from servicefit.report.week import SPARKS
from servicefit.staffing.hours import DAY_NAMES

if TYPE_CHECKING:
    from rich.console import Console


WEEK = "The week (all channels)"
CHANNELS = "Channels"
MONTHS = "Contacts per month"


def render(result: AuditResult, fmt: ReportFormat) -> Rendered:
    return by_format(
        fmt,
        to_json(result.document),
        lambda: markdown(result),
        lambda: html(result),
        lambda console: draw(result, console),
    )


def _pct(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def heat_rows(doc: AuditDocument) -> list[str]:
    """The week as a heatmap: one row a day, a cell per hour scaled to the busiest hour."""
    week = doc.hour_of_week or []
    top = max((c for day in week for c in day), default=0)
    ruler = "".join(f"{h:<3d}" for h in range(0, 24, 3))
    rows = [f"     {ruler}"]
    for name, day in zip(DAY_NAMES, week, strict=True):
        cells = "".join(
            "·"
            if c == 0 or top == 0
            else SPARKS[min(len(SPARKS) - 1, (c * len(SPARKS) - 1) // top)]
            for c in day
        )
        rows.append(f"{name}  {cells}  {sum(day):>9,}")
    return rows


def _why_left_out(month: str, span: DaySpan | None) -> str:
    """A month left out of the monthly figure: beyond the active span, or a quiet month
    inside it (a gap), too quiet to stand for a normal month."""
    if span is None or month < span.first[:7] or month > span.last[:7]:
        return "outside the active span"
    return "too quiet for a normal month"


def _lines(result: AuditResult) -> list[tuple[str, list[str]]]:
    """(section title, lines): the report in plain lines, for every text format."""
    doc = result.document
    rows = doc.rows
    out: list[tuple[str, list[str]]] = []
    read = [
        f"{plural(rows.read, 'row')} read, {rows.used:,} used, {rows.excluded:,} left out, "
        f"{rows.skipped:,} skipped"
        + (f", {rows.folded:,} folded into tickets already read" if rows.folded else "")
        + ".",
    ]
    read += [f"left out: {reason} ({n:,})" for reason, n in rows.excluded_by_reason.items()]
    read += [f"skipped: {reason} ({n:,})" for reason, n in rows.skipped_by_reason.items()]
    for source in doc.source:
        mapping = ", ".join(f"{k}={v}" for k, v in source.mapping.items())
        read.append(f"{source.file}: {source.label} ({source.kind}); {mapping}")
    if doc.first and doc.last:
        read.append(f"from {doc.first} to {doc.last}, in {doc.timezone}")
        span = doc.active_span
        if span and (span.first != doc.first[:10] or span.last != doc.last[:10]):
            read.append(f"active span: {span.first} to {span.last}")
    if doc.time_of_day != "times":
        read.append(
            "times of day: none (dates only)"
            if doc.time_of_day == "dates only"
            else "creation times: none"
        )
    if doc.warnings:  # what could make the figures wrong comes before them
        out.append(("Warnings", [w.message for w in doc.warnings]))
    out.append(("What was read", read))
    mix = [f"{c.channel:<10} {c.contacts:>10,}  {_pct(c.share)}" for c in doc.channels]
    out.append((CHANNELS, mix))
    if doc.monthly:
        left_out = set(doc.months_left_out)
        span = doc.active_span
        months = [
            f"{m.month}  {m.contacts:>10,}"
            + (f"  (left out: {_why_left_out(m.month, span)})" if m.month in left_out else "")
            for m in doc.monthly
        ]
        figure = doc.monthly_contacts
        months.append(
            f"monthly_contacts {figure:,} ({doc.monthly_basis})"
            if figure is not None
            else f"monthly_contacts {doc.monthly_basis}"
        )
        out.append((MONTHS, months))
    if doc.hour_of_week is not None:
        week = heat_rows(doc)
        week.append(
            f"outside {doc.business_hours}: {_pct(doc.after_hours_share)}; weekends "
            f"{_pct(doc.weekend_share)}; after 17:00 {_pct(doc.after_17_share)}; night "
            f"{_pct(doc.night_share)}; busiest hour {doc.peak_to_average or 0:g}x an "
            "average one"
        )
        out.append((WEEK, week))
    elif doc.weekend_share is not None:
        out.append(("The week", [f"weekends {_pct(doc.weekend_share)} (dates only)"]))
    out.append(("Routine questions", _routine_lines(doc.routine, [s.file for s in doc.source])))
    automation = doc.automation
    if automation is not None:
        auto = [
            f"automation could close {_pct(round(automation.likely, 4))} of all contacts (from "
            f"{_pct(round(automation.low, 4))} to {_pct(round(automation.high, 4))}): each "
            "routine intent's share × the part automation closes × how well it serves the "
            "intent's channels"
        ]
        auto += [
            f"{i.label}: {_pct(round(i.share, 4))} × {i.containment[1]:.0%} × "
            f"{round(i.channel_factor, 3):.2f} = {_pct(round(i.likely, 4))}"
            for i in automation.intents
        ]
        out.append(("Automation potential", auto))
    times = [
        f"{field.replace('_', ' ')}: median {t.median_hours} h, p90 {t.p90_hours} h "
        f"({plural(t.count, 'ticket')})"
        for field, t in doc.response_times.items()
    ]
    if times:
        out.append(("Response times", times))
    answers = [f"{k}: {_value(v)}  ({result.notes.get(k, '')})" for k, v in doc.answers.items()]
    answers += [f"{k}: not measured ({why})" for k, why in doc.answers_not_measured.items()]
    out.append(("Measured answers", answers))
    return out


def _routine_lines(routine: Routine, files: list[str]) -> list[str]:
    lines = [f"routine share {_pct(routine.share)}: {routine.method}"]
    for intent in routine.intents:
        lines.append(f"{intent.label}: {_pct(intent.share)} (about {intent.contacts:,})")
        lines += [f"    “{e}”" for e in intent.examples]
    if routine.share is not None:
        lines.append(
            f"problems to look into {_pct(routine.problem_share)}; escalation cues "
            f"{_pct(routine.escalated_share)} (never routine); nothing matched "
            f"{_pct(routine.unmatched_share)}"
        )
    if routine.share is not None and routine.estimator == "rules":
        exports = " ".join(shlex.quote(f) for f in dict.fromkeys(files)) or "EXPORT"
        lines.append(
            f"to measure it instead, run servicefit audit label {exports} --labels labels.csv "
            "(with this run's reading options, such as --source and --map, if it had any): "
            f"it asks about {SAMPLE} of your tickets, a key each, to within about "
            f"±{GOAL * 100:.0f} points; then add --labels labels.csv"
        )
    if routine.candidates:
        lines.append(
            "phrases that recur where nothing matched (candidate intents, --write-intents):"
        )
        for c in routine.candidates:
            lines.append(f"  “{c.phrase}”: about {c.tickets:,}")
    return lines


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return f"{len(value)} channels, a week each"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value).lower() if isinstance(value, bool) else str(value)


def markdown(result: AuditResult) -> str:
    parts = ["# servicefit ticket audit\n"]
    for title, lines in _lines(result):
        parts.append(f"\n## {title}\n\n")
        if title == WEEK:
            parts.append("```\n" + "\n".join(lines[:-1]) + "\n```\n\n" + md_text(lines[-1]) + "\n")
        else:
            parts.append("".join(f"- {md_text(line.strip())}\n" for line in lines))
    return "".join(parts)


def html(result: AuditResult) -> str:
    """The audit as one self-contained page (templates/audit.html.j2): a summary, the
    warnings and what was read, the channels, months, week and routine intents drawn, and
    every other section as the text report has it."""
    from servicefit import __version__
    from servicefit.report import charts
    from servicefit.report.htmlpage import page

    doc = result.document
    drawn = {}
    if doc.channels:
        mix = list(reversed(doc.channels))  # drawn bottom up: the biggest on top
        drawn["channels"] = charts.bars(
            "channels",
            "Contacts by channel",
            [f"{c.channel} · {c.contacts:,}" for c in mix],
            [c.contacts for c in mix],
            "Contacts",
            print_values=False,
            whole=True,
        )
    months = _span_months(doc)
    if len(months) > 1:
        drawn["months"] = charts.lines(
            "months",
            "Contacts per month, the active span",
            [m for m, _ in months],
            [("Contacts", [float(n) for _, n in months], "solid")],
            "Contacts",
            x_title="Month",
        )
    intents = list(reversed(doc.routine.intents))
    if intents:
        drawn["intents"] = charts.bars(
            "intents",
            "Routine intents: share of the tickets classified",
            [f"{i.label} · {_pct(i.share)}" for i in intents],
            [round(i.share * 100, 1) for i in intents],
            "Share of the tickets (%)",
            print_values=False,
        )
    sections = _lines(result)
    first = [s for s in sections if s[0] in ("Warnings", "What was read")]
    quiet = set(doc.months_left_out)
    months_said = next((lines for title, lines in sections if title == MONTHS), [])
    view = {
        "title": "servicefit ticket audit",
        "input": ", ".join(s.file for s in doc.source),
        "version": __version__,
        "summary": _summary(doc),
        "first": first,
        "week": _heat(doc, next((lines[-1] for t, lines in sections if t == WEEK), "")),
        "channels": [(c.channel, f"{c.contacts:,}", _pct(c.share)) for c in doc.channels],
        "months": [
            (
                m.month,
                f"{m.contacts:,}",
                _why_left_out(m.month, doc.active_span) if m.month in quiet else "",
            )
            for m in doc.monthly
        ],
        "monthly": months_said[-1] if months_said else "",
        # the channels and months are tables on the page
        "rest": [s for s in sections if s not in first and s[0] not in (WEEK, CHANNELS, MONTHS)],
        "footer": "Every figure comes from the exports named above; ticket text is redacted.",
    }
    return page("audit.html.j2", view, drawn)


def _summary(doc: AuditDocument) -> list[str]:
    """The audit's findings in a few sentences, for the top of the page."""
    rows = doc.rows
    lines = [
        f"{plural(rows.used, 'contact')} counted from {plural(rows.read, 'row')}"
        + (
            f", {doc.first[:10]} to {doc.last[:10]} ({doc.timezone})."
            if doc.first and doc.last
            else "."
        )
    ]
    if doc.monthly_contacts is not None:
        lines.append(f"Contacts a month: {doc.monthly_contacts:,} ({doc.monthly_basis}).")
    routine = doc.routine
    if routine.share is not None and routine.interval is not None:
        low, high = routine.interval
        lines.append(
            f"Routine share: {_pct(routine.share)}, likely {low:.0%} to {high:.0%} "
            f"({'measured from your labels' if routine.estimator == 'labels' else 'estimated by the rules'})."
        )
    if doc.after_hours_share is not None:
        lines.append(f"Outside {doc.business_hours}: {_pct(doc.after_hours_share)} of contacts.")
    if doc.automation is not None:
        a = doc.automation
        lines.append(
            f"Automation could close about {_pct(round(a.likely, 4))} of all contacts "
            f"({_pct(round(a.low, 4))} to {_pct(round(a.high, 4))})."
        )
    return lines


def _span_months(doc: AuditDocument) -> list[tuple[str, int]]:
    """Every month of the active span with its contacts, those without any too: the months a
    chart plots evenly (the months outside the span, placeholder dates and stray years
    among them, stay in the table below it)."""
    span = doc.active_span
    if span is None:
        return []
    counts = {m.month: m.contacts for m in doc.monthly}
    year, month = int(span.first[:4]), int(span.first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= span.last[:7]:
        name = f"{year:04d}-{month:02d}"
        out.append((name, counts.get(name, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _heat(doc: AuditDocument, shares: str) -> dict[str, Any] | None:
    """The week's contacts per hour as a heatmap's cells, shaded against the busiest hour."""
    week = doc.hour_of_week
    if not week:
        return None
    peak = max((c for day in week for c in day), default=0)
    days = [
        {
            "name": name,
            "hours": [{"contacts": c, "level": round(c / (peak or 1), 2)} for c in day],
            "total": sum(day),
        }
        for name, day in zip(DAY_NAMES, week, strict=True)
    ]
    return {"days": days, "peak": peak, "shares": shares}


def draw(result: AuditResult, console: Console) -> None:
    from servicefit.report.console import safe_text

    console.print(safe_text("servicefit ticket audit", style="bold"))
    for title, lines in _lines(result):
        console.print()
        console.print(safe_text(title, style="bold underline"))
        for line in lines:
            console.print(safe_text(line))


def answers_yaml(result: AuditResult, sources: list[str]) -> str:
    """An answers file of the measured answers, each with how it was measured."""
    import yaml

    lines = [
        "# servicefit answers measured by `servicefit audit` from:",
        *(f"#   {''.join(c if c.isprintable() else '?' for c in s)}" for s in sources),
        "# Check them, add what the audit cannot measure, then: servicefit recommend --answers FILE",
    ]
    for key, value in result.document.answers.items():
        lines.append(f"# measured: {result.notes.get(key, '')}".rstrip())
        dumped = yaml.safe_dump(
            {key: value},
            sort_keys=False,
            allow_unicode=True,
            width=100,
            default_flow_style=None if isinstance(value, dict) else False,  # days as one line
        )
        lines.append(dumped.rstrip("\n"))
    missing = result.document.answers_not_measured
    if missing:
        lines.append("# Not measured, for too little evidence in the export:")
        lines += [f"#   {key}: {why}" for key, why in missing.items()]
    return "\n".join(lines) + "\n"


def detected_text(found: list[Detected]) -> str:
    """`audit detect`: the format, where each field is read from, and a few parsed rows."""
    lines = []
    for d in found:
        f, e = d.fields, d.export
        lines.append(f"{e.path}: {f.format.id} — {f.format.label} ({e.kind}, {e.dialect})")
        lines += [f"  {field:<12} {', '.join(cols)}" for field, cols in f.columns.items()]
        if f.fixed_channel:
            lines.append(f"  {'channel':<12} every row: {f.fixed_channel}")
        for row in d.rows:
            source = f"{row.raw_channel} -> {row.channel}" if row.raw_channel else row.channel
            lines.append(f"  line {row.line}: {row.created}  {source}  “{row.text[:60]}”")
    return "\n".join(lines) + "\n"


def explanation_text(e: Explanation) -> str:
    m = e.match
    if m.escalation:
        verdict = f"not routine: the escalation cue “{m.escalation}” (found “{m.found}”)"
    elif m.problem:
        verdict = f"not routine: the problem cue “{m.problem}” (found “{m.found}”)"
    elif m.intent:
        verdict = f"routine: {m.intent}, the phrase “{m.phrase}” (found “{m.found}”)"
    else:
        verdict = "not routine: no phrase of any intent occurs in it"
    return f"ticket {e.ticket} ({e.where}): {verdict}\ntext (redacted): {e.text}\n"
