"""What counts as a Swedish word left on an English page, and an English word on a Swedish
page. Used by tests/test_language.py (AppTest: every text element and chart/deck text)
and tests/browser/test_pages.py (everything the browser renders).

The principle
-------------
A word betrays the other language when it is a common function word or a term of this
dashboard's vocabulary that exists in one language only (SWEDISH_ONLY / ENGLISH_ONLY), or,
on an English page, when it contains å, ä or ö.

Allowed regardless of language (ALLOWED_NAMES, removed before the words are counted):
- proper names: the county's 26 kommuner, the eight förbund (full and short names, as
  data/reference has them), the authorities named as such (Arbetsförmedlingen,
  Försäkringskassan, Region Stockholm), the programme's names (MIA, "Mobilisering inför
  arbete", MIA Vidare) and the European Social Fund's Swedish name;
- identifiers the user must type or match exactly: text in code spans (`...`, <code>),
  URLs, file names, column names of the extract format (mia.schema), codes, and the
  placeholders of templates ({antal}, %{customdata[0]});
- the language switch itself ("Svenska", "English").
Everything else a user reads must be in the chosen language.
"""
from __future__ import annotations

import re
from functools import lru_cache

SWEDISH_ONLY = frozenset("""
och eller av inte som med att det den är var till vid efter sedan mellan inom utan samt också bara
när där här vilka vilken finns ska har hade blir gick gäller enligt om på ett en eller
andel andelen andelar deltagare deltagarna deltagaren kommun kommuner kommunen förbund förbundet
inskrivna inskriven avslutade avslutat avslutad anmälda kartlagda urval urvalet nivå utfall utfallet
arbete studier insats insatser insatsen länet län källa uttag demodata syntetiska personer antal
halvår år kvinnor män hela alla visa visas ladda tabell tabellen diagrammet mått nämnare
siffror siffrorna sida sidan filen fil rader rad kolumn kolumner fel varning varningar inläst
importerad avvisad oförändrad misslyckad ja nej visad dold högre lägre jämförs jämför mål målet
skillnad intervall osäkerhet totalt okänt saknas saknar läs inläsning utdrag ersätts bekräfta
dataversion datakvalitet avstämning publicerade ki
""".split())

# Not "men" (Swedish for "but") nor "press" (Swedish too): words of both languages are left out.
ENGLISH_ONLY = frozenset("""
the and of with from show download table share shares county municipality municipalities
association associations participants participant overview compare flow map profile about
selection women people not shown which this that work studies target targets higher lower
level than is are was were by for or file files browse drag drop here limit choose option
options results enter submit loading running error warning click select each every year
years half rate none unknown other source exited enrolled referred income before after between
within interval intervals confidence chart charts sentence description link reset language
""".split())

# Words written as in the other language on purpose (proper names, the switch's labels).
_FIXED_NAMES = [
    "Mobilisering inför arbete", "MIA Vidare", "Arbetsförmedlingen", "Arbetsförmedlingens", "Försäkringskassan",
    "Försäkringskassans", "Region Stockholm", "Svenska", "English", "Europeiska socialfonden",
]

_CODE = re.compile(r"`[^`]*`")
_PLACEHOLDER = re.compile(r"%?\{[^{}]*\}")  # str.format fields and Plotly's %{...}
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:se|com|org|eu|nu)(?:/\S*)?", re.I)
_FILE = re.compile(r"\b[\w-]+\.(?:csv|txt|xlsx|parquet|png|svg|zip|toml|duckdb|py|json)\b", re.I)
_IDENT = re.compile(r"\b\w*_\w*\b")  # snake_case identifiers: column names, parameters, env variables
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@lru_cache(maxsize=1)
def allowed_names() -> tuple[str, ...]:
    """Proper names that stay as they are in both languages, longest first."""
    from mia.reference import load_reference
    from mia.schema import COLUMN_NAMES

    ref = load_reference()
    names = set(_FIXED_NAMES)
    names.update(ref.kommuner.kommun)
    names.update(ref.kommuner.kommun + "s")  # genitive: "Stockholms stad", "Täbys"
    names.update(ref.forbund.forbund)
    names.update(ref.forbund.kortnamn)
    names.update(COLUMN_NAMES)
    return tuple(sorted((n for n in names if n), key=len, reverse=True))


def strip_allowed(text: str) -> str:
    """The text without code spans, URLs, file names, identifiers and proper names."""
    text = _CODE.sub(" ", text)
    text = _PLACEHOLDER.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _FILE.sub(" ", text)
    text = _IDENT.sub(" ", text)
    for name in allowed_names():
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", text)
    return text


def swedish_words(text: str) -> list[str]:
    """Swedish-only words in `text` (for an English page)."""
    found = []
    for word in _WORD.findall(strip_allowed(text)):
        low = word.lower()
        if re.search(r"[åäö]", low) or low in SWEDISH_ONLY or word == "i":
            found.append(word)
    return found


def english_words(text: str) -> list[str]:
    """English-only words in `text` (for a Swedish page)."""
    return [w for w in _WORD.findall(strip_allowed(text)) if w.lower() in ENGLISH_ONLY]


def leftovers(texts: dict[str, str] | list[str], lang: str, limit: int = 12) -> dict[str, list[str]]:
    """{source text: offending words} for every text with words of the other language."""
    check = swedish_words if lang == "en" else english_words
    items = texts.items() if isinstance(texts, dict) else ((t, t) for t in texts)
    out: dict[str, list[str]] = {}
    for label, text in items:
        words = check(text)
        if words:
            out[str(label)[:160]] = sorted(set(words))[:limit]
    return out
