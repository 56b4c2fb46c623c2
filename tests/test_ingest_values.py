"""Cell values: what users write for kön, förbund, kommun, codes, dates and numbers."""
from __future__ import annotations

import datetime as dt

import pytest

from mia import schema
from mia.ingest import load_reference
from mia.ingest.values import (ValueProblem, parse_code, parse_date, parse_forbund, parse_int, parse_kommun,
                               parse_kon)

REF = load_reference()


@pytest.mark.parametrize("text, code", [
    ("K", "K"), ("k", "K"), ("Kvinna", "K"), ("women", "K"), ("female", "K"), ("M", "M"), ("man", "M"),
    ("MAN", "M"), ("men", "M"), ("male", "M"), ("Män", "M"), ("X", "X"), ("", "X"), ("  ", "X"), ("okänt", "X"),
])
def test_kon(text, code):
    assert parse_kon(text) == code


def test_kon_unknown_word_is_an_error_listing_allowed_values():
    with pytest.raises(ValueProblem) as caught:
        parse_kon("Q")
    assert "K, M, X" in caught.value.fix


@pytest.mark.parametrize("text, code", [
    ("ROS", "ROS"), ("ros", "ROS"), ("Roslagen", "ROS"), ("Samordningsförbundet Roslagen", "ROS"),
    ("SAMORDNINGSFÖRBUNDET ÖSTRA SÖDERTÖRN", "OS"), ("Östra Södertörn", "OS"), ("Ostra Sodertorn", "OS"),
    ("Stockholms stad", "STH"), ("Samordningsförbundet i Södertälje", "SDT"), ("Södertälje", "SDT"),
    ("VärNa", "VARNA"), ("varna", "VARNA"), ("HBS", "HBS"), ("SUVS", "SUVS"), ("Sundbyberg", "SBG"),
    ("Samordningsförbundet Sundbybergs stad", "SBG"),
])
def test_forbund_code_full_or_short_name_any_case(text, code):
    assert parse_forbund(text, REF) == code


def test_unknown_forbund_lists_the_codes():
    with pytest.raises(ValueProblem) as caught:
        parse_forbund("Samordningsförbundet Göteborg", REF)
    assert "inget känt samordningsförbund" in caught.value.message and "ROS (Roslagen)" in caught.value.fix


@pytest.mark.parametrize("text, code", [
    ("0160", "0160"), ("160", "0160"), ("160.0", "0160"), ("160,0", "0160"), (" 0160 ", "0160"),
    ("Täby", "0160"), ("TÄBY", "0160"), ("taby", "0160"), ("Täby kommun", "0160"), ("0160 Täby", "0160"),
    ("Upplands Väsby", "0114"), ("Upplands-Väsby", "0114"), ("upplands väsby", "0114"),
    ("Upplands-Bro", "0139"), ("Osteraker", "0117"), ("Österåker", "0117"), ("Sodertalje", "0181"),
    ("Stockholms stad", "0180"), ("Nynäshamns kommun", "0192"), ("114", "0114"),
])
def test_kommun_code_lost_zero_excel_number_or_name(text, code):
    assert parse_kommun(text, REF) == code


@pytest.mark.parametrize("text", ["Göteborg", "1480", "99", "0160 Nacka"])
def test_unknown_kommun_is_an_error(text):
    with pytest.raises(ValueProblem, match="ingen kommun i Stockholms län"):
        parse_kommun(text, REF)


