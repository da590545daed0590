"""`servicefit rules lint` and `servicefit rules test`: tools for the people who write rules."""

from __future__ import annotations

from pathlib import Path

from servicefit.advice.cases import Case, CaseResult, check_case, load_cases
from servicefit.cli.output import diagnostic, emit
from servicefit.errors import EXIT_FAILURES, EXIT_OK, Location, RulesError
from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.lint import lint as find_problems
from servicefit.report import rules as report
from servicefit.report.formats import Format


def lint(path: str | None, fmt: Format, output: Path | None) -> int:
    problems = find_problems(path)
    emit(report.lint(problems, path, fmt), output)
    label = path or "the default rule set"
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        diagnostic(f"servicefit: {count} in {label}.")
        return EXIT_FAILURES
    diagnostic(f"servicefit: no problems in {label}.")
    return EXIT_OK


def test(kb: KnowledgeBase, cases_path: str | None, fmt: Format, output: Path | None) -> int:
    if cases_path is not None:
        where = Path(cases_path)
        if not where.exists():
            raise RulesError("no such file or folder of test cases.", Location(str(where)))
    elif kb.cases_dir is not None:
        where = kb.cases_dir
    else:
        raise RulesError(
            "this rule set has no test cases.",
            None,
            "Give a file or folder of cases: `servicefit rules test CASES --rules RULES`.",
        )
    results = [check_case(case, kb) for case in load_cases(where, kb)]
    if cases_path is None:  # the rule set's own tests: its cases, and its intent lexicon
        results += _intent_results(kb)
    emit(report.cases(results, fmt), output)
    return EXIT_FAILURES if any(not r.passed for r in results) else EXIT_OK


def _intent_results(kb: KnowledgeBase) -> list[CaseResult]:
    from servicefit.audit.selftest import check_intents
    from servicefit.knowledge.audit import audit_root, load_audit_rules
    from servicefit.knowledge.base import FIELD_CHANNELS, choice_values

    root = audit_root(kb.root)
    if root is None:
        return []
    rules = load_audit_rules(root, choice_values(kb.questions, FIELD_CHANNELS))
    return [
        CaseResult(Case(check.name, check.file, None, {}, {}), check.failures)
        for check in check_intents(rules)
    ]
