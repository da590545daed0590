"""Drawing an explanation (see explanation.py) as terminal text or Markdown."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich.console import Console
from rich.text import Text

from servicefit.knowledge.base import KnowledgeBase
from servicefit.report.common import sentence, signed
from servicefit.report.formats import Format, Rendered

GROUP_WORDS = {"all": "all of:", "any": "any of:", "not": "not:"}
YES, NO = "✓", "✗"


def _mark(result: bool) -> str:
    return YES if result else NO


def _effects(effects: dict[str, float]) -> str:
    return ", ".join(f"{target} {signed(points)}" for target, points in effects.items())


def _answer(kb: KnowledgeBase, field: str, actual: Any) -> str:
    question = kb.fact_names.get(field) or kb.questions.get(field)
    return question.format(actual) if question is not None else str(actual)


def condition_lines(
    node: dict[str, Any], kb: KnowledgeBase, depth: int = 0
) -> Iterator[tuple[int, bool, str]]:
    """(indent, result, text) for each part of a traced condition, depth first."""
    kind = node["kind"]
    if kind == "always":
        yield depth, True, "no condition: applies to everyone"
    elif kind == "leaf":
        yield (
            depth,
            node["result"],
            f"{node['text']}   (your answer: {_answer(kb, node['field'], node['actual'])})",
        )
    else:
        yield depth, node["result"], GROUP_WORDS[kind]
        for child in node.get("children", []):
            yield from condition_lines(child, kb, depth + 1)


def _sections(doc: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    fired = [r for r in doc["rules"] if r["fired"]]
    idle = [r for r in doc["rules"] if not r["fired"]]
    return [
        (f"Rules that fired ({len(fired)})", fired),
        (f"Rules that did not fire ({len(idle)})", idle),
    ]


def _headline(doc: dict[str, Any], kb: KnowledgeBase) -> list[str]:
    lead = doc["lead"]
    top = kb.models[doc["top_model"]].name
    return [
        f"Leading model: {top}, ahead of {kb.models[lead['runner_up']].name} by "
        f"{lead['margin']} points ({lead['label']}).",
        f"Channel staffing: {kb.staffing[doc['staffing']].name}.",
    ]


def _change_lines(doc: dict[str, Any]) -> list[str]:
    if not doc["counterfactuals"]:
        return ["No single change to one answer would change the leading model or the staffing."]
    return [sentence(c["effect"]) for c in doc["counterfactuals"]]


def render(doc: dict[str, Any], kb: KnowledgeBase, console: Console) -> None:
    out = console.print
    title = f"servicefit explain · {doc['input']}"
    if doc["model"]:
        title += f" · rules that touch {doc['model']}"
    out(Text(title, style="bold"))
    for line in _headline(doc, kb):
        out(line)
    for heading, rules in _sections(doc):
        out()
        out(Text(heading, style="bold underline"))
        for rule in rules:
            line = Text(f"{_mark(rule['fired'])} ", style="green" if rule["fired"] else "red")
            line.append(rule["id"], style="bold" if rule["fired"] else "")
            line.append(f"   {_effects(rule['effects'])}", style="" if rule["fired"] else "dim")
            if rule["weight"] != 1:
                line.append(f" (weight {rule['weight']:g})", style="dim")
            out(line)
            for depth, result, text in condition_lines(rule["condition"], kb):
                part = Text("    " + "  " * depth)
                part.append(_mark(result), style="green" if result else "red")
                part.append(f" {text}")
                out(part)
            if rule["fired"]:
                out(Text(f"    {rule['because']}", style="dim"))
    for extra in doc["extra_points"]:
        out()
        out(Text(f"Also: {extra['target']} {signed(extra['points'])}: {extra['because']}"))
    out()
    out(Text("Totals", style="bold underline"))
    for target, total in doc["totals"].items():
        out(
            f"  {target:<14} {signed(total['points']):>6} points   score {total['score']:>3}   rank {total['rank']}"
        )
    out()
    out(Text("What would change the advice", style="bold underline"))
    for line in _change_lines(doc):
        out(f"  · {line}")


def render_markdown(doc: dict[str, Any], kb: KnowledgeBase) -> str:
    title = f"# servicefit explain: {doc['input']}"
    lines = [title, "", *_headline(doc, kb)]
    for heading, rules in _sections(doc):
        lines += ["", f"## {heading}", ""]
        for rule in rules:
            lines.append(f"- {_mark(rule['fired'])} **{rule['id']}**: {_effects(rule['effects'])}")
            for depth, result, text in condition_lines(rule["condition"], kb):
                lines.append(f"{'  ' * (depth + 1)}- {_mark(result)} {text}")
    lines += ["", "## Totals", "", "| option | points | score | rank |", "|---|---:|---:|---:|"]
    for target, total in doc["totals"].items():
        lines.append(
            f"| {target} | {signed(total['points'])} | {total['score']} | {total['rank']} |"
        )
    lines += ["", "## What would change the advice", ""]
    lines += [f"- {line}" for line in _change_lines(doc)]
    return "\n".join(lines) + "\n"


def render_document(doc: dict[str, Any], kb: KnowledgeBase, fmt: Format) -> Rendered:
    if fmt is Format.json:
        from servicefit.report.jsonout import dumps

        return dumps(doc)
    if fmt is Format.markdown:
        return render_markdown(doc, kb)
    return lambda console: render(doc, kb, console)
