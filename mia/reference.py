"""Reference facts from data/reference/: kommuner, förbund, published figures, targets.

Loaded with pandas for code that runs before or without the database (the demo
generator, validation); the database keeps its own copy for joins.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd

from mia.config import REFERENCE_DIR


@dataclass(frozen=True)
class Reference:
    kommuner: pd.DataFrame      # kommunkod, kommun, forbund_kod, mia_fran (date|None), folkmangd_2017, lat, lon
    forbund: pd.DataFrame       # forbund_kod, forbund, kortnamn, medlemskommuner, mia_fran
    publicerade: pd.DataFrame   # publicerade_siffror.csv as text
    malvarden: pd.DataFrame     # malvarden.csv as text

    def kommun_name(self, code: str) -> str:
        hit = self.kommuner.loc[self.kommuner.kommunkod == code, "kommun"]
        return str(hit.iloc[0]) if len(hit) else code

    def forbund_name(self, code: str, short: bool = True) -> str:
        hit = self.forbund.loc[self.forbund.forbund_kod == code, "kortnamn" if short else "forbund"]
        return str(hit.iloc[0]) if len(hit) else code

    def members(self, forbund_code: str) -> list[str]:
        return sorted(self.kommuner.loc[self.kommuner.forbund_kod == forbund_code, "kommunkod"])


def _date_or_none(text: object) -> date | None:
    return date.fromisoformat(str(text)) if isinstance(text, str) and text.strip() else None


@lru_cache(maxsize=4)
def load_reference(directory: Path = REFERENCE_DIR) -> Reference:
    read = lambda name: pd.read_csv(directory / name, dtype=str, keep_default_na=False)  # noqa: E731
    kommuner = read("kommuner.csv")
    kommuner["mia_fran"] = kommuner["mia_fran"].map(_date_or_none).astype(object)
    kommuner["folkmangd_2017"] = kommuner["folkmangd_2017"].astype(int)
    kommuner["lat"] = kommuner["lat"].astype(float)
    kommuner["lon"] = kommuner["lon"].astype(float)
    forbund = read("forbund.csv")
    forbund["mia_fran"] = forbund["mia_fran"].map(_date_or_none).astype(object)
    return Reference(kommuner, forbund, read("publicerade_siffror.csv"), read("malvarden.csv"))
