"""The selection ("urval") every number is computed for: period, population, denominator
and dimension filters. One object travels from sidebar, URL or CLI flags to the SQL.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any, Mapping

from mia.config import PROJECT_END, PROJECT_START

POPULATIONS = ("inskrivna", "aktiva", "avslutade")
DENOMINATORS = ("alla", "avslutade")

# Dimension filters: attribute name -> (SQL parameter, URL key).
DIMENSIONS: dict[str, str] = {
    "forbund": "f_forbund",
    "kommun": "f_kommun",
    "kon": "f_kon",
    "aldersgrupp": "f_aldersgrupp",
    "remittent": "f_remittent",
    "forsorjning": "f_forsorjning",
}


class FilterError(ValueError):
    """A filter value that cannot be used, explained in Swedish."""


@dataclass(frozen=True)
class Urval:
    """A selection of participants. Empty dimension tuples mean "all"."""

    fran: date = PROJECT_START
    till: date = PROJECT_END
    population: str = "inskrivna"
    namnare: str = "alla"
    forbund: tuple[str, ...] = field(default_factory=tuple)
    kommun: tuple[str, ...] = field(default_factory=tuple)
    kon: tuple[str, ...] = field(default_factory=tuple)
    aldersgrupp: tuple[str, ...] = field(default_factory=tuple)
    remittent: tuple[str, ...] = field(default_factory=tuple)
    forsorjning: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.population not in POPULATIONS:
            raise FilterError(f"Okänd population {self.population!r}. Välj en av: {', '.join(POPULATIONS)}.")
        if self.namnare not in DENOMINATORS:
            raise FilterError(f"Okänd nämnare {self.namnare!r}. Välj en av: {', '.join(DENOMINATORS)}.")
        if self.fran > self.till:
            raise FilterError(f"Perioden börjar ({self.fran}) efter att den slutar ({self.till}).")

    def params(self) -> dict[str, Any]:
        """Named SQL parameters for the `urval(...)` macro (lists; None = all)."""
        out: dict[str, Any] = {"fran": self.fran, "till": self.till, "population": self.population}
        for attr, param in DIMENSIONS.items():
            values = getattr(self, attr)
            out[param] = list(values) if values else None
        return out

    def only_area_or_kon_filters(self) -> bool:
        """No age, referrer or income filter: the selection's half-year counts are sums of
        the tables kept per förbund, kommun and kön (the trends read those)."""
        return not (self.aldersgrupp or self.remittent or self.forsorjning)

    def with_(self, **changes: Any) -> "Urval":
        """A copy with some fields changed (tuples for dimensions)."""
        return replace(self, **{k: tuple(v) if isinstance(v, list) else v for k, v in changes.items()})

    def key(self) -> tuple:
        """A hashable key for caches."""
        return tuple(asdict(self).values())

    def to_query(self) -> dict[str, str]:
        """URL query parameters that reproduce this selection (defaults left out)."""
        default = Urval()
        out: dict[str, str] = {}
        for name, value in asdict(self).items():
            if value == getattr(default, name):
                continue
            out[name] = ",".join(value) if isinstance(value, tuple) else str(value)
        return out

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> "Urval":
        """Parse URL query parameters; unknown keys are ignored, bad values raise FilterError."""
        kwargs: dict[str, Any] = {}
        for name in ("fran", "till"):
            if query.get(name):
                kwargs[name] = parse_date(query[name])
        for name in ("population", "namnare"):
            if query.get(name):
                kwargs[name] = query[name]
        for name in DIMENSIONS:
            if query.get(name):
                kwargs[name] = tuple(v for v in str(query[name]).split(",") if v)
        return cls(**kwargs)


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(str(text).strip()[:10])
    except ValueError as exc:
        raise FilterError(f"{text!r} är inget datum. Skriv ÅÅÅÅ-MM-DD.") from exc
