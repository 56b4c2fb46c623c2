"""Swedish is the language of the dashboard; this table gives every user-facing text its
English translation. Code writes the Swedish text and wraps it in `t()`; with English
chosen, `t()` returns the translation (or the Swedish text when none exists, which the
language tests catch).

The language is held in a context variable so that concurrent Streamlit sessions (one
thread each) never see each other's choice.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

LANGUAGES = {"sv": "Svenska", "en": "English"}
_language: ContextVar[str] = ContextVar("language", default="sv")

# Swedish -> English. Keep sorted by area; add new texts here as they are written.
EN: dict[str, str] = {
    # navigation and pages
    "Översikt": "Overview",
    "Jämför": "Compare",
    "Flöde": "Flow",
    "Karta": "Map",
    "Profil": "Profile",
    "Data": "Data",
    "Om": "About",
    "MIA-resultat": "MIA results",
    # sidebar
    "Urval": "Selection",
    "Period": "Period",
    "Hela projektet": "Whole project",
    "Egen period": "Custom period",
    "Från": "From",
    "Till": "To",
    "Population": "Population",
    "Nämnare": "Denominator",
    "inskrivna": "enrolled",
    "aktiva": "active",
    "avslutade": "exited",
    "alla": "all",
    "Förbund": "Association",
    "Kommun": "Municipality",
    "Kön": "Sex",
    "Åldersgrupp": "Age group",
    "Remittent": "Referred by",
    "Försörjning före": "Income source before",
    "Alla": "All",
    "Kvinnor": "Women",
    "Män": "Men",
    "Okänt": "Unknown",
    "Språk": "Language",
    "Återställ urval": "Reset selection",
    "Länk till den här vyn": "Link to this view",
    # banners
    "Syntetiska demodata": "Synthetic demo data",
    "Siffrorna bygger på syntetiska demodata, inte på verkliga deltagare.":
        "The figures are based on synthetic demo data, not on real participants.",
    # headline
    "Deltagare": "Participants",
    "Till arbete eller studier": "To work or studies",
    "Till arbetsförberedande insats": "To work-preparatory interventions",
    "Upplever ökad egenmakt": "Feel more in control",
    "mål": "target",
    "Mål": "Target",
    "avslutade av dem": "of them exited",
    "besvarade": "answered",
}


def _merge_area_tables() -> None:
    """Each area of the app keeps its translations in mia/i18n_en/<area>.py (EN dict)."""
    import importlib
    import pkgutil

    import mia.i18n_en as package

    for info in pkgutil.iter_modules(package.__path__):
        EN.update(importlib.import_module(f"mia.i18n_en.{info.name}").EN)


_merge_area_tables()


def set_language(code: str) -> None:
    _language.set(code if code in LANGUAGES else "sv")


def language() -> str:
    return _language.get()


@contextmanager
def using(code: str) -> Iterator[None]:
    """The body runs in language `code`; the language before it is restored after."""
    token = _language.set(code if code in LANGUAGES else "sv")
    try:
        yield
    finally:
        _language.reset(token)


def bound(fn):
    """`fn` fixed to the language of this moment: for widgets' format functions, which
    Streamlit (and AppTest) may call later from another thread."""
    lang = language()

    def in_language(*args, **kwargs):
        token = _language.set(lang)
        try:
            return fn(*args, **kwargs)
        finally:
            _language.reset(token)

    return in_language


def t(swedish: str) -> str:
    """The text in the current language."""
    if language() == "en":
        return EN.get(swedish, swedish)
    return swedish
