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
- `selection_cell(...)`: the protected counts of a one-area selection, for other pages.

Disclosure control (DESIGN.md) is applied to one *protected table* per selection context
(period, population, remittent, försörjning): every area (kommun → förbund → county) ×
kön (K, M, X and alla), plus every förbund and the county × age group, protected at once
over all these sums with `disclosure.protect_table`. Every view of that context (any kön,
any age group, kommun or förbund level, with or without a förbund/kommun selected, the
county line, the breakdown) reads its cells from that one table, so no view shows a value
another view hides, and no hidden value follows from "förbund minus its other kommuner",
"county minus the other förbund" or "K + M + X = alla". Age groups are not published per
kommun (nearly all "<5"; protecting them would hide many kommuner's totals). A choice of
several kön or age groups is not a cell of the table: it is shown only where all its parts
are shown. The county share may be known only within a narrow range when a count behind
it had to be hidden (`county_range`, from `disclosure.reader_bounds`); units are then
compared with the whole range.

Known limits (for the Om page): differences between periods and between values of the
other filters (remittent, försörjning, population) are not protected; a choice of both a
kön and an age group is protected over förbund and age groups within that kön.
"""
from __future__ import annotations

import math
import threading
from collections import OrderedDict
from functools import lru_cache
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from mia import config, disclosure, kept_trend, sql, stats, store
from mia.disclosure import Hierarchy, Status
from mia.filters import Urval
from mia.i18n import language, t
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
    return _areas(till).copy()


def _areas(till: date) -> pd.DataFrame:
    """areas(till), shared (not to be changed): the frame depends on the period only
    through which kommuner and förbund had joined by `till`, so it is kept per such state
    (a handful over the project) rather than per date: a new period end is a new date."""
    ref = load_reference()
    return _areas_of(tuple(d is not None and d <= till for d in ref.kommuner.mia_fran),
                     tuple(d is not None and d <= till for d in ref.forbund.mia_fran))


@lru_cache(maxsize=64)
def _areas_of(kommun_joined: tuple[bool, ...], forbund_joined: tuple[bool, ...]) -> pd.DataFrame:
    """areas() for the kommuner and förbund that had joined (flags in reference order)."""
    ref = load_reference()
    k = ref.kommuner.copy()
    f = ref.forbund.copy()
    fnames = dict(zip(f.forbund_kod, f.kortnamn))
    k_in = pd.Series(kommun_joined, index=k.index, dtype=bool)
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
        "mia_status": [MIA_MED if joined else MIA_SENARE for joined in forbund_joined],
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


def swedish_keys(names: pd.Series) -> np.ndarray:
    """swedish_key of every name, each distinct name worked out once (a trend repeats each
    unit's name for every half-year)."""
    codes, distinct = pd.factorize(names)
    keys = np.array([swedish_key(name) for name in distinct] + [swedish_key(np.nan)], dtype=object)
    return keys[codes]  # code -1 (a missing name) takes the last key, as map() would give


# ------------------------------------------------------------------------------ protected table


AREA_LEVELS = ("kommun", "forbund", "lan")
# Where each dimension is published: age groups per förbund and for the county only. Per
# kommun they are mostly "<5", and protecting them would hide many kommuner's totals too.
JAMFOR_LEVELS: dict[str, tuple[str, ...]] = {"kon": AREA_LEVELS, "alder": ("forbund", "lan")}


def protect_cells(
    cells: pd.DataFrame,
    members: Mapping[str, str],
    dims: Sequence[str],
    columns: Sequence[str],
    by: Sequence[str] = (),
    codes: Mapping[str, Sequence[str]] | None = None,
    levels: Mapping[str, Sequence[str]] | None = None,
    min_count: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The protected table for finest cells (`kommun`, dims, by and count columns; any
    combination missing counts 0).

    Rows: every omrade (each kommun of `members`, each förbund, LAN; column `niva`) × by ×
    the all-'alla' cell, plus each dimension's codes one dimension at a time (the others
    'alla') at the area levels `levels[d]` (default all). Each count column c is protected
    on its own by disclosure.protect_table over the area hierarchy (kommun → förbund →
    county) and each dimension's total, giving c (NaN when hidden), c_status, c_visning,
    plus c_min / c_max: what a reader can work out from the published cells
    (disclosure.reader_bounds; equal to c when shown), which may be published.

    Returns (protected, raw); raw holds the true counts on the same index, for derived cells
    only — it must never reach a page.
    """
    known = codes or DIM_CODES
    levels = levels or {}
    codes = {d: tuple(dict.fromkeys([*known.get(d, ()), *sorted(cells[d].dropna().unique())])) for d in dims}
    unknown = set(cells["kommun"].dropna().unique()) - set(members)
    if unknown:
        raise ValueError(f"kommuner utanför förbundens medlemslistor: {sorted(unknown)}")
    raw = _margins(cells, members, list(dims), list(columns), list(by), codes, levels)
    hierarchies = _hierarchies(raw, dims)
    groups = disclosure.build_groups(raw, hierarchies, list(by))
    protected = disclosure.protect_table(raw, list(columns), hierarchies, by=list(by), min_count=min_count,
                                         groups=groups)
    bounds = {}
    for c in columns:
        lo, hi = disclosure.reader_bounds(protected[c].to_numpy(dtype="float64"),
                                          protected[f"{c}_status"].to_numpy(dtype=object), groups, min_count)
        bounds[f"{c}_min"], bounds[f"{c}_max"] = lo, hi
    return stats.with_columns(protected, bounds), raw


def _margins(cells: pd.DataFrame, members: Mapping[str, str], dims: list[str], columns: list[str],
             by: list[str], codes: Mapping[str, tuple[str, ...]],
             levels: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """The rows protect_cells protects, with their true counts (see there), in the order of
    sorted groups: first every omrade × by with all dimensions 'alla', then per dimension
    every omrade (at its levels) × by × code. Columns: omrade, niva, *by, *dims, *columns,
    overomrade (the omrade's parent area, '' for the county).

    Built on an array of the finest counts (kommun × by × codes) summed into förbund and
    county, not by grouping frames: the same numbers in a fraction of the time."""
    kommuner = sorted(members)
    if len(by) == 1:  # by values of any cell (also of rows without a kommun), sorted as groupby sorts
        by_rows = [(value,) for value in sorted(cells[by[0]].dropna().unique())]
    elif by:
        by_rows = sorted(set(cells[by].dropna().itertuples(index=False, name=None)))
    else:
        by_rows = [()]
    cells = cells.dropna(subset=["kommun"])
    sizes = [len(codes[d]) for d in dims]
    finest = np.zeros((len(kommuner), len(by_rows), *sizes, len(columns)), dtype="int64")
    if len(cells):
        where = [_positions(cells["kommun"], kommuner)]
        if len(by) == 1:
            where.append(_positions(cells[by[0]], [row[0] for row in by_rows]))
        elif by:
            index = {row: i for i, row in enumerate(by_rows)}
            where.append(np.array([index.get(row, np.nan) for row in cells[by].itertuples(index=False, name=None)],
                                  dtype="float64"))
        else:
            where.append(np.zeros(len(cells)))
        where += [_positions(cells[d], codes[d]) for d in dims]
        known = np.logical_and.reduce([np.isfinite(w) for w in where])
        values = np.column_stack([cells[c].fillna(0).to_numpy(dtype="int64") if c in cells else
                                  np.zeros(len(cells), dtype="int64") for c in columns])
        np.add.at(finest, tuple(w[known].astype(np.intp) for w in where), values[known])
    forbund = sorted(set(members[k] for k in kommuner))
    per_forbund = np.zeros((len(forbund), *finest.shape[1:]), dtype="int64")
    if kommuner:
        np.add.at(per_forbund, np.array([forbund.index(members[k]) for k in kommuner]), finest)
    totals = np.concatenate([finest, per_forbund, finest.sum(axis=0, keepdims=True)])
    labels = [(k, "kommun") for k in kommuner] + [(f, "forbund") for f in forbund] + [(LAN, "lan")]
    order = sorted(range(len(labels)), key=labels.__getitem__)
    totals, labels = totals[order], [labels[i] for i in order]
    dim_axes = tuple(range(2, 2 + len(dims)))
    blocks = [(list(range(len(labels))), None, totals.sum(axis=dim_axes))]  # (areas, dimension, counts)
    for j, d in enumerate(dims):
        keep = [i for i, (_, niva) in enumerate(labels) if niva in levels.get(d, AREA_LEVELS)]
        sub = totals[keep].sum(axis=tuple(a for a in dim_axes if a != 2 + j))
        sort = sorted(range(len(codes[d])), key=codes[d].__getitem__)
        blocks.append((keep, d, sub[:, :, sort]))
    parents = area_parents(members)
    area_columns = {"omrade": np.array([a for a, _ in labels], dtype=object),
                    "niva": np.array([niva for _, niva in labels], dtype=object),
                    "overomrade": np.array([parents.get(a, "") for a, _ in labels], dtype=object)}
    by_columns = [np.array([row[b] for row in by_rows], dtype=object) for b in range(len(by))]
    area_rows, parts, counts = [], {c: [] for c in (*by, *dims)}, []
    for keep, d, block in blocks:  # rows: area (outer) × by × code of d (inner)
        n_codes = block.shape[2] if d is not None else 1
        area_rows.append(np.repeat(np.asarray(keep, dtype=np.intp), len(by_rows) * n_codes))
        for name, column in zip(by, by_columns):
            parts[name].append(np.tile(np.repeat(column, n_codes), len(keep)))
        for o in dims:
            parts[o].append(np.tile(np.array(sorted(codes[d]), dtype=object), len(keep) * len(by_rows)) if o == d
                            else np.full(len(keep) * len(by_rows) * n_codes, ALLA, dtype=object))
        counts.append(block.reshape(-1, len(columns)))
    rows = np.concatenate(area_rows)
    values = np.concatenate(counts)
    frame = {"omrade": pd.Series(area_columns["omrade"][rows], dtype="str"),
             "niva": pd.Series(area_columns["niva"][rows], dtype="str")}
    frame |= {name: pd.Series(np.concatenate(parts[name]), dtype=cells[name].dtype if name in by else "str")
              for name in parts}
    frame |= {c: values[:, k] for k, c in enumerate(columns)}
    frame["overomrade"] = pd.Series(area_columns["overomrade"][rows], dtype="str")
    return pd.DataFrame(frame)


def _positions(values: pd.Series, labels: Sequence[Any]) -> np.ndarray:
    """Each value's position among the (distinct) labels as float, NaN where it is none of
    them: Series.map with a dict walked every row in Python for Arrow strings."""
    positions = pd.Categorical(values, categories=list(labels)).codes.astype("float64")
    positions[positions < 0] = np.nan
    return positions


def _hierarchies(raw: pd.DataFrame, dims: Sequence[str]) -> list[Hierarchy]:
    """The sums a protected table's rows satisfy: areas (from its `overomrade` column) and
    each dimension's total over the codes present."""
    pairs = raw[["omrade", "overomrade"]].drop_duplicates()
    parents = {a: p for a, p in zip(pairs.omrade.tolist(), pairs.overomrade.tolist()) if p}
    out = [Hierarchy("omrade", parents)]
    for d in dims:
        codes = sorted(set(raw[d].unique().tolist()) - {ALLA})
        if codes:
            out.append(Hierarchy.total(d, codes, ALLA))
    return out


def _choice(dim: str, urval: Urval, codes: Sequence[str]) -> str | tuple[str, ...]:
    """The cell a selection asks for on one dimension: ALLA, one code, or several (derived)."""
    chosen = tuple(dict.fromkeys(getattr(urval, URVAL_ATTR[dim])))
    if not chosen or set(codes) <= set(chosen):
        return ALLA
    if len(chosen) == 1 and chosen[0] in codes:
        return chosen[0]
    return tuple(sorted(chosen))


def _suffixes(c: str) -> list[str]:
    return [c, f"{c}_status", f"{c}_visning", f"{c}_min", f"{c}_max"]


def select_cells(
    protected: pd.DataFrame,
    raw: pd.DataFrame,
    choice: Mapping[str, str | tuple[str, ...]],
    columns: Sequence[str],
    by: Sequence[str] = (),
    min_count: int | None = None,
) -> pd.DataFrame:
    """One row per omrade (× by) that has the chosen cell: the protected cell for a choice
    per dimension (ALLA, a code, or a tuple of codes).

    At most one dimension may differ from ALLA. A tuple of codes (two kön, several age
    groups) is not a cell of the table: it gives a derived cell, their sum, shown only when
    every part is shown (a sum of published numbers, so it says nothing new) and hidden
    ("sekundar") otherwise.
    """
    m = config.disclosure().min_count if min_count is None else min_count
    dims = list(choice)
    varying = [d for d in dims if choice[d] != ALLA]
    if len(varying) > 1:
        raise ValueError("högst en dimension får vara vald i en skyddad tabell")
    protected = protected.reset_index(drop=True)
    raw = raw.reset_index(drop=True)
    base_mask = np.ones(len(protected), dtype=bool)
    for d in dims:
        if d not in varying:
            base_mask &= (protected[d] == ALLA).to_numpy()
    keys = ["omrade", "niva", *by]
    value_cols = [x for c in columns for x in _suffixes(c)]
    if not varying or isinstance(choice[varying[0]], str):
        mask = base_mask & ((protected[varying[0]] == choice[varying[0]]).to_numpy() if varying else True)
        return protected.loc[mask, keys + value_cols].reset_index(drop=True)
    d = varying[0]
    part = base_mask & protected[d].isin(set(choice[d])).to_numpy()
    present = protected.loc[base_mask & (protected[d] != ALLA).to_numpy(), keys].drop_duplicates()
    out = protected.loc[base_mask & (protected[d] == ALLA).to_numpy(), keys].merge(present, on=keys)
    out = out.reset_index(drop=True)
    grouping = [protected.loc[part, k] for k in keys]
    idx = pd.MultiIndex.from_frame(out[keys])
    for c in columns:
        rows = protected.loc[part]
        value = raw.loc[part, c].groupby(grouping).sum().reindex(idx, fill_value=0).to_numpy(dtype="float64")
        all_shown = (rows[f"{c}_status"] == Status.VISAD).groupby(grouping).all().reindex(idx, fill_value=True)
        lo = rows[f"{c}_min"].groupby(grouping).sum().reindex(idx, fill_value=0).to_numpy(dtype="float64")
        hi = rows[f"{c}_max"].groupby(grouping).sum().reindex(idx, fill_value=0).to_numpy(dtype="float64")
        visible = all_shown.to_numpy(dtype=bool)
        status_s = pd.Series(np.where(visible, Status.VISAD.value, Status.SEKUNDAR.value), dtype="str")
        out[c] = pd.Series(value, dtype="float64").where(visible)
        out[f"{c}_status"] = status_s
        out[f"{c}_visning"] = disclosure.display_counts(pd.Series(value, dtype="float64"), status_s, m)
        out[f"{c}_min"] = np.where(visible, value, lo)
        out[f"{c}_max"] = np.where(visible, value, hi)
    return out[keys + value_cols]


class _Memo:
    """A small thread-safe LRU cache for protected tables (tenths of a second to compute
    at national scale, reused by every kön/age/level/outcome view and every förbund's or
    kommun's view of the same selection context: _context drops those filters)."""

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

    def has(self, key: tuple) -> bool:
        with self.lock:
            return key in self.items

    def peek(self, key: tuple) -> Any:
        """The kept value, or None (nothing is computed)."""
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
            return self.items.get(key)

    def put(self, key: tuple, value: Any) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


_memo = _Memo()
_unit_memo = _Memo(16)  # units() tables: small, asked for twice by the map


def _context(urval: Urval) -> tuple[Urval, tuple[str, ...]]:
    """The selection the protected table is computed for, and its dimensions.

    Förbund and kommun filters never narrow the table (all units are compared, and the
    county is the same selection without them); kön and age group are dimensions of it,
    except that a selection of both keeps kön as a filter (the table is then areas × age
    groups within that kön). The denominator choice does not change the counts.
    """
    plain = urval.with_(forbund=(), kommun=(), namnare="alla")
    if urval.kon and urval.aldersgrupp:
        return plain.with_(aldersgrupp=()), ("alder",)
    return plain.with_(kon=(), aldersgrupp=()), DIMENSIONS


def _database(con: duckdb.DuckDBPyConnection) -> tuple:
    """Which database and data version a connection (or a page's snapshot) reads: one query
    (jamfor_databas.sql), asked once per public function and passed on."""
    rows = sql.rows(con, "jamfor_databas")
    return (rows[0][0], rows[0][1]) if rows else ("", store.data_version(con))


def _protected(con: duckdb.DuckDBPyConnection, query: str, context: Urval, dims: tuple[str, ...],
               columns: Sequence[str], db: tuple | None = None) -> list[tuple[pd.DataFrame, pd.DataFrame, list[str]]]:
    """The protected tables of a context that hold `columns`: (protected, raw, which of the
    columns it holds), each column's display text made in the caller's language.

    Each column is memoised on its own (columns are protected independently, so one at a
    time gives the same result as all at once); those not memoised yet are protected in one
    pass, which builds the table and its sums only once, so usually one table holds them
    all. `db`: _database(con), when the caller has it.
    """
    limits = config.disclosure()
    db = _database(con) if db is None else db
    levels = {d: JAMFOR_LEVELS[d] for d in dims}
    columns = list(dict.fromkeys(columns))

    def key(c: str) -> tuple:
        return (db, query, context.key(), dims, c, limits)

    def make(column: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        cells = _memo.get((db, query, context.key(), "cells"), lambda: sql.frame(con, query, context.params()))
        batch = [column, *(c for c in columns if c != column and not _memo.has(key(c)))]
        protected, raw = protect_cells(cells, kommun_forbund(), dims, batch, levels=levels)
        for c in batch[1:]:
            _memo.put(key(c), (protected, raw))
        return protected, raw

    tables: dict[int, tuple[pd.DataFrame, pd.DataFrame, list[str]]] = {}
    for c in columns:
        protected, raw = _memo.get(key(c), lambda: make(c))
        tables.setdefault(id(protected), (protected, raw, []))[2].append(c)
    # The memo is shared by both UI languages; the display text ("1 234") is made now, in the
    # caller's ("1,234" in English), on a copy.
    return [(protected.assign(**{f"{c}_visning": disclosure.display_counts(
                protected[c], protected[f"{c}_status"], limits.min_count) for c in held}), raw, held)
            for protected, raw, held in tables.values()]


def _joined(parts: list[pd.DataFrame], on: list[str], columns: Sequence[str]) -> pd.DataFrame:
    """Frames of the same rows, each with some count columns (and their suffixes), as one:
    the keys `on`, then the columns in the order asked for."""
    out = parts[0]
    for part in parts[1:]:
        out = out.merge(part, on=on)
    return out[[*on, *(x for c in columns for x in _suffixes(c))]] if len(parts) > 1 else out


def area_counts(con: duckdb.DuckDBPyConnection, urval: Urval, columns: Sequence[str],
                db: tuple | None = None) -> pd.DataFrame:
    """One row per area (kommuner in MIA, förbund, LAN; columns omrade, niva) for the
    selection: each count column after disclosure control (c, c_status, c_visning, c_min,
    c_max). Kommun rows are missing when the selection picks age groups (not published per
    kommun)."""
    context, dims = _context(urval)
    choice = {d: _choice(d, urval, DIM_CODES[d]) for d in dims}
    columns = tuple(dict.fromkeys(columns))
    db = _database(con) if db is None else db
    key = ("area_counts", db, context.key(), tuple(choice.items()), columns, config.disclosure(), language())

    def make() -> pd.DataFrame:
        parts = [select_cells(protected, raw, choice, held)
                 for protected, raw, held in _protected(con, "jamfor_celler", context, dims, columns, db=db)]
        return _joined(parts, ["omrade", "niva"], columns)

    # memoised (with the language, since it holds display text): Översikt asks once per
    # selected unit, and every unit's row is in it
    return _memo.get(key, make).copy()


# ------------------------------------------------------------------------------ the unit table


def denominator_column(urval: Urval) -> str:
    return "avslutade" if urval.namnare == "avslutade" else "antal"


# A county share whose count had to be hidden (to protect a "<5" elsewhere) is still known
# to lie in a narrow range from the published cells; up to this width (percentage points)
# units are compared with the whole range, beyond it they are not compared.
MAX_REFERENCE_RANGE = 1.0
AGE_NOT_PER_KOMMUN = "åldersgrupper redovisas per förbund, inte per kommun"


def add_comparison(df: pd.DataFrame, ref_lo: Any, ref_hi: Any) -> pd.DataFrame:
    """Share, 95 % Wilson interval, status and comparison for taljare/namnare (counts after
    disclosure control), against a county share known to lie in [ref_lo, ref_hi]
    (proportions; equal when it is shown exactly; NaN when unknown).

    As stats.add_share_columns with the midpoint as reference (the share, the interval, its
    disclosure status and the classification); with a range, "högre" needs the interval
    above the whole range and "lägre" below it. Adds referens (midpoint), referens_lag,
    referens_hog (percent).
    """
    lo = np.broadcast_to(np.asarray(ref_lo, dtype="float64"), len(df)).copy()
    hi = np.broadcast_to(np.asarray(ref_hi, dtype="float64"), len(df)).copy()
    mid = (lo + hi) / 2.0
    if np.nanmax(mid, initial=0.0) > 1.0:
        raise ValueError("the county's reference range must hold proportions 0..1")
    num, den, status, low, high = stats.share_arrays(df, "taljare", "namnare")
    shown = status == Status.VISAD.value
    n = np.where(shown, den, np.nan)
    comparable = stats.classify_codes(low, high, mid, n) != stats.JAMFORS_EJ
    above = stats.classify_codes(low, high, hi, n) == stats.HOGRE
    below = stats.classify_codes(low, high, lo, n) == stats.LAGRE
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(shown, num / den, np.nan) * 100.0
    return stats.with_columns(df, {
        "andel": share, "ki_lag": low * 100.0, "ki_hog": high * 100.0, "referens": mid * 100.0,
        "jamforelse": np.where(~comparable, stats.JAMFORS_EJ, np.where(above, stats.HOGRE,
                               np.where(below, stats.LAGRE, stats.I_NIVA))),
        "andel_status": status, "referens_lag": lo * 100.0, "referens_hog": hi * 100.0,
    })


def county_range(lan: pd.Series) -> tuple[float, float]:
    """The county share (proportions lo, hi) from a row with taljare/namnare, their status
    and reader bounds (_min/_max): exact when both are shown, a range when a hidden count is
    still known within narrow bounds, (NaN, NaN) otherwise or below the minimum denominator."""
    nan = (float("nan"), float("nan"))
    min_den = config.disclosure().min_denominator
    if lan.namnare_status == Status.VISAD and lan.taljare_status == Status.VISAD:
        return (lan.taljare / lan.namnare,) * 2 if lan.namnare >= min_den else nan
    a_lo, a_hi, n_lo, n_hi = (float(lan[c]) for c in ("taljare_min", "taljare_max", "namnare_min", "namnare_max"))
    if not all(np.isfinite([a_lo, a_hi, n_lo, n_hi])) or n_lo < min_den:
        return nan
    lo, hi = a_lo / n_hi, min(a_hi / n_lo, 1.0)
    return (lo, hi) if (hi - lo) * 100.0 <= MAX_REFERENCE_RANGE else nan


def _rename_counts(df: pd.DataFrame, mapping: Mapping[str, str]) -> pd.DataFrame:
    """The count columns of `mapping`'s values (with their _status, _visning, _min, _max)
    under the keys' names; one column may appear under two names."""
    suffixes = ("", "_status", "_visning", "_min", "_max")
    out = df[[f"{old}{suffix}" for old in mapping.values() for suffix in suffixes]]
    out.columns = [f"{new}{suffix}" for new in mapping for suffix in suffixes]
    return out


def units(con: duckdb.DuckDBPyConnection, urval: Urval, niva: str = "kommun",
          utfall: str = "arbete_studier", include_county: bool = False) -> pd.DataFrame:
    """The Jämför table: one row per förbund (8) or per kommun (all 26 of the county).

    Columns: kod, namn, niva, forbund, forbund_namn, mia_status (MIA_MED, MIA_EJ,
    MIA_SENARE), vald (in the sidebar's förbund/kommun selection), folkmangd;
    deltagare / namnare / taljare with _status, _visning, _min, _max: participants, the
    share's denominator (the urval's nämnare) and numerator (the outcome), after
    disclosure control; andel, ki_lag, ki_hog, andel_status, jamforelse, referens,
    referens_lag, referens_hog (see add_comparison; percent); per_10000 (participants per
    10 000 inhabitants of the unit's kommuner in MIA, NaN when hidden or not in MIA);
    jamforelse_text (jamforelse, or "ej med i MIA" / "ej med i MIA under perioden");
    orsak (why a row has no numbers, beyond the disclosure status; usually "").
    Units outside MIA have NaN counts and shares, never 0. Sorted by name (Swedish); with
    include_county the county row (kod and niva 'lan') comes last.
    """
    if niva not in NIVAER:
        raise ValueError(f"niva must be one of {NIVAER}")
    if utfall not in UTFALL:
        raise ValueError(f"utfall must be one of {UTFALL}")
    db = _database(con)
    # memoised (with the language: it holds display text): the map asks for the same table
    # as its deck and as its frame
    key = ("units", db, urval.key(), niva, utfall, config.disclosure(), language())
    df = _unit_memo.get(key, lambda: _units(con, urval, niva, utfall, db))
    return df.copy() if include_county else df[df.niva == niva].reset_index(drop=True)


def _units(con: duckdb.DuckDBPyConnection, urval: Urval, niva: str, utfall: str, db: tuple) -> pd.DataFrame:
    """units() with the county row."""
    den = denominator_column(urval)
    counts = area_counts(con, urval, ["antal", den, utfall], db=db)
    info = _areas(urval.till)
    info = info[info.niva.isin([niva, "lan"])].reset_index(drop=True)
    # counts of each unit (a left join on kod and niva: kommuner outside MIA have none, nor
    # any kommun when the selection picks age groups)
    found = {key: i for i, key in enumerate(zip(counts.omrade.tolist(), counts.niva.tolist()))}
    at = np.array([found.get(key, -1) for key in zip(info.kod.tolist(), info.niva.tolist())], dtype=np.intp)
    hit = at >= 0
    named = _rename_counts(counts, {"deltagare": "antal", "namnare": den, "taljare": utfall})
    status = named.deltagare_status.to_numpy(dtype=object)[at]
    mia_status = info.mia_status.to_numpy(dtype=object)
    unpublished = ~hit & (mia_status != MIA_EJ)
    shown = named.deltagare_visning.to_numpy(dtype=object)[at]
    active_anyway = (mia_status == MIA_SENARE) & (~hit | (shown != "0")) & ~unpublished
    mia_status = np.where(active_anyway, MIA_MED, mia_status)
    outside = mia_status == MIA_EJ
    blank = outside | unpublished | ~hit
    columns: dict[str, Any] = {c: info[c] for c in info.columns}
    columns["mia_status"] = pd.Series(mia_status, dtype="str")
    for c in ("deltagare", "namnare", "taljare"):
        for suffix in ("", "_status", "_visning", "_min", "_max"):
            values = named[f"{c}{suffix}"].to_numpy(dtype="float64" if suffix in ("", "_min", "_max") else object)[at]
            if suffix == "_status":
                values = np.where(blank, Status.SAKNAS.value, values)
            elif suffix == "_visning":
                values = np.where(outside, NOT_IN_MIA_SYMBOL, np.where(blank, disclosure.HIDDEN_SYMBOL, values))
            else:
                values = np.where(blank, np.nan, values)
            columns[f"{c}{suffix}"] = values
    columns["orsak"] = np.where(unpublished, AGE_NOT_PER_KOMMUN, "").astype(object)
    df = pd.DataFrame(columns)
    lan = df[df.niva == "lan"].iloc[0]
    df = add_comparison(df, *county_range(lan))
    rate = stats.rate_per_10000(np.where(df.deltagare_status.to_numpy(dtype=object) == Status.VISAD.value,
                                         df.deltagare.to_numpy(), np.nan), df.folkmangd.to_numpy(dtype="float64"))
    df = stats.with_columns(df, {
        "per_10000": rate,
        "jamforelse_text": np.array([MIA_STATUS_TEXT.get(s, j) for s, j in zip(df.mia_status, df.jamforelse)],
                                    dtype=object),
        "vald": _selected(df, urval, niva).to_numpy(),
    })
    keys = [(n == "lan", swedish_key(name)) for n, name in zip(df.niva.tolist(), df.namn.tolist())]
    return df.take(sorted(range(len(df)), key=keys.__getitem__)).reset_index(drop=True)


def _selected(df: pd.DataFrame, urval: Urval, niva: str) -> pd.Series:
    members = kommun_forbund()
    if niva == "kommun":
        return df.kod.isin(urval.kommun) | df.forbund.isin(urval.forbund)
    chosen = set(urval.forbund) | {members[k] for k in urval.kommun if k in members}
    return df.kod.isin(chosen)


def county(df: pd.DataFrame) -> dict[str, Any]:
    """The county share a units() frame was compared with (percent): andel (midpoint),
    lag, hog, exakt (shown exactly rather than as a narrow range), visad."""
    rows = df[df.referens.notna()]
    if rows.empty:
        return {"andel": float("nan"), "lag": float("nan"), "hog": float("nan"), "exakt": False, "visad": False}
    r = rows.iloc[0]
    return {"andel": float(r.referens), "lag": float(r.referens_lag), "hog": float(r.referens_hog),
            "exakt": bool(r.referens_lag == r.referens_hog), "visad": True}


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
    return t(REASONS[Status(status)]).format(m=limits.min_count, d=limits.min_denominator)


def _reference_text(r: Any) -> str:
    """The county share for the table: "18.5", a range "17.9–18.0" or ".."."""
    if not np.isfinite(r.referens):
        return disclosure.HIDDEN_SYMBOL
    if r.referens_lag == r.referens_hog:
        return f"{r.referens:.1f}"
    return f"{math.floor(r.referens_lag * 10) / 10:.1f}–{math.ceil(r.referens_hog * 10) / 10:.1f}"


def table_view(df: pd.DataFrame) -> pd.DataFrame:
    """A units() frame as the table the page shows and `table jamfor` prints, all text:
    counts "123" / "<5" / "..", percentages with one decimal ("16.9") or "..", units
    outside MIA "–" with "ej med i MIA" under jamforelse, the reason for a hidden share
    under anmarkning. Columns TABLE_COLUMNS (forbund only at kommun level)."""
    outside = (df.mia_status != MIA_MED).tolist()
    share_shown = (df.andel_status == Status.VISAD).tolist()

    def pct(column: str, visible: list[bool]) -> list[str]:
        return [NOT_IN_MIA_SYMBOL if out else _one_decimal(v, vis)
                for v, vis, out in zip(df[column].tolist(), visible, outside)]

    rates = df.per_10000.tolist()
    rows = {
        "kod": df.kod.tolist(), "namn": df.namn.tolist(),
        "forbund": ["" if pd.isna(n) else n for n in df.forbund_namn.tolist()],
        "deltagare": df.deltagare_visning.tolist(),
        "per_10000": pct("per_10000", [bool(np.isfinite(v)) for v in rates]),
        "namnare": df.namnare_visning.tolist(), "taljare": df.taljare_visning.tolist(),
        "andel": pct("andel", share_shown), "ki_lag": pct("ki_lag", share_shown), "ki_hog": pct("ki_hog", share_shown),
        "lan_andel": [_reference_text(r) for r in df[["referens", "referens_lag", "referens_hog"]].itertuples(
            index=False)],
        "jamforelse": [t(j) for j in df.jamforelse_text.tolist()],
        "anmarkning": ["" if out else (t(o) if o else reason(st)) for out, o, st in zip(
            outside, df.orsak.tolist(), df.andel_status.tolist())],
    }
    out = pd.DataFrame(rows, columns=list(TABLE_COLUMNS), dtype="str")
    if len(df) and (df.niva != "kommun").all():
        out = out.drop(columns="forbund")
    return out


# ------------------------------------------------------------------------------ breakdown

KON_LABELS = {"K": "Kvinnor", "M": "Män", "X": "Okänt kön"}


def breakdown(con: duckdb.DuckDBPyConnection, urval: Urval, kod: str, utfall: str = "arbete_studier") -> pd.DataFrame:
    """One unit (a förbund or kommun in MIA, or LAN) by kön and by age group, each group
    compared with the same group in the county.

    Rows: dimension ('alla' | 'kon' | 'alder'), varde (code), etikett, namnare / taljare
    (with _status, _visning, _min, _max) and the columns of add_comparison. Always all kön
    and ages of the selection's context: the sidebar's kön and age filters are not applied
    (a breakdown within them would be another, unprotected table). Age groups only for
    förbund and the county (see JAMFOR_LEVELS); empty rare groups (okänt kön, unknown age)
    are left out (zeros are public anyway).
    """
    context, dims = _context(urval.with_(kon=(), aldersgrupp=()))
    den = denominator_column(urval)
    frames, raws = [], {}
    for protected, raw, held in _protected(con, "jamfor_celler", context, dims, (den, utfall)):
        mask = protected.omrade.isin([kod, LAN]).to_numpy()
        frames.append(protected.loc[mask, ["omrade", *dims, *(x for c in held for x in _suffixes(c))]])
        raws |= {c: raw.loc[mask] for c in held}
    df = _joined(frames, ["omrade", *dims], (den, utfall))
    df = pd.concat([df[["omrade", *dims]], _rename_counts(df, {"namnare": den, "taljare": utfall})], axis=1)
    df["dimension"] = np.where((df.kon == ALLA) & (df.alder == ALLA), "alla",
                               np.where(df.kon != ALLA, "kon", "alder"))
    df["varde"] = np.where(df.dimension == "kon", df.kon, np.where(df.dimension == "alder", df.alder, ALLA))
    unit = df[df.omrade == kod].copy()
    if unit.empty:
        raise KeyError(f"okänd enhet {kod!r}")
    raw = raws[den][raws[den].omrade == kod]
    empty = {(d, v) for d, v, rows in (("kon", "X", (raw.kon == "X") & (raw.alder == ALLA)),
                                        ("alder", OKAND_ALDER, (raw.alder == OKAND_ALDER) & (raw.kon == ALLA)))
             if raw.loc[rows, den].sum() == 0}
    unit = unit[[(d, v) not in empty for d, v in zip(unit.dimension, unit.varde)]]
    lan = df[df.omrade == LAN].set_index(["dimension", "varde"])
    ranges = [county_range(lan.loc[(d, v)]) for d, v in zip(unit.dimension, unit.varde)]
    unit = add_comparison(unit, [r[0] for r in ranges], [r[1] for r in ranges])
    unit["etikett"] = [_group_label(d, v) for d, v in zip(unit.dimension, unit.varde)]
    unit["_o1"] = unit.dimension.map({"alla": 0, "kon": 1, "alder": 2})
    unit["_o2"] = [(*DIM_CODES.get(d, ()), v).index(v) for d, v in zip(unit.dimension, unit.varde)]
    unit = unit.sort_values(["_o1", "_o2"]).drop(columns=["_o1", "_o2", "kon", "alder", "omrade"])
    return unit.reset_index(drop=True)


def _group_label(dimension: str, value: str) -> str:
    if dimension == "alla":
        return "Alla"
    if dimension == "kon":
        return KON_LABELS.get(value, value)
    return "Okänd ålder" if value == OKAND_ALDER else f"{value} år"


# ------------------------------------------------------------------------------ trend


def trend_context(urval: Urval) -> Urval:
    """The selection the trend's protected table is computed for: every unit is compared,
    kön is a dimension, and the exits of each half-year are counted (population and
    denominator do not apply)."""
    return urval.with_(forbund=(), kommun=(), kon=(), population="inskrivna", namnare="alla")


_half_year_memo = _Memo(256)  # Jämför's trend: one protected half-year per entry


def _trend_cells(con: duckdb.DuckDBPyConnection, context: Urval, columns: tuple[str, ...],
                 kon: Sequence[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The trend's protected cells (protect_cells: protected, raw) for the half-years of the
    context's period. `kon`: the kön rows the caller reads (None: all); other rows may be
    left out.

    Why in pieces: the trend is protected one half-year at a time, and a half-year's cells
    (the exits of the whole half-year) do not depend on the period that includes it.
    Without dimension filters the half-years were protected at the last import and are read
    from the database (mia.kept_trend), only the rows asked for; otherwise each is protected
    here and kept in memory on its own, so a period change protects only the half-years not
    seen before (a national period change: the trend was three quarters of Jämför's time).
    """
    limits = config.disclosure()
    db = _database(con)
    every_period = context.with_(fran=date.min, till=date.max).key()

    def key(halvar: str) -> tuple:
        return (db, "jamfor_trend", every_period, columns, limits, halvar)

    pieces = {h: _half_year_memo.peek(key(h)) for h in kept_trend.half_years(context.fran, context.till)}
    missing = [h for h, piece in pieces.items() if piece is None]
    tables: list[tuple[pd.DataFrame, pd.DataFrame]] = []
    if missing and kept_trend.applies_to(context, columns):
        kept = kept_trend.read(con, missing, columns, kon)
        if kept is not None:
            tables.append(kept)
            found = set(kept[0].halvar.unique().tolist())
            missing = [h for h in missing if h not in found]  # outside the data: protected below
    if missing:
        cells = _memo.get((db, "jamfor_trend", context.key(), "cells"),
                          lambda: sql.frame(con, "jamfor_trend", context.params()))
        _keep_half_years(pieces, protect_cells(cells[cells.halvar.isin(missing)], kommun_forbund(), ("kon",),
                                               list(columns), by=("halvar",),
                                               levels={"kon": JAMFOR_LEVELS["kon"]}), key)
    # The memoised half-years' rows, taken once from each table they were protected in.
    sources: dict[int, tuple[pd.DataFrame, pd.DataFrame, list[np.ndarray]]] = {}
    for protected, raw, rows in (piece for piece in pieces.values() if piece is not None):
        sources.setdefault(id(protected), (protected, raw, []))[2].append(rows)
    tables += [(p.take(np.concatenate(rows)), r.take(np.concatenate(rows))) for p, r, rows in sources.values()]
    protected = pd.concat([p for p, _ in tables], ignore_index=True) if len(tables) > 1 else tables[0][0]
    raw = pd.concat([r for _, r in tables], ignore_index=True) if len(tables) > 1 else tables[0][1]
    protected = protected[kept_trend.protected_columns(columns)]
    # Shared by both UI languages: the display text ("1 234", "1,234") is made in the caller's.
    shown = {f"{c}_visning": disclosure.display_counts(protected[c], protected[f"{c}_status"], limits.min_count)
             for c in columns}
    return protected.assign(**shown), raw.reset_index(drop=True)


def _keep_half_years(pieces: dict[str, Any], tables: tuple[pd.DataFrame, pd.DataFrame],
                     key: Callable[[str], tuple]) -> None:
    """Each half-year of a protected table (protected, raw) as its piece of the trend, kept
    in the memo: the frames it came from and its rows in them (no copy)."""
    protected, raw = (frame.reset_index(drop=True) for frame in tables)
    for h, rows in protected.groupby("halvar", sort=False).indices.items():
        pieces[h] = (protected, raw, rows)
        _half_year_memo.put(key(h), pieces[h])


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
    by = ("halvar",)
    choice = _choice("kon", urval, KON_CODES)
    rows = [ALLA, *((choice,) if isinstance(choice, str) else choice)]  # the kön rows select_cells reads
    protected, raw = _trend_cells(con, trend_context(urval), ("avslutade", utfall), kon=rows)
    df = select_cells(protected, raw, {"kon": choice}, ["avslutade", utfall], by=by)
    df = pd.concat([df[["omrade", "niva", "halvar"]],
                    _rename_counts(df, {"namnare": "avslutade", "taljare": utfall})], axis=1)
    df = df.rename(columns={"omrade": "kod"})
    keep = set(koder) if koder is not None else set(df.kod[df.niva == niva])
    df = df[df.kod.isin(keep | {LAN})].copy()
    info = areas(urval.till).set_index("kod")
    df["namn"] = df.kod.map(info.namn)
    ranges = {h: county_range(r) for h, r in df[df.kod == LAN].set_index("halvar").iterrows()}
    halvar = df.halvar.to_numpy(dtype=object)
    df = add_comparison(df, [ranges[h][0] for h in halvar], [ranges[h][1] for h in halvar])
    df["avslutade"] = df.namnare
    df["avslutade_status"] = df.namnare_status
    df["avslutade_visning"] = df.namnare_visning
    df["_o"] = swedish_keys(df.namn)
    df = df.sort_values(["_o", "halvar"]).drop(columns=["_o"]).reset_index(drop=True)
    return df


def clear_cache() -> None:
    """Forget memoised protected tables (tests that change thresholds or data)."""
    _memo.clear()
    _unit_memo.clear()
    _half_year_memo.clear()


def selection_cell(con: duckdb.DuckDBPyConnection, urval: Urval,
                   columns: Sequence[str] = COUNTS) -> pd.Series | None:
    """The protected cell a selection of one area equals, for other pages to show the same
    protected counts as Jämför (a page that shows a count Jämför hides would undo its
    protection): one kommun, one förbund, or neither (the county), with the selection's
    kön/age choice. Index: c, c_status, c_visning, c_min, c_max per column. None when the
    selection is not one cell of the protected table (several kommuner, kommun and förbund
    together, an age group for a kommun)."""
    if len(urval.kommun) > 1 or len(urval.forbund) > 1 or (urval.kommun and urval.forbund):
        return None
    kod = urval.kommun[0] if urval.kommun else urval.forbund[0] if urval.forbund else LAN
    rows = area_counts(con, urval, columns)
    hit = rows[rows.omrade == kod]
    return None if hit.empty else hit.iloc[0].drop(["omrade", "niva"])
