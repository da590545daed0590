"""`forecast`'s flow: audit the exports (the audit's request), turn their days into weeks and
forecast them; on request, the busiest forecast week as the weekly volumes `recommend` sizes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from servicefit.errors import InputError, UsageError
from servicefit.flows import audit as audit_flow
from servicefit.forecast.backtest import ForecastError
from servicefit.forecast.plan import Forecast, plan_forecast
from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.forecast import forecast_file, load_forecast_settings

MAX_WEEKS = 104


@dataclass(frozen=True, kw_only=True, slots=True)
class ForecastRequest:
    audit: audit_flow.AuditRequest = field(default_factory=audit_flow.AuditRequest)
    weeks: int = 13
    answers_out: Path | None = None  # where the busiest week's volumes go (None: not made)


@dataclass(frozen=True, kw_only=True, slots=True)
class Forecasted:
    plan: Forecast
    audited: audit_flow.Audited
    volumes: dict[str, Any] | None  # the answers --answers-out writes (channels and volumes)


def run(request: ForecastRequest, kb: KnowledgeBase) -> Forecasted:
    weeks, audit = request.weeks, request.audit
    if not 1 <= weeks <= MAX_WEEKS:
        raise UsageError(
            f"--weeks {weeks}: give from 1 to {MAX_WEEKS} weeks.",
            hint="A quarter is 13 weeks: --weeks 13.",
        )
    audit_flow.refuse_overwriting(
        {"an export": audit.exports, "--holidays": [audit.holidays]},
        {"--output": audit.output, "--answers-out": request.answers_out},
    )
    settings_path = forecast_file(kb.root)
    if settings_path is None:
        raise InputError(
            f"{kb.root}: this rule set has no forecast.yaml.",
            hint="Copy rules/forecast.yaml of servicefit's own rules into it.",
        )
    settings = load_forecast_settings(settings_path)
    audited = audit_flow.measured(audit, kb, prefix="")
    history, named = audited.result.history, ", ".join(str(p) for p in audit.exports)
    try:
        plan = plan_forecast(
            history.daily,
            history.first_day,
            history.last_day,
            audited.options.holidays,
            weeks,
            settings,
            history.contacts,
        )
    except ForecastError as exc:
        raise InputError(
            f"{named}: no forecast: {exc}.",
            hint="Give a longer export (or several), or a wider --since/--until.",
        ) from None
    answers = None
    if request.answers_out is not None:
        answers = _busiest_week(plan, audited, named)
        from servicefit.intake.answers import validate_answers

        validate_answers(answers, kb, str(request.answers_out))  # a bug if it fails
    return Forecasted(plan=plan, audited=audited, volumes=answers)


def _busiest_week(plan: Forecast, audited: audit_flow.Audited, named: str) -> dict[str, Any]:
    from servicefit.audit.answers import scaled_volumes

    result = audited.result
    busiest = plan.busiest()
    totals = {ch: line.forecast.values[busiest] for ch, line in plan.by_channel.items()}
    volumes = scaled_volumes(result.answers.get("volumes"), totals)
    if volumes is None:
        raise InputError(
            f"{named}: no week of volumes to write: "
            f"{result.document.answers_not_measured.get('volumes', 'no volumes')}.",
            hint="Volumes need creation times with times of day.",
        )
    return {"channels": sorted(volumes), "volumes": volumes}
