"""Jämför: förbund and kommuner side by side, each compared fairly with the county.

Everything the Jämför page, the `table jamfor` verb, the map and the generated text show
comes from here, computed once:

- `units(con, urval, niva, utfall)`: one row per förbund or kommun with its counts after
  disclosure control, the share with its 95 % Wilson interval, the county share
  (`referens`) and the comparison with it (`jamforelse`), participants per 10 000
  inhabitants and whether the unit was in MIA at all.
- `table_view(units)`: the same numbers as the strings the page's table and the CLI print.
- `breakdown(...)`: one unit by kön and by age group, each group against the same group in
  the county.
- `trend(...)`: units by half-year.

Disclosure control (DESIGN.md) is applied to a *protected table* per selection context:
every area (kommun → förbund → county) × kön and × age group (one dimension at a time, plus
'alla'), protected once over all these sums with `disclosure.protect_table`. Every view
with the same period, population and other filters (any kön, any age group, kommun or
förbund level, the county line) reads its cells from that one table, so no view shows a
value another view hides, and no hidden value follows from "förbund minus its other
kommuner", "county minus the other förbund" or "K + M + X = alla". A selection of several
kön or age groups is a derived cell: shown only when it already follows from shown cells.

Known limits (documented on the Om page): differences between periods and between values
of the other filters (remittent, försörjning, population) are not protected, and a
selection of both kön and age group is protected over areas and age groups within that
kön only.
"""
from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from mia import config, disclosure, sql, stats, store
from mia.disclosure import Hierarchy, Status
from mia.filters import Urval
from mia.reference import load_reference
from mia.schema import AGE_GROUP_LABELS, KON_CODES

NIVAER = ("forbund", "kommun")
UTFALL = ("arbete_studier", "arbetsforberedande")
UTFALL_LABELS = {"arbete_studier": "till arbete eller studier",
                 "arbetsforberedande": "till arbetsförberedande insats"}
NIVA_LABELS = {"forbund": ("förbund", "förbund"), "kommun": ("kommun", "kommuner")}  # (singular, plural)

LAN = "lan"
ALLA = "alla"
OKAND_ALDER = "okänd"
DIMENSIONS = ("kon", "alder")
DIM_CODES: dict[str, tuple[str, ...]] = {"kon": KON_CODES, "alder": (*AGE_GROUP_LABELS, OKAND_ALDER)}
URVAL_ATTR = {"kon": "kon", "alder": "aldersgrupp"}
COUNTS = ("antal", "avslutade", "arbete_studier", "arbetsforberedande")

# Whether a unit took part in MIA during the selection's period.
MIA_MED = "med"
MIA_EJ = "ej_med"
MIA_SENARE = "ej_under_perioden"
MIA_STATUS_TEXT = {MIA_EJ: "ej med i MIA", MIA_SENARE: "ej med i MIA under perioden"}

NOT_IN_MIA_SYMBOL = "–"  # SCB's "nothing to report", for units outside MIA


# ------------------------------------------------------------------------------ areas


def kommun_forbund() -> dict[str, str]:
    """Kommun code → förbund code for the 21 MIA kommuner (forbund.csv membership)."""
    k = load_reference().kommuner
    k = k[k.forbund_kod.astype(bool)]
    return dict(zip(k.kommunkod, k.forbund_kod))


def area_parents(members: Mapping[str, str]) -> dict[str, str]:
    """The area hierarchy: kommun → förbund, förbund → county (LAN)."""
    return {**members, **{f: LAN for f in sorted(set(members.values()))}}


