"""Header matching: the spellings förbund use for the canonical columns of DATA.md §1."""
from __future__ import annotations

import pytest

from mia import schema
from mia.ingest.headers import HEADER_LOOKUP, header_key, is_forbidden_header, map_headers

REQUIRED = ["deltagare_id", "forbund", "kommunkod", "kon", "fodelsear", "anmalningsdatum"]


@pytest.mark.parametrize("header, canonical", [
    ("Deltagar-ID", "deltagare_id"), ("deltagar id", "deltagare_id"), ("ID", "deltagare_id"),
    ("Löpnummer", "deltagare_id"), ("Kön", "kon"), ("KÖN ", "kon"), ("Anmälningsdatum", "anmalningsdatum"),
    ("Anmälningsdatum (ÅÅÅÅ-MM-DD)", "anmalningsdatum"), ("Samordningsförbund", "forbund"),
    ("Förbund", "forbund"), ("Kommun", "kommunkod"), ("Kommunkod", "kommunkod"), ("kommun_kod", "kommunkod"),
    ("Kommunnamn", "kommunkod"), ("Födelseår", "fodelsear"), ("FODELSEAR", "fodelsear"), ("Ålder", "alder"),
    ("Inskrivningsdatum", "inskrivningsdatum"), ("Kartläggning datum", "kartlaggning_datum"),
    ("Kartläggningsdatum", "kartlaggning_datum"), ("insats-startdatum", "insats_startdatum"),
    ("Insatstyp", "insatstyp"), ("Avslutsdatum", "avslutsdatum"), ("Utfall vid avslut", "utfall"),
    ("Försörjning före", "forsorjning_fore"), ("forsorjning-efter", "forsorjning_efter"),
    ("Utbildningsnivå", "utbildningsniva"), ("Ökad egenmakt", "okad_egenmakt"), ("Remittent", "remittent"),
    ("\ufeffdeltagare_id", "deltagare_id"),
])
def test_header_variants_map_to_canonical_names(header, canonical):
    assert HEADER_LOOKUP[header_key(header)] == canonical


def test_every_canonical_name_and_schema_alias_is_accepted():
    for column in schema.COLUMNS:
        for spelling in (column.name, *column.aliases):
            assert HEADER_LOOKUP[header_key(spelling)] == column.name


@pytest.mark.parametrize("header", ["Personnummer", "PNR", "pnr", "Personnr", "Samordningsnummer",
                                    "personnummer_deltagare", "Person-nummer"])
def test_identity_number_column_names_are_forbidden(header):
    assert is_forbidden_header(header)
    assert header in map_headers(["id", header]).forbidden


def test_unknown_columns_are_listed_and_blank_headers_named_by_letter():
    mapping = map_headers(["id", "Kommentar", "", "kön"])
    assert mapping.unknown == ("Kommentar", "kolumn C")
    assert mapping.columns == {"deltagare_id": 0, "kon": 3}


def test_missing_required_columns_and_fodelsear_or_alder():
    assert map_headers(["id"]).missing == tuple(r for r in REQUIRED if r != "deltagare_id")
    with_age = map_headers(["id", "förbund", "kommun", "kön", "ålder", "anmälningsdatum"])
    assert with_age.missing == ()


def test_code_and_name_columns_together_use_the_code_column():
    mapping = map_headers(["Kommun", "Kommunkod"])
    assert mapping.columns["kommunkod"] == 1
    [duplicate] = mapping.duplicates
    assert duplicate.used == "Kommunkod"


def test_two_columns_meaning_the_same_without_an_exact_name_cannot_be_resolved():
    [duplicate] = map_headers(["Kön", "KÖN"]).duplicates
    assert duplicate.used is None and "kon" not in map_headers(["Kön", "KÖN"]).columns
