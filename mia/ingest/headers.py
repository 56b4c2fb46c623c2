"""Map the headers of a user's file to the canonical column names of `mia.schema`.

Matching ignores case, surrounding space, å/ä/ö vs a/a/o, and spaces vs underscores vs
hyphens, and drops a trailing note in parentheses ('Anmälningsdatum (ÅÅÅÅ-MM-DD)'), because
every förbund's case system spells the same column differently.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from mia import schema
from mia.ingest.issues import column_letter
from mia.ingest.messages import Text
from mia.ingest.text import fold_key

# Spellings seen in the förbund's exports beyond schema.COLUMNS' aliases (only used here).
EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "deltagare_id": ("deltagare", "deltagarnummer", "deltagarnr", "löpnr", "pseudonym", "pseudonym_id"),
    "forbund": ("förbundsnamn", "förbund_namn", "samordningsförbundet", "förbund_kod"),
    "kommunkod": ("kommunnamn", "kommun_namn", "hemkommun", "bostadskommun", "kommun_nr"),
    "fodelsear": ("födelse år", "född år", "birth_year"),
    "alder": ("ålder vid inskrivning", "ålder vid anmälan", "ålder vid start"),
    "anmalningsdatum": ("datum för anmälan", "anmälningsdag", "anmälan datum", "intresseanmälan datum", "remissdatum"),
    "remittent": ("remitterad av", "remitterande aktör", "anmäld av", "anmälare", "remiss från"),
    "inskrivningsdatum": ("inskrivningsdag", "datum inskrivning", "inskriven datum"),
    "kartlaggning_datum": ("kartläggning klar", "kartläggning slutförd", "datum kartläggning"),
    "insats_startdatum": ("startdatum insats", "första insats", "insats start datum"),
    "insatstyp": ("huvudinsats", "insatsform", "typ av insats"),
    "avslutsdatum": ("avslutsdag", "datum avslut", "utskrivning"),
    "utfall": ("avslutsorsak", "status vid avslut", "resultat vid avslut", "utfall efter avslut"),
    "forsorjning_fore": ("försörjning vid inskrivning", "försörjning innan", "försörjningskälla före"),
    "forsorjning_efter": ("försörjning vid avslut", "försörjningskälla efter"),
    "utbildningsniva": ("högsta utbildning", "utbildningsbakgrund"),
    "okad_egenmakt": ("upplever ökad egenmakt",),
}

# Header names that mean the file holds identity numbers: the file is refused outright.
FORBIDDEN_KEYS = frozenset({"pnr", "personnr", "personnummer", "samordningsnummer", "samordningsnr",
                            "ssn", "personalnumber", "personalidentitynumber", "socialsecuritynumber"})
FORBIDDEN_PARTS = ("personnummer", "samordningsnummer", "personnr")

AGE_COLUMNS = ("fodelsear", "alder")
_PARENTHESIS = re.compile(r"\s*[\(\[][^\)\]]*[\)\]]\s*$")


def header_key(header: str) -> str:
    """The matching key of a header: 'Deltagar-ID' → 'deltagarid', 'Kön ' → 'kon'."""
    return fold_key(_PARENTHESIS.sub("", str(header)))


def _build_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for column in schema.COLUMNS:
        for spelling in (column.name, *column.aliases, *EXTRA_ALIASES.get(column.name, ())):
            key = header_key(spelling)
            if lookup.setdefault(key, column.name) != column.name:
                raise ValueError(f"header spelling {spelling!r} is claimed by two columns")
    return lookup


HEADER_LOOKUP = _build_lookup()


@dataclass(frozen=True)
class Duplicate:
    """Several file columns mean the same canonical column."""

    canonical: str
    headers: tuple[str, ...]
    used: str | None  # the header that is used, None when none can be chosen (an error)


@dataclass(frozen=True)
class HeaderMapping:
    """How the file's columns (by position) map to canonical names, and what does not fit."""

    columns: dict[str, int]  # canonical name → position in the file
    headers: tuple[str, ...]
    unknown: tuple[str, ...] = ()  # shown as warnings, ignored
    forbidden: tuple[str, ...] = ()  # identity-number columns: the file is refused
    duplicates: tuple[Duplicate, ...] = ()
    missing: tuple[str, ...] = field(default=())  # required canonical names not found

    def header_of(self, canonical: str) -> str:
        """The header as the user wrote it, for messages."""
        return display_header(self.headers, self.columns[canonical])


def display_header(headers: Sequence[str], position: int) -> str:
    """A header as written, or 'kolumn F' (a Text: 'column F' in English) when the header cell is blank."""
    return headers[position] or Text("kolumn {letter}", letter=column_letter(position))


def map_headers(headers: Sequence[str]) -> HeaderMapping:
    """Match every header; report unknown, forbidden, duplicate and missing columns."""
    found: dict[str, list[int]] = {}
    unknown, forbidden = [], []
    for position, header in enumerate(headers):
        key = header_key(header)
        if is_forbidden_header(header):
            forbidden.append(display_header(headers, position))
        elif key in HEADER_LOOKUP:
            found.setdefault(HEADER_LOOKUP[key], []).append(position)
        else:
            unknown.append(display_header(headers, position))
    columns, duplicates = _resolve(found, headers)
    return HeaderMapping(columns, tuple(headers), tuple(unknown), tuple(forbidden), tuple(duplicates),
                         missing_columns(columns))


def _resolve(found: dict[str, list[int]], headers: Sequence[str]) -> tuple[dict[str, int], list[Duplicate]]:
    """One position per canonical column; with several, the exact canonical spelling wins.

    'Kommunkod' next to 'Kommun' is common (code and name): the code column is used and the
    other is ignored with a warning. Two 'Kön' columns cannot be told apart: an error.
    """
    columns: dict[str, int] = {}
    duplicates: list[Duplicate] = []
    for canonical, positions in found.items():
        if len(positions) == 1:
            columns[canonical] = positions[0]
            continue
        exact = [p for p in positions if header_key(headers[p]) == header_key(canonical)]
        names = tuple(display_header(headers, p) for p in positions)
        if len(exact) == 1:
            columns[canonical] = exact[0]
            duplicates.append(Duplicate(canonical, names, display_header(headers, exact[0])))
        else:
            duplicates.append(Duplicate(canonical, names, None))
    return columns, duplicates


def missing_columns(columns: dict[str, int]) -> tuple[str, ...]:
    """Required canonical columns not present; 'fodelsear' stands for 'fodelsear or alder'."""
    missing = [c.name for c in schema.COLUMNS if c.required and c.name not in columns]
    if not any(name in columns for name in AGE_COLUMNS):
        missing.append("fodelsear")
    return tuple(sorted(missing, key=schema.COLUMN_NAMES.index))


def is_forbidden_header(header: str) -> bool:
    """Whether a header names personal identity numbers (personnummer, pnr, …)."""
    key = header_key(header)
    return key in FORBIDDEN_KEYS or any(part in key for part in FORBIDDEN_PARTS)


def accepted_spellings(canonical: str, limit: int = 4) -> list[str]:
    """A few header spellings accepted for a column, for 'how to fix' texts."""
    column = schema.COLUMNS_BY_NAME[canonical]
    spellings = [canonical, *column.aliases]
    return list(dict.fromkeys(spellings))[:limit]
