"""Output of the rule-set tools: `rules lint` problems and `rules test` case results."""

from __future__ import annotations

from collections.abc import Sequence

from servicefit.advice.cases import CaseResult
from servicefit.knowledge.lint import Problem
from servicefit.report.formats import Format
from servicefit.report.jsonout import dumps
from servicefit.yamlio.files import shown_path


def lint(problems: Sequence[Problem], path: str | None, fmt: Format) -> str:
    if fmt is Format.json:
        return dumps({"path": path or "default", "problems": [p.to_dict() for p in problems]})
    return "".join(p.text() + "\n" for p in problems)


def cases(results: Sequence[CaseResult], fmt: Format) -> str:
    failed = [r for r in results if not r.passed]
    if fmt is Format.json:
        return dumps(
            {
                "cases": [
                    {
                        "name": r.case.name,
                        "file": shown_path(r.case.file),
                        "line": r.case.line,
                        "passed": r.passed,
                        "failures": r.failures,
                    }
                    for r in results
                ],
                "passed": len(results) - len(failed),
                "failed": len(failed),
            }
        )
    lines = []
    for r in results:
        lines.append(
            f"{'PASS' if r.passed else 'FAIL'}  {r.case.name}  "
            f"({shown_path(r.case.file)}{f':{r.case.line}' if r.case.line is not None else ''})"
        )
        lines += [f"      - {failure}" for failure in r.failures]
    lines.append(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return "\n".join(lines) + "\n"
