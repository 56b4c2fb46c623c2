"""Each query file, each population and denominator, against counts computed by hand in pandas."""
from datetime import date

import pandas as pd
import pytest

from mia import measures, sql
from mia.config import QUERIES_DIR
from mia.filters import Urval

FRAN, TILL = date(2019, 1, 1), date(2019, 12, 31)


@pytest.fixture(scope="module")
def rows(demo_con) -> pd.DataFrame:
    return demo_con.cursor().execute("SELECT * FROM deltagare").df()


def by_hand(rows: pd.DataFrame, population: str) -> pd.DataFrame:
    ins, ut = rows.inskrivningsdatum, rows.avslutsdatum
    fran, till = pd.Timestamp(FRAN), pd.Timestamp(TILL)
    if population == "inskrivna":
        mask = ins.between(fran, till)
    elif population == "aktiva":
        mask = ins.notna() & (ins <= till) & (ut.isna() | (ut >= fran))
    else:
        mask = ins.notna() & ut.between(fran, till)
    return rows[mask]


@pytest.mark.parametrize("population", ["inskrivna", "aktiva", "avslutade"])
def test_population_semantics_match_the_definitions(demo_con, rows, population):
    expected = by_hand(rows, population)
    got = measures.headline(demo_con, Urval(fran=FRAN, till=TILL, population=population))
    assert got["antal"] == len(expected)
    exited = expected.avslutsdatum.notna() & (expected.avslutsdatum <= pd.Timestamp(TILL))
    assert got["avslutade"] == int(exited.sum())
    assert got["arbete_studier"] == int((exited & expected.utfall.isin(["arbete", "studier"])).sum())


def test_denominator_choice_changes_the_share_not_the_counts(demo_con):
    alla = measures.summary(demo_con, Urval(namnare="alla"))
    avsl = measures.summary(demo_con, Urval(namnare="avslutade"))
    assert alla["antal"] == avsl["antal"]
    assert alla["namnare"] == alla["antal"] and avsl["namnare"] == avsl["avslutade"]
    assert avsl["andel_arbete_studier"] > alla["andel_arbete_studier"]


def test_summary_matches_the_published_2020_figures(demo_con):
    s = measures.summary(demo_con, Urval(till=date(2020, 9, 30)))
    assert (s["antal"], round(s["andel_arbete_studier"]), round(s["andel_arbetsforberedande"])) == (2234, 17, 34)
    taby = measures.summary(demo_con, Urval(till=date(2020, 9, 30), kommun=("0160",)))
    assert (taby["antal"], round(taby["andel_arbete_studier"]), round(taby["andel_arbetsforberedande"])) == (76, 29, 28)
    assert sum(s["utfall"].values()) == s["avslutade"]


def test_dimension_filters_partition_the_population(demo_con):
    total = measures.headline(demo_con, Urval())["antal"]
    by_sex = sum(measures.headline(demo_con, Urval(kon=(k,)))["antal"] for k in ("K", "M", "X"))
    assert by_sex == total
    both = measures.headline(demo_con, Urval(kon=("K", "M", "X")))["antal"]
    assert both == total


def test_per_forbund_and_per_kommun_add_up_to_the_county(demo_con):
    u = Urval()
    county = measures.headline(demo_con, u)
    forbund = sql.frame(demo_con, "per_forbund", u.params())
    kommun = sql.frame(demo_con, "per_kommun", u.params())
    assert len(forbund) == 8 and len(kommun) == 26
    for col in ("antal", "avslutade", "arbete_studier", "arbetsforberedande"):
        assert forbund[col].sum() == county[col] == kommun[col].sum()
    outside = kommun[kommun.forbund.isna()]
    assert len(outside) == 5 and outside.antal.sum() == 0


def test_funnel_steps_never_grow(demo_con):
    steps = sql.frame(demo_con, "flode_steg", Urval().params()).iloc[0]
    order = ["anmalda", "inskrivna", "kartlagda", "i_insats", "avslutade"]
    assert all(steps[a] >= steps[b] for a, b in zip(order, order[1:]))
    assert steps["inskrivna"] == measures.headline(demo_con, Urval())["antal"]


def test_trend_counts_every_enrolment_once(demo_con):
    trend = sql.frame(demo_con, "trend_halvar", Urval().params())
    assert trend.inskrivna.sum() == measures.headline(demo_con, Urval())["antal"]
    assert list(trend.halvar[:2]) == ["2017-H1", "2017-H2"]


def test_background_breakdown_sums_to_the_total_in_each_dimension(demo_con):
    df = sql.frame(demo_con, "per_bakgrund", Urval().params())
    total = measures.headline(demo_con, Urval())["antal"]
    for dimension, part in df.groupby("dimension"):
        assert part.antal.sum() == total, dimension


def test_every_query_file_says_what_it_returns_and_runs():
    for path in QUERIES_DIR.rglob("*.sql"):
        text = path.read_text(encoding="utf-8")
        assert text.lstrip().startswith("--"), f"{path.name} lacks a header comment"


def test_unused_parameters_are_not_bound_and_missing_ones_are_named(demo_con):
    with pytest.raises(KeyError, match="till"):
        sql.frame(demo_con, "flode_steg", {"fran": FRAN})


