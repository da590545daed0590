"""The wording of the interview's optional volumes step, read from workforce.yaml."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from servicefit.knowledge.reader import Reader

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
