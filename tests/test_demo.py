"""The demo extract: deterministic, shaped like MIA, and calibrated to every published figure."""
from datetime import date

import pandas as pd
import pytest

from mia import demo, reconcile
from mia.schema import COLUMN_NAMES, UTFALL_CODES


@pytest.fixture(scope="module")
def extract() -> pd.DataFrame:
    return demo.generate()


def test_every_published_figure_is_reproduced(demo_con):
    results = reconcile.reconcile(demo_con)
    assert len(results) == 19
    failed = [(r.id, r.publicerat, r.beraknat) for r in results if not r.ok]
    assert failed == []


def test_the_headline_anchors_hold_exactly(demo_con):
    by_id = {r.id: r.beraknat for r in reconcile.reconcile(demo_con)}
    assert by_id["mia_deltagare_2020"] == 2234
    assert by_id["taby_deltagare_2020"] == 76
    assert round(by_id["mia_arbete_studier_2020"]) == 17
    assert round(by_id["taby_arbete_studier_2020"]) == 29


def test_generator_is_deterministic(extract):
    again = demo.generate()
    pd.testing.assert_frame_equal(extract, again)


def test_another_seed_gives_other_people_but_the_same_anchors():
    other = demo.generate(seed=7)
    enrolled = other[other.inskrivningsdatum.notna()]
    in_2020 = enrolled[(enrolled.inskrivningsdatum >= "2017-04-01") & (enrolled.inskrivningsdatum <= "2020-09-30")]
    assert len(in_2020) == 2234
    assert not other.equals(demo.generate())


def test_extract_has_the_canonical_columns(extract):
    assert list(extract.columns) == list(COLUMN_NAMES)
    assert set(extract.utfall.dropna()) <= set(UTFALL_CODES)


def test_nobody_enrols_before_their_kommun_joined(extract):
    from mia.reference import load_reference

    joined = load_reference().kommuner.set_index("kommunkod").mia_fran
    enrolled = extract[extract.inskrivningsdatum.notna()]
    first = enrolled.groupby("kommunkod").inskrivningsdatum.min().dt.date
    for code, first_day in first.items():
        assert first_day >= joined[code], code


def test_shape_is_like_real_mia(extract):
    enrolled = extract[extract.inskrivningsdatum.notna()]
    assert 3500 <= len(enrolled) <= 3700
    days = (enrolled.avslutsdatum - enrolled.inskrivningsdatum).dt.days.dropna()
    assert 180 <= days.median() <= 250  # about seven months
    never = extract.inskrivningsdatum.isna().mean()
    assert 0.1 < never < 0.3  # some referrals never lead to enrolment
    exited = enrolled[enrolled.avslutsdatum.notna()]
    assert exited.okad_egenmakt.notna().mean() > 0.6  # most answer the exit survey
    women = enrolled.groupby("forbund").kon.apply(lambda s: (s == "K").mean())
    assert women.max() - women.min() > 0.05  # mixes differ between förbund


def test_dates_are_in_process_order(extract):
    e = extract
    assert (e.avslutsdatum.isna() | (e.avslutsdatum >= e.inskrivningsdatum)).all()
    assert (e.kartlaggning_datum.isna() | (e.kartlaggning_datum >= e.inskrivningsdatum)).all()
    assert (e.insats_startdatum.isna() | (e.insats_startdatum >= e.kartlaggning_datum)).all()
    assert (e.utfall.isna() == e.avslutsdatum.isna()).all()
    assert (e.inskrivningsdatum.isna() | (e.anmalningsdatum <= e.inskrivningsdatum)).all()


def test_small_kommuner_are_small_enough_for_suppression(extract):
    enrolled = extract[extract.inskrivningsdatum.notna()]
    per_kommun = enrolled.groupby("kommunkod").size()
    assert per_kommun["0187"] < 40  # Vaxholm
    assert per_kommun["0128"] < 80  # Salem
