"""The canonical participant extract (DATA.md §1): column names, types and code lists.

Everything that reads, validates, stores or generates participant rows speaks this
vocabulary, so that a förbund's file, the demo generator and the DuckDB table agree.
"""
from __future__ import annotations

from dataclasses import dataclass, field

FORBUND_CODES = ("OS", "STH", "ROS", "SUVS", "HBS", "SDT", "VARNA", "SBG")

KON_CODES = ("K", "M", "X")  # X = okänt (blank, X, annat)

UTFALL_CODES = (
    "arbete",
    "studier",
    "arbetsforberedande",
    "arbetssokande",
    "ohalsa",
    "annat",
    "avbrott",
    "okant",
)

# Outcome groups the pages report; the numerator of a share is "utfall in group".
OUTCOME_GROUPS: dict[str, tuple[str, ...]] = {
    "arbete_studier": ("arbete", "studier"),
    "arbetsforberedande": ("arbetsforberedande",),
}

REMITTENT_CODES = ("AF", "FK", "kommun", "region", "egen")

INSATSTYP_CODES = (
    "motivationskurs",
    "arbetstraning_asf",
    "arbetstraning_arbetsgivare",
    "praktik",
    "utbildning",
    "annan",
)

FORSORJNING_CODES = (
    "forsorjningsstod",
    "sjuk_aktivitetsersattning",
    "sjukpenning",
    "a_kassa_aktivitetsstod",
    "etableringsersattning",
    "lon",
    "studiemedel",
    "ingen",
    "annan",
)

UTBILDNINGSNIVA_CODES = ("forgymnasial", "gymnasial", "eftergymnasial", "okand")

OKAD_EGENMAKT_CODES = ("ja", "nej")

# Age groups (label, lowest age, highest age) derived from age at enrolment.
AGE_GROUPS: tuple[tuple[str, int, int], ...] = (
    ("16-24", 16, 24),
    ("25-29", 25, 29),
    ("30-39", 30, 39),
    ("40-49", 40, 49),
    ("50-64", 50, 64),
)
AGE_GROUP_LABELS = tuple(label for label, _, _ in AGE_GROUPS)


@dataclass(frozen=True)
class Column:
    """One canonical column: its name, DuckDB type, whether required and header variants."""

    name: str
    sql_type: str
    required: bool = False
    aliases: tuple[str, ...] = field(default_factory=tuple)
    codes: tuple[str, ...] | None = None


COLUMNS: tuple[Column, ...] = (
    Column("deltagare_id", "VARCHAR", True, ("deltagar-id", "deltagar_id", "deltagarid", "id", "löpnummer", "lopnummer", "lpnr")),
    Column("forbund", "VARCHAR", True, ("förbund", "samordningsförbund", "samordningsforbund", "forbund_kod", "förbundskod"), FORBUND_CODES),
    Column("kommunkod", "VARCHAR", True, ("kommun_kod", "kommunnummer", "kommunnr", "kommun")),
    Column("kon", "VARCHAR", True, ("kön", "kon", "sex", "gender"), KON_CODES),
    Column("fodelsear", "INTEGER", False, ("födelseår", "fodelsear", "födelse_år", "fodelse_ar")),
    Column("alder", "INTEGER", False, ("ålder", "alder", "age")),
    Column("anmalningsdatum", "DATE", True, ("anmälningsdatum", "anmälan", "anmalan", "anmäld", "intresseanmälan")),
    Column("remittent", "VARCHAR", False, ("remitterande", "remittent", "hänvisad_av"), REMITTENT_CODES),
    Column("inskrivningsdatum", "DATE", False, ("inskrivning", "inskriven", "inskrivningsdatum")),
    Column("kartlaggning_datum", "DATE", False, ("kartläggning_datum", "kartläggningsdatum", "kartlaggningsdatum", "kartläggning")),
    Column("insats_startdatum", "DATE", False, ("insatsstart", "insats_start", "insatsens_startdatum")),
    Column("insatstyp", "VARCHAR", False, ("insats", "typ_av_insats"), INSATSTYP_CODES),
    Column("avslutsdatum", "DATE", False, ("avslut", "avslutad", "utskrivningsdatum")),
    Column("utfall", "VARCHAR", False, ("utfall_vid_avslut", "resultat"), UTFALL_CODES),
    Column("forsorjning_fore", "VARCHAR", False, ("försörjning_före", "försörjning före", "forsorjning fore"), FORSORJNING_CODES),
    Column("forsorjning_efter", "VARCHAR", False, ("försörjning_efter", "försörjning efter", "forsorjning efter"), FORSORJNING_CODES),
    Column("utbildningsniva", "VARCHAR", False, ("utbildningsnivå", "utbildning_niva"), UTBILDNINGSNIVA_CODES),
    Column("okad_egenmakt", "VARCHAR", False, ("ökad_egenmakt", "ökad egenmakt", "egenmakt"), OKAD_EGENMAKT_CODES),
)

COLUMN_NAMES = tuple(c.name for c in COLUMNS)
COLUMNS_BY_NAME = {c.name: c for c in COLUMNS}
DATE_COLUMNS = tuple(c.name for c in COLUMNS if c.sql_type == "DATE")


def age_group(age: int | None) -> str | None:
    """The age group label for an age at enrolment, None outside 16–64."""
    if age is None:
        return None
    for label, low, high in AGE_GROUPS:
        if low <= age <= high:
            return label
    return None
