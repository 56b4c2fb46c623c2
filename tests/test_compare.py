"""Jämför's numbers: interval and classification arithmetic against published values, the
funnel limits, the protected table, and an attacker who tries every view.

The brute-force tests publish every view the page and the CLI can show (each kön choice,
including pairs, at kommun and förbund level, with and without a förbund or kommun
selected) and then attack the published cells the way a reader could: by rank (linear
algebra, written independently of mia.disclosure) and by an exact integer search that
combines every sum with what "<5" and ".." say.
"""
from __future__ import annotations

import itertools
import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from mia import compare, stats, text_compare
from mia.charts import jamfor as charts
from mia.charts.style import Source
from mia.disclosure import Status
from mia.filters import Urval

SOURCE = Source(uttag=date(2022, 11, 30), synthetic=True)
KON_CHOICES = [(), ("K",), ("M",), ("X",), ("K", "M", "X")]  # every cell of the kön dimension
SHORT = Urval(fran=date(2021, 1, 1), till=date(2021, 6, 30))  # a small slice: one half-year


# ---------------------------------------------------------------- interval arithmetic

# Newcombe (1998), Statistics in Medicine 17:857-872, table I, method 3 (Wilson score).
NEWCOMBE = [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)]


@pytest.mark.parametrize("x,n,low,high", NEWCOMBE + [(0, 10, 0.0, 0.2775), (5, 10, 0.2366, 0.7634)])
def test_wilson_interval_matches_published_values(x, n, low, high):
    lo, hi = stats.wilson_interval(x, n)
    assert (round(lo, 4), round(hi, 4)) == (low, high)


@pytest.mark.parametrize("x,n,expected", [
    (81, 263, "högre"),        # 25,5–36,6 % lies above 17 %
    (15, 148, "lägre"),        # 6,2–16,1 % lies below 17 %
    (1, 29, "i nivå med"),     # 0,6–17,2 % contains 17 %
    (0, 20, "lägre"),          # 0–16,1 %: none of 20 is lower than 17 %, not "0 % vs 17 %" by eye
    (5, 9, "jämförs ej"),      # fewer than 10 in the denominator
])
def test_classification_against_the_county(x, n, expected):
    lo, hi = stats.wilson_interval(x, n)
    assert stats.classify(lo, hi, 0.17, n) == expected


def test_touching_the_reference_is_not_a_difference():
    lo, hi = stats.wilson_interval(81, 263)
    assert stats.classify(lo, hi, lo, 263) == "i nivå med"
    assert stats.classify(lo, hi, hi, 263) == "i nivå med"


def test_a_county_range_needs_the_whole_range_outside_the_interval():
    df = pd.DataFrame({"taljare": [81.0, 81.0, 15.0], "namnare": [263.0, 263.0, 148.0],
                       "taljare_status": "visad", "namnare_status": "visad"})
    lo81 = stats.wilson_interval(81, 263)[0]
    out = compare.add_comparison(df, [lo81 - 0.01, lo81 - 0.002, 0.165], [lo81 - 0.005, lo81 + 0.002, 0.17])
    assert list(out.jamforelse) == ["högre", "i nivå med", "lägre"]
    assert out.referens_lag.iloc[0] < out.referens.iloc[0] < out.referens_hog.iloc[0]


def test_funnel_limits_known_values():
    lo95, hi95 = stats.funnel_limits(0.17, 100)
    lo998, hi998 = stats.funnel_limits(0.17, 100, stats.Z_998)
    se = math.sqrt(0.17 * 0.83 / 100)
    assert (lo95, hi95) == pytest.approx((0.17 - 1.96 * se, 0.17 + 1.96 * se))
    assert (round(lo95, 4), round(hi95, 4)) == (0.0964, 0.2436)
    assert (round(lo998, 4), round(hi998, 4)) == (0.0539, 0.2861)
    assert np.isnan(stats.funnel_limits(0.17, 0)[0])
    curve = stats.funnel_curve(0.17, 400, 10)
    assert set(curve.niva) == {"95 %", "99,8 %"}
    row = curve[curve.niva == "95 %"].iloc[-1]
    assert row.hog == pytest.approx(100 * (0.17 + 1.96 * math.sqrt(0.17 * 0.83 / 400)))


