"""`servicefit models` and `servicefit questions`: what the knowledge base holds."""

from __future__ import annotations

from pathlib import Path

from servicefit.cli.output import emit, write
from servicefit.errors import UsageError
from servicefit.intake.template import answers_template
from servicefit.knowledge.base import KnowledgeBase
from servicefit.report import catalog
from servicefit.report.formats import Format


def models(kb: KnowledgeBase, fmt: Format, output: Path | None) -> int:
    write(catalog.models(kb, fmt), output)
    return 0


def questions(kb: KnowledgeBase, fmt: Format, output: Path | None, template: bool) -> int:
    if template:
        if fmt is not Format.text:
            raise UsageError(
                "--template writes a YAML answers file; it has no --format.",
                hint=f"Drop --format, or drop --template to list the questions as {fmt.value}.",
            )
        emit(answers_template(kb), output)
        return 0
    write(catalog.questions(kb, fmt), output)
    return 0
