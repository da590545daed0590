"""`servicefit models` and `servicefit questions`: what the knowledge base holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from servicefit.cli.output import Format, emit, emit_json, render_rich
from servicefit.intake.template import answers_template
from servicefit.knowledge.base import KnowledgeBase, Model
from servicefit.knowledge.questions import Question


def _model_dict(model: Model) -> dict[str, Any]:
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


def question_dict(q: Question) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": q.id,
        "section": q.section,
        "type": q.type,
        "prompt": q.prompt,
        "help": q.help,
        "default": q.default,
    }
    if q.choices:
        out["choices"] = [
            {"value": c.value, "label": c.label, **({"help": c.help} if c.help else {})}
            for c in q.choices
        ]
    if q.type == "int":
        out["min"], out["max"] = q.min, q.max
        if q.unit:
            out["unit"] = q.unit
    if q.when is not None:
        out["asked_when"] = q.reads
    return out


def models(kb: KnowledgeBase, fmt: Format, output: Path | None) -> int:
    if fmt is Format.json:
        emit_json(
            {
                "models": [_model_dict(m) for m in kb.models.values()],
                "staffing": [_model_dict(s) for s in kb.staffing.values()],
            },
            output,
        )
        return 0
    if fmt is Format.markdown:
        lines = ["# Customer-service models", ""]
        for group, title in ((kb.models, "Models"), (kb.staffing, "Channel staffing")):
            lines += [f"## {title}", ""]
            for m in group.values():
                lines += [f"### {m.name} (`{m.id}`)", "", m.summary, "", "Good for:", ""]
                lines += [f"- {g}" for g in m.good_for] + [""]
        emit("\n".join(lines), output)
        return 0

    def draw(console) -> None:
        from rich.text import Text

        for group, title in (
            (kb.models, "The eight customer-service models"),
            (kb.staffing, "Channel staffing"),
        ):
            console.print(Text(title, style="bold underline"))
            for m in group.values():
                console.print(Text.assemble((f"{m.name}", "bold"), (f"  {m.id}", "dim")))
                console.print(f"  {m.summary}")
                for g in m.good_for:
                    console.print(f"  good for: {g}")
            console.print()

    render_rich(draw, output)
    return 0


def questions(kb: KnowledgeBase, fmt: Format, output: Path | None, template: bool) -> int:
    if template:
        emit(answers_template(kb), output)
        return 0
    if fmt is Format.json:
        emit_json(
            {
                "sections": [
                    {
                        "id": s.id,
                        "title": s.title,
                        "purpose": s.purpose,
                        "questions": [question_dict(kb.questions[q]) for q in s.questions],
                    }
                    for s in kb.sections
                ]
            },
            output,
        )
        return 0

    def draw(console) -> None:
        from rich.table import Table
        from rich.text import Text

        for section in kb.sections:
            console.print(Text(f"{section.title}: {section.purpose}", style="bold underline"))
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
                    Text(q.id, style="bold"), q.type, allowed, q.format(q.default), help_text
                )
            console.print(table)
            console.print()

    if fmt is Format.markdown:
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
        emit("\n".join(lines), output)
        return 0
    render_rich(draw, output)
    return 0
