"""Disclosure control: which counts and shares may be shown, and how hidden ones look.

Rules (DESIGN.md, "Disclosure control"; thresholds from config.disclosure()):

1. Primary: a count of 1..min_count-1 people is shown as "<5" (status "liten"). A count of
   0 IS shown: "nobody" reveals nothing about any person, and hiding zeros would hide
   which kommuner simply had no participants. Zeros are also never used as secondary
   suppressions, because a ".." that can only be 0 protects nothing.
2. Secondary: wherever a total is the sum of its parts (kommuner → förbund → county,
   K + M + X = alla, or any `Hierarchy` the caller declares), more cells are hidden
   (status "sekundar", shown as "..") until no hidden value can be worked out from the
   shown ones. After `protect_table` / `apply_hierarchy` (or a warning that says not):
   a. no sum has exactly one hidden cell (so no "total minus the other parts");
   b. no hidden value follows exactly from any combination of sums and differences of
      the shown totals and parts (checked with linear algebra);
   c. no count 1..4 is pinned to one number by combining the sums with what the symbols
      say ("<5" means 1..4; ".." means at least 5, since zeros are never hidden), e.g.
      two "<5" in a total that leaves 2 must both be 1 (checked by interval propagation).
      When hiding more cannot help (a "<5" total of four "<5" parts: all must be 1), one
      of those "<5" is shown as ".." instead ("sekundar"), which says less.
   The cover cell is the smallest shown non-zero part of the sum; a total only when no
   part is left, because a hidden total spreads to the level above.
   Known limits: (c) is propagation, not a full integer-programming attack, and a "<5"
   may still be narrowed (to 1..2, say) without being pinned. A total that is published
   but not in the frame you protect is not protected against: protect the whole table
   (all levels, all totals) once, then filter for display, and protect every published
   table from the same frame so that two tables cannot be combined.
   How it stays fast (290 kommuner × kön × half-years in a few tens of milliseconds): the
   cells are protected one block of linked sums at a time, a cell per fix; after each fix
   the linear audit is updated, not redone (the hidden cell's column joins a running
   Gauss-Jordan elimination), and the interval audit propagates over all sums at once,
   only for the hidden cells linked to what changed. These loops run compiled
   (`mia.suppression`, numba). The result is the same as auditing from scratch after
   every fix (tests/test_disclosure_equivalence.py compares with that plain version).
3. Shares: shown only if both counts are shown and the denominator is at least
   min_denominator (status "namnare" otherwise). A share is hidden whenever its
   numerator is hidden, because share × denominator gives the numerator back (and the
   Wilson interval gives away both); see `share_status`.
   Not protected: the complement (denominator minus numerator, e.g. "48 of 50" reveals
   that 2 did not); declare it as a count with a hierarchy if it must be protected.

A hidden value is NaN in numeric columns, never 0, so no chart can draw it as zero; its
status travels in a `<col>_status` column to every output.
"""
from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from mia import config, suppression

STATUS_SUFFIX = "_status"
DISPLAY_SUFFIX = "_visning"
HIDDEN_SYMBOL = ".."
NBSP = "\u00a0"


class Status(StrEnum):
    """Disclosure status of one value; stored as its plain string in data frames."""

    VISAD = "visad"  # shown
    LITEN = "liten"  # primary: count 1..min_count-1 ("<5")
    SEKUNDAR = "sekundar"  # secondary: hidden so that a primary cannot be recovered
    NAMNARE = "namnare"  # share whose denominator is below min_denominator
    SAKNAS = "saknas"  # no value in the data


HIDDEN: frozenset[str] = frozenset({Status.LITEN, Status.SEKUNDAR, Status.NAMNARE, Status.SAKNAS})

