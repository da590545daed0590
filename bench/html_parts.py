"""Where the HTML page's time goes, in one process: python bench/html_parts.py [ROUNDS]

Run by bench/html.py. Recommends for examples/answers/weekly-volumes.yaml once, renders the
page once (paying the imports of Jinja2 and pygal and the template cache's first read), then
ROUNDS times each: the three charts alone, and the whole page (charts and template). Prints
the medians in milliseconds.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from servicefit.flows.recommend import RecommendRequest, run
from servicefit.knowledge.rulesets import default_knowledge
from servicefit.report.heading import Heading

ANSWERS = Path(__file__).resolve().parents[1] / "examples" / "answers" / "weekly-volumes.yaml"


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    kb = default_knowledge()
    rec = run(RecommendRequest(answers=str(ANSWERS)), kb)
    head = Heading(answers=ANSWERS.name)
    start = time.perf_counter()
    from servicefit.report import charts, htmlpage

    htmlpage.render(rec, kb, head)
    first = time.perf_counter() - start
    pages, drawn = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        htmlpage.render(rec, kb, head)
        pages.append(time.perf_counter() - start)
        start = time.perf_counter()
        ranked = list(reversed(rec.models))
        charts.bars("s", "t", [m.id for m in ranked], [m.score for m in ranked], "x", top=100)
        parts = [(c.model, c.share * 100) for c in rec.blend.components]
        charts.stacked("b", "t", parts, "x", ["#333"] * len(parts))
        charts.bars("f", "t", list(kb.staffing), [1.0] * len(kb.staffing), "x")
        drawn.append(time.perf_counter() - start)
    ms = 1000
    print(
        f"  in one process: the first page {first * ms:.0f} ms (with the imports); then a page "
        f"{statistics.median(pages) * ms:.1f} ms, of which the three charts "
        f"{statistics.median(drawn) * ms:.1f} ms"
    )


if __name__ == "__main__":
    main()
