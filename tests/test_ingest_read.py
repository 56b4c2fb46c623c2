"""Reading uploads: every file format and variant a förbund may deliver, and unreadable input.

The reader must hand on the cells exactly as the user sees them (strings) with the row
number Excel shows (header = row 1), or raise IngestError with a Swedish message.
"""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from mia.ingest import IngestError, read_table, validate_extract

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
EXPECTED_IDS = ["R-001", "R-002", "O-001", "V-001", "S-001"]
EXPECTED_KOMMUNER = ["0160", "0117", "0136", "0182", "0114"]


def xlsx_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    """An .xlsx workbook with the given sheets (in order), cells as given (datetime, int, str)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


HEADER = ["deltagare_id", "forbund", "kommunkod", "kon", "fodelsear", "anmalningsdatum", "avslutsdatum", "utfall"]


# ---------------------------------------------------------------- text files

@pytest.mark.parametrize("name, encoding, separator", [
    ("deltagare_cp1252.csv", "cp1252", ";"),
    ("deltagare_utf8_bom.csv", "utf-8-sig", ";"),
    ("deltagare_tab.txt", "utf-8", "\t"),
    ("deltagare_comma_quoted.csv", "utf-8", ","),
])
def test_text_variants_are_detected_and_give_the_same_participants(name, encoding, separator):
    data = (FIXTURES / name).read_bytes()
    raw = read_table(data, name)
    assert (raw.format, raw.encoding, raw.separator) == ("csv", encoding, separator)
    assert raw.headers[2] == "Kommun" and raw.headers[3] == "Kön"  # å/ä/ö decoded, not mojibake
    assert raw.frame.iloc[1, 2] == "Österåker"
    assert raw.row_numbers == [2, 3, 4, 5, 6]

    result = validate_extract(data, name)
    assert result.ok, [i.text for i in result.errors]
    assert result.frame["deltagare_id"].tolist() == EXPECTED_IDS
    assert result.frame["kommunkod"].tolist() == EXPECTED_KOMMUNER
    assert result.frame["alder"].tolist() == [34, 41, 23, 58, 30]  # "34,0" decimal comma read as 34
    assert result.forbund == {"ROS", "OS", "VARNA", "SUVS"}


def test_quoted_fields_keep_separators_and_newlines_inside_and_rows_are_excel_rows():
    text = 'id;kommentar;kon\n1;"a; b\nc";K\n\n2;"sa ""hej""";M\n'
    raw = read_table(text.encode(), "x.csv")
    assert raw.frame["kommentar"].tolist() == ["a; b\nc", 'sa "hej"']
    assert raw.row_numbers == [2, 4]  # the blank line is row 3 in Excel


def test_utf16_unicode_text_from_excel_is_read():
    text = "id\tkon\r\n1\tK\r\n"
    raw = read_table(text.encode("utf-16"), "unicode.txt")
    assert raw.separator == "\t" and raw.frame["kon"].tolist() == ["K"]


def test_excel_sep_line_sets_separator_and_is_not_counted_as_a_row():
    raw = read_table(b"sep=,\nid,kon\n1,K\n", "x.csv")
    assert raw.separator == "," and raw.header_row == 1 and raw.row_numbers == [2]


def test_title_line_above_header_keeps_true_row_numbers():
    text = "Deltagarutdrag MIA 2022\n\nid;kon;kommun\n1;K;Täby\n"
    raw = read_table(text.encode(), "x.csv")
    assert raw.header_row == 3 and raw.row_numbers == [4]


def test_semicolon_file_with_decimal_commas_is_not_taken_for_comma_separated():
    text = "id;alder;kon\n1;34,0;K\n2;35,5;M\n3;36,0;K\n"
    assert read_table(text.encode(), "x.csv").separator == ";"


def test_cp1252_bytes_that_are_not_utf8_are_decoded_as_windows_1252():
    raw = read_table("id;kommun\n1;Täby\n2;Värmdö\n".encode("cp1252"), "x.csv")
    assert raw.encoding == "cp1252" and raw.frame["kommun"].tolist() == ["Täby", "Värmdö"]


# ---------------------------------------------------------------- Excel

def test_xlsx_with_datetime_cells():
    rows = [HEADER, [101, "ROS", 160, "K", 1985, dt.datetime(2019, 3, 4), dt.datetime(2019, 9, 30, 0, 0), "Arbete"]]
    data = xlsx_bytes({"Blad1": rows})
    raw = read_table(data, "utdrag.xlsx")
    assert raw.format == "xlsx" and raw.sheet == "Blad1"
    assert raw.frame.iloc[0].tolist() == ["101", "ROS", "160", "K", "1985", "2019-03-04", "2019-09-30", "Arbete"]
    result = validate_extract(data, "utdrag.xlsx")
    assert result.ok, [i.text for i in result.errors]
    assert result.frame.loc[0, "kommunkod"] == "0160"  # number 160 → lost zero restored
    assert result.frame.loc[0, "anmalningsdatum"] == dt.datetime(2019, 3, 4)


