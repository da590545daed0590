"""`servicefit staffing`: size one queue from its numbers, for what-if questions."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from servicefit.cli.output import Format, emit, emit_json, render_rich
from servicefit.errors import UsageError
from servicefit.intake.workload import PERIODS, ChannelVolume, Workload, duration, service_level
from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.wording import percent
from servicefit.knowledge.workforce import Sizer
from servicefit.staffing.erlang import (
    Metrics,
    StaffingError,
    erlang_a_metrics,
    erlang_c_metrics,
)

NEIGHBOURS = 3


def _metrics_dict(m: Metrics) -> dict[str, Any]:
    out: dict[str, Any] = {
        "agents": m.agents,
        "service_level": round(m.service_level, 4),
        "asa_seconds": round(m.asa_seconds, 1) if math.isfinite(m.asa_seconds) else None,
        "occupancy": round(m.occupancy, 4),
        "wait_probability": round(m.wait_probability, 4),
    }
    if m.abandonment is not None:
        out["abandonment"] = round(m.abandonment, 4)
    return out


def run(
    kb: KnowledgeBase,
    contacts: float,
    per: str,
    aht: float,
    target: str,
    shrinkage: float,
    max_occupancy: float | None,
    patience: float | None,
    concurrency: int,
    fmt: Format,
    output: Path | None,
) -> int:
    period = duration(per)
    if period is None:
        raise UsageError(
            f"--per {per!r} is not a period.", hint=f"Use one of {', '.join(PERIODS)}."
        )
    if not math.isfinite(contacts) or contacts < 0:
        raise UsageError(
            f"--contacts {contacts:g} is not allowed.",
            hint="Give zero or more contacts per period.",
        )
    factors = kb.workforce.concurrency_factors
    if concurrency not in factors:
        raise UsageError(
            f"--concurrency {concurrency} is not supported.",
            hint=f"Give a whole number from {min(factors)} to {max(factors)}.",
        )
    level = service_level(target)
    window = None if level is not None else duration(target)
    if level is None and window is None:
        raise UsageError(
            f"--target {target!r} is not a target.",
            hint="Write 80/20 for 80% answered within 20 seconds, or 24h for a response window.",
        )
    queue = ChannelVolume(
        "queue",
        contacts,
        period,
        per,
        aht,
        level[0] if level else None,
        level[1] if level else None,
        window,
        target,
        concurrency,
        patience,
    )
    sizer = Sizer(Workload((queue,), shrinkage, None, max_occupancy, None), kb.workforce)
    rate = queue.rate
    try:
        sized = sizer.channel(queue)
        table = []
        if window is None:
            effective, within = sizer.effective_aht(queue), queue.within
            low = max(1, sized.agents - NEIGHBOURS)
            table = [
                erlang_a_metrics(n, rate, effective, patience, within)
                if patience is not None
                else erlang_c_metrics(n, sized.load, effective, within)
                for n in range(low, sized.agents + NEIGHBOURS + 1)
            ]
    except StaffingError as exc:
        raise UsageError(str(exc)) from None
    doc: dict[str, Any] = {
        "model": sized.model,
        "inputs": {
            "contacts": contacts,
            "per": per,
            "aht_seconds": aht,
            "target": target,
            "shrinkage": shrinkage,
            "max_occupancy": max_occupancy,
            "patience_seconds": patience,
            "concurrency": concurrency,
        },
        "load_erlangs": round(sized.load, 4),
        "scheduled_agents": sized.scheduled_agents,
        **_metrics_dict(sized.metrics),
        "table": [_metrics_dict(m) for m in table],
    }
    if fmt is Format.json:
        emit_json(doc, output)
        return 0
    lines = [
        f"{sized.agents:,} agents ({sized.scheduled_agents:,} scheduled with {percent(shrinkage)} shrinkage) "
        f"for {contacts:g} contacts per {per}, handle time {aht:g} s, target {target}; load {sized.load:,.2f} Erlangs."
    ]
    if window is None:
        m = sized.metrics
        lines.append(
            f"Service level {percent(m.service_level)}, average speed of answer {m.asa_seconds:.1f} s, "
            f"occupancy {percent(m.occupancy)}, {percent(m.wait_probability)} of callers wait"
            + (f", {percent(m.abandonment)} abandon." if m.abandonment is not None else ".")
        )
    if fmt is Format.markdown:
        text = "\n\n".join(lines) + "\n"
        if table:
            text += "\n| agents | service level | ASA | occupancy |\n|--:|--:|--:|--:|\n"
            text += "".join(
                f"| {m.agents} | {percent(m.service_level)} | {_asa(m)} | {percent(m.occupancy)} |\n"
                for m in table
            )
        emit(text, output)
        return 0

    def draw(console) -> None:
        from rich.table import Table
        from rich.text import Text

        for line in lines:
            console.print(line)
        if table:
            grid = Table(box=None, pad_edge=False, header_style="bold")
            for header in ("agents", "service level", "ASA", "occupancy"):
                grid.add_column(header, justify="right")
            for m in table:
                style = "bold green" if m.agents == sized.agents else ""
                grid.add_row(
                    Text(f"{m.agents:,}", style=style),
                    percent(m.service_level),
                    _asa(m),
                    percent(m.occupancy),
                )
            console.print(grid)

    render_rich(draw, output)
    return 0


def _asa(m: Metrics) -> str:
    return f"{m.asa_seconds:.1f} s" if math.isfinite(m.asa_seconds) else "—"
