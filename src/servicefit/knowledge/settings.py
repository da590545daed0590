"""Loading scoring.yaml (how points become scores), blend.yaml (how the blend is formed) and
advice.yaml (warnings and next steps): the settings and conditional steps of a rule set."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from servicefit.knowledge.base import (
    POOLS,
    Advice,
    BlendSettings,
    LeadSettings,
    ReportSettings,
    RuleGroup,
    ScoringSettings,
    StaffingChoice,
    Step,
)
from servicefit.knowledge.conditions import ConditionCompiler
from servicefit.knowledge.questions import Question
from servicefit.knowledge.reader import Reader, guard
from servicefit.knowledge.wording import check_text

REPORT_KEYS = ReportSettings._fields


def load_scoring(
    data: Any, file: str, questions: Mapping[str, Question], options: Sequence[str]
) -> ScoringSettings:
    reader = Reader(file)
    top = reader.mapping(data, "the scoring file")
    reader.only_keys(
        top, ("score", "lead", "channel_staffing", "report", "groups"), "the scoring file"
    )
    score = reader.mapping(reader.get(top, "score", dict), "score")
    reader.only_keys(score, ("scale",), "score")
    scale = reader.get(score, "scale", float)
    if scale <= 0:
        raise reader.error(score, "scale must be above 0.", key="scale", at_value=True)
    lead = reader.mapping(reader.get(top, "lead", dict), "lead")
    reader.only_keys(lead, LeadSettings._fields, "lead")
    thresholds = [reader.get(lead, k, float) for k in LeadSettings._fields]
    for key, value in zip(LeadSettings._fields, thresholds, strict=True):
        if value < 0:
            raise reader.error(lead, f"{key} must be 0 or more.", key=key, at_value=True)
    report = reader.mapping(reader.get(top, "report", dict), "report")
    reader.only_keys(report, REPORT_KEYS, "report")
    choice = reader.mapping(reader.get(top, "channel_staffing", dict), "channel_staffing")
    sized = reader.texts(
        choice, "sized_instead", "channel_staffing", allow_empty=True, required=False
    )
    groups = _groups(reader, reader.get(top, "groups", list, required=False, default=[]), questions)
    return ScoringSettings(
        scale,
        LeadSettings(*thresholds),
        _staffing_choice(reader, choice, questions, options),
        ReportSettings(*(reader.get(report, k, int) for k in REPORT_KEYS)),
        groups,
        {rid: i for i, g in enumerate(groups) for rid in g.rules},
        frozenset(sized),
    )


def _groups(
    reader: Reader, raw: list[Any], questions: Mapping[str, Question]
) -> tuple[RuleGroup, ...]:
    """scoring.yaml's `groups`: rules that read one underlying fact, capped together."""
    out = []
    seen: set[str] = set()
    for item in raw:
        item = reader.mapping(item, "a rule group")
        gid = reader.text(item, "id")
        reader.only_keys(item, ("id", "about", "rules", "cap", "scaled"), "a rule group", owner=gid)
        rules = reader.texts(item, "rules", gid)
        cap = reader.get(item, "cap", float, owner=gid)
        if cap <= 0:
            raise reader.error(item, "cap must be above 0.", key="cap", at_value=True, owner=gid)
        twice = seen & set(rules)
        if twice:
            raise reader.error(
                item, f"{sorted(twice)[0]} is in two groups; a rule belongs to one.", key="rules"
            )
        seen |= set(rules)
        scaled = read_steps(
            reader,
            reader.get(item, "scaled", list, required=False, default=[]),
            "scaled",
            questions,
            value_key="factor",
        )
        for step in scaled:
            if not 0 <= step.value <= 1:
                raise reader.error(item, f"{step.id}: factor must be from 0 to 1.", key="scaled")
        out.append(RuleGroup(gid, rules, cap, scaled))
    return tuple(out)


