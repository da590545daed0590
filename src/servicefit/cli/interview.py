"""The guided interview: questionary prompts over the questions in rules/.

The only module that imports questionary (and with it prompt_toolkit), so the batch and JSON
paths never load them. Every answer is written to a resume file as soon as it is given; the
caller removes that file once the interview has finished.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import questionary
from questionary import Choice, Separator

from servicefit.cli.prompt_keys import BACK, UNKNOWN
from servicefit.cli.prompt_values import (
    currency_check,
    fraction_check,
    number_check,
    to_fraction,
    to_number,
    to_seconds,
)
from servicefit.cli.question_prompts import (
    HELP_STYLE,
    ask_question,
    measurable,
    say,
    yes_no_question,
)
from servicefit.errors import AnswersError
from servicefit.intake.plan import applicable, progress, without_inapplicable
from servicefit.intake.resume import ResumeFile
from servicefit.intake.workload import WORKLOAD_KEYS, parse_workload
from servicefit.knowledge.base import FIELD_CHANNELS, KnowledgeBase
from servicefit.knowledge.questions import Question
from servicefit.knowledge.wording import percent
from servicefit.knowledge.workforce import SETTING_KEYS, VolumePrompts
from servicefit.staffing.workload import PERIODS

DONE = "__done__"
VOLUMES = "__volumes__"
HEADING_STYLE = "bold underline"


class Interview:
    """One interview: the answers so far, persisted to `resume` after every change."""

    def __init__(self, kb: KnowledgeBase, answers: dict[str, Any], resume: ResumeFile):
        self.kb = kb
        self.answers = dict(answers)
        self.resume = resume
        self._section: str | None = None
        self.unknown: list[str] = []  # answered "don't know": their defaults stand
        self._asked: list[str] = []  # this session's questions, for Ctrl-B
        self._earlier: dict[str, Any] = {}  # answers taken back by Ctrl-B, preselected again
        self._measurable: frozenset[str] | None = None

    # ---- the flow (commands/ask.py runs the steps) ------------------------------------------

    def ask_unanswered(self) -> None:
        """Ask each applicable question without an answer, in order, until none is left; Ctrl-B
        goes back to the one asked before (its answer preselected), ? leaves one unknown."""
        while True:
            pending = [
                q
                for q in applicable(self.kb, self.answers)
                if q.id not in self.answers and q.id not in self.unknown
            ]
            if not pending:
                return
            question = pending[0]
            value = self.ask(question)
            if value == BACK and self._asked:
                previous = self._asked.pop()
                self._earlier[previous] = self.answers.pop(previous, None)
                if previous in self.unknown:
                    self.unknown.remove(previous)
                self._section = None
            elif value == BACK:
                questionary.print("  This is the first question.", style=HELP_STYLE)
            else:
                self._asked.append(question.id)

    def ask(self, question: Question) -> Any:
        section = question.section
        if section != self._section:
            self._section = section
            info = next(s for s in self.kb.sections if s.id == section)
            questionary.print("")
            questionary.print(info.title, style=HEADING_STYLE)
            say(info.purpose)
        current = self.answers.get(question.id, question.default)
        if self._earlier.get(question.id) is not None:  # back here: the answer it had
            current = self._earlier.pop(question.id)
        where = progress(self.kb, self.answers, question.id, self.unknown)
        value = ask_question(question, current, where)
        if value == UNKNOWN:
            self.say_unknown(question)
        elif value != BACK:
            self.record(question.id, value)
        return value

    def _shown(self, question: Question) -> str:
        if question.id in self.answers:
            return question.format(self.answers[question.id])
        return f"don't know ({question.format(question.default)})"

    def measurable(self) -> frozenset[str]:
        """What a ticket audit can measure: read from the audit's rules once, when asked."""
        if self._measurable is None:
            self._measurable = measurable(self.kb)
        return self._measurable

    def say_unknown(self, question: Question) -> None:
        """A "don't know": the default stands (the report lists it), and where a ticket audit
        can measure the answer, the interview says so."""
        self.answers.pop(question.id, None)
        self.answers = without_inapplicable(self.kb, self.answers)
        self.resume.save(self.kb, self.answers)
        if question.id not in self.unknown:
            self.unknown.append(question.id)
        note = f"  Unknown: the default ({question.format(question.default)}) stands."
        if question.id in self.measurable():
            note += " `servicefit audit EXPORT` can measure it from your ticket history."
        say(note.strip(), indent="  ")

    def record(self, qid: str, value: Any) -> None:
        self.answers[qid] = value
        self.answers = without_inapplicable(self.kb, self.answers)
        self.resume.save(self.kb, self.answers)

    def review(self) -> None:
        """List every answer by section; pick one to change it; confirm to go on."""
        while True:
            plan = applicable(self.kb, self.answers)
            choices: list[Any] = [Choice("These are right: show my recommendation", value=DONE)]
            for section in self.kb.sections:
                shown = [q for q in plan if q.id in section.questions]
                if not shown:
                    continue
                choices.append(Separator(f"── {section.title}"))
                choices += [  # the answer first: on a narrow terminal the question's end is cut
                    Choice(f"{self._shown(q)}  ←  {q.prompt}", value=q.id) for q in shown
                ]
            if any(k in self.answers for k in WORKLOAD_KEYS):
                choices.append(Separator("── Volumes"))
                choices.append(
                    Choice(f"{_volumes_summary(self.answers)}  →  change", value=VOLUMES)
                )
            questionary.print("")
            picked = questionary.select(
                "Review your answers. Pick one to change it, or go on.",
                choices=choices,
                qmark="✔",
                instruction="(arrows to move, Enter to pick)",
            ).unsafe_ask()
            if picked == DONE:
                return
            if picked == VOLUMES:
                self.change_volumes()
                continue
            self._section = None
            self.ask(self.kb.questions[picked])
            self.ask_unanswered()  # questions the change made relevant

    def ask_volumes(self) -> None:
        settings = self.kb.workforce.interview
        if settings is None:
            return
        questionary.print("")
        questionary.print(settings.title, style=HEADING_STYLE)
        say(settings.purpose)
        if not yes_no(settings.offer, False):
            return
        self._volume_prompts(settings)

    def finish_volumes(self) -> None:
        """On resume: volumes begun but not given for every channel served (an interview
        stopped half-way through them) are asked again, from what is there, never dropped."""
        settings = self.kb.workforce.interview
        volumes = self.answers.get("volumes")
        if settings is None or not isinstance(volumes, dict):
            return
        missing = [c for c in self.answers.get(FIELD_CHANNELS, []) if c not in volumes]
        if missing:
            names = ", ".join(self.kb.channel_label(c) for c in missing)
            questionary.print(f"The volumes were not finished ({names} to go): going on.")
            self._volume_prompts(settings)

    def change_volumes(self) -> None:
        """At the review: go through the volumes again from what they are, or drop them."""
        settings = self.kb.workforce.interview
        if settings is None:
            return
        picked = questionary.select(
            settings.change,
            choices=[
                Choice("Change them", value="change"),
                Choice("Remove them (no agent numbers)", value="remove"),
                Choice("Keep them as they are", value="keep"),
            ],
        ).unsafe_ask()
        if picked == "change":
            self._volume_prompts(settings)
        elif picked == "remove":
            for key in WORKLOAD_KEYS:
                self.answers.pop(key, None)
            self.resume.save(self.kb, self.answers)

    def _volume_prompts(self, settings: VolumePrompts) -> None:
        """One channel after another, then the team's shrinkage, occupancy cap and cost. What
        is already answered is preselected; a channel given as a week or daily totals keeps
        that profile and is asked only its handle time, target and concurrency."""
        before = self.answers.get("volumes") or {}
        volumes: dict[str, dict[str, Any]] = {}
        for channel in self.answers.get(FIELD_CHANNELS, []):
            label = self.kb.channel_label(channel)
            defaults = settings.channel_defaults[channel]  # workforce.yaml covers every channel
            current = {**defaults, **before.get(channel, {})}
            prompts = {k: v.replace("{channel}", label) for k, v in settings.prompts.items()}
            entry = {k: v for k, v in current.items() if k not in ("contacts", "per")}
            if not any(k in current for k in ("week", "daily")):  # the unit before the amount
                per = current["per"] if current["per"] in PERIODS else defaults["per"]
                entry["per"] = questionary.select(
                    prompts["per"], choices=list(PERIODS), default=per
                ).unsafe_ask()
                entry["contacts"] = _number(
                    prompts["contacts"].replace("{per}", entry["per"]), current["contacts"]
                )
            entry["aht"] = _number(prompts["aht"], current["aht"], duration=True)
            entry["target"] = questionary.text(
                prompts["target"],
                default=str(current.get("target", defaults["target"])),
                validate=self._target_check(channel, entry),
            ).unsafe_ask()
            if "concurrency" in defaults:
                levels = [str(level) for level in sorted(self.kb.workforce.concurrency_factors)]
                chosen = str(current.get("concurrency", defaults["concurrency"]))
                entry["concurrency"] = int(
                    questionary.select(
                        prompts["concurrency"],
                        choices=levels,
                        default=chosen if chosen in levels else levels[0],
                    ).unsafe_ask()
                )
            volumes[channel] = entry
            self.answers["volumes"] = volumes
            self.resume.save(self.kb, self.answers)
        for key in SETTING_KEYS:
            preselected = (  # the sizing default: the same shrinkage as without the interview
                self.kb.workforce.sizing.shrinkage if key == "shrinkage" else settings.defaults[key]
            )
            current = self.answers.get(key, preselected)
            text = questionary.text(
                settings.prompts[key],
                default=percent(current) if current is not None else "",
                validate=fraction_check(optional=key == "max_occupancy"),
            ).unsafe_ask()
            if text.strip():
                self.record(key, to_fraction(text))
            else:
                self.answers.pop(key, None)
        currency = questionary.text(
            settings.prompts["currency"],
            default=str(self.answers.get("currency", "")),
            validate=currency_check,
        ).unsafe_ask()
        if currency.strip():
            self.record("currency", currency.strip().upper())
        else:
            self.answers.pop("currency", None)
        unit = f" in {self.answers['currency']}" if "currency" in self.answers else ""
        cost = questionary.text(
            settings.prompts["agent_cost_per_hour"].replace("{currency}", unit),
            default=str(self.answers.get("agent_cost_per_hour", "")),
            validate=number_check(optional=True),
        ).unsafe_ask()
        if cost.strip():
            self.record("agent_cost_per_hour", to_number(cost))
        else:
            self.answers.pop("agent_cost_per_hour", None)
        self.resume.save(self.kb, self.answers)

    def _target_check(self, channel: str, entry: dict[str, Any]) -> Callable[[str], bool | str]:
        channels = (
            self.kb.questions[FIELD_CHANNELS].values if FIELD_CHANNELS in self.kb.questions else []
        )

        def check(text: str) -> bool | str:
            try:
                parse_workload(  # the concurrency is asked next: any supported level passes here
                    {"volumes": {channel: {**entry, "target": text.strip()}}},
                    "<interview>",
                    [*channels, channel],
                    sorted(self.kb.workforce.concurrency_factors),
                )
            except AnswersError as exc:  # shown under the prompt until the user fixes it
                return exc.message
            return True

        return check


