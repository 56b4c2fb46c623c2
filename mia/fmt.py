"""Number and date formats in the UI language.

Swedish (the default): "2 234", "17 %", "16,9 %", "95 % KI 20–40 %" – a no-break space
separates thousands, the decimal sign is a comma.
English: "2,234", "17 %", "16.9 %", "95 % CI 20–40 %" – a comma separates thousands, the
decimal sign is a point.

A no-break space precedes the percent sign in both languages, so numbers never wrap inside a
chart label or a sentence. Everything that writes a number for a reader goes through here
(or through `separators()` for Plotly's own tick and hover formatting).
"""
from __future__ import annotations

import math
from datetime import date

NBSP = "\u00a0"
SUPPRESSED_COUNT = "<5"
SUPPRESSED_SHARE = ".."

# (thousands separator, decimal sign) per language.
_SEPARATORS = {"sv": (NBSP, ","), "en": (",", ".")}


def _language() -> str:
    from mia.i18n import language

    return language()


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: float | int | None, decimals: int = 0) -> str:
    """2234 -> "2 234" ("2,234" in English); 16.94 (decimals=1) -> "16,9" ("16.9");
    missing -> ".."."""
    if _is_missing(value):
        return SUPPRESSED_SHARE
    thousands, point = _SEPARATORS.get(_language(), _SEPARATORS["sv"])
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u0000").replace(".", point).replace("\u0000", thousands)


def whole_numbers(values: list[int]) -> list[str]:
    """`number()` of many whole numbers at once (the language looked up once): a table's
    display column formats hundreds of distinct counts."""
    thousands = _SEPARATORS.get(_language(), _SEPARATORS["sv"])[0]
    return [f"{value:,}".replace(",", thousands) for value in values]


def percent(value: float | None, decimals: int = 0) -> str:
    """A share already in percent: 17.0 -> "17 %"."""
    if _is_missing(value):
        return SUPPRESSED_SHARE
    return f"{number(value, decimals)}{NBSP}%"


def interval(low: float | None, high: float | None, decimals: int = 0) -> str:
    """"20–40 %" (an en dash, one percent sign)."""
    if _is_missing(low) or _is_missing(high):
        return SUPPRESSED_SHARE
    return f"{number(low, decimals)}–{number(high, decimals)}{NBSP}%"


def share_with_interval(value: float | None, low: float | None, high: float | None, decimals: int = 0) -> str:
    """"29 % (95 % KI 20–40 %)"; "29 % (95 % CI 20–40 %)" in English."""
    if _is_missing(value):
        return SUPPRESSED_SHARE
    from mia.i18n import t  # "KI" is "CI" in English

    return f"{percent(value, decimals)} (95{NBSP}% {t('KI')} {interval(low, high, decimals)})"


def separators() -> str:
    """Plotly's `layout.separators` (decimal sign, then thousands separator) for the UI
    language, so that its ticks and hover numbers agree with `number()`."""
    thousands, point = _SEPARATORS.get(_language(), _SEPARATORS["sv"])
    return point + (" " if thousands == NBSP else thousands)


def day(value: date | None) -> str:
    return value.isoformat() if value else ""


def period(fran: date, till: date) -> str:
    return f"{fran.isoformat()}–{till.isoformat()}"
