"""The Flöde page in AppTest: one, two and four selections side by side, the Sankey adding
up to the selection's exits, small kommuner without exceptions.

English is checked on the figure builders in test_flow.py: AppTest cannot rerun a script
whose sidebar shows translated labels (its selectbox looks the Swedish value up among
the shown labels), so a page run in English cannot be switched to this page."""
from __future__ import annotations

import json
from datetime import date

from mia import flow, measures
from mia.filters import Urval
from tests.test_flow import decode

PAGE = "app_pages/flode.py"


def figures(at) -> list[dict]:
    return [decode(json.loads(chart.proto.spec)) for chart in at.get("plotly_chart")]


def bar_traces(fig: dict) -> list[dict]:
    return [tr for tr in fig["data"] if tr["type"] == "bar"]


def assert_clean(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_one_selection(app, demo_con):
    flode = app(page=PAGE)
    assert_clean(flode)
    funnel, sankey, time = figures(flode)
    bars = bar_traces(funnel)
    assert len(bars) == 1 and len(bars[0]["y"]) == len(flow.STEPS)
    counts = flow.step_counts(demo_con, Urval())
    texts = [t.replace("\u00a0", " ") for t in bars[0]["text"]]
    assert texts[0] == f"{counts['anmalda']:,}".replace(",", " ")
    assert texts[1].startswith(f"{counts['inskrivna']:,}".replace(",", " "))
    # the table view holds the same counts as the summary
    table = flode.dataframe[0].value
    by_step = dict(zip(table.iloc[:, 0], table.iloc[:, 1]))
    summary = measures.summary(demo_con, Urval())
    assert str(by_step["Inskrivna"]).replace("\u00a0", "") == str(summary["antal"])
    assert str(by_step["Avslutade"]).replace("\u00a0", "") == str(summary["avslutade"])
    # the Sankey's flows add up to the exits (drawn + left out)
    links = sankey["data"][0]["link"]["value"]
    flows = flow.sankey(demo_con, Urval(), "forsorjning")
    assert sum(links) == flows.shown and flows.shown + flows.left_out == summary["avslutade"]
    assert "Mediantid i projektet" in time["layout"]["title"]["text"]
    assert any("ingen registrerad insats" in c.value for c in flode.caption)


def test_two_selections_side_by_side(app):
    at = app(page=PAGE)
    at.selectbox(key="flode_split").set_value("kon").run()
    assert_clean(at)
    assert at.multiselect(key="flode_varden_kon").value == ["K", "M"]
    funnel = figures(at)[0]
    bars = bar_traces(funnel)
    assert [b["xaxis"] for b in bars] == ["x", "x2"]
    assert [b["name"] for b in bars] == ["Kvinnor", "Män"]
    assert "jämfört efter kön" in funnel["layout"]["title"]["text"]
    assert len(at.metric) >= 2  # share still active, per selection
    # the Sankey can show either selection
    at.selectbox(key="flode_sankey_urval").set_value(1).run()
    assert_clean(at)
    assert "kön M" in figures(at)[1]["layout"]["title"]["text"]


def test_four_selections_and_their_differences(app, demo_con):
    at = app(page=PAGE)
    at.selectbox(key="flode_split").set_value("forbund").run()
    assert at.info  # no default for eight förbund: asks for a choice
    at.multiselect(key="flode_varden_forbund").set_value(["OS", "STH", "ROS", "SDT"]).run()
    assert_clean(at)
    funnel, sankey, time = figures(at)
    bars = bar_traces(funnel)
    assert [b["name"] for b in bars] == ["Östra Södertörn", "Stockholms stad", "Roslagen", "Södertälje"]
    assert funnel["layout"]["barmode"] == "group"
    selections = flow.variants(Urval(), "forbund", ["OS", "STH", "ROS", "SDT"])
    df = flow.compare_funnels([flow.funnel(demo_con, u, label) for label, u in selections])
    expected = flow.significant_steps(df)
    starred = [y for y in bars[0]["y"] if y.endswith("*")]
    assert len(starred) == len(expected)
    assert len(time["data"][0]["y"][0]) == 4 * len(flow.TIME_GROUPS)  # groups × selections
    # the Sankey can show the fourth; dropping to two selections falls back to the first
    at.selectbox(key="flode_sankey_urval").set_value(3).run()
    assert "Södertälje" in figures(at)[1]["layout"]["title"]["text"]  # the subtitle names the place
    at.multiselect(key="flode_varden_forbund").set_value(["OS", "STH"]).run()
    assert_clean(at)
    assert at.selectbox(key="flode_sankey_urval").value == 0
    # each selection's counts agree with summary
    for (label, u), bar in zip(selections, bars):
        s = measures.summary(demo_con, u)
        text = bar["text"][1].replace("\u00a0", "")
        assert text.split(" ")[0] == str(s["antal"]), label


def test_small_kommun_is_protected(app):
    at = app(query_params={"kommun": "0187"}, page=PAGE)  # Vaxholm
    assert_clean(at)
    funnel, sankey, time = figures(at)
    bar = bar_traces(funnel)[0]
    hidden_labels = [tr for tr in funnel["data"] if tr["type"] == "scatter"]
    assert hidden_labels and any("<5" in t for t in hidden_labels[0]["text"])
    assert all(x is None or x > 0 for x in bar["x"])  # nothing hidden is drawn as 0
    if sankey["data"]:
        assert min(sankey["data"][0]["link"]["value"]) >= 5
    assert "<5" in " ".join(str(v) for v in at.dataframe[0].value.iloc[:, 1])


def test_overlapping_periods_are_not_tested(app):
    at = app(page=PAGE)
    at.selectbox(key="flode_split").set_value("period").run()
    at.multiselect(key="flode_varden_period").set_value(["Hela projektet 2017–2022", "MIA 2017–2020"]).run()
    assert_clean(at)
    assert any("testas inte" in md.value for md in at.markdown)
    assert not any(y.endswith("*") for y in bar_traces(figures(at)[0])[0]["y"])


def test_remittent_sankey(app, demo_con):
    at = app(query_params={"forbund": "HBS"}, page=PAGE)
    at.radio(key="flode_kalla").set_value("remittent").run()
    assert_clean(at)
    sankey = figures(at)[1]
    labels = " ".join(sankey["data"][0]["node"]["label"])
    assert "Arbetsförmedlingen" in labels and "Försörjningsstöd" not in labels
    flows = flow.sankey(demo_con, Urval(forbund=("HBS",)), "remittent")
    assert sum(sankey["data"][0]["link"]["value"]) == flows.shown


def test_period_split_uses_each_period(app, demo_con):
    at = app(page=PAGE)
    at.selectbox(key="flode_split").set_value("period").run()
    assert_clean(at)
    bars = bar_traces(figures(at)[0])
    first = Urval(till=date(2020, 9, 30))
    s = measures.summary(demo_con, first)
    assert bars[0]["name"] == "MIA 2017–2020"
    assert bars[0]["text"][1].replace("\u00a0", "").split(" ")[0] == str(s["antal"])
