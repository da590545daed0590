"""Rule test cases: a business profile (answers) and what the recommendation must look like.

A case file holds one case or a `cases:` list. Expectations:
  top: [ids]             the leading model is one of these
  not_top: [ids]         none of these leads
  top3: [ids]            each of these is in the top three
  not_top3: [ids]        none of these is in the top three
  ranks: {id: {min, max}}          bounds on a model's rank (1 = best)
  scores: {id: {min, max}}         bounds on a model's 0–100 score
  staffing: shared | dedicated | none    (none: the choice does not arise)
  clear_lead: true       the leader leads clearly: no close call, and enough evidence
  automated_share: {min, max}      bounds on the blend's automated share (0–1)
  warnings: [codes]      each of these warnings is given
  no_warnings: [codes]   none of these is given
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from servicefit.advice.engine import recommend, warning_codes
from servicefit.errors import AnswersError, RulesError
from servicefit.intake.answers import validate_answers
from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.reader import Reader
from servicefit.messages import did_you_mean
from servicefit.yamlio.located import mark_of

EXPECT_KEYS = (
    "top",
    "not_top",
    "top3",
    "not_top3",
    "ranks",
    "scores",
    "staffing",
    "automated_share",
    "warnings",
    "no_warnings",
    "clear_lead",
    "roadmap",
    "not_roadmap",
    "roadmap_steps",
    "not_roadmap_steps",
)
NOT_APPLICABLE = "none"


@dataclass
class Case:
    name: str
    file: str
    line: int | None
    answers: dict[str, Any]
    expect: dict[str, Any]
    description: str = ""


@dataclass
class CaseResult:
    case: Case
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def _bounds(reader: Reader, raw: Any, what: str, owner: str) -> dict[str, float]:
    raw = reader.mapping(raw, what, owner=owner)
    reader.only_keys(raw, ("min", "max"), what, owner=owner)
    if not raw:
        raise reader.error(raw, f"{what} needs min, max or both.", owner=owner)
    return {k: reader.get(raw, k, float, owner=owner) for k in raw}


def _ids(
    reader: Reader, raw: dict, key: str, known: list[str], owner: str, what: str = "model"
) -> list[str]:
    items = reader.sequence(raw[key], key, owner=owner)
    for item in items:
        _known_model(reader, raw, item, known, owner, key=key, in_list=True, what=what)
    return list(items)


def _known_model(
    reader: Reader,
    obj: dict,
    name: Any,
    models: list[str],
    owner: str,
    *,
    key: str,
    in_list: bool,
    what: str = "model",
) -> None:
    """A model id in an expectation: an item of the list at `key`, or `key` itself."""
    if name not in models:
        where = f" in {key}" if in_list else ""
        raise reader.error(
            obj,
            f"unknown {what} {name!r}{where}.{did_you_mean(name, models)}",
            key=key,
            owner=owner,
            at_value=in_list,
        )


def _expectations(reader: Reader, raw: Any, kb: KnowledgeBase, owner: str) -> dict[str, Any]:
    raw = reader.mapping(raw, "expect", owner=owner)
    reader.only_keys(raw, EXPECT_KEYS, "expect", owner=owner)
    models = list(kb.models)
    out: dict[str, Any] = {}
    for key in ("top", "not_top", "top3", "not_top3"):
        if key in raw:
            out[key] = _ids(reader, raw, key, models, owner)
    for key in ("ranks", "scores"):
        if key in raw:
            table = reader.mapping(raw[key], key, owner=owner)
            for model in table:
                _known_model(reader, table, model, models, owner, key=model, in_list=False)
            out[key] = {m: _bounds(reader, table[m], f"{key}.{m}", owner) for m in table}
    if "staffing" in raw:
        out["staffing"] = reader.text(raw, "staffing", owner=owner)
        if out["staffing"] not in [*kb.staffing, NOT_APPLICABLE]:
            raise reader.error(
                raw,
                f"staffing must be one of {', '.join([*kb.staffing, NOT_APPLICABLE])}.",
                key="staffing",
                owner=owner,
                at_value=True,
            )
    if "automated_share" in raw:
        out["automated_share"] = _bounds(reader, raw["automated_share"], "automated_share", owner)
    if "clear_lead" in raw:
        out["clear_lead"] = reader.get(raw, "clear_lead", bool, owner=owner)
    codes = warning_codes(kb)
    for key in ("warnings", "no_warnings"):  # a misspelt code would pass unnoticed
        if key in raw:
            out[key] = _ids(reader, raw, key, codes, owner, what="warning code")
    phases = [p.id for p in kb.roadmap]
    for key in ("roadmap", "not_roadmap"):  # phase ids that must (not) be in the roadmap
        if key in raw:
            out[key] = _ids(reader, raw, key, phases, owner, what="roadmap phase")
    steps = [f"{p.id}.{s.id}" for p in kb.roadmap for s in p.steps]
    for key in ("roadmap_steps", "not_roadmap_steps"):  # phase.step ids, likewise
        if key in raw:
            out[key] = _ids(reader, raw, key, steps, owner, what="roadmap step")
    if not out:
        raise reader.error(raw, "expect is empty; a case must check something.", owner=owner)
    return out


def cases_in(document: Any, file: str, kb: KnowledgeBase) -> list[Case]:
    """The cases of one case file, read already (flows/rules.py reads the files): one case, or
    a mapping whose only key `cases` lists them."""
    cases: list[Case] = []
    reader = Reader(file)
    data = reader.mapping(document, "a case file")
    entries = (
        reader.sequence(data["cases"], "cases") if "cases" in data and len(data) == 1 else [data]
    )
    for raw in entries:
        raw = reader.mapping(raw, "a case")
        name = reader.text(raw, "name")
        reader.only_keys(raw, ("name", "description", "answers", "expect"), "a case", owner=name)
        answers_raw = reader.get(raw, "answers", dict, owner=name)
        try:
            answers = validate_answers(answers_raw, kb, file).values
        except AnswersError as exc:
            raise RulesError(f"{name}: {exc.message}", exc.location, exc.hint) from None
        cases.append(
            Case(
                name,
                file,
                _line(raw),
                answers,
                _expectations(reader, raw.get("expect"), kb, name),
                reader.get(raw, "description", str, owner=name, required=False, default=""),
            )
        )
    return cases


def _line(raw: Any) -> int | None:
    mark = mark_of(raw)
    return mark.line if mark else None


def _check_bounds(label: str, value: float, bounds: dict[str, float], failures: list[str]) -> None:
    low, high = bounds.get("min"), bounds.get("max")
    if (low is not None and value < low) or (high is not None and value > high):
        wanted = " and ".join(
            part
            for part in (
                f"≥ {low:g}" if low is not None else "",
                f"≤ {high:g}" if high is not None else "",
            )
            if part
        )
        failures.append(f"{label} is {value:g}, expected {wanted}")


def check_case(case: Case, kb: KnowledgeBase) -> CaseResult:
    from servicefit.intake.answers import apply_answers

    # through the same step as any answers file, so that the questions that do not apply are
    # known as skipped (advice never says what the user "says" of a question never asked)
    answers = apply_answers(dict(case.answers), kb)
    answers.source = case.file
    rec = recommend(answers, kb)
    failures: list[str] = []
    expect = case.expect
    order = [m.id for m in rec.models]
    ranking = ", ".join(f"{m.id} {m.score}" for m in rec.models[:4])
    if "top" in expect and order[0] not in expect["top"]:
        failures.append(
            f"top model is {order[0]}, expected one of {', '.join(expect['top'])} (ranking: {ranking})"
        )
    if "not_top" in expect and order[0] in expect["not_top"]:
        failures.append(f"top model is {order[0]}, which must not lead (ranking: {ranking})")
    for model in expect.get("top3", []):
        if model not in order[:3]:
            failures.append(
                f"{model} is ranked {order.index(model) + 1}, expected in the top 3 (ranking: {ranking})"
            )
    for model in expect.get("not_top3", []):
        if model in order[:3]:
            failures.append(
                f"{model} is ranked {order.index(model) + 1}, must not be in the top 3 (ranking: {ranking})"
            )
    for model, bounds in expect.get("ranks", {}).items():
        _check_bounds(f"rank of {model}", order.index(model) + 1, bounds, failures)
    scores = {m.id: m.score for m in rec.models}
    for model, bounds in expect.get("scores", {}).items():
        _check_bounds(f"score of {model}", scores[model], bounds, failures)
    staffing = rec.staffing.recommended or NOT_APPLICABLE
    if "staffing" in expect and staffing != expect["staffing"]:
        failures.append(
            f"staffing is {staffing}, expected {expect['staffing']} "
            f"(points: {', '.join(f'{k} {v:.1f}' for k, v in rec.staffing.points.items())})"
        )
    if "clear_lead" in expect:
        lead = rec.lead
        clear = not lead.close_call and lead.clear_fit
        if clear != expect["clear_lead"]:
            failures.append(
                f"the lead is {'clear' if clear else 'not clear'} ({lead.points_margin:.1f} "
                f"points over {lead.runner_up}, {rec.models[0].points:.1f} in all), expected "
                f"{'clear' if expect['clear_lead'] else 'not clear'}"
            )
    if "automated_share" in expect:
        _check_bounds(
            "automated share", rec.blend.automated_share, expect["automated_share"], failures
        )
    planned = [p.id for p in rec.roadmap]
    steps = [f"{p.id}.{s}" for p in rec.roadmap for s in p.step_ids]
    for key, wanted, verb, what, shown in (
        ("roadmap", True, "was expected", "phase", planned),
        ("not_roadmap", False, "must not appear", "phase", planned),
        ("roadmap_steps", True, "was expected", "step", steps),
        ("not_roadmap_steps", False, "must not appear", "step", steps),
    ):
        failures += [
            f"roadmap {what} {p!r} {verb} ({what}s: {', '.join(shown)})"
            for p in expect.get(key, [])
            if (p in shown) != wanted
        ]
    codes = [w.code for w in rec.warnings]
    failures += [
        f"warning {c!r} was expected but not given"
        for c in expect.get("warnings", [])
        if c not in codes
    ]
    failures += [
        f"warning {c!r} was given but must not be"
        for c in expect.get("no_warnings", [])
        if c in codes
    ]
    return CaseResult(case, failures)