def areas(till: date) -> pd.DataFrame:
    """One row per area: kod, niva ('kommun' | 'forbund' | 'lan'), namn, forbund,
    forbund_namn, mia_fran, mia_status, folkmangd (2017, of the member kommuner that were in
    MIA by `till`; a kommun's own population)."""
    ref = load_reference()
    k = ref.kommuner.copy()
    f = ref.forbund.copy()
    fnames = dict(zip(f.forbund_kod, f.kortnamn))
    k_in = k.mia_fran.map(lambda d: d is not None and d <= till)
    kommun = pd.DataFrame({
        "kod": k.kommunkod, "niva": "kommun", "namn": k.kommun, "forbund": k.forbund_kod.where(k.forbund_kod != "", None),
        "forbund_namn": k.forbund_kod.map(fnames), "mia_fran": k.mia_fran,
        "mia_status": np.where(k.forbund_kod == "", MIA_EJ, np.where(k_in, MIA_MED, MIA_SENARE)),
        "folkmangd": k.folkmangd_2017.astype("float64"),
    })
    pop_in = k.folkmangd_2017.where(k_in & (k.forbund_kod != ""), 0).groupby(k.forbund_kod).sum()
    forbund = pd.DataFrame({
        "kod": f.forbund_kod, "niva": "forbund", "namn": f.kortnamn, "forbund": f.forbund_kod,
        "forbund_namn": f.kortnamn, "mia_fran": f.mia_fran,
        "mia_status": [MIA_MED if d is not None and d <= till else MIA_SENARE for d in f.mia_fran],
        "folkmangd": f.forbund_kod.map(pop_in).astype("float64"),
    })
    lan = pd.DataFrame([{"kod": LAN, "niva": "lan", "namn": "Länet (alla MIA-kommuner)", "forbund": None,
                         "forbund_namn": None, "mia_fran": min(d for d in f.mia_fran if d is not None),
                         "mia_status": MIA_MED, "folkmangd": float(pop_in.sum())}])
    out = pd.concat([kommun, forbund, lan], ignore_index=True)
    out.loc[out.mia_status != MIA_MED, "folkmangd"] = np.nan
    return out


_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"})


def swedish_key(name: str) -> str:
    """Sort key putting å, ä, ö after z, as in Swedish."""
    return str(name).lower().translate(_SWEDISH_ORDER)


# ------------------------------------------------------------------------------ protected table