def _volumes_summary(answers: dict[str, Any]) -> str:
    """'phone 100/30m · email 200/1d · shrinkage 30%': the volumes in one review line."""
    parts = []
    for channel, entry in (answers.get("volumes") or {}).items():
        if "week" in entry:
            parts.append(f"{channel} a week of intervals")
        elif "daily" in entry:
            parts.append(f"{channel} daily totals")
        else:
            parts.append(f"{channel} {entry.get('contacts')}/{entry.get('per')}")
    for key in SETTING_KEYS:
        if isinstance(answers.get(key), (int, float)):
            parts.append(f"{key.replace('_', ' ')} {percent(answers[key])}")
    return " · ".join(parts) or "none"


def _number(message: str, default: float, duration: bool = False) -> int | float:
    check = number_check(optional=False, duration=duration)
    text = questionary.text(message, default=str(default), validate=check).unsafe_ask()
    return to_seconds(text) if duration else to_number(text)


# ---- the terminal ------------------------------------------------------------------------------


def can_prompt() -> bool:
    """A terminal to ask on: stdin is a TTY, or a caller (a test) set prompt_toolkit's input."""
    import sys

    from prompt_toolkit.application import get_app_session

    return sys.stdin.isatty() or getattr(get_app_session(), "_input", None) is not None


def prompt_session() -> contextlib.AbstractContextManager[object]:
    """Where prompts draw: the terminal, or stderr when stdout is redirected (so that a JSON
    report on stdout never carries prompt text or control codes)."""
    import sys

    from prompt_toolkit.application import create_app_session, get_app_session
    from prompt_toolkit.output import create_output

    if sys.stdout.isatty() or getattr(get_app_session(), "_output", None) is not None:
        return contextlib.nullcontext()
    return create_app_session(output=create_output(stdout=sys.stderr))


def yes_no(message: str, default: bool, qmark: str = "?") -> bool:
    return bool(yes_no_question(message, default, qmark).unsafe_ask())


def confirm(message: str, default: bool) -> bool:
    return yes_no(message, default)


def pick(message: str, options: list[str]) -> str:
    return str(questionary.select(message, choices=options).unsafe_ask())


def ask_path(message: str, default: str) -> str:
    return str(questionary.text(message, default=default).unsafe_ask())
