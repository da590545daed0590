"""report/charts.py: pygal imported without its plugin search and without lxml, the same
charts either way. Each check runs in a fresh interpreter, where pygal is not yet imported."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

DRAW = """
from servicefit.report import charts
svg = charts.bars("s", "Score", ["a", "b"], [40.0, 75.5], "Score (0-100)", top=100)
svg += charts.stacked("b", "Blend", [("x", 60.0), ("y", 40.0)], "Share", ["#123456", "#654321"])
print(svg)
"""


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_pygal_is_imported_without_its_searches_and_everything_is_put_back() -> None:
    out = _python(
        "import sys\n"
        "from servicefit.report import charts\n"
        "pygal = charts._pygal()\n"
        "print(sys.modules.get('importlib_metadata', 'absent') != 'absent'"
        " and not hasattr(sys.modules['importlib_metadata'], 'version'))\n"
        "print('lxml' in sys.modules)\n"
        "print(pygal.etree.etree.lxml)\n"
        "print(charts._pygal() is pygal)\n"
    )
    # no stub left behind, no lxml entry (None) left behind, ElementTree draws, one import
    assert out.split() == ["False", "False", "False", "True"]


def test_an_installed_lxml_is_not_used_and_is_left_as_it_was() -> None:
    # lxml writes other bytes than ElementTree: the same page would differ between machines
    out = _python(
        "import sys, types\n"
        "fake = types.ModuleType('lxml')\n"
        "fake.etree = types.ModuleType('lxml.etree')\n"
        "sys.modules['lxml'], sys.modules['lxml.etree'] = fake, fake.etree\n"
        "from servicefit.report import charts\n"
        "pygal = charts._pygal()\n"
        "print(pygal.etree.etree.lxml, sys.modules['lxml'] is fake)\n"
    )
    assert out.split() == ["False", "True"]


def test_the_charts_are_the_same_bytes_as_with_pygal_imported_the_ordinary_way() -> None:
    hidden = _python(DRAW)
    ordinary = _python("import pygal\n" + DRAW)
    assert hidden == ordinary
    assert "<svg" in hidden and "<script" not in hidden


def test_a_pygal_that_needs_more_of_importlib_metadata_is_imported_the_ordinary_way() -> None:
    out = _python(
        "import sys, types\n"
        "from servicefit.report import charts\n"
        "charts._no_plugins = lambda: types.ModuleType('importlib_metadata')\n"
        "pygal = charts._pygal()\n"
        "print(type(pygal.maps).__name__, hasattr(pygal, 'HorizontalBar'))\n"
        "print(hasattr(sys.modules['importlib_metadata'], 'version'))\n"
    )
    # the real importlib_metadata served the second import
    assert out.split() == ["module", "True", "True"]


@pytest.mark.parametrize(
    ("values", "marks"),
    [([3, 1], "0 1 2 3 4"), ([2026, 41], "0 500 1,000 1,500 2,000 2,500"), ([9], "0 2 4 6 8 10")],
)
def test_counted_bars_are_marked_at_whole_numbers(values: list[int], marks: str) -> None:
    """No "0.4 inputs": the axis of counts steps by 1, 2 or 5 times a power of ten."""
    from servicefit.report import charts

    svg = charts.bars("n", "t", [f"x{v}" for v in values], values, "Inputs", whole=True)
    axis = svg[svg.index('class="axis x always_show">') :]
    drawn = re.findall(r"<text[^>]*>([^<]+)</text>", axis)
    assert " ".join(drawn[: len(marks.split())]) == marks, drawn