def test_xlsx_with_serial_number_dates():
    # 43528 is 2019-03-04 and 43738 is 2019-09-30 in Excel's 1900 date system.
    rows = [HEADER, ["101", "ROS", "0160", "K", 1985, 43528, 43738.0, "arbete"]]
    result = validate_extract(xlsx_bytes({"Blad1": rows}), "serial.xlsx")
    assert result.ok, [i.text for i in result.errors]
    assert result.frame.loc[0, "anmalningsdatum"].date() == dt.date(2019, 3, 4)
    assert result.frame.loc[0, "avslutsdatum"].date() == dt.date(2019, 9, 30)


def test_xlsx_sheet_named_deltagare_is_used_even_when_not_first():
    data = xlsx_bytes({"Instruktioner": [["Läs mig", "först"]],
                       "Deltagare": [HEADER, ["7", "OS", "Haninge", "M", 1990, "2019-01-02", "", ""]]})
    raw = read_table(data, "utdrag.xlsx")
    assert raw.sheet == "Deltagare" and raw.frame["deltagare_id"].tolist() == ["7"]


def test_xlsx_rows_keep_the_sheet_row_numbers_when_the_table_starts_lower():
    data = xlsx_bytes({"Blad1": [["Utdrag ur ärendesystemet"], [], HEADER,
                                 ["1", "ROS", "Täby", "K", 1985, "2019-03-04", "", ""], [],
                                 ["2", "ROS", "Täby", "K", 1985, "2019-03-04", "", ""]]})
    raw = read_table(data, "utdrag.xlsx")
    assert raw.header_row == 3 and raw.row_numbers == [4, 6]


def test_xlsx_formula_cells_are_an_error_for_that_cell():
    rows = [HEADER, ["1", "ROS", "Täby", "K", "=2019-34", "2019-03-04", "", ""]]
    result = validate_extract(xlsx_bytes({"Blad1": rows}), "f.xlsx")
    assert not result.ok
    [issue] = result.errors
    assert (issue.code, issue.row, issue.column) == ("formula", 2, "fodelsear")
    assert "formel" in issue.text and "Klistra in special" in issue.text


# ---------------------------------------------------------------- Parquet and content sniffing

def parquet_bytes() -> bytes:
    table = pa.table({
        "deltagare_id": ["p1", "p2"], "forbund": ["HBS", "HBS"], "kommunkod": ["0126", "0127"],
        "kon": ["K", None], "fodelsear": pa.array([1980, 1999], pa.int32()),
        "anmalningsdatum": pa.array([dt.date(2018, 5, 2), dt.date(2018, 6, 1)], pa.date32()),
        "avslutsdatum": pa.array([dt.datetime(2019, 1, 31), None], pa.timestamp("us")),
        "utfall": ["studier", None],
    })
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def test_parquet_with_typed_columns():
    result = validate_extract(parquet_bytes(), "utdrag.parquet")
    assert result.ok, [i.text for i in result.errors]
    assert result.frame["kon"].tolist() == ["K", "X"]
    assert result.frame["fodelsear"].tolist() == [1980, 1999]
    assert result.frame.loc[0, "avslutsdatum"].date() == dt.date(2019, 1, 31)


@pytest.mark.parametrize("data_kind, misleading_name", [("xlsx", "utdrag.csv"), ("parquet", "utdrag.xlsx"),
                                                        ("csv", "utdrag.xlsx")])
def test_content_decides_the_format_when_the_extension_lies(data_kind, misleading_name):
    data = {"xlsx": xlsx_bytes({"Blad1": [["id", "kon"], ["1", "K"]]}), "parquet": parquet_bytes(),
            "csv": b"id;kon\n1;K\n"}[data_kind]
    assert read_table(data, misleading_name).format == data_kind


# ---------------------------------------------------------------- unreadable input

@pytest.mark.parametrize("data, code, words", [
    (b"", "empty", "tom"),
    (b"\n\r\n  \n", "empty", "tom"),
    (b"deltagare_id;forbund;kommunkod\n", "header_only", "bara en rubrikrad"),
    (bytes(range(256)) * 8, "binary", "binära"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old_excel", ".xls"),
    (b"PK\x03\x04garbage that is no zip", "bad_xlsx", "Excel"),
    (b"%PDF-1.7 ...", "unsupported_format", "PDF"),
])
def test_unreadable_input_raises_ingest_error_in_swedish(data, code, words):
    with pytest.raises(IngestError) as caught:
        read_table(data, "fil.csv")
    assert caught.value.code == code
    assert words in caught.value.message
    assert caught.value.fix  # always says what to do


def test_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    import zipfile
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(IngestError, match="ingen Excel-arbetsbok"):
        read_table(buffer.getvalue(), "rapport.docx")


def test_huge_file_is_refused_before_reading(monkeypatch):
    monkeypatch.setenv("MIA_MAX_UPLOAD_MB", "1")
    with pytest.raises(IngestError) as caught:
        read_table(b"id;kon\n" + b"1;K\n" * 300_000, "stor.csv")
    assert caught.value.code == "too_large" and "gränsen är 1 MB" in caught.value.message


def test_validate_turns_read_errors_into_a_file_level_issue():
    result = validate_extract(b"", "tom.csv")
    assert not result.ok and result.frame is None
    [issue] = result.errors
    assert issue.row is None and issue.file == "tom.csv" and "tom" in issue.text
