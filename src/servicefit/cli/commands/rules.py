"""`servicefit rules lint` and `servicefit rules test`: tools for the people who write rules."""

from __future__ import annotations

from pathlib import Path

from servicefit.cli.output import Format, diagnostic, emit, emit_json
from servicefit.errors import EXIT_FAILURES, EXIT_OK, Location, RulesError
from servicefit.knowledge.base import KnowledgeBase
from servicefit.yamlio.files import shown_path


def lint(path: str | None, fmt: Format, output: Path | None) -> int:
    from servicefit.knowledge.lint import lint as find_problems

    problems = find_problems(path)
    if fmt is Format.json:
        emit_json({"path": path or "default", "problems": [p.to_dict() for p in problems]}, output)
    else:
        emit("".join(p.text() + "\n" for p in problems), output)
    label = path or "the default rule set"
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        diagnostic(f"servicefit: {count} in {label}.")
        return EXIT_FAILURES
    diagnostic(f"servicefit: no problems in {label}.")
    return EXIT_OK


def test(kb: KnowledgeBase, cases_path: str | None, fmt: Format, output: Path | None) -> int:
    from servicefit.advice.cases import check_case, load_cases

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
    failed = [r for r in results if not r.passed]
    if fmt is Format.json:
        doc = {
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
        emit_json(doc, output)
    else:
        lines = []
        for r in results:
            lines.append(
                f"{'PASS' if r.passed else 'FAIL'}  {r.case.name}  "
                f"({shown_path(r.case.file)}:{r.case.line})"
            )
            lines += [f"      - {failure}" for failure in r.failures]
        lines.append(f"{len(results) - len(failed)} passed, {len(failed)} failed")
        emit("\n".join(lines) + "\n", output)
    return EXIT_FAILURES if failed else EXIT_OK
