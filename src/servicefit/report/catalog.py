"""What a knowledge base holds, for people and programs: `models` and `questions`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from servicefit.knowledge.base import KnowledgeBase, Model
from servicefit.messages import escape_controls
from servicefit.report.formats import Format, Rendered
from servicefit.report.jsonout import dumps

if TYPE_CHECKING:
    from rich.console import Console


def model_dict(model: Model) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": model.id,
        "name": model.name,
        "summary": model.summary,
        "good_for": list(model.good_for),
        "how_it_works": list(model.how_it_works),
        "prerequisites": [p.message for p in model.prerequisites],
    }
    if model.pool:
        out["blend"] = {
            "pool": model.pool,
            "role": model.role,
            "channels": [*model.own_channels, *model.channels],
        }
    return out


def _models_markdown(kb: KnowledgeBase) -> str:
    lines = ["# Customer-service models", ""]
    for group, title in ((kb.models, "Models"), (kb.staffing, "Channel staffing")):
        lines += [f"## {title}", ""]
        for m in group.values():
            lines += [f"### {m.name} (`{m.id}`)", "", m.summary, "", "Good for:", ""]
            lines += [f"- {g}" for g in m.good_for] + [""]
    return "\n".join(lines)


def _draw_models(kb: KnowledgeBase, console: Console) -> None:
    from rich.text import Text

    from servicefit.report.console import safe_text

    for group, title in (
        (kb.models, "The eight customer-service models"),
        (kb.staffing, "Channel staffing"),
    ):
        console.print(safe_text(title, style="bold underline"))
        for m in group.values():
            console.print(
                Text.assemble(
                    (escape_controls(m.name), "bold"), (escape_controls(f"  {m.id}"), "dim")
                )
            )
            console.print(safe_text(f"  {m.summary}"))
            for g in m.good_for:
                console.print(safe_text(f"  good for: {g}"))
        console.print()


def models(kb: KnowledgeBase, fmt: Format) -> Rendered:
    if fmt is Format.json:
        return dumps(
            {
                "models": [model_dict(m) for m in kb.models.values()],
                "staffing": [model_dict(s) for s in kb.staffing.values()],
            }
        )
    if fmt is Format.markdown:
        return _models_markdown(kb)
    return lambda console: _draw_models(kb, console)


def _questions_markdown(kb: KnowledgeBase) -> str:
    lines = ["# servicefit questions", ""]
    for section in kb.sections:
        lines += [
            f"## {section.title}",
            "",
            section.purpose,
            "",
            "| id | type | allowed | default | question |",
            "|---|---|---|---|---|",
        ]
        for qid in section.questions:
            q = kb.questions[qid]
            lines.append(
                f"| `{q.id}` | {q.type} | {q.describe_allowed()} | {q.format(q.default)} | {q.prompt} |"
            )
        lines.append("")
    return "\n".join(lines)


def _draw_questions(kb: KnowledgeBase, console: Console) -> None:
    from rich.table import Table

    from servicefit.report.console import safe_text

    for section in kb.sections:
        console.print(safe_text(f"{section.title}: {section.purpose}", style="bold underline"))
        table = Table(box=None, pad_edge=False, header_style="bold", show_lines=False)
        for column in ("id", "type", "allowed", "default", "help"):
            table.add_column(column, overflow="fold")
        for qid in section.questions:
            q = kb.questions[qid]
            allowed = q.describe_allowed().replace("one of: ", "").replace("a list of: ", "")
            help_text = q.prompt + (f" {q.help}" if q.help else "")
            if q.when is not None:
                help_text += f" (asked only when relevant: reads {', '.join(q.reads)})"
            table.add_row(
                safe_text(q.id, style="bold"),
                safe_text(q.type),
                safe_text(allowed),
                safe_text(q.format(q.default)),
                safe_text(help_text),
            )
        console.print(table)
        console.print()


def questions(kb: KnowledgeBase, fmt: Format) -> Rendered:
    if fmt is Format.json:
        return dumps(
            {
                "sections": [
                    {
                        "id": s.id,
                        "title": s.title,
                        "purpose": s.purpose,
                        "questions": [kb.questions[q].to_dict() for q in s.questions],
                    }
                    for s in kb.sections
                ]
            }
        )
    if fmt is Format.markdown:
        return _questions_markdown(kb)
    return lambda console: _draw_questions(kb, console)
