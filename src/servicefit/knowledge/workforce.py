"""Workforce settings from rules/workforce.yaml: the sizing defaults, opening hours by coverage,
intraday shapes, how pooling turns into points for shared or dedicated agents, the checks of
volumes against the other answers, and the wording of the interview's optional volumes step."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from servicefit.errors import ValueProblem
from servicefit.knowledge.reader import Reader
from servicefit.messages import shown
from servicefit.staffing.hours import OpeningHours, parse_hours
from servicefit.staffing.workload import SizingSettings

_TEMPLATES = (
    "saves",
    "costs",
    "negligible",
    "saves_week",
    "costs_week",
    "negligible_week",
    "partial",
    "sensitivity_text",
    "sensitivity_saves",
    "sensitivity_costs",
    "sensitivity_even",
    "sensitivity_holds",
    "sensitivity_holds_apart",
    "outweighed",
    "glossary",
    "sensitivity_flips",
    "without_volumes",
)
VOLUME_PROMPTS = (
    "contacts",
    "per",
    "aht",
    "target",
    "concurrency",
    "shrinkage",
    "max_occupancy",
    "currency",
    "agent_cost_per_hour",
)
# what each channel's defaults give: the values preselected at the volume prompts
DEFAULT_KEYS = ("contacts", "per", "aht", "target")
# the team-wide settings the interview asks after the channels, with a preselected fraction
SETTING_KEYS = ("shrinkage", "max_occupancy")


class VolumePrompts(NamedTuple):
    """The interview's optional volumes step, as workforce.yaml words it."""

    title: str
    purpose: str
    offer: str
    change: str
    prompts: Mapping[str, str]
    channel_defaults: Mapping[str, Mapping[str, Any]]  # concurrency only where it is asked
    defaults: Mapping[str, float]  # shrinkage and max_occupancy


def load_volume_prompts(
    reader: Reader, raw: Any, channels: list[str], levels: Mapping[int, float]
) -> VolumePrompts:
    raw = reader.mapping(raw, "interview")
    reader.only_keys(
        raw,
        ("title", "purpose", "offer", "change", "prompts", "defaults", "channel_defaults"),
        "interview",
    )
    prompts = reader.mapping(reader.get(raw, "prompts", dict), "prompts")
    reader.only_keys(prompts, VOLUME_PROMPTS, "prompts")
    defaults = reader.mapping(reader.get(raw, "channel_defaults", dict), "channel_defaults")
    reader.only_keys(defaults, channels, "channel_defaults")
    out: dict[str, dict[str, Any]] = {}
    for channel in channels:
        entry = reader.mapping(
            reader.get(defaults, channel, dict), f"channel_defaults.{channel}", owner=channel
        )
        reader.only_keys(entry, (*DEFAULT_KEYS, "concurrency"), "channel defaults", channel)
        out[channel] = {
            k: reader.get(entry, k, (int, float, str), owner=channel) for k in DEFAULT_KEYS
        }
        if "concurrency" in entry:
            level = entry["concurrency"]
            if isinstance(level, bool) or level not in levels:
                raise reader.error(
                    entry,
                    f"concurrency must be one of the concurrency_factors: "
                    f"{', '.join(map(str, sorted(levels)))}.",
                    key="concurrency",
                    at_value=True,
                )
            out[channel]["concurrency"] = level
    settings = reader.mapping(reader.get(raw, "defaults", dict), "interview.defaults")
    reader.only_keys(settings, SETTING_KEYS, "interview.defaults")
    fractions = {}
    for key in SETTING_KEYS:
        value = reader.get(settings, key, float)
        if not 0 < value < 1:
            raise reader.error(
                settings, f"{key} must be a fraction above 0 and below 1.", key=key, at_value=True
            )
        fractions[key] = value
    return VolumePrompts(
        reader.text(raw, "title"),
        reader.text(raw, "purpose"),
        reader.text(raw, "offer"),
        reader.text(raw, "change"),
        {k: reader.text(prompts, k) for k in VOLUME_PROMPTS},
        out,
        fractions,
    )


class PoolingSettings(NamedTuple):
    """How the pooling arithmetic turns into points for shared or dedicated agents."""

    points_per_percent: float
    max_points: float
    negligible_saving: float
    negligible_points: float
    sensitivity: tuple[float, ...]  # the switching penalties the report tries besides yours


class SanitySettings(NamedTuple):
    """Checks of the volumes against monthly_contacts and team_size, and their wording."""

    peak_to_average: float
    monthly_factor: float
    team_factor: float
    hours_per_agent_week: float
    closed_share: float
    texts: Mapping[str, str]


class WorkforceSettings(NamedTuple):
    sizing: SizingSettings
    hours: Mapping[str, OpeningHours]  # by coverage answer
    pooling: PoolingSettings
    texts: Mapping[str, str]
    sanity: SanitySettings
    interview: VolumePrompts | None = None  # the interview's volumes step

    @property
    def concurrency_factors(self) -> Mapping[int, float]:
        return self.sizing.concurrency_factors


_TOP_KEYS = (
    "concurrency_factors",
    "defaults",
    "coverage_hours",
    "intraday_shapes",
    "pooling",
    "sanity",
    "interview",
)
_DEFAULTS = ("switch_penalty", "deferred_occupancy", "shrinkage", "minimum_agents_open")
_SANITY_TEXTS = ("monthly", "team", "closed", "late")
BUSINESS_HOURS = "business_hours"  # the coverage whose hours a bare count per day assumes


