"""Shares, intervals and fair comparisons (DESIGN.md, "Statistics — honest by construction").

Every share the dashboard shows is computed here, once, by `add_share_columns`, so that
chart, table, map and generated text agree on the number, its 95 % interval, whether it
may be shown at all (disclosure control) and how it compares with the county.

Units: the interval and limit functions work in proportions (0..1) because that is what the
formulas use; `add_share_columns` and `funnel_curve` return percent because that is what
people read and what charts plot. Scalars in, floats out; arrays in, arrays out; a
Series in, a Series (same index) out.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from mia import config, disclosure
from mia.disclosure import Status

Z_95 = 1.96
Z_998 = 3.09

# Comparison codes are Swedish because they are the data's vocabulary (stored, filtered,
# shown); English labels are for the English UI only.
HOGRE = "högre"
I_NIVA = "i nivå med"
LAGRE = "lägre"
JAMFORS_EJ = "jämförs ej"
COMPARISON_CODES: tuple[str, ...] = (HOGRE, I_NIVA, LAGRE, JAMFORS_EJ)
COMPARISON_LABELS_EN: dict[str, str] = {
    HOGRE: "higher",
    I_NIVA: "similar",
    LAGRE: "lower",
    JAMFORS_EJ: "not compared",
}

# Funnel plot control limits: (label, z).
FUNNEL_LEVELS: tuple[tuple[str, float], ...] = (("95 %", Z_95), ("99,8 %", Z_998))


def _index_of(*values: Any) -> pd.Index | None:
    """The index of the first Series among the inputs, so outputs can line up with it."""
    for value in values:
        if isinstance(value, pd.Series):
            return value.index
    return None


def _shape_like(result: np.ndarray, index: pd.Index | None, scalar: bool) -> Any:
    """Return a float for scalar input, a Series for Series input, else the array."""
    if index is not None:
        return pd.Series(result, index=index, dtype="float64")
    if scalar:
        return float(result)
    return result


def _as_float(value: Any) -> np.ndarray:
    return np.asarray(pd.Series(value) if isinstance(value, pd.Series) else value, dtype="float64")


def wilson_interval(successes: Any, n: Any, z: float = Z_95) -> tuple[Any, Any]:
    """Wilson score interval for successes/n, as proportions 0..1.

    Wilson rather than the textbook p ± z·SE because it stays inside 0..1 and keeps close to
    its nominal coverage for the small kommun counts this dashboard is about (0/12 gets an
    interval, not a zero-width "0 %"). n = 0, NaN or an impossible count (successes < 0 or
    > n) give NaN, never a made-up interval.
    """
    scalar = np.ndim(successes) == 0 and np.ndim(n) == 0
    index = _index_of(successes, n)
    x, m = np.broadcast_arrays(_as_float(successes), _as_float(n))
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / m
        z2 = z * z
        denom = 1.0 + z2 / m
        centre = (p + z2 / (2.0 * m)) / denom
        half = z * np.sqrt(p * (1.0 - p) / m + z2 / (4.0 * m * m)) / denom
        low = np.clip(centre - half, 0.0, 1.0)
        high = np.clip(centre + half, 0.0, 1.0)
    # The closed form gives exactly 0 and 1 at the edges; pin them against rounding.
    low = np.where(x == 0, 0.0, low)
    high = np.where(x == m, 1.0, high)
    bad = ~np.isfinite(x) | ~np.isfinite(m) | (m <= 0) | (x < 0) | (x > m)
    low = np.where(bad, np.nan, low)
    high = np.where(bad, np.nan, high)
    return _shape_like(low, index, scalar), _shape_like(high, index, scalar)


def funnel_limits(p0: float, n: Any, z: float = Z_95) -> tuple[Any, Any]:
    """Funnel plot control limits p0 ± z·√(p0(1−p0)/n), clipped to 0..1 (proportions).

    The limits say how far a unit of size n may stray from the reference share p0 by
    chance alone; n ≤ 0 or NaN gives NaN.
    """
    scalar = np.ndim(n) == 0
    index = _index_of(n)
    m = _as_float(n)
    with np.errstate(divide="ignore", invalid="ignore"):
        half = z * np.sqrt(p0 * (1.0 - p0) / m)
    bad = ~np.isfinite(m) | (m <= 0) | (not 0.0 <= p0 <= 1.0)
    low = np.where(bad, np.nan, np.clip(p0 - half, 0.0, 1.0))
    high = np.where(bad, np.nan, np.clip(p0 + half, 0.0, 1.0))
    return _shape_like(low, index, scalar), _shape_like(high, index, scalar)


def funnel_curve(
    p0: float,
    n_max: float,
    n_min: float = 1.0,
    points: int = 200,
    levels: Sequence[tuple[str, float]] = FUNNEL_LEVELS,
) -> pd.DataFrame:
    """Smooth funnel limits for plotting, in PERCENT, one row per (level, n).

    Columns: n, niva ("95 %", "99,8 %"), z, lag, hog. n is spaced geometrically because
    the limits change fastest at small n. p0 is a proportion (0..1).
    """
    ns = np.geomspace(max(n_min, 1e-9), max(n_max, n_min), points)
    frames = []
    for label, z in levels:
        low, high = funnel_limits(p0, ns, z)
        frames.append(
            pd.DataFrame({"n": ns, "niva": label, "z": z, "lag": low * 100.0, "hog": high * 100.0})
        )
    return pd.concat(frames, ignore_index=True)


def _default_min_n(min_n: int | None) -> int:
    return config.disclosure().min_denominator if min_n is None else min_n


def classify_series(
    low: Any, high: Any, reference: Any, n: Any, min_n: int | None = None
) -> pd.Series:
    """Vectorised `classify`: one comparison code per row (a str Series).

    "högre" only if the whole interval lies above the reference, "lägre" only if it lies
    below; touching the reference counts as "i nivå med", so a difference is called out
    only when the data support it. Rows with n < min_n, a missing (suppressed) interval or
    a missing reference are "jämförs ej".
    """
    index = _index_of(low, high, n, reference)
    return pd.Series(classify_codes(low, high, reference, n, min_n), index=index, dtype="str")


def classify_codes(low: Any, high: Any, reference: Any, n: Any, min_n: int | None = None) -> np.ndarray:
    """classify_series as a numpy array of codes (no Series around it)."""
    lo, hi, ref, m = np.broadcast_arrays(
        _as_float(low), _as_float(high), _as_float(reference), _as_float(n)
    )
    lo, hi, ref, m = (np.atleast_1d(a) for a in (lo, hi, ref, m))
    comparable = np.isfinite(lo) & np.isfinite(hi) & np.isfinite(ref) & np.isfinite(m)
    comparable &= m >= _default_min_n(min_n)
    codes = np.where(lo > ref, HOGRE, np.where(hi < ref, LAGRE, I_NIVA))
    return np.where(comparable, codes, JAMFORS_EJ)


def classify(low: float, high: float, reference: float, n: float, min_n: int | None = None) -> str:
    """Compare one interval with a reference: "högre", "lägre", "i nivå med" or "jämförs ej"."""
    return str(classify_series([low], [high], [reference], [n], min_n).iloc[0])


def rate_per_10000(count: Any, population: Any) -> Any:
    """Count per 10 000 inhabitants; NaN where the population is missing or not positive."""
    scalar = np.ndim(count) == 0 and np.ndim(population) == 0
    index = _index_of(count, population)
    c, pop = np.broadcast_arrays(_as_float(count), _as_float(population))
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(np.isfinite(pop) & (pop > 0), c * 10_000.0 / pop, np.nan)
    return _shape_like(rate, index, scalar)


def _reference_share(
    df: pd.DataFrame, num: np.ndarray, den: np.ndarray, reference: float | str | None
) -> np.ndarray | float:
    """The reference proportion: given, per-row column, or pooled over the rows."""
    if isinstance(reference, str):
        values = df[reference].astype("float64").to_numpy()
        if np.nanmax(values, initial=0.0) > 1.0:
            raise ValueError(f"reference column {reference!r} must hold proportions 0..1")
        return values
    if reference is None:
        both = ~np.isnan(num) & ~np.isnan(den)
        total = float(den[both].sum())
        return float(num[both].sum()) / total if total > 0 else float("nan")
    value = float(reference)
    if np.isnan(value):
        return value  # no reference (e.g. the county share is hidden): every row "jämförs ej"
    if not 0.0 <= value <= 1.0:
        raise ValueError("reference must be a proportion 0..1 (not percent)")
    return value


def share_arrays(
    df: pd.DataFrame,
    num_col: str,
    den_col: str,
    *,
    z: float = Z_95,
    min_count: int | None = None,
    min_denominator: int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(num, den, status, low, high) as arrays: the counts as float64, the share's
    disclosure status (disclosure.share_status, str) and its 95 % Wilson interval
    (proportions, NaN unless the share is shown). What add_share_columns adds, without
    building a frame (for callers that need the interval again, e.g. against a range)."""
    limits = config.disclosure()
    min_count = limits.min_count if min_count is None else min_count
    min_denominator = limits.min_denominator if min_denominator is None else min_denominator
    num = df[num_col].astype("float64").to_numpy()
    den = df[den_col].astype("float64").to_numpy()
    if (num > den).any():
        raise ValueError(f"{num_col!r} exceeds {den_col!r} on some rows: not a share")
    status = disclosure.share_statuses(num, den, _count_status(df, num_col, min_count),
                                       _count_status(df, den_col, min_count), min_denominator, limits.min_count)
    shown = status == Status.VISAD.value
    low, high = wilson_interval(np.where(shown, num, np.nan), np.where(shown, den, np.nan), z)
    return num, den, status, low, high


