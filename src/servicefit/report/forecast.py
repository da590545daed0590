"""The forecast's report: the JSON document (forecast_schema_version 1), text with a small
chart, Markdown, and an HTML page with the history and the band plotted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from servicefit.forecast.plan import Forecast, Line
from servicefit.knowledge.wording import percent, plural
from servicefit.report.formats import Rendered, ReportFormat, by_format, md_text
from servicefit.report.week import SPARKS

if TYPE_CHECKING:
    from rich.console import Console

FORECAST_SCHEMA_VERSION = 1
TITLE = "servicefit forecast"
BAR = 30  # characters of the longest bar in the text chart


def _weeks(line: Line) -> list[dict[str, Any]]:
    f = line.forecast
    return [
        {"start": start.isoformat(), "contacts": round(v), "low": round(lo), "high": round(hi)}
        for start, v, lo, hi in zip(line.starts, f.values, f.low, f.high, strict=True)
    ]


def _line(line: Line) -> dict[str, Any]:
    f = line.forecast
    return {
        "method": f.method,
        "backtest": [
            {"method": s.method, "error": None if s.error is None else round(s.error, 2)}
            for s in f.backtest
        ],
        "not_tried": dict(f.not_tried),
        "weeks": _weeks(line),
        "history": [
            {"start": start.isoformat(), "contacts": round(total)}
            for start, total in zip(line.history.starts, line.history.totals, strict=True)
        ],
    }


def document(
    fc: Forecast, sources: Sequence[str], timezone: str, warnings: Sequence[str]
) -> dict[str, Any]:
    """The JSON document: built here only, from the typed forecast."""
    total = _line(fc.total)
    f = fc.total.forecast
    return {
        "forecast_schema_version": FORECAST_SCHEMA_VERSION,
        "sources": list(sources),
        "timezone": timezone,
        "history_weeks": len(fc.total.history.starts),
        "history_from": fc.total.history.starts[0].isoformat(),
        "history_to": (fc.total.history.starts[-1]).isoformat(),
        "history_weeks_left_out": fc.left_out,
        "contacts": fc.contacts,
        "history_contacts": fc.history_contacts,
        "holidays_replaced": [d.isoformat() for d in fc.total.history.holidays],
        "short_history": fc.short,
        "method": total["method"],
        "backtest": total["backtest"],
        "backtest_origins": f.origins,
        "backtest_horizon_weeks": f.horizon,
        "not_tried": total["not_tried"],
        "band": fc.settings.band,
        "band_basis": f.band_basis,
        "weeks": total["weeks"],
        "history": total["history"],
        "by_channel": {name: _line(line) for name, line in fc.by_channel.items()},
        "busiest_week": total["weeks"][fc.busiest()]["start"],
        "warnings": [*warnings, *_history_warnings(fc)],
    }


def _history_warnings(fc: Forecast) -> list[str]:
    """A history that holds little of the exports' contacts: the forecast rests on the rest."""
    weeks = fc.total.history.starts
    if fc.history_contacts >= fc.settings.min_history_share * fc.contacts:
        return []
    return [
        f"The forecast learns from {plural(len(weeks), 'complete week')} ({weeks[0]} to the "
        f"week of {weeks[-1]}), which hold {fc.history_contacts:,} of the exports' "
        f"{plural(fc.contacts, 'contact')} ({percent(fc.history_contacts / fc.contacts)}); the "
        "rest lie in weeks the exports cover only in part or in months too quiet to count. "
        "Check that the exports are whole and continuous, or pick the weeks with --since and "
        "--until."
    ]


def render(fc: Forecast, doc: dict[str, Any], fmt: ReportFormat) -> Rendered:
    return by_format(
        fmt,
        doc,
        lambda: markdown(fc, doc),
        lambda: html(fc, doc),
        lambda console: draw(fc, doc, console),
    )


def _label(fc: Forecast, method: str) -> str:
    known = fc.settings.methods.get(method)
    return known.label if known is not None else method


