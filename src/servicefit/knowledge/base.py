"""The knowledge base: every piece of domain knowledge, loaded from a rules folder.

Nothing here knows a model name or a threshold; it reads them from YAML and checks that the
parts fit together (rules name real models, conditions name real questions, texts quote real
answers) so that a broken rule set fails at load time with a file and line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from servicefit.errors import InputError, Location, RulesError
from servicefit.knowledge.conditions import Condition, ConditionCompiler
from servicefit.knowledge.questionnaire import load_questionnaire
from servicefit.knowledge.questions import Choice, Question, Section
from servicefit.knowledge.reader import Reader, Reported, guard
from servicefit.knowledge.rules import Rule, read_rules
from servicefit.knowledge.workforce import WorkforceSettings, load_workforce_settings
from servicefit.messages import did_you_mean
from servicefit.yamlio.source import Mark, item_mark, load_file, mark_of

POOLS = ("automated", "human")
# Facts of the result that warnings and next steps may read, besides the answers.
FACT_TOP_MODEL = "top_model"
FACT_STAFFING = "staffing"
FACT_AUTOMATED = "automated_share"
# Answers the engine itself reads, beyond the rules: ids from the public answer contract.
FIELD_ROUTINE = "routine_share"
FIELD_CHANNELS = "channels"
FIELD_COVERAGE = "coverage"


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


class Step(NamedTuple):
    """A conditional piece of text or number: containment steps, warnings, next steps."""

    id: str
    when: Condition
    text: str
    value: float = 0.0


class BlendSettings(NamedTuple):
    max_automated_share: float
    max_containment: float
    score_floor: float
    min_share: float
    max_components: Mapping[str, int]
    containment: tuple[Step, ...]


@dataclass
class KnowledgeBase:
    root: Path
    sections: list[Section]
    questions: dict[str, Question]
    models: dict[str, Model]
    staffing: dict[str, Model]
    rules: list[Rule]
    blend: BlendSettings
    warnings: list[Step]
    next_steps: list[Step]
    score_scale: float
    close_call_margin: float
    report: dict[str, int] = field(default_factory=dict)
    workforce: WorkforceSettings | None = None
    # the questions plus the result facts, for warnings and next steps (set by load_knowledge)
    fact_names: dict[str, Question] = field(default_factory=dict)
    # where the rule set's test cases live, if it has any (`servicefit rules test`)
    cases_dir: Path | None = None

    @property
    def targets(self) -> list[str]:
        return [*self.models, *self.staffing]


def default_rules_dir() -> Path:
    """The rules folder shipped in the wheel, or the source tree's when run from a checkout."""
    packaged = Path(__file__).resolve().parents[1] / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "rules"


@cache
def default_knowledge() -> KnowledgeBase:
    return knowledge_of(default_rules_dir())


def knowledge_of(root: Path) -> KnowledgeBase:
    """A full rules folder, through the knowledge-base cache (see kbcache)."""
    from servicefit.knowledge.cache import cached_knowledge

    return cached_knowledge(root, load_knowledge)


def read_rule_file(path: Path | str) -> Any:
    """Parse one YAML file of a rule set; a syntax or encoding error is a rule-set problem."""
    try:
        return load_file(path)
    except RulesError:
        raise
    except InputError as exc:
        raise RulesError.found(exc.message, exc.location, exc.hint, code="yaml") from None


