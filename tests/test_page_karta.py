"""Karta through AppTest: the deck's JSON as Streamlit sends it to the browser.

What must hold on the page: 26 kommun features, förbund colours from maps.FORBUND_COLOURS,
kommuner outside MIA pale grey and labelled, Swedish tooltips, the time slider greying
kommuner that had not joined yet, and in measure mode a suppressed kommun never coloured
as a value (grey, hatched, "visas inte" in its tooltip) — with exactly the Jämför numbers.
The picker sets the sidebar's kommun filter; the view is kept in the URL.
"""
from __future__ import annotations

import json
from datetime import date

import pytest

from mia import compare, map_data, maps
from mia.filters import Urval
from mia.reference import load_reference

PAGE = "app_pages/karta.py"
NOT_IN_MIA_CODES = {"0123", "0125", "0140", "0184", "0186"}  # Järfälla Ekerö Nykvarn Solna Lidingö
ROSLAGEN_LATER = {"0115", "0162", "0187", "0188"}  # Vallentuna Danderyd Vaxholm Norrtälje
MIA_VIDARE = {"0114", "0163", "0191", "0183", "0139"}  # SUVS, Sundbyberg, Upplands-Bro
VALUE_COLOURS = {*maps.RAMP, *(c for k, c in maps.CLASS_COLOURS.items() if k != "jämförs ej")}


def rgb(props: dict) -> tuple[int, int, int]:
    return tuple(props["fill"][:3])


def deck(at) -> dict:
    decks = at.get("deck_gl_json_chart")
    assert len(decks) == 1, "Karta ska visa en karta"
    return json.loads(decks[0].proto.json)


def tooltip(at) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.tooltip)


def layer(spec: dict, layer_id: str) -> dict:
    return next(item for item in spec["layers"] if item["id"] == layer_id)


def features(at) -> dict[str, dict]:
    """Kommun code → its feature's properties, from the deck JSON."""
    data = layer(deck(at), "kommuner")["data"]
    return {f["properties"]["kod"]: f["properties"] for f in data["features"]}


def hatched(at) -> set[str]:
    return {p["kod"] for p in layer(deck(at), "skraffering")["data"]}


def tooltip_text(at, kod: str) -> str:
    """The tooltip as the browser fills it in for one kommun."""
    html = tooltip(at)["html"]
    for key, value in features(at)[kod].items():
        html = html.replace("{" + key + "}", str(value))
    return html


def measure_mode(at, matt: str):
    at.radio(key="karta_visa").set_value("matt").run()
    at.selectbox(key="karta_matt").set_value(matt).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module")
