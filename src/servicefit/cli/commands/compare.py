"""`servicefit diff` and `servicefit schema`."""

from __future__ import annotations

from pathlib import Path

from servicefit.cli.output import Format, emit, emit_json
from servicefit.errors import EXIT_FAILURES, UsageError
from servicefit.knowledge.base import KnowledgeBase
from servicefit.messages import did_you_mean


def diff(kb: KnowledgeBase, first: str, second: str, fmt: Format, output: Path | None) -> int:
    from servicefit.advice.diff import diff_sides, load_side
    from servicefit.knowledge.wording import percent

    result = diff_sides(load_side(first, kb), load_side(second, kb))
    if fmt is Format.json:
        emit_json(result, output)
    else:
        lines: list[str] = []
        for r in result["results"]:
            head = f"{r['input']}: " if r["input"] else ""
            top, staffing, auto = r["top_model"], r["staffing"], r["automated_share"]
            lines.append(
                f"{head}top model {top['from']} → {top['to']}"
                if top["changed"]
                else f"{head}top model unchanged ({top['to']})"
            )
            lines.append(
                f"{head}staffing {staffing['from']} → {staffing['to']}"
                if staffing["changed"]
                else f"{head}staffing unchanged ({staffing['to']})"
            )
            if auto["from"] != auto["to"]:
                lines.append(
                    f"{head}automated share {percent(auto['from'])} → {percent(auto['to'])}"
                )
            for m in r["models"]:
                lines.append(
                    f"{head}  {m['id']}: rank {m['rank'][0]} → {m['rank'][1]}, "
                    f"score {m['score'][0]} → {m['score'][1]}"
                )
            for c in r["blend"]:
                lines.append(
                    f"{head}  blend {c['model']}: {percent(c['share'][0])} → {percent(c['share'][1])}"
                )
        lines += [f"only in {first}: {k}" for k in result["only_in_first"]]
        lines += [f"only in {second}: {k}" for k in result["only_in_second"]]
        lines.append(
            "the top model or the staffing choice changed"
            if result["changed"]
            else "no change in the top model or the staffing choice"
        )
        emit("\n".join(lines) + "\n", output)
    return EXIT_FAILURES if result["changed"] else 0


def schema(kb: KnowledgeBase, which: str, output: Path | None) -> int:
    from servicefit.report.schemas import SCHEMAS

    if which not in SCHEMAS:
        raise UsageError(
            f"there is no schema {which!r}.{did_you_mean(which, SCHEMAS)}",
            hint=f"Schemas: {', '.join(SCHEMAS)}.",
        )
    emit_json(SCHEMAS[which](kb), output)
    return 0
