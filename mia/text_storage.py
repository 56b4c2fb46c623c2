"""How pandas stores text in this package: in numpy object arrays for the pages' small,
wide frames, and in Arrow for the ingest's large columns.

Why: pandas 3 stores text in Arrow by default. That suits a column of a million cells,
but a page's frames are the other way round: a few hundred rows (kommuner, förbund,
half-years) and dozens of text columns (names, each count's status and display text).
Every boolean mask or `take` on such a frame then pays Arrow's per-column call overhead,
column by column. Measured at 1 M rows, before and after alternately (bench/README.md,
session 11): Jämför's script run for a period already computed 322–327 → 260–261 ms
(`streamlit.testing`); `mia bench`'s page functions at national scale Jämför 335–476 →
269–344 ms, Karta 153–217 → 121–151 ms.

The ingest is the opposite case: validating a delivery works on whole columns with
Arrow's compute functions, and took 1.7× as long with object arrays (80 files of 12 500
rows: 3.5–3.9 → 6.4–7.2 s). So the ingest asks for `ARROW_TEXT` explicitly, and the
default is set once, when `mia` is imported.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

# The ingest's text columns (mia.ingest): Arrow, whatever the default.
ARROW_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)


def store_text_in_numpy() -> None:
    """Make `str` columns that pandas creates or infers (frames from DuckDB, groupbys,
    merges, `pd.array(..., dtype="str")`) use numpy object storage: same dtype name and
    semantics (missing is NaN), cheaper per column on small frames."""
    pd.set_option("mode.string_storage", "python")