def _staffing_choice(
    reader: Reader, raw: Any, questions: Mapping[str, Question], options: Sequence[str]
) -> StaffingChoice:
    raw = reader.mapping(raw, "channel_staffing")
    reader.only_keys(
        raw, ("applies_when", "not_applicable", "tie_break", "sized_instead"), "channel_staffing"
    )
    compiler = ConditionCompiler(questions, reader.file)
    applies = compiler.compile(reader.get(raw, "applies_when", dict), "channel_staffing")
    reasons = read_steps(
        reader,
        reader.get(raw, "not_applicable", list),
        "not_applicable",
        questions,
        text_key="text",
    )
    if not reasons:
        raise reader.error(raw, "not_applicable needs at least one text.", key="not_applicable")
    tie = reader.mapping(reader.get(raw, "tie_break", dict), "tie_break")
    reader.only_keys(tie, ("option", "when", "because"), "tie_break")
    option = reader.text(tie, "option")
    if option not in options or len(options) != 2:
        raise reader.error(
            tie,
            f"option must be one of the two staffing options ({', '.join(options)}).",
            key="option",
            at_value=True,
        )
    because = reader.text(tie, "because")
    check_text(reader, tie, "because", because, questions, "tie_break")
    return StaffingChoice(
        applies,
        reasons,
        option,
        compiler.compile(reader.get(tie, "when", dict), "tie_break"),
        because,
    )


def read_steps(
    reader: Reader,
    raw_steps: Any,
    group: str,
    names: Mapping[str, Question],
    *,
    id_key: str = "id",
    text_key: str = "because",
    value_key: str | None = None,
) -> tuple[Step, ...]:
    """A list of conditional steps: each has an id, an optional `when`, a text that may quote
    answers, and with value_key a number. While linting, a bad step is reported and skipped."""
    compiler = ConditionCompiler(names, reader.file)
    keys = (
        id_key,
        "when",
        text_key,
        *((value_key,) if value_key else ()),
        *(("covered_by",) if group == "next_steps" else ()),
    )
    steps: list[Step] = []
    for raw in reader.sequence(raw_steps, group):
        with guard():
            raw = reader.mapping(raw, f"an entry of {group}")
            sid = reader.text(raw, id_key)
            if any(s.id == sid for s in steps):
                raise reader.error(
                    raw, f"{id_key} {sid!r} is used twice.", key=id_key, code="duplicate-id"
                )
            reader.only_keys(raw, keys, f"an entry of {group}", owner=sid)
            text = reader.text(raw, text_key, owner=sid)
            check_text(reader, raw, text_key, text, names, sid)
            value = reader.get(raw, value_key, float, owner=sid) if value_key else 0.0
            covered = reader.text(raw, "covered_by", owner=sid, required=False, default="")
            steps.append(
                Step(sid, compiler.compile(raw.get("when"), sid), text, value, covered or "")
            )
    return tuple(steps)


def _share(reader: Reader, raw: dict, key: str) -> float:
    value = reader.get(raw, key, float)
    if not 0 <= value <= 1:
        raise reader.error(
            raw, f"{key} must be a fraction from 0 to 1, not {value}.", key=key, at_value=True
        )
    return float(value)


def load_blend(data: Any, file: str, questions: Mapping[str, Question]) -> BlendSettings:
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
    caps = reader.mapping(reader.get(top, "max_components", dict), "max_components")
    reader.only_keys(caps, POOLS, "max_components")
    steps = read_steps(
        reader, reader.get(top, "containment", list), "containment", questions, value_key="add"
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
        steps,
    )


def load_advice(data: Any, file: str, names: Mapping[str, Question]) -> Advice:
    """Warnings and next steps; their conditions and texts may read the result facts too."""
    reader = Reader(file)
    top = reader.mapping(data, "the advice file")
    reader.only_keys(top, ("warnings", "next_steps"), "the advice file")
    return Advice(
        read_steps(
            reader,
            reader.get(top, "warnings", list),
            "warnings",
            names,
            id_key="code",
            text_key="message",
        ),
        read_steps(
            reader, reader.get(top, "next_steps", list), "next_steps", names, text_key="text"
        ),
    )