_NOTES: dict[tuple[str, str, str], str] = {
    ("sv", "antal", Status.LITEN): "Färre än {m} personer; visas inte för att skydda enskilda.",
    ("sv", "antal", Status.SEKUNDAR): (
        "Visas inte, så att ett skyddat värde inte kan räknas fram ur summor och övriga delar."
    ),
    ("sv", "antal", Status.NAMNARE): "Visas inte: färre än {d} personer i underlaget.",
    ("sv", "antal", Status.SAKNAS): "Uppgift saknas.",
    ("sv", "andel", Status.LITEN): "Andelen visas inte: den bygger på färre än {m} personer.",
    ("sv", "andel", Status.SEKUNDAR): (
        "Andelen visas inte, så att ett skyddat antal inte kan räknas fram."
    ),
    ("sv", "andel", Status.NAMNARE): "Andelen visas inte: färre än {d} personer i underlaget.",
    ("sv", "andel", Status.SAKNAS): "Uppgift saknas.",
    ("en", "antal", Status.LITEN): "Fewer than {m} people; not shown to protect individuals.",
    ("en", "antal", Status.SEKUNDAR): (
        "Not shown, so that a protected value cannot be worked out from totals and other parts."
    ),
    ("en", "antal", Status.NAMNARE): "Not shown: fewer than {d} people in the base.",
    ("en", "antal", Status.SAKNAS): "No data.",
    ("en", "andel", Status.LITEN): "Share not shown: it rests on fewer than {m} people.",
    ("en", "andel", Status.SEKUNDAR): (
        "Share not shown, so that a protected count cannot be worked out."
    ),
    ("en", "andel", Status.NAMNARE): "Share not shown: fewer than {d} people in the base.",
    ("en", "andel", Status.SAKNAS): "No data.",
}


def status_note(
    status: str,
    kind: str = "antal",
    lang: str = "sv",
    min_count: int | None = None,
    min_denominator: int | None = None,
) -> str:
    """The footnote explaining a hidden value ("" for a shown one), thresholds filled in.

    kind is "antal" (a count) or "andel" (a share); lang "sv" or "en". Thresholds default
    to the configuration, as everywhere else in this module.
    """
    if status == Status.VISAD:
        return ""
    limits = config.disclosure()
    m = limits.min_count if min_count is None else min_count
    den = limits.min_denominator if min_denominator is None else min_denominator
    return _NOTES[(lang, kind, Status(status))].format(m=m, d=den)


def small_symbol(min_count: int | None = None) -> str:
    """The symbol for a primary-suppressed count, "<5" with the default threshold."""
    return f"<{_min_count(min_count)}"


def _min_count(min_count: int | None) -> int:
    return config.disclosure().min_count if min_count is None else min_count


def format_count(value: float) -> str:
    """A count in the UI language's format: "1 234" (no-break space), "1,234" in English."""
    from mia import fmt

    return fmt.number(int(value))


def format_percent(value: float, decimals: int = 0) -> str:
    """A percentage in the UI language's format: "17,5 %" (decimal comma, no-break space
    before %), "17.5 %" in English."""
    from mia import fmt

    return fmt.percent(value, decimals)


def _check_counts(values: pd.Series) -> np.ndarray:
    """Counts as float64 (NaN kept); negative or fractional counts are a bug upstream."""
    array = values.to_numpy(dtype="float64", na_value=np.nan)
    known = array[np.isfinite(array)]
    if (known < 0).any() or (known != np.round(known)).any():
        raise ValueError(f"{values.name!r}: counts must be whole numbers ≥ 0")
    return array


def suppress_counts(values: pd.Series, min_count: int | None = None) -> tuple[pd.Series, pd.Series]:
    """Primary suppression: (display strings, status) for a Series of counts.

    1..min_count-1 → "<5" / "liten"; 0 and larger counts → the number / "visad"
    (0 is shown on purpose, see the module docstring); NaN → ".." / "saknas".
    """
    m = _min_count(min_count)
    status_s = pd.Series(_primary_status(_check_counts(values), m), index=values.index, dtype="str")
    return display_counts(values, status_s, m), status_s


def _primary_status(array: np.ndarray, min_count: int) -> np.ndarray:
    """Status per count by the primary rule alone (see suppress_counts)."""
    return np.where(
        ~np.isfinite(array),
        Status.SAKNAS.value,
        np.where((array >= 1) & (array < min_count), Status.LITEN.value, Status.VISAD.value),
    )


def display_counts(values: pd.Series, status: pd.Series, min_count: int | None = None) -> pd.Series:
    """Display strings for counts given their status: the number, "<5" or ".."."""
    return pd.Series(_display_texts(values.to_numpy(), status.to_numpy(dtype=object), min_count),
                     index=values.index, dtype="str")


def _display_texts(values: np.ndarray, status: np.ndarray, min_count: int | None = None) -> np.ndarray:
    """display_counts on arrays (object array of texts)."""
    shown = status == Status.VISAD
    texts = np.where(status == Status.LITEN, small_symbol(min_count), HIDDEN_SYMBOL).astype(object)
    numbers = values[shown]
    if len(numbers):  # each distinct number formatted once: tables repeat 0, 1, 2 … a lot
        unique, where = np.unique(numbers, return_inverse=True)
        from mia import fmt

        texts[shown] = np.array(fmt.whole_numbers([int(v) for v in unique.tolist()]), dtype=object)[where.ravel()]
    return texts


