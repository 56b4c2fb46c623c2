"""The Jämför page in AppTest: the funnel plot by default, the dot plot and the table view,
level/outcome/view kept in the URL next to the sidebar's selection, small kommuner shown as
symbols, and a link that reproduces exactly what setting the widgets shows.

Two ways in: `open_page` goes straight to the page, as a browser opens a link
(switch_page before the first run); the `app` fixture runs the start page first. With
st.navigation, AppTest (Streamlit 1.67) keeps the sidebar's widget state only in the
second way, and sidebar widgets cannot be clicked after the first run, so sidebar filters
come in by URL through `app`.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from mia import compare
from mia.filters import Urval
from tests.test_flow import decode

ROOT = Path(__file__).resolve().parent.parent
PAGE = "app_pages/jamfor.py"


@pytest.fixture
def open_page(app_db):
    def run(query_params: dict | None = None) -> AppTest:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
        for key, value in (query_params or {}).items():
            at.query_params[key] = value
        at.switch_page(PAGE)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert not at.error, [e.value for e in at.error]
        return at

    return run


def figures(at) -> list[dict]:
    return [decode(json.loads(chart.proto.spec)) for chart in at.get("plotly_chart")]


def choices(at) -> dict[str, str]:
    return {key: at.radio(key=key).value for key in ("j_niva", "j_utfall", "j_vy")}


def table(at):
    """The Jämför table as shown, with the CLI's column names (the page's are for people)."""
    from mia import text_compare

    frames = [df.value for df in at.dataframe if "Jämfört med länet" in df.value.columns]
    assert frames, "the table view shows the Jämför table"
    names = {label: col for col, label in text_compare.TABLE_LABELS.items()}
    return frames[0].rename(columns=names)


def test_default_is_the_funnel_plot_of_kommuner(open_page, demo_con):
    at = open_page()
    assert choices(at) == {"j_niva": "kommun", "j_utfall": "arbete_studier", "j_vy": "tratt"}
    funnel, rate, breakdown, trend = figures(at)
    names = [tr.get("name") for tr in funnel["data"]]
    assert "Kontrollgräns 95 %" in names and "Kontrollgräns 99,8 %" in names
    units = compare.units(demo_con, Urval(), "kommun")
    drawn = {k for tr in funnel["data"] for k in (tr.get("meta") or {}).get("koder", [])}
    assert drawn == set(units.kod[(units.andel_status == "visad") & (units.mia_status == "med")])
    for tr in funnel["data"]:
        if (tr.get("meta") or {}).get("koder"):
            assert None not in tr["y"] and 0 not in tr["y"]
    assert funnel["layout"]["xaxis"]["type"] == "log"
    sentences = [m.value for m in at.markdown if "Pressmening" in m.value]
    assert "av 21 kommuner hade en högre andel till arbete eller studier än länet" in sentences[0]


def test_dot_plot_and_table_views(open_page, demo_con):
    at = open_page()
    at.radio(key="j_vy").set_value("punkt").run()
    dot = figures(at)[0]
    assert dot["layout"]["yaxis"]["categoryarray"][-1] in set(
        compare.units(demo_con, Urval(), "kommun").query("andel_status != 'visad'").namn)
    at.radio(key="j_vy").set_value("tabell").run()
    assert len(figures(at)) == 3  # rates, breakdown, trend: the comparison is the table
    shown = table(at)
    expected = compare.table_view(compare.units(demo_con, Urval(), "kommun"))
    assert shown.values.tolist() == expected.values.tolist()


def test_page_choices_go_into_the_url(open_page):
    at = open_page()
    at.radio(key="j_niva").set_value("forbund").run()
    at.radio(key="j_utfall").set_value("arbetsforberedande").run()
    assert at.query_params.get("niva") == "forbund"
    assert at.query_params.get("utfall") == "arbetsforberedande"
    assert "vy" not in at.query_params  # the default view is left out of the link
    at.radio(key="j_niva").set_value("kommun").run()
    assert "niva" not in at.query_params


def test_a_link_reproduces_the_choices_made_with_the_widgets(open_page):
    clicked = open_page()
    clicked.radio(key="j_niva").set_value("forbund").run()
    clicked.radio(key="j_utfall").set_value("arbetsforberedande").run()
    clicked.radio(key="j_vy").set_value("tabell").run()
    link = open_page(dict(clicked.query_params))
    assert choices(link) == choices(clicked) == {"j_niva": "forbund", "j_utfall": "arbetsforberedande",
                                                 "j_vy": "tabell"}
    assert table(link).values.tolist() == table(clicked).values.tolist()


def test_filters_and_page_choices_together_give_the_cli_numbers(app, demo_con):
    at = app(query_params={"kon": "K", "namnare": "avslutade"}, page=PAGE)
    at.radio(key="j_niva").set_value("forbund").run()
    at.radio(key="j_utfall").set_value("arbetsforberedande").run()
    at.radio(key="j_vy").set_value("tabell").run()
    expected = compare.table_view(compare.units(demo_con, Urval(kon=("K",), namnare="avslutade"), "forbund",
                                                "arbetsforberedande"))
    assert table(at).values.tolist() == expected.values.tolist()
    link = dict(at.query_params)  # what the address bar holds: the sidebar's and the page's
    assert {k: link.get(k) for k in ("kon", "namnare", "niva", "utfall", "vy")} == {
        "kon": "K", "namnare": "avslutade", "niva": "forbund", "utfall": "arbetsforberedande", "vy": "tabell"}
    reopened = app(query_params=link, page=PAGE)  # a colleague opens the copied link
    assert choices(reopened) == choices(at)
    assert table(reopened).values.tolist() == expected.values.tolist()
    assert [m.value for m in reopened.markdown if "Pressmening" in m.value] == \
        [m.value for m in at.markdown if "Pressmening" in m.value]


def test_small_kommun_with_one_kon_shows_symbols(app):
    at = app(query_params={"kommun": "0187", "kon": "K"}, page=PAGE)
    at.radio(key="j_vy").set_value("tabell").run()
    vaxholm = table(at).set_index("kod").loc["0187"]
    assert vaxholm.andel == ".." and vaxholm.taljare == "<5" and vaxholm.jamforelse == "jämförs ej"
    sentence = [m.value for m in at.markdown if "Pressmening" in m.value][0]
    assert "Vaxholm: visas inte" in sentence
    assert any("<5 = färre än 5 personer" in c.value for c in at.caption)


def test_age_group_at_kommun_level_explains_itself(app):
    at = app(query_params={"aldersgrupp": "16-24"}, page=PAGE)
    assert any("Åldersgrupper redovisas per förbund" in i.value for i in at.info)
    at.radio(key="j_vy").set_value("tabell").run()
    rows = table(at)
    assert set(rows[rows.jamforelse != "ej med i MIA"].andel) == {".."}


def test_short_period_and_several_filters_render(app):
    for query in ({"fran": "2021-01-01", "till": "2021-06-30"}, {"forbund": "ROS", "population": "avslutade"},
                  {"kon": "M", "aldersgrupp": "30-39"}, {"remittent": "FK", "namnare": "avslutade"}):
        at = app(query_params=query, page=PAGE)
        assert not at.exception and not at.error, query
        assert len(figures(at)) == 4


def test_breakdown_and_trend_for_a_chosen_forbund(open_page):
    at = open_page({"niva": "forbund"})
    at.selectbox(key="j_enhet").set_value("ROS").run()
    _funnel, _rate, breakdown, trend = figures(at)
    labels = set(breakdown["layout"]["yaxis"]["categoryarray"])
    assert {"Alla", "Kvinnor", "16-24 år", "50-64 år"} <= labels
    assert "Roslagen" in breakdown["layout"]["title"]["text"]
    at.multiselect(key="j_trend_forbund").set_value(["ROS", "HBS"]).run()
    trend = figures(at)[3]
    titles = [a["text"] for a in trend["layout"]["annotations"]]
    assert "Roslagen" in titles and "HBS" in titles
    unit = [tr for tr in trend["data"] if tr.get("name") == "Enheten"][0]
    assert any(y is None or (isinstance(y, float) and np.isnan(y)) for y in unit["y"])


def test_english_texts():
    """AppTest cannot switch pages in English (see test_page_flode.py), so the page's texts
    are checked where they are made."""
    from mia import text_compare
    from mia.i18n import set_language

    set_language("en")
    try:
        units = pd.DataFrame({"mia_status": "med", "jamforelse": ["högre", "i nivå med", "jämförs ej"],
                              "andel_status": ["visad", "visad", "namnare"], "referens": 17.0,
                              "referens_lag": 17.0, "referens_hog": 17.0, "niva": "forbund"})
        sentence = text_compare.comparison_sentence(units, "forbund", "arbete_studier")
        assert sentence.startswith("1 of 3 associations had a higher share going to work or studies than the county")
        assert "none a lower one" in sentence
        assert text_compare.comparison_title(units, "forbund", "arbete_studier") == \
            "1 association had a higher share than the county, none a lower one"
    finally:
        set_language("sv")
