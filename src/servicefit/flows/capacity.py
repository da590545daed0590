"""`capacity`'s flow: the answers' weekly volumes and the agents given, run over the week at
each demand scale (the sizing's queueing math backwards)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from servicefit.errors import AnswersError, Location, UsageError
from servicefit.intake.answers import load_answers
from servicefit.knowledge.base import FIELD_COVERAGE, KnowledgeBase
from servicefit.staffing.capacity import POOLED, Capacity, capacity
from servicefit.staffing.erlang import StaffingError
from servicefit.staffing.sizing import is_weekly


@dataclass(frozen=True, kw_only=True, slots=True)
class CapacityRequest:
    answers: str = "-"  # an answers file with weekly volumes, or '-' for standard input
    agents: tuple[str, ...] = ()  # CHANNEL=N for each channel, or all=N
    scales: tuple[float, ...] = ()  # demand factors shown beside 1.0


@dataclass(frozen=True, kw_only=True, slots=True)
class CapacityRun:
    weeks: list[Capacity]  # at demand 1.0 first, then each other scale, rising
    team: dict[str, int]
    source: str  # the answers as the report names them


MAX_AGENTS = 100_000
SCALES = (0.05, 20.0)  # demand from a twentieth to twenty times: beyond is another business


def parse_agents(given: Sequence[str], channels: Sequence[str]) -> dict[str, int]:
    """`--agents` values: CHANNEL=N for each channel of the volumes, or all=N alone."""
    out: dict[str, int] = {}
    for item in given:
        name, sep, number = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(
                f"--agents {item!r}: write CHANNEL=N.", hint="--agents phone=8 --agents email=3"
            )
        if name != POOLED and name not in channels:
            raise UsageError(
                f"--agents {item!r}: {name!r} is not a channel of the volumes.",
                hint=f"Channels: {', '.join(channels)}; or all=N for one pooled team.",
            )
        try:
            count = int(number.strip())
        except ValueError:
            raise UsageError(
                f"--agents {item!r}: {number.strip()!r} is not a whole number of agents."
            ) from None
        if not 0 <= count <= MAX_AGENTS:
            raise UsageError(f"--agents {item!r}: give from 0 to {MAX_AGENTS:,} agents.")
        if name in out:
            raise UsageError(f"--agents names {name} twice.", hint="Give each channel once.")
        out[name] = count
    if POOLED in out and len(out) > 1:
        raise UsageError(
            "--agents all=N is one pooled team for every channel; it does not go with a "
            "number per channel.",
            hint="Give either all=N, or CHANNEL=N for each channel.",
        )
    if POOLED not in out:
        missing = [c for c in channels if c not in out]
        if missing:
            raise UsageError(
                f"--agents gives no number for {', '.join(missing)}.",
                hint=f"Add --agents {missing[0]}=N, or give one pooled team with --agents all=N.",
            )
    return out


def run(request: CapacityRequest, kb: KnowledgeBase) -> CapacityRun:
    for x in request.scales:
        if not SCALES[0] <= x <= SCALES[1]:
            raise UsageError(
                f"--scale {x:g}: give a factor from {SCALES[0]:g} to {SCALES[1]:g}.",
                hint="1.25 is a quarter more contacts than the answers give.",
            )
    source = request.answers
    answers = load_answers(source, kb)
    workload = answers.workload
    file = "<stdin>" if source == "-" else source
    if workload is None or not workload.channels:
        raise AnswersError(
            "capacity needs `volumes`: the contacts of a typical week per channel.",
            Location(file),
            "Add volumes (see examples/answers/weekly-volumes.yaml), or write them with "
            "`servicefit audit EXPORT --answers-out FILE` or `servicefit forecast`.",
        )
    if not is_weekly(workload):
        raise AnswersError(
            "capacity runs over a week: every channel's volumes must describe one (daily "
            "totals, a count per day, or a week of intervals), not the busiest interval.",
            Location(file, key="volumes"),
            "Give `daily:` or `week:` volumes, or `per: 1d` counts.",
        )
    channels = [ch.channel for ch in workload.channels]
    team = parse_agents(request.agents, channels)
    hours = kb.workforce.hours.get(answers.values.get(FIELD_COVERAGE, ""))
    wanted = [1.0, *sorted(set(request.scales) - {1.0})]
    try:
        caps = [capacity(workload, kb.workforce.sizing, team, x, hours) for x in wanted]
    except StaffingError as exc:
        raise AnswersError(
            f"the volumes cannot be run: {exc}", Location(file), "Check `volumes`."
        ) from None
    return CapacityRun(weeks=caps, team=team, source=answers.source or file)
