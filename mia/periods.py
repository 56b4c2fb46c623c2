"""Named periods for the period picker: the project phases, each year and half-year."""
from __future__ import annotations

from datetime import date

from mia.config import MIA_FIRST_END, MIA_VIDARE_START, PROJECT_END, PROJECT_START


def presets() -> list[tuple[str, date, date]]:
    """(label, from, to), whole project first; labels are Swedish and stable (URL-safe ids
    are the dates themselves)."""
    out = [
        ("Hela projektet 2017–2022", PROJECT_START, PROJECT_END),
        ("MIA 2017–2020", PROJECT_START, MIA_FIRST_END),
        ("MIA Vidare 2020–2022", MIA_VIDARE_START, PROJECT_END),
    ]
    for year in range(PROJECT_START.year, PROJECT_END.year + 1):
        out.append((f"År {year}", max(date(year, 1, 1), PROJECT_START), min(date(year, 12, 31), PROJECT_END)))
    for year in range(PROJECT_START.year, PROJECT_END.year + 1):
        for half, (start, end) in enumerate(((date(year, 1, 1), date(year, 6, 30)), (date(year, 7, 1), date(year, 12, 31))), 1):
            if end < PROJECT_START or start > PROJECT_END:
                continue
            out.append((f"{year} halvår {half}", max(start, PROJECT_START), min(end, PROJECT_END)))
    return out


def label_for(fran: date, till: date) -> str | None:
    for label, start, end in presets():
        if (start, end) == (fran, till):
            return label
    return None
