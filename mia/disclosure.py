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

import math
import warnings
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from mia import config

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
    """A count in Swedish format: no-break space between thousands ("1 234")."""
    return f"{int(value):,}".replace(",", NBSP)


def format_percent(value: float, decimals: int = 0) -> str:
    """A percentage in Swedish format: decimal comma, no-break space before % ("17,5 %")."""
    text = f"{value:,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    return f"{text}{NBSP}%"


def _check_counts(values: pd.Series) -> np.ndarray:
    """Counts as float64 (NaN kept); negative or fractional counts are a bug upstream."""
    array = values.astype("float64").to_numpy()
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
    array = _check_counts(values)
    status = np.where(
        ~np.isfinite(array),
        Status.SAKNAS.value,
        np.where((array >= 1) & (array < m), Status.LITEN.value, Status.VISAD.value),
    )
    status_s = pd.Series(status, index=values.index, dtype="str")
    return display_counts(values, status_s, m), status_s


def display_counts(values: pd.Series, status: pd.Series, min_count: int | None = None) -> pd.Series:
    """Display strings for counts given their status: the number, "<5" or ".."."""
    small = small_symbol(min_count)
    texts = [
        format_count(v) if s == Status.VISAD else small if s == Status.LITEN else HIDDEN_SYMBOL
        for v, s in zip(values.to_numpy(), status.to_numpy())
    ]
    return pd.Series(texts, index=values.index, dtype="str")


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
    small_den_is_namnare = _min_count(min_count) <= min_den
    result = []
    for n, d, ns, ds in zip(
        num.astype("float64"), den.astype("float64"), num_status.astype("str"), den_status.astype("str")
    ):
        result.append(_one_share_status(n, d, ns, ds, min_den, small_den_is_namnare))
    return pd.Series(result, index=num.index, dtype="str")