def test_funnel_plot_and_interval_comparison_agree():
    """The Wilson interval is the inverted score test, so "outside the 95 % funnel" and
    "interval excludes the county share" are the same statement (the chart's colours and
    its limits can never contradict each other)."""
    for p0 in (0.05, 0.17, 0.35):
        for n in range(10, 400):
            x = np.arange(n + 1)
            low_limit, high_limit = stats.funnel_limits(p0, n)
            lo, hi = stats.wilson_interval(x, np.full(n + 1, n))
            codes = stats.classify_series(lo, hi, p0, np.full(n + 1, n))
            p = x / n
            clear = (np.abs(p - high_limit) > 1e-9) & (np.abs(p - low_limit) > 1e-9)
            assert ((codes == "högre") == (p > high_limit))[clear].all(), (p0, n)
            assert ((codes == "lägre") == (p < low_limit))[clear].all(), (p0, n)


# ---------------------------------------------------------------- the unit table


@pytest.fixture(scope="module")
def kommuner(demo_con):
    return compare.units(demo_con, Urval(), "kommun", "arbete_studier", include_county=True)


def test_every_kommun_of_the_county_is_listed_and_outsiders_are_not_zero(kommuner):
    rows = kommuner[kommuner.niva == "kommun"]
    assert len(rows) == 26
    outside = rows[rows.mia_status == compare.MIA_EJ]
    assert sorted(outside.namn) == ["Ekerö", "Järfälla", "Lidingö", "Nykvarn", "Solna"]
    assert outside.andel.isna().all() and outside.namnare.isna().all() and outside.per_10000.isna().all()
    assert set(outside.jamforelse_text) == {"ej med i MIA"}
    table = compare.table_view(rows)
    assert set(table[table.jamforelse == "ej med i MIA"].andel) == {"–"}


def test_county_share_is_the_selection_without_area_filters(demo_con, kommuner):
    from mia import measures

    counts = measures.headline(demo_con, Urval())
    county = compare.county(kommuner)
    assert county["exakt"]
    assert county["andel"] == pytest.approx(100 * counts["arbete_studier"] / counts["antal"])
    selected = compare.units(demo_con, Urval(kommun=("0160",)), "kommun")
    assert compare.county(selected)["andel"] == pytest.approx(county["andel"])
    assert list(selected.kod[selected.vald]) == ["0160"]


def test_classification_is_computed_from_the_intervals(kommuner):
    shown = kommuner[(kommuner.andel_status == "visad") & (kommuner.niva == "kommun")]
    assert len(shown) >= 15
    for r in shown.itertuples():
        lo, hi = stats.wilson_interval(r.taljare, r.namnare)
        assert (r.ki_lag, r.ki_hog) == pytest.approx((100 * lo, 100 * hi))
        assert r.jamforelse == stats.classify(lo, hi, r.referens / 100, r.namnare)
        assert r.andel == pytest.approx(100 * r.taljare / r.namnare)


def test_hidden_values_are_nan_with_a_status_never_zero(kommuner):
    hidden = kommuner[kommuner.andel_status != "visad"]
    assert len(hidden) > 0
    assert hidden.andel.isna().all() and hidden.ki_lag.isna().all()
    assert (hidden.jamforelse == "jämförs ej").all()
    small = kommuner[kommuner.taljare_status == "liten"]
    assert set(small.taljare_visning) == {"<5"} and small.taljare.isna().all()


def test_table_view_has_the_columns_and_one_decimal(kommuner):
    table = compare.table_view(kommuner[kommuner.niva == "kommun"])
    for col in ("kod", "namn", "namnare", "taljare", "andel", "ki_lag", "ki_hog", "jamforelse"):
        assert col in table.columns
    numbers = table.andel[~table.andel.isin(["..", "–"])]
    assert numbers.str.fullmatch(r"\d+\.\d").all()
    vaxholm = table[table.kod == "0187"].iloc[0]
    assert vaxholm.taljare == "<5" and vaxholm.andel == ".."