@pytest.mark.parametrize("fran, till", [(date(2016, 1, 1), date(2030, 12, 31)), (date(2017, 4, 1), date(2022, 9, 30)),
                                        (date(2019, 3, 15), date(2019, 3, 20)), (date(2020, 7, 1), date(2021, 6, 30)),
                                        (date(2024, 1, 1), date(2024, 12, 31))])
def test_the_kept_exits_give_jamfors_trend_cells_exactly(demo_con, fran, till):
    """Without dimension filters Jämför's trend sums the exits kept per förbund and
    half-year; with a filter it counts every participant. A kön filter that lets everyone
    through takes the second way to the same cells: the same frame, values and types."""
    from mia import compare

    context = compare.trend_context(Urval(fran=fran, till=till, population="avslutade", kon=("K",), forbund=("OS",)))
    kept = sql.frame(demo_con, "jamfor_trend", context.params())
    counted = sql.frame(demo_con, "jamfor_trend", context.with_(kon=("K", "M", "X")).params())
    pd.testing.assert_frame_equal(kept, counted, check_exact=True)
    assert len(kept) and kept.halvar.nunique() >= 1


@pytest.mark.parametrize("fran, till", [(date(2016, 1, 1), date(2030, 12, 31)), (date(2017, 4, 1), date(2022, 9, 30)),
                                        (date(2019, 3, 15), date(2019, 3, 20)), (date(2020, 7, 1), date(2021, 6, 30)),
                                        (date(2024, 1, 1), date(2024, 12, 31))])
@pytest.mark.parametrize("filters", [{}, {"forbund": ("OS", "ROS")}, {"kommun": ("0160", "0117"), "kon": ("K",)},
                                     {"kon": ("M", "X")}, {"forbund": ("HBS",), "kommun": ("0127",)}])
def test_the_kept_half_years_give_the_overview_trend_exactly(demo_con, fran, till, filters):
    """Översikt's trend without age, referrer or income filters sums the enrolments and
    exits kept per förbund, kommun, kön and half-year (trend_halvar_summerad.sql); counted
    over every participant (trend_halvar.sql) it is the same frame, values and types."""
    params = Urval(fran=fran, till=till, **filters).params()
    summed = sql.frame(demo_con, "trend_halvar_summerad", params)
    counted = sql.frame(demo_con, "trend_halvar", params)
    pd.testing.assert_frame_equal(summed, counted, check_exact=True)
    assert len(summed)
    if fran.year < 2020:
        assert summed.inskrivna.sum() > 0 and summed.avslutade.sum() > 0


def test_the_overview_trend_counts_every_participant_when_an_age_group_is_chosen(demo_con, monkeypatch):
    from mia import measures

    asked = []
    monkeypatch.setattr(sql, "frame", lambda con, name, params=None: asked.append(name) or ORIGINAL_FRAME(con, name, params))
    measures.trend(demo_con, Urval(aldersgrupp=("25-29",)))
    measures.trend(demo_con, Urval(kon=("K",), forbund=("OS",)))
    assert asked == ["trend_halvar", "trend_halvar_summerad"]


ORIGINAL_FRAME = sql.frame

EXITS_COUNTED = """
    SELECT make_date(year(avslutsdatum), CASE WHEN month(avslutsdatum) <= 6 THEN 1 ELSE 7 END, 1) AS start,
           CASE WHEN grouping(kommunkod) = 0 THEN 'kommun' WHEN grouping(forbund) = 0 THEN 'forbund'
                ELSE 'lan' END AS niva,
           coalesce(kommunkod, forbund, 'lan') AS kod,
           count(*) AS avslutade,
           count(*) FILTER (utfallsgrupp = 'arbete_studier') AS arbete_studier,
           count(*) FILTER (utfallsgrupp = 'arbetsforberedande') AS arbetsforberedande
    FROM deltagare
    WHERE inskrivningsdatum IS NOT NULL AND avslutsdatum IS NOT NULL
    GROUP BY GROUPING SETS ((start, kommunkod), (start, forbund), (start))
"""


@pytest.mark.parametrize("fran, till", [(date(2017, 4, 1), date(2022, 9, 30)), (date(2019, 3, 15), date(2019, 3, 20)),
                                        (date(2020, 7, 1), date(2021, 12, 31))])
def test_profils_trend_from_the_kept_exits_counts_every_participant(demo_con, fran, till):
    """profil_trend.sql sums the exits the imports keep (forbund_avslut_halvar) instead of
    counting every participant: per half-year of the period and unit, the same counts as
    counting the rows, and zeros where nobody exited."""
    trend = sql.frame(demo_con, "profil_trend", Urval(fran=fran, till=till).params())
    cur = demo_con.cursor()
    try:
        counted = cur.execute(EXITS_COUNTED).df()
    finally:
        cur.close()
    counted["start"] = pd.to_datetime(counted.start)
    both = trend.assign(start=pd.to_datetime(trend.start)).merge(counted, on=["start", "niva", "kod"], how="left",
                                                                  suffixes=("", "_raknat"))
    for column in ("avslutade", "arbete_studier", "arbetsforberedande"):
        assert (both[column] == both[f"{column}_raknat"].fillna(0)).all(), column
    assert both.avslutade.sum() > 0 and set(trend.halvar) and trend.start.min() <= pd.Timestamp(till)


