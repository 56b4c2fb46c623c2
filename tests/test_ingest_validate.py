"""validate_extract: every kind of bad input gets a Swedish message naming the file, the Excel
row (header = row 1), the column and the value; all errors are collected, none raise.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from mia import schema
from mia.ingest import frame_for_storage, table_for_storage, validate_extract

BASE = {"deltagare_id": "1", "forbund": "ROS", "kommunkod": "0160", "kon": "K", "fodelsear": "1985",
        "anmalningsdatum": "2019-03-04", "inskrivningsdatum": "2019-03-11", "avslutsdatum": "2019-10-31",
        "utfall": "arbete"}


def extract(*rows: dict[str, str], drop: tuple[str, ...] = ()) -> bytes:
    """A ';' CSV: row i (Excel row i + 2) is BASE with id i + 1 and the given overrides."""
    full = [{**BASE, "deltagare_id": str(i + 1), **row} for i, row in enumerate(rows)]
    columns = [c for c in dict.fromkeys(k for r in full for k in r) if c not in drop]
    lines = [";".join(columns)] + [";".join(r.get(c, "") for c in columns) for r in full]
    return ("\n".join(lines) + "\n").encode("utf-8")


def only_error(data: bytes):
    result = validate_extract(data, "utdrag.csv")
    assert not result.ok and result.frame is None
    assert len(result.errors) == 1, [i.text for i in result.errors]
    return result.errors[0]


# ---------------------------------------------------------------- an accepted file

def test_valid_file_gives_canonical_frame_in_schema_order_with_types():
    result = validate_extract(extract({}, {"kon": "", "avslutsdatum": "", "utfall": ""}), "utdrag.csv")
    assert result.ok and result.errors == [] and result.warnings == []
    frame = result.frame
    assert tuple(frame.columns) == schema.COLUMN_NAMES
    assert result.rows == 2 and result.forbund == {"ROS"}
    assert str(frame["fodelsear"].dtype) == "Int64" and str(frame["alder"].dtype) == "Int64"
    assert str(frame["anmalningsdatum"].dtype) == "datetime64[us]"
    assert frame["kommunkod"].tolist() == ["0160", "0160"] and frame["kon"].tolist() == ["K", "X"]
    assert frame["alder"].isna().all() and pd.isna(frame.loc[1, "avslutsdatum"])
    assert len(result.sha256) == 64 and "semikolon" in result.source
    assert result.summary() == "Filen utdrag.csv är godkänd: 2 rader från ROS."


def test_a_large_file_read_two_columns_at_a_time_gives_what_one_at_a_time_gives(monkeypatch):
    """Over 200 000 cells the reader and the dictionary encoding work on two columns side by
    side (mia.ingest.arrow.per_column); the result, problems included, is the same."""
    from mia.ingest import arrow

    rows = [{"kon": "K" if i % 3 else "", "fodelsear": str(1960 + i % 40),
             "anmalningsdatum": f"2019-{1 + i % 12:02d}-{1 + i % 28:02d}", "inskrivningsdatum": "",
             "avslutsdatum": "", "utfall": ""} for i in range(25_000)]
    rows[7]["anmalningsdatum"] = "2019-02-30"
    rows[9]["deltagare_id"] = "3"
    data = extract(*rows)
    assert 25_000 * 9 > arrow.SIDE_BY_SIDE_CELLS
    side_by_side = validate_extract(data, "stor.csv")
    monkeypatch.setattr(arrow, "SIDE_BY_SIDE_CELLS", 10**12)
    one_at_a_time = validate_extract(data, "stor.csv")
    assert [(i.code, i.row, i.value) for i in side_by_side.issues] == \
        [(i.code, i.row, i.value) for i in one_at_a_time.issues] == [("bad_date", 9, "2019-02-30"),
                                                                     ("duplicate_id", 11, "3")]
    fixed = extract(*[{k: v for k, v in r.items() if k != "deltagare_id"} | {"anmalningsdatum": "2019-02-28"}
                      for r in rows])
    monkeypatch.undo()
    side_by_side = validate_extract(fixed, "stor.csv")
    monkeypatch.setattr(arrow, "SIDE_BY_SIDE_CELLS", 10**12)
    one_at_a_time = validate_extract(fixed, "stor.csv")
    assert side_by_side.ok and side_by_side.table.equals(one_at_a_time.table)
    assert side_by_side.rows_per_forbund() == {"ROS": 25_000}


def test_the_stored_table_keeps_repeated_codes_dictionary_encoded_and_the_frame_as_text():
    """The import hands DuckDB the codes as Arrow dictionaries (no per-row copy of the texts);
    the pandas frame shows them as plain text, nulls as missing."""
    import pyarrow as pa

    result = validate_extract(extract({}, {"utfall": "", "avslutsdatum": ""}), "utdrag.csv")
    table = table_for_storage(result)
    assert pa.types.is_dictionary(table.schema.field("utfall").type)
    assert pa.types.is_large_string(table.schema.field("deltagare_id").type)
    assert table.column("utfall").to_pylist() == ["arbete", None]
    assert str(result.frame["utfall"].dtype) == "str" and result.frame["utfall"].isna().tolist() == [False, True]
    assert result.frame is result.frame  # made once


def test_frame_for_storage_has_date_objects_and_refuses_rejected_results():
    result = validate_extract(extract({}), "utdrag.csv")
    stored = frame_for_storage(result)
    assert stored.loc[0, "anmalningsdatum"] == dt.date(2019, 3, 4)
    assert tuple(stored.columns) == schema.COLUMN_NAMES
    with pytest.raises(ValueError):
        frame_for_storage(validate_extract(b"", "tom.csv"))


def test_table_for_storage_stores_exactly_what_frame_for_storage_stores():
    """The importer hands the store an Arrow table (no Python date objects): the rows DuckDB
    stores from it equal those from frame_for_storage, nulls, ages and dates included."""
    import duckdb

    result = validate_extract(extract({"alder": "31"}, {"alder": ""}), "utdrag.csv")
    arrow = table_for_storage(result)
    assert arrow.column_names == list(schema.COLUMN_NAMES)
    con = duckdb.connect()
    via_table = con.execute("SELECT * FROM arrow").fetchall()
    frame = frame_for_storage(result)
    via_frame = con.execute("SELECT * FROM frame").fetchall()
    assert via_table == via_frame and len(via_table) == 2
    assert via_table[0][schema.COLUMN_NAMES.index("anmalningsdatum")] == dt.date(2019, 3, 4)
    with pytest.raises(ValueError):
        table_for_storage(validate_extract(b"", "tom.csv"))


# ---------------------------------------------------------------- missing columns

def test_missing_required_column_rejects_the_file_listing_found_and_expected():
    issue = only_error(extract({}, drop=("anmalningsdatum",)))
    assert issue.code == "missing_column" and issue.row is None
    assert issue.text.startswith('Kolumnen "anmalningsdatum" saknas. Filen har kolumnerna: "deltagare_id", '
                                 '"forbund", "kommunkod", "kon", "fodelsear", "inskrivningsdatum"')
    assert "Förväntade: deltagare_id, forbund, kommunkod, kon, fodelsear eller alder, anmalningsdatum" in issue.text


def test_neither_fodelsear_nor_alder_is_a_missing_column():
    issue = only_error(extract({}, drop=("fodelsear",)))
    assert 'Kolumnen "fodelsear" eller "alder" saknas' in issue.text


def test_alder_instead_of_fodelsear_is_fine():
    result = validate_extract(extract({"alder": "34"}, drop=("fodelsear",)), "utdrag.csv")
    assert result.ok and result.frame["alder"].tolist() == [34]


def test_utfall_column_missing_while_rows_have_exited():
    issue = only_error(extract({}, {}, drop=("utfall",)))
    assert issue.code == "missing_column" and "2 rader har avslutsdatum" in issue.text


# ---------------------------------------------------------------- row errors

@pytest.mark.parametrize("override, code, column, value, words", [
    ({"forbund": "Göteborg"}, "unknown_forbund", "forbund", "Göteborg", "inget känt samordningsförbund"),
    ({"kommunkod": "1480"}, "unknown_kommun", "kommunkod", "1480", "ingen kommun i Stockholms län"),
    ({"kommunkod": "Haninge"}, "kommun_not_member", "kommunkod", "Haninge",
     "Haninge (0136) hör inte till Roslagen (ROS), vars medlemskommuner är Täby, Österåker"),
    ({"kommunkod": "Järfälla"}, "kommun_not_member", "kommunkod", "Järfälla", "Järfälla (0123) deltar inte i MIA"),
    ({"avslutsdatum": "2019-02-30"}, "bad_date", "avslutsdatum", "2019-02-30",
     "2019-02-30 är inget giltigt datum. Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2019-02-28."),
    ({"inskrivningsdatum": "4/3/2019"}, "bad_date", "inskrivningsdatum", "4/3/2019", "tvetydigt"),
    ({"avslutsdatum": "2019-03-01"}, "exit_before_enrolment", "avslutsdatum", "2019-03-01",
     "Avslutsdatum 2019-03-01 är före inskrivningsdatum 2019-03-11"),
    ({"utfall": ""}, "missing_utfall", "utfall", "", "Utfall saknas för en avslutad deltagare"),
    ({"utfall": "lottovinst"}, "bad_code", "utfall", "lottovinst", "lottovinst är inget giltigt värde för utfall"),
    ({"kon": "Q"}, "bad_code", "kon", "Q", "Q är inget giltigt värde för kon"),
    ({"deltagare_id": ""}, "missing_value", "deltagare_id", "", "deltagare_id är obligatoriskt"),
    ({"forbund": ""}, "missing_value", "forbund", "", "forbund är obligatoriskt"),
    ({"kommunkod": ""}, "missing_value", "kommunkod", "", "kommunkod är obligatoriskt"),
    ({"anmalningsdatum": ""}, "missing_value", "anmalningsdatum", "", "anmalningsdatum är obligatoriskt"),
    ({"fodelsear": ""}, "missing_value", "fodelsear", "", "Födelseår eller ålder saknas"),
    ({"fodelsear": "85"}, "bad_age", "fodelsear", "85", "85 är inget rimligt födelseår"),
    ({"fodelsear": "2010"}, "bad_age", "fodelsear", "2010", "blir 9 år, vilket är orimligt"),
    ({"fodelsear": "trettio"}, "bad_number", "fodelsear", "trettio", "trettio är inget heltal"),
    ({"avslutsdatum": "2091-10-31"}, "future_date", "avslutsdatum", "2091-10-31", "ligger i framtiden"),
    ({"utfall": "=A1"}, "formula", "utfall", "=A1", "Cellen innehåller en formel"),
])
def test_row_error_names_row_column_value_and_fix(override, code, column, value, words):
    issue = only_error(extract({}, {}, override))  # the bad row is the third data row: Excel row 4
    assert (issue.code, issue.row, issue.column, issue.value, issue.file) == (code, 4, column, value, "utdrag.csv")
    assert issue.text.startswith(f'Rad 4, kolumn "{column}": ')
    assert words in issue.text
    assert issue.fix  # always says how to fix it


def test_duplicate_id_within_a_forbund_is_an_error_but_not_across_forbund():
    issue = only_error(extract({}, {"deltagare_id": "1"}))
    assert (issue.code, issue.row) == ("duplicate_id", 3)
    assert "Id 1 finns redan på rad 2 för samma förbund (ROS)" in issue.text
    other = validate_extract(extract({}, {"deltagare_id": "1", "forbund": "OS", "kommunkod": "0136"}), "u.csv")
    assert other.ok


def test_the_users_header_spelling_is_used_in_messages():
    data = "Deltagar-ID;Förbund;Kommun;Kön;Födelseår;Anmälningsdatum\n1;ROS;Täby;K;1985;2019-02-30\n"
    issue = only_error(data.encode())
    assert issue.text.startswith('Rad 2, kolumn "Anmälningsdatum": 2019-02-30 är inget giltigt datum.')


def test_all_errors_are_collected_not_just_the_first():
    result = validate_extract(extract({"forbund": "XX"}, {"avslutsdatum": "2019-02-30"}, {"kon": "?"}), "u.csv")
    assert [(i.row, i.code) for i in result.errors] == [(2, "unknown_forbund"), (3, "bad_date"), (4, "bad_code")]


def test_errors_are_capped_with_a_count_of_the_rest():
    result = validate_extract(extract(*[{"forbund": "XX"}] * 250), "u.csv")
    assert len(result.errors) == 201 and result.error_count == 250
    assert result.errors[-1].text.startswith("… och 50 fel till")
    assert result.summary() == "Filen u.csv kan inte läsas in: 250 fel."


# ---------------------------------------------------------------- warnings

@pytest.mark.parametrize("override, code, column", [
    ({"anmalningsdatum": "2016-12-01", "inskrivningsdatum": "2017-01-10"}, "outside_period", "anmalningsdatum"),
    ({"avslutsdatum": "", "utfall": "arbete"}, "utfall_without_exit", "utfall"),
    ({"kommunkod": "Vallentuna", "anmalningsdatum": "2018-05-02"}, "before_kommun_joined", "anmalningsdatum"),
    ({"kartlaggning_datum": "2019-03-01"}, "before_enrolment", "kartlaggning_datum"),
    ({"fodelsear": "2004"}, "age_outside_target", "fodelsear"),  # 15 at enrolment 2019
    ({"alder": "66", "fodelsear": "1953"}, "age_outside_target", "alder"),
])
def test_warnings_let_the_import_proceed(override, code, column):
    result = validate_extract(extract({}, override), "utdrag.csv")
    assert result.ok, [i.text for i in result.errors]
    [warning] = result.warnings
    assert (warning.code, warning.row, warning.column) == (code, 3, column)
    assert result.frame is not None and len(result.frame) == 2


def test_unknown_columns_are_ignored_with_a_warning_listing_them():
    result = validate_extract(extract({"Kommentar": "ring tisdag", "Handläggare": "Eva"}), "utdrag.csv")
    assert result.ok
    assert [w.column for w in result.warnings] == ["Kommentar", "Handläggare"]
    assert result.warnings[0].text == ('Kolumnen "Kommentar" är okänd och läses inte in. Om den ska användas: '
                                       "byt rubrik till ett av de förväntade kolumnnamnen.")


def test_report_frame_has_swedish_headers_and_one_row_per_issue():
    result = validate_extract(extract({"forbund": "XX", "Kommentar": ""}), "utdrag.csv")
    report = result.report_frame()
    assert list(report.columns) == ["Typ", "Fil", "Rad", "Kolumn", "Värde", "Meddelande"]
    assert report["Typ"].tolist() == ["Fel", "Varning"]
    assert report["Rad"].tolist()[0] == 2 and pd.isna(report["Rad"].tolist()[1])
    assert report.loc[0, "Meddelande"].startswith('Rad 2, kolumn "forbund": XX är inget känt samordningsförbund')


def test_kommun_column_mixing_names_codes_and_lost_zeros():
    data = ("id;förbund;kommun;kön;födelseår;anmälningsdatum\n"
            "1;ROS;160;K;1985;2019-03-04\n2;ROS;TÄBY;M;1985;2019-03-04\n3;ROS;Osteraker;K;1985;2019-03-04\n"
            "4;ROS;117.0;K;1985;2019-03-04\n5;SUVS;Upplands Väsby;K;1985;2020-08-04\n"
            "6;SUVS;upplands-väsby;M;1985;2020-08-04\n")
    result = validate_extract(data.encode("cp1252"), "kommuner.csv")
    assert result.ok, [i.text for i in result.errors]
    assert result.frame["kommunkod"].tolist() == ["0160", "0160", "0117", "0117", "0114", "0114"]


def test_reference_members_agree_with_kommuner_csv():
    from mia.ingest import load_reference

    reference = load_reference()
    assert len(reference.kommuner) == 26 and set(reference.forbund) == set(schema.FORBUND_CODES)
    for forbund in reference.forbund.values():
        for code in forbund.members:
            assert reference.kommuner[code].forbund == forbund.code


def test_report_for_the_page_leaves_missing_cells_empty_not_none():
    from mia import data_quality

    result = validate_extract(b"x;y\n1;2\n", "a.csv")
    shown = data_quality.report_display(result)
    assert not shown.isin(["None", "nan", "<NA>"]).any().any()
    assert set(shown["Rad"]) == {""} and set(shown["Värde"]) == {""}