def test_forbund_table_and_rates(demo_con):
    df = compare.units(demo_con, Urval(), "forbund", "arbetsforberedande", include_county=True)
    forbund = df[df.niva == "forbund"]
    assert len(forbund) == 8
    hbs = forbund[forbund.kod == "HBS"].iloc[0]
    assert hbs.per_10000 == pytest.approx(hbs.deltagare * 10_000 / (109523 + 91631 + 16665))
    assert "forbund" not in compare.table_view(forbund).columns


def test_age_groups_are_not_published_per_kommun(demo_con):
    df = compare.units(demo_con, Urval(aldersgrupp=("16-24",)), "kommun")
    mia = df[df.mia_status == compare.MIA_MED]
    assert mia.deltagare.isna().all() and (mia.orsak == compare.AGE_NOT_PER_KOMMUN).all()
    forbund = compare.units(demo_con, Urval(aldersgrupp=("16-24",)), "forbund")
    assert forbund.deltagare.notna().sum() >= 6


def test_views_agree_on_every_shared_cell(demo_con):
    """The kön view, the breakdown and the förbund table read one protected table."""
    k_view = compare.units(demo_con, Urval(kon=("K",)), "forbund", include_county=True).set_index("kod")
    all_view = compare.units(demo_con, Urval(), "forbund").set_index("kod")
    for kod in ("ROS", "HBS", compare.LAN):
        bd = compare.breakdown(demo_con, Urval(), kod).set_index(["dimension", "varde"])
        assert bd.loc[("kon", "K"), "namnare_visning"] == k_view.loc[kod, "namnare_visning"]
        assert bd.loc[("kon", "K"), "taljare_visning"] == k_view.loc[kod, "taljare_visning"]
        if kod != compare.LAN:
            assert bd.loc[("alla", "alla"), "taljare_visning"] == all_view.loc[kod, "taljare_visning"]


@pytest.mark.parametrize("kw", [{}, {"kon": ("K",)}, {"aldersgrupp": ("16-24",)}])
def test_a_period_change_reuses_the_protected_half_years_and_shows_the_same_trend(demo_con, monkeypatch, kw):
    """Each half-year of the trend is protected on its own, whatever the period around it:
    after the whole project, a shorter period needs no new protection, and its trend is
    exactly the one it gets when computed for itself."""
    part = Urval(fran=date(2018, 3, 1), till=date(2019, 8, 31), **kw)
    compare.clear_cache()
    alone = {(niva, utfall): compare.trend(demo_con, part, niva=niva, utfall=utfall)
             for niva, utfall in [("kommun", "arbete_studier"), ("forbund", "arbetsforberedande")]}
    compare.clear_cache()
    for utfall in ("arbete_studier", "arbetsforberedande"):
        compare.trend(demo_con, Urval(**kw), niva="kommun", utfall=utfall)

    def no_new_protection(*_args, **_kwargs):
        raise AssertionError("a half-year was protected again")

    monkeypatch.setattr(compare, "protect_cells", no_new_protection)
    for (niva, utfall), expected in alone.items():
        after = compare.trend(demo_con, part, niva=niva, utfall=utfall)
        pd.testing.assert_frame_equal(after, expected, check_exact=True)
        assert set(after.halvar) == {"2018-H1", "2018-H2", "2019-H1", "2019-H2"}
    compare.clear_cache()


def test_trend_county_matches_the_overview_trend(demo_con):
    from mia import measures

    trend = compare.trend(demo_con, Urval(), "forbund")
    overview = measures.trend(demo_con, Urval()).set_index("halvar")
    lan = trend[(trend.kod == compare.LAN) & (trend.andel_status == "visad")]
    assert len(lan) >= 8
    for r in lan.itertuples():
        assert r.namnare == overview.loc[r.halvar, "avslutade"]
        assert r.andel == pytest.approx(overview.loc[r.halvar, "as_andel"])


# ---------------------------------------------------------------- the attacker