def load_workforce_settings(
    data: Any, file: str, coverage_values: list[str], channels: list[str] | None = None
) -> WorkforceSettings:
    reader = Reader(file)
    top = reader.mapping(data, "the workforce file")
    reader.only_keys(top, _TOP_KEYS, "the workforce file")
    factors = _factors(reader, top)
    defaults = reader.mapping(reader.get(top, "defaults", dict), "defaults")
    reader.only_keys(defaults, _DEFAULTS, "defaults")
    fractions = {}
    for key in ("switch_penalty", "deferred_occupancy", "shrinkage"):
        fractions[key] = reader.get(defaults, key, float)
        if not 0 <= fractions[key] < 1 or (key == "deferred_occupancy" and fractions[key] == 0):
            raise reader.error(
                defaults, f"{key} must be a fraction from 0 to below 1.", key=key, at_value=True
            )
    minimum = reader.get(defaults, "minimum_agents_open", int)
    if minimum < 0:
        raise reader.error(
            defaults, "minimum_agents_open must be 0 or more.", key="minimum_agents_open"
        )
    hours = _coverage_hours(reader, top, coverage_values)
    shapes = _shapes(reader, top)
    pooling = reader.mapping(reader.get(top, "pooling", dict), "pooling")
    reader.only_keys(
        pooling,
        (
            "points_per_percent",
            "max_points",
            "negligible_saving",
            "negligible_points",
            "sensitivity",
            *_TEMPLATES,
        ),
        "pooling",
    )
    return WorkforceSettings(
        SizingSettings(
            factors,
            fractions["switch_penalty"],
            fractions["deferred_occupancy"],
            fractions["shrinkage"],
            minimum,
            shapes,
            hours.get(BUSINESS_HOURS) or next(iter(hours.values())),
        ),
        hours,
        PoolingSettings(
            reader.get(pooling, "points_per_percent", float),
            reader.get(pooling, "max_points", float),
            reader.get(pooling, "negligible_saving", float),
            reader.get(pooling, "negligible_points", float),
            _penalties(reader, pooling),
        ),
        {k: reader.text(pooling, k) for k in _TEMPLATES},
        _sanity(reader, top),
        load_volume_prompts(reader, top["interview"], channels or [], factors)
        if "interview" in top
        else None,
    )


def _factors(reader: Reader, top: dict) -> dict[int, float]:
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
    return factors


def _coverage_hours(
    reader: Reader, top: dict, coverage_values: list[str]
) -> dict[str, OpeningHours]:
    raw = reader.mapping(reader.get(top, "coverage_hours", dict), "coverage_hours")
    reader.only_keys(raw, coverage_values, "coverage_hours")
    out = {}
    for value in coverage_values:
        if value not in raw:
            raise reader.error(raw, f"coverage_hours needs the hours of coverage {value!r}.")
        try:
            out[value] = parse_hours(raw[value])
        except ValueProblem as problem:
            raise reader.error(
                raw, problem.message, key=value, at_value=True, hint=problem.hint
            ) from None
    return out


def _shapes(reader: Reader, top: dict) -> dict[str, tuple[float, ...]]:
    raw = reader.mapping(reader.get(top, "intraday_shapes", dict), "intraday_shapes")
    out = {}
    for name in raw:
        weights = reader.sequence(raw[name], f"the shape {name!r}", owner=str(name))
        ok = len(weights) == 24 and all(
            isinstance(w, (int, float)) and not isinstance(w, bool) and 0 <= w < 1e6
            for w in weights
        )
        if not ok or not sum(weights) > 0:
            raise reader.error(
                raw,
                f"the shape {name!r} must be 24 hourly weights from 00:00, none negative and "
                "not all 0.",
                key=name,
                at_value=True,
            )
        out[str(name)] = tuple(float(w) for w in weights)
    return out


def _penalties(reader: Reader, pooling: dict) -> tuple[float, ...]:
    raw = reader.sequence(reader.get(pooling, "sensitivity", list), "sensitivity")
    if not all(isinstance(p, (int, float)) and not isinstance(p, bool) and 0 <= p < 1 for p in raw):
        raise reader.error(
            pooling, "sensitivity lists switching penalties from 0 to below 1.", key="sensitivity"
        )
    return tuple(float(p) for p in raw)


def _sanity(reader: Reader, top: dict) -> SanitySettings:
    raw = reader.mapping(reader.get(top, "sanity", dict), "sanity")
    reader.only_keys(
        raw,
        (
            "peak_to_average",
            "monthly_factor",
            "team_factor",
            "hours_per_agent_week",
            "closed_share",
            "texts",
        ),
        "sanity",
    )
    closed = reader.get(raw, "closed_share", float)
    if not 0 <= closed <= 1:
        raise reader.error(raw, "closed_share must be a fraction from 0 to 1.", key="closed_share")
    numbers = {}
    for key in ("peak_to_average", "monthly_factor", "team_factor", "hours_per_agent_week"):
        numbers[key] = reader.get(raw, key, float)
        if not numbers[key] >= 1:
            raise reader.error(raw, f"{key} must be 1 or more.", key=key, at_value=True)
    texts = reader.mapping(reader.get(raw, "texts", dict), "sanity.texts")
    reader.only_keys(texts, _SANITY_TEXTS, "sanity.texts")
    return SanitySettings(
        numbers["peak_to_average"],
        numbers["monthly_factor"],
        numbers["team_factor"],
        numbers["hours_per_agent_week"],
        closed,
        {k: reader.text(texts, k) for k in _SANITY_TEXTS},
    )
