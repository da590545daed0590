"""The HTML report's charts: static SVG drawn by pygal (no script, no network), made
deterministic (pygal names each chart with a random id and stamps the date in a comment).

pygal over matplotlib: 1.3 MB installed and 58 ms to import against 87 MB (with numpy and
Pillow) and 620 ms, for the same bar charts; it writes SVG, which scales in print, and escapes
every label it draws. Imported only on the HTML path, and without two searches it makes on
import (see `_pygal`).
"""

from __future__ import annotations

import math
import re
import sys
import types
from collections.abc import Sequence
from typing import Any

from servicefit.report.palette import COLOURS, GUIDE

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)  # pygal's config for its tooltips
_TITLE = re.compile(r"<title>.*?</title>", re.S)


def _no_plugins() -> types.ModuleType:
    """Stands in for importlib_metadata while pygal is imported: no entry points."""
    stub = types.ModuleType("importlib_metadata")
    stub.entry_points = lambda **_: ()  # type: ignore[attr-defined]
    return stub


def _pygal() -> Any:
    """pygal, imported without the two searches it makes on import.

    pygal looks through every installed distribution's entry points for map plugins
    (pygal_maps_*), through importlib_metadata: about 15 ms, a fifth of what the HTML report
    adds to the JSON run, for maps servicefit never draws. And it draws with lxml whenever
    lxml is installed, which costs lxml's import and writes other bytes than the standard
    library's ElementTree (7,935 against 7,910 for the same bar chart): the same page would
    differ between machines. Both are hidden from pygal's import only (None in sys.modules
    makes an import fail, as the import system documents) and put back after it; should a
    later pygal need more of importlib_metadata, it is imported the ordinary way."""
    if "pygal" in sys.modules:
        return sys.modules["pygal"]
    hidden = ("importlib_metadata", "lxml")
    before = {name: sys.modules[name] for name in hidden if name in sys.modules}
    sys.modules["importlib_metadata"] = _no_plugins()
    sys.modules["lxml"] = None  # type: ignore[assignment]
    try:
        import pygal
    except (ImportError, AttributeError):
        for name in [m for m in sys.modules if m == "pygal" or m.startswith("pygal.")]:
            del sys.modules[name]
        pygal = None
    finally:
        for name in hidden:
            if name in before:
                sys.modules[name] = before[name]
            else:
                del sys.modules[name]
    if pygal is None:
        import pygal
    return pygal


def _style() -> Any:
    Style = _pygal().style.Style

    return Style(
        background="white",
        plot_background="white",
        foreground="#222",
        foreground_strong="#111",
        foreground_subtle="#999",
        colors=COLOURS,
        font_family="system-ui, sans-serif",
        label_font_size=13,
        major_label_font_size=13,
        value_font_size=12,
        title_font_size=15,
        legend_font_size=13,
        guide_stroke_color=GUIDE,
        major_guide_stroke_color=GUIDE,
        guide_stroke_dasharray="none",
        major_guide_stroke_dasharray="none",
    )


def _finish(svg: str, name: str) -> str:
    """Same input, same bytes, no script: a fixed id, no generator comments, no tooltip
    configuration (the page is read without scripts)."""
    svg = _SCRIPT.sub("", _COMMENT.sub("", _UUID.sub(name, svg)))
    # a browser shows an SVG <title> as a tooltip: keep the chart's own (its accessible name),
    # drop pygal's on each guide and value ("0.0625" on hover)
    first = svg.find("</title>") + len("</title>")
    return svg[:first] + _TITLE.sub("", svg[first:])


def _options(title: str, **more: Any) -> dict[str, Any]:
    """What every chart shares: no script, the house style, scalable SVG, values printed."""
    return {
        "js": [],
        "style": _style(),
        "width": 720,
        "print_values": True,
        "disable_xml_declaration": True,
        "explicit_size": False,
        "margin": 12,
        "title": title,
        **more,
    }


