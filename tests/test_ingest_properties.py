"""Properties: no upload, however broken, crashes the ingest layer.

read_table may only raise IngestError; validate_extract never raises at all and always
returns a result whose report can be built.
"""
from __future__ import annotations

import io

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mia import schema
from mia.ingest import IngestError, read_table, validate_extract
from mia.ingest.personnummer import luhn_ok

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = st.sampled_from(["utdrag.csv", "utdrag.txt", "utdrag.xlsx", "utdrag.parquet", "utdrag", "x.pdf"])
CELL_CHARS = st.sampled_from(list("0123456789-+/.,;:\t\"' =ÅÄÖåäöabcKMXjan\n\r") + ["\x00", "\ufeff", "é"])
CELL = st.text(CELL_CHARS, max_size=12)
HEADER_CELLS = st.sampled_from([*schema.COLUMN_NAMES, "Kön", "Kommun", "Ålder", "", "pnr", "x"])


def assert_result_is_well_formed(result) -> None:
    report = result.report_frame()
    assert len(report) == len(result.errors) + len(result.warnings)
    assert result.ok == (not result.errors)
    assert (result.frame is not None) == result.ok


@SETTINGS
@given(data=st.binary(max_size=3000), name=NAMES)
def test_random_bytes_only_raise_ingest_error(data, name):
    try:
        read_table(data, name)
    except IngestError as error:
        assert error.message
    assert_result_is_well_formed(validate_extract(data, name))


@SETTINGS
@given(text=st.text(max_size=2000), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_random_text_only_raises_ingest_error(text, encoding):
    data = text.encode(encoding, errors="replace")
    try:
        read_table(data, "utdrag.csv")
    except IngestError:
        pass
    assert_result_is_well_formed(validate_extract(data, "utdrag.csv"))


@SETTINGS
@given(header=st.lists(HEADER_CELLS, min_size=1, max_size=10),
       rows=st.lists(st.lists(CELL, max_size=12), max_size=15),
       separator=st.sampled_from([";", ",", "\t"]))
def test_random_csv_under_known_headers_never_raises(header, rows, separator):
    """Known headers get the values through the deep checks: dates, codes, ages, duplicates."""
    lines = [separator.join(header)] + [separator.join(f'"{c}"' if separator in c else c for c in r) for r in rows]
    result = validate_extract("\n".join(lines).encode("utf-8"), "utdrag.csv")
    assert_result_is_well_formed(result)


@settings(max_examples=15, deadline=None)
@given(rows=st.lists(st.lists(st.one_of(CELL, st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                                        st.dates(), st.booleans(), st.none()), min_size=6, max_size=6),
                     max_size=6))
def test_random_xlsx_cells_never_raise(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["deltagare_id", "forbund", "kommunkod", "kon", "fodelsear", "anmalningsdatum"])
    for row in rows:
        sheet.append([c.replace("\x00", "") if isinstance(c, str) else c for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert_result_is_well_formed(validate_extract(buffer.getvalue(), "utdrag.xlsx"))


@settings(max_examples=100, deadline=None)
@given(st.text("0123456789", min_size=9, max_size=9))
def test_exactly_one_check_digit_completes_a_luhn_number(nine):
    assert sum(luhn_ok(nine + str(d)) for d in range(10)) == 1
