"""One prompt for each type of question of the interview (interview.py runs the flow): a list
to pick from, a list to tick, a yes/no that needs Enter, a number; each also answers to Ctrl-B
(back) and ? (don't know), prompt_keys.py."""

from __future__ import annotations

from typing import Any

import questionary
from questionary import Choice

from servicefit.cli.prompt_keys import BACK, HINT, UNKNOWN, ask_with_keys
from servicefit.cli.prompt_values import int_check, parse_int
from servicefit.knowledge.base import FIELD_CHANNELS, KnowledgeBase
from servicefit.knowledge.questions import Question

HELP_STYLE = "fg:ansibrightblack italic"


def say(text: str, style: str = HELP_STYLE, indent: str = "") -> None:
    """Text under or above a prompt, wrapped at word boundaries to the terminal's width (a
    terminal wraps mid-word)."""
    import shutil
    import textwrap

    width = max(20, shutil.get_terminal_size((80, 24)).columns - 1)
    for line in textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent) or [""]:
        questionary.print(line, style=style)


def ask_question(question: Question, current: Any, where: str) -> Any:
    """The answer, or BACK (Ctrl-B) or UNKNOWN (?): prompt_keys.py."""
    help_line = f"{question.help}  ({HINT})" if question.help else f"({HINT})"
    say(help_line, indent="  ")
    message = question.prompt + (f" ({question.unit.strip()})" if question.unit.strip() else "")
    qmark = f"[{where}]"
    if question.type == "choice":
        choices = [
            Choice(c.label, value=c.value, description=c.help or None) for c in question.choices
        ]
        default = next((c for c in choices if c.value == current), choices[0])
        return ask_with_keys(
            questionary.select(message, choices=choices, default=default, qmark=qmark)
        )
    if question.type == "multiselect":
        chosen = set(current or [])
        choices = [
            Choice(c.label, value=c.value, checked=c.value in chosen, description=c.help or None)
            for c in question.choices
        ]
        least = question.min or 0
        picked = ask_with_keys(
            questionary.checkbox(
                message,
                choices=choices,
                qmark=qmark,
                instruction="(Space to tick, Enter to go on)",
                validate=lambda ticked: len(ticked) >= least or f"Tick at least {least}.",
            )
        )
        if picked in (BACK, UNKNOWN):
            return picked
        return [v for v in question.values if v in picked]  # the declared order
    if question.type == "bool":
        return ask_with_keys(yes_no_question(message, bool(current), qmark))
    text = ask_with_keys(
        questionary.text(message, default=str(current), validate=int_check(question), qmark=qmark)
    )
    return text if text in (BACK, UNKNOWN) else parse_int(text)


def yes_no_question(message: str, default: bool, qmark: str = "?") -> Any:
    """A yes/no answered with y or n and then Enter (Enter alone keeps the default): a key
    alone must not answer it, or its Enter would answer the next question too."""
    return questionary.confirm(
        message,
        default=default,
        qmark=qmark,
        auto_enter=False,
        instruction=f"({'Y/n' if default else 'y/N'}, then Enter)",
    )


def measurable(kb: KnowledgeBase) -> frozenset[str]:
    """The answers a ticket audit can measure (rules/audit/measures.yaml), if the rule set has
    an audit."""
    from servicefit.knowledge.audit import audit_root, load_audit_rules
    from servicefit.knowledge.base import choice_values

    root = audit_root(kb.root)
    if root is None:
        return frozenset()
    return frozenset(load_audit_rules(root, choice_values(kb.questions, FIELD_CHANNELS)).evidence)
