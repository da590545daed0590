"""Loading a full rules folder into a knowledge base, part by part.

While a lint collects problems, a broken part is recorded and the rest still loads, so that one
run reports every problem; `load_parts` then returns what did load (a missing part is None).
`load_knowledge` wants every part and builds the knowledge base from them once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from servicefit.errors import InputError, Location, RulesError
from servicefit.knowledge.base import (
    FIELD_CHANNELS,
    FIELD_COVERAGE,
    Advice,
    BlendSettings,
    KnowledgeBase,
    Model,
    Phase,
    ScoringSettings,
    choice_values,
    fact_questions,
)
from servicefit.knowledge.models import load_models
from servicefit.knowledge.questions import Question, Section, load_questionnaire
from servicefit.knowledge.reader import Reported, guard
from servicefit.knowledge.roadmap import load_roadmap
from servicefit.knowledge.rules import MAX_RULES, Rule, RuleId, read_rules
from servicefit.knowledge.settings import load_advice, load_blend, load_scoring
from servicefit.knowledge.workforce import WorkforceSettings, load_workforce_settings
from servicefit.yamlio.read import load_file

T = TypeVar("T")
PART_FILES = (
    "questions.yaml",
    "models.yaml",
    "scoring.yaml",
    "blend.yaml",
    "advice.yaml",
    "workforce.yaml",
)
ROADMAP_FILE = "roadmap.yaml"  # optional: a rule set without one has no roadmap


class Parts(NamedTuple):
    """The parts of a rule set. Those after `rules` are None only when a lint found them broken."""

    root: Path
    sections: tuple[Section, ...]
    questions: Mapping[str, Question]
    models: Mapping[str, Model]
    staffing: Mapping[str, Model]
    scoring: ScoringSettings
    rules: tuple[Rule, ...]
    fact_names: Mapping[str, Question]
    blend: BlendSettings | None
    advice: Advice | None
    workforce: WorkforceSettings | None
    cases_dir: Path | None
    roadmap: tuple[Phase, ...] = ()


def read_rule_file(path: Path | str) -> Any:
    """Parse one YAML file of a rule set; a syntax or encoding error is a rule-set problem."""
    try:
        return load_file(path)
    except RulesError:
        raise
    except InputError as exc:
        raise RulesError.found(exc.message, exc.location, exc.hint, code="yaml") from None


def _read_part(root: Path, name: str) -> tuple[Any, str]:
    path = root / name
    if not path.is_file():
        raise RulesError(
            f"the rule set has no {name}.",
            Location(str(root)),
            f"A rules folder holds {', '.join(PART_FILES)} and scoring/*.yaml.",
        )
    return read_rule_file(path), str(path)


def _guarded(load: Callable[[], T]) -> T | None:
    """The part, or None when it is broken and a lint is collecting its problems."""
    out: T | None = None
    with guard():
        out = load()
    return out


def _required(load: Callable[[], T]) -> T:
    """A part everything after it needs: when it is broken, stop (its problems are recorded)."""
    out = _guarded(load)
    if out is None:
        raise Reported()
    return out


def load_parts(root: Path) -> Parts:
    root = Path(root)
    if not root.is_dir():
        raise RulesError("no such rules folder.", Location(str(root)))
    sections, questions = _required(lambda: load_questionnaire(*_read_part(root, PART_FILES[0])))
    models, staffing = _required(lambda: load_models(*_read_part(root, PART_FILES[1]), questions))
    scoring = _required(
        lambda: load_scoring(*_read_part(root, PART_FILES[2]), questions, list(staffing))
    )
    targets = [*models, *staffing]
    rule_files = sorted((root / "scoring").glob("*.yaml"))
    if not rule_files:
        raise RulesError(
            "the rule set has no scoring rules.",
            Location(str(root / "scoring")),
            "Put rule files (*.yaml with a `rules:` list) in the scoring folder.",
        )
    rules: list[Rule] = []
    dropped: list[RuleId] = []
    for path in rule_files:

        def read(path: Path = path) -> list[Rule]:
            return read_rules(read_rule_file(path), str(path), questions, targets, dropped=dropped)

        rules += _guarded(read) or []
    names = fact_questions(questions, models, staffing)
    return Parts(
        root,
        tuple(sections),
        questions,
        models,
        staffing,
        scoring,
        unique_rules(rules, dropped),
        names,
        _guarded(lambda: load_blend(*_read_part(root, PART_FILES[3]), questions)),
        _guarded(lambda: load_advice(*_read_part(root, PART_FILES[4]), names)),
        _guarded(
            lambda: load_workforce_settings(
                *_read_part(root, PART_FILES[5]),
                choice_values(questions, FIELD_COVERAGE),
                choice_values(questions, FIELD_CHANNELS),
            )
        ),
        root / "cases" if (root / "cases").is_dir() else None,
        _roadmap(root, names),
    )


def _roadmap(root: Path, names: Mapping[str, Question]) -> tuple[Phase, ...]:
    if not (root / ROADMAP_FILE).is_file():
        return ()
    return _guarded(lambda: load_roadmap(*_read_part(root, ROADMAP_FILE), names)) or ()


def load_knowledge(root: Path) -> KnowledgeBase:
    """A full rule set from a folder."""
    parts = load_parts(root)
    if parts.blend is None or parts.advice is None or parts.workforce is None:
        raise Reported()  # only while linting: the broken parts are recorded
    return KnowledgeBase(
        root=parts.root,
        sections=parts.sections,
        questions=parts.questions,
        models=parts.models,
        staffing=parts.staffing,
        rules=parts.rules,
        blend=parts.blend,
        warnings=parts.advice.warnings,
        next_steps=parts.advice.next_steps,
        scoring=parts.scoring,
        workforce=parts.workforce,
        fact_names=parts.fact_names,
        cases_dir=parts.cases_dir,
        roadmap=parts.roadmap,
    )


def parts_of(kb: KnowledgeBase) -> Parts:
    """A whole knowledge base seen as its parts (what a lint checks)."""
    return Parts(
        kb.root,
        kb.sections,
        kb.questions,
        kb.models,
        kb.staffing,
        kb.scoring,
        kb.rules,
        kb.fact_names,
        kb.blend,
        Advice(kb.warnings, kb.next_steps),
        kb.workforce,
        kb.cases_dir,
        kb.roadmap,
    )


def unique_rules(rules: list[Rule], dropped: Sequence[RuleId] = ()) -> tuple[Rule, ...]:
    """The rules with each id once, at most MAX_RULES of them. A second use of an id is a
    problem, also of the id of a rule that was left out after a problem of its own."""
    firsts: dict[str, RuleId] = {}
    for entry in sorted(
        [RuleId(r.id, r.file, r.line) for r in rules] + list(dropped),
        key=lambda e: (e.file, e.line or 0),
    ):
        first = firsts.setdefault(entry.id, entry)
        if first is not entry:
            with guard():
                raise RulesError.found(
                    f"the rule id is used twice (also at {first.file}:{first.line}).",
                    Location(entry.file, entry.line),
                    "Give every rule its own id.",
                    entry.id,
                    "duplicate-id",
                )
    kept = [r for r in rules if firsts[r.id] == RuleId(r.id, r.file, r.line)]
    if len(kept) > MAX_RULES:
        extra = kept[MAX_RULES]
        raise RulesError.found(
            f"the rule set holds {len(kept):,} rules; servicefit takes at most {MAX_RULES:,}.",
            Location(extra.file, extra.line),
            "Disable rules you do not need, or merge rules that say the same thing.",
            extra.id,
        )
    return tuple(kept)