def _one_share_status(
    n: float, d: float, ns: str, ds: str, min_den: int, small_den_is_namnare: bool
) -> str:
    if ds == Status.SAKNAS or (ds == Status.VISAD and not math.isfinite(d)):
        return Status.SAKNAS.value
    if ds == Status.LITEN:
        return (Status.NAMNARE if small_den_is_namnare else Status.LITEN).value
    if ds in HIDDEN:
        return Status(ds).value
    if d < min_den:
        return Status.NAMNARE.value
    if ns in HIDDEN:
        return Status(ns).value
    if not math.isfinite(n):
        return Status.SAKNAS.value
    return Status.VISAD.value


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
) -> list[Group]:
    """The additive constraints that the rows of `frame` satisfy.

    The rows must be unique on the hierarchy columns plus `by` (the other dimensions,
    e.g. period); a ValueError says so otherwise, because a forgotten dimension would
    silently mix unrelated rows. A group is formed only where the parent row is present.
    """
    keys = _key_columns(frame, hierarchies, by)
    rows = list(frame[keys].itertuples(index=False, name=None))
    lookup = {row: pos for pos, row in enumerate(rows)}
    groups: list[Group] = []
    for h in hierarchies:
        col = keys.index(h.column)
        children_of: dict[Hashable, list[Hashable]] = {}
        for child, parent in h.parent.items():
            children_of.setdefault(parent, []).append(child)
        _check_codes(frame[h.column], h)
        for pos, row in enumerate(rows):
            kids = [
                lookup.get(row[:col] + (child,) + row[col + 1 :]) for child in children_of.get(row[col], ())
            ]
            kids = [k for k in kids if k is not None]
            if kids:
                groups.append(Group(pos, tuple(kids), h.column))
    return groups


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
    the exception is a small count whose "<5" had to become ".." (see _Suppressor), for
    which we assume only ≥ 1.
    """
    hidden = status != Status.VISAD
    lo = np.where(hidden, np.where(values >= min_count, float(min_count), 1.0), values)
    hi = np.where(hidden, math.inf, values)
    small = status == Status.LITEN
    lo[small] = 1.0
    hi[small] = float(min_count - 1)
    return lo.astype("float64"), hi.astype("float64")


def _tighten(group: Group, lo: np.ndarray, hi: np.ndarray, constant: float) -> bool:
    """Narrow the bounds of every cell of one constraint; True if anything changed.

    The constraint is sum(children) - parent = constant. Each cell's term equals the
    constant minus the other terms, whose range follows from their bounds.
    """
    cells = group.cells
    signs = [1.0] * len(group.children) + [-1.0]
    tmin = [lo[c] if s > 0 else -hi[c] for c, s in zip(cells, signs)]
    tmax = [hi[c] if s > 0 else -lo[c] for c, s in zip(cells, signs)]
    neg_inf = sum(1 for t in tmin if t == -math.inf)
    pos_inf = sum(1 for t in tmax if t == math.inf)
    fin_min = sum(t for t in tmin if t != -math.inf)
    fin_max = sum(t for t in tmax if t != math.inf)
    changed = False
    for c, s, t_lo, t_hi in zip(cells, signs, tmin, tmax):
        if lo[c] == hi[c]:
            continue
        rest_min = -math.inf if neg_inf - (t_lo == -math.inf) > 0 else fin_min - (t_lo if t_lo != -math.inf else 0)
        rest_max = math.inf if pos_inf - (t_hi == math.inf) > 0 else fin_max - (t_hi if t_hi != math.inf else 0)
        low, high = constant - rest_max, constant - rest_min
        if s < 0:
            low, high = -high, -low
        new_lo = max(lo[c], math.ceil(low) if math.isfinite(low) else low)
        new_hi = min(hi[c], math.floor(high) if math.isfinite(high) else high)
        if new_lo != lo[c] or new_hi != hi[c]:
            lo[c], hi[c], changed = new_lo, new_hi, True
    return changed


def _constants(values: np.ndarray, groups: Sequence[Group]) -> list[float]:
    """sum(children) - parent per group, from the true values (known to the reader)."""
    return [float(values[list(g.children)].sum() - values[g.parent]) for g in groups]


def pinned_by_bounds(
    values: np.ndarray, status: np.ndarray, groups: Sequence[Group], min_count: int, sweeps: int = 100
) -> np.ndarray:
    """Hidden cells a reader can pin to one number from the sums plus what "<5"/".." say.

    Interval constraint propagation: sound (never pins a wrong value) but not complete.
    """
    lo, hi = _attacker_bounds(values, status, min_count)
    constants = _constants(values, groups)
    active = [(g, k) for g, k in zip(groups, constants) if any(status[c] != Status.VISAD for c in g.cells)]
    for _ in range(sweeps):
        if not any([_tighten(g, lo, hi, k) for g, k in active]):
            break
    return (status != Status.VISAD) & (lo == hi)


def reader_bounds(
    shown: np.ndarray, status: np.ndarray, groups: Sequence[Group], min_count: int | None = None,
    sweeps: int = 100,
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
    active = [g for g in groups if any(hidden[c] for c in g.cells)]
    for _ in range(sweeps):
        if not any([_tighten(g, lo, hi, 0.0) for g in active]):
            break
    return lo, hi


def linearly_determined(status: np.ndarray, groups: Sequence[Group]) -> np.ndarray:
    """Hidden cells whose value follows from sums and differences of the shown cells.

    A hidden cell is determined exactly when its unit vector lies in the row space of the
    constraints restricted to the hidden cells, i.e. when every null-space vector is zero
    at that cell. Solved per connected block of hidden cells to keep the matrices small.
    """
    in_groups = np.zeros(len(status), dtype=bool)
    in_groups[[c for g in groups for c in g.cells]] = True
    hidden = np.flatnonzero((status != Status.VISAD) & in_groups)
    result = np.zeros(len(status), dtype=bool)
    if len(hidden) == 0:
        return result
    column = {cell: k for k, cell in enumerate(hidden)}
    equations = []
    for g in groups:
        terms = {column[c]: (1.0 if c != g.parent else -1.0) for c in g.cells if c in column}
        if terms:
            equations.append(terms)
    for block_cols, block_eqs in _blocks(len(hidden), equations):
        matrix = np.zeros((len(block_eqs), len(block_cols)))
        where = {c: j for j, c in enumerate(block_cols)}
        for i, terms in enumerate(block_eqs):
            for c, coef in terms.items():
                matrix[i, where[c]] = coef
        for j in np.flatnonzero(_determined_columns(matrix)):
            result[hidden[block_cols[j]]] = True
    return result


def _determined_columns(matrix: np.ndarray, tol: float = 1e-9) -> np.ndarray:
    """Columns j for which x_j is fixed by matrix @ x = b, for any consistent b.

    Gauss-Jordan elimination: x_j is fixed exactly when j is a pivot column whose row has
    no weight on any free column. Plain elimination rather than an SVD because these
    matrices are small, and LAPACK's thread pool made them 20× slower on a busy machine.
    """
    a = matrix.astype("float64").copy()
    n_rows, n_cols = a.shape
    pivots: list[int] = []
    for col in range(n_cols):
        row = len(pivots)
        if row == n_rows:
            break
        best = row + int(np.argmax(np.abs(a[row:, col])))
        if abs(a[best, col]) < tol:
            continue
        a[[row, best]] = a[[best, row]]
        a[row] /= a[row, col]
        others = np.abs(a[:, col]) > tol
        others[row] = False
        a[others] -= a[others, col][:, None] * a[row][None, :]
        pivots.append(col)
    free = np.ones(n_cols, dtype=bool)
    free[pivots] = False
    determined = np.zeros(n_cols, dtype=bool)
    for row, col in enumerate(pivots):
        determined[col] = not (np.abs(a[row, free]) > tol).any()
    return determined


def _union_find(n: int, links: Iterable[Sequence[int]]) -> list[int]:
    """Root of each of n items after joining the items of every link."""
    root = list(range(n))

    def find(a: int) -> int:
        while root[a] != a:
            root[a] = root[root[a]]
            a = root[a]
        return a

    for link in links:
        first = find(link[0])
        for other in link[1:]:
            root[find(other)] = first
    return [find(a) for a in range(n)]


def _blocks(n: int, equations: list[dict[int, float]]) -> list[tuple[list[int], list[dict[int, float]]]]:
    """Split hidden cells and equations into independent blocks."""
    roots = _union_find(n, [list(terms) for terms in equations])
    cols: dict[int, list[int]] = {}
    for c in range(n):
        cols.setdefault(roots[c], []).append(c)
    eqs: dict[int, list[dict[int, float]]] = {}
    for terms in equations:
        eqs.setdefault(roots[next(iter(terms))], []).append(terms)
    return [(c, eqs.get(r, [])) for r, c in cols.items()]


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


class _Suppressor:
    """Hides cells until nothing hidden can be worked out, within one block of sums.

    Order of remedies for an exposed cell: hide the smallest shown non-zero part of one of
    its sums, else a shown total, else (for linear exposures) look one sum further out;
    a small count pinned only by the "<5" symbols (e.g. a "<5" total of four "<5" parts,
    which must all be 1) is fixed by showing a neighbouring "<5" as ".." instead.
    """

    def __init__(self, values: np.ndarray, status: np.ndarray, groups: Sequence[Group], min_count: int):
        self.values = values
        self.status = status.copy()
        self.groups = list(groups)
        self.min_count = min_count
        self.sensitive = _sensitive(values, min_count)
        self.unfixable: set[int] = set()
        self.groups_of: dict[int, list[int]] = {}
        for gi, g in enumerate(self.groups):
            for c in g.cells:
                self.groups_of.setdefault(c, []).append(gi)

    def hidden(self, cell: int) -> bool:
        return self.status[cell] != Status.VISAD

    def hide(self, cell: int) -> None:
        self.status[cell] = Status.SEKUNDAR.value

    def run(self) -> np.ndarray:
        """Fix one exposure at a time until none is left or none can be fixed.

        Terminates: every fix turns a shown cell or a "<5" into "..", never back.
        """
        while True:
            self.close_lone_groups()
            if self.fix_first(linearly_determined(self.status, self.groups), self.fix_linear):
                continue
            pinned = pinned_by_bounds(self.values, self.status, self.groups, self.min_count)
            if not self.fix_first(pinned & self.sensitive, self.fix_pinned):
                still = exposed_cells(self.values, self.status, self.groups, self.min_count)
                self.unfixable = set(np.flatnonzero(still).tolist())
                return self.status

    @staticmethod
    def fix_first(exposed: np.ndarray, fix: Callable[[int], bool]) -> bool:
        """Apply `fix` to the exposed cells in turn until one fix succeeds."""
        return any(fix(int(cell)) for cell in np.flatnonzero(exposed))

    def close_lone_groups(self) -> None:
        """The rule of two: a group with exactly one hidden cell gets a second one."""
        changed = True
        while changed:
            changed = False
            for g in self.groups:
                if sum(self.hidden(c) for c in g.cells) == 1:
                    cell = self.candidate([g])
                    if cell is not None:
                        self.hide(cell)
                        changed = True

    def candidate(self, groups: Iterable[Group]) -> int | None:
        """The cell to hide next: the smallest shown non-zero part, a total only if none.

        Parts before totals because a hidden total spreads into the hierarchy above;
        smallest because it hides the least information; never a zero (see module doc).
        """
        parts: set[int] = set()
        totals: set[int] = set()
        for g in groups:
            parts.update(c for c in g.children if not self.hidden(c) and self.values[c] > 0)
            if not self.hidden(g.parent) and self.values[g.parent] > 0:
                totals.add(g.parent)
        for pool in (parts - totals, parts, totals):
            if pool:
                return min(pool, key=lambda c: (self.values[c], c))
        return None

    def own_groups(self, cell: int) -> list[Group]:
        return [self.groups[gi] for gi in self.groups_of.get(cell, [])]

    def fix_linear(self, cell: int) -> bool:
        """Hide a candidate in the cell's sums, else one hidden cell further out."""
        return self.hide_first(self.candidate(self.own_groups(cell)), self.candidate_further(cell))

    def fix_pinned(self, cell: int) -> bool:
        """As fix_linear, but first try turning a "<5" in the cell's sums into ".."."""
        first = self.candidate(self.own_groups(cell))
        return self.hide_first(first, self.small_near(cell), self.candidate_further(cell))

    def hide_first(self, *cells: int | None) -> bool:
        for cell in cells:
            if cell is not None:
                self.hide(cell)
                return True
        return False

    def candidate_further(self, cell: int) -> int | None:
        hidden_near = {c for g in self.own_groups(cell) for c in g.cells if self.hidden(c)}
        return self.candidate(g for c in sorted(hidden_near) for g in self.own_groups(c))

    def small_near(self, cell: int) -> int | None:
        """A "<5" in the cell's sums whose upper bound may be what pins it: totals first.

        Showing it as ".." instead of "<5" hides nothing more, it only says less.
        """
        groups = self.own_groups(cell)
        order = [g.parent for g in groups] + [c for g in groups for c in g.children if c != cell] + [cell]
        return next((c for c in order if self.status[c] == Status.LITEN), None)