def bars(
    name: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    axis: str,
    unit: str = "",
    top: float | None = None,
    colours: Sequence[str] | None = None,
    print_values: bool = True,
    whole: bool = False,
) -> str:
    """Horizontal bars, one per label, with the value printed on each (not with
    `print_values` False: a bar too short for its value would print it over the labels, so
    such charts put the value in the label); the value axis titled `axis`, from 0 to `top`
    (else a tenth above the longest bar), marked at whole numbers only when the values count
    things (`whole`); each bar its colour."""
    pygal = _pygal()
    ticks: dict[str, Any] = {}
    if whole:  # no "0.4 inputs" on the axis: marks 1, 2 or 5 times a power of ten apart
        most = max([*values, 1])
        power = 10 ** max(0, math.floor(math.log10(most / 8))) if most > 8 else 1
        step = next(k * power for k in (1, 2, 5, 10) if k * power * 8 >= most)
        marks = list(range(0, int(most) + step + 1, step))
        ticks = {"y_labels": marks}
        top = marks[-1]

    chart = pygal.HorizontalBar(
        **_options(
            title,
            height=max(180, 44 * len(labels) + 100),
            print_values=print_values,
            show_legend=False,
            value_formatter=lambda v: f"{v:,g}{unit}",
            range=(0, top if top is not None else max([*values, 1]) * 1.1),
            x_title=axis,
            **ticks,
        )
    )
    chart.x_labels = list(labels)
    tint = colours or [COLOURS[0]] * len(values)
    chart.add(title, [{"value": v, "color": c} for v, c in zip(values, tint, strict=True)])
    return _finish(chart.render(is_unicode=True), name)


def stacked(
    name: str,
    title: str,
    parts: Sequence[tuple[str, float]],
    axis: str,
    colours: Sequence[str],
    unit: str = "%",
) -> str:
    """One stacked bar of shares, 0 to 100, each part in its colour, named with its share in
    a legend below (two columns, never cut): a name printed in a narrow part would overlap its
    neighbours."""
    pygal = _pygal()

    chart = pygal.HorizontalStackedBar(
        **_options(
            title,
            height=240 + 34 * ((len(parts) + 1) // 2),
            margin_bottom=40,  # pygal leaves the axis title out of the legend's room
            print_values=False,
            legend_at_bottom=True,
            legend_at_bottom_columns=2,
            truncate_legend=-1,
            value_formatter=lambda v: f"{v:.0f}{unit}",
            range=(0, 100),
            show_y_labels=False,
            x_title=axis,
        )
    )
    chart.x_labels = [""]
    for (label, value), colour in zip(parts, colours, strict=True):
        chart.add(f"{label} · {value:.0f}{unit}", [{"value": value, "color": colour}])
    chart.config.style.colors = tuple(colours)  # the legend's swatches follow the parts
    return _finish(chart.render(is_unicode=True), name)


def grouped(
    name: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    axis: str,
    top: float | None = None,
) -> str:
    """Grouped horizontal bars: each series side by side for every label, the first label on
    top (a label as long as a model's name has the room a row gives it); the value axis titled
    `axis`, from 0 to `top`."""
    pygal = _pygal()

    chart = pygal.HorizontalBar(
        **_options(
            title,
            height=max(220, 22 * len(labels) * len(series) + 140),
            legend_at_bottom=True,
            value_formatter=lambda v: f"{v:g}",
            x_title=axis,
            **({"range": (0, top)} if top is not None else {}),
        )
    )
    chart.x_labels = list(reversed(labels))  # drawn bottom up
    for label, values in series:
        chart.add(label, list(reversed(values)))
    return _finish(chart.render(is_unicode=True), name)


_STROKES = {
    "solid": {"width": 2},
    "bold": {"width": 4},
    "dashed": {"width": 2, "dasharray": "6, 4"},
}


def lines(
    name: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None], str]],
    y_title: str,
    top: float | None = None,
    every: int | None = None,
    x_title: str = "",
) -> str:
    """Lines over time (None: no point; each line solid, bold or dashed), the axis from zero,
    about six labels, level (or one in `every`), light solid guides; the axis up to `top`,
    else a tenth above the highest value."""
    pygal = _pygal()

    if top is None:
        highest = max((v for _, values, _ in series for v in values if v is not None), default=1)
        top = highest * 1.1
    chart = pygal.Line(
        **_options(
            title,
            height=360,
            legend_at_bottom=True,
            show_legend=len(series) > 1,  # one line: the title names it
            print_values=False,
            show_dots=False,
            stroke_style={"width": 2},
            x_label_rotation=0,
            show_minor_x_labels=False,
            truncate_label=-1,  # only the six or so major labels show: each has room
            margin_right=36,  # a label under the last point is centred on it: room for its half
            y_title=y_title,
            x_title=x_title or None,
            range=(0, top),
            value_formatter=lambda v: f"{v:,.0f}",
            allow_interruptions=True,
        )
    )
    chart.x_labels = list(labels)
    chart.x_labels_major = list(labels[:: every or max(1, -(-len(labels) // 6))])  # six or so
    for label, values, stroke in series:
        chart.add(label, list(values), stroke_style=_STROKES[stroke])
    return _finish(chart.render(is_unicode=True), name)