def display_shares(percent: pd.Series, status: pd.Series, decimals: int = 0) -> pd.Series:
    """Display strings for shares in percent: "17 %" when shown, ".." when hidden."""
    texts = [
        format_percent(p, decimals) if s == Status.VISAD and np.isfinite(p) else HIDDEN_SYMBOL
        for p, s in zip(percent.astype("float64").to_numpy(), status.to_numpy())
    ]
    return pd.Series(texts, index=percent.index, dtype="str")


def share_status(
    num: pd.Series,
    den: pd.Series,
    num_status: pd.Series,
    den_status: pd.Series,
    min_denominator: int | None = None,
    min_count: int | None = None,
) -> pd.Series:
    """Status of the share num/den: "visad" only if it gives nothing away.

    First match wins: a missing denominator → "saknas"; a hidden denominator → "namnare"
    when it is known to be below min_denominator, else its own status; a denominator
    below min_denominator (0 included) → "namnare"; a hidden numerator → its status
    (a shown share times a shown denominator would give the hidden count back);
    otherwise "visad".
    """
    limits = config.disclosure()
    min_den = limits.min_denominator if min_denominator is None else min_denominator
    statuses = share_statuses(num.astype("float64").to_numpy(), den.astype("float64").to_numpy(),
                              num_status.astype("str").to_numpy(dtype=object),
                              den_status.astype("str").to_numpy(dtype=object), min_den, _min_count(min_count))
    return pd.Series(statuses, index=num.index, dtype="str")


def share_statuses(num: np.ndarray, den: np.ndarray, num_status: np.ndarray, den_status: np.ndarray,
                   min_denominator: int, min_count: int) -> np.ndarray:
    """share_status over arrays (the rules there, in that order: first match wins), for
    callers that work on arrays (stats.add_share_columns)."""
    small_den_is_namnare = min_count <= min_denominator
    out = np.full(len(num), Status.VISAD.value, dtype=object)
    decided = np.zeros(len(num), dtype=bool)

    def rule(mask: np.ndarray, value: str) -> None:
        nonlocal decided
        mask = mask & ~decided
        out[mask] = value
        decided = decided | mask

    rule((den_status == Status.SAKNAS) | ((den_status == Status.VISAD) & ~np.isfinite(den)), Status.SAKNAS.value)
    rule(den_status == Status.LITEN, (Status.NAMNARE if small_den_is_namnare else Status.LITEN).value)
    for hidden in (Status.SEKUNDAR, Status.NAMNARE, Status.SAKNAS):
        rule(den_status == hidden, hidden.value)
    rule(den < min_denominator, Status.NAMNARE.value)
    for hidden in (Status.LITEN, Status.SEKUNDAR, Status.NAMNARE, Status.SAKNAS):
        rule(num_status == hidden, hidden.value)
    rule(~np.isfinite(num), Status.SAKNAS.value)
    return out


# --------------------------------------------------------------------------------------
# Hierarchies: which rows are sums of which other rows
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hierarchy:
    """Rows whose `column` holds a parent value equal the sum of the rows holding its
    child values, all other key columns being equal.

    `parent` maps child value → parent value; levels chain, e.g. for one area column
    {"0136": "OS", "0138": "OS", ..., "OS": "lan", "STH": "lan"} gives kommun → förbund →
    county. A remainder ("okänd" kommun, kön "X") is just another child: it must be a row
    for the sum to be checked. Missing child rows are treated as known to the reader.
    """

    column: str
    parent: Mapping[Hashable, Hashable]

    @classmethod
    def total(cls, column: str, parts: Iterable[Hashable], total: Hashable) -> Hierarchy:
        """A one-level hierarchy: total = sum of parts (e.g. kön K, M, X → "alla")."""
        return cls(column, {part: total for part in parts})


@dataclass(frozen=True)
class Group:
    """One additive constraint: row `parent` = sum of rows `children` (row positions)."""

    parent: int
    children: tuple[int, ...]
    column: str

    @property
    def cells(self) -> tuple[int, ...]:
        return (*self.children, self.parent)


