"""Disclosure control as it was before it was made fast (kept for comparison only).

tests/test_disclosure_equivalence.py checks that mia.disclosure gives the same statuses,
pins and linear exposures as this plain secondary suppression (one Python call per sum,
Gauss-Jordan from scratch after every fix), and the same sums and blocks of sums as
`build_groups` and `local_blocks` here, on random tables; tests/test_stats.py checks the
array share statuses against `share_status` here (row by row). Do not use it in the package.
"""
from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from mia.disclosure import HIDDEN as HIDDEN_STATUSES
from mia.disclosure import Group, Hierarchy, Status, _attacker_bounds, _check_codes, _key_columns, _min_count, _sensitive

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




def build_groups(frame, hierarchies: Sequence[Hierarchy], by: Sequence[str] = ()) -> list[Group]:
    """mia.disclosure.build_groups as it was: a tuple per row and a dict lookup per child."""
    keys = _key_columns(frame, hierarchies, by)
    rows = list(zip(*(frame[k].tolist() for k in keys)))
    lookup = {row: pos for pos, row in enumerate(rows)}
    groups: list[Group] = []
    for h in hierarchies:
        _check_codes(frame[h.column], h)
        col = keys.index(h.column)
        rank = {child: i for i, child in enumerate(h.parent)}
        children: dict[int, list[tuple[int, int]]] = {}
        for pos, row in enumerate(rows):
            if row[col] not in rank:
                continue
            parent = lookup.get(row[:col] + (h.parent[row[col]],) + row[col + 1:])
            if parent is not None:
                children.setdefault(parent, []).append((rank[row[col]], pos))
        groups += [Group(parent, tuple(pos for _, pos in sorted(children[parent])), h.column)
                   for parent in sorted(children)]
    return groups


def local_blocks(n: int, groups: Sequence[Group]) -> list[tuple[list[int], list[Group], dict[int, list[int]]]]:
    """mia.disclosure._local_blocks as it was (a union-find, sets and dicts): per block its
    cells (sorted), its groups renumbered to positions among them, and per local cell the
    groups it is in."""
    out = []
    for block in _cell_blocks(n, groups):
        cells = sorted({c for g in block for c in g.cells})
        local = {c: i for i, c in enumerate(cells)}
        renumbered = [Group(local[g.parent], tuple(local[c] for c in g.children), g.column) for g in block]
        groups_of: dict[int, list[int]] = {}
        for gi, g in enumerate(renumbered):
            for c in g.cells:
                groups_of.setdefault(c, []).append(gi)
        out.append((cells, renumbered, groups_of))
    return out


def share_status(num, den, num_status, den_status, min_denominator: int, min_count: int) -> list[str]:
    """mia.disclosure.share_status as it was: the rules row by row, first match wins."""
    small_den_is_namnare = min_count <= min_denominator
    return [_one_share_status(n, d, ns, ds, min_denominator, small_den_is_namnare)
            for n, d, ns, ds in zip(num.astype("float64"), den.astype("float64"), num_status.astype("str"),
                                    den_status.astype("str"))]


def _one_share_status(
    n: float, d: float, ns: str, ds: str, min_den: int, small_den_is_namnare: bool
) -> str:
    if ds == Status.SAKNAS or (ds == Status.VISAD and not math.isfinite(d)):
        return Status.SAKNAS.value
    if ds == Status.LITEN:
        return (Status.NAMNARE if small_den_is_namnare else Status.LITEN).value
    if ds in HIDDEN_STATUSES:
        return Status(ds).value
    if d < min_den:
        return Status.NAMNARE.value
    if ns in HIDDEN_STATUSES:
        return Status(ns).value
    if not math.isfinite(n):
        return Status.SAKNAS.value
    return Status.VISAD.value
