"""Room for the axes' labels, set before the browser draws the figure.

Why: every figure keeps Plotly's automargin, so that a long kommun or measure name is never
cut off. But when the labels need more room than the margin the figure sets, Plotly draws
the whole figure, measures the labels, widens the margin and draws everything again. Five of
the dashboard's eleven screen figures did that on every filter change; the spine chart on
Profil took 0.25 s to draw instead of 0.13 s (headless Chromium, the page in the dashboard).
Setting the margin from the labels' widths in DejaVu Sans, the figures' first font, makes the
second drawing unnecessary. Where the estimate falls short (a browser with a wider font),
automargin still makes room, as before: the estimate can cost a redraw, never a label.
A title that mia.charts.style wrapped into more lines makes a screen figure that much
taller, with its top margin, so the plot keeps its height.
"""
from __future__ import annotations

import math
from typing import Any

from mia import export

# Plotly's margin beyond the tick labels' text width, measured in Chromium for the
# figures' y axes (13–14 px, whatever the standoff), and beyond half the last x label
# when it sits on the plot's right edge (12–13 px); one or two px more, so that the
# estimate does not fall just short.
Y_LABEL_EXTRA = 16
X_LABEL_EXTRA = 14
DEFAULT_TICKLEN = 5
# A legend under the title (the spine chart's: placed in px from the figure's top) wraps
# into rows by the plotting area's width, which the server does not know: the rows are
# counted for a figure this wide, a laptop's main column beside the sidebar (the browser
# tests' 1400-px window gives 940 px). Wider figures get up to a row or two of space
# under the legend; narrower ones are widened by automargin, as before.
ASSUMED_FIGURE_WIDTH = 900
LEGEND_SYMBOL = 44  # px of an item besides its text (symbol 30, gaps); plotly's, measured
LEGEND_GAP = 5
LEGEND_ROW = 19  # px per row at the legends' 11-px font
LEGEND_PAD = 22  # the legend's own padding, and the gap plotly keeps below it


def presized(figure: dict[str, Any]) -> dict[str, Any]:
    """The figure spec with its left, right and top margins wide enough for its axis
    labels and a legend under its title (never narrower than it set them)."""
    layout = figure.get("layout") or {}
    margin = layout.get("margin")
    if not isinstance(margin, dict):
        return figure
    size = (layout.get("font") or {}).get("size") or export.SCREEN_BODY_PX
    _make_room_for_title(layout)
    left = _left_needed(figure, size)
    if left is not None and left > (margin.get("l") or 0):
        margin["l"] = left
    right = _right_needed(figure, size)
    if right is not None and right > (margin.get("r") or 0):
        margin["r"] = right
    top = _top_needed(figure, size)
    if top is not None and top > (margin.get("t") or 0):
        margin["t"] = top
    return figure


def _make_room_for_title(layout: dict[str, Any]) -> None:
    """A title wrapped into more lines (mia.charts.style: meta["title_extra_px"]) pushes
    everything under it down: the figure grows by that much, so the plot keeps its height,
    and what hangs from the figure's top (a container-placed legend) moves down with it."""
    extra = (layout.get("meta") or {}).get("title_extra_px") if isinstance(layout.get("meta"), dict) else None
    height = layout.get("height")
    if not extra or not height or layout.get("width"):  # a fixed size: images and print set their own titles
        return
    grown = height + extra
    for key, below_title in (("title", False), ("legend", True)):
        item = layout.get(key)
        if isinstance(item, dict) and item.get("yref") == "container" and "y" in item:
            from_top = (1 - float(item["y"])) * height + (extra if below_title else 0)
            item["y"] = 1 - from_top / grown
    layout["height"] = grown
    layout["margin"]["t"] = (layout["margin"].get("t") or 0) + extra
    layout["meta"]["title_extra_px"] = 0  # done: a second pass must not add it again


def _left_needed(figure: dict[str, Any], size: float) -> int | None:
    """Room for the first y axis's category labels (horizontal bars, the spine's measures);
    numeric labels fit the house margin, and an axis title is left to automargin."""
    axis = figure["layout"].get("yaxis") or {}
    if axis.get("showticklabels") is False or axis.get("side") == "right" or _has_title(axis):
        return None
    labels = export.axis_labels(figure, "y")
    if not labels:
        return None
    font = (axis.get("tickfont") or {}).get("size") or size
    ticks = (axis.get("ticklen") or DEFAULT_TICKLEN) if axis.get("ticks") == "outside" else 0
    return labels_width(labels, font, (axis.get("ticklabelstandoff") or 0) + ticks)


def labels_width(labels: list[str], font: float, standoff: float = 0) -> int:
    """px that y tick labels take left of the plot: the widest label, its standoff (and
    ticks), and what plotly keeps beside them."""
    widest = max((export.text_width(label, font) for label in labels), default=0.0)
    return math.ceil(widest + standoff + Y_LABEL_EXTRA)


def _right_needed(figure: dict[str, Any], size: float) -> int | None:
    """Room for half the last tick label of a numeric x axis whose range ends on a tick
    ("100 %" centred on the right edge)."""
    axis = figure["layout"].get("xaxis") or {}
    if axis.get("showticklabels") is False or not axis.get("range") or export.axis_labels(figure, "x"):
        return None
    labels = export.numeric_tick_labels(figure, "x")
    if not labels:
        return None
    font = (axis.get("tickfont") or {}).get("size") or size
    return math.ceil(export.text_width(labels[0], font) / 2 + X_LABEL_EXTRA)


def _top_needed(figure: dict[str, Any], size: float) -> int | None:
    """Room for a horizontal legend hung from a fixed px height under the title, in as
    many rows as plotly will wrap it into at ASSUMED_FIGURE_WIDTH (its algorithm: one row
    if every item fits, else a grid of the widest item's width)."""
    layout = figure["layout"]
    legend = layout.get("legend") or {}
    if (legend.get("yref"), legend.get("orientation"), legend.get("yanchor")) != ("container", "h", "top") \
            or not layout.get("height") or layout.get("showlegend") is False:
        return None
    names = [trace["name"] for trace in figure.get("data", []) if trace.get("name") and trace.get("showlegend", True)]
    if not names:
        return None
    font = (legend.get("font") or {}).get("size") or size
    items = [export.text_width(name, font) + LEGEND_SYMBOL for name in names]
    margin = layout["margin"]
    plot = ASSUMED_FIGURE_WIDTH - (margin.get("l") or 0) - (margin.get("r") or 0)
    if sum(items) + LEGEND_GAP * (len(items) - 1) < plot:
        rows = 1
    else:
        widest = max(items)
        columns = max(1, math.floor((plot - widest) / (widest + LEGEND_GAP)) + 1)
        rows = math.ceil(len(items) / columns)
    hung = (1 - float(legend.get("y", 1))) * float(layout["height"])
    return math.ceil(hung + rows * LEGEND_ROW + LEGEND_PAD)


def _has_title(axis: dict[str, Any]) -> bool:
    title = axis.get("title")
    return bool(title.get("text") if isinstance(title, dict) else title)