@pytest.mark.parametrize("column, text, code", [
    ("utfall", "Arbete", "arbete"), ("utfall", "Studier", "studier"),
    ("utfall", "Arbetsförberedande insats", "arbetsforberedande"), ("utfall", "arbetsforberedande", "arbetsforberedande"),
    ("utfall", "Arbetssökande", "arbetssokande"), ("utfall", "Ohälsa", "ohalsa"), ("utfall", "Sjukskrivning", "ohalsa"),
    ("utfall", "Avbrott", "avbrott"), ("utfall", "Okänt", "okant"), ("utfall", "Annat", "annat"),
    ("remittent", "Arbetsförmedlingen", "AF"), ("remittent", "af", "AF"), ("remittent", "Försäkringskassan", "FK"),
    ("remittent", "Kommunen/socialtjänsten", "kommun"), ("remittent", "Socialtjänsten", "kommun"),
    ("remittent", "Regionen/vården", "region"), ("remittent", "Vårdcentral", "region"),
    ("remittent", "Egen anmälan", "egen"),
    ("forsorjning_fore", "Försörjningsstöd", "forsorjningsstod"), ("forsorjning_fore", "A-kassa", "a_kassa_aktivitetsstod"),
    ("forsorjning_efter", "Lön", "lon"), ("forsorjning_efter", "sjuk_aktivitetsersattning", "sjuk_aktivitetsersattning"),
    ("insatstyp", "Praktik", "praktik"), ("insatstyp", "Arbetsträning hos arbetsgivare", "arbetstraning_arbetsgivare"),
    ("insatstyp", "Motivationskurs", "motivationskurs"),
    ("utbildningsniva", "Förgymnasial", "forgymnasial"), ("utbildningsniva", "Gymnasium", "gymnasial"),
    ("utbildningsniva", "Eftergymnasial", "eftergymnasial"),
    ("okad_egenmakt", "Ja", "ja"), ("okad_egenmakt", "JA", "ja"), ("okad_egenmakt", "yes", "ja"),
    ("okad_egenmakt", "nej", "nej"), ("okad_egenmakt", "No", "nej"), ("okad_egenmakt", "", None),
    ("okad_egenmakt", "Vet ej", None),
])
def test_code_lists_accept_labels(column, text, code):
    assert parse_code(text, column) == code


def test_every_code_is_accepted_as_itself():
    for column in ("utfall", "remittent", "insatstyp", "forsorjning_fore", "utbildningsniva", "okad_egenmakt"):
        for code in schema.COLUMNS_BY_NAME[column].codes:
            assert parse_code(code, column) == code


def test_unknown_utfall_lists_the_codes():
    with pytest.raises(ValueProblem) as caught:
        parse_code("Flyttade till månen", "utfall")
    assert caught.value.fix == f"Använd något av: {', '.join(schema.UTFALL_CODES)}."


@pytest.mark.parametrize("text, date", [
    ("2019-03-04", dt.date(2019, 3, 4)), ("2019-03-04 00:00", dt.date(2019, 3, 4)),
    ("2019-03-04 00:00:00", dt.date(2019, 3, 4)), ("2019-3-4", dt.date(2019, 3, 4)),
    ("20190304", dt.date(2019, 3, 4)), ("43528", dt.date(2019, 3, 4)), ("43528.0", dt.date(2019, 3, 4)),
    ("2019-03-04T13:45:00", dt.date(2019, 3, 4)), ("13/3/2019", dt.date(2019, 3, 13)),
    ("3/13/2019", dt.date(2019, 3, 13)), ("4/4/2019", dt.date(2019, 4, 4)), ("", None),
])
def test_dates(text, date):
    assert parse_date(text) == date


def test_impossible_date_suggests_the_last_day_of_that_month():
    with pytest.raises(ValueProblem) as caught:
        parse_date("2019-02-30")
    assert caught.value.message == "2019-02-30 är inget giltigt datum."
    assert caught.value.fix == "Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2019-02-28."


@pytest.mark.parametrize("text", ["4/3/2019", "04.03.2019", "4-3-2019"])
def test_day_month_order_is_never_guessed(text):
    with pytest.raises(ValueProblem) as caught:
        parse_date(text)
    assert "tvetydigt" in caught.value.message and "4 mars 2019" in caught.value.message
    assert "3 april 2019" in caught.value.message


@pytest.mark.parametrize("text", ["2019-13-01", "hej", "4 mars 2019", "19-03-04", "1019-03-04", "99999"])
def test_unreadable_dates(text):
    with pytest.raises(ValueProblem) as caught:
        parse_date(text)
    assert caught.value.message.startswith(text) and "ÅÅÅÅ-MM-DD" in caught.value.fix


@pytest.mark.parametrize("text, number", [("1985", 1985), ("1985.0", 1985), ("34,0", 34), (" 34 ", 34),
                                          ("1\u00a0985", 1985), ("", None)])
def test_integers(text, number):
    assert parse_int(text, "fodelsear") == number


@pytest.mark.parametrize("text", ["34,5", "trettio", "1985-04-12"])
def test_non_integers_are_errors(text):
    with pytest.raises(ValueProblem, match="inget heltal"):
        parse_int(text, "alder")