def _key_columns(frame: pd.DataFrame, hierarchies: Sequence[Hierarchy], by: Sequence[str]) -> list[str]:
    keys = list(dict.fromkeys([h.column for h in hierarchies] + list(by)))
    missing = [k for k in keys if k not in frame.columns]
    if missing:
        raise KeyError(f"key columns not in the frame: {missing}")
    if frame[keys].isna().any().any():
        raise ValueError(f"key columns {keys} must not be empty; give totals a code such as 'alla'")
    duplicated = frame.duplicated(subset=keys)
    if duplicated.any():
        first = frame.loc[duplicated, keys].iloc[0].to_dict()
        raise ValueError(
            f"rows are not unique on {keys} (e.g. {first}); add the missing dimension to `by`"
        )
    return keys


def build_groups(
    frame: pd.DataFrame, hierarchies: Sequence[Hierarchy], by: Sequence[str] = ()
) -> Sequence[Group]:
    """The additive constraints that the rows of `frame` satisfy.

    The rows must be unique on the hierarchy columns plus `by` (the other dimensions,
    e.g. period); a ValueError says so otherwise, because a forgotten dimension would
    silently mix unrelated rows. A group is formed only where the parent row is present.
    Groups come per hierarchy, by parent row; children in the order of the hierarchy's
    mapping, then by row.
    """
    keys = _key_columns(frame, hierarchies, by)
    rows = _RowKeys(frame, keys)
    cells, sizes, columns = [np.zeros(0, np.intp)], [np.zeros(0, np.intp)], []
    for h in hierarchies:
        _check_codes(frame[h.column], h)
        terms_cell, terms_size = rows.groups(keys.index(h.column), h)
        cells.append(terms_cell)
        sizes.append(terms_size)
        columns.append((h.column, len(terms_size)))
    return _GroupList(_Terms.from_cells(np.concatenate(cells), np.concatenate(sizes)), columns)


class _GroupList(Sequence[Group]):
    """build_groups' result: the sums as flat terms (`_Terms`), the form every audit takes,
    with Group objects made only when someone looks at them (thousands of them per national
    view cost tens of milliseconds, and only tests and callers' own checks read them).
    Compares equal to a list of the same Groups."""

    def __init__(self, terms: _Terms, columns: list[tuple[str, int]]) -> None:
        self.terms = terms
        self.columns = columns  # (hierarchy column, how many of the groups), in order

    @property
    def parents(self) -> np.ndarray:
        """Each group's total (its last term)."""
        return self.terms.cell[self.terms.starts()[1:] - 1]

    @functools.cached_property
    def _groups(self) -> list[Group]:
        return self.terms.groups([name for name, count in self.columns for _ in range(count)])

    def __len__(self) -> int:
        return self.terms.n_groups

    def __getitem__(self, index):  # type: ignore[override]
        return self._groups[index]

    def __iter__(self) -> Iterator[Group]:
        return iter(self._groups)

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._groups)


class _RowKeys:
    """The key columns as integer codes, so that each row's parent row is found with array
    arithmetic and a binary search instead of a tuple and a dict lookup per row (why: that
    was 80 ms of a national Jämför view)."""

    def __init__(self, frame: pd.DataFrame, keys: list[str]) -> None:
        factorized = [pd.factorize(frame[k], use_na_sentinel=False) for k in keys]
        self.codes = [np.asarray(codes, dtype=np.int64) for codes, _ in factorized]
        self.uniques = [list(uniques) for _, uniques in factorized]
        self.n = len(frame)

    def _key(self, col: int) -> np.ndarray:
        """A number per row that is unique (the rows are unique on the keys): the other key
        columns renumbered 0..n-1 together, times the size of column `col`, plus its code.
        Renumbering after each column keeps every number below n², whatever the columns."""
        rest = np.zeros(self.n, dtype=np.int64)
        for i, codes in enumerate(self.codes):
            if i != col:
                rest = pd.factorize(rest * (len(self.uniques[i]) + 1) + codes)[0].astype(np.int64)
        return rest * (len(self.uniques[col]) + 1) + self.codes[col]

    def groups(self, col: int, h: Hierarchy) -> tuple[np.ndarray, np.ndarray]:
        """One hierarchy's groups as flat terms (each group's children, then its parent) and
        each group's size: each row whose value in column `col` is a child finds the row
        with the parent value there and the same other keys; by parent row, children in
        the order of the hierarchy's mapping, then by row."""
        uniques = self.uniques[col]
        position = {value: i for i, value in enumerate(uniques)}
        rank = {child: i for i, child in enumerate(h.parent)}
        rank_of = np.array([rank.get(u, -1) for u in uniques], dtype=np.int64)
        parent_of = np.array([position.get(h.parent[u], -1) if u in rank else -1 for u in uniques], dtype=np.int64)
        key = self._key(col)
        order = np.argsort(key, kind="stable")
        sorted_key = key[order]
        codes = self.codes[col]
        child = np.flatnonzero(parent_of[codes] >= 0) if len(uniques) else np.zeros(0, dtype=np.intp)
        wanted = key[child] + (parent_of[codes[child]] - codes[child])
        at = np.minimum(np.searchsorted(sorted_key, wanted), max(len(sorted_key) - 1, 0))
        found = sorted_key[at] == wanted if len(child) else np.zeros(0, dtype=bool)
        child, parent = child[found], order[at[found]]
        sort = np.lexsort((child, rank_of[codes[child]], parent))
        child, parent = child[sort], parent[sort]
        starts = np.flatnonzero(np.r_[True, parent[1:] != parent[:-1]]) if len(parent) else np.zeros(0, np.intp)
        ends = np.r_[starts[1:], len(parent)].astype(np.intp)
        parents = parent[starts]
        sizes = (ends - starts + 1).astype(np.intp)
        cells = np.empty(len(child) + len(starts), dtype=np.intp)  # per group: children, then parent
        total_at = np.cumsum(sizes) - 1
        is_child = np.ones(len(cells), dtype=bool)
        is_child[total_at] = False
        cells[is_child], cells[total_at] = child, parents
        return cells, sizes


