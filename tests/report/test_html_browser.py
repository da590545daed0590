"""The HTML report in a real browser: headless Chromium loads every shipped example without a
console error, draws every chart with a size, and takes screenshots at phone and desktop width.

Skipped, saying so, only when no Chromium is installed (`.ci/run` installs Debian's chromium).
Set SERVICEFIT_SCREENSHOTS=DIR to keep the screenshots (the README's comes from here).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_cli

CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
pytestmark = [
    pytest.mark.slow,  # see pyproject.toml
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no Chromium to render the HTML report in (apt-get install chromium; .ci/run does)",
    ),
]
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.*"))
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run"]
# added to a copy of the page only: the report itself carries no script
PROBE = """<script>
window.__errors = [];
window.addEventListener('error', e => window.__errors.push(String(e.message)));
window.addEventListener('load', () => {
  const charts = [...document.querySelectorAll('figure.chart svg')].map(svg => {
    const box = svg.getBoundingClientRect();
    const titles = [...svg.querySelectorAll('text.title')].map(t => t.textContent.trim());
    return [box.width, box.height, titles];
  });
  const overlaps = [];  // two labels of one chart drawn over each other
  document.querySelectorAll('figure.chart svg').forEach((svg, n) => {
    const boxes = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
      .map(t => [t.textContent.trim(), t.getBoundingClientRect()]);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [a, r] = boxes[i], [b, s] = boxes[j];
      const w = Math.min(r.right, s.right) - Math.max(r.left, s.left);
      const h = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
      if (w > 1 && h > 1) overlaps.push([n, a, b]);
    }
  });
  const width = [document.documentElement.scrollWidth, window.innerWidth];
  document.body.setAttribute(
    'data-probe', JSON.stringify({charts, overlaps, width, errors: window.__errors}));
});
</script>"""


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *FLAGS, *args], capture_output=True, text=True, timeout=120, check=False
    )


def page(path: Path, tmp_path: Path, command: tuple[str, ...] = ("recommend",)) -> Path:
    result = run_cli([*command, "-a", str(path), "-f", "html"])
    assert result.exit_code in (0, 1), result.stderr  # diff: 1 when the advice changed
    out = tmp_path / f"{path.stem}.html"
    out.write_text(result.stdout, encoding="utf-8")
    return out


PAGES = [(p, ("recommend",)) for p in EXAMPLE_FILES] + [
    (EXAMPLES / "online-grocer.yaml", ("explain",)),
    (EXAMPLES / "online-grocer.yaml", ("diff", "--set", "team_size=60")),
]


PLANNING = {
    "audit": (
        "audit",
        str(EXAMPLES.parent / "exports" / "webshop-history.csv.gz"),
        "--source-timezone",
        "UTC",
    ),
    # a real export: dates only (no week), a channel of 2%, intents of 0.3%
    "audit-cfpb": (
        "audit",
        str(Path(__file__).parents[1] / "audit" / "fixtures" / "real" / "cfpb-complaints.csv"),
    ),
    "batch": ("batch", str(EXAMPLES)),  # every shipped answers file on one page
    "forecast": (
        "forecast",
        str(EXAMPLES.parent / "exports" / "webshop-history.csv.gz"),
        "--source-timezone",
        "UTC",
    ),
    "capacity": (
        "capacity",
        "-a",
        str(EXAMPLES / "weekly-volumes.yaml"),
        "--agents",
        "all=15",
        "--scale",
        "1.25",
    ),
}


@pytest.mark.parametrize(("path", "command"), PAGES, ids=[f"{c[0]}-{p.name}" for p, c in PAGES])
def test_every_page_loads_and_draws_its_charts(
    path: Path, command: tuple[str, ...], tmp_path: Path
) -> None:
    loads_and_draws(page(path, tmp_path, command), tmp_path)


@pytest.mark.parametrize("name", sorted(PLANNING))
def test_the_planning_pages_load_and_draw_their_charts(name: str, tmp_path: Path) -> None:
    result = run_cli([*PLANNING[name], "-f", "html"])
    assert result.exit_code == 0, result.stderr
    report = tmp_path / f"{name}.html"
    report.write_text(result.stdout, encoding="utf-8")
    loads_and_draws(report, tmp_path)


def loads_and_draws(report: Path, tmp_path: Path) -> None:
    """Chromium loads the page with no error on its console and draws every chart with a size."""
    probed = tmp_path / "probed.html"
    probed.write_text(report.read_text().replace("</body>", PROBE + "</body>"))
    run = chromium(
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=5000",
        "--window-size=390,1400",  # a phone: nothing may be wider than the screen
        "--dump-dom",
        probed.as_uri(),
    )
    assert run.returncode == 0, run.stderr[-2000:]
    found = re.search(r'data-probe="([^"]*)"', run.stdout)
    assert found, "the page did not finish loading"
    probe = json.loads(html.unescape(found.group(1)))
    assert probe["errors"] == []
    assert probe["charts"] and all(w > 100 and h > 50 for w, h, _ in probe["charts"])
    # every chart has its title and at least one axis title (pygal: text.title)
    assert all(len(titles) >= 2 and all(titles) for _, _, titles in probe["charts"])
    assert probe["overlaps"] == []
    page_width, screen = probe["width"]
    assert page_width <= screen, "the page is wider than a phone's screen"
    console = [line for line in run.stderr.splitlines() if re.search(r":CONSOLE[:(]", line)]
    assert console == [], console


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_screenshots_at_phone_and_desktop_width(width: int, tmp_path: Path) -> None:
    report = page(EXAMPLES / "weekly-volumes.yaml", tmp_path)
    shot = tmp_path / f"report-{width}.png"
    run = chromium(f"--window-size={width},1400", f"--screenshot={shot}", report.as_uri())
    assert run.returncode == 0 and shot.is_file(), run.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000  # drawn, not blank
    keep = os.environ.get("SERVICEFIT_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)


def test_the_report_prints_to_pdf(tmp_path: Path) -> None:
    report = page(EXAMPLES / "weekly-volumes.yaml", tmp_path)
    pdf = tmp_path / "report.pdf"
    run = chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.as_uri())
    assert run.returncode == 0 and pdf.is_file(), run.stderr[-2000:]
    data = pdf.read_bytes()
    pages = data.count(b"/Type /Page") - data.count(b"/Type /Pages")
    assert data.startswith(b"%PDF") and 2 <= pages <= 12, pages
