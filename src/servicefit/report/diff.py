"""What changed between two recommendations (`servicefit diff`), as text or JSON."""

from __future__ import annotations

from typing import Any

from servicefit.advice.comparison import DiffResult
from servicefit.knowledge.wording import percent
from servicefit.report.common import md_cell
from servicefit.report.formats import Format, ReportFormat
from servicefit.report.jsonout import dumps


def _share(value: Any) -> str:
    return percent(value) if isinstance(value, (int, float)) else str(value)


def _staffing(value: Any) -> str:
    return "not applicable" if value is None else str(value)


def text(result: DiffResult, first: str, second: str) -> str:
    lines: list[str] = []
    for r in result.comparisons:
        head = f"{r.input}: " if r.input else ""
        top, staffing, auto = r.top_model, r.staffing, r.automated_share
        lines.append(
            f"{head}top model {r.name(top.before)} → {r.name(top.after)}"
            if top.changed
            else f"{head}top model unchanged ({r.name(top.after)})"
        )
        lines.append(
            f"{head}staffing {_staffing(staffing.before)} → {_staffing(staffing.after)}"
            if staffing.changed
            else f"{head}staffing unchanged ({_staffing(staffing.after)})"
        )
        if auto.changed:
            lines.append(f"{head}automated share {_share(auto.before)} → {_share(auto.after)}")
        for m in r.models:
            lines.append(
                f"{head}  {r.name(m.id)}: rank {m.rank.before} → {m.rank.after}, "
                f"score {m.score.before} → {m.score.after}"
            )
        for c in r.blend:
            lines.append(
                f"{head}  blend {r.name(c.model)}: {_share(c.share.before)} → "
                f"{_share(c.share.after)}"
            )
    lines += [f"only in {first}: {k}" for k in result.only_in_first]
    lines += [f"only in {second}: {k}" for k in result.only_in_second]
    lines.append(
        "the top model or the staffing choice changed"
        if result.changed
        else "no change in the top model or the staffing choice"
    )
    return "\n".join(lines) + "\n"


def markdown(result: DiffResult, first: str, second: str) -> str:
    """The comparison as Markdown: a summary, and a table per input of what moved."""
    out = [f"# servicefit diff\n\n`{_code(first)}` → `{_code(second)}`\n"]
    for r in result.comparisons:
        title = f"\n## {md_cell(r.input)}\n" if r.input else ""
        rows = [
            ("top model", r.name(r.top_model.before), r.name(r.top_model.after)),
            ("staffing", _staffing(r.staffing.before), _staffing(r.staffing.after)),
            ("automated share", _share(r.automated_share.before), _share(r.automated_share.after)),
        ]
        rows += [(f"{r.name(m.id)} rank", m.rank.before, m.rank.after) for m in r.models]
        rows += [(f"{r.name(m.id)} score", m.score.before, m.score.after) for m in r.models]
        rows += [
            (f"blend {r.name(c.model)}", _share(c.share.before), _share(c.share.after))
            for c in r.blend
        ]
        table = "| | before | after |\n|---|---|---|\n" + "".join(
            f"| {md_cell(str(a))} | {md_cell(str(b))} | {md_cell(str(c))} |\n" for a, b, c in rows
        )
        out.append(f"{title}\n{table}")
    out += [f"\n- only in `{_code(first)}`: {md_cell(k)}" for k in result.only_in_first]
    out += [f"\n- only in `{_code(second)}`: {md_cell(k)}" for k in result.only_in_second]
    out.append(
        "\n**The top model or the staffing choice changed.**\n"
        if result.changed
        else "\nNo change in the top model or the staffing choice.\n"
    )
    return "".join(out)


def _code(text: str) -> str:
    return text.replace("`", "'").replace("\n", " ")


def html(result: DiffResult, first: str, second: str) -> str:
    """The comparison as one self-contained page (report/templates/diff.html.j2)."""
    from servicefit import __version__
    from servicefit.report import charts
    from servicefit.report.htmlpage import page

    inputs = []
    drawn = {}
    for number, r in enumerate(result.comparisons):
        rows = [
            (
                "top model",
                r.name(r.top_model.before),
                r.name(r.top_model.after),
                r.top_model.changed,
            ),
            (
                "staffing",
                _staffing(r.staffing.before),
                _staffing(r.staffing.after),
                r.staffing.changed,
            ),
            (
                "automated share",
                _share(r.automated_share.before),
                _share(r.automated_share.after),
                r.automated_share.changed,
            ),
        ]
        rows += [(f"{r.name(m.id)}: rank", m.rank.before, m.rank.after, True) for m in r.models]
        rows += [(f"{r.name(m.id)}: score", m.score.before, m.score.after, True) for m in r.models]
        rows += [
            (f"blend {r.name(c.model)}", _share(c.share.before), _share(c.share.after), True)
            for c in r.blend
        ]
        inputs.append({"input": r.input or "", "rows": rows, "chart": f"scores{number}"})
        moved = [m for m in r.models if m.score.before is not None and m.score.after is not None]
        if moved:
            drawn[f"scores{number}"] = charts.grouped(
                f"scores{number}",
                "Scores that moved: before and after",
                [r.name(m.id) for m in moved],
                [
                    ("before", [float(m.score.before) for m in moved]),
                    ("after", [float(m.score.after) for m in moved]),
                ],
                "Score (0–100)",
                top=100,
            )
    view = {
        "title": "servicefit diff",
        "input": f"{first} → {second}",
        "version": __version__,
        "changed": result.changed,
        "inputs": inputs,
        "only_in_first": [(first, k) for k in result.only_in_first],
        "only_in_second": [(second, k) for k in result.only_in_second],
    }
    return page("diff.html.j2", view, drawn)


def render(result: DiffResult, first: str, second: str, fmt: Format | ReportFormat) -> str:
    if fmt == ReportFormat.html:
        return html(result, first, second)
    if fmt == Format.json:
        return dumps(result.to_dict())
    if fmt == Format.markdown:
        return markdown(result, first, second)
    return text(result, first, second)
