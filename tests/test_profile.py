"""Kommunprofil (mia.profile, mia.charts.profil): every measure of every unit is honest.

- A comparison ("högre", "lägre", "i nivå med") always follows from the interval and the
  county's value; a hidden value is NaN (never 0) and never compared.
- No sentence claims a difference the intervals don't support, and no sentence or chart
  shows a value that disclosure control hid.
- Kommuner outside MIA get their nearest förbund, said so in words.
"""
from __future__ import annotations

import json
import re
from datetime import date

import numpy as np
import pandas as pd
import pytest

from mia import disclosure, profile, stats
from mia.charts import profil as charts
from mia.charts.style import COMPARISON_COLOURS, Source
from mia.disclosure import Status
from mia.filters import Urval
from mia.i18n import set_language

WHOLE = Urval()
# A short period: many small numbers, so suppression and "jämförs ej" are common.
SHORT = Urval(fran=date(2021, 7, 1), till=date(2021, 12, 31), population="aktiva", namnare="avslutade")
URVALS = {"whole": WHOLE, "short": SHORT}
SOURCE = Source(uttag=date(2022, 11, 30), synthetic=True)
UNIT_IDS = [u.id for u in profile.units()]


@pytest.fixture(scope="module")
def tables(demo_con):
    return {name: profile.tables(demo_con, u) for name, u in URVALS.items()}


@pytest.fixture(scope="module")
def profiles(tables):
    return {(name, e): profile.assemble(e, URVALS[name], tables[name]) for name in URVALS for e in UNIT_IDS}


# ---------------------------------------------------------------------------- units


def test_units_are_all_kommuner_then_forbund():
    units = profile.units()
    assert [u.niva for u in units] == ["kommun"] * 26 + ["forbund"] * 8
    assert sorted(u.namn for u in units if not u.in_mia) == ["Ekerö", "Järfälla", "Lidingö", "Nykvarn", "Solna"]
    assert profile.unit("kommun:0160").namn == "Täby"
    assert profile.unit("forbund:ROS").namn == "Roslagen"
    assert profile.unit("kommun:9999") is None and profile.unit("") is None and profile.unit(None) is None
    assert profile.link("kommun", "0160") == "profil?enhet=kommun:0160"


@pytest.mark.parametrize("kod, forbund, via", [
    ("0123", "SUVS", "Sollentuna"),  # Järfälla
    ("0125", "HBS", "Salem"),  # Ekerö
    ("0140", "SDT", "Södertälje"),  # Nykvarn
    ("0184", "SBG", "Sundbyberg"),  # Solna
    ("0186", "STH", "Stockholm"),  # Lidingö
])
def test_nearest_forbund_by_distance_to_the_nearest_member(kod, forbund, via):
    nearest = profile.nearest_forbund(kod)
    assert (nearest.forbund, nearest.via_kommun) == (forbund, via)
    assert 0 < nearest.km < 20


def test_kommun_outside_mia_shows_its_nearest_forbund_and_says_so(profiles):
    p = profiles[("whole", "kommun:0123")]
    assert p.shown.id == "forbund:SUVS"
    assert p.notice.startswith("Järfälla deltog inte i MIA. Som jämförelse visas närmaste förbund, SUVS")
    assert p.sentences[0].text == p.notice
    assert 3 <= len(p.sentences) <= 5
    assert p.rows.andel.notna().sum() >= 10  # real results, not an empty profile


# ---------------------------------------------------------------------------- measures


def test_every_unit_has_every_measure(tables):
    for name, tabs in tables.items():
        per_unit = tabs.measures.groupby(["niva", "kod"]).matt.nunique()
        assert (per_unit == len(profile.MEASURES)).all(), name
        assert len(per_unit) == 26 + 8 + 1


@pytest.mark.parametrize("name", URVALS)
def test_comparisons_follow_from_the_intervals(tables, name):
    m = tables[name].measures
    shown = m.andel_status == Status.VISAD
    # A hidden value is NaN (never 0), has no interval and is never compared.
    assert m.loc[~shown, ["andel", "ki_lag", "ki_hog"]].isna().all().all()
    assert (m.loc[~shown, "jamforelse"] == stats.JAMFORS_EJ).all()
    s = m[shown & (m.kind != "median")]
    assert ((s.ki_lag <= s.andel + 1e-9) & (s.andel <= s.ki_hog + 1e-9)).all()
    hog, lag, niva = (s.jamforelse == c for c in (stats.HOGRE, stats.LAGRE, stats.I_NIVA))
    assert (s[hog].ki_lag > s[hog].lan_andel).all()
    assert (s[lag].ki_hog < s[lag].lan_andel).all()
    assert ((s[niva].ki_lag <= s[niva].lan_andel) & (s[niva].lan_andel <= s[niva].ki_hog)).all()
    assert (m[m.kind == "median"].jamforelse == stats.JAMFORS_EJ).all()  # no interval, no comparison
    # Ranges span only shown values of the same level.
    for (matt, niva_), grp in m[m.niva.isin(["kommun", "forbund"]) & m.i_mia].groupby(["matt", "niva"]):
        vals = grp.andel[grp.andel_status == Status.VISAD]
        if len(vals):
            assert grp["min"].iloc[0] == pytest.approx(vals.min()) and grp["max"].iloc[0] == pytest.approx(vals.max())


