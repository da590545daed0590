"""`servicefit forecast`: audit the exports, forecast their weeks, report, and on request write
the busiest week as volumes for `recommend`."""

from __future__ import annotations

from pathlib import Path

from servicefit.cli.commands.audit import AuditFlags, audit_with_options, refuse_overwriting
from servicefit.cli.output import write
from servicefit.errors import InputError, UsageError
from servicefit.forecast.backtest import ForecastError
from servicefit.forecast.plan import plan_forecast
from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.forecast import forecast_file, load_forecast_settings
from servicefit.report import forecast as report
from servicefit.report.formats import ReportFormat
from servicefit.yamlio.files import write_output

MAX_WEEKS = 104


def run(
    kb: KnowledgeBase,
    exports: list[str],
    flags: AuditFlags,
    weeks: int,
    answers_out: Path | None,
    fmt: ReportFormat,
    output: Path | None,
) -> int:
    if not 1 <= weeks <= MAX_WEEKS:
        raise UsageError(
            f"--weeks {weeks}: give from 1 to {MAX_WEEKS} weeks.",
            hint="A quarter is 13 weeks: --weeks 13.",
        )
    paths = [Path(p) for p in exports]
    refuse_overwriting(
        {"an export": paths, "--holidays": [flags.holidays]},
        {"--output": output, "--answers-out": answers_out},
    )
    settings_path = forecast_file(kb.root)
    if settings_path is None:
        raise InputError(
            f"{kb.root}: this rule set has no forecast.yaml.",
            hint="Copy rules/forecast.yaml of servicefit's own rules into it.",
        )
    settings = load_forecast_settings(settings_path)
    result, options = audit_with_options(kb, paths, flags, prefix="")
    history = result.history
    try:
        fc = plan_forecast(
            history.daily, history.first_day, history.last_day, options.holidays, weeks, settings
        )
    except ForecastError as exc:
        raise InputError(
            f"{', '.join(exports)}: no forecast: {exc}.",
            hint="Give a longer export (or several), or a wider --since/--until.",
        ) from None
    warnings = [w["message"] for w in result.document["warnings"]]
    doc = report.document(fc, exports, flags.timezone, warnings)
    if answers_out is not None:
        from servicefit.audit.answers import scaled_volumes
        from servicefit.intake.answers import validate_answers

        busiest = fc.busiest()
        totals = {ch: line.forecast.values[busiest] for ch, line in fc.by_channel.items()}
        volumes = scaled_volumes(result.answers.get("volumes"), totals)
        if volumes is None:
            raise InputError(
                f"{', '.join(exports)}: no week of volumes to write: "
                f"{result.document['answers_not_measured'].get('volumes', 'no volumes')}.",
                hint="Volumes need creation times with times of day.",
            )
        answers = {"channels": sorted(volumes), "volumes": volumes}
        validate_answers(answers, kb, str(answers_out))  # a bug if it fails
        write_output(answers_out, report.volumes_yaml(answers, doc))
    write(report.render(fc, doc, fmt), output)
    return 0