def load_knowledge(root: Path) -> KnowledgeBase:
    """Load a full rule set from a folder. While collecting (a lint), a broken part is recorded
    and the rest still loads, so that one run reports every problem."""
    root = Path(root)
    if not root.is_dir():
        raise RulesError("no such rules folder.", Location(str(root)))

    def part(name: str) -> tuple[Any, str]:
        path = root / name
        if not path.is_file():
            raise RulesError(
                f"the rule set has no {name}.",
                Location(str(root)),
                "A rules folder holds questions.yaml, models.yaml, scoring.yaml, blend.yaml, "
                "advice.yaml, workforce.yaml and scoring/*.yaml.",
            )
        return read_rule_file(path), str(path)

    loaded: dict[str, Any] = {}
    for name, loader in (
        ("questions.yaml", load_questionnaire),
        ("models.yaml", lambda data, file: _load_models(data, file, loaded["questions.yaml"][1])),
        ("scoring.yaml", _load_scoring),
    ):
        with guard():
            loaded[name] = loader(*part(name))
        if name not in loaded:  # only while collecting: what follows needs this part
            raise Reported()
    sections, questions = loaded["questions.yaml"]
    models, staffing = loaded["models.yaml"]
    scale, margin, report = loaded["scoring.yaml"]
    kb = KnowledgeBase(
        root, sections, questions, models, staffing, [], None, [], [], scale, margin, report
    )  # type: ignore[arg-type]
    rule_files = sorted((root / "scoring").glob("*.yaml"))
    if not rule_files:
        raise RulesError(
            "the rule set has no scoring rules.",
            Location(str(root / "scoring")),
            "Put rule files (*.yaml with a `rules:` list) in the scoring folder.",
        )
    for path in rule_files:
        with guard():
            kb.rules += read_rules(read_rule_file(path), str(path), questions, kb.targets)
    kb.rules = unique_rules(kb.rules)
    with guard():
        kb.blend = _load_blend(*part("blend.yaml"), questions)
    kb.fact_names = fact_questions(kb)
    with guard():
        kb.warnings, kb.next_steps = _load_advice(*part("advice.yaml"), kb)
    coverage = choice_values(questions, FIELD_COVERAGE)
    with guard():
        kb.workforce = load_workforce_settings(
            *part("workforce.yaml"), coverage, choice_values(questions, FIELD_CHANNELS)
        )
    if (root / "cases").is_dir():
        kb.cases_dir = root / "cases"
    return kb


def unique_rules(rules: list[Rule]) -> list[Rule]:
    """The rules with each id once; a second use of an id is a problem (kept out while linting)."""
    seen: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in seen:
            first = seen[rule.id]
            with guard():
                raise _duplicate(rule, f"also at {first.file}:{first.line}")
            continue
        seen[rule.id] = rule
    return list(seen.values())


def _duplicate(rule: Rule, where: str) -> RulesError:
    return RulesError.found(
        f"the rule id is used twice ({where}).",
        Location(rule.file, rule.line),
        "Give every rule its own id.",
        rule.id,
        "duplicate-id",
    )


def fact_questions(kb: KnowledgeBase) -> dict[str, Question]:
    """The questions plus the result facts that advice texts and conditions may read."""
    facts = {
        FACT_TOP_MODEL: Question(
            FACT_TOP_MODEL,
            "choice",
            "leading model",
            "",
            "facts",
            None,
            tuple(Choice(m.id, m.name) for m in kb.models.values()),
        ),
        FACT_STAFFING: Question(
            FACT_STAFFING,
            "choice",
            "channel staffing",
            "",
            "facts",
            None,
            tuple(Choice(s.id, s.name) for s in kb.staffing.values()),
        ),
        FACT_AUTOMATED: Question(
            FACT_AUTOMATED, "int", "automated share", "", "facts", None, min=0, max=100, unit="%"
        ),
    }
    return {**kb.questions, **facts}