def _check_codes(values: pd.Series, hierarchy: Hierarchy) -> None:
    """Fail loudly when no value matches the mapping (typically int vs "0136" codes)."""
    known = set(hierarchy.parent) | set(hierarchy.parent.values())
    if len(values) and not any(v in known for v in values.unique()):
        raise ValueError(f"no value of column {hierarchy.column!r} occurs in its Hierarchy")


# --------------------------------------------------------------------------------------
# Secondary suppression
# --------------------------------------------------------------------------------------


def _attacker_bounds(values: np.ndarray, status: np.ndarray, min_count: int) -> tuple[np.ndarray, np.ndarray]:
    """What a reader knows about each cell: shown → its value; "<5" → 1..4; ".." → ≥ 5.

    ".." means at least min_count because zeros are never hidden and 1..4 show as "<5";
    the exception is a small count whose "<5" had to become ".." (see _suppress), for
    which we assume only ≥ 1.
    """
    return suppression.attacker_bounds(np.asarray(values, dtype=np.float64), status != Status.VISAD,
                                       status == Status.LITEN, min_count)


@dataclass(frozen=True)
class _Terms:
    """Groups as one flat list of terms (group, cell, sign): the form the audits take, so
    that they run over all sums at once instead of one Python call per sum."""

    group: np.ndarray  # group position of each term
    cell: np.ndarray  # cell of each term
    sign: np.ndarray  # +1 for a part, -1 for the total
    n_groups: int

    @classmethod
    def of(cls, groups: Sequence[Group]) -> _Terms:
        known = getattr(groups, "terms", None)  # build_groups made them already
        if known is not None:
            return known
        sizes = np.array([len(g.children) + 1 for g in groups], dtype=np.intp)
        cell = np.fromiter((c for g in groups for c in g.cells), dtype=np.intp, count=int(sizes.sum()))
        return cls.from_cells(cell, sizes)

    @classmethod
    def from_cells(cls, cell: np.ndarray, sizes: np.ndarray) -> _Terms:
        """Terms from the cells of each group in turn (parts, then the total) and the groups'
        sizes."""
        sign = np.ones(len(cell))
        sign[np.cumsum(sizes) - 1] = -1.0
        return cls(np.repeat(np.arange(len(sizes), dtype=np.intp), sizes), cell, sign, len(sizes))

    def starts(self) -> np.ndarray:
        """Where each group's terms start (and, last, where they end): group g's terms are
        starts[g]:starts[g + 1], its total the last of them."""
        return np.r_[0, np.cumsum(np.bincount(self.group, minlength=self.n_groups))].astype(np.int64)

    def groups(self, columns: Sequence[str]) -> list[Group]:
        """The terms as Groups again, with each group's hierarchy column."""
        cells, bounds = self.cell.tolist(), self.starts().tolist()
        return [Group(cells[b - 1], tuple(cells[a:b - 1]), column)
                for a, b, column in zip(bounds[:-1], bounds[1:], columns)]

    def subset(self, keep_groups: np.ndarray) -> _Terms:
        """The terms of the groups where keep_groups (bool per group) is True."""
        keep = keep_groups[self.group]
        return _Terms(self.group[keep], self.cell[keep], self.sign[keep], self.n_groups)

    def hidden_groups(self, hidden: np.ndarray) -> np.ndarray:
        """Bool per group: does it hold a hidden cell? Only those can narrow anything."""
        return np.bincount(self.group, weights=hidden[self.cell], minlength=self.n_groups) > 0