@pytest.mark.parametrize("name", URVALS)
def test_every_row_carries_its_range_and_its_forbunds_value(tables, name):
    """min, max and n_enheter are the shown values of the row's measure and level (the
    same on every row, also on the county's and outside MIA, where nothing is counted);
    a kommun's row carries its förbund's value and status, other rows none."""
    m = tables[name].measures
    shown = m[(m.andel_status == Status.VISAD) & m.i_mia & m.niva.isin(["kommun", "forbund"])]
    expected = shown.groupby(["matt", "niva"]).andel.agg(["min", "max", "count"])
    for row in m.itertuples():
        if (row.matt, row.niva) in expected.index:
            lo, hi, n = expected.loc[(row.matt, row.niva)]
            assert (row.min, row.max, row.n_enheter) == (pytest.approx(lo), pytest.approx(hi), n)
        else:
            assert np.isnan(row.min) and np.isnan(row.max) and row.n_enheter == 0
    forbund = {(r.kod, r.matt): (r.andel, r.andel_status) for r in m[m.niva == "forbund"].itertuples()}
    for row in m.itertuples():
        if row.niva == "kommun" and row.forbund:
            value, status = forbund[(row.forbund, row.matt)]
            assert row.forbund_status == status
            assert row.forbund_andel == pytest.approx(value, nan_ok=True)
        else:  # a kommun outside MIA, a förbund, the county: no förbund value
            assert np.isnan(row.forbund_andel) and pd.isna(row.forbund_status)
    assert (m.niva == "kommun").any() and (m.n_enheter > 0).any()


def test_the_short_period_has_suppressed_values(tables):
    m = tables["short"].measures
    assert (m.andel_status != Status.VISAD).sum() > 50
    assert {Status.LITEN, Status.NAMNARE} <= set(m.andel_status)


@pytest.mark.parametrize("name", URVALS)
def test_no_hidden_count_can_be_worked_out(tables, name):
    counts = tables[name].counts
    inside = counts[counts.i_mia].reset_index(drop=True)
    groups = disclosure.build_groups(inside, [disclosure.Hierarchy("kod", profile._area_parents())])
    for col in profile.COUNT_COLUMNS:
        status = inside[f"{col}_status"].to_numpy(dtype=object)
        hidden = status != Status.VISAD
        assert inside.loc[hidden, col].isna().all()  # hidden: NaN, never 0
        # The attack model needs the true values: the query's unprotected counts.
        true = _true_counts(name, col, inside)
        assert not disclosure.exposed_cells(true, status, groups).any(), col


_RAW: dict = {}


def _true_counts(name, col, inside):
    return _RAW[name].set_index("kod").loc[inside.kod, col].to_numpy(dtype="float64")


@pytest.fixture(scope="module", autouse=True)
def _raw_counts(demo_con):
    from mia import sql

    for name, u in URVALS.items():
        _RAW[name] = sql.frame(demo_con, "profil_per_enhet", profile.profile_urval(u).params())


def test_profile_ignores_dimension_filters(demo_con, tables):
    filtered = WHOLE.with_(kon=("K",), kommun=("0160",), forbund=("ROS",))
    assert profile.ignored_filters(filtered) == ["förbund", "kommun", "kön"]
    assert profile.profile_urval(filtered) == WHOLE
    p = profile.assemble("kommun:0160", filtered, tables["whole"])
    assert p.urval == WHOLE


# ---------------------------------------------------------------------------- sentences

RISE_WORDS = ("högre", "fler", "över målet", "ökat")
FALL_WORDS = ("lägre", "färre", "under målet", "minskat")


def _claim_ok(claim: profile.Claim, p: profile.Profile) -> bool:
    """The claim matches the comparison computed from the intervals."""
    if claim.against == "tid":
        return claim.code == p.change.code
    row = p.rows.set_index("matt").loc[claim.matt]
    return claim.code == (row.jamforelse if claim.against == "lan" else row.jamforelse_mal)