def _error(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def spark(values: Sequence[float]) -> str:
    top = max(values, default=0)
    if top <= 0:
        return "▁" * len(values)
    return "".join(
        SPARKS[min(len(SPARKS) - 1, int(v / top * (len(SPARKS) - 1) + 0.5))] for v in values
    )


def summary(fc: Forecast, doc: dict[str, Any]) -> list[str]:
    """What a reader needs first: the next weeks, the busiest one, how sure, how made."""
    weeks = doc["weeks"]
    busiest = weeks[fc.busiest()]
    total = sum(w["contacts"] for w in weeks)
    chosen = next(s for s in doc["backtest"] if s["method"] == doc["method"])
    share = f"{fc.settings.band:.0%}"
    lines = [
        f"{plural(total, 'contact')} over the next {len(weeks)} weeks (from {weeks[0]['start']}); "
        f"the first week {weeks[0]['contacts']:,} (between {weeks[0]['low']:,} and "
        f"{weeks[0]['high']:,}).",
        f"The busiest week starts {busiest['start']}: {plural(busiest['contacts'], 'contact')} "
        f"({busiest['low']:,} to {busiest['high']:,}).",
        f"Method: {_label(fc, doc['method'])}, the least error in a backtest from "
        f"{plural(doc['backtest_origins'], 'point')} in the history, "
        f"{plural(doc['backtest_horizon_weeks'], 'week')} ahead each "
        f"(mean absolute percentage error {_error(chosen['error'])}).",
        f"The band holds {share} of the backtest's errors"
        + (
            " (their quantiles)."
            if doc["band_basis"] == "quantiles"
            else " (too few errors for quantiles: a normal spread of their size)."
            if doc["band_basis"] == "normal"
            else ": the backtest left no errors to measure it by."
        ),
    ]
    history = [h["contacts"] for h in doc["history"]]
    mean = sum(history) / len(history) if history else 0.0
    if mean < fc.settings.few_contacts_a_week:
        lines.append(
            f"About {mean:.1f} contacts a week: at so few, chance moves each week by a large "
            "share; read the forecast as a rough level, and the errors above as large by nature."
        )
    if fc.short:
        lines.append(
            f"Only {plural(doc['history_weeks'], 'complete week')} of history: the forecast uses the "
            f"simple methods. With {fc.settings.short_history_weeks} weeks or more it also "
            "tries trends; with two years, the yearly pattern (Holt-Winters)."
        )
    return lines


def _lines(fc: Forecast, doc: dict[str, Any], sparks: bool = True) -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = []
    if doc["warnings"]:
        out.append(("Warnings", list(doc["warnings"])))
    out.append(("Summary", summary(fc, doc)))
    history = [
        f"{doc['history_weeks']} complete weeks (Monday to Sunday, {doc['timezone']}) from "
        f"{doc['history_from']} to the week of {doc['history_to']}",
    ]
    if doc["history_weeks_left_out"]:
        history.append(
            f"{doc['history_weeks_left_out']} older complete weeks are left out: the methods "
            f"learn from the latest {fc.settings.max_history_weeks} (rules/forecast.yaml)"
        )
    if sparks:  # the page plots the history instead
        recent = [h["contacts"] for h in doc["history"][-52:]]
        history.append(f"the last {len(recent)}: {spark(recent)}")
    if doc["holidays_replaced"]:
        history.append(
            f"{len(doc['holidays_replaced'])} holidays counted as the same weekday of the "
            f"weeks around them: {', '.join(doc['holidays_replaced'][:8])}"
            + (", …" if len(doc["holidays_replaced"]) > 8 else "")
        )
    out.append(("History", history))
    top = max((w["high"] for w in doc["weeks"]), default=0) or 1
    rows = []
    for w in doc["weeks"]:
        width = round(w["contacts"] / top * BAR)
        reach = round(w["high"] / top * BAR)
        rows.append(
            f"{w['start']}  {w['contacts']:>8,}  {w['low']:>8,} – {w['high']:<8,} "
            + "█" * width
            + "░" * max(0, reach - width)
        )
    out.append((f"Next {len(doc['weeks'])} weeks (contacts, low – high)", rows))
    tried = [
        f"{_label(fc, s['method']):<36} {_error(s['error']):>7}"
        + ("  ← chosen" if s["method"] == doc["method"] else "")
        for s in doc["backtest"]
    ]
    tried += [f"{_label(fc, m)}: not tried, {why}" for m, why in doc["not_tried"].items()]
    out.append(("Backtest (mean absolute percentage error)", tried))
    channels = []
    for name, line in doc["by_channel"].items():
        weeks = line["weeks"]
        error = next(s["error"] for s in line["backtest"] if s["method"] == line["method"])
        channels.append(
            f"{name:<10} {sum(w['contacts'] for w in weeks):>9,} in {len(weeks)} weeks; first "
            f"week {weeks[0]['contacts']:,} ({weeks[0]['low']:,}–{weeks[0]['high']:,}); "
            f"{_label(fc, line['method'])}, error {_error(error)}"
        )
    channels.append(
        "Each channel's share of a week comes from its own best method; the shares are scaled "
        "to add up to the total above."
    )
    out.append(("By channel", channels))
    return out


def markdown(fc: Forecast, doc: dict[str, Any]) -> str:
    parts = [f"# {TITLE}\n"]
    for title, lines in _lines(fc, doc):
        parts.append(f"\n## {md_text(title)}\n\n")
        if title.startswith("Next "):
            parts.append("| week | contacts | low | high |\n|---|--:|--:|--:|\n")
            parts += [
                f"| {w['start']} | {w['contacts']:,} | {w['low']:,} | {w['high']:,} |\n"
                for w in doc["weeks"]
            ]
        else:
            parts.append("".join(f"- {md_text(line.strip())}\n" for line in lines))
    return "".join(parts)


def draw(fc: Forecast, doc: dict[str, Any], console: Console) -> None:
    from servicefit.report.console import safe_text

    console.print(safe_text(TITLE, style="bold"))
    for title, lines in _lines(fc, doc):
        console.print()
        console.print(safe_text(title, style="bold underline"))
        for line in lines:
            console.print(safe_text(line))


def html(fc: Forecast, doc: dict[str, Any]) -> str:
    from servicefit.report import charts
    from servicefit.report.htmlpage import page

    history = doc["history"][-104:]  # two years at most: the chart stays readable
    labels = [h["start"] for h in history] + [w["start"] for w in doc["weeks"]]
    gap: list[float | None] = [None] * len(history)
    known: list[float | None] = [float(h["contacts"]) for h in history]
    band = f"{fc.settings.band:.0%} band"
    series = [
        ("History", known + [None] * len(doc["weeks"]), "solid"),
        (
            "Forecast",
            gap[:-1] + [known[-1]] + [float(w["contacts"]) for w in doc["weeks"]],
            "bold",
        ),
        (f"Low ({band})", gap + [float(w["low"]) for w in doc["weeks"]], "dashed"),
        (f"High ({band})", gap + [float(w["high"]) for w in doc["weeks"]], "dashed"),
    ]
    drawn = {
        "forecast": charts.lines(
            "forecast",
            "Contacts a week: history, forecast and band",
            labels,
            series,
            "Contacts a week",
            x_title="Week from Monday",
        )
    }
    view = {
        "title": TITLE,
        "input": ", ".join(doc["sources"]),
        "version": _version(),
        "summary": summary(fc, doc),
        "sections": [
            (title, lines)
            for title, lines in _lines(fc, doc, sparks=False)
            if not title.startswith(("Next ", "Summary"))
        ],
        "weeks": doc["weeks"],
        "footer": "Every figure comes from the exports named above and rules/forecast.yaml.",
    }
    return page("forecast.html.j2", view, drawn)


def _version() -> str:
    from servicefit import __version__

    return __version__


def volumes_yaml(answers: dict[str, Any], doc: dict[str, Any]) -> str:
    """An answers file holding the busiest forecast week as weekly volumes, and the channels
    they are for."""
    import yaml

    week = doc["busiest_week"]
    lines = [
        "# servicefit volumes: the busiest week of `servicefit forecast`, from:",
        *(f"#   {''.join(c if c.isprintable() else '?' for c in s)}" for s in doc["sources"]),
        f"# The week from {week}: each channel's forecast total, spread over the week as the",
        "# history's average week spreads it. aht and target are rules/workforce.yaml's defaults,",
        "# not measured: set your own. Add your other answers, then:",
        "#   servicefit recommend --answers FILE",
    ]
    channels = yaml.safe_dump({"channels": answers["channels"]}, default_flow_style=False)
    volumes = yaml.safe_dump(
        {"volumes": answers["volumes"]},
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=None,
    )
    return "\n".join(lines) + "\n" + channels + volumes
