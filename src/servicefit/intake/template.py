"""A commented answers file for users to fill in; it loads as it is."""

from __future__ import annotations

import json
import textwrap

from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.questions import Question


def yaml_value(value: object) -> str:
    """A value written so YAML reads it back unchanged (strings quoted where YAML 1.1 would not)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(str(value)) if _needs_quotes(str(value)) else str(value)


def _needs_quotes(text: str) -> bool:
    import yaml

    return yaml.safe_load(text) != text or text != text.strip() or not text


def _comment(text: str, width: int = 96) -> list[str]:
    return [f"# {line}" for line in textwrap.wrap(text, width - 2)] or ["#"]


def _allowed(question: Question) -> str:
    choices = question.to_dict().get("choices")
    if choices:
        items = [
            c["value"] if c["label"] == c["value"] else f"{c['value']} ({c['label']})"
            for c in choices
        ]
        prefix = "One of" if question.type == "choice" else "Any of"
        return f"{prefix}: " + ", ".join(items)
    return question.describe_allowed().capitalize()


def answers_template(
    kb: KnowledgeBase, header: list[str] | None = None, values: dict | None = None
) -> str:
    lines = (
        header
        if header is not None
        else [
            "# servicefit answers file. Change the values to describe your business; delete a line to use",
            "# its default. Then run: servicefit recommend --answers THIS_FILE",
        ]
    )
    lines = list(lines)
    for section in kb.sections:
        lines += ["", f"# ── {section.title}: {section.purpose}", ""]
        for qid in section.questions:
            question = kb.questions[qid]
            lines += _comment(question.prompt + (f" {question.help}" if question.help else ""))
            lines += _comment(_allowed(question))
            if question.when is not None:
                lines += _comment(
                    "Only asked when another answer makes it relevant; otherwise its default is used."
                )
            if values is not None and qid not in values:  # not answered, or does not apply
                lines.append(f"# {qid}: {yaml_value(question.default)}")
                continue
            value = question.default if values is None else values[qid]
            lines.append(f"{qid}: {yaml_value(value)}")
    return "\n".join(lines) + "\n"