@pytest.mark.parametrize("name", URVALS)
def test_no_sentence_claims_a_difference_the_intervals_do_not_support(profiles, name):
    for e in UNIT_IDS:
        p = profiles[(name, e)]
        assert 3 <= len(p.sentences) <= 5, e
        for s in p.sentences:
            for claim in s.claims:
                assert _claim_ok(claim, p), (e, s.text, claim)
            codes = {c.code for c in s.claims}
            lowered = s.text.lower()
            if any(w in lowered for w in RISE_WORDS):
                assert stats.HOGRE in codes, (e, s.text)
            if any(w in lowered for w in FALL_WORDS):
                assert stats.LAGRE in codes, (e, s.text)
            if stats.HOGRE in codes:
                assert any(w in lowered for w in RISE_WORDS), (e, s.text)
            if stats.LAGRE in codes:
                assert any(w in lowered for w in FALL_WORDS), (e, s.text)


def test_a_change_over_time_is_claimed_only_when_the_difference_interval_excludes_zero(tables):
    for ch in tables["whole"].changes.values():
        if ch.visas:
            assert (ch.low > 0) == (ch.code == stats.HOGRE)
            assert (ch.high < 0) == (ch.code == stats.LAGRE)


def test_difference_interval_matches_newcombe():
    # Newcombe (1998), example (a): 56/70 vs 48/80, method 10: 0.0524 to 0.3339.
    (l1, l2), (u1, u2) = stats.wilson_interval(np.array([48.0, 56.0]), np.array([80.0, 70.0]))
    low, high = profile.difference_interval(60.0, 100 * l1, 100 * u1, 80.0, 100 * l2, 100 * u2)
    assert low == pytest.approx(5.24, abs=0.01) and high == pytest.approx(33.39, abs=0.01)
    assert all(np.isnan(profile.difference_interval(float("nan"), 1, 2, 3, 4, 5)))


def test_pooled_halves_are_shown_only_when_every_half_year_is(tables):
    trend = tables["whole"].trend
    for kod, ch in tables["whole"].changes.items():
        if ch.visas:
            rows = trend[trend.kod == kod]
            assert (rows.avslutade_status == Status.VISAD).all() and (rows.arbete_studier_status == Status.VISAD).all()
        else:
            assert np.isnan(ch.p1) and np.isnan(ch.p2)


def test_pooled_halves_are_the_sums_of_their_half_years(tables):
    """Each published change pools exactly the half-years it names: the earlier and the later
    share recomputed from the (shown) trend rows of that unit."""
    trend = tables["whole"].trend
    checked = 0
    for kod, ch in tables["whole"].changes.items():
        if not ch.visas:
            continue
        rows = trend[trend.kod == kod]
        for (first, last), share in ((ch.earlier, ch.p1), (ch.later, ch.p2)):
            part = rows[(rows.halvar >= first) & (rows.halvar <= last)]
            assert share == pytest.approx(100.0 * part.arbete_studier.sum() / part.avslutade.sum())
        checked += 1
    assert checked >= 1  # (two in the demo's whole period)


PERCENT = re.compile(r"\d\s?%")


@pytest.mark.parametrize("name", URVALS)
def test_suppressed_values_stay_suppressed_in_the_text(profiles, name):
    checked = 0
    for e in UNIT_IDS:
        p = profiles[(name, e)]
        rows = p.rows.set_index("matt")
        for s in p.sentences:
            hidden = [m for m in s.measures if m in rows.index and rows.loc[m, "andel_status"] != Status.VISAD]
            if not hidden:
                continue
            checked += 1
            assert not PERCENT.search(s.text), (e, s.text)
            assert "visas inte" in s.text or "färre än" in s.text, (e, s.text)
            if "per_10000" in hidden:  # no count or rate in the sentence, only the period and threshold
                numbers = re.findall(r"\d+(?:[ ,]\d+)*", re.sub(r"\d{4}-\d{2}-\d{2}", "", s.text.replace("\u00a0", " ")))
                assert set(numbers) <= {"5", "10 000"}, (e, s.text)
        if p.change.code == stats.JAMFORS_EJ:
            assert not PERCENT.search(p.sentences[-1].text) or p.notice
    assert checked >= (20 if name == "short" else 3)


def test_sentences_in_english(tables):
    set_language("en")
    try:
        p = profile.assemble("kommun:0160", WHOLE, tables["whole"])
        text = p.text()
        assert "went on to work or studies" in text and "gick" not in text
    finally:
        set_language("sv")


# ---------------------------------------------------------------------------- figures


def _spine(p):
    return json.loads(charts.spine_figure(p, "sub", SOURCE).to_json())