def karta(app_db):
    """The Karta page with the default selection (module scope: read, don't change)."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# --- membership ---------------------------------------------------------------------------

def test_deck_has_the_26_kommuner_and_offline_style(karta):
    spec = deck(karta)
    feats = features(karta)
    assert len(feats) == 26 and all(k.startswith("01") for k in feats)
    ids = [item["id"] for item in spec["layers"]]
    assert {"vatten", "kommuner", "skraffering", "lan", "forbund", "etiketter"} <= set(ids)
    assert ids.index("forbund") > ids.index("kommuner"), "förbundsgränser ritas ovanpå kommungränser"
    assert layer(spec, "kommuner")["pickable"] is True
    assert spec["mapStyle"] == maps.OFFLINE_STYLE_URL  # no token, no internet


def test_forbund_colours_and_kommuner_outside_mia(karta):
    feats = features(karta)
    ref = load_reference().kommuner.set_index("kommunkod")
    for kod, props in feats.items():
        forbund = ref.loc[kod, "forbund_kod"]
        if forbund:
            assert rgb(props) == maps.FORBUND_COLOURS[forbund], kod
        else:
            assert kod in NOT_IN_MIA_CODES
            assert rgb(props) == maps.NOT_IN_MIA and props["kategori"] == "Ej med i MIA"
            assert rgb(props) not in maps.FORBUND_COLOURS.values()
    labels = {d["kod"]: d["text"] for layer_id in ("etiketter", "etiketter_ljusa")
              for d in layer(deck(karta), layer_id)["data"]}
    assert any("ej i MIA" in labels.get(kod, "") for kod in NOT_IN_MIA_CODES)


def test_tooltips_are_swedish(karta):
    html = tooltip(karta)["html"]
    assert "Förbund:" in html and "Med i MIA:" in html and "Deltagare:" in html
    taby = tooltip_text(karta, "0160")
    assert "Täby" in taby and "Roslagen" in taby and "sedan 2017-04-01" in taby
    solna = tooltip_text(karta, "0184")
    assert "ej med i MIA" in solna and "nej" in solna


def test_legend_table_and_membership_list(karta):
    text = " ".join(m.value for m in karta.markdown)
    assert "Kommungränser: SCB" in text and "Samordningsförbund i MIA" in text
    assert "Roslagen" in text and "2019-10-01" in text  # the membership list with join dates
    table = karta.dataframe[0].value
    assert len(table) == 26 and "Kommun" in table.columns
    assert any("Karta över Stockholms läns 26 kommuner" in c.value for c in karta.caption)  # alt text


def test_time_slider_2018_shows_roslagens_later_kommuner_as_not_yet_joined(app):
    at = app(page=PAGE)
    slider = at.select_slider(key="karta_datum")
    slider.set_value(date(2017, 4, 1)).run()  # the state of 2017 and 2018: MIA's start
    assert not at.exception
    feats = features(at)
    for kod in ROSLAGEN_LATER | MIA_VIDARE:
        assert rgb(feats[kod]) == maps.NOT_YET, kod
        assert "inte med den 2017-04-01" in feats[kod]["sedan_text"]
    assert rgb(feats["0160"]) == maps.FORBUND_COLOURS["ROS"]  # Täby: Roslagen from the start
    assert rgb(feats["0117"]) == maps.FORBUND_COLOURS["ROS"]  # Österåker
    assert at.query_params["datum"] == ["2017-04-01"] or at.query_params["datum"] == "2017-04-01"
    slider.set_value(date(2019, 10, 1)).run()
    feats = features(at)
    assert all(rgb(feats[kod]) == maps.FORBUND_COLOURS["ROS"] for kod in ROSLAGEN_LATER)
    assert all(rgb(feats[kod]) == maps.NOT_YET for kod in MIA_VIDARE)


# --- measure mode ---------------------------------------------------------------------------

@pytest.mark.parametrize("matt", map_data.MEASURES)
def test_measure_mode_shows_the_jamfor_numbers(app, demo_con, matt):
    at = measure_mode(app(page=PAGE), matt)
    feats = features(at)
    assert len(feats) == 26
    m = map_data.MATT[matt]
    units = compare.units(demo_con, Urval(), "kommun", m.utfall).set_index("kod")
    for kod, props in feats.items():
        row = units.loc[kod]
        if row.mia_status != compare.MIA_MED:
            assert rgb(props) == maps.NOT_IN_MIA, kod
            continue
        hidden = (row.andel_status != "visad") if m.is_share else not row.per_10000 == row.per_10000
        if hidden:
            assert props["hatched"] and rgb(props) == maps.SUPPRESSED, kod
            assert kod in hatched(at)
        else:
            assert rgb(props) in VALUE_COLOURS, kod
    if m.is_share:  # the tooltip carries the Jämför share with its interval
        shown = units[(units.andel_status == "visad") & (units.mia_status == compare.MIA_MED)]
        kod = shown.index[0]
        assert f"{round(shown.loc[kod, 'andel'])}\u00a0%" in tooltip_text(at, kod)


def test_suppressed_kommuner_are_never_coloured_as_a_value(app):
    """Kön X: a handful of people per kommun, so every share and most rates are suppressed."""
    at = app(query_params={"kon": "X"}, page=PAGE)
    for matt in ("arbete_studier", "arbete_studier_jamforelse", "per_10000"):
        measure_mode(at, matt)
        feats = features(at)
        grey = {kod for kod, p in feats.items() if p["hatched"]}
        assert grey, matt
        for kod in grey:
            assert rgb(feats[kod]) == maps.SUPPRESSED and rgb(feats[kod]) not in VALUE_COLOURS, (matt, kod)
            assert "visas inte" in tooltip_text(at, kod), (matt, kod)
        assert grey <= hatched(at)
        if matt != "per_10000":  # no share may be shown for kön X
            members = {k for k, p in feats.items() if k not in NOT_IN_MIA_CODES}
            assert grey == members
    # The table view hides exactly what the map greys (a true 0 participants is a 0).
    table = at.dataframe[0].value.set_index("Kommun")
    names = {p["namn"]: kod for kod, p in features(at).items()}
    hidden_in_table = {names[n] for n, v in table["Deltagare per 10 000 invånare"].items() if v == ".."}
    assert hidden_in_table == grey


def test_small_kommun_in_a_short_period_is_suppressed(app, demo_con):
    """Vaxholm in one half-year: too few for a share; the map greys what Jämför hides."""
    query = {"fran": "2021-01-01", "till": "2021-06-30"}
    at = measure_mode(app(query_params=query, page=PAGE), "arbete_studier")
    units = compare.units(demo_con, Urval(fran=date(2021, 1, 1), till=date(2021, 6, 30))).set_index("kod")
    assert units.loc["0187", "andel_status"] != "visad"
    props = features(at)["0187"]
    assert props["hatched"] and rgb(props) == maps.SUPPRESSED
    assert "visas inte" in tooltip_text(at, "0187")


# --- selecting a kommun -----------------------------------------------------------------------

def test_select_box_sets_the_sidebar_kommun_filter(app):
    at = app(page=PAGE)
    at.selectbox(key="karta_valj").set_value("0160").run()
    assert not at.exception
    assert at.session_state["f_kommun"] == ["0160"]
    at.run()  # the next run draws the sidebar with the kommun chosen
    assert at.session_state["urval"].kommun == ("0160",)
    assert at.selectbox(key="karta_valj").value == "0160"
    spec = deck(at)
    assert {"valda", "valda_halo"} <= {item["id"] for item in spec["layers"]}
    assert {d["kod"] for d in layer(spec, "valda")["data"]} == {"0160"}
    links = [link.proto for link in at.get("page_link")]
    assert any(link.label == "Profil för Täby" and "kommun" in link.query_string and "0160" in link.query_string
               for link in links), links
    at.selectbox(key="karta_valj").set_value("").run()
    assert at.session_state["f_kommun"] == []


def test_a_click_on_the_map_is_read_as_a_kommun_code():
    selection = {"indices": {"kommuner": [3]},
                 "objects": {"kommuner": [{"type": "Feature", "properties": {"kod": "0181", "namn": "Södertälje"}}]}}
    assert map_data.kod_from_selection(selection) == "0181"
    assert map_data.kod_from_selection({"indices": {}, "objects": {}}) is None
    assert map_data.kod_from_selection(None) is None


def test_url_opens_the_view(app):
    at = app(query_params={"karta": "arbete_studier_jamforelse"}, page=PAGE)
    assert not at.exception
    assert at.radio(key="karta_visa").value == "matt"
    assert at.selectbox(key="karta_matt").value == "arbete_studier_jamforelse"
    text = " ".join(m.value for m in at.markdown)
    assert "Högre än länet" in text and "I nivå med länet" in text
    feats = features(at)
    assert all(rgb(p) in {*maps.CLASS_COLOURS.values(), maps.NOT_IN_MIA} for p in feats.values())
    assert at.query_params["karta"] in ("arbete_studier_jamforelse", ["arbete_studier_jamforelse"])


def test_english_legend(demo_con):
    """translated() puts the legend of a view built in Swedish into the UI language (views
    built in English are English throughout: tests/test_language.py)."""
    from mia.i18n import set_language

    view = map_data.view_for(demo_con, Urval(), "per_10000")
    set_language("en")
    try:
        legend = map_data.translated(view)
        html = maps.legend_html(legend)
    finally:
        set_language("sv")
    assert legend.legend_title == "Participants per 10,000 inhabitants"
    assert "Not in MIA" in html and "below " in html and " or more" in html
    assert view.legend_title == "Deltagare per 10 000 invånare"  # the cached view is unchanged


def test_basemap_is_an_explicit_opt_in(app):
    at = app(page=PAGE)
    assert at.checkbox(key="karta_bakgrund").value is False
    assert deck(at)["mapStyle"] == maps.OFFLINE_STYLE_URL
    at.checkbox(key="karta_bakgrund").check().run()
    spec = deck(at)
    assert spec["mapStyle"] == map_data.CARTO_LIGHT and "cartocdn" in spec["mapStyle"]
    assert "vatten" not in {item["id"] for item in spec["layers"]}  # the tiles draw the sea


def test_basemap_setting_from_environment(monkeypatch):
    monkeypatch.delenv(map_data.BASEMAP_ENV, raising=False)
    assert map_data.basemap_setting() == (False, map_data.CARTO_LIGHT)
    monkeypatch.setenv(map_data.BASEMAP_ENV, "1")
    assert map_data.basemap_setting()[0] is True
    monkeypatch.setenv(map_data.BASEMAP_ENV, "https://example.org/style.json")
    assert map_data.basemap_setting() == (True, "https://example.org/style.json")


# --- press bundle -------------------------------------------------------------------------------

def test_press_bundle_has_title_source_and_plotted_numbers(demo_con, monkeypatch):
    drawn = []
    draw = maps.map_figure
    monkeypatch.setattr(maps, "map_figure", lambda *a, **k: drawn.append(a[-2:]) or draw(*a, **k))
    bundle = map_data.karta(demo_con, Urval())
    assert bundle.title.startswith("21 av länets 26 kommuner")
    assert "Kommungränser: SCB" in bundle.source_line and bundle.source_line.startswith("Källa:")
    assert len(bundle.table) == 26 and bundle.alt.startswith("Karta över")
    assert "karta=forbund" in bundle.permalink
    assert drawn == []  # the page shows the deck: the press figure is drawn for a download only
    fig = bundle.image_figure(1080, 1080)[0]
    assert fig.layout.width == 1080 and fig.layout.meta["title"] == bundle.title
    assert bundle.figure.layout.meta["title"] == bundle.title and drawn == [(1080, 1080), (1200, 675)]
    suppressed = map_data.karta_matt(demo_con, Urval(kon=("X",)), "arbete_studier")
    assert set(suppressed.table["Andel till arbete eller studier (%)"]) <= {"..", "–"}


def test_membership_texts_are_kept_per_language_date_and_reference_data(monkeypatch):
    from dataclasses import replace

    from mia.i18n import using
    from mia.reference import load_reference

    swedish = map_data.membership_markdown(None)
    with using("en"):
        english = map_data.membership_markdown(None)
    assert "**Ej med i MIA**" in swedish and "**Not in MIA**" in english
    assert map_data.membership_markdown(date(2019, 12, 31)) != swedish  # "inte med ännu" for later joins
    assert map_data.membership_markdown(None) == swedish
    steps = map_data.membership_steps()
    assert [s.datum for s in steps] == sorted({d for d in load_reference().kommuner.mia_fran if d})

    # other reference data (e.g. a corrected join date): made again, not the kept texts
    ref = load_reference()
    kommuner = ref.kommuner.copy()
    kommuner.loc[kommuner.kommunkod == "0160", "mia_fran"] = date(2021, 3, 1)
    monkeypatch.setattr(map_data, "load_reference", lambda: replace(ref, kommuner=kommuner))
    assert date(2021, 3, 1) in [s.datum for s in map_data.membership_steps()]
    assert "2021-03-01" in map_data.membership_markdown(None)