def _propagate(lo: np.ndarray, hi: np.ndarray, terms: _Terms, constants: np.ndarray, rounds: int) -> None:
    """Narrow the integer bounds (lo, hi) in place until no sum narrows them further.

    Each constraint is sum(parts) - total = constant, so each term equals the constant
    minus the other terms, whose range follows from their bounds. All sums are applied at
    once per round (the narrowing operators are monotone, so the fixed point is the same
    as applying them one sum at a time); cells known exactly are folded into the
    constants first. Compiled: `suppression.propagate`.
    """
    suppression.propagate(lo, hi, terms.group.astype(np.int64, copy=False), terms.cell.astype(np.int64, copy=False),
                          terms.sign.astype(np.float64, copy=False), terms.n_groups,
                          np.asarray(constants, dtype=np.float64), rounds)


def _constants(values: np.ndarray, groups: Sequence[Group], terms: _Terms | None = None) -> np.ndarray:
    """sum(children) - parent per group, from the true values (known to the reader)."""
    terms = _Terms.of(groups) if terms is None else terms
    return np.bincount(terms.group, weights=terms.sign * values[terms.cell], minlength=terms.n_groups)


def pinned_by_bounds(
    values: np.ndarray, status: np.ndarray, groups: Sequence[Group], min_count: int, sweeps: int = 1000
) -> np.ndarray:
    """Hidden cells a reader can pin to one number from the sums plus what "<5"/".." say.

    Interval constraint propagation: sound (never pins a wrong value) but not complete.
    `sweeps` bounds the rounds of propagation (each round applies every sum once).
    """
    values = np.asarray(values, dtype="float64")
    status = np.asarray(status, dtype=object)
    hidden = status != Status.VISAD
    lo, hi = _attacker_bounds(values, status, min_count)
    if groups:
        terms = _Terms.of(groups)
        _propagate(lo, hi, terms.subset(terms.hidden_groups(hidden)), _constants(values, groups, terms), sweeps)
    return hidden & (lo == hi)


def reader_bounds(
    shown: np.ndarray, status: np.ndarray, groups: Sequence[Group], min_count: int | None = None,
    sweeps: int = 1000,
) -> tuple[np.ndarray, np.ndarray]:
    """What any reader can work out about each cell: (lo, hi) from the shown values, the
    symbols ("<5" → 1..min_count-1, ".." → at least 1, since zeros are never hidden) and
    the sums (each group's parts add up to its total).

    Unlike the audit's attacker (`_attacker_bounds`), this uses nothing but published
    information (`shown` may hold anything, e.g. NaN, where the status is hidden), so the
    bounds themselves may be published: e.g. a county share whose numerator had to be
    hidden to protect a "<5" is still known to lie between two close values.
    """
    m = _min_count(min_count)
    status = np.asarray(status, dtype=object)
    hidden = status != Status.VISAD
    known = np.where(hidden, 0.0, np.asarray(shown, dtype="float64"))
    lo = np.where(hidden, 1.0, known)
    hi = np.where(hidden, math.inf, known)
    small = status == Status.LITEN
    hi[small] = float(m - 1)
    if groups:
        terms = _Terms.of(groups)
        _propagate(lo, hi, terms.subset(terms.hidden_groups(hidden)), np.zeros(terms.n_groups), sweeps)
    return lo, hi


def linearly_determined(status: np.ndarray, groups: Sequence[Group]) -> np.ndarray:
    """Hidden cells whose value follows from sums and differences of the shown cells.

    A hidden cell is determined exactly when its unit vector lies in the row space of the
    constraints restricted to the hidden cells, i.e. when every null-space vector is zero
    at that cell. Solved per block of cells linked by sums, to keep the matrices small, by
    Gauss-Jordan elimination one hidden cell at a time (`suppression.eliminate`).
    """
    status = np.asarray(status, dtype=object)
    result = np.zeros(len(status), dtype=bool)
    for block in _local_blocks(len(status), groups):
        hidden = status[block.cells] != Status.VISAD
        t = block.terms
        result[block.cells] = suppression.linearly_determined(len(block.cells), t.n_groups, t.group, t.cell,
                                                              t.sign, hidden)
    return result