@pytest.mark.parametrize("name", URVALS)
def test_spine_draws_no_suppressed_value_and_colours_by_comparison(profiles, name):
    for e in UNIT_IDS:
        p = profiles[(name, e)]
        fig = _spine(p)
        rows = p.rows.reset_index(drop=True)
        hidden_rows = set(rows.index[rows.andel_status != Status.VISAD])
        legend = {t_: c for c, t_ in charts.COMPARISON_LEGEND.items()}
        drawn = set()
        for trace in fig["data"]:
            code = legend.get(trace.get("name"))
            if code is None:
                continue
            assert trace["marker"]["color"] == COMPARISON_COLOURS[code]
            for y, x in zip(trace["y"], trace["x"]):
                assert y not in hidden_rows, (e, y)
                assert x is not None
                assert rows.loc[y, "jamforelse"] == code
                drawn.add(y)
        assert drawn == set(rows.index) - hidden_rows, e
        values = [a for a in fig["layout"]["annotations"] if a.get("xref") == "paper" and a.get("yref") == "y"
                  and isinstance(a.get("y"), (int, float)) and a["y"] >= 0]
        for y in hidden_rows:
            texts = [a["text"] for a in values if a["y"] == y]
            assert ".." in texts, (e, y, texts)  # the value column says "..", never 0


def test_spine_title_counts_the_comparisons(profiles):
    p = profiles[("whole", "forbund:ROS")]
    counts = p.rows.jamforelse.value_counts()
    title = charts.spine_title(p)
    assert title.startswith("Roslagen jämfört med länet: ")
    assert f"{counts.get('högre', 0)}\u00a0högre" in title and f"{counts.get('lägre', 0)}\u00a0lägre" in title


def test_trend_has_gaps_not_zeros_for_hidden_half_years(profiles):
    for key in [("whole", "kommun:0160"), ("whole", "kommun:0180"), ("short", "forbund:HBS")]:
        p = profiles[key]
        fig = charts.trend_figure(p, "sub", SOURCE)
        unit = next(tr for tr in fig.data if tr.name == p.shown.namn)
        rows = p.trend[p.trend.kod == p.shown.kod].sort_values("start")
        assert list(unit.x) == list(rows.halvar)
        for y, status in zip(unit.y, rows.as_andel_status):
            assert bool(np.isnan(y)) == (status != Status.VISAD)  # a gap, never a 0
        assert charts.trend_title(p).endswith(p.shown.namn)


def test_trend_title_states_a_change_only_when_the_chart_shows_it(profiles):
    """Täby: the pooled halves differ, but its half-years are too small to draw: the title
    stays neutral while the sentence gives the verdict."""
    p = profiles[("whole", "kommun:0160")]
    assert not p.change.visas and p.change.code in ("högre", "lägre")
    assert charts.trend_title(p) == "Andel till arbete eller studier per halvår i Täby"
    assert any(w in " ".join(s.text for s in p.sentences) for w in ("har minskat", "har ökat"))
    shown = [p for key, p in profiles.items() if p.change.visas and p.change.code in ("högre", "lägre")]
    for q in shown:
        assert "har " in charts.trend_title(q)


def test_export_tables_mark_hidden_values(profiles):
    p = profiles[("whole", "kommun:0187")]  # Vaxholm: 14 participants
    table = profile.export_table(p)
    values = dict(zip(table["Mått"], table["Värde"]))
    assert values["Till arbete eller studier"] == ".."
    assert values["Kvinnor"] == 50.0
    counts = dict(zip(table["Mått"], table["Antal"]))
    assert counts["Till arbete eller studier"] == "<5"
    assert 0 not in table["Värde"].tolist()
    trend = profile.trend_export_table(p)
    assert set(trend["Enhet"]) == {"Vaxholm", "Roslagen", "Länet"}
    hidden = trend[trend["Enhet"] == "Vaxholm"]["Till arbete eller studier (%)"]
    assert (hidden == "..").all()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_spines_columns_stay_clear_of_the_spine_beside_long_measure_names(tables, lang):
    """The text columns hang from the plot's right edge; the spine's share of the plot is
    sized from the measure names' width (English ones are longer), so that in a figure of
    the width the layout is made for the columns begin right of the spine."""
    from mia.i18n import using

    with using(lang):
        p = profile.assemble("kommun:0160", URVALS["whole"], tables["whole"])
        fig = _spine(p)
    layout = fig["layout"]
    plot = charts.SCREEN_PAPER + charts.LABELS_PX - layout["margin"]["l"] - layout["margin"]["r"]
    first_column = min(a["xshift"] for a in layout["annotations"] if a.get("xref") == "paper" and a.get("yref") == "y")
    spine_end = layout["xaxis"]["domain"][1] * plot
    assert spine_end < plot + first_column  # no column text over the spine
    if layout["xaxis"]["domain"][1] > 0.3:  # (a spine narrower than 30 % of the plot is not made)
        assert spine_end + charts.GAP <= plot + first_column
