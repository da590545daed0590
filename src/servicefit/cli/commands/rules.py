"""`servicefit rules lint` and `servicefit rules test`: tools for the people who write rules."""

from __future__ import annotations

from pathlib import Path

from servicefit.cli.output import diagnostic, emit
from servicefit.errors import EXIT_FAILURES, EXIT_OK
from servicefit.flows import rules as flow
from servicefit.knowledge.base import KnowledgeBase
from servicefit.report import rules as report
from servicefit.report.formats import Format


def lint(request: flow.RulesRequest, fmt: Format, output: Path | None) -> int:
    problems = flow.lint(request)
    emit(report.lint(problems, request.rules, fmt), output)
    label = request.rules or "the default rule set"
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        diagnostic(f"servicefit: {count} in {label}.")
        return EXIT_FAILURES
    diagnostic(f"servicefit: no problems in {label}.")
    return EXIT_OK


def test(kb: KnowledgeBase, request: flow.RulesRequest, fmt: Format, output: Path | None) -> int:
    results = flow.test(request, kb)
    emit(report.cases(results, fmt), output)
    return EXIT_FAILURES if any(not r.passed for r in results) else EXIT_OK
