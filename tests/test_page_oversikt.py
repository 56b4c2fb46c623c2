"""The Översikt page in AppTest with several filter combinations: the headline numbers are
the measures' numbers, a tiny kommun with one kön shows ".." instead of shares, and a link
(URL parameters) gives exactly what the same widget settings give — and the widgets write
that link.

Sidebar widgets cannot be clicked after the first AppTest run with st.navigation (see
test_page_jamfor.py), so "setting the widgets" means giving the widgets their state before
the first run, as a user's session holds it.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mia import fmt, measures
from mia.filters import Urval

ROOT = Path(__file__).resolve().parent.parent

CASES = [
    ({}, Urval()),
    ({"kommun": "0187", "kon": "K"}, Urval(kommun=("0187",), kon=("K",))),
    ({"forbund": "ROS"}, Urval(forbund=("ROS",))),
    ({"kon": "M", "aldersgrupp": "30-39"}, Urval(kon=("M",), aldersgrupp=("30-39",))),
    ({"population": "avslutade", "namnare": "avslutade", "fran": "2020-01-01", "till": "2020-12-31"},
     Urval(population="avslutade", namnare="avslutade", fran=date(2020, 1, 1), till=date(2020, 12, 31))),
    ({"kommun": "0160,0117", "remittent": "AF"}, Urval(kommun=("0160", "0117"), remittent=("AF",))),
]


def expected_metrics(con, urval: Urval) -> dict[str, str]:
    counts = measures.headline(con, urval)
    shares = measures.headline_shares(con, urval)
    out = {"Deltagare": fmt.number(counts["antal"]) if counts["antal"] == 0 or counts["antal"] >= 5 else "<5"}
    for row in shares.itertuples():
        out[row.etikett] = fmt.percent(row.andel) if row.andel_status == "visad" else ".."
    return out


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def clean(at) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


@pytest.mark.parametrize("query,urval", CASES, ids=[",".join(q) or "alla" for q, _u in CASES])
def test_headline_numbers_for_each_selection(app, demo_con, query, urval):
    at = clean(app(query_params=query))
    assert metrics(at) == expected_metrics(demo_con, urval)
    assert len(at.get("plotly_chart")) == 2


def test_tiny_kommun_and_one_kon_shows_symbols_not_shares(app, demo_con):
    at = clean(app(query_params={"kommun": "0187", "kon": "K"}))
    shown = metrics(at)
    assert shown["Deltagare"] == "7"
    assert [shown[k] for k in ("Till arbete eller studier", "Till arbetsförberedande insats",
                               "Upplever ökad egenmakt")] == ["..", "..", ".."]
    summary = at.markdown[1].value
    assert "Andelen som gick till arbete eller studier visas inte" in summary
    assert "%" not in summary and "7 kvinnor inskrivna i Vaxholm" in summary
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "För få deltagare" in fig["layout"]["title"]["text"]


def _with_widgets(app_db, state: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.session_state["_urval_init"] = True  # the session already has its widget state
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    return clean(at)


@pytest.mark.parametrize("state,query", [
    ({"f_kommun": ["0187"], "f_kon": ["K"]}, {"kommun": "0187", "kon": "K"}),
    ({"f_forbund": ["ROS"], "f_namnare": "avslutade"}, {"forbund": "ROS", "namnare": "avslutade"}),
    ({"f_period": "År 2019", "f_population": "aktiva", "f_aldersgrupp": ["16-24", "25-29"]},
     {"fran": "2019-01-01", "till": "2019-12-31", "population": "aktiva", "aldersgrupp": "16-24,25-29"}),
])
def test_a_link_gives_what_the_widgets_give(app, app_db, state, query):
    widgets = _with_widgets(app_db, state)
    link = clean(app(query_params=query))
    assert metrics(link) == metrics(widgets)
    assert {k: v for k, v in widgets.query_params.items() if k != "v"} == query  # the widgets write the link
    specs = [json.loads(c.proto.spec) for c in widgets.get("plotly_chart")]
    assert specs == [json.loads(c.proto.spec) for c in link.get("plotly_chart")]


def test_a_hidden_share_is_explained_in_a_whole_sentence(demo_con):
    """Women, whole county: the county's kön X count to work or studies is "<5", so the
    women's count is hidden as its cover; the summary says why instead of leaving a gap."""
    from mia import measures, text

    urval = Urval(kon=("K",))
    counts = measures.headline(demo_con, urval)
    shares = measures.headline_shares(demo_con, urval)
    sentences = text.overview_sentences(shares, counts["antal"], urval)
    assert sentences[0].startswith("Under perioden 2017-04-01–2022-09-30 var 1\u00a0835 kvinnor inskrivna")
    assert sentences[1] == ("Andelen som gick till arbete eller studier visas inte: den skulle göra det "
                            "möjligt att räkna fram ett skyddat litet antal i en annan grupp.")
    assert sentences[2].startswith("Till arbetsförberedande insatser gick 35\u00a0%") and sentences[2].endswith("av alla.")
