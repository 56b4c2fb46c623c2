"""Identity numbers are refused: one valid personnummer or samordningsnummer anywhere in a file
rejects it whole, and no message, report or log ever repeats the number.

All numbers here are synthetic: random date and serial digits with a computed Luhn digit.
"""
from __future__ import annotations

import logging
import random

import pytest

from mia.ingest import validate_extract
from mia.ingest.personnummer import contains_personnummer, luhn_ok

HEADER = "deltagare_id;forbund;kommunkod;kon;fodelsear;anmalningsdatum;kommentar"


def with_check_digit(nine: str) -> str:
    """Append the Luhn check digit to YYMMDDNNN."""
    return next(nine + str(d) for d in range(10) if luhn_ok(nine + str(d)))


def synthetic_numbers(seed: int, count: int, samordning: bool = False) -> list[str]:
    """Valid 10-digit numbers YYMMDDNNNC (samordningsnummer: day + 60)."""
    rng = random.Random(seed)
    numbers = []
    for _ in range(count):
        day = rng.randint(1, 28) + (60 if samordning else 0)
        nine = f"{rng.randint(40, 99):02d}{rng.randint(1, 12):02d}{day:02d}{rng.randint(0, 999):03d}"
        numbers.append(with_check_digit(nine))
    return numbers


PNR = synthetic_numbers(1, 4)
SAMORDNING = synthetic_numbers(2, 2, samordning=True)


def forms(number: str) -> list[str]:
    """YYMMDD-NNNN, YYMMDD+NNNN, YYMMDDNNNN, YYYYMMDDNNNN, YYYYMMDD-NNNN."""
    century = "19"
    return [f"{number[:6]}-{number[6:]}", f"{number[:6]}+{number[6:]}", number,
            f"{century}{number}", f"{century}{number[:6]}-{number[6:]}"]


def participant_file(cells_in_row_3: dict[str, str] | None = None) -> bytes:
    rows = {"deltagare_id": "A1", "forbund": "ROS", "kommunkod": "0160", "kon": "K", "fodelsear": "1985",
            "anmalningsdatum": "2019-03-04", "kommentar": ""}
    second = {**rows, "deltagare_id": "A2", **(cells_in_row_3 or {})}
    lines = [HEADER] + [";".join(r[c] for c in HEADER.split(";")) for r in (rows, second)]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("text", [f for n in PNR + SAMORDNING for f in forms(n)])
def test_all_written_forms_are_detected(text):
    assert contains_personnummer(text)


def test_numbers_inside_free_text_are_detected():
    assert contains_personnummer(f"Ringde {forms(PNR[0])[0]} om tid")


@pytest.mark.parametrize("text", [
    PNR[0][:9] + str((int(PNR[0][9]) + 1) % 10),  # wrong check digit
    "451231999" + str((int(with_check_digit("451231999")[-1]) + 5) % 10),  # a date, but Luhn fails
    "2019-03-04", "20190304", "43528", "0160", "19850101", "ROS-000123",
    "9913451234",  # month 13 is no date
])
def test_non_numbers_are_not_detected(text):
    assert not contains_personnummer(text)


@pytest.mark.parametrize("column", ["deltagare_id", "kommentar"])
def test_file_with_one_number_is_refused_whole_without_echoing_it(column, caplog):
    number = forms(PNR[1])[0]
    caplog.set_level(logging.DEBUG)
    result = validate_extract(participant_file({column: number}), "utdrag.csv")
    assert not result.ok and result.frame is None
    [issue] = result.errors
    assert issue.code == "personnummer" and issue.column == column
    assert "pseudonymiserade" in issue.text and "rad 3" in issue.text and "1 rad" in issue.text
    assert issue.value == ""
    everything = " ".join([result.report_frame().to_csv(), result.summary(), caplog.text, repr(result.errors)])
    for fragment in (number, PNR[1], PNR[1][:6], PNR[1][6:]):
        assert fragment not in everything


def test_samordningsnummer_is_refused_too():
    result = validate_extract(participant_file({"kommentar": SAMORDNING[0]}), "utdrag.csv")
    assert [i.code for i in result.errors] == ["personnummer"]
    assert SAMORDNING[0] not in result.report_frame().to_csv()


def test_ten_digit_pseudonymous_id_failing_luhn_is_accepted():
    ident = PNR[2][:9] + str((int(PNR[2][9]) + 3) % 10)
    assert not luhn_ok(ident)
    result = validate_extract(participant_file({"deltagare_id": ident}), "utdrag.csv")
    assert result.ok, [i.text for i in result.errors]
    assert result.frame["deltagare_id"].tolist() == ["A1", ident]


@pytest.mark.parametrize("header", ["Personnummer", "pnr", "PERSONNR", "Samordningsnummer"])
def test_identity_number_column_is_refused_even_when_empty(header):
    data = participant_file().replace(b"kommentar", header.encode())
    result = validate_extract(data, "utdrag.csv")
    assert [i.code for i in result.errors] == ["personnummer_column"]
    assert f'Kolumnen "{header}" får inte finnas' in result.errors[0].text


def test_number_in_the_header_row_is_not_repeated():
    number = forms(PNR[3])[0]
    data = participant_file().replace(b"kommentar", number.encode())
    result = validate_extract(data, "utdrag.csv")
    assert not result.ok and "kolumn G" in result.errors[0].text
    assert number not in result.report_frame().to_csv()


def test_numbers_on_another_sheet_of_the_workbook_refuse_the_file_too():
    import io

    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "deltagare"
    for row in participant_file().decode().splitlines():
        workbook.active.append(row.split(";"))
    workbook.create_sheet("Kontaktlista").append(["Namn", int("19" + PNR[0])])  # stored as a number
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = validate_extract(buffer.getvalue(), "utdrag.xlsx")
    assert [i.code for i in result.errors] == ["personnummer"]
    assert 'Bladet "Kontaktlista"' in result.errors[0].text and PNR[0] not in result.errors[0].text