def _sensitive(values: np.ndarray, min_count: int) -> np.ndarray:
    """The values the rules protect: counts 1..min_count-1, whatever their symbol."""
    return (values >= 1) & (values < min_count)


def exposed_cells(
    values: np.ndarray, status: np.ndarray, groups: Sequence[Group], min_count: int | None = None
) -> np.ndarray:
    """Hidden cells a reader could work out; empty after `secondary_suppression`.

    Any hidden cell alone in a sum or determined by linear algebra, and any small count
    (1..min_count-1) pinned by interval reasoning.
    """
    m = _min_count(min_count)
    values = np.asarray(values, dtype="float64")
    status = np.asarray(status, dtype=object)
    exposed = linearly_determined(status, groups)
    exposed |= pinned_by_bounds(values, status, groups, m) & _sensitive(values, m)
    return exposed


@dataclass(frozen=True)
class _Block:
    """One block of sums, renumbered to positions among its cells: what the suppressor
    needs about the table's shape, built once and shared by every count column."""

    cells: np.ndarray  # positions in the whole table, sorted
    terms: _Terms  # group by group: the parts, then the total, in local positions
    group_start: np.ndarray  # group g's terms: terms[group_start[g]:group_start[g + 1]]
    cell_start: np.ndarray  # the groups of local cell c: cell_groups[cell_start[c]:cell_start[c + 1]]
    cell_groups: np.ndarray  # ascending per cell

    @property
    def groups(self) -> list[Group]:
        """The block's sums as Groups (local positions), for callers that want them."""
        return self.terms.groups([""] * self.terms.n_groups)


def _components(n: int, terms: _Terms) -> np.ndarray:
    """For each of n cells, the smallest cell it is linked to through sums (itself when in
    none): minima spread over the sums until nothing changes, each round over all sums
    at once (a round per link in the longest chain: a handful for area × kön × age)."""
    label = np.arange(n, dtype=np.intp)
    while True:
        lowest = np.full(terms.n_groups, n, dtype=np.intp)
        np.minimum.at(lowest, terms.group, label[terms.cell])
        spread = label.copy()
        np.minimum.at(spread, terms.cell, lowest[terms.group])
        spread = spread[spread]  # a cell takes its smallest link's own link at once
        if (spread == label).all():
            return label
        label = spread


def _local_blocks(n: int, groups: Sequence[Group]) -> list[_Block]:
    """The groups split into blocks that share no cell (e.g. one per period), solved apart,
    each renumbered to positions among its cells. Blocks in the order of their first
    group, groups in their order. Array work, since at national scale this was 60–80 ms
    per Jämför view as Python sets, dicts and a union-find."""
    if not groups:
        return []
    terms = _Terms.of(groups)
    parents = groups.parents if isinstance(groups, _GroupList) else np.asarray([g.parent for g in groups], np.intp)
    block_of_group = _components(n, terms)[parents]
    _, first = np.unique(block_of_group, return_index=True)
    size = np.bincount(terms.group, minlength=terms.n_groups)
    block_of_term = block_of_group[terms.group]
    local = np.empty(n, dtype=np.int64)
    blocks = []
    for root in block_of_group[np.sort(first)].tolist():
        members = np.flatnonzero(block_of_group == root)
        own = np.flatnonzero(block_of_term == root)  # the block's terms, group by group
        cells = np.unique(terms.cell[own])
        local[cells] = np.arange(len(cells))
        cell = local[terms.cell[own]]
        group = np.repeat(np.arange(len(members), dtype=np.int64), size[members])
        by_cell = np.lexsort((group, cell))
        cell_start = np.searchsorted(cell[by_cell], np.arange(len(cells) + 1)).astype(np.int64)
        block_terms = _Terms(group, cell, terms.sign[own], len(members))
        blocks.append(_Block(cells, block_terms, block_terms.starts(), cell_start, group[by_cell]))
    return blocks


def secondary_suppression(
    values: np.ndarray, status: np.ndarray, groups: Sequence[Group], min_count: int | None = None
) -> np.ndarray:
    """Status after secondary suppression (array in, array out, input not modified).

    Iterates to a fixed point across all hierarchies at once, since a cell hidden for one
    sum (e.g. a kommun's K) creates a lone hidden cell in another (that kommun's total).
    Warns if some value could not be protected (then `exposed_cells` lists it).
    """
    values = np.asarray(values, dtype="float64")
    return _suppress(values, status, _local_blocks(len(values), groups), _min_count(min_count))


