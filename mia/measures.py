"""The numbers each page shows, as data frames and dicts: query files plus statistics.

Pages and CLI verbs call these; nothing here knows about Streamlit. Shares, intervals and
comparisons are added once, here, and reused by every chart, table, map and sentence.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from mia import sql
from mia.filters import Urval
from mia.schema import UTFALL_CODES


def one_decimal_percent(numerator: int, denominator: int) -> float | None:
    return round(100.0 * numerator / denominator, 1) if denominator else None


def headline(con: duckdb.DuckDBPyConnection, urval: Urval) -> dict[str, int]:
    """Counts for the selection: antal, avslutade, pagaende, arbete_studier, ... (nyckeltal.sql)."""
    row = sql.frame(con, "nyckeltal", urval.params()).iloc[0]
    return {k: int(v) for k, v in row.items()}


def outcome_counts(con: duckdb.DuckDBPyConnection, urval: Urval) -> dict[str, int]:
    """Every outcome code -> number among those who exited by the period end."""
    df = sql.frame(con, "utfall_fordelning", urval.params())
    counts = dict(zip(df.utfall, df.antal.astype(int)))
    return {code: counts.get(code, 0) for code in UTFALL_CODES}


def denominator(counts: dict[str, int], urval: Urval) -> int:
    """The share denominator the selection asks for: all in the population, or the exited."""
    return counts["avslutade"] if urval.namnare == "avslutade" else counts["antal"]


def summary(con: duckdb.DuckDBPyConnection, urval: Urval) -> dict:
    """The `summary` verb's object: counts, outcomes and shares (percent, one decimal)."""
    counts = headline(con, urval)
    den = denominator(counts, urval)
    return {
        "urval": {k: (list(v) if isinstance(v, tuple) else str(v)) for k, v in vars(urval).items()},
        "antal": counts["antal"],
        "avslutade": counts["avslutade"],
        "pagaende": counts["pagaende"],
        "utfall": outcome_counts(con, urval),
        "namnare": den,
        "andel_arbete_studier": one_decimal_percent(counts["arbete_studier"], den),
        "andel_arbetsforberedande": one_decimal_percent(counts["arbetsforberedande"], den),
        "andel_okad_egenmakt": one_decimal_percent(counts["egenmakt_ja"], counts["egenmakt_besvarade"]),
        "egenmakt_besvarade": counts["egenmakt_besvarade"],
    }


def frame(con: duckdb.DuckDBPyConnection, name: str, urval: Urval) -> pd.DataFrame:
    """A query file run for a selection (for pages that need the raw grouped counts)."""
    return sql.frame(con, name, urval.params())