def _propagate(lo: dict, hi: dict, eqs: list) -> bool:
    changed = True
    while changed:
        changed = False
        for terms, const in eqs:
            for j, c in terms:
                rest_min = sum(min(c2 * lo[k], c2 * hi[k]) for k, c2 in terms if k != j)
                rest_max = sum(max(c2 * lo[k], c2 * hi[k]) for k, c2 in terms if k != j)
                a, b = const - rest_max, const - rest_min
                if c < 0:
                    a, b = -b, -a
                new_lo, new_hi = max(lo[j], math.ceil(a)), min(hi[j], math.floor(b))
                if new_lo > new_hi:
                    return False
                if (new_lo, new_hi) != (lo[j], hi[j]):
                    lo[j], hi[j], changed = new_lo, new_hi, True
    return True


def _solve(lo: dict, hi: dict, eqs: list) -> dict | None:
    """One integer solution within the bounds, by propagation and depth-first search."""
    lo, hi = dict(lo), dict(hi)
    if not _propagate(lo, hi, eqs):
        return None
    free = [j for j in lo if lo[j] < hi[j]]
    if not free:
        return lo
    j = min(free, key=lambda v: hi[v] - lo[v])
    for value in range(lo[j], hi[j] + 1):
        found = _solve({**lo, j: value}, {**hi, j: value}, eqs)
        if found is not None:
            return found
    return None


def recoverable(cells: dict, sums: list, min_count: int = 5, derived: set | None = None) -> list:
    """Hidden cells a reader can work out. cells: key -> (status, true value); sums:
    (parent key, [child keys]). The reader sees shown values, "<5" = 1..4 and ".." = at
    least 1 (zeros are never hidden) — or, for the stronger reader the audit assumes, at
    least min_count for a ".." that really is that large (not for `derived` cells, a sum
    of several kön, which show ".." whatever their size whenever they are not public)."""
    derived = derived or set()
    found = []
    hidden = [k for k, (s, _v) in cells.items() if s != "visad"]
    if not hidden:
        return found
    big = max(v for _s, v in cells.values()) + 1
    # 1) exact recovery by sums and differences: rank test, independent of mia.disclosure
    index = {k: i for i, k in enumerate(hidden)}
    rows = []
    for parent, children in sums:
        row = np.zeros(len(hidden))
        for k, sign in [(c, 1.0) for c in children] + [(parent, -1.0)]:
            if k in index:
                row[index[k]] += sign
        if row.any():
            rows.append(row)
    matrix = np.array(rows) if rows else np.zeros((0, len(hidden)))
    rank = np.linalg.matrix_rank(matrix) if len(rows) else 0
    for k, i in index.items():
        unit = np.zeros(len(hidden))
        unit[i] = 1.0
        if len(rows) and np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(("summor", k))
    # 2) exact integer search with the symbols' meaning, per connected block
    for strong in (False, True):
        lo, hi = {}, {}
        for k in hidden:
            status, value = cells[k]
            if status == Status.LITEN:
                lo[k], hi[k] = 1, min_count - 1
            else:
                lo[k], hi[k] = (min_count if strong and value >= min_count and k not in derived else 1), big
        eqs = []
        for parent, children in sums:
            terms = [(c, 1) for c in children if c in lo] + ([(parent, -1)] if parent in lo else [])
            const = -sum(cells[c][1] for c in children if c not in lo) + (cells[parent][1] if parent not in lo else 0)
            if terms:
                eqs.append((terms, const))
        assert _solve(lo, hi, eqs) is not None, "the true table must be a solution"
        for k in hidden:
            truth = cells[k][1]
            below = _solve(lo, {**hi, k: truth - 1}, eqs) if truth - 1 >= lo[k] else None
            above = _solve({**lo, k: truth + 1}, hi, eqs) if truth + 1 <= hi[k] else None
            small = 1 <= truth < min_count
            if below is None and above is None and (small or not strong):
                found.append(("stark läsare" if strong else "läsare", k))
    return found


