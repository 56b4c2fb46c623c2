"""Karta: the decks are read as JSON (what Streamlit sends to the browser), the PNG by header.

What must hold: 26 kommuner, förbund colours from the palette, kommuner outside MIA and
not yet joined greyed, Swedish tooltips, no datetimes in layers, offline by default, and a
suppressed value never drawn as a value colour, whatever else the row says.
"""
from __future__ import annotations

import json
import re
import struct
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mia import geo, map_data, maps
from mia.reference import load_reference

ROOT = Path(__file__).resolve().parent.parent
NOT_IN_MIA_CODES = {"0123", "0125", "0140", "0184", "0186"}  # Järfälla Ekerö Nykvarn Solna Lidingö
ROSLAGEN_LATER = {"0115", "0162", "0187", "0188"}  # Vallentuna Danderyd Vaxholm Norrtälje
MIA_VIDARE = {"0114", "0163", "0191", "0183", "0139"}  # SUVS + Sundbyberg/Upplands-Bro
VALUE_COLOURS = {*maps.RAMP, *(c for k, c in maps.CLASS_COLOURS.items() if k != "jämförs ej")}


def kommun_frame() -> pd.DataFrame:
    """The query layer's per-kommun frame, with deterministic numbers and statistics."""
    ref = load_reference()
    k = ref.kommuner
    short = dict(zip(ref.forbund.forbund_kod, ref.forbund.kortnamn))
    member = k.forbund_kod != ""
    df = pd.DataFrame({
        "kod": k.kommunkod, "namn": k.kommun,
        "forbund": k.forbund_kod.where(member, None),
        "forbund_namn": [short.get(code) for code in k.forbund_kod],
        "mia_fran": pd.to_datetime(k.mia_fran),  # as DuckDB hands DATE columns to pandas
        "folkmangd": k.folkmangd_2017, "lat": k.lat, "lon": k.lon,
    }).reset_index(drop=True)
    df["antal"] = np.where(member, (df.folkmangd // 500).astype(int), 0)
    df.loc[df.kod == "0187", "antal"] = 3
    df["per_10000"] = df.antal / df.folkmangd * 10_000
    df["andel"] = np.where(member, np.linspace(8, 40, len(df)), np.nan)
    df["ki_lag"], df["ki_hog"] = df.andel - 5, df.andel + 6
    df["andel_status"] = "visad"
    df["jamforelse"] = np.where(member, "i nivå med", "jämförs ej")
    return df


def deck_json(view: maps.MapView) -> dict:
    return json.loads(view.deck.to_json())


def layer(spec: dict, layer_id: str) -> dict:
    return next(item for item in spec["layers"] if item["id"] == layer_id)


def features(view: maps.MapView) -> dict[str, dict]:
    """Kommun code → the feature's properties, from the deck JSON."""
    data = layer(deck_json(view), "kommuner")["data"]
    return {f["properties"]["kod"]: f["properties"] for f in data["features"]}


def hatched_codes(view: maps.MapView) -> set[str]:
    return {p["kod"] for p in layer(deck_json(view), "skraffering")["data"]}


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return kommun_frame()


# --- membership ---------------------------------------------------------------------

def test_membership_deck_has_the_26_kommuner_and_its_layers(frame):
    view = maps.membership_deck(frame)
    spec = deck_json(view)
    assert [item["id"] for item in spec["layers"]] == [
        "vatten", "kommuner", "grenser", "skraffering", "lan", "forbund", "etiketter", "etiketter_ljusa"]
    props = features(view)
    assert len(props) == 26 and set(props) == set(load_reference().kommuner.kommunkod)
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon")
               for f in layer(spec, "kommuner")["data"]["features"])


def test_forbund_colours_come_from_the_palette_and_outsiders_are_grey(frame):
    props = features(maps.membership_deck(frame))
    ref = load_reference().kommuner
    for code, forbund in zip(ref.kommunkod, ref.forbund_kod):
        expected = maps.NOT_IN_MIA if forbund == "" else maps.FORBUND_COLOURS[forbund]
        assert props[code]["fill"] == [*expected, 255], code
    assert {c for c, p in props.items() if p["kategori"] == "Ej med i MIA"} == NOT_IN_MIA_CODES
    assert len(set(maps.FORBUND_COLOURS.values())) == 8
    assert maps.NOT_IN_MIA not in maps.FORBUND_COLOURS.values()


def test_as_of_2018_shows_later_kommuner_as_not_yet_joined(frame):
    view = maps.membership_deck(frame, as_of=date(2018, 1, 1))
    props = features(view)
    later = {c for c, p in props.items() if p["kategori"].startswith("Inte med ännu")}
    assert later == ROSLAGEN_LATER | MIA_VIDARE
    assert all(props[c]["fill"] == [*maps.NOT_YET, 255] for c in later)
    assert props["0160"]["fill"] == [*maps.FORBUND_COLOURS["ROS"], 255]  # Täby from the start
    assert props["0187"]["sedan_text"] == "från 2019-10-01 (inte med den 2018-01-01)"
    outlined = {p["namn"] for p in layer(deck_json(view), "forbund")["data"]}
    assert outlined == {"OS", "STH", "ROS", "HBS", "SDT", "VARNA"}
    assert "Ansluter senare:" in view.alt_text and "Vaxholm" in view.alt_text
    after = features(maps.membership_deck(frame, as_of=date(2020, 7, 1)))
    assert after["0187"]["fill"] == [*maps.FORBUND_COLOURS["ROS"], 255]
    assert after["0139"]["kategori"].startswith("Inte med ännu")  # Upplands-Bro from 2020-09-01


def test_tooltips_are_swedish_and_disclosure_safe(frame):
    view = maps.membership_deck(frame)
    template = view.deck._tooltip["html"]
    for word in ("Förbund:", "Med i MIA:", "Deltagare:", "Andel till arbete eller studier:"):
        assert word in template
    props = features(view)
    assert props["0160"]["namn"] == "Täby" and props["0160"]["forbund_text"] == "Roslagen"
    assert props["0160"]["sedan_text"] == "sedan 2017-04-01"
    assert props["0187"]["deltagare_text"] == "<5"  # 3 participants is never shown
    assert props["0184"]["sedan_text"] == "nej, ej med i MIA"
    text = maps.render_tooltip(view, "0180")
    assert "Stockholms stad" in text and "95\u00a0% KI" in text and "1\u00a0898" in text


def test_layers_hold_no_datetimes_and_dates_are_iso(frame):
    raw = maps.membership_deck(frame).deck.to_json()
    assert "T00:00:00" not in raw and "Timestamp" not in raw
    dates = re.findall(r'"sedan_text":"[^"]*?(\d{4}-\d{2}-\d{2})', raw)
    assert "2017-04-01" in dates and "2020-09-01" in dates


def test_only_required_columns_and_missing_rows_still_draw_26(frame):
    minimal = frame[["kod", "namn", "forbund", "mia_fran"]].iloc[:20].copy()
    minimal["kod"] = minimal["kod"].astype(int)  # lost leading zeros
    props = features(maps.membership_deck(minimal))
    assert len(props) == 26
    assert props["0160"]["fill"] == [*maps.FORBUND_COLOURS["ROS"], 255]
    with pytest.raises(ValueError, match="saknar kolumner"):
        maps.membership_deck(frame.drop(columns=["forbund"]))


def test_offline_by_default_basemap_as_a_setting(frame):
    offline = deck_json(maps.membership_deck(frame))
    assert offline["mapStyle"] == maps.OFFLINE_STYLE_URL
    assert layer(offline, "vatten")["getFillColor"] == [*maps.WATER, 255]
    view = offline["initialViewState"]
    assert 59.2 < view["latitude"] < 59.7 and 17.8 < view["longitude"] < 18.4 and 6.5 < view["zoom"] < 9
    online = deck_json(maps.membership_deck(frame, basemap_style="light"))
    assert online["mapStyle"].startswith("https://") and "vatten" not in [i["id"] for i in online["layers"]]
    style = json.loads((ROOT / "static" / "empty_style.json").read_text())
    assert style["version"] == 8 and style["sources"] == {}
    assert style["layers"][0]["type"] == "background"


def test_labels_fit_and_outsiders_are_labelled(frame):
    spec = deck_json(maps.membership_deck(frame))
    labels = {d["kod"]: d["text"] for lid in ("etiketter", "etiketter_ljusa")
              for d in layer(spec, lid)["data"]}
    assert {"0188", "0181", "0180"} <= set(labels)  # Norrtälje, Södertälje, Stockholm
    assert labels["0140"] == "Nykvarn\n(ej i MIA)"
    assert layer(spec, "etiketter")["characterSet"] == "auto"  # å ä ö need more than ASCII


def test_deck_json_stays_small(frame):
    # 80 kB with PathLayers; a LineLayer's segments repeat each inner point (163 kB), pydeck's
    # indentation would make it 4.4 times that
    size = len(maps.measure_deck(frame, "andel").deck.to_json().encode())
    assert size < 175_000, size


def test_lines_are_line_layers_not_path_layers(frame):
    """Software WebGL (a reader without a GPU, the browser tests) spends over a second per
    visit on the PathLayer's shader: every line of every deck is a LineLayer, and the kommun
    fills draw no stroke of their own (their GeoJsonLayer would use a PathLayer)."""
    decks = [maps.membership_deck(frame), maps.measure_deck(frame, "andel"),
             map_data.with_selection(maps.membership_deck(frame), ["0160", "0114"])]
    for spec in map(deck_json, decks):
        types = {item["@@type"] for item in spec["layers"]}
        assert "PathLayer" not in types and "LineLayer" in types, types
        assert layer(spec, "kommuner")["stroked"] is False
    spec = deck_json(decks[2])
    assert {line["kod"] for line in layer(spec, "valda")["data"]} == {"0160", "0114"}
    assert layer(spec, "valda")["@@type"] == "LineLayer"


def _segment_set(lines: list[dict]) -> set[tuple]:
    return {tuple(sorted((tuple(line["s"]), tuple(line["t"])))) for line in lines}


def test_inner_borders_are_drawn_once_and_the_coast_is_left_to_the_county_outline(frame):
    spec = deck_json(maps.membership_deck(frame))
    inner = layer(spec, "grenser")["data"]
    assert len(_segment_set(inner)) == len(inner) > 100  # no border twice (nor reversed)
    county = _segment_set(layer(spec, "lan")["data"])
    assert not _segment_set(inner) & county
    # Täby's border with Vallentuna is an inner border: some of Täby's ring is in the layer
    taby = _segment_set(maps.segments(geo.boundary_paths(geo.kommun_shapes()["0160"])))
    assert taby & _segment_set(inner)
    # every inner segment is a piece of some kommun's own ring
    rings = set().union(*(_segment_set(maps.segments(geo.boundary_paths(shape)))
                          for shape in geo.kommun_shapes().values()))
    assert _segment_set(inner) <= rings


def test_geometry_is_the_county_simplified_and_cached():
    feats = geo.kommun_features()
    assert len(feats) == 26 and {f["properties"]["kod"][:2] for f in feats} == {"01"}
    assert len(json.dumps(feats)) < 60_000
    assert geo.county_outline().contains(geo.kommun_shapes()["0180"].representative_point())
    ros = geo.forbund_outlines([("0160", "ROS"), ("0117", "ROS")])["ROS"]
    assert ros.area == pytest.approx(geo.kommun_shapes()["0160"].area + geo.kommun_shapes()["0117"].area)
    assert all(geo.kommun_shapes()[c].contains(shapely_point(*geo.label_points()[c])) for c in geo.kommun_codes())


def shapely_point(lon: float, lat: float):
    from shapely.geometry import Point

    return Point(lon, lat)


# --- measures -----------------------------------------------------------------------

def suppressed_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Three ways a value can be suppressed, each with a tempting number left in place."""
    df = frame.copy()
    df.loc[df.kod == "0187", ["andel_status", "andel", "jamforelse"]] = ["undertryckt", 55.0, "högre"]
    df.loc[df.kod == "0128", ["andel", "jamforelse"]] = [np.nan, "lägre"]  # NaN, status 'visad'
    df["antal_visning"] = df["antal"].astype(str)
    df.loc[df.kod == "0138", "antal_visning"] = "<5"  # secondary suppression of the count
    # Vaxholm keeps antal_visning "3": the primary rule (1..4 never shown) is a backstop.
    return df


@pytest.mark.parametrize("measure", ["andel", "per_10000", "jamforelse"])
def test_a_suppressed_kommun_is_never_coloured_as_a_value(frame, measure):
    df = suppressed_frame(frame)
    view = maps.measure_deck(df, measure)
    props = features(view)
    hidden = {"0187"} | ({"0138"} if measure == "per_10000" else {"0128"})
    for code in hidden:
        assert tuple(props[code]["fill"][:3]) == maps.SUPPRESSED, code
        assert props[code]["hatched"] and props[code]["kategori"] == "Visas inte (för få deltagare)"
        assert tuple(props[code]["fill"][:3]) not in VALUE_COLOURS
        assert maps.SUPPRESSED_TEXT in props[code]["m0"]
    assert hidden <= hatched_codes(view)
    for code in NOT_IN_MIA_CODES:  # 0 participants outside MIA is not a value either
        assert props[code]["kategori"] == "Ej med i MIA"
    assert {item.label for item in view.legend if item.hatched} == {"Visas inte (för få deltagare)"}


def test_alt_text_names_the_hidden_and_outside_kommuner_in_every_mode(frame):
    df = suppressed_frame(frame)
    names = dict(zip(df.kod, df.namn))
    for measure in ("andel", "per_10000", "jamforelse"):
        alt = maps.measure_deck(df, measure).alt_text
        hidden = alt.split("Visas inte (för få deltagare): ")[1].split(".")[0]
        assert names["0187"] in hidden, measure  # Vaxholm: a count of 3
        outside = alt.split("Inte med i MIA: ")[1]
        assert all(names[code] in outside for code in NOT_IN_MIA_CODES), measure


def test_measure_colours_follow_the_breaks(frame):
    df = frame.copy()
    df.loc[df.kod == "0160", "andel"] = 5.0
    df.loc[df.kod == "0180", "andel"] = 45.0
    view = maps.measure_deck(df, "andel", breaks=[10, 20, 30, 40])
    props = features(view)
    assert props["0160"]["fill"][:3] == list(maps.RAMP[0])
    assert props["0180"]["fill"][:3] == list(maps.RAMP[-1])
    assert [i.label.replace("\u00a0", " ") for i in view.legend][:5] == [
        "under 10 %", "10–20 %", "20–30 %", "30–40 %", "40 % eller mer"]
    assert props["0160"]["m0"].startswith("5\u00a0% (95\u00a0% KI ")


def test_classification_uses_four_fixed_colours(frame):
    df = frame.copy()
    df.loc[df.kod == "0160", "jamforelse"] = "högre"
    df.loc[df.kod == "0180", "jamforelse"] = "lägre"
    df.loc[df.kod == "0181", "jamforelse"] = "jämförs ej"
    props = features(maps.measure_deck(df, "jamforelse"))
    assert props["0160"]["fill"][:3] == list(maps.CLASS_COLOURS["högre"])
    assert props["0180"]["fill"][:3] == list(maps.CLASS_COLOURS["lägre"])
    assert props["0182"]["fill"][:3] == list(maps.CLASS_COLOURS["i nivå med"])
    assert props["0181"]["kategori"] == "Jämförs ej" and not props["0181"]["hatched"]


def test_as_of_in_measure_mode_greys_kommuner_not_yet_joined(frame):
    props = features(maps.measure_deck(frame, "per_10000", as_of=date(2019, 12, 31)))
    assert all(props[code]["kategori"] == "Ej med i MIA" for code in MIA_VIDARE)
    assert props["0187"]["kategori"] != "Ej med i MIA"


def test_legend_html_and_steps(frame):
    view = maps.measure_deck(suppressed_frame(frame), "andel")
    html = maps.legend_html(view)
    assert "Visas inte (för få deltagare)" in html and "repeating-linear-gradient" in html
    assert geo.SOURCE_CREDIT in html
    steps = maps.membership_steps(frame)
    assert [s.datum.isoformat() for s in steps] == ["2017-04-01", "2019-10-01", "2020-06-01", "2020-09-01"]
    assert set(steps[1].kommuner) == {"Vallentuna", "Danderyd", "Vaxholm", "Norrtälje"}
    assert steps[1].label == "2019: Roslagen utökas"


# --- press PNG ----------------------------------------------------------------------

def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_press_figure_credits_scb(frame):
    view = maps.membership_deck(frame)
    fig = maps.map_figure(view, "MIA i länet", "Kommuner efter förbund", "Källa: demodata")
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "Kommungränser: SCB" in texts and "Östra Södertörn" in texts and "Solna" in " ".join(
        str(t.text) for t in fig.data if t.mode == "text")


def test_map_png_has_exactly_the_requested_size(frame):
    view = maps.measure_deck(suppressed_frame(frame), "andel")
    data = maps.map_png(view, "Andel till arbete eller studier", "Per kommun, 2017–2022",
                        "Källa: MIA-projektets deltagarutdrag (syntetiska demodata)",
                        width=1080, height=1080)
    assert png_size(data) == (1080, 1080)
