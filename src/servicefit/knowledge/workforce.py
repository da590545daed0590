"""Workforce settings from rules/workforce.yaml: the sizing defaults, open hours for cost, how
pooling turns into points for shared or dedicated agents, and the wording of the interview's
optional volumes step."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from servicefit.knowledge.reader import Reader
from servicefit.messages import shown
from servicefit.staffing.workload import SizingSettings

_TEMPLATES = ("saves", "costs", "negligible", "without_volumes")
VOLUME_PROMPTS = ("contacts", "per", "aht", "target", "agent_cost_per_hour")
# what each channel's defaults give: the values preselected at the volume prompts
DEFAULT_KEYS = ("contacts", "per", "aht", "target")


class VolumePrompts(NamedTuple):
    """The interview's optional volumes step, as workforce.yaml words it."""

    title: str
    purpose: str
    offer: str
    prompts: Mapping[str, str]
    channel_defaults: Mapping[str, Mapping[str, Any]]


def load_volume_prompts(reader: Reader, raw: Any, channels: list[str]) -> VolumePrompts:
    raw = reader.mapping(raw, "interview")
    reader.only_keys(raw, ("title", "purpose", "offer", "prompts", "channel_defaults"), "interview")
    prompts = reader.mapping(reader.get(raw, "prompts", dict), "prompts")
    reader.only_keys(prompts, VOLUME_PROMPTS, "prompts")
    defaults = reader.mapping(reader.get(raw, "channel_defaults", dict), "channel_defaults")
    reader.only_keys(defaults, channels, "channel_defaults")
    out: dict[str, dict[str, Any]] = {}
    for channel in channels:
        entry = reader.mapping(
            reader.get(defaults, channel, dict), f"channel_defaults.{channel}", owner=channel
        )
        reader.only_keys(entry, DEFAULT_KEYS, "channel defaults", channel)
        out[channel] = {
            k: reader.get(entry, k, (int, float, str), owner=channel) for k in DEFAULT_KEYS
        }
    return VolumePrompts(
        reader.text(raw, "title"),
        reader.text(raw, "purpose"),
        reader.text(raw, "offer"),
        {k: reader.text(prompts, k) for k in VOLUME_PROMPTS},
        out,
    )


class PoolingSettings(NamedTuple):
    """How the pooling arithmetic turns into points for shared or dedicated agents."""

    points_per_percent: float
    max_points: float
    negligible_saving: float
    negligible_points: float


class WorkforceSettings(NamedTuple):
    sizing: SizingSettings
    open_hours: Mapping[str, float]
    pooling: PoolingSettings
    texts: Mapping[str, str]
    interview: VolumePrompts | None = None  # the interview's volumes step

    @property
    def concurrency_factors(self) -> Mapping[int, float]:
        return self.sizing.concurrency_factors


def load_workforce_settings(
    data: Any, file: str, coverage_values: list[str], channels: list[str] | None = None
) -> WorkforceSettings:
    reader = Reader(file)
    top = reader.mapping(data, "the workforce file")
    reader.only_keys(
        top,
        ("concurrency_factors", "defaults", "open_hours_per_month", "pooling", "interview"),
        "the workforce file",
    )
    factors_raw = reader.mapping(
        reader.get(top, "concurrency_factors", dict), "concurrency_factors"
    )
    factors: dict[int, float] = {}
    for level in factors_raw:
        if not isinstance(level, int) or isinstance(level, bool) or level < 1:
            raise reader.error(
                factors_raw, f"{shown(level)} is not a number of concurrent chats.", key=level
            )
        factors[level] = reader.get(factors_raw, level, float)
        if factors[level] <= 0:
            raise reader.error(
                factors_raw, "a concurrency factor must be above 0.", key=level, at_value=True
            )
    if 1 not in factors:
        raise reader.error(factors_raw, "concurrency_factors needs an entry for 1 chat at a time.")
    defaults = reader.mapping(reader.get(top, "defaults", dict), "defaults")
    reader.only_keys(defaults, ("switch_penalty", "deferred_occupancy", "shrinkage"), "defaults")
    hours = reader.mapping(reader.get(top, "open_hours_per_month", dict), "open_hours_per_month")
    for value in coverage_values:
        if value not in hours:
            raise reader.error(
                hours, f"open_hours_per_month needs an entry for coverage {value!r}."
            )
    pooling = reader.mapping(reader.get(top, "pooling", dict), "pooling")
    reader.only_keys(
        pooling,
        ("points_per_percent", "max_points", "negligible_saving", "negligible_points", *_TEMPLATES),
        "pooling",
    )
    fractions = {}
    for key in ("switch_penalty", "deferred_occupancy", "shrinkage"):
        fractions[key] = reader.get(defaults, key, float)
        if not 0 <= fractions[key] < 1 or (key == "deferred_occupancy" and fractions[key] == 0):
            raise reader.error(
                defaults, f"{key} must be a fraction from 0 to below 1.", key=key, at_value=True
            )
    return WorkforceSettings(
        SizingSettings(
            factors,
            fractions["switch_penalty"],
            fractions["deferred_occupancy"],
            fractions["shrinkage"],
        ),
        {k: reader.get(hours, k, float) for k in hours},
        PoolingSettings(
            reader.get(pooling, "points_per_percent", float),
            reader.get(pooling, "max_points", float),
            reader.get(pooling, "negligible_saving", float),
            reader.get(pooling, "negligible_points", float),
        ),
        {k: reader.text(pooling, k) for k in _TEMPLATES},
        load_volume_prompts(reader, top["interview"], channels or [])
        if "interview" in top
        else None,
    )
