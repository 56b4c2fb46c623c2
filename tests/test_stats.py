"""Shares, intervals, funnel limits and comparisons against values worked out independently."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mia import disclosure, stats
from mia.disclosure import Status
from tests import disclosure_reference as reference


def wilson_by_hand(x: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson (1927) score interval written out from the closed formula, one scalar at a time."""
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = (z / (1 + z * z / n)) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


# --- Wilson -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "n", "low", "high"),
    [
        (0, 10, 0.0, 0.2775),  # Newcombe (1998), table I
        (5, 10, 0.2366, 0.7634),
        (81, 263, 0.2553, 0.3662),  # Newcombe (1998), the 81/263 example
        (22, 76, 0.1996, 0.3996),  # Täby 2020: 22 of 76 (brief said ≈0.1980–0.3993; the formula gives this)
    ],
)
def test_wilson_matches_published_values(x: int, n: int, low: float, high: float) -> None:
    got_low, got_high = stats.wilson_interval(x, n)
    assert round(got_low, 4) == low
    assert round(got_high, 4) == high


@pytest.mark.parametrize(("x", "n"), [(22, 76), (1, 12), (3, 3), (17, 100), (999, 1000)])
def test_wilson_matches_the_closed_formula(x: int, n: int) -> None:
    assert stats.wilson_interval(x, n) == pytest.approx(wilson_by_hand(x, n), abs=1e-12)


def test_wilson_other_z() -> None:
    assert stats.wilson_interval(22, 76, z=3.09) == pytest.approx(wilson_by_hand(22, 76, 3.09), abs=1e-12)


def test_wilson_is_vectorised_and_keeps_the_index() -> None:
    x = pd.Series([0, 5, 81], index=["a", "b", "c"])
    n = pd.Series([10, 10, 263], index=["a", "b", "c"])
    low, high = stats.wilson_interval(x, n)
    assert list(low.index) == ["a", "b", "c"]
    assert low.round(4).tolist() == [0.0, 0.2366, 0.2553]
    assert high.round(4).tolist() == [0.2775, 0.7634, 0.3662]
    arr_low, _ = stats.wilson_interval(np.array([0, 5]), 10)
    assert isinstance(arr_low, np.ndarray) and arr_low.shape == (2,)


@pytest.mark.parametrize(("x", "n"), [(0, 0), (1, 0), (-1, 10), (11, 10), (float("nan"), 10), (3, float("nan"))])
def test_wilson_gives_nan_when_there_is_nothing_to_estimate(x: float, n: float) -> None:
    low, high = stats.wilson_interval(x, n)
    assert math.isnan(low) and math.isnan(high)


def test_wilson_edges_are_exact() -> None:
    assert stats.wilson_interval(0, 7)[0] == 0.0
    assert stats.wilson_interval(7, 7)[1] == 1.0


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_contains_the_observed_share_and_is_symmetric(xn: tuple[int, int]) -> None:
    x, n = xn
    low, high = stats.wilson_interval(x, n)
    assert 0.0 <= low <= x / n <= high <= 1.0
    mirror_low, mirror_high = stats.wilson_interval(n - x, n)
    assert low == pytest.approx(1 - mirror_high, abs=1e-12)
    assert high == pytest.approx(1 - mirror_low, abs=1e-12)


# --- Funnel limits ----------------------------------------------------------------------


def test_funnel_limits_known_values() -> None:
    half = 1.96 * math.sqrt(0.17 * 0.83 / 100)
    assert stats.funnel_limits(0.17, 100) == pytest.approx((0.17 - half, 0.17 + half))
    half = 3.09 * math.sqrt(0.17 * 0.83 / 400)
    assert stats.funnel_limits(0.17, 400, 3.09) == pytest.approx((0.17 - half, 0.17 + half))


def test_funnel_limits_are_clipped_and_nan_without_n() -> None:
    low, high = stats.funnel_limits(0.17, np.array([1, 0]))
    assert low[0] == 0.0 and 0.17 < high[0] < 1.0
    assert math.isnan(low[1]) and math.isnan(high[1])
    assert stats.funnel_limits(0.95, 2)[1] == 1.0