def protect_cells(
    cells: pd.DataFrame,
    members: Mapping[str, str],
    dims: Sequence[str],
    columns: Sequence[str],
    by: Sequence[str] = (),
    codes: Mapping[str, Sequence[str]] | None = None,
    min_count: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The protected table for finest cells (kommun × dims × by, any rows missing = 0).

    Returns (protected, raw): both with one row per omrade (every kommun of `members`,
    every förbund, LAN) × by × each dimension's codes one at a time (the others 'alla') and
    the all-'alla' cell. `protected` has, per count column c, c (NaN when hidden), c_status
    and c_visning (disclosure.protect_table over the area hierarchy and each dimension's
    total); `raw` the unprotected counts on the same index, for derived cells only — it
    must never reach a page.
    """
    known = codes or DIM_CODES
    codes = {d: tuple(dict.fromkeys([*known.get(d, ()), *sorted(cells[d].dropna().unique())])) for d in dims}
    unknown = set(cells["kommun"].dropna()) - set(members)
    if unknown:
        raise ValueError(f"kommuner utanför förbundens medlemslistor: {sorted(unknown)}")
    by_values = cells[list(by)].drop_duplicates() if by else pd.DataFrame(index=[0])
    cells = cells.dropna(subset=["kommun"])
    keys = ["kommun", *by, *dims]
    fine = cells.groupby(keys, as_index=False)[list(columns)].sum() if len(cells) else None
    grid = pd.MultiIndex.from_product([sorted(members), *(codes[d] for d in dims)],
                                      names=["kommun", *dims]).to_frame(index=False)
    grid = by_values.merge(grid, how="cross") if by else grid
    if fine is not None:
        grid = grid.merge(fine, on=keys, how="left")
    for c in columns:
        grid[c] = grid[c].fillna(0).astype("int64") if c in grid else 0
    area = pd.concat([grid.assign(omrade=grid.kommun, niva="kommun"),
                      grid.assign(omrade=grid.kommun.map(members), niva="forbund"),
                      grid.assign(omrade=LAN, niva="lan")], ignore_index=True)
    group = ["omrade", "niva", *by]
    frames = [area.groupby(group, as_index=False)[list(columns)].sum().assign(**{d: ALLA for d in dims})]
    for d in dims:
        one = area.groupby([*group, d], as_index=False)[list(columns)].sum()
        frames.append(one.assign(**{o: ALLA for o in dims if o != d}))
    raw = pd.concat(frames, ignore_index=True)[[*group, *dims, *columns]]
    hierarchies = [Hierarchy("omrade", area_parents(members))]
    hierarchies += [Hierarchy.total(d, codes[d], ALLA) for d in dims]
    protected = disclosure.protect_table(raw, list(columns), hierarchies, by=list(by), min_count=min_count)
    return protected, raw


def _choice(dim: str, urval: Urval, codes: Sequence[str]) -> str | tuple[str, ...]:
    """The cell a selection asks for on one dimension: ALLA, one code, or several (derived)."""
    chosen = tuple(dict.fromkeys(getattr(urval, URVAL_ATTR[dim])))
    if not chosen or set(codes) <= set(chosen):
        return ALLA
    if len(chosen) == 1 and chosen[0] in codes:
        return chosen[0]
    return tuple(sorted(chosen))


def select_cells(
    protected: pd.DataFrame,
    raw: pd.DataFrame,
    choice: Mapping[str, str | tuple[str, ...]],
    columns: Sequence[str],
    by: Sequence[str] = (),
    min_count: int | None = None,
) -> pd.DataFrame:
    """One row per omrade (× by): the protected cell for a choice per dimension.

    At most one dimension may differ from ALLA. Several codes on that dimension give a
    derived cell (their sum), shown only when the shown cells already give it away: all
    its parts are shown, or the total and all the other parts are. Otherwise it is hidden
    ("sekundar"), so combining views never reveals more than the protected table does.
    """
    m = config.disclosure().min_count if min_count is None else min_count
    dims = [d for d in choice]
    varying = [d for d in dims if choice[d] != ALLA]
    if len(varying) > 1:
        raise ValueError("högst en dimension får vara vald i en skyddad tabell")
    base_mask = np.ones(len(protected), dtype=bool)
    for d in dims:
        if d not in varying:
            base_mask &= (protected[d] == ALLA).to_numpy()
    keys = ["omrade", "niva", *by]
    value_cols = [x for c in columns for x in (c, f"{c}_status", f"{c}_visning")]
    if not varying or isinstance(choice[varying[0]], str):
        mask = base_mask & ((protected[varying[0]] == choice[varying[0]]).to_numpy() if varying else True)
        return protected.loc[mask, keys + value_cols].reset_index(drop=True)
    d = varying[0]
    members = set(choice[d])
    slice_p = protected[base_mask]
    slice_r = raw[base_mask]
    part = slice_p[d].isin(members)
    rest = (~part) & (slice_p[d] != ALLA)
    total = slice_p[d] == ALLA
    out = slice_p.loc[total, keys].reset_index(drop=True)
    for c in columns:
        shown = slice_p[f"{c}_status"] == Status.VISAD
        value = slice_r[c].where(part, 0).groupby([slice_p[k] for k in keys]).sum()
        parts_shown = (shown | ~part).groupby([slice_p[k] for k in keys]).all()
        others_shown = (shown | ~(rest | total)).groupby([slice_p[k] for k in keys]).all()
        idx = pd.MultiIndex.from_frame(out[keys])
        value = value.reindex(idx).to_numpy()
        public = (parts_shown.reindex(idx) | others_shown.reindex(idx)).to_numpy()
        status = np.where(~public, Status.SEKUNDAR.value,
                          np.where((value >= 1) & (value < m), Status.LITEN.value, Status.VISAD.value))
        status_s = pd.Series(status, dtype="str")
        out[c] = pd.Series(value, dtype="float64").where(status_s == Status.VISAD)
        out[f"{c}_status"] = status_s
        out[f"{c}_visning"] = disclosure.display_counts(pd.Series(value, dtype="float64"), status_s, m)
    return out[keys + value_cols]


class _Memo:
    """A small thread-safe LRU cache for protected tables (seconds to compute, reused by
    every kön/age/level/outcome view of the same selection context)."""

    def __init__(self, size: int = 48) -> None:
        self.size = size
        self.items: OrderedDict[tuple, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple, make: Callable[[], Any]) -> Any:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = make()
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


_memo = _Memo()


def _context(urval: Urval) -> tuple[Urval, tuple[str, ...]]:
    """The selection the protected table is computed for, and its dimensions.

    Förbund and kommun filters never narrow the table (all units are compared); kön and age
    group are dimensions of it, except that a selection of both keeps kön as a filter.
    """
    plain = urval.with_(forbund=(), kommun=(), namnare="alla")
    if urval.kon and urval.aldersgrupp:
        return plain.with_(aldersgrupp=()), ("alder",)
    return plain.with_(kon=(), aldersgrupp=()), DIMENSIONS


def _protected(con: duckdb.DuckDBPyConnection, query: str, context: Urval, dims: tuple[str, ...],
               column: str, by: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One count column of the protected table of a context (memoised; columns are protected
    independently, so protecting them one at a time gives the same result)."""
    limits = config.disclosure()
    key = (id(con), store.data_version(con), query, context.key(), dims, column, by, limits)

    def make() -> tuple[pd.DataFrame, pd.DataFrame]:
        cells = _cells(con, query, context)
        return protect_cells(cells, kommun_forbund(), dims, [column], by=by)

    return _memo.get(key, make)


def _cells(con: duckdb.DuckDBPyConnection, query: str, context: Urval) -> pd.DataFrame:
    key = (id(con), store.data_version(con), query, context.key(), "cells")
    return _memo.get(key, lambda: sql.frame(con, query, context.params()))


def area_counts(con: duckdb.DuckDBPyConnection, urval: Urval, columns: Sequence[str]) -> pd.DataFrame:
    """One row per area (kommuner in MIA, förbund, LAN) for the selection: each count column
    after disclosure control (value or NaN, _status, _visning)."""
    context, dims = _context(urval)
    out = None
    for c in dict.fromkeys(columns):
        protected, raw = _protected(con, "jamfor_celler", context, dims, c, ())
        choice = {d: _choice(d, urval, DIM_CODES[d]) for d in dims}
        part = select_cells(protected, raw, choice, [c])
        out = part if out is None else out.merge(part, on=["omrade", "niva"])
    return out


# ------------------------------------------------------------------------------ the unit table


def denominator_column(urval: Urval) -> str:
    return "avslutade" if urval.namnare == "avslutade" else "antal"


def _shares(df: pd.DataFrame, reference: float) -> pd.DataFrame:
    """Share, interval, comparison (stats.add_share_columns) on taljare/namnare."""
    return stats.add_share_columns(df, "taljare", "namnare", reference=reference)


def _county_reference(lan: pd.Series) -> float:
    """The county share as a proportion, NaN when it may not be shown."""
    if lan.taljare_status != Status.VISAD or lan.namnare_status != Status.VISAD or not lan.namnare:
        return float("nan")
    if lan.namnare < config.disclosure().min_denominator:
        return float("nan")
    return float(lan.taljare) / float(lan.namnare)


def _rename_counts(df: pd.DataFrame, mapping: Mapping[str, str]) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    for new, old in mapping.items():
        for suffix in ("", "_status", "_visning"):
            out[f"{new}{suffix}"] = df[f"{old}{suffix}"]
    return out


def units(con: duckdb.DuckDBPyConnection, urval: Urval, niva: str = "kommun",
          utfall: str = "arbete_studier", include_county: bool = False) -> pd.DataFrame:
    """The Jämför table: one row per förbund (8) or kommun (all 26 of the county).

    Columns: kod, namn, niva, forbund, forbund_namn, mia_status (MIA_MED, MIA_EJ, MIA_SENARE),
    vald (the unit is in the sidebar's förbund/kommun selection), folkmangd;
    deltagare / namnare / taljare (+ _status, _visning): participants, the share's
    denominator (the urval's nämnare) and numerator (the outcome), after disclosure control;
    andel, ki_lag, ki_hog, referens (the county share), jamforelse, andel_status
    (stats.add_share_columns, percent); per_10000 (participants per 10 000 inhabitants,
    NaN when hidden or not in MIA); jamforelse_text (jamforelse, or "ej med i MIA ...").
    Units outside MIA have NaN counts and shares (never 0 %). Sorted by name (Swedish).
    With include_county, the county row (niva 'lan', kod 'lan') comes last.
    """
    if niva not in NIVAER:
        raise ValueError(f"niva must be one of {NIVAER}")
    if utfall not in UTFALL:
        raise ValueError(f"utfall must be one of {UTFALL}")
    den = denominator_column(urval)
    counts = area_counts(con, urval, ["antal", den, utfall])
    counts = pd.concat([counts[["omrade", "niva"]],
                        _rename_counts(counts, {"deltagare": "antal", "namnare": den, "taljare": utfall})], axis=1)
    info = areas(urval.till)
    wanted = info[info.niva.isin([niva, "lan"])]
    df = wanted.merge(counts.rename(columns={"omrade": "kod"}), on=["kod", "niva"], how="left")
    joined_later_but_active = (df.mia_status == MIA_SENARE) & (df.deltagare_visning != "0")
    df.loc[joined_later_but_active, "mia_status"] = MIA_MED
    outside = df.mia_status == MIA_EJ
    for c in ("deltagare", "namnare", "taljare"):
        df.loc[outside, c] = np.nan
        df.loc[outside, f"{c}_status"] = Status.SAKNAS.value
        df.loc[outside, f"{c}_visning"] = NOT_IN_MIA_SYMBOL
    lan = df[df.niva == "lan"].iloc[0]
    df = _shares(df, _county_reference(lan))
    df["per_10000"] = stats.rate_per_10000(df.deltagare.where(df.deltagare_status == Status.VISAD), df.folkmangd)
    df["jamforelse_text"] = [MIA_STATUS_TEXT.get(s, j) for s, j in zip(df.mia_status, df.jamforelse)]
    df["vald"] = _selected(df, urval, niva)
    df["_niva"] = (df.niva == "lan").astype(int)
    df["_namn"] = df.namn.map(swedish_key)
    df = df.sort_values(["_niva", "_namn"]).drop(columns=["_niva", "_namn"]).reset_index(drop=True)
    if not include_county:
        df = df[df.niva == niva].reset_index(drop=True)
    return df


def _selected(df: pd.DataFrame, urval: Urval, niva: str) -> pd.Series:
    members = kommun_forbund()
    if niva == "kommun":
        return df.kod.isin(urval.kommun) | df.forbund.isin(urval.forbund)
    chosen = set(urval.forbund) | {members[k] for k in urval.kommun if k in members}
    return df.kod.isin(chosen)


def county(df: pd.DataFrame) -> dict[str, Any]:
    """The county facts a units() frame carries: share (percent) and whether shown."""
    ref = df.referens.dropna()
    return {"andel": float(ref.iloc[0]) if len(ref) else float("nan"), "visad": bool(len(ref))}


def mia_units(df: pd.DataFrame) -> pd.DataFrame:
    """The rows of a units() frame that were in MIA during the period."""
    return df[df.mia_status == MIA_MED]


# ------------------------------------------------------------------------------ the table view

TABLE_COLUMNS = ("kod", "namn", "forbund", "deltagare", "per_10000", "namnare", "taljare", "andel",
                 "ki_lag", "ki_hog", "lan_andel", "jamforelse", "anmarkning")

REASONS = {
    Status.LITEN: "färre än {m} personer",
    Status.NAMNARE: "färre än {d} i underlaget",
    Status.SEKUNDAR: "dold för att skydda ett annat värde",
    Status.SAKNAS: "uppgift saknas",
}


def _one_decimal(value: float, shown: bool) -> str:
    return f"{value:.1f}" if shown and np.isfinite(value) else disclosure.HIDDEN_SYMBOL


def reason(status: str) -> str:
    """Why a share is not shown, in a few Swedish words ('' when it is)."""
    if status == Status.VISAD:
        return ""
    limits = config.disclosure()
    return REASONS[Status(status)].format(m=limits.min_count, d=limits.min_denominator)


def table_view(df: pd.DataFrame) -> pd.DataFrame:
    """The units() frame as the table the page shows and `table jamfor` prints: strings,
    counts as "123" / "<5" / "..", percentages with one decimal ("16.9") or "..", units
    outside MIA as "–" with "ej med i MIA" under jamforelse. Columns TABLE_COLUMNS
    (forbund only at kommun level)."""
    rows = []
    for r in df.itertuples(index=False):
        outside = r.mia_status != MIA_MED
        shown = r.andel_status == Status.VISAD
        ref = r.referens
        row = {
            "kod": r.kod, "namn": r.namn, "forbund": "" if pd.isna(r.forbund_namn) else r.forbund_namn,
            "deltagare": r.deltagare_visning,
            "per_10000": NOT_IN_MIA_SYMBOL if outside else _one_decimal(r.per_10000, np.isfinite(r.per_10000)),
            "namnare": r.namnare_visning, "taljare": r.taljare_visning,
            "andel": NOT_IN_MIA_SYMBOL if outside else _one_decimal(r.andel, shown),
            "ki_lag": NOT_IN_MIA_SYMBOL if outside else _one_decimal(r.ki_lag, shown),
            "ki_hog": NOT_IN_MIA_SYMBOL if outside else _one_decimal(r.ki_hog, shown),
            "lan_andel": _one_decimal(ref, np.isfinite(ref)),
            "jamforelse": r.jamforelse_text,
            "anmarkning": "" if outside else reason(r.andel_status),
        }
        rows.append(row)
    out = pd.DataFrame(rows, columns=list(TABLE_COLUMNS), dtype="str")
    if len(df) and (df.niva != "kommun").all():
        out = out.drop(columns="forbund")
    return out


# ------------------------------------------------------------------------------ breakdown

KON_LABELS = {"K": "Kvinnor", "M": "Män", "X": "Okänt kön"}


def breakdown(con: duckdb.DuckDBPyConnection, urval: Urval, kod: str, utfall: str = "arbete_studier") -> pd.DataFrame:
    """One unit (a förbund or kommun code, or LAN) by kön and by age group.

    Rows: dimension ('alla' | 'kon' | 'alder'), varde (code), etikett, namnare / taljare
    (+ _status, _visning), andel, ki_lag, ki_hog, referens (the county's share in the SAME
    group), jamforelse (against that), andel_status. Always all kön and ages of the
    selection's context: the sidebar's kön and age filters are not applied here (a
    breakdown within them would be a different, unprotected table). Groups with nobody in
    them (okänt kön, unknown age) are left out.
    """
    plain = urval.with_(kon=(), aldersgrupp=())
    context, dims = _context(plain)
    den = denominator_column(urval)
    parts = []
    for c in (den, utfall):
        protected, _raw = _protected(con, "jamfor_celler", context, dims, c, ())
        keep = protected[protected.omrade.isin([kod, LAN])]
        parts.append(keep[["omrade", *dims, c, f"{c}_status", f"{c}_visning"]])
    df = parts[0].merge(parts[1], on=["omrade", *dims])
    df = pd.concat([df[["omrade", *dims]], _rename_counts(df, {"namnare": den, "taljare": utfall})], axis=1)
    df["dimension"] = np.where((df.kon == ALLA) & (df.alder == ALLA), "alla", np.where(df.kon != ALLA, "kon", "alder"))
    df["varde"] = np.where(df.dimension == "kon", df.kon, np.where(df.dimension == "alder", df.alder, ALLA))
    lan = df[df.omrade == LAN].set_index(["dimension", "varde"])
    unit = df[df.omrade == kod].copy()
    if unit.empty:
        raise KeyError(f"okänd enhet {kod!r}")
    ref = []
    for dim, val in zip(unit.dimension, unit.varde):
        ref.append(_county_reference(lan.loc[(dim, val)]))
    unit["lan_p"] = ref
    empty = _empty_rare_groups(con, context, dims, den, kod)
    unit = unit[[(d, v) not in empty for d, v in zip(unit.dimension, unit.varde)]]
    unit = stats.add_share_columns(unit, "taljare", "namnare", reference="lan_p")
    unit["etikett"] = [_group_label(d, v) for d, v in zip(unit.dimension, unit.varde)]
    order = {"alla": 0, "kon": 1, "alder": 2}
    unit["_o1"] = unit.dimension.map(order)
    unit["_o2"] = [(DIM_CODES.get(d, ()) + (v,)).index(v) for d, v in zip(unit.dimension, unit.varde)]
    unit = unit.sort_values(["_o1", "_o2"]).drop(columns=["_o1", "_o2", "lan_p", "kon", "alder", "omrade"])
    return unit.reset_index(drop=True)


def _empty_rare_groups(con, context: Urval, dims: tuple[str, ...], column: str, kod: str) -> set[tuple[str, str]]:
    """(dimension, value) of the rare groups (okänt kön, unknown age) that are empty for the
    unit: zeros are shown anyway, so leaving those rows out reveals nothing."""
    _protected_df, raw = _protected(con, "jamfor_celler", context, dims, column, ())
    unit = raw[raw.omrade == kod]
    empty = set()
    if unit.loc[(unit.kon == "X") & (unit.alder == ALLA), column].sum() == 0:
        empty.add(("kon", "X"))
    if unit.loc[(unit.alder == OKAND_ALDER) & (unit.kon == ALLA), column].sum() == 0:
        empty.add(("alder", OKAND_ALDER))
    return empty


def _group_label(dimension: str, value: str) -> str:
    if dimension == "alla":
        return "Alla"
    if dimension == "kon":
        return KON_LABELS.get(value, value)
    return "Okänd ålder" if value == OKAND_ALDER else f"{value} år"


# ------------------------------------------------------------------------------ trend


def trend(con: duckdb.DuckDBPyConnection, urval: Urval, niva: str = "forbund",
          utfall: str = "arbete_studier", koder: Sequence[str] | None = None) -> pd.DataFrame:
    """Units by half-year: those who exited in the half-year and the share of them with the
    outcome (as the Översikt trend), each with interval, status and comparison with the
    county in the same half-year.

    Rows: kod, namn, niva ('forbund' | 'kommun' | 'lan'), halvar, avslutade /
    taljare (+ _status, _visning; avslutade is the share's denominator, so also `namnare`),
    andel, ki_lag, ki_hog, referens, jamforelse, andel_status. `koder` limits the units
    (default all of the level); the county rows (kod LAN) are always included. Protected per
    half-year over areas and kön (age group, remittent and försörjning are filters).
    """
    context = urval.with_(forbund=(), kommun=(), kon=(), population="inskrivna", namnare="alla")
    by = ("halvar",)
    parts = []
    for c in ("avslutade", utfall):
        protected, raw = _protected(con, "jamfor_trend", context, ("kon",), c, by)
        parts.append(select_cells(protected, raw, {"kon": _choice("kon", urval, KON_CODES)}, [c], by=by))
    df = parts[0].merge(parts[1], on=["omrade", "niva", "halvar"])
    df = pd.concat([df[["omrade", "niva", "halvar"]],
                    _rename_counts(df, {"namnare": "avslutade", "taljare": utfall})], axis=1)
    df = df.rename(columns={"omrade": "kod"})
    keep = set(koder) if koder is not None else set(df.kod[df.niva == niva])
    df = df[df.kod.isin(keep | {LAN})].copy()
    info = areas(urval.till).set_index("kod")
    df["namn"] = df.kod.map(info.namn)
    lan = df[df.kod == LAN].set_index("halvar")
    df["lan_p"] = df.halvar.map({h: _county_reference(r) for h, r in lan.iterrows()})
    df = stats.add_share_columns(df, "taljare", "namnare", reference="lan_p")
    df["avslutade"] = df.namnare
    df["avslutade_status"] = df.namnare_status
    df["avslutade_visning"] = df.namnare_visning
    df["_o"] = df.namn.map(swedish_key)
    df = df.sort_values(["_o", "halvar"]).drop(columns=["_o", "lan_p"]).reset_index(drop=True)
    return df


def clear_cache() -> None:
    """Forget memoised protected tables (tests that change thresholds or data)."""
    _memo.clear()
