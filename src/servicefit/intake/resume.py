"""The interview's pure parts: which questions apply, progress, and the files it writes.

No terminal here: interview.py draws the prompts. An interview's state is a plain answers
mapping, written after every answer to a resume file that is itself a normal answers file.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from servicefit import __version__
from servicefit.intake.answers import apply_answers
from servicefit.intake.template import answers_template, yaml_value
from servicefit.intake.workload import CHANNEL_KEYS, WORKLOAD_KEYS
from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.questions import Question
from servicefit.yamlio.files import atomic_write

RESUME_NAME = "interview.yaml"


def applicable(kb: KnowledgeBase, answers: Mapping[str, Any]) -> list[Question]:
    """The questions that apply given the answers so far (defaults stand in for the rest)."""
    skipped = set(apply_answers(dict(answers), kb).skipped)
    return [question for qid, question in kb.questions.items() if qid not in skipped]


def without_inapplicable(kb: KnowledgeBase, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers minus those to questions that no longer apply (workload keys kept)."""
    keep = {q.id for q in applicable(kb, answers)}
    return {k: v for k, v in answers.items() if k in keep or k in WORKLOAD_KEYS}


def progress(kb: KnowledgeBase, answers: Mapping[str, Any], qid: str) -> str:
    """'Team · 9 of 24': the section, and the place among the questions that apply now."""
    plan = [q.id for q in applicable(kb, answers)]
    section = next(s.title for s in kb.sections if qid in s.questions)
    return f"{section} · {plan.index(qid) + 1} of {len(plan)}"


def default_resume_path() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "servicefit" / RESUME_NAME


def answers_text(kb: KnowledgeBase, answers: Mapping[str, Any], header: list[str]) -> str:
    """A normal answers file: each answer given, questions not answered left as comments."""
    text = answers_template(kb, header, dict(answers))
    workload = [k for k in WORKLOAD_KEYS if k in answers]
    if not workload:
        return text
    lines = ["", "# ── Volumes"]
    for key in workload:
        value = answers[key]
        if key == "volumes":
            lines.append("volumes:")
            for channel, entry in value.items():
                fields = ", ".join(
                    f"{k}: {yaml_value(entry[k])}" for k in CHANNEL_KEYS if k in entry
                )
                lines.append(f"  {channel}: {{{fields}}}")
        else:
            lines.append(f"{key}: {yaml_value(value)}")
    return text + "\n".join(lines) + "\n"


def save_answers(kb: KnowledgeBase, answers: Mapping[str, Any], path: Path) -> None:
    header = [
        f"# servicefit answers, saved from the interview by servicefit {__version__}.",
        f"# Run it again with: servicefit recommend --answers {path.name}",
    ]
    atomic_write(path, answers_text(kb, answers, header))


def write_resume(kb: KnowledgeBase, answers: Mapping[str, Any], path: Path) -> None:
    header = [
        "# An unfinished servicefit interview: the answers given so far.",
        f"# Continue it with: servicefit recommend --resume {path}",
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, answers_text(kb, answers, header))
