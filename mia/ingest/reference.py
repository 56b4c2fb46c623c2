"""Reference facts the validator checks against: the kommuner and förbund of MIA.

Loaded from `kommuner.csv` and `forbund.csv` (config.REFERENCE_DIR), read as plain text so
that codes such as "0114" keep their leading zero, and cached: they change only on deploy.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path

from mia import config
from mia.ingest.text import fold_key


@dataclass(frozen=True)
class KommunInfo:
    """One kommun of Stockholms län; `forbund` is None for kommuner outside MIA."""

    code: str
    name: str
    forbund: str | None
    mia_fran: dt.date | None


@dataclass(frozen=True)
class ForbundInfo:
    """One samordningsförbund in MIA and its member kommuner (SCB codes)."""

    code: str
    name: str
    short_name: str
    members: tuple[str, ...]
    mia_fran: dt.date | None


@dataclass(frozen=True)
class Reference:
    """Kommuner and förbund by code, plus folded-name lookups used to read what users write."""

    kommuner: dict[str, KommunInfo]
    forbund: dict[str, ForbundInfo]
    kommun_names: dict[str, str] = field(default_factory=dict)  # folded name → code
    forbund_names: dict[str, str] = field(default_factory=dict)  # folded name → code

    @classmethod
    def from_dir(cls, directory: Path) -> "Reference":
        """Read kommuner.csv and forbund.csv from `directory`."""
        kommuner = {k.code: k for k in (_kommun(row) for row in _rows(directory / "kommuner.csv"))}
        forbund = {f.code: f for f in (_forbund(row) for row in _rows(directory / "forbund.csv"))}
        return cls(kommuner, forbund, _kommun_lookup(kommuner), _forbund_lookup(forbund))

    def member_of(self, kommunkod: str, forbund_kod: str) -> bool:
        """Whether the kommun belongs to the förbund (forbund.csv `medlemskommuner`)."""
        info = self.forbund.get(forbund_kod)
        return info is not None and kommunkod in info.members


@functools.lru_cache(maxsize=4)
def load_reference(directory: Path | None = None) -> Reference:
    """The reference data, read once per process (from config.REFERENCE_DIR by default)."""
    return Reference.from_dir(Path(directory or config.REFERENCE_DIR))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _kommun(row: dict[str, str]) -> KommunInfo:
    return KommunInfo(row["kommunkod"].zfill(4), row["kommun"], row.get("forbund_kod") or None,
                      _date(row.get("mia_fran", "")))


def _forbund(row: dict[str, str]) -> ForbundInfo:
    members = tuple(code.strip().zfill(4) for code in row["medlemskommuner"].split(";") if code.strip())
    return ForbundInfo(row["forbund_kod"], row["forbund"], row["kortnamn"], members, _date(row.get("mia_fran", "")))


def _kommun_lookup(kommuner: dict[str, KommunInfo]) -> dict[str, str]:
    """Folded kommun names ('upplandsvasby', 'taby') → code; also 'Täby kommun', 'Solna stad'."""
    lookup: dict[str, str] = {}
    for info in kommuner.values():
        key = fold_key(info.name)
        for variant in (key, key + "kommun", key + "skommun", key + "stad", key + "sstad"):
            lookup.setdefault(variant, info.code)
    return lookup


FORBUND_NOISE = ("samordningsforbundet", "samordningsforbund", "finsam")


def _forbund_lookup(forbund: dict[str, ForbundInfo]) -> dict[str, str]:
    """Folded förbund codes and names, with and without 'Samordningsförbundet (i)', → code."""
    candidates: dict[str, set[str]] = {}
    for info in forbund.values():
        for text in (info.code, info.name, info.short_name):
            for key in forbund_keys(text):
                candidates.setdefault(key, set()).add(info.code)
    return {key: codes.pop() for key, codes in candidates.items() if len(codes) == 1}


def forbund_keys(text: str) -> set[str]:
    """Spellings a förbund name is matched on: drop 'Samordningsförbundet', 'i', 'stad'."""
    words = [w for w in fold_key(text, keep_spaces=True).split() if w not in FORBUND_NOISE]
    if words and words[0] == "i":
        words = words[1:]
    keys = {"".join(words)}
    if words and words[-1] == "stad":
        base = "".join(words[:-1])
        keys |= {base, base[:-1] if base.endswith("s") else base}
    return {k for k in keys if k}
