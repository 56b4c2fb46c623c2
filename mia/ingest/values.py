"""Turn cell text into canonical values: codes, kommunkod, dates and integers.

Every parser takes the cell as the user wrote it and returns the canonical value, None for
a blank cell, or raises `ValueProblem` with a message and a fix (Texts: Swedish as str,
rendered in the page's language when shown). Dates are never
guessed: '4/3/2019' could be 4 March or 3 April and is refused; '13/3/2019' is not ambiguous.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

from mia import schema
from mia.ingest.messages import MONTHS, Text  # noqa: F401 (MONTHS: kept importable from here)
from mia.ingest.reference import Reference, forbund_keys
from mia.ingest.text import fold_key

BLANKS = frozenset({"", "-", "–", "—", "null", "none", "nan", "na", "n/a", "#saknas"})
EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIAL_RANGE = (18264, 73051)  # 1950-01-01 … 2099-12-31 as Excel serial numbers
DATE_FIX = "Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. {example}."  # a Text template


class ValueProblem(ValueError):
    """A cell value that cannot be read; message and fix are Texts (Swedish as str) and safe to show."""

    def __init__(self, message: Text, fix: Text | str = "") -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


def _q(value: str, limit: int = 60) -> str:
    """A cell value for a message, shortened: a pasted paragraph must not flood the report."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def is_blank(text: object) -> bool:
    """Blank cells, and the placeholders case systems write for 'nothing' ('-', 'NULL')."""
    return text is None or str(text).strip().casefold() in BLANKS


def clean(text: object) -> str | None:
    """Trimmed text, or None for a blank cell."""
    return None if is_blank(text) else str(text).strip()


# ---------------------------------------------------------------- code lists