def published_views(protected, raw, column="antal", keep=None):
    """Every cell any kön choice shows, for every area: key (kön cell, area) -> (status,
    true value). (Two kön are a sum of shown cells or "..", see the test further down.)"""
    cells = {}
    keep = np.ones(len(protected), dtype=bool) if keep is None else keep
    protected, raw = protected[keep].reset_index(drop=True), raw[keep].reset_index(drop=True)
    truth = raw.set_index(["omrade", "kon"])[column]
    for choice in KON_CHOICES:
        pick = compare._choice("kon", Urval(kon=choice), compare.KON_CODES)
        rows = compare.select_cells(protected, raw, {"kon": pick}, [column])
        for r in rows.itertuples():
            key, status = (pick, r.omrade), getattr(r, f"{column}_status")
            cells[key] = (status, int(truth[(r.omrade, pick)]))
            if status == Status.VISAD:
                assert getattr(r, column) == cells[key][1]
    return cells


def kon_area_sums(cells, parents):
    """The sums a reader knows: the kön parts of each area, and the areas."""
    sums = []
    for area in {a for _c, a in cells}:
        sums.append((("alla", area), [(k, area) for k in ("K", "M", "X")]))
    children: dict[str, list[str]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    for parent, kids in children.items():
        for k in ("K", "M", "X", "alla"):
            sums.append(((k, parent), [(k, c) for c in kids]))
    return sums


MEMBERS = {"0001": "A", "0002": "A", "0003": "A", "0004": "B", "0005": "B", "0006": "C"}


@pytest.mark.parametrize("seed", range(24))
def test_brute_force_no_hidden_cell_can_be_recovered_in_a_small_slice(seed):
    """Six kommuner in three förbund (one förbund of a single kommun, where förbund =
    kommun), kön K/M/X with many small counts: every förbund/kommun/kön view published,
    then attacked."""
    rng = np.random.default_rng(seed)
    rows = []
    for kommun in MEMBERS:
        for kon, weights in (("K", [0.15, 0.15, 0.15, 0.1, 0.1, 0.35]), ("M", [0.15, 0.15, 0.15, 0.1, 0.1, 0.35]),
                             ("X", [0.6, 0.2, 0.1, 0.05, 0.05, 0.0])):
            value = int(rng.choice([0, 1, 2, 3, 4, int(rng.integers(5, 40))], p=weights))
            rows.append({"kommun": kommun, "kon": kon, "antal": value})
    cells_in = pd.DataFrame(rows)
    protected, raw = compare.protect_cells(cells_in, MEMBERS, ("kon",), ["antal"])
    cells = published_views(protected, raw)
    assert recoverable(cells, kon_area_sums(cells, compare.area_parents(MEMBERS))) == []


def test_brute_force_on_the_demo_data_every_view(demo_con):
    """A half-year of the demo data: all 21 kommuner, 8 förbund and the county, every kön
    choice at both levels, with no area selected and with each förbund and each kommun
    selected. Every view shows the same value or symbol for the same cell, and no hidden
    cell can be worked out from all of them together."""
    seen: dict = {}
    members = compare.kommun_forbund()
    areas = [(), *[("forbund", f) for f in sorted(set(members.values()))], *[("kommun", k) for k in members]]
    for choice in KON_CHOICES:
        for i, area in enumerate(areas):
            if choice not in ((), ("K",)) and i > 0:
                continue  # area selections change nothing but `vald` (checked for two kön choices)
            urval = SHORT.with_(kon=choice, **({area[0]: (area[1],)} if area else {}))
            for niva in compare.NIVAER:
                df = compare.units(demo_con, urval, niva, "arbete_studier", include_county=True)
                for r in df[df.mia_status == compare.MIA_MED].itertuples():
                    for col in ("deltagare", "taljare"):
                        key = (choice, r.kod, col)
                        value = (getattr(r, f"{col}_status"), getattr(r, f"{col}_visning"))
                        assert seen.setdefault(key, value) == value, key
    # attack each count column over the whole kön × area table
    context, dims = compare._context(SHORT)
    for column in ("antal", "arbete_studier"):
        [(protected, raw, _)] = compare._protected(demo_con, "jamfor_celler", context, dims, [column])
        cells = published_views(protected, raw, column, keep=(protected.alder == compare.ALLA).to_numpy())
        assert sum(s != "visad" for s, _v in cells.values()) > 10  # small enough to need protection
        assert recoverable(cells, kon_area_sums(cells, compare.area_parents(members))) == []


def test_forbund_of_one_kommun_hides_both_or_neither(demo_con):
    """Stockholms stad is one kommun: förbund total minus its other kommuner is the kommun."""
    for kon in KON_CHOICES[:4]:
        k = compare.units(demo_con, SHORT.with_(kon=kon), "kommun").set_index("kod")
        f = compare.units(demo_con, SHORT.with_(kon=kon), "forbund").set_index("kod")
        assert k.loc["0180", "taljare_visning"] == f.loc["STH", "taljare_visning"]


def test_several_kon_or_ages_are_shown_only_as_a_sum_of_shown_cells(demo_con):
    """A choice of two kön or several age groups is not a cell of the protected table: it is
    shown only where every part is shown (then it says nothing new), else ".."."""
    for several, singles in (({"kon": ("K", "M")}, [{"kon": ("K",)}, {"kon": ("M",)}]),
                             ({"aldersgrupp": ("16-24", "25-29")}, [{"aldersgrupp": ("16-24",)},
                                                                     {"aldersgrupp": ("25-29",)}])):
        combined = compare.units(demo_con, Urval(**several), "forbund", include_county=True).set_index("kod")
        parts = [compare.units(demo_con, Urval(**one), "forbund", include_county=True).set_index("kod")
                 for one in singles]
        for kod in combined.index:
            for col in ("deltagare", "taljare"):
                shown = all(p.loc[kod, f"{col}_status"] == "visad" for p in parts)
                assert (combined.loc[kod, f"{col}_status"] == "visad") == shown, (several, kod, col)
                if shown:
                    assert combined.loc[kod, col] == sum(p.loc[kod, col] for p in parts)
                else:
                    assert combined.loc[kod, f"{col}_visning"] == ".."


# ---------------------------------------------------------------- sentences and figures


def test_sentence_says_exactly_what_the_classification_says(kommuner):
    units = kommuner[kommuner.niva == "kommun"]
    counts = text_compare.counts(units)
    sentence = text_compare.comparison_sentence(units, "kommun", "arbete_studier")
    assert sentence.startswith(f"{counts['högre']} av {counts['alla']} kommuner hade en högre andel till arbete")
    assert f"{counts['jämförs ej']} kommuner är underlaget för litet" in sentence
    assert "(18\u00a0%)" in sentence


def test_sentence_without_differences_claims_none():
    units = pd.DataFrame({"mia_status": "med", "jamforelse": ["i nivå med", "i nivå med", "jämförs ej"],
                          "andel_status": ["visad", "visad", "namnare"], "referens": 17.0,
                          "referens_lag": 17.0, "referens_hog": 17.0, "niva": "forbund"})
    sentence = text_compare.comparison_sentence(units, "forbund", "arbete_studier")
    assert sentence.startswith("Inget av förbunden skilde sig säkert från länet (17\u00a0%)")
    assert "högre" not in sentence and "lägre" not in sentence
    hidden = units.assign(referens=np.nan, referens_lag=np.nan, referens_hog=np.nan)
    assert "jämförs inte med länet" in text_compare.comparison_sentence(hidden, "forbund", "arbete_studier")


def _values(seq) -> list[float]:
    return [np.nan if v is None else float(v) for v in (seq if seq is not None else [])]


def test_funnel_figure_never_draws_a_hidden_unit(kommuner):
    units = kommuner[kommuner.niva == "kommun"]
    fig = charts.funnel_figure(units, "sub", SOURCE, "kommun", "arbete_studier")
    points = [tr for tr in fig.data if (tr.meta or {}).get("koder")]
    drawn = {k for tr in points for k in tr.meta["koder"]}
    shown = set(units.kod[(units.andel_status == "visad") & (units.mia_status == "med")])
    assert drawn == shown
    for tr in points:
        assert not np.isnan(_values(tr.y)).any()
        by_code = dict(zip(tr.meta["koder"], _values(tr.y)))
        for kod, y in by_code.items():
            assert y == pytest.approx(units.set_index("kod").andel[kod])
    source_line = [a for a in fig.layout.annotations if a.name == "source_line"][0].text.replace("<br>", " ")
    assert "Vaxholm (<5)" in source_line and "Ej med i MIA: Ekerö" in source_line
    assert fig.layout.xaxis.type == "log"


def test_dot_figure_keeps_hidden_units_as_empty_rows(kommuner):
    units = kommuner[kommuner.niva == "kommun"]
    fig = charts.dot_figure(units, "sub", SOURCE, "kommun", "arbete_studier")
    markers = [tr for tr in fig.data if tr.mode == "markers"]
    names = {y for tr in markers for y in tr.y}
    assert "Vaxholm" not in names and "Täby" in names
    assert "Vaxholm" in fig.layout.yaxis.categoryarray and "Ekerö" not in fig.layout.yaxis.categoryarray
    assert any(a.y == "Vaxholm" and a.text.startswith("<5") for a in fig.layout.annotations)
    assert all(x > 0 for tr in markers for x in _values(tr.x))


def test_trend_figure_gaps_for_hidden_half_years(demo_con):
    trend = compare.trend(demo_con, Urval(), "forbund")
    fig = charts.trend_figure(trend, ["ROS"], "sub", SOURCE, "arbete_studier")
    unit = [tr for tr in fig.data if tr.name == "Enheten"][0]
    hidden = list(trend[trend.kod == "ROS"].andel_status != "visad")
    assert any(hidden)
    assert [np.isnan(y) for y in _values(unit.y)] == hidden


def test_selection_cell_is_the_protected_cell_other_pages_should_show(demo_con):
    cell = compare.selection_cell(demo_con, Urval(kommun=("0160",), kon=("K",)))
    row = compare.units(demo_con, Urval(kon=("K",)), "kommun").set_index("kod").loc["0160"]
    assert cell["arbete_studier_visning"] == row.taljare_visning and cell["antal_visning"] == row.deltagare_visning
    county = compare.selection_cell(demo_con, Urval())
    assert county["antal"] == compare.units(demo_con, Urval(), "forbund", include_county=True).deltagare.iloc[-1]
    assert compare.selection_cell(demo_con, Urval(kommun=("0160", "0117"))) is None
    assert compare.selection_cell(demo_con, Urval(kommun=("0160",), aldersgrupp=("16-24",))) is None


# ---------------------------------------------------------------- the margins, against the frame-grouping original

def _margins_by_grouping(cells, members, dims, columns, by=(), levels=None):
    """The rows protect_cells protects, as the first version built them (grouping frames);
    compare._margins must give exactly this frame, faster."""
    levels = levels or {}
    codes = {d: tuple(dict.fromkeys([*compare.DIM_CODES.get(d, ()), *sorted(cells[d].dropna().unique())]))
             for d in dims}
    by_values = cells[list(by)].drop_duplicates().reset_index(drop=True) if by else None
    cells = cells.dropna(subset=["kommun"])
    keys = ["kommun", *by, *dims]
    grid = pd.MultiIndex.from_product([sorted(members), *(codes[d] for d in dims)],
                                      names=["kommun", *dims]).to_frame(index=False)
    if by_values is not None:
        grid = by_values.merge(grid, how="cross")
    if len(cells):
        grid = grid.merge(cells.groupby(keys, as_index=False)[list(columns)].sum(), on=keys, how="left")
    for c in columns:
        grid[c] = grid[c].fillna(0).astype("int64") if c in grid else 0
    area = pd.concat([grid.assign(omrade=grid.kommun, niva="kommun"),
                      grid.assign(omrade=grid.kommun.map(members), niva="forbund"),
                      grid.assign(omrade=compare.LAN, niva="lan")], ignore_index=True)
    group = ["omrade", "niva", *by]
    frames = [area.groupby(group, as_index=False)[list(columns)].sum().assign(**{d: compare.ALLA for d in dims})]
    for d in dims:
        one = area[area.niva.isin(levels.get(d, compare.AREA_LEVELS))]
        one = one.groupby([*group, d], as_index=False)[list(columns)].sum()
        frames.append(one.assign(**{o: compare.ALLA for o in dims if o != d}))
    raw = pd.concat(frames, ignore_index=True)[[*group, *dims, *columns]]
    raw["overomrade"] = raw.omrade.map(compare.area_parents(members)).fillna("")
    return raw


def _random_cells(rng, members, by):
    n = int(rng.integers(0, 60))
    cells = pd.DataFrame({
        "kommun": rng.choice(sorted(members), n) if n else np.array([], dtype=object),
        "kon": rng.choice(["K", "M", "X"], n), "alder": rng.choice([*compare.DIM_CODES["alder"]], n),
        "antal": rng.integers(0, 30, n), "avslutade": rng.integers(0, 20, n)})
    if by:
        cells.insert(0, "halvar", rng.choice(["2019-H1", "2019-H2", "2020-H1", "2018-H2"], n))
        if n and rng.random() < 0.5:  # a half-year without exits: a row without a kommun
            cells.loc[len(cells)] = {"halvar": "2017-H1", "kommun": None, "kon": None, "alder": None,
                                     "antal": 0, "avslutade": 0}
    cells = cells.astype({c: "str" for c in cells.columns if c not in ("antal", "avslutade")})
    return cells.astype({"antal": "int64", "avslutade": "int64"})


@pytest.mark.parametrize("seed", range(40))
def test_margins_equal_the_frame_grouping_original(seed):
    rng = np.random.default_rng(seed)
    members = {"0114": "A", "0115": "A", "0117": "B", "0120": "C", "0123": "B", "0125": "C"}
    by = ("halvar",) if seed % 2 else ()
    dims = [("kon", "alder"), ("kon",), ("alder",)][seed % 3]
    levels = {d: compare.JAMFOR_LEVELS[d] for d in dims} if seed % 4 < 2 else {}
    cells = _random_cells(rng, members, by)
    codes = {d: tuple(dict.fromkeys([*compare.DIM_CODES.get(d, ()), *sorted(cells[d].dropna().unique())]))
             for d in dims}
    want = _margins_by_grouping(cells, members, dims, ["antal", "avslutade"], by, levels)
    got = compare._margins(cells, members, list(dims), ["antal", "avslutade"], list(by), codes, levels)
    pd.testing.assert_frame_equal(got, want, check_exact=True)


def test_margins_equal_the_original_on_the_demo_cells(demo_con):
    from mia import sql

    for urval in (Urval(), SHORT, Urval(kon=("K",), aldersgrupp=("30-49",))):
        context, dims = compare._context(urval)
        cells = sql.frame(demo_con, "jamfor_celler", context.params())
        levels = {d: compare.JAMFOR_LEVELS[d] for d in dims}
        codes = {d: tuple(dict.fromkeys([*compare.DIM_CODES[d], *sorted(cells[d].dropna().unique())])) for d in dims}
        members = compare.kommun_forbund()
        want = _margins_by_grouping(cells, members, dims, list(compare.COUNTS), (), levels)
        got = compare._margins(cells, members, list(dims), list(compare.COUNTS), [], codes, levels)
        pd.testing.assert_frame_equal(got, want, check_exact=True)
    trend = urval.with_(forbund=(), kommun=(), kon=(), population="inskrivna", namnare="alla")
    cells = sql.frame(demo_con, "jamfor_trend", trend.params())
    codes = {"kon": tuple(dict.fromkeys([*compare.DIM_CODES["kon"], *sorted(cells.kon.dropna().unique())]))}
    want = _margins_by_grouping(cells, members, ("kon",), ["avslutade", "arbete_studier"], ("halvar",))
    got = compare._margins(cells, members, ["kon"], ["avslutade", "arbete_studier"], ["halvar"], codes, {})
    pd.testing.assert_frame_equal(got, want, check_exact=True)


def test_swedish_keys_are_swedish_key_of_each_name_missing_ones_included():
    names = pd.Series(["Östra Södertörn", "Åre", "Ale", None, "Åre", "Zinkgruvan"], dtype="str")
    assert compare.swedish_keys(names).tolist() == names.map(compare.swedish_key).tolist()
    assert sorted(names.dropna().unique(), key=compare.swedish_key) == ["Ale", "Zinkgruvan", "Åre", "Östra Södertörn"]
