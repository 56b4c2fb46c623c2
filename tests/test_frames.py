"""mia.frames.records gives exactly what DataFrame.itertuples gives, faster."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from mia.frames import records


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and (a is b or a == b or repr(a) == repr(b))


MIXED = pd.DataFrame({
    "namn": pd.Series(["Täby", None, "Solna"], dtype="str"),
    "andel": [12.5, np.nan, 0.0],
    "antal": [3, 0, 12],
    "vald": [True, False, True],
    "datum": pd.to_datetime(["2020-01-01", None, "2021-06-30"]),
    "kategori": pd.Categorical(["a", "b", "a"]),
    "objekt": [None, (1, 2), "x"],
    "a b": [1, 2, 3],  # not an identifier: renamed as itertuples renames it
    "1x": [0.5, 1.5, 2.5],
}, index=[5, 7, 9])


@pytest.mark.parametrize("frame", [MIXED, MIXED.iloc[:0], MIXED.iloc[1:2], MIXED.reset_index(drop=True),
                                   pd.DataFrame({"x": [1.0, 2.0]})], ids=["mixed", "empty", "one", "range", "float"])
def test_records_are_the_rows_itertuples_gives(frame: pd.DataFrame) -> None:
    mine, theirs = list(records(frame)), list(frame.itertuples())
    assert len(mine) == len(theirs) == len(frame)
    for row, expected in zip(mine, theirs):
        assert row._fields == expected._fields
        assert all(_same(a, b) for a, b in zip(row, expected)), (row, expected)
