"""Margins that fit a figure's labels before the browser draws it (mia.charts.margins).

Plotly widens a margin that is too narrow for the labels by drawing the figure twice; the
browser suite (tests/browser/test_pages.py) checks that no chart of any page is drawn
twice. These tests pin the estimate itself.
"""
from __future__ import annotations

import math

from mia import export
from mia.charts import margins, spec

LONG = "Till arbetsförberedande insats"


def _bars(labels: list[str], margin: dict | None = None, **yaxis) -> dict:
    return {"data": [{"type": "bar", "orientation": "h", "y": labels, "x": [1] * len(labels)}],
            "layout": {"font": {"size": 13}, "margin": margin or {"l": 70, "r": 30, "t": 104, "b": 104},
                       "yaxis": yaxis}}


def test_category_labels_get_their_width_and_plotlys_room_beside_them():
    fig = margins.presized(_bars(["Alla", LONG], ticklabelstandoff=10))
    expected = math.ceil(export.text_width(LONG, 13) + 10 + margins.Y_LABEL_EXTRA)
    assert fig["layout"]["margin"]["l"] == expected > 200


def test_a_wider_margin_than_needed_is_kept():
    fig = margins.presized(_bars(["Alla", "Män"], margin={"l": 190, "r": 30, "t": 104, "b": 104}))
    assert fig["layout"]["margin"]["l"] == 190


def test_tick_font_and_outside_ticks_count():
    small = margins.presized(_bars([LONG], tickfont={"size": 10}))["layout"]["margin"]["l"]
    ticks = margins.presized(_bars([LONG], tickfont={"size": 10}, ticks="outside"))["layout"]["margin"]["l"]
    assert small < margins.presized(_bars([LONG]))["layout"]["margin"]["l"]
    assert ticks == small + margins.DEFAULT_TICKLEN


def test_axes_with_a_title_or_without_labels_are_left_to_plotly():
    assert margins.presized(_bars([LONG], title={"text": "Utfall"}))["layout"]["margin"]["l"] == 70
    assert margins.presized(_bars([LONG], showticklabels=False))["layout"]["margin"]["l"] == 70
    numeric = {"data": [{"type": "scatter", "x": [1, 2], "y": [10.0, 20.0]}],
               "layout": {"margin": {"l": 70, "r": 30}}}
    assert margins.presized(numeric)["layout"]["margin"]["l"] == 70


def test_categories_without_data_are_labels_too():
    """A breakdown lists "Okänt kön" in its category order even when no row has it: plotly
    still writes the label."""
    fig = _bars(["Alla", "Män"], categoryorder="array", categoryarray=["Alla", "Kvinnor", "Män", "Okänt kön"])
    assert "Okänt kön" in export.axis_labels(fig, "y")
    assert margins.presized(fig)["layout"]["margin"]["l"] == math.ceil(
        export.text_width("Okänt kön", 13) + margins.Y_LABEL_EXTRA)


def test_the_last_x_label_on_the_right_edge_gets_half_its_width():
    fig = {"data": [{"type": "bar", "orientation": "h", "y": ["a"], "x": [40]}],
           "layout": {"font": {"size": 13}, "margin": {"l": 70, "r": 30},
                      "xaxis": {"range": [0, 100], "ticksuffix": " %"}}}
    assert margins.presized(fig)["layout"]["margin"]["r"] == math.ceil(
        export.text_width("100 %", 13) / 2 + margins.X_LABEL_EXTRA)


def _legend_figure(names: list[str]) -> dict:
    return {"data": [{"type": "scatter", "x": [0], "y": [0], "name": n} for n in names],
            "layout": {"height": 700, "margin": {"l": 264, "r": 12, "t": 150, "b": 50},
                       "legend": {"orientation": "h", "xref": "container", "yref": "container",
                                  "y": 1 - 88 / 700, "yanchor": "top", "font": {"size": 11}}}}


def test_a_legend_under_the_title_gets_the_rows_it_wraps_into():
    short = margins.presized(_legend_figure(["Länet", "Mål"]))["layout"]["margin"]["t"]
    assert short == 150  # one row fits under the set margin
    names = ["Spann bland kommunerna", "Länet", "Förbundet (Roslagen)", "Projektets mål", "I nivå med länet",
             "Lägre än länet", "Jämförs ej"]
    long = margins.presized(_legend_figure(names))["layout"]["margin"]["t"]
    widest = max(export.text_width(n, 11) for n in names) + margins.LEGEND_SYMBOL
    plot = margins.ASSUMED_FIGURE_WIDTH - 264 - 12
    columns = math.floor((plot - widest) / (widest + margins.LEGEND_GAP)) + 1
    rows = math.ceil(len(names) / columns)
    assert rows == 3  # as plotly draws it in a 940-px figure (the browser suite)
    assert long == math.ceil(88 + rows * margins.LEGEND_ROW + margins.LEGEND_PAD)


def test_every_finished_figure_goes_through_the_estimate():
    fig = spec.figure(_bars(["Alla", LONG]))
    assert fig.layout.margin.l > 200


def test_a_long_finding_is_wrapped_and_the_figure_grows_by_the_extra_line():
    """Plotly does not wrap titles: "Täby compared with the county: 0 higher, …" ran off a
    900-px figure. The figure grows by the line, so the plot keeps its height."""
    from mia.charts import style

    source = style.Source(uttag=None, synthetic=False)
    long = "Täby compared with the county: 0 higher, 1 lower, 11 in line with the county, 1 not compared"
    built = style.finish_spec({"data": [], "layout": {}}, long, "Enrolled 2017–2022", source, height=500)
    built["layout"]["legend"] = {"orientation": "h", "xref": "container", "yref": "container",
                                 "y": 1 - 88 / 500, "yanchor": "top"}
    title = built["layout"]["title"]["text"]
    lines = title.split("</b>")[0].removeprefix("<b>").split("<br>")
    assert len(lines) == 2 and " ".join(lines) == long
    assert all(export.text_width(line, style.TITLE_PX, bold=True) <= style.TITLE_WIDTH for line in lines)
    fig = spec.figure(built)
    assert fig.layout.height == 500 + style.TITLE_LINE_PX
    assert fig.layout.margin.t == 104 + style.TITLE_LINE_PX
    assert round((1 - fig.layout.legend.y) * fig.layout.height) == 88 + style.TITLE_LINE_PX  # under the title
    assert round((1 - fig.layout.title.y) * fig.layout.height) == 0  # still at the top


def test_a_short_finding_stays_on_one_line():
    from mia.charts import style

    built = style.finish_spec({"data": [], "layout": {}}, "18 % gick vidare", "Inskrivna 2017–2022",
                              style.Source(uttag=None, synthetic=False), height=420)
    fig = spec.figure(built)
    assert "<br>" not in fig.layout.title.text.split("</b>")[0]
    assert fig.layout.height == 420 and fig.layout.margin.t == 104
