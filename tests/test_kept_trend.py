"""Jämför's trend protected when the data changes (mia.kept_trend): what a view reads from
the database is exactly what it would have protected itself, it follows every import, and
it is never used where it does not apply."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from mia import compare, importer, kept_trend, sql, store
from mia.filters import Urval

ROSLAGEN = __import__("pathlib").Path(__file__).parent / "fixtures" / "import" / "roslagen_cp1252.csv"


def live(monkeypatch, fn, *args, **kwargs):
    """fn(*args, **kwargs) with every half-year protected on the spot (nothing read from the
    kept table)."""
    with monkeypatch.context() as m:
        m.setattr(kept_trend, "applies_to", lambda *_a, **_k: False)
        compare.clear_cache()
        try:
            return fn(*args, **kwargs)
        finally:
            compare.clear_cache()


def kept_rows(con) -> pd.DataFrame:
    return con.cursor().execute("SELECT * FROM jamfor_trend_skyddad ORDER BY rad").df()


@pytest.mark.parametrize("fran,till", [
    (date(2017, 4, 1), date(2022, 9, 30)), (date(2019, 7, 1), date(2019, 12, 31)), (date(2019, 6, 30), date(2019, 7, 1)),
    (date(2020, 1, 1), date(2020, 1, 1)), (date(2018, 12, 31), date(2021, 6, 30)), (date(2016, 2, 29), date(2016, 3, 1)),
])
def test_the_half_years_of_a_period_are_those_of_the_trend_query(demo_con, fran, till):
    cells = sql.frame(demo_con, "jamfor_trend", compare.trend_context(Urval(fran=fran, till=till)).params())
    assert kept_trend.half_years(fran, till) == list(dict.fromkeys(cells.halvar))


def test_opening_the_database_keeps_every_half_year_with_exits_under_the_current_key(demo_con):
    rows = kept_rows(demo_con)
    exits = demo_con.cursor().execute(
        "SELECT DISTINCT year(start) || '-H' || (CASE WHEN month(start) = 1 THEN 1 ELSE 2 END) "
        "FROM forbund_avslut_halvar").fetchall()
    assert {h for (h,) in exits} <= set(rows.halvar)
    assert set(rows.nyckel) == {kept_trend.key()}
    # every area × kön of each half-year, as the protected table has them
    per_half_year = rows.groupby("halvar").size()
    assert per_half_year.nunique() == 1 and per_half_year.iloc[0] > 26 * 4
    assert (rows.avslutade_status != "visad").any()  # small enough to need protection
    hidden = rows.avslutade_status != "visad"
    assert rows.loc[hidden, "avslutade"].isna().all() and rows.loc[~hidden, "avslutade"].notna().all()


VIEWS = [Urval(), Urval(kon=("K",)), Urval(kon=("K", "M")), Urval(kon=("X",)),
         Urval(fran=date(2019, 3, 1), till=date(2020, 10, 31), forbund=("ROS",)),
         Urval(fran=date(2012, 1, 1), till=date(2018, 2, 28))]  # half-years before the data


@pytest.mark.parametrize("urval", VIEWS, ids=range(len(VIEWS)))
@pytest.mark.parametrize("niva,utfall", [("kommun", "arbete_studier"), ("forbund", "arbetsforberedande")])
def test_a_view_reads_exactly_what_it_would_have_protected(demo_con, monkeypatch, urval, niva, utfall):
    expected = live(monkeypatch, compare.trend, demo_con, urval, niva=niva, utfall=utfall)
    compare.clear_cache()
    monkeypatch.setattr(compare, "protect_cells", lambda *_a, **_k: pytest.fail("protected again"))
    if urval.fran >= date(2017, 1, 1):  # all half-years are kept: nothing is protected
        got = compare.trend(demo_con, urval, niva=niva, utfall=utfall)
    else:  # half-years before the first exit are protected when asked for (all zeros)
        monkeypatch.undo()
        got = compare.trend(demo_con, urval, niva=niva, utfall=utfall)
        assert (got[got.halvar < "2017"].namnare == 0).all()
    compare.clear_cache()
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


@pytest.mark.parametrize("kw", [{"aldersgrupp": ("25-29",)}, {"remittent": ("AF",)}, {"forsorjning": ("sjukpenning",)}])
def test_views_with_dimension_filters_are_protected_on_the_spot(demo_con, monkeypatch, kw):
    """The kept half-years hold everyone: a view of an age group, referrer or income is
    another table and must not read them."""
    monkeypatch.setattr(kept_trend, "read", lambda *_a, **_k: pytest.fail("read the unfiltered trend"))
    compare.clear_cache()
    trend = compare.trend(demo_con, Urval(**kw), niva="forbund")
    compare.clear_cache()
    whole = live(monkeypatch, compare.trend, demo_con, Urval(), niva="forbund")
    assert trend.namnare.sum() < whole.namnare.sum()


def test_other_thresholds_find_no_kept_rows_and_protect_with_their_own(demo_con, monkeypatch):
    monkeypatch.setenv("MIA_MIN_ANTAL", "3")
    assert kept_trend.read(demo_con, kept_trend.half_years(date(2018, 1, 1), date(2020, 12, 31)),
                           ("avslutade", "arbete_studier")) is None
    compare.clear_cache()
    got = compare.trend(demo_con, Urval(), niva="kommun")
    expected = live(monkeypatch, compare.trend, demo_con, Urval(), niva="kommun")
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert (got.namnare_visning == "<3").any()


def test_an_import_protects_the_trend_again_in_its_transaction(fresh_db, monkeypatch):
    con = store.connect(fresh_db)
    try:
        before = kept_rows(con)
        data = ROSLAGEN.read_bytes()
        outcome = importer.import_file(con, data, ROSLAGEN.name, "test")
        assert outcome.status == "importerad"
        after = kept_rows(con)
        assert not after.equals(before)  # Roslagen's exits changed
        rebuilt = kept_trend.protect_all(con)
        pd.testing.assert_frame_equal(after.drop(columns="nyckel"), rebuilt.drop(columns="nyckel"),
                                      check_dtype=False, check_exact=True)
        # and a view reads the new numbers, the same as protecting them itself
        compare.clear_cache()
        got = compare.trend(con, Urval(), niva="kommun")
        expected = live(monkeypatch, compare.trend, con, Urval(), niva="kommun")
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
    finally:
        store.close(fresh_db)


def test_a_trend_that_cannot_be_protected_keeps_nothing_and_fails_nothing(fresh_db, monkeypatch, caplog):
    """A kommun outside the membership lists (a reference changed under stored data) makes
    the trend unprotectable: the database still opens, no half-year is kept, and the page
    is left to say what is wrong."""
    def refuse(*_args, **_kwargs):
        raise ValueError("kommuner utanför förbundens medlemslistor: ['0999']")

    monkeypatch.setattr(kept_trend, "protect_all", refuse)
    con = store.connect(fresh_db)
    try:
        assert kept_rows(con).empty
        assert "kunde inte skyddas" in caplog.text
    finally:
        store.close(fresh_db)
