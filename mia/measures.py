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


def data_sources(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per förbund: demo or file, file name, extract date (datakallor.sql)."""
    return sql.frame(con, "datakallor")


def source(con: duckdb.DuckDBPyConnection) -> "Source":
    """The source line's facts: the oldest extract date, and whether any data is synthetic."""
    from mia.charts.style import Source

    df = data_sources(con)
    if df.empty:
        return Source(uttag=None, synthetic=False)
    uttag = df.uttag.dropna().min()
    return Source(uttag=uttag.date() if hasattr(uttag, "date") else uttag, synthetic=bool((df.kalla == "demo").any()))


# ---------------------------------------------------------------- Översikt

HEADLINE_MEASURES = (
    # (key, Swedish label, numerator column, denominator column or None = the urval's namnare)
    ("arbete_studier", "Till arbete eller studier", "arbete_studier", None),
    ("arbetsforberedande", "Till arbetsförberedande insats", "arbetsforberedande", None),
    ("okad_egenmakt", "Upplever ökad egenmakt", "egenmakt_ja", "egenmakt_besvarade"),
)
TARGET_IDS = {"arbete_studier": "mal_arbete_studier", "arbetsforberedande": "mal_arbetsforberedande",
              "okad_egenmakt": "mal_egenmakt"}


def targets() -> dict[str, float]:
    """The project's targets in percent, by measure key (malvarden.csv)."""
    from mia.reference import load_reference

    table = load_reference().malvarden
    values = dict(zip(table.id, table.varde.astype(float)))
    return {key: values[target_id] for key, target_id in TARGET_IDS.items()}


def county(urval: Urval) -> Urval:
    """The same selection for the whole county (no förbund or kommun filter)."""
    return urval.with_(forbund=(), kommun=())


def headline_and_shares(con: duckdb.DuckDBPyConnection, urval: Urval) -> tuple[dict[str, int], pd.DataFrame]:
    """What the Översikt page shows, from one run of nyckeltal.sql for the selection:
    (headline(con, urval), headline_shares(con, urval))."""
    counts = headline(con, urval)
    return counts, headline_shares(con, urval, counts)


def headline_shares(con: duckdb.DuckDBPyConnection, urval: Urval,
                    counts: dict[str, int] | None = None) -> pd.DataFrame:
    """One row per headline measure: counts, share with 95 % Wilson interval and disclosure
    status, the county's share and the comparison with it, the target and the comparison
    with the target. `counts`: headline(con, urval), when the caller has it already."""
    from mia import stats

    counts = headline(con, urval) if counts is None else counts
    whole = county(urval)
    same = whole == urval  # no förbund/kommun filter: the county is the selection itself
    county_counts = counts if same else headline(con, whole)
    status = count_statuses(con, urval, counts)
    county_status = status if same else count_statuses(con, whole, county_counts)
    goal = targets()
    rows = []
    for key, label, num, den in HEADLINE_MEASURES:
        den_col = den or ("avslutade" if urval.namnare == "avslutade" else "antal")
        c_den = county_counts[den_col]
        county_shown = county_status[num] == "visad" and county_status[den_col] == "visad"
        rows.append({"matt": key, "etikett": label, "taljare": counts[num], "namnare": counts[den_col],
                     "taljare_status": status[num], "namnare_status": status[den_col],
                     "lan_andel": county_counts[num] / c_den if c_den and county_shown else float("nan"),
                     "mal": goal[key]})
    df = pd.DataFrame(rows)
    df = stats.add_share_columns(df, "taljare", "namnare", reference="lan_andel")
    target = stats.add_share_columns(df[["taljare", "namnare"]].assign(mal_p=df.mal / 100.0),
                                     "taljare", "namnare", reference="mal_p")
    df["jamforelse_mal"] = target["jamforelse"].to_numpy()
    df["lan_andel"] = df["lan_andel"] * 100.0
    return df


def count_statuses(con: duckdb.DuckDBPyConnection, urval: Urval, counts: dict[str, int]) -> dict[str, str]:
    """The disclosure status of each headline count, the same as Jämför shows for it.

    A selection of one kommun, one förbund or the county is a cell of Jämför's protected
    table (mia.compare.selection_cell), so its secondary suppression carries over; a
    selection of several units shows a count only where every unit's count is shown
    (else the hidden one could be had by subtraction). Counts Jämför does not publish
    (the exit survey) get the primary rule.
    """
    from mia import compare, disclosure

    keys = list(counts)
    primary = disclosure.suppress_counts(pd.Series([counts[k] for k in keys], dtype="float64"))[1]
    out = dict(zip(keys, (str(s) for s in primary)))
    cells = [compare.selection_cell(con, part) for part in _single_units(urval)]
    for col in compare.COUNTS:
        if any(cell is None for cell in cells):
            out[col] = "sekundar" if counts[col] else out[col]
        elif len(cells) == 1:
            out[col] = str(cells[0][f"{col}_status"])
        elif any(str(cell[f"{col}_status"]) != "visad" for cell in cells):
            out[col] = "sekundar"
    return out


def _single_units(urval: Urval) -> list[Urval]:
    """The selection split into one-unit selections (kommuner, else förbund, else county)."""
    if len(urval.kommun) > 1 or (urval.kommun and urval.forbund):
        return [urval.with_(kommun=(k,), forbund=()) for k in urval.kommun]
    if len(urval.forbund) > 1:
        return [urval.with_(forbund=(f,)) for f in urval.forbund]
    return [urval]


def trend_query(urval: Urval) -> str:
    """The query file of the half-year trend: summed from the tables kept per förbund,
    kommun and kön when the selection allows it, else counted over every participant."""
    return "trend_halvar_summerad" if urval.only_area_or_kon_filters() else "trend_halvar"


def trend(con: duckdb.DuckDBPyConnection, urval: Urval) -> pd.DataFrame:
    """Per half-year: enrolled, exited, and the shares of the exited who went to work or
    studies / to work-preparatory interventions, each with interval and status."""
    from mia import stats

    df = sql.frame(con, trend_query(urval), urval.params())
    df = stats.add_share_columns(df, "arbete_studier", "avslutade", reference=None, prefix="as_")
    df = stats.add_share_columns(df, "arbetsforberedande", "avslutade", reference=None, prefix="af_")
    return df
