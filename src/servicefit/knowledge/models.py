"""Loading rules/models.yaml: the eight models and the two staffing options."""

from __future__ import annotations

from typing import Any

from servicefit.knowledge.base import (
    FIELD_CHANNELS,
    POOLS,
    RELIANCE,
    Model,
    Prerequisite,
    choice_values,
)
from servicefit.knowledge.conditions import ConditionCompiler
from servicefit.knowledge.questions import Question
from servicefit.knowledge.reader import Reader, guard
from servicefit.knowledge.wording import check_text
from servicefit.messages import did_you_mean
from servicefit.yamlio.located import mark_of


def load_models(
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
        ("id", "name", "summary", "good_for", "how_it_works", "prerequisites", "blend", "reliance"),
        "a model",
        owner=mid,
    )
    lists = {k: reader.texts(raw, k, mid) for k in ("good_for", "how_it_works")}
    prereqs = []
    for item in reader.sequence(raw.get("prerequisites", []), "prerequisites", owner=mid):
        with guard():
            item = reader.mapping(item, "a prerequisite", owner=mid)
            reader.only_keys(item, ("requires", "message"), "a prerequisite", owner=mid)
            message = reader.text(item, "message", owner=mid)
            check_text(reader, item, "message", message, questions, mid)
            prereqs.append(Prerequisite(compiler.compile(item.get("requires"), mid), message))
    pool: str | None = None
    reliance = ""
    role = ""
    channels: tuple[str, ...] = ()
    own: tuple[str, ...] = ()
    unless = None
    if group == "models":
        reliance = reader.text(raw, "reliance", owner=mid)
        if reliance not in RELIANCE:
            raise reader.error(
                raw,
                f"reliance must be one of {', '.join(RELIANCE)}, not {reliance!r}."
                f"{did_you_mean(reliance, RELIANCE)}",
                key="reliance",
                owner=mid,
                at_value=True,
            )
        blend = reader.mapping(reader.get(raw, "blend", dict, owner=mid), "blend", owner=mid)
        reader.only_keys(
            blend, ("pool", "role", "channels", "own_channels", "unless"), "blend", owner=mid
        )
        if "unless" in blend:
            unless = compiler.compile(blend["unless"], mid)
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
        channels = reader.texts(blend, "channels", mid, allow_empty=True)
        for channel in channels:
            if channel_values and channel not in channel_values:
                raise reader.error(
                    blend,
                    f"unknown channel {channel!r}.{did_you_mean(channel, channel_values)}",
                    key="channels",
                    owner=mid,
                    at_value=True,
                )
        own = reader.texts(blend, "own_channels", mid, allow_empty=True, required=False)
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
        reliance,
        unless,
    )
