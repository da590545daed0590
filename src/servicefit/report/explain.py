"""Drawing an explanation (advice/explanation.py) as terminal text, Markdown or JSON."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from servicefit.advice.explanation import Explanation, RuleTrace
from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.traces import Trace
from servicefit.messages import escape_controls
from servicefit.report.common import lead_line, sentence, signed
from servicefit.report.formats import Format, Rendered, ReportFormat
from servicefit.report.palette import palette

if TYPE_CHECKING:
    from rich.console import Console

GROUP_WORDS = {"all": "all of:", "any": "any of:", "not": "not:"}
YES, NO = "✓", "✗"


def _mark(result: bool) -> str:
    return YES if result else NO


def _effects(effects: Mapping[str, float]) -> str:
    return ", ".join(f"{target} {signed(points)}" for target, points in effects.items())


def _answer(kb: KnowledgeBase, field: str | None, actual: Any) -> str:
    question = kb.fact_names.get(field or "") or kb.questions.get(field or "")
    return question.format(actual) if question is not None else str(actual)


def condition_lines(
    node: Trace, kb: KnowledgeBase, depth: int = 0
) -> Iterator[tuple[int, bool, str]]:
    """(indent, result, text) for each part of a traced condition, depth first."""
    if node.kind == "always":
        yield depth, True, "no condition: applies to everyone"
    elif node.kind == "leaf":
        answer = _answer(kb, node.field, node.actual)
        yield depth, node.result, f"{node.text}   (your answer: {answer})"
    else:
        yield depth, node.result, GROUP_WORDS[node.kind]
        for child in node.children:
            yield from condition_lines(child, kb, depth + 1)


def _sections(doc: Explanation) -> list[tuple[str, list[RuleTrace]]]:
    """Rules that moved a score, and the others: those whose condition failed and those that
    held but gave nothing (a graded rule at the start of its grade, a weight of 0)."""
    moved = [r for r in doc.rules if r.moved]
    held = [r for r in doc.rules if r.fired and not r.moved]
    idle = [r for r in doc.rules if not r.fired]
    out = [(f"Rules that moved a score ({len(moved)})", moved)]
    if held:
        out.append((f"Rules that held but gave nothing ({len(held)})", held))
    out.append((f"Rules that did not fire ({len(idle)})", idle))
    return out


def _headline(doc: Explanation, kb: KnowledgeBase) -> list[str]:
    staffing = kb.staffing[doc.staffing].name if doc.staffing else "does not apply"
    return [f"Leading model: {lead_line(doc.lead, kb)}", f"Channel staffing: {staffing}."]


def _change_lines(doc: Explanation) -> list[str]:
    if not doc.counterfactuals:
        return ["No single change to one answer would change the leading model or the staffing."]
    return [sentence(c.effect) for c in doc.counterfactuals]


def draw(doc: Explanation, kb: KnowledgeBase, console: Console) -> None:
    from servicefit.report.console import safe_text

    out = console.print
    title = f"servicefit explain · {doc.input}"
    if doc.model:
        title += f" · rules that touch {doc.model}"
    out(safe_text(title, style="bold"))
    for line in _headline(doc, kb):
        out(safe_text(line))
    for heading, rules in _sections(doc):
        out()
        out(safe_text(heading, style="bold underline"))
        for rule in rules:
            head = safe_text(f"{_mark(rule.fired)} ", style="green" if rule.fired else "red")
            head.append(escape_controls(rule.id), style="bold" if rule.fired else "")
            head.append(f"   {_effects(rule.effects)}", style="" if rule.fired else "dim")
            if rule.weight != 1:
                head.append(f" (weight {rule.weight:g})", style="dim")
            if rule.grade is not None:
                head.append(f" × {rule.factor:.0%} ({rule.grade})", style="dim")
            out(head)
            for depth, result, text in condition_lines(rule.condition, kb):
                part = safe_text("    " + "  " * depth)
                part.append(_mark(result), style="green" if result else "red")
                part.append(escape_controls(f" {text}"))
                out(part)
            if rule.moved:
                out(safe_text(f"    {rule.because}", style="dim"))
                if rule.source:
                    out(safe_text(f"    source: {rule.source}", style="dim italic"))
    for extra in doc.extra_points:
        out()
        out(safe_text(f"Also: {extra.target} {signed(extra.points)}: {extra.because}"))
    out()
    out(safe_text("Totals", style="bold underline"))
    for target, total in doc.totals.items():
        out(
            safe_text(
                f"  {target:<14} {signed(total.points):>6} points   score {total.score:>3}   "
                f"{_rank(total.rank)}"
            )
        )
    out()
    out(safe_text("What would change the advice", style="bold underline"))
    for line in _change_lines(doc):
        out(safe_text(f"  · {line}"))


def _rank(rank: int | None) -> str:
    return "not ranked: the choice does not arise" if rank is None else f"rank {rank}"


def markdown(doc: Explanation, kb: KnowledgeBase) -> str:
    lines = [f"# servicefit explain: {doc.input}", "", *_headline(doc, kb)]
    for heading, rules in _sections(doc):
        lines += ["", f"## {heading}", ""]
        for rule in rules:
            graded = f" × {rule.factor:.0%} ({rule.grade})" if rule.grade is not None else ""
            lines.append(f"- {_mark(rule.fired)} **{rule.id}**: {_effects(rule.effects)}{graded}")
            for depth, result, text in condition_lines(rule.condition, kb):
                lines.append(f"{'  ' * (depth + 1)}- {_mark(result)} {text}")
            if rule.moved and rule.source:
                lines.append(f"  - source: {rule.source}")
    lines += ["", "## Totals", "", "| option | points | score | rank |", "|---|---:|---:|---:|"]
    for target, total in doc.totals.items():
        rank = "–" if total.rank is None else total.rank
        lines.append(f"| {target} | {signed(total.points)} | {total.score} | {rank} |")
    lines += ["", "## What would change the advice", ""]
    lines += [f"- {line}" for line in _change_lines(doc)]
    return "\n".join(lines) + "\n"


def html(doc: Explanation, kb: KnowledgeBase) -> str:
    """The trace as one self-contained page (report/templates/explain.html.j2)."""
    from servicefit import __version__
    from servicefit.report import charts
    from servicefit.report.htmlpage import page

    sections = []
    for heading, rules in _sections(doc):
        items = []
        for rule in rules:
            graded = f" × {rule.factor:.0%} ({rule.grade})" if rule.grade is not None else ""
            items.append(
                {
                    "mark": _mark(rule.fired),
                    "fired": rule.fired,
                    "id": rule.id,
                    "effects": _effects(rule.effects) + graded,
                    "conditions": [
                        {"depth": depth, "mark": _mark(result), "text": text}
                        for depth, result, text in condition_lines(rule.condition, kb)
                    ],
                    "because": rule.because if rule.moved else "",
                    "source": rule.source if rule.moved else "",
                }
            )
        sections.append({"heading": heading, "rules": items})
    totals = [
        {
            "target": target,
            "points": signed(total.points),
            "score": total.score,
            "rank": "–" if total.rank is None else total.rank,
        }
        for target, total in doc.totals.items()
    ]
    view = {
        "title": "servicefit explain",
        "input": doc.input,
        "version": __version__,
        "headline": list(_headline(doc, kb)),
        "sections": sections,
        "totals": totals,
        "changes": list(_change_lines(doc)),
    }
    scored = [(t, total.score) for t, total in doc.totals.items() if t in kb.models]
    chart = charts.bars(
        "totals",
        "Score of each model",
        [kb.models[t].name for t, _ in reversed(scored)],
        [score for _, score in reversed(scored)],
        "Score (0–100)",
        top=100,
        colours=palette([t for t, _ in reversed(scored)], [*kb.models, *kb.staffing]),
    )
    return page("explain.html.j2", view, {"totals": chart})


def render(doc: Explanation, kb: KnowledgeBase, fmt: Format | ReportFormat) -> Rendered:
    if fmt == ReportFormat.html:
        return html(doc, kb)
    if fmt == Format.json:
        from servicefit.report.jsonout import dumps

        return dumps(doc.to_dict())
    if fmt == Format.markdown:
        return markdown(doc, kb)
    return lambda console: draw(doc, kb, console)