def test_funnel_curve_narrows_and_998_is_wider() -> None:
    curve = stats.funnel_curve(0.17, n_max=800, n_min=5, points=50)
    assert set(curve.columns) == {"n", "niva", "z", "lag", "hog"}
    assert curve["niva"].unique().tolist() == ["95 %", "99,8 %"]
    inner = curve[curve["niva"] == "95 %"].reset_index(drop=True)
    outer = curve[curve["niva"] == "99,8 %"].reset_index(drop=True)
    assert inner["n"].iloc[0] == pytest.approx(5) and inner["n"].iloc[-1] == pytest.approx(800)
    assert inner["hog"].is_monotonic_decreasing and inner["lag"].is_monotonic_increasing
    assert (outer["hog"] >= inner["hog"]).all() and (outer["lag"] <= inner["lag"]).all()
    # percent, matching add_share_columns
    last = inner.iloc[-1]
    assert last["hog"] == pytest.approx(100 * (0.17 + 1.96 * math.sqrt(0.17 * 0.83 / 800)))


# --- Classification ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "ref", "n", "expected"),
    [
        (0.20, 0.30, 0.17, 50, "högre"),
        (0.10, 0.16, 0.17, 50, "lägre"),
        (0.10, 0.30, 0.17, 50, "i nivå med"),
        (0.17, 0.30, 0.17, 50, "i nivå med"),  # reference exactly on the lower bound
        (0.10, 0.17, 0.17, 50, "i nivå med"),  # reference exactly on the upper bound
        (0.20, 0.30, 0.17, 9, "jämförs ej"),  # below min_n (default min_denominator 10)
        (0.20, 0.30, 0.17, 10, "högre"),  # exactly min_n is compared
        (float("nan"), float("nan"), 0.17, 50, "jämförs ej"),  # suppressed share
        (0.20, 0.30, float("nan"), 50, "jämförs ej"),  # no reference
    ],
)
def test_classify(low: float, high: float, ref: float, n: float, expected: str) -> None:
    assert stats.classify(low, high, ref, n) == expected


def test_classify_min_n_comes_from_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIA_MIN_NAMNARE", "30")
    assert stats.classify(0.20, 0.30, 0.17, 29) == "jämförs ej"
    assert stats.classify(0.20, 0.30, 0.17, 29, min_n=5) == "högre"


def test_classify_series_is_vectorised() -> None:
    low = pd.Series([0.2, 0.1, 0.1, 0.2], index=[10, 11, 12, 13])
    high = pd.Series([0.3, 0.16, 0.3, 0.3], index=[10, 11, 12, 13])
    n = pd.Series([50, 50, 50, 3], index=[10, 11, 12, 13])
    result = stats.classify_series(low, high, 0.17, n)
    assert result.tolist() == ["högre", "lägre", "i nivå med", "jämförs ej"]
    assert list(result.index) == [10, 11, 12, 13]
    assert set(stats.COMPARISON_LABELS_EN) == set(stats.COMPARISON_CODES)


# --- Rates ------------------------------------------------------------------------------


def test_rate_per_10000() -> None:
    assert stats.rate_per_10000(76, 71_000) == pytest.approx(76 * 10_000 / 71_000)
    rates = stats.rate_per_10000(pd.Series([5, 5, 5]), pd.Series([10_000, 0, np.nan]))
    assert rates.iloc[0] == 5.0 and rates.iloc[1:].isna().all()


# --- add_share_columns ------------------------------------------------------------------


def share_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "omrade": ["lan", "a", "b", "c", "d", "e"],
            "taljare": [600, 40, 3, 0, 6, 2],
            "namnare": [3500, 50, 60, 20, 8, 40],
        }
    )


def test_add_share_columns_values_are_percent_and_unrounded() -> None:
    out = stats.add_share_columns(share_frame(), "taljare", "namnare", reference=600 / 3500)
    a = out.set_index("omrade").loc["a"]
    low, high = wilson_by_hand(40, 50)
    assert a["andel"] == pytest.approx(80.0)
    assert a["ki_lag"] == pytest.approx(100 * low) and a["ki_hog"] == pytest.approx(100 * high)
    assert a["referens"] == pytest.approx(100 * 600 / 3500)
    assert a["jamforelse"] == "högre" and a["andel_status"] == Status.VISAD


