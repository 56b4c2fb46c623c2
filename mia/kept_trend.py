"""Jämför's trend without dimension filters, protected when the data changes and kept in
the database (table `jamfor_trend_skyddad`).

Why: the trend is protected one half-year at a time (every area × kön of the half-year's
exits), and a half-year's cells do not depend on the period that includes it. Without an
age, referrer or income filter (the usual view) the protected half-years are therefore the
same for every selection: only an import changes them. Protecting them when a view asks
was the largest single part of a national Jämför view (60–70 ms of 150 at 1 M rows);
reading the kept ones takes a few milliseconds.

They are protected again on every read-write open (the code, the reference or the
thresholds may have changed since the file was written) and inside every import's
transaction, after its rows are written, so a failed import leaves them as they were. Each
row carries the key it was protected under (thresholds and förbund membership, `key()`);
a reader with another key finds no rows and protects those half-years itself, as it does
for half-years outside the data and for views with dimension filters.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd

from mia import config, sql
from mia.filters import Urval

COLUMNS = ("avslutade", "arbete_studier", "arbetsforberedande")  # every count the trend can show
AREA_COLUMNS = ("omrade", "niva", "halvar", "kon")


def protected_columns(columns: Sequence[str]) -> list[str]:
    """The columns of the trend's protected cells (without display text), in the order
    compare._trend_cells gives them whichever way they were made."""
    return [*AREA_COLUMNS, *columns, "overomrade", *(f"{c}_status" for c in columns),
            *(x for c in columns for x in (f"{c}_min", f"{c}_max"))]


def key() -> str:
    """What the kept half-years were protected under: the disclosure thresholds and the
    förbund membership of every kommun (both change the protected cells)."""
    from mia.compare import kommun_forbund

    limits = config.disclosure()
    members = ";".join(f"{k}={f}" for k, f in sorted(kommun_forbund().items()))
    digest = hashlib.sha256(members.encode()).hexdigest()[:16]
    return f"{limits.min_count}/{limits.min_denominator}/{digest}"


def applies_to(context: Urval, columns: tuple[str, ...]) -> bool:
    """Whether a trend context (compare.trend_context) is the one kept: no dimension filter
    left (trend_context drops förbund, kommun and kön) and counts that are kept."""
    plain = context.only_area_or_kon_filters() and not (context.forbund or context.kommun or context.kon)
    return plain and set(columns) <= set(COLUMNS)


def half_years(fran: date, till: date) -> list[str]:
    """The half-years of a period as jamfor_trend.sql gives them ('2019-H1'), in order:
    those of halvar_i_perioden (macros.sql) that overlap the period."""
    out = []
    start = date(fran.year, 1, 1)
    while start <= till:
        end = (date(start.year, 7, 1) if start.month == 1 else date(start.year + 1, 1, 1)) - timedelta(days=1)
        if end >= fran:
            out.append(f"{start.year}-H{1 if start.month == 1 else 2}")
        start = end + timedelta(days=1)
    return out


def protect_all(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every half-year with exits, protected: one row per cell of compare.protect_cells
    (protected and true counts side by side, `c_sant`), with its key and order (`rad`).
    Read on `cur` itself, so inside an import's transaction it sees the new rows."""
    from mia import compare

    first, last = sql.frame_here(cur, "avslut_halvar_spann").iloc[0]
    if pd.isna(first):
        return pd.DataFrame()
    whole = compare.trend_context(Urval(fran=first.date(), till=last.date()))
    cells = sql.frame_here(cur, "jamfor_trend", whole.params())
    protected, raw = compare.protect_cells(cells, compare.kommun_forbund(), ("kon",), list(COLUMNS),
                                           by=("halvar",), levels={"kon": compare.JAMFOR_LEVELS["kon"]})
    columns = {"nyckel": key(), "rad": np.arange(len(protected), dtype="int32"),
               **{c: protected[c].to_numpy() for c in (*AREA_COLUMNS, "overomrade")}}
    for c in COLUMNS:
        columns |= {f"{c}{suffix}": protected[f"{c}{suffix}"].to_numpy() for suffix in ("", "_status", "_min", "_max")}
        columns[f"{c}_sant"] = raw[c].to_numpy(dtype="int64")
    return pd.DataFrame(columns)


def rebuild(cur: duckdb.DuckDBPyConnection) -> int:
    """Replace the kept half-years by those of the data now (inside the caller's
    transaction, if any). Returns the number of rows kept."""
    frame = protect_all(cur)
    cur.execute(sql.load("_setup/delete_jamfor_trend_skyddad"))
    if len(frame):
        cur.register("skyddad_trend", frame)
        try:
            cur.execute(sql.load("_setup/insert_jamfor_trend_skyddad"))
        finally:
            cur.unregister("skyddad_trend")
    return len(frame)


def read(con: duckdb.DuckDBPyConnection, halvar: list[str], columns: tuple[str, ...],
         kon: Sequence[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The kept half-years among `halvar` as compare.protect_cells gives them (protected,
    raw; without the display text), only the rows of `kon` (None: all), or None when none
    is kept under the current key. Why only some kön: a view reads one kön (or 'alla'),
    and the text columns are most of the reading time."""
    rows = sql.frame(con, "jamfor_trend_skyddad", {"nyckel": key(), "halvar": halvar,
                                                   "kon": list(kon) if kon is not None else None})
    if rows.empty:
        return None
    protected = rows[protected_columns(columns)]
    raw = pd.concat([rows[list(AREA_COLUMNS)], rows[[f"{c}_sant" for c in columns]].set_axis(list(columns), axis=1),
                     rows[["overomrade"]]], axis=1)
    return protected, raw