def _load_models(
    data: Any, file: str, questions: dict[str, Question]
) -> tuple[dict[str, Model], dict[str, Model]]:
    reader = Reader(file)
    top = reader.mapping(data, "the models file")
    reader.only_keys(top, ("models", "staffing"), "the models file")
    compiler = ConditionCompiler(questions, file)
    channel_values = set(choice_values(questions, FIELD_CHANNELS))
    result: list[dict[str, Model]] = []
    for group in ("models", "staffing"):
        found: dict[str, Model] = {}
        for raw in reader.sequence(reader.get(top, group, list), group):
            with guard():
                raw = reader.mapping(raw, "a model")
                mid = reader.text(raw, "id")
                if mid in found or any(mid in other for other in result):
                    raise reader.error(
                        raw, f"the id {mid!r} is used twice.", key="id", code="duplicate-id"
                    )
                found[mid] = _model(reader, compiler, raw, mid, group, questions, channel_values)
        if not found:
            raise reader.error(top, f"{group} is empty.", key=group)
        result.append(found)
    models, staffing = result
    for pool in POOLS:
        if not any(m.pool == pool for m in models.values()):
            raise reader.error(
                top, f"no model belongs to the {pool} pool; a blend needs both pools.", key="models"
            )
    return models, staffing


def _model(
    reader: Reader,
    compiler: ConditionCompiler,
    raw: dict,
    mid: str,
    group: str,
    questions: dict[str, Question],
    channel_values: set[str],
) -> Model:
    reader.only_keys(
        raw,
        ("id", "name", "summary", "good_for", "how_it_works", "prerequisites", "blend"),
        "a model",
        owner=mid,
    )
    lists = {k: tuple(_texts(reader, raw, k, mid)) for k in ("good_for", "how_it_works")}
    prereqs = []
    for item in reader.sequence(raw.get("prerequisites", []), "prerequisites", owner=mid):
        with guard():
            item = reader.mapping(item, "a prerequisite", owner=mid)
            reader.only_keys(item, ("requires", "message"), "a prerequisite", owner=mid)
            message = reader.text(item, "message", owner=mid)
            reader.template(item, "message", message, questions, mid)
            prereqs.append(Prerequisite(compiler.compile(item.get("requires"), mid), message))
    pool, role, channels, own = None, "", (), ()
    if group == "models":
        blend = reader.mapping(reader.get(raw, "blend", dict, owner=mid), "blend", owner=mid)
        reader.only_keys(blend, ("pool", "role", "channels", "own_channels"), "blend", owner=mid)
        pool = reader.text(blend, "pool", owner=mid)
        if pool not in POOLS:
            raise reader.error(
                blend,
                f"pool must be one of {', '.join(POOLS)}, not {pool!r}.",
                key="pool",
                owner=mid,
                at_value=True,
            )
        role = reader.text(blend, "role", owner=mid)
        channels = tuple(_texts(reader, blend, "channels", mid, allow_empty=True))
        for channel in channels:
            if channel_values and channel not in channel_values:
                raise reader.error(
                    blend,
                    f"unknown channel {channel!r}.{did_you_mean(channel, channel_values)}",
                    key="channels",
                    owner=mid,
                    at_value=True,
                )
        own = tuple(_texts(reader, blend, "own_channels", mid, allow_empty=True, required=False))
    return Model(
        mid,
        reader.text(raw, "name", owner=mid),
        reader.text(raw, "summary", owner=mid),
        lists["good_for"],
        lists["how_it_works"],
        tuple(prereqs),
        pool,
        role,
        channels,
        own,
        mark_of(raw),
    )


def _texts(
    reader: Reader,
    raw: dict,
    key: str,
    owner: str,
    allow_empty: bool = False,
    required: bool = True,
) -> list[str]:
    items = reader.get(raw, key, list, owner=owner, required=required, default=[])
    if not items and not allow_empty:
        raise reader.error(raw, f"{key!r} needs at least one entry.", key=key, owner=owner)
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            raise reader.error_at(
                item_mark(items, i), f"each entry of {key!r} must be text.", owner=owner
            )
    return list(items)