def add_share_columns(
    df: pd.DataFrame,
    num_col: str,
    den_col: str,
    reference: float | str | None = None,
    min_n: int | None = None,
    *,
    z: float = Z_95,
    prefix: str = "",
    min_count: int | None = None,
    min_denominator: int | None = None,
) -> pd.DataFrame:
    """Return a copy of df with the share, its interval, its disclosure status and comparison.

    Adds (with `prefix` in front of each name): `andel`, `ki_lag`, `ki_hog`, `referens`
    (percent, unrounded), `jamforelse` (a COMPARISON_CODES value) and `andel_status`
    (a disclosure.Status value).

    The share is disclosure-controlled here, so that no caller can forget it: it is NaN
    (and "jämförs ej") unless both counts are shown and the denominator reaches
    min_denominator (see disclosure.share_status). Run disclosure.protect_table on the
    counts first: it adds `<col>_status` columns that carry secondary suppression over to
    the share; without them only the primary rules (count < min_count, denominator <
    min_denominator) are applied.

    reference is the county share as a PROPORTION (0..1), or the name of a column of
    per-row proportions, or None to pool the rows (only right when the rows are disjoint,
    unsuppressed parts of the whole; pass the county share explicitly otherwise).
    """
    num, den, status, low, high = share_arrays(df, num_col, den_col, z=z, min_count=min_count,
                                               min_denominator=min_denominator)
    shown = status == Status.VISAD.value
    ref = _reference_share(df, num, den, reference)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(shown, num / den, np.nan) * 100.0
    columns = {
        f"{prefix}andel": share,
        f"{prefix}ki_lag": low * 100.0,
        f"{prefix}ki_hog": high * 100.0,
        f"{prefix}referens": np.broadcast_to(np.asarray(ref, dtype="float64"), len(df)) * 100.0,
        f"{prefix}jamforelse": classify_codes(low, high, ref, np.where(shown, den, np.nan), min_n),
        f"{prefix}andel_status": status,
    }
    return with_columns(df, columns)


def with_columns(df: pd.DataFrame, columns: dict[str, np.ndarray]) -> pd.DataFrame:
    """A copy of df with these columns set (replaced in place if present, else appended in
    order): one concat instead of a copy and an insert per column."""
    if isinstance(df.columns, pd.MultiIndex) or df.columns.has_duplicates or any(c in df.columns for c in columns):
        out = df.copy()
        for name, values in columns.items():
            out[name] = values
        return out
    new = pd.DataFrame(columns, index=df.index)
    return pd.concat([df, new], axis=1)


def _count_status(df: pd.DataFrame, col: str, min_count: int) -> np.ndarray:
    """The count's status from protect_table if present, else from the primary rule."""
    status_col = f"{col}{disclosure.STATUS_SUFFIX}"
    if status_col in df.columns:
        return df[status_col].astype("str").to_numpy(dtype=object)
    return disclosure.suppress_counts(df[col], min_count)[1].to_numpy(dtype=object)
