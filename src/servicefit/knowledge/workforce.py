"""Sizing the human queues from contact volumes: per channel, pooled, and after the blend.

Dedicated staffing is the sum of each channel's own requirement. Shared staffing pools the
real-time channels (phone, chat, …) into one queue held to the strictest target, with handle
times raised by the channel-switching penalty; deferred work (email) fills the pool's idle time
up to the occupancy cap. The pooling saving, or loss, becomes points for shared or dedicated.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, NamedTuple

from servicefit.advice.recommendation import Reason
from servicefit.intake.workload import ChannelVolume, Workload
from servicefit.knowledge.reader import Reader
from servicefit.knowledge.volume_prompts import VolumePrompts, load_volume_prompts
from servicefit.knowledge.wording import percent
from servicefit.messages import shown
from servicefit.staffing.erlang import Sizing, schedule, size_deferred, size_erlang_a, size_erlang_c

POOLING_RULE = "pooling-arithmetic"
SHARED, DEDICATED = "shared", "dedicated"
_TEMPLATES = ("saves", "costs", "negligible", "without_volumes")


class WorkforceSettings(NamedTuple):
    concurrency_factors: Mapping[int, float]
    switch_penalty: float
    deferred_occupancy: float
    shrinkage: float
    open_hours: Mapping[str, float]
    points_per_percent: float
    max_points: float
    negligible_saving: float
    negligible_points: float
    texts: Mapping[str, str]
    interview: VolumePrompts | None = None  # the interview's volumes step


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
        factors,
        fractions["switch_penalty"],
        fractions["deferred_occupancy"],
        fractions["shrinkage"],
        {k: reader.get(hours, k, float) for k in hours},
        reader.get(pooling, "points_per_percent", float),
        reader.get(pooling, "max_points", float),
        reader.get(pooling, "negligible_saving", float),
        reader.get(pooling, "negligible_points", float),
        {k: reader.text(pooling, k) for k in _TEMPLATES},
        load_volume_prompts(reader, top["interview"], channels or [])
        if "interview" in top
        else None,
    )


def _round(value: float | None, places: int = 4) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value, places)


def sizing_dict(s: Sizing) -> dict[str, Any]:
    m = s.metrics
    out: dict[str, Any] = {
        "model": s.model,
        "load_erlangs": _round(s.load, 3),
        "agents": s.agents,
        "scheduled_agents": s.scheduled_agents,
        "service_level": _round(m.service_level),
        "asa_seconds": _round(m.asa_seconds, 1),
        "occupancy": _round(m.occupancy),
        "wait_probability": _round(m.wait_probability),
    }
    if m.abandonment is not None:
        out["abandonment"] = _round(m.abandonment)
    if s.model == "deferred":  # no one waits on the line: the window is met by having the capacity
        for key in ("service_level", "asa_seconds", "wait_probability"):
            out.pop(key)
    return out


class Sizer:
    """Sizes one workload under one set of settings and answers."""

    def __init__(self, workload: Workload, settings: WorkforceSettings):
        self.workload = workload
        self.settings = settings
        self.shrinkage = (
            workload.shrinkage if workload.shrinkage is not None else settings.shrinkage
        )
        self.penalty = (
            workload.switch_penalty
            if workload.switch_penalty is not None
            else settings.switch_penalty
        )
        self.max_occupancy = workload.max_occupancy
        self.deferred_occupancy = workload.max_occupancy or settings.deferred_occupancy

    def effective_aht(self, ch: ChannelVolume) -> float:
        return ch.aht / self.settings.concurrency_factors[ch.concurrency]

    def channel(self, ch: ChannelVolume, scale: float = 1.0) -> Sizing:
        rate = ch.rate * scale
        if ch.deferred:
            return size_deferred(
                rate, ch.aht, ch.window, self.deferred_occupancy, shrinkage=self.shrinkage
            )
        aht = self.effective_aht(ch)
        if ch.patience is not None:
            return size_erlang_a(
                rate,
                aht,
                ch.level,
                ch.within,
                ch.patience,
                shrinkage=self.shrinkage,
                max_occupancy=self.max_occupancy,
            )
        return size_erlang_c(
            rate,
            aht,
            ch.level,
            ch.within,
            shrinkage=self.shrinkage,
            max_occupancy=self.max_occupancy,
        )

    def pooled(self, scale: float = 1.0) -> tuple[int, int, Sizing | None, str]:
        channels = self.workload.channels
        inflate = 1 + self.penalty if len(channels) > 1 else 1.0
        live = [c for c in channels if not c.deferred]
        deferred_load = sum(c.rate * scale * c.aht * inflate for c in channels if c.deferred)
        pooled: Sizing | None = None
        target = ""
        agents = 0
        if live:
            live_rate = sum(c.rate for c in live)
            rate = live_rate * scale
            # the pooled handle time is the contact-weighted mean of the channels' handle times
            if live_rate > 0:
                aht = sum(c.rate * self.effective_aht(c) for c in live) / live_rate * inflate
            else:
                aht = self.effective_aht(live[0]) * inflate
            level = max(c.level for c in live)
            within = min(c.within for c in live)
            target = f"{level * 100:g}/{within:g}"
            if all(c.patience is not None for c in live) and rate > 0:
                patience = sum(c.rate * c.patience for c in live) / live_rate
                pooled = size_erlang_a(
                    rate, aht, level, within, patience, max_occupancy=self.max_occupancy
                )
            else:
                pooled = size_erlang_c(rate, aht, level, within, max_occupancy=self.max_occupancy)
            agents = pooled.agents
            total_load = pooled.load + deferred_load
        else:
            total_load = deferred_load
        if deferred_load > 0:
            agents = max(agents, math.ceil(total_load / self.deferred_occupancy - 1e-9))
        return agents, schedule(agents, self.shrinkage), pooled, target


def size_workload(workload: Workload, settings: WorkforceSettings) -> dict[str, Any]:
    sizer = Sizer(workload, settings)
    by_channel = {}
    dedicated = scheduled = 0
    for ch in workload.channels:
        sized = sizer.channel(ch)
        dedicated += sized.agents
        scheduled += sized.scheduled_agents
        by_channel[ch.channel] = {
            "contacts": ch.contacts,
            "per": ch.per,
            "aht_seconds": ch.aht,
            "target": ch.target,
            **({"concurrency": ch.concurrency} if ch.concurrency != 1 else {}),
            **({"patience_seconds": ch.patience} if ch.patience is not None else {}),
            **sizing_dict(sized),
        }
    shared, shared_scheduled, pooled, target = sizer.pooled()
    shared_doc: dict[str, Any] = {"agents": shared, "scheduled_agents": shared_scheduled}
    if pooled is not None:
        shared_doc.update(
            target=target,
            **{
                k: v
                for k, v in sizing_dict(pooled).items()
                if k in ("model", "service_level", "asa_seconds", "occupancy")
            },
        )
    saving = (dedicated - shared) / dedicated if dedicated else 0.0
    return {
        "dedicated": {"agents": dedicated, "scheduled_agents": scheduled, "by_channel": by_channel},
        "shared": shared_doc,
        "pooling_saving": round(saving, 4),
        "assumptions": {
            "switch_penalty": sizer.penalty,
            "switch_penalty_from": "answers" if workload.switch_penalty is not None else "default",
            "shrinkage": sizer.shrinkage,
            "max_occupancy": sizer.max_occupancy,
            "deferred_occupancy": sizer.deferred_occupancy,
            "concurrency_factors": {str(k): v for k, v in settings.concurrency_factors.items()},
            "pooled_queue": "real-time channels pooled at the strictest target; deferred work fills idle time",
        },
    }


def pooling_reason(sizing: Mapping[str, Any], settings: WorkforceSettings) -> Reason | None:
    dedicated = sizing["dedicated"]["agents"]
    shared = sizing["shared"]["agents"]
    if dedicated == 0:
        return None
    saving = sizing["pooling_saving"]
    words = {
        "shared": f"{shared:,}",
        "dedicated": f"{dedicated:,}",
        "saving": percent(abs(saving)),
        "threshold": percent(settings.negligible_saving),
    }
    if saving >= settings.negligible_saving:
        points = min(settings.max_points, saving * 100 * settings.points_per_percent)
        return Reason(
            POOLING_RULE, round(points, 1), settings.texts["saves"].format(**words), SHARED
        )
    if saving < 0:
        points = min(settings.max_points, -saving * 100 * settings.points_per_percent)
        return Reason(
            POOLING_RULE, round(points, 1), settings.texts["costs"].format(**words), DEDICATED
        )
    return Reason(
        POOLING_RULE,
        settings.negligible_points,
        settings.texts["negligible"].format(**words),
        DEDICATED,
    )


def blend_effect(
    workload: Workload,
    settings: WorkforceSettings,
    sizing: Mapping[str, Any],
    automated_share: float,
    staffing: str,
    coverage: str | None,
) -> dict[str, Any]:
    """Agents before and after the automated share is taken off every human queue, and the cost.

    ``sizing`` is what `size_workload` found for the full volumes: the "before" side.
    """
    before = sizing[staffing]["agents"]
    before_scheduled = sizing[staffing]["scheduled_agents"]
    sizer = Sizer(workload, settings)
    scale = 1 - automated_share
    if staffing == SHARED:
        after, after_scheduled, _, _ = sizer.pooled(scale)
    else:
        sized = [sizer.channel(ch, scale) for ch in workload.channels]
        after, after_scheduled = (
            sum(s.agents for s in sized),
            sum(s.scheduled_agents for s in sized),
        )
    out: dict[str, Any] = {
        "staffing": staffing,
        "automated_share": automated_share,
        "agents_before": before,
        "agents_after": after,
        "scheduled_before": before_scheduled,
        "scheduled_after": after_scheduled,
    }
    if workload.agent_cost_per_hour is not None and coverage in settings.open_hours:
        hours = settings.open_hours[coverage]
        cost = workload.agent_cost_per_hour
        out.update(
            open_hours_per_month=hours,
            agent_cost_per_hour=cost,
            cost_basis="scheduled agents for the given interval, kept for every open hour of the month",
            monthly_cost_before=round(before_scheduled * hours * cost, 2),
            monthly_cost_after=round(after_scheduled * hours * cost, 2),
            monthly_saving=round((before_scheduled - after_scheduled) * hours * cost, 2),
        )
    return out