def _load_scoring(data: Any, file: str) -> tuple[float, float, dict[str, int]]:
    reader = Reader(file)
    top = reader.mapping(data, "the scoring file")
    reader.only_keys(top, ("score", "close_call_margin", "report"), "the scoring file")
    score = reader.mapping(reader.get(top, "score", dict), "score")
    reader.only_keys(score, ("scale",), "score")
    scale = reader.get(score, "scale", float)
    if scale <= 0:
        raise reader.error(score, "scale must be above 0.", key="scale", at_value=True)
    margin = reader.get(top, "close_call_margin", float)
    report = reader.mapping(reader.get(top, "report", dict), "report")
    report_keys = ("leading_models", "reasons_per_model", "what_would_change")
    reader.only_keys(report, report_keys, "report")
    return (
        scale,
        margin,
        {k: reader.get(report, k, int) for k in report_keys},
    )


def _share(reader: Reader, raw: dict, key: str) -> float:
    value = reader.get(raw, key, float)
    if not 0 <= value <= 1:
        raise reader.error(
            raw, f"{key} must be a fraction from 0 to 1, not {value}.", key=key, at_value=True
        )
    return value


def _load_blend(data: Any, file: str, questions: dict[str, Question]) -> BlendSettings:
    reader = Reader(file)
    top = reader.mapping(data, "the blend file")
    reader.only_keys(
        top,
        (
            "max_automated_share",
            "max_containment",
            "score_floor",
            "min_share",
            "max_components",
            "containment",
        ),
        "the blend file",
    )
    compiler = ConditionCompiler(questions, file)
    caps = reader.mapping(reader.get(top, "max_components", dict), "max_components")
    reader.only_keys(caps, POOLS, "max_components")
    steps = []
    for raw in reader.sequence(reader.get(top, "containment", list), "containment"):
        with guard():
            raw = reader.mapping(raw, "a containment step")
            sid = reader.text(raw, "id")
            reader.only_keys(raw, ("id", "when", "add", "because"), "a containment step", owner=sid)
            because = reader.text(raw, "because", owner=sid)
            reader.template(raw, "because", because, questions, sid)
            steps.append(
                Step(
                    sid,
                    compiler.compile(raw.get("when"), sid),
                    because,
                    reader.get(raw, "add", float, owner=sid),
                )
            )
    floor = reader.get(top, "score_floor", float)
    if not 0 <= floor <= 100:
        raise reader.error(
            top, "score_floor must be from 0 to 100.", key="score_floor", at_value=True
        )
    counts = {}
    for pool in POOLS:
        counts[pool] = reader.get(caps, pool, int)
        if counts[pool] < 1:
            raise reader.error(caps, f"{pool} must be at least 1.", key=pool, at_value=True)
    return BlendSettings(
        _share(reader, top, "max_automated_share"),
        _share(reader, top, "max_containment"),
        floor,
        _share(reader, top, "min_share"),
        counts,
        tuple(steps),
    )


def _load_advice(data: Any, file: str, kb: KnowledgeBase) -> tuple[list[Step], list[Step]]:
    reader = Reader(file)
    top = reader.mapping(data, "the advice file")
    reader.only_keys(top, ("warnings", "next_steps"), "the advice file")
    names = kb.fact_names
    compiler = ConditionCompiler(names, file)
    out: list[list[Step]] = []
    for group, id_key, text_key in (("warnings", "code", "message"), ("next_steps", "id", "text")):
        steps: list[Step] = []
        for raw in reader.sequence(reader.get(top, group, list), group):
            with guard():
                raw = reader.mapping(raw, f"an entry of {group}")
                sid = reader.text(raw, id_key)
                if any(s.id == sid for s in steps):
                    raise reader.error(
                        raw, f"{id_key} {sid!r} is used twice.", key=id_key, code="duplicate-id"
                    )
                reader.only_keys(raw, (id_key, "when", text_key), f"an entry of {group}", owner=sid)
                text = reader.text(raw, text_key, owner=sid)
                reader.template(raw, text_key, text, names, sid)
                steps.append(Step(sid, compiler.compile(raw.get("when"), sid), text))
        out.append(steps)
    return out[0], out[1]