def test_add_share_columns_applies_disclosure_to_shares() -> None:
    out = stats.add_share_columns(share_frame(), "taljare", "namnare", reference=0.17).set_index("omrade")
    # 3 of 60: the count is "<5", so share × denominator must not give it back
    assert math.isnan(out.loc["b", "andel"]) and out.loc["b", "andel_status"] == Status.LITEN
    assert math.isnan(out.loc["b", "ki_lag"]) and out.loc["b", "jamforelse"] == "jämförs ej"
    # 0 of 20 is shown: zero reveals nothing beyond "none"
    assert out.loc["c", "andel"] == 0.0 and out.loc["c", "andel_status"] == Status.VISAD
    assert out.loc["c", "jamforelse"] == "lägre"
    # denominator 8 < 10
    assert math.isnan(out.loc["d", "andel"]) and out.loc["d", "andel_status"] == Status.NAMNARE
    assert out.loc["e", "andel_status"] == Status.LITEN


def test_add_share_columns_carries_secondary_suppression_from_protect_table() -> None:
    frame = pd.DataFrame(
        {"omrade": ["F", "a", "b", "c"], "taljare": [57, 3, 20, 34], "namnare": [300, 100, 100, 100]}
    )
    hierarchy = disclosure.Hierarchy("omrade", {"a": "F", "b": "F", "c": "F"})
    protected = disclosure.protect_table(frame, ["taljare", "namnare"], [hierarchy])
    out = stats.add_share_columns(protected, "taljare", "namnare", reference=0.19).set_index("omrade")
    assert out.loc["a", "andel_status"] == Status.LITEN
    assert out.loc["b", "andel_status"] == Status.SEKUNDAR  # 20 hidden so that 3 = 57 - 20 - 34 fails
    assert out["andel"].loc[["a", "b"]].isna().all()
    assert out.loc["c", "andel"] == pytest.approx(34.0)


def test_add_share_columns_reference_options() -> None:
    frame = share_frame()
    with pytest.raises(ValueError, match="proportion"):
        stats.add_share_columns(frame, "taljare", "namnare", reference=17)
    pooled = stats.add_share_columns(frame.iloc[1:], "taljare", "namnare")
    assert pooled["referens"].iloc[0] == pytest.approx(100 * 51 / 178)
    per_row = stats.add_share_columns(frame.assign(ref=0.9), "taljare", "namnare", reference="ref")
    assert per_row.set_index("omrade").loc["a", "jamforelse"] == "lägre"


def test_add_share_columns_prefix_and_no_mutation() -> None:
    frame = share_frame()
    before = frame.copy()
    out = stats.add_share_columns(frame, "taljare", "namnare", reference=0.17, prefix="as_")
    assert {"as_andel", "as_ki_lag", "as_ki_hog", "as_referens", "as_jamforelse", "as_andel_status"} <= set(out.columns)
    pd.testing.assert_frame_equal(frame, before)


def test_add_share_columns_min_n_is_separate_from_disclosure() -> None:
    out = stats.add_share_columns(share_frame(), "taljare", "namnare", reference=0.17, min_n=100)
    a = out.set_index("omrade").loc["a"]
    assert a["andel"] == pytest.approx(80.0)  # still shown
    assert a["jamforelse"] == "jämförs ej"  # but not compared on n = 50


def test_add_share_columns_refuses_a_numerator_above_its_denominator() -> None:
    frame = pd.DataFrame({"taljare": [12], "namnare": [10]})
    with pytest.raises(ValueError, match="not a share"):
        stats.add_share_columns(frame, "taljare", "namnare", reference=0.2)


STATUS_OR_MISSING = st.sampled_from([*(s.value for s in Status), None, float("nan"), "", "okänd"])
COUNT_OR_MISSING = st.one_of(st.integers(0, 40).map(float), st.just(float("nan")))


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.tuples(COUNT_OR_MISSING, COUNT_OR_MISSING, STATUS_OR_MISSING, STATUS_OR_MISSING),
                     min_size=1, max_size=12),
       min_den=st.integers(1, 15))
def test_vectorised_share_status_equals_disclosure_share_status(rows, min_den) -> None:
    """Share statuses are decided over whole arrays (disclosure.share_statuses, used by
    share_status and add_share_columns); they must be exactly what the rules give row by
    row, first matching rule winning (the former share_status, tests/disclosure_reference.py)."""
    num, den, ns, ds = (pd.Series(col, dtype=object) for col in zip(*rows))
    want = reference.share_status(num, den, ns, ds, min_den, disclosure.config.disclosure().min_count)
    got = disclosure.share_statuses(num.astype("float64").to_numpy(), den.astype("float64").to_numpy(),
                                    ns.astype("str").to_numpy(dtype=object), ds.astype("str").to_numpy(dtype=object),
                                    min_den, disclosure.config.disclosure().min_count)
    assert got.tolist() == want
