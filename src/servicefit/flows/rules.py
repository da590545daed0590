"""`rules lint` and `rules test`'s flows: the rule set's problems, and its test cases (read from
a file or a folder) with the intent lexicon's own examples, checked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from servicefit.advice.cases import Case, CaseResult, cases_in, check_case
from servicefit.errors import Location, RulesError
from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.lint import Problem
from servicefit.knowledge.lint import lint as find_problems
from servicefit.yamlio.read import load_file


@dataclass(frozen=True, kw_only=True, slots=True)
class RulesRequest:
    rules: str | None = None  # the rule set (None: servicefit's own)
    cases: str | None = None  # a file or folder of cases (None: the rule set's own)


def lint(request: RulesRequest) -> list[Problem]:
    return find_problems(request.rules)


def load_cases(path: Path, kb: KnowledgeBase) -> list[Case]:
    """Every case of a file or, recursively, of a folder of *.yaml files, in path order."""
    files = sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
    return [case for file in files for case in cases_in(load_file(file), str(file), kb)]


def test(request: RulesRequest, kb: KnowledgeBase) -> list[CaseResult]:
    if request.cases is not None:
        where = Path(request.cases)
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
    if request.cases is None:  # the rule set's own tests: its cases, and its intent lexicon
        results += _intent_results(kb)
    return results


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
