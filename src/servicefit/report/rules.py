"""Output of the rule-set tools: `rules lint` problems and `rules test` case results."""

from __future__ import annotations

from collections.abc import Sequence

from servicefit.advice.cases import CaseResult
from servicefit.knowledge.lint import Problem
from servicefit.report.common import md_cell
from servicefit.report.formats import Format
from servicefit.report.jsonout import dumps
from servicefit.yamlio.files import shown_path


def lint(problems: Sequence[Problem], path: str | None, fmt: Format) -> str:
    if fmt is Format.json:
        return dumps({"path": path or "default", "problems": [p.to_dict() for p in problems]})
    if fmt is Format.markdown:
        head = f"# servicefit rules lint: {_md(path or 'the default rule set')}\n\n"
        if not problems:
            return head + "No problems.\n"
        rows = "".join(
            f"| {_md(p.file)}:{p.line or ''}:{p.column or ''} | {_md(p.owner or '')} | "
            f"{_md(p.message + (' ' + p.hint if p.hint else ''))} | {p.code} |\n"
            for p in problems
        )
        return head + "| where | id | problem | code |\n|---|---|---|---|\n" + rows
    return "".join(p.text() + "\n" for p in problems)


def _md(text: str) -> str:
    return md_cell(text).replace("<", "&lt;")


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
    if fmt is Format.markdown:
        out = ["# servicefit rules test\n\n"]
        for r in results:
            where = shown_path(r.case.file) + (f":{r.case.line}" if r.case.line is not None else "")
            mark = "PASS" if r.passed else "**FAIL**"
            out.append(f"- {mark} {_md(r.case.name)} ({_md(where)})\n")
            out += [f"  - {_md(failure)}\n" for failure in r.failures]
        out.append(f"\n{len(results) - len(failed)} passed, {len(failed)} failed\n")
        return "".join(out)
    lines = []
    for r in results:
        lines.append(
            f"{'PASS' if r.passed else 'FAIL'}  {r.case.name}  "
            f"({shown_path(r.case.file)}{f':{r.case.line}' if r.case.line is not None else ''})"
        )
        lines += [f"      - {failure}" for failure in r.failures]
    lines.append(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return "\n".join(lines) + "\n"