def _cell_blocks(n: int, groups: Sequence[Group]) -> list[list[Group]]:
    """Groups split into blocks that share no cell (e.g. one per period), solved apart."""
    roots = _union_find(n, [g.cells for g in groups])
    blocks: dict[int, list[Group]] = {}
    for g in groups:
        blocks.setdefault(roots[g.parent], []).append(g)
    return list(blocks.values())


def secondary_suppression(
    values: np.ndarray, status: np.ndarray, groups: Sequence[Group], min_count: int | None = None
) -> np.ndarray:
    """Status after secondary suppression (array in, array out, input not modified).

    Iterates to a fixed point across all hierarchies at once, since a cell hidden for one
    sum (e.g. a kommun's K) creates a lone hidden cell in another (that kommun's total).
    Warns if some value could not be protected (then `exposed_cells` lists it).
    """
    m = _min_count(min_count)
    values = np.asarray(values, dtype="float64")
    result = np.asarray(status, dtype=object).copy()
    if np.isnan(values).any() or (result == Status.SAKNAS).any():
        raise ValueError("counts in a hierarchy must not be missing; use 0 for none")
    unfixable = 0
    for block in _cell_blocks(len(values), groups):
        cells = sorted({c for g in block for c in g.cells})
        local = {c: i for i, c in enumerate(cells)}
        local_groups = [Group(local[g.parent], tuple(local[c] for c in g.children), g.column) for g in block]
        suppressor = _Suppressor(values[cells], result[cells], local_groups, m)
        result[cells] = suppressor.run()
        unfixable += len(suppressor.unfixable)
    if unfixable:
        warnings.warn(f"disclosure: {unfixable} hidden value(s) could not be fully protected", stacklevel=2)
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
) -> pd.DataFrame:
    """Disclosure-control every count column of a tidy table; returns a new frame.

    For each column c in count_cols: c becomes float64 with NaN where hidden (never 0),
    c_visning holds the Swedish display text ("1 234", "<5", "..") and c_status the Status.
    Each column is protected on its own over all `hierarchies` (rows unique on the
    hierarchy columns plus `by`). Include every denominator you will divide by in
    count_cols, so that stats.add_share_columns can hide shares built on hidden counts.
    """
    m = _min_count(min_count)
    groups = build_groups(df, hierarchies, by) if hierarchies else []
    out = df.copy()
    for col in count_cols:
        values = _check_counts(df[col])
        status = suppress_counts(df[col], m)[1]
        if groups:
            protected = secondary_suppression(values, status.to_numpy(dtype=object), groups, m)
            status = pd.Series(protected, index=df.index, dtype="str")
        out[col] = pd.Series(values, index=df.index).where(status == Status.VISAD)
        out[f"{col}{DISPLAY_SUFFIX}"] = display_counts(df[col], status, m)
        out[f"{col}{STATUS_SUFFIX}"] = status
    return out
