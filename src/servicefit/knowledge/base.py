"""The knowledge base: every piece of domain knowledge, as typed parts loaded from a rules folder.

Nothing here knows a model name or a threshold; loader.py reads them from YAML and checks that
the parts fit together (rules name real models, conditions name real questions, texts quote
real answers) so that a broken rule set fails at load time with a file and line.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from servicefit.knowledge.conditions import Condition
from servicefit.knowledge.questions import Choice, Question, Section
from servicefit.knowledge.rules import Rule
from servicefit.knowledge.workforce import WorkforceSettings
from servicefit.yamlio.located import Mark

POOLS = ("automated", "human")
# How much a model relies on people rather than automation: advice should move one way along
# this scale as a number answer grows (more routine contacts: toward automation).
RELIANCE = ("people", "mixed", "automation")
# Facts of the result that warnings and next steps may read, besides the answers.
FACT_TOP_MODEL = "top_model"
FACT_STAFFING = "staffing"
FACT_AUTOMATED = "automated_share"
FACT_LEADER_IN_BLEND = "leader_in_blend"
FACT_BLEND_MODELS = "blend_models"
FACT_LEADER_READY = "leader_ready"
# Answers the engine itself reads, beyond the rules: ids from the public answer contract.
FIELD_ROUTINE = "routine_share"
FIELD_CHANNELS = "channels"
FIELD_COVERAGE = "coverage"
FIELD_MONTHLY = "monthly_contacts"
FIELD_TEAM = "team_size"


def choice_values(questions: Mapping[str, Question], qid: str) -> list[str]:
    """The allowed values of a choice or multiselect question; none when the rule set lacks it."""
    return questions[qid].values if qid in questions else []


class Prerequisite(NamedTuple):
    requires: Condition
    message: str


class Model(NamedTuple):
    id: str
    name: str
    summary: str
    good_for: tuple[str, ...]
    how_it_works: tuple[str, ...]
    prerequisites: tuple[Prerequisite, ...] = ()
    pool: str | None = None
    role: str = ""
    channels: tuple[str, ...] = ()
    own_channels: tuple[str, ...] = ()
    mark: Mark | None = None  # where it is declared
    reliance: str = ""  # models only: people, mixed or automation
    blend_unless: Condition | None = None  # while it holds, the model takes no share of a blend


class Step(NamedTuple):
    """A conditional piece of text or number: containment steps, warnings, next steps."""

    id: str
    when: Condition
    text: str
    value: float = 0.0
    covered_by: str = ""  # next steps: the roadmap phase that carries it (then left out)


class Phase(NamedTuple):
    """A phase of the implementation roadmap (rules/roadmap.yaml)."""

    id: str
    title: str
    after: tuple[str, ...]  # phases that come first
    when: Condition
    steps: tuple[Step, ...]
    measures: tuple[Step, ...]


class BlendSettings(NamedTuple):
    max_automated_share: float
    max_containment: float
    score_floor: float
    min_share: float
    max_components: Mapping[str, int]
    containment: tuple[Step, ...]


class ReportSettings(NamedTuple):
    """How much the reports show (scoring.yaml's `report`)."""

    leading_models: int
    reasons_per_model: int
    what_would_change: int


class LeadSettings(NamedTuple):
    """How a lead is judged, on rule points (scores are a compressed view of them)."""

    close_call_points: float  # a lead smaller than this is a close call
    clear_fit_points: float  # a leader with fewer points than this is no clear fit


class StaffingChoice(NamedTuple):
    """When shared versus dedicated is a question at all, and how a tie is broken."""

    applies: Condition
    not_applicable: tuple[Step, ...]  # why not, the first whose condition holds
    tie_option: str  # on equal points: this option when tie_when holds, else the other
    tie_when: Condition
    tie_text: str


NO_GROUPS: Mapping[str, int] = {}


class RuleGroup(NamedTuple):
    """Rules that read one underlying fact: together they give a target at most `cap` points
    either way, and the steps of `scaled` whose condition holds multiply what they give."""

    id: str
    rules: tuple[str, ...]
    cap: float
    scaled: tuple[Step, ...] = ()  # value: the factor


class ScoringSettings(NamedTuple):
    scale: float
    lead: LeadSettings
    staffing: StaffingChoice
    report: ReportSettings
    groups: tuple[RuleGroup, ...] = ()
    group_of: Mapping[str, int] = NO_GROUPS  # a grouped rule's id -> its group (a dict: pickled)
    # the rules a sizing of the answers' volumes replaces (the team-size rule of thumb)
    sized_instead: frozenset[str] = frozenset()


class Advice(NamedTuple):
    warnings: tuple[Step, ...]
    next_steps: tuple[Step, ...]


class KnowledgeBase(NamedTuple):
    """The whole rule set, built once from finished parts (a NamedTuple: it costs a seventh of
    a frozen dataclass to define, on every start-up)."""

    root: Path
    sections: tuple[Section, ...]
    questions: Mapping[str, Question]
    models: Mapping[str, Model]
    staffing: Mapping[str, Model]
    rules: tuple[Rule, ...]
    blend: BlendSettings
    warnings: tuple[Step, ...]
    next_steps: tuple[Step, ...]
    scoring: ScoringSettings
    workforce: WorkforceSettings
    # the questions plus the result facts, for warnings and next steps
    fact_names: Mapping[str, Question]
    # where the rule set's test cases live, if it has any (`servicefit rules test`)
    cases_dir: Path | None = None
    # the implementation roadmap's phases (rules/roadmap.yaml; empty without one)
    roadmap: tuple[Phase, ...] = ()

    @property
    def targets(self) -> list[str]:
        return [*self.models, *self.staffing]

    @property
    def score_scale(self) -> float:
        return self.scoring.scale

    @property
    def lead(self) -> LeadSettings:
        return self.scoring.lead

    @property
    def staffing_choice(self) -> StaffingChoice:
        return self.scoring.staffing

    @property
    def report(self) -> ReportSettings:
        return self.scoring.report

    def channel_label(self, channel: str) -> str:
        """How the channels question names a channel ("social media"); the id otherwise."""
        question = self.questions.get(FIELD_CHANNELS)
        return question.label(channel) if question and channel in question.values else channel


def fact_questions(
    questions: Mapping[str, Question], models: Mapping[str, Model], staffing: Mapping[str, Model]
) -> dict[str, Question]:
    """The questions plus the result facts that advice texts and conditions may read."""
    facts = {
        FACT_TOP_MODEL: Question(
            FACT_TOP_MODEL,
            "choice",
            "leading model",
            "",
            "facts",
            None,
            tuple(Choice(m.id, m.name) for m in models.values()),
        ),
        FACT_STAFFING: Question(
            FACT_STAFFING,
            "choice",
            "channel staffing",
            "",
            "facts",
            None,
            tuple(Choice(s.id, s.name) for s in staffing.values()),
        ),
        FACT_AUTOMATED: Question(
            FACT_AUTOMATED, "int", "automated share", "", "facts", None, min=0, max=100, unit="%"
        ),
        FACT_LEADER_IN_BLEND: Question(
            FACT_LEADER_IN_BLEND,
            "bool",
            "the leading model has a share in the blend",
            "",
            "facts",
            None,
        ),
        FACT_LEADER_READY: Question(
            FACT_LEADER_READY,
            "bool",
            "the leading model's prerequisites are in place",
            "",
            "facts",
            None,
        ),
        FACT_BLEND_MODELS: Question(
            FACT_BLEND_MODELS,
            "multiselect",
            "the models with a share in the blend",
            "",
            "facts",
            None,
            tuple(Choice(m.id, m.name) for m in models.values()),
        ),
    }
    return {**questions, **facts}