def _synonyms(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Folded spelling → code, the code itself included."""
    lookup = {}
    for code, spellings in table.items():
        for spelling in (code, *spellings):
            lookup[fold_key(spelling)] = code
    return lookup


KON = _synonyms({
    "K": ("kvinna", "kvinnor", "kv", "kvinnlig", "f", "female", "woman", "women", "w", "flicka", "tjej"),
    "M": ("man", "män", "manlig", "male", "men", "pojke", "kille"),
    "X": ("okänt", "okänd", "annat", "annan", "ickebinär", "icke-binär", "vill ej uppge", "ej angivet",
          "uppgift saknas", "u", "unknown", "other"),
})

UTFALL = _synonyms({
    "arbete": ("arbeta", "jobb", "anställning", "anställd", "arbete/anställning", "eget företag", "egen företagare",
               "subventionerat arbete", "arbete med stöd", "arbete med subvention", "work", "employment"),
    "studier": ("studera", "studerar", "studie", "utbildning", "reguljär utbildning", "studier/utbildning",
                "komvux", "folkhögskola", "studies", "education"),
    "arbetsforberedande": ("arbetsförberedande", "arbetsförberedande insats", "arbetsförberedande insatser",
                           "arbetsförberedande insatser hos af eller kommunen"),
    "arbetssokande": ("arbetssökande", "arbetssökande hos af", "inskriven på af", "inskriven hos af",
                      "arbetslös", "jobbsökande"),
    "ohalsa": ("ohälsa", "sjukskrivning", "sjukskriven", "sjukdom", "sjukersättning", "sjuk", "hälsa", "vård"),
    "annat": ("annan", "övrigt", "other", "föräldraledig", "föräldraledighet", "flyttat"),
    "avbrott": ("avbrutit", "avbruten", "avhopp", "avbrutit insatsen", "dropout", "avbröt"),
    "okant": ("okänt", "okänd", "vet ej", "uppgift saknas", "unknown"),
})
UTFALL_PREFIXES = (("arbetsforbered", "arbetsforberedande"), ("arbetssok", "arbetssokande"),
                   ("sjuk", "ohalsa"), ("studie", "studier"), ("avbr", "avbrott"))

REMITTENT = _synonyms({
    "AF": ("arbetsförmedlingen", "arbetsförmedling", "af"),
    "FK": ("försäkringskassan", "försäkringskassa", "fk"),
    "kommun": ("kommunen", "kommunen/socialtjänsten", "socialtjänsten", "socialtjänst", "soc",
               "ekonomiskt bistånd", "försörjningsstöd"),
    "region": ("regionen", "regionen/vården", "vården", "vård", "hälso- och sjukvården", "vårdcentral",
               "vårdcentralen", "psykiatrin", "region stockholm", "sll"),
    "egen": ("egen anmälan", "egenanmälan", "självanmälan", "själv", "egen intresseanmälan", "eget initiativ"),
})
REMITTENT_PREFIXES = (("arbetsformedl", "AF"), ("forsakringskass", "FK"), ("kommun", "kommun"),
                      ("social", "kommun"), ("region", "region"), ("vard", "region"), ("egen", "egen"))

INSATSTYP = _synonyms({
    "motivationskurs": ("motivation", "motivationsinsats", "motiverande kurs"),
    "arbetstraning_asf": ("arbetsträning asf", "arbetsträning i socialt företag", "arbetsträning socialt företag",
                          "arbetsträning på socialt företag", "asf", "socialt företag",
                          "arbetsintegrerande socialt företag"),
    "arbetstraning_arbetsgivare": ("arbetsträning arbetsgivare", "arbetsträning hos arbetsgivare",
                                   "arbetsträning på arbetsplats", "arbetsträning hos arbetsgivaren"),
    "praktik": ("arbetspraktik", "praktikplats"),
    "utbildning": ("studier", "kurs", "utbildningsinsats"),
    "annan": ("annat", "övrigt", "övrig"),
})

FORSORJNING = _synonyms({
    "forsorjningsstod": ("försörjningsstöd", "ekonomiskt bistånd", "socialbidrag", "fbs"),
    "sjuk_aktivitetsersattning": ("sjukersättning", "aktivitetsersättning", "sjuk- och aktivitetsersättning",
                                  "sjuk- eller aktivitetsersättning", "sa"),
    "sjukpenning": ("rehabiliteringspenning", "sjukpenning/rehabiliteringspenning"),
    "a_kassa_aktivitetsstod": ("a-kassa", "akassa", "aktivitetsstöd", "a-kassa/aktivitetsstöd",
                               "a-kassa eller aktivitetsstöd", "arbetslöshetsersättning",
                               "utvecklingsersättning"),
    "etableringsersattning": ("etableringsersättning",),
    "lon": ("lön", "lönearbete", "arbete", "anställning", "egen lön", "lönebidrag"),
    "studiemedel": ("csn", "studiestöd"),
    "ingen": ("ingen försörjning", "ingen inkomst", "saknar försörjning", "utan försörjning"),
    "annan": ("annat", "övrigt", "övrig", "föräldrapenning"),
})

UTBILDNINGSNIVA = _synonyms({
    "forgymnasial": ("förgymnasial", "grundskola", "förgymnasial utbildning", "grundskola eller motsvarande",
                     "ej fullständig grundskola", "folkskola"),
    "gymnasial": ("gymnasium", "gymnasiet", "gymnasieskola", "gymnasieutbildning", "gymnasial utbildning"),
    "eftergymnasial": ("eftergymnasial utbildning", "högskola", "universitet", "högskola/universitet",
                       "yrkeshögskola", "eftergymnasial kortare än 3 år", "eftergymnasial 3 år eller längre"),
    "okand": ("okänd", "okänt", "vet ej", "uppgift saknas", "unknown"),
})

OKAD_EGENMAKT = _synonyms({
    "ja": ("j", "yes", "y", "sant", "true", "1"),
    "nej": ("n", "no", "falskt", "false", "0"),
})
OKAD_EGENMAKT_UNANSWERED = frozenset(fold_key(t) for t in ("vet ej", "ej svar", "ej besvarad", "ej besvarat",
                                                             "inget svar", "ej tillfrågad"))

CODE_TABLES: dict[str, tuple[dict[str, str], tuple[tuple[str, str], ...]]] = {
    "kon": (KON, ()),
    "utfall": (UTFALL, UTFALL_PREFIXES),
    "remittent": (REMITTENT, REMITTENT_PREFIXES),
    "insatstyp": (INSATSTYP, ()),
    "forsorjning_fore": (FORSORJNING, ()),
    "forsorjning_efter": (FORSORJNING, ()),
    "utbildningsniva": (UTBILDNINGSNIVA, ()),
    "okad_egenmakt": (OKAD_EGENMAKT, ()),
}


def parse_kon(text: str) -> str:
    """K / M / X; a blank cell means okänt (X), as DATA.md allows."""
    return parse_code(text, "kon") or "X"


def parse_code(text: str, column: str) -> str | None:
    """A value of one of the code lists (utfall, remittent, …) as its canonical code."""
    value = clean(text)
    if value is None:
        return None
    key = fold_key(value)
    table, prefixes = CODE_TABLES[column]
    if key in table:
        return table[key]
    if column == "okad_egenmakt" and key in OKAD_EGENMAKT_UNANSWERED:
        return None
    for prefix, code in prefixes:
        if key.startswith(prefix):
            return code
    allowed = ", ".join(schema.COLUMNS_BY_NAME[column].codes or ())
    raise ValueProblem(Text("{value} är inget giltigt värde för {column}.", value=_q(value), column=column),
                       Text("Använd något av: {allowed}.", allowed=allowed))


# ---------------------------------------------------------------- förbund and kommun

def parse_forbund(text: str, reference: Reference) -> str | None:
    """A förbund code from its code, full name or short name, any case, with or without
    'Samordningsförbundet'."""
    value = clean(text)
    if value is None:
        return None
    for key in forbund_keys(value):
        if key in reference.forbund_names:
            return reference.forbund_names[key]
    known = ", ".join(f"{f.code} ({f.short_name})" for f in reference.forbund.values())
    raise ValueProblem(Text("{value} är inget känt samordningsförbund i MIA.", value=_q(value)),
                       Text("Använd förbundets kod: {known}.", known=known))


_CODE_AND_NAME = re.compile(r"^\(?(\d{3,4})\)?\s*[-–:]?\s*(\D.*)$|^(\D.*?)\s*[\(\-–:]\s*(\d{3,4})\)?$")


def parse_kommun(text: str, reference: Reference) -> str | None:
    """An SCB kommunkod (4 characters) from '0160', '160', '160.0', 'Täby', 'TABY', '0160 Täby'."""
    value = clean(text)
    if value is None:
        return None
    both = _CODE_AND_NAME.match(value)
    if both:
        code_text, name = (both.group(1), both.group(2)) if both.group(1) else (both.group(4), both.group(3))
        code, by_name = _kommun_code(code_text, reference), _kommun_name(name, reference)
        if code and code == by_name:
            return code
    code = _kommun_code(value, reference) or _kommun_name(value, reference)
    if code:
        return code
    raise ValueProblem(Text("{value} är ingen kommun i Stockholms län.", value=_q(value)),
                       Text("Skriv kommunkoden med fyra siffror (t.ex. 0160) eller kommunens namn (t.ex. Täby)."))


def _kommun_code(text: str, reference: Reference) -> str | None:
    """'0160', '160' (Excel dropped the zero), '160.0' / '160,0' (stored as a number)."""
    match = re.fullmatch(r"\s*(\d{1,4})(?:[.,]0+)?\s*", text)
    if not match:
        return None
    code = match.group(1).zfill(4)
    return code if code in reference.kommuner else None


def _kommun_name(text: str, reference: Reference) -> str | None:
    key = fold_key(text)
    if key.endswith("s") and key not in reference.kommun_names:
        key = key[:-1]  # 'Täbys' in a sentence-like label
    return reference.kommun_names.get(key)


# ---------------------------------------------------------------- dates

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d+)?)?)?Z?")
_COMPACT = re.compile(r"((?:19|20)\d{2})(\d{2})(\d{2})")
_SERIAL = re.compile(r"(\d{5})(?:[.,]\d+)?")
_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?: \d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?")


def parse_date(text: str) -> dt.date | None:
    """A date from ISO text ('2019-03-04', '2019-03-04 00:00'), '20190304', an Excel serial
    number (43528) or an unambiguous day/month/year; ambiguous or impossible dates raise."""
    value = clean(text)
    if value is None:
        return None
    if match := _ISO.fullmatch(value):
        return _make_date(value, *map(int, match.groups()))
    if match := _COMPACT.fullmatch(value):
        return _make_date(value, *map(int, match.groups()))
    if match := _SERIAL.fullmatch(value):
        return _serial_date(value, float(value.replace(",", ".")))
    if match := _DMY.fullmatch(value):
        return _day_month_year(value, *map(int, match.groups()))
    raise _not_a_date(value)


def _not_a_date(value: str, example: str = "2019-03-04") -> ValueProblem:
    return ValueProblem(Text("{value} är inget giltigt datum.", value=_q(value)), Text(DATE_FIX, example=example))


def _make_date(value: str, year: int, month: int, day: int) -> dt.date:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        example = "2019-03-04"
        if 1 <= month <= 12 and 1900 <= year <= 2099:
            example = dt.date(year, month, min(max(day, 1), calendar.monthrange(year, month)[1])).isoformat()
        raise _not_a_date(value, example) from None
    if not 2000 <= year <= 2099:
        raise ValueProblem(Text("{value} har ett orimligt årtal ({year}).", value=_q(value), year=year),
                           Text("Kontrollera årtalet. {date_fix}", date_fix=Text(DATE_FIX, example="2019-03-04")))
    return date


def _serial_date(value: str, serial: float) -> dt.date:
    """Excel counts days from 1899-12-30 (its 1900 leap-year bug included)."""
    if not SERIAL_RANGE[0] <= serial <= SERIAL_RANGE[1]:
        raise _not_a_date(value)
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def _day_month_year(value: str, first: int, second: int, year: int) -> dt.date:
    """Accept d/m/yyyy or m/d/yyyy only when just one reading is a real date."""
    readings = set()
    for day, month in ((first, second), (second, first)):
        try:
            readings.add(dt.date(year, month, day))
        except ValueError:
            pass
    if len(readings) == 1:
        only = readings.pop()
        return _make_date(value, only.year, only.month, only.day)
    if not readings:
        raise _not_a_date(value)
    a, b = sorted(readings, key=lambda d: (d.month, d.day))
    raise ValueProblem(
        Text("{value} är tvetydigt: det kan betyda {a} eller {b}.", value=_q(value), a=a, b=b),  # dates written out
        Text("Skriv datumet som ÅÅÅÅ-MM-DD (t.ex. {example}) så att dag och månad inte kan förväxlas.",
             example=a.isoformat()))


# ---------------------------------------------------------------- integers

def parse_int(text: str, column: str) -> int | None:
    """An integer from '1985', '1985.0', '34,0', '1 985' (Excel number formats)."""
    value = clean(text)
    if value is None:
        return None
    compact = re.sub(r"[\s\u00a0\u202f]", "", value)
    match = re.fullmatch(r"([+-]?\d+)(?:[.,]0+)?", compact)
    if not match:
        raise ValueProblem(Text("{value} är inget heltal.", value=_q(value)), _int_fix(column))
    return int(match.group(1))


def _int_fix(column: str) -> Text:
    if column == "fodelsear":
        return Text("Skriv födelseåret med fyra siffror, t.ex. 1985.")
    return Text("Skriv åldern i hela år, t.ex. 34.")