QUARTILES_BY_SORTING = """
    SELECT CASE WHEN grouping(utfallsgrupp) = 1 THEN 'alla_avslutade' ELSE utfallsgrupp END AS grupp,
           count(*) AS n, quantile_cont(dagar_i_projekt, [0.25, 0.50, 0.75]) AS q
    FROM urval($fran, $till, $population, $f_forbund, $f_kommun, $f_kon, $f_aldersgrupp, $f_remittent,
               $f_forsorjning)
    WHERE avslutad_i_tid
    GROUP BY GROUPING SETS ((utfallsgrupp), ())
"""


@pytest.mark.parametrize("urval", [
    Urval(), Urval(fran=FRAN, till=TILL, population="avslutade"), Urval(fran=date(2019, 1, 1), till=date(2019, 3, 31)),
    Urval(population="aktiva", kon=("K",)), Urval(forbund=("OS",), aldersgrupp=("16-24", "25-29")),
    Urval(kommun=("0117",)), Urval(fran=date(2017, 4, 1), till=date(2017, 5, 1)), Urval(kommun=("0123",)),
])
def test_time_in_project_reads_the_quartiles_off_counts_exactly_as_sorting_would(demo_con, urval):
    """tid_i_projekt.sql counts the days instead of sorting them: its quartiles are
    quantile_cont's to the last bit, for even and odd groups, ties and empty groups."""
    got = sql.frame(demo_con, "tid_i_projekt", urval.params()).set_index("grupp")
    params = {k: v for k, v in urval.params().items() if f"${k}" in QUARTILES_BY_SORTING}
    want = {grupp: (n, q) for grupp, n, q in demo_con.cursor().execute(QUARTILES_BY_SORTING, params).fetchall()}
    for grupp, row in got.iterrows():
        n, q = want.get(grupp, (0, None))
        assert row.n == n
        q = q or [None, None, None]  # nobody in the group: no quartiles
        for value, expected in zip((row["q1"], row["median"], row["q3"]), q):
            assert (pd.isna(value) and expected is None) or value == expected, (grupp, value, expected)


COUNTS_PER_UNIT_BY_GROUPING_SETS = """
    SELECT CASE WHEN grouping(kommunkod) = 0 THEN 'kommun' WHEN grouping(forbund) = 0 THEN 'forbund'
                ELSE 'lan' END AS niva,
           coalesce(kommunkod, forbund, 'lan') AS kod,
           count(*) AS antal,
           count(*) FILTER (avslutad_i_tid AND utfallsgrupp = 'arbete_studier') AS arbete_studier,
           count(*) FILTER (kartlaggning_datum <= $till OR insats_startdatum <= $till OR avslutad_i_tid) AS kartlagda,
           count(*) FILTER (forsorjning_fore = 'forsorjningsstod') AS forsorjningsstod,
           median(dagar_i_projekt) FILTER (avslutad_i_tid) AS median_dagar
    FROM urval($fran, $till, $population, $f_forbund, $f_kommun, $f_kon, $f_aldersgrupp, $f_remittent,
               $f_forsorjning)
    GROUP BY GROUPING SETS ((kommunkod), (forbund), ())
"""


@pytest.mark.parametrize("urval", [
    Urval(), Urval(fran=FRAN, till=TILL, population="avslutade"), Urval(fran=date(2019, 1, 1), till=date(2019, 3, 31)),
    Urval(population="aktiva"), Urval(fran=date(2017, 4, 1), till=date(2017, 5, 1)),
    Urval(fran=date(2018, 2, 1), till=date(2018, 2, 28), population="avslutade"),
])
def test_profile_counts_per_unit_are_those_of_grouping_every_row(demo_con, urval):
    """profil_per_enhet.sql counts per förbund, kommun and number of days, then sums those
    rows per unit and reads the median off the counts: the same numbers as grouping sets
    and median() over every row, to the last bit (odd and even counts, one exit, none)."""
    got = sql.frame(demo_con, "profil_per_enhet", urval.params()).set_index(["niva", "kod"])
    params = {k: v for k, v in urval.params().items() if f"${k}" in COUNTS_PER_UNIT_BY_GROUPING_SETS}
    want = demo_con.cursor().execute(COUNTS_PER_UNIT_BY_GROUPING_SETS, params).df().set_index(["niva", "kod"])
    assert len(want) > 1
    for key, row in want.iterrows():
        for column in ("antal", "arbete_studier", "kartlagda", "forsorjningsstod"):
            assert got.loc[key, column] == row[column], (key, column)
        expected, value = row["median_dagar"], got.loc[key, "median_dagar"]
        assert (pd.isna(value) and pd.isna(expected)) or value == expected, (key, value, expected)
    others = got.drop(index=want.index)  # units without participants: zeros, no median
    assert (others.antal == 0).all() and others.median_dagar.isna().all()
