"""One colour per model in every chart and every report: the HTML page's charts and the
terminal's blend bar draw from the same palette, in the order of the rule set's catalogue."""

from __future__ import annotations

from collections.abc import Sequence

# Okabe and Ito's eight colours, told apart with every common colour-vision deficiency; the
# palette's order is the catalogue's, so a model keeps its colour in every chart and report.
# (grey for their black, under which a printed value would vanish)
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
GUIDE = "#e4e8eb"  # light solid guides, behind the bars


def palette(keys: Sequence[str], order: Sequence[str]) -> list[str]:
    """Each key's colour by its place in `order` (the rule set's models, then its staffing
    options): the same model, the same colour, whatever else is drawn beside it."""
    return [COLOURS[order.index(k) % len(COLOURS)] if k in order else COLOURS[-1] for k in keys]
