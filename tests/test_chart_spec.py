"""mia.charts.spec: a figure built as a dict is exactly the figure the Plotly methods of the
same name build, so the builders that use it (the Jämför page) draw what they drew before,
only without validating every property as it is set."""
from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from mia.charts import spec
from mia.charts.style import Source, finish


def same(a: go.Figure, b: go.Figure) -> bool:
    return json.loads(a.to_json()) == json.loads(b.to_json())


@pytest.mark.parametrize("rows,cols,n", [(1, 1, 1), (1, 3, 2), (2, 3, 5), (3, 3, 9)])
def test_a_grid_of_small_multiples_is_make_subplots_with_add_scatter(rows, cols, n):
    titles = [f"Enhet {i}" for i in range(n)]
    options = {"shared_xaxes": "all", "shared_yaxes": "all", "horizontal_spacing": 0.04, "vertical_spacing": 0.16}
    want = make_subplots(rows=rows, cols=cols, subplot_titles=titles, **options)
    got = spec.subplots(rows, cols, titles, **options)
    for i in range(n):
        want.add_scatter(x=["2019-H1", "2019-H2"], y=[i, i + 1], name=titles[i], row=i // cols + 1, col=i % cols + 1)
        got["data"].append({"type": "scatter", "x": ["2019-H1", "2019-H2"], "y": [i, i + 1], "name": titles[i],
                            **spec.subplot_axes(i)})
    want.update_yaxes(ticksuffix=" %", range=[0, 50])
    want.update_yaxes(title="Andel", col=1)
    spec.update_axes(got, "y", {"ticksuffix": " %", "range": [0, 50]})
    spec.update_axes(got, "y", {"title": {"text": "Andel"}}, only=list(range(0, rows * cols, cols)))
    assert same(spec.figure(got), want)


def test_the_grid_is_kept_per_shape_and_only_the_titles_change():
    first = spec.subplots(1, 2, ["A", "B"], horizontal_spacing=0.04)
    second = spec.subplots(1, 2, ["C", "D"], horizontal_spacing=0.04)
    assert [a["text"] for a in first["layout"]["annotations"]] == ["A", "B"]
    assert [a["text"] for a in second["layout"]["annotations"]] == ["C", "D"]
    second["layout"]["xaxis"]["range"] = [0, 1]  # a copy: the kept grid is not changed
    assert "range" not in spec.subplots(1, 2, ["E", "F"], horizontal_spacing=0.04)["layout"]["xaxis"]


def test_lines_and_bands_are_the_shapes_add_hline_and_friends_add():
    want = go.Figure()
    want.add_hline(y=30, line={"color": "#444", "dash": "dash"}, layer="below")
    want.add_hrect(y0=20, y1=40, fillcolor="#444", opacity=0.15, line_width=0)
    want.add_vline(x=12.5, line={"color": "#444"})
    want.add_vrect(x0=10, x1=15, fillcolor="#444", opacity=0.15, line_width=0)
    got = spec.empty()
    spec.add_shape(got, spec.hline(30, line={"color": "#444", "dash": "dash"}, layer="below"))
    spec.add_shape(got, spec.hrect(20, 40, fillcolor="#444", opacity=0.15, line={"width": 0}))
    spec.add_shape(got, spec.vline(12.5, line={"color": "#444"}))
    spec.add_shape(got, spec.vrect(10, 15, fillcolor="#444", opacity=0.15, line={"width": 0}))
    assert same(spec.figure(got), want)


def test_merge_updates_nested_settings_as_update_layout_does():
    layout = {"margin": {"t": 130}, "legend": {"x": 1.0}, "annotations": [{"text": "a"}]}
    spec.merge(layout, {"margin": {"l": 70, "t": 104}, "annotations": [{"text": "b"}], "height": 500})
    assert layout == {"margin": {"t": 104, "l": 70}, "legend": {"x": 1.0}, "annotations": [{"text": "b"}],
                      "height": 500}
    update = {"font": {"size": 12}}
    spec.merge(layout, update)
    layout["font"]["size"] = 99
    assert update == {"font": {"size": 12}}  # values are copied, not shared


def test_finish_gives_every_figure_the_house_style():
    source = Source(uttag=None, synthetic=True)
    built = {"data": [{"type": "bar", "x": [1, 2], "y": ["a", "b"], "orientation": "h"}], "layout": {}}
    spec.update_axes(built, "y", {"categoryorder": "array", "categoryarray": ["b", "a"]})
    fig = finish(built, "Titel", "Underrubrik", source, note="En not", height=500)
    assert isinstance(fig, go.Figure) and fig.layout.height == 500
    assert fig.layout.title.text.startswith("<b>Titel</b>") and "Underrubrik" in fig.layout.title.text
    assert fig.layout.meta["source_line"].endswith("En not")
    [line] = [a for a in fig.layout.annotations if a.name == "source_line"]
    assert line.text == "En not<br>" + source.line()
    assert fig.layout.yaxis.categoryarray == ("b", "a") and fig.layout.yaxis.automargin is True
    assert fig.layout.xaxis.showgrid is False and fig.layout.margin.b == 76 + 14 * 2
    # Not validated on the way (a fifth of a figure's time); a misspelt property is caught by
    # validating what the pages send (the test at the end of this file).
    unchecked = finish({"data": [{"type": "bar", "colour": "red"}]}, "T", "U", source)
    with pytest.raises(ValueError):
        go.Figure(json.loads(unchecked.to_json()))


def test_pandas_columns_reach_the_browser_as_plain_values():
    """spec.figure skips plotly's validation, so it turns the pandas columns in a trace into
    plain values itself: numbers as lists, text and dates as validation sends them."""
    import copy

    import numpy as np
    import pandas as pd

    built = {"data": [{"type": "scatter", "x": pd.Series(pd.to_datetime(["2020-01-01", "2020-07-01"])),
                       "y": pd.Series([1.5, np.nan]), "marker": {"color": np.array([1, 2])},
                       "error_y": {"array": pd.Series([0.5, None], dtype="Float64")},
                       "text": pd.Series(["a", "b"]), "customdata": pd.Index(["c", "d"])}],
             "layout": {}}
    validated = json.loads(go.Figure(copy.deepcopy(built)).to_json())
    sent = json.loads(spec.figure(built).to_json())
    assert sent["data"][0]["x"] == validated["data"][0]["x"] and sent["data"][0]["text"] == ["a", "b"]
    assert sent["data"][0]["y"] == [1.5, None]  # numbers as lists: plotly.js reads them in any attribute
    assert sent["data"][0]["marker"]["color"] == [1, 2] and sent["data"][0]["error_y"]["array"] == [0.5, None]
    unvalidated = spec.figure(copy.deepcopy(built))
    assert not any(isinstance(v, (pd.Series, pd.Index)) for v in unvalidated.data[0].to_plotly_json().values())


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_chart_of_every_page_is_valid(app_db, lang):
    """spec.figure does not validate (it is a fifth of a figure's time): here every figure
    the pages send must pass plotly's validation unchanged."""
    from tests import apptest_pages as ap

    checked = 0
    for page in ap.PAGES:
        for fig in ap.figures(ap.run_page(page, lang)):
            validated = json.loads(go.Figure(fig).to_json())  # raises on an invalid property
            assert validated == fig, f"{page}: {fig['layout'].get('meta', {}).get('title')}"
            checked += 1
    assert checked >= 11
