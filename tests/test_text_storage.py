"""mia.text_storage: the pages' frames keep their text in numpy object arrays (cheap per
column on small, wide frames), and the ingest keeps a delivery's text in Arrow (cheap per
cell on large columns). Either one silently switched back would only show as time."""
from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
from pandas.arrays import ArrowStringArray, StringArray

from mia import compare, filters, sql
from mia.ingest import read_table, validate_extract

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def _text_arrays(frame: pd.DataFrame) -> set[type]:
    return {type(frame[c].array) for c in frame.columns if isinstance(frame[c].dtype, pd.StringDtype)}


def test_text_that_pandas_makes_is_stored_in_numpy_once_mia_is_imported():
    assert type(pd.Series(["Danderyd", None]).array) is StringArray
    assert pd.Series(["Danderyd"]).dtype == "str"  # the dtype's name and semantics are unchanged
    assert pd.isna(pd.Series(["a", None], dtype="str")[1])


def test_query_results_keep_their_text_in_numpy(demo_con):
    frame = sql.frame(demo_con, "datakallor")
    assert len(frame) and _text_arrays(frame) == {StringArray}


def test_the_protected_comparison_table_keeps_its_text_in_numpy(demo_con):
    units = compare.units(demo_con, filters.Urval())
    assert len(units) == 26  # every kommun of the county
    assert _text_arrays(units) == {StringArray}


def test_a_csv_delivery_is_read_and_validated_into_arrow():
    data = (FIXTURES / "deltagare_cp1252.csv").read_bytes()
    assert _text_arrays(read_table(data, "deltagare_cp1252.csv").frame) == {ArrowStringArray}
    result = validate_extract(data, "deltagare_cp1252.csv")
    assert result.ok and _text_arrays(result.frame) == {ArrowStringArray}


def test_an_excel_delivery_is_read_into_arrow():
    source = pd.read_csv(FIXTURES / "deltagare_utf8_bom.csv", sep=";", dtype=str, keep_default_na=False)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(source.columns))
    for row in source.itertuples(index=False):
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    raw = read_table(buffer.getvalue(), "deltagare.xlsx")
    assert raw.format == "xlsx" and len(raw.frame) == len(source)
    assert _text_arrays(raw.frame) == {ArrowStringArray}