def _suppress(values: np.ndarray, status: np.ndarray, blocks: Sequence[_Block], min_count: int) -> np.ndarray:
    """secondary_suppression over blocks built beforehand (shared by a table's columns).

    Per block, `suppression.suppress_block` fixes one exposure at a time until none is left
    or none can be fixed. The order of remedies for an exposed cell: first the rule of two
    (a sum with exactly one hidden cell gets a second, passing over the sums in order);
    then for a cell that follows from the sums (linear audit), hide the smallest shown
    non-zero part of one of its sums, else a shown total, else look one sum further out;
    for a small count pinned by the sums and the symbols (interval audit) the same, but
    before looking further out show a "<5" of its sums as ".." (totals first), which hides
    nothing more and says less (e.g. a "<5" total of four "<5" parts must all be 1).
    Terminates: every fix turns a shown cell or a "<5" into "..", never back.
    """
    result = np.asarray(status, dtype=object).copy()
    if np.isnan(values).any() or (result == Status.SAKNAS).any():
        raise ValueError("counts in a hierarchy must not be missing; use 0 for none")
    hidden, small = result != Status.VISAD, result == Status.LITEN
    unfixable = 0
    for block in blocks:
        secondary, exposed = suppression.suppress_block(
            values[block.cells], hidden[block.cells], small[block.cells], block.group_start, block.terms.cell,
            block.terms.sign, block.cell_start, block.cell_groups, min_count)
        result[block.cells[secondary]] = Status.SEKUNDAR.value
        unfixable += exposed
    if unfixable:
        warnings.warn(f"disclosure: {unfixable} hidden value(s) could not be fully protected", stacklevel=3)
    return result


def apply_hierarchy(
    frame: pd.DataFrame,
    value_col: str,
    hierarchies: Sequence[Hierarchy],
    *,
    by: Sequence[str] = (),
    status: pd.Series | None = None,
    min_count: int | None = None,
) -> pd.Series:
    """Status of `value_col` after primary and secondary suppression over the hierarchies.

    `status` (e.g. from suppress_counts) is the starting point; by default the primary
    rule. Returns a str Series aligned with frame.
    """
    m = _min_count(min_count)
    if status is None:
        status = suppress_counts(frame[value_col], m)[1]
    groups = build_groups(frame, hierarchies, by)
    values = _check_counts(frame[value_col])
    result = secondary_suppression(values, status.to_numpy(dtype=object), groups, m)
    return pd.Series(result, index=frame.index, dtype="str")


def protect_table(
    df: pd.DataFrame,
    count_cols: Sequence[str],
    hierarchies: Sequence[Hierarchy] = (),
    *,
    by: Sequence[str] = (),
    min_count: int | None = None,
    groups: Sequence[Group] | None = None,
) -> pd.DataFrame:
    """Disclosure-control every count column of a tidy table; returns a new frame.

    For each column c in count_cols: c becomes float64 with NaN where hidden (never 0),
    c_visning holds the Swedish display text ("1 234", "<5", "..") and c_status the Status.
    Each column is protected on its own over all `hierarchies` (rows unique on the
    hierarchy columns plus `by`). Include every denominator you will divide by in
    count_cols, so that stats.add_share_columns can hide shares built on hidden counts.
    `groups`: build_groups(df, hierarchies, by) when the caller has it already.
    """
    m = _min_count(min_count)
    if groups is None:
        groups = build_groups(df, hierarchies, by) if hierarchies else []
    blocks = _local_blocks(len(df), groups)
    counts, added = {}, {}
    for col in count_cols:
        values = _check_counts(df[col])
        status_a = _primary_status(values, m).astype(object)
        if groups:
            status_a = _suppress(values, status_a, blocks, m)
        counts[col] = np.where(status_a == Status.VISAD.value, values, np.nan)
        added[f"{col}{DISPLAY_SUFFIX}"] = pd.array(_display_texts(df[col].to_numpy(), status_a, m), dtype="str")
        added[f"{col}{STATUS_SUFFIX}"] = pd.array(status_a, dtype="str")
    # the counts replaced where they stand, the texts and statuses appended: one frame
    # operation each rather than three per column, and arrays rather than Series per
    # column (pandas' overhead was most of the time for the small tables of Profil)
    out = df.copy()
    if counts:
        out[list(counts)] = pd.DataFrame(counts, index=df.index)
    if any(name in out.columns for name in added):
        for name, column in added.items():
            out[name] = column
        return out
    return pd.concat([out, pd.DataFrame(added, index=df.index)], axis=1)
