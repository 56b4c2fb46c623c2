"""The compiled core of secondary suppression: the audits and the suppressor of one block.

Why compiled: the suppressor hides one cell at a time and re-audits after each, a few
hundred cells per block and thousands per national Jämför view. As Python calling numpy
that was 50–100 µs per hidden cell, over half a second per view; the same loops compiled
by numba take a few microseconds. mia.disclosure keeps the rules, the tables and the
documentation; this module only runs them over arrays.

A block is given as its flat terms, group by group: for each sum its parts, then its total
(`term_cell`, with `group_start[g]:group_start[g + 1]` the terms of group g), as
disclosure._Terms lays them out; `cell_groups[cell_start[c]:cell_start[c + 1]]` are the
groups cell c is in, ascending. Every function gives exactly what the numpy and Python
version gave (tests/test_disclosure_equivalence.py), same arithmetic in the same order.

Compiled on first use (about 20 s, numba's front end) and kept in numba's cache
(`mia/__pycache__`) after that: `make install` compiles them (`warm_up()`), and the
dashboard loads them when it starts.
"""
from __future__ import annotations

import functools
import math

import numpy as np
from numba import njit

TOLERANCE = 1e-9  # an eliminated weight below this is zero (rounding, not a real weight)
ROUNDS = 1000  # at most this many rounds of interval propagation per audit

_JIT = {"cache": True, "nogil": True}


# ------------------------------------------------------------------ interval propagation


@njit(**_JIT)
def propagate(lo: np.ndarray, hi: np.ndarray, group: np.ndarray, cell: np.ndarray, sign: np.ndarray,
              n_groups: int, constants: np.ndarray, rounds: int) -> None:
    """Narrow the integer bounds (lo, hi) in place until no sum narrows them further.

    Each sum is sum(parts) - total = constant; the terms (group, cell, sign) are those of
    the sums to use. All sums are applied at once per round (Jacobi), cells known exactly
    folded into the constants first; both bounds are kept as lower bounds to raise,
    x = (lo, -hi), as in disclosure's description of the method.
    """
    n_terms = len(cell)
    folded = constants.copy()
    fixed_sum = np.zeros(n_groups)
    n_open = 0
    for i in range(n_terms):
        c = cell[i]
        if lo[c] == hi[c]:
            fixed_sum[group[i]] += sign[i] * lo[c]
        else:
            n_open += 1
    for g in range(n_groups):
        folded[g] = constants[g] - fixed_sum[g]
    if n_open == 0:
        return
    position = np.full(len(lo), -1, dtype=np.int64)
    for i in range(n_terms):
        c = cell[i]
        if lo[c] != hi[c]:
            position[c] = 0
    cells = np.flatnonzero(position == 0)
    n = len(cells)
    for j in range(n):
        position[cells[j]] = j
    m = 2 * n_open
    source = np.empty(m, dtype=np.int64)
    target = np.empty(m, dtype=np.int64)
    group2 = np.empty(m, dtype=np.int64)
    constant2 = np.empty(m)
    j = 0
    for i in range(n_terms):
        c = cell[i]
        if lo[c] == hi[c]:
            continue
        local = position[c]
        low_slot = local if sign[i] > 0 else local + n
        high_slot = local + n if sign[i] > 0 else local
        source[j], target[j] = high_slot, low_slot
        source[j + n_open], target[j + n_open] = low_slot, high_slot
        group2[j], group2[j + n_open] = group[i], group[i] + n_groups
        constant2[j], constant2[j + n_open] = folded[group[i]], -folded[group[i]]
        j += 1
    x = np.empty(2 * n)
    for k in range(n):
        x[k] = lo[cells[k]]
        x[k + n] = -hi[cells[k]]
    count = np.zeros(2 * n_groups)
    total = np.zeros(2 * n_groups)
    for _ in range(rounds):
        count[:] = 0.0
        total[:] = 0.0
        for t in range(m):
            y = x[source[t]]
            if y == -math.inf:
                count[group2[t]] += 1.0
                total[group2[t]] += 0.0
            else:
                total[group2[t]] += y
        raised = x.copy()
        for t in range(m):
            y = x[source[t]]
            unbounded = 1.0 if y == -math.inf else 0.0
            finite = 0.0 if y == -math.inf else y
            g = group2[t]
            if count[g] > unbounded:
                candidate = -math.inf
            else:
                candidate = math.ceil(constant2[t] + (total[g] - finite))
            if candidate > raised[target[t]]:
                raised[target[t]] = candidate
        changed = False
        for k in range(2 * n):
            if raised[k] != x[k]:
                changed = True
                break
        if not changed:
            break
        x = raised
    for k in range(n):
        lo[cells[k]] = x[k]
        hi[cells[k]] = -x[k + n]


@njit(**_JIT)
def attacker_bounds(values: np.ndarray, hidden: np.ndarray, small: np.ndarray,
                    min_count: int) -> tuple[np.ndarray, np.ndarray]:
    """What a reader knows of each cell: shown → its value, "<5" → 1..min_count-1, ".." →
    at least min_count (at least 1 for a small count whose "<5" became "..")."""
    n = len(values)
    lo = np.empty(n)
    hi = np.empty(n)
    for c in range(n):
        if small[c]:
            lo[c], hi[c] = 1.0, float(min_count - 1)
        elif hidden[c]:
            lo[c] = float(min_count) if values[c] >= min_count else 1.0
            hi[c] = math.inf
        else:
            lo[c] = hi[c] = values[c]
    return lo, hi


# ------------------------------------------------------------------ linear elimination


@njit(**_JIT)
def new_elimination(n: int, n_groups: int, group: np.ndarray, cell: np.ndarray, sign: np.ndarray,
                    eligible: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The Gauss-Jordan state of a block before any cell is hidden: (rows, column_of,
    pivot_of_row). One row per sum, one column per cell that may ever be hidden (the
    others, shown zeros, only add known constants)."""
    column_of = np.full(n, -1, dtype=np.int64)
    columns = 0
    for c in range(n):
        if eligible[c]:
            column_of[c] = columns
            columns += 1
    rows = np.zeros((n_groups, columns))
    for i in range(len(cell)):
        if eligible[cell[i]]:
            rows[group[i], column_of[cell[i]]] = sign[i]
    return rows, column_of, np.full(n_groups, -1, dtype=np.int64)


@njit(**_JIT)
def eliminate(cell: int, rows: np.ndarray, column_of: np.ndarray, pivot_of_row: np.ndarray,
              determined: np.ndarray) -> None:
    """Add a newly hidden cell's column to the elimination, keeping its invariants: a pivot
    column is zero outside its own row, rows without a pivot are zero on every hidden
    column. So a hidden cell is determined by the shown ones exactly when it is a pivot
    whose row has no weight on a hidden non-pivot column (`determined`)."""
    column = column_of[cell]
    n_rows = rows.shape[0]
    row = -1
    best = -1.0
    n_touching = 0
    for r in range(n_rows):
        w = rows[r, column]
        if w != 0.0:
            n_touching += 1
            if pivot_of_row[r] < 0 and abs(w) > best:
                best, row = abs(w), r
    if n_touching == 0:
        return
    if row < 0:
        # a free column: the pivots whose rows weigh on it are no longer determined
        for r in range(n_rows):
            if rows[r, column] != 0.0:
                determined[pivot_of_row[r]] = False
        return
    pivot_row = rows[row]
    divisor = pivot_row[column]
    for k in range(len(pivot_row)):
        pivot_row[k] /= divisor
    changing = np.flatnonzero(pivot_row)
    for r in range(n_rows):
        w = rows[r, column]
        if r == row or w == 0.0:
            continue
        for k in changing:
            updated = rows[r, k] - w * pivot_row[k]
            rows[r, k] = 0.0 if abs(updated) < TOLERANCE else updated
    pivot_of_row[row] = cell
    determined[cell] = True  # its row was zero on every hidden column


@njit(**_JIT)
def linearly_determined(n: int, n_groups: int, group: np.ndarray, cell: np.ndarray, sign: np.ndarray,
                        hidden: np.ndarray) -> np.ndarray:
    """Hidden cells of a block whose value follows from sums and differences of shown ones."""
    rows, column_of, pivot_of_row = new_elimination(n, n_groups, group, cell, sign, hidden)
    determined = np.zeros(n, dtype=np.bool_)
    for c in range(n):
        if hidden[c]:
            eliminate(c, rows, column_of, pivot_of_row, determined)
    return determined


# ------------------------------------------------------------------ the suppressor


@njit(**_JIT)
def _find(root: np.ndarray, c: int) -> int:
    while root[c] != c:
        root[c] = root[root[c]]
        c = root[c]
    return c


@njit(**_JIT)
def _union(root: np.ndarray, size: np.ndarray, dirty: np.ndarray, a: int, b: int) -> None:
    """Link two hidden cells' components (they share a sum); the merged one must be audited
    again (dirty)."""
    ra, rb = _find(root, a), _find(root, b)
    if ra == rb:
        return
    if size[ra] < size[rb]:
        ra, rb = rb, ra
    root[rb] = ra
    size[ra] += size[rb]
    dirty[rb] = False
    dirty[ra] = True


@njit(**_JIT)
def _best(pool: np.ndarray, count: int, values: np.ndarray, skip_mark: np.ndarray, stamp: int) -> int:
    """The pool's cell with the smallest (value, cell), leaving out cells marked `stamp`."""
    best = -1
    for i in range(count):
        c = pool[i]
        if skip_mark[c] == stamp:
            continue
        if best < 0 or values[c] < values[best] or (values[c] == values[best] and c < best):
            best = c
    return best


@njit(**_JIT)
def _candidate(groups: np.ndarray, n_listed: int, group_start: np.ndarray, term_cell: np.ndarray,
               coverable: np.ndarray, values: np.ndarray, scratch: tuple, stamp: int) -> int:
    """The cell to hide next in the listed groups: the smallest shown non-zero part that is
    not also a listed total, else the smallest part, else the smallest total; -1 if none.
    Parts before totals because a hidden total spreads into the hierarchy above; smallest
    because it hides the least; never a zero. `stamp`: new for every call (marks cells seen)."""
    part_mark, total_mark, parts, totals, _ = scratch
    n_parts = n_totals = 0
    for i in range(n_listed):
        g = groups[i]
        last = group_start[g + 1] - 1
        for t in range(group_start[g], last):
            c = term_cell[t]
            if coverable[c] and part_mark[c] != stamp:
                part_mark[c] = stamp
                parts[n_parts] = c
                n_parts += 1
        p = term_cell[last]
        if coverable[p] and total_mark[p] != stamp:
            total_mark[p] = stamp
            totals[n_totals] = p
            n_totals += 1
    best = _best(parts, n_parts, values, total_mark, stamp)  # the parts that are no listed total
    if best < 0:
        best = _best(parts, n_parts, values, total_mark, -1)
    if best < 0:
        best = _best(totals, n_totals, values, total_mark, -1)
    return best


@njit(**_JIT)
def _own_candidate(c: int, listed: np.ndarray, cell_start: np.ndarray, cell_groups: np.ndarray,
                   group_start: np.ndarray, term_cell: np.ndarray, coverable: np.ndarray, values: np.ndarray,
                   scratch: tuple, stamp: int) -> int:
    """_candidate over the sums cell c is in."""
    k = 0
    for i in range(cell_start[c], cell_start[c + 1]):
        listed[k] = cell_groups[i]
        k += 1
    return _candidate(listed, k, group_start, term_cell, coverable, values, scratch, stamp)


@njit(**_JIT)
def _further_candidate(c: int, cell_start: np.ndarray, cell_groups: np.ndarray, group_start: np.ndarray,
                       term_cell: np.ndarray, hidden: np.ndarray, coverable: np.ndarray, values: np.ndarray,
                       scratch: tuple, stamp: int) -> int:
    """_candidate over the sums of the hidden cells that share a sum with cell c."""
    near_mark = scratch[4]
    near = []
    for i in range(cell_start[c], cell_start[c + 1]):
        g = cell_groups[i]
        for t in range(group_start[g], group_start[g + 1]):
            other = term_cell[t]
            if hidden[other] and near_mark[other] != stamp:
                near_mark[other] = stamp
                near.append(other)
    k = 0
    for other in near:
        k += cell_start[other + 1] - cell_start[other]
    listed = np.empty(k, dtype=np.int64)
    k = 0
    for other in near:
        for j in range(cell_start[other], cell_start[other + 1]):
            listed[k] = cell_groups[j]
            k += 1
    return _candidate(listed, k, group_start, term_cell, coverable, values, scratch, stamp)


@njit(**_JIT)
def _reveal(c: int, cell_start: np.ndarray, cell_groups: np.ndarray, some_hidden: np.ndarray, hidden: np.ndarray,
            coverable: np.ndarray, linear: tuple, components: tuple) -> None:
    """A cell is now hidden: tell both audits. `linear`: (rows, column_of, pivot_of_row,
    determined); `components`: (root, size, dirty) of the interval audit."""
    root, size, dirty = components
    for i in range(cell_start[c], cell_start[c + 1]):
        g = cell_groups[i]
        if some_hidden[g] < 0:
            some_hidden[g] = c
        else:
            _union(root, size, dirty, c, some_hidden[g])  # its other hidden cells are linked already
    hidden[c] = True
    coverable[c] = False
    rows, column_of, pivot_of_row, determined = linear
    eliminate(c, rows, column_of, pivot_of_row, determined)
    dirty[_find(root, c)] = True


@njit(**_JIT)
def _hide(c: int, cell_start: np.ndarray, cell_groups: np.ndarray, some_hidden: np.ndarray, hidden: np.ndarray,
          coverable: np.ndarray, linear: tuple, components: tuple, hidden_count: np.ndarray, small: np.ndarray,
          secondary: np.ndarray) -> None:
    """Make cell c secondary: hide it, or show its "<5" as ".." (the reader knows less)."""
    if not hidden[c]:
        for i in range(cell_start[c], cell_start[c + 1]):
            hidden_count[cell_groups[i]] += 1
        _reveal(c, cell_start, cell_groups, some_hidden, hidden, coverable, linear, components)
    else:
        root, _, dirty = components
        dirty[_find(root, c)] = True
    small[c] = False
    secondary[c] = True


@njit(**_JIT)
def suppress_block(values: np.ndarray, hidden_at_start: np.ndarray, small_at_start: np.ndarray,
                   group_start: np.ndarray, term_cell: np.ndarray, term_sign: np.ndarray,
                   cell_start: np.ndarray, cell_groups: np.ndarray,
                   min_count: int) -> tuple[np.ndarray, int]:
    """Hide cells until nothing hidden can be worked out, within one block of sums.

    Returns (made secondary: bool per cell, how many exposed cells could not be fixed).
    The rules and the order of remedies are disclosure._Suppressor's (see there); this
    runs them step for step.
    """
    n = len(values)
    n_groups = len(group_start) - 1
    n_terms = len(term_cell)
    term_group = np.empty(n_terms, dtype=np.int64)
    for g in range(n_groups):
        for t in range(group_start[g], group_start[g + 1]):
            term_group[t] = g
    constants = np.zeros(n_groups)  # sum(parts) - total per sum, from the true values
    for t in range(n_terms):
        constants[term_group[t]] += term_sign[t] * values[term_cell[t]]
    sensitive = (values >= 1) & (values < min_count)
    hidden = np.zeros(n, dtype=np.bool_)
    small = small_at_start.copy()
    coverable = values > 0  # shown and non-zero: may cover
    secondary = np.zeros(n, dtype=np.bool_)
    hidden_count = np.zeros(n_groups, dtype=np.int64)
    for t in range(n_terms):
        if hidden_at_start[term_cell[t]]:
            hidden_count[term_group[t]] += 1
    some_hidden = np.full(n_groups, -1, dtype=np.int64)  # per group: one of its hidden cells
    rows, column_of, pivot_of_row = new_elimination(n, n_groups, term_group, term_cell, term_sign,
                                                    hidden_at_start | (values > 0))
    determined = np.zeros(n, dtype=np.bool_)
    linear = (rows, column_of, pivot_of_row, determined)
    root = np.arange(n)
    dirty = np.zeros(n, dtype=np.bool_)
    components = (root, np.ones(n, dtype=np.int64), dirty)
    pinned = np.zeros(n, dtype=np.bool_)
    exposed = np.zeros(n, dtype=np.bool_)
    scratch = (np.full(n, -1, dtype=np.int64), np.full(n, -1, dtype=np.int64), np.empty(n, dtype=np.int64),
               np.empty(n, dtype=np.int64), np.full(n, -1, dtype=np.int64))
    listed = np.empty(n_groups + 1, dtype=np.int64)
    queued = np.zeros(n_groups, dtype=np.bool_)
    stamp = 0
    for c in range(n):
        if hidden_at_start[c]:
            _reveal(c, cell_start, cell_groups, some_hidden, hidden, coverable, linear, components)
    while True:
        # The rule of two: a group with exactly one hidden cell gets a second one. Passes
        # over the groups in order while a pass hides something; a group that becomes
        # lone during a pass is visited in it if it comes later.
        changed = True
        while changed:
            changed = False
            for g in range(n_groups):
                queued[g] = hidden_count[g] == 1
            for g in range(n_groups):
                if not queued[g] or hidden_count[g] != 1:
                    continue
                stamp += 1
                listed[0] = g
                c = _candidate(listed, 1, group_start, term_cell, coverable, values, scratch, stamp)
                if c >= 0:
                    _hide(c, cell_start, cell_groups, some_hidden, hidden, coverable, linear, components,
                          hidden_count, small, secondary)
                    changed = True
                    for i in range(cell_start[c], cell_start[c + 1]):
                        later = cell_groups[i]
                        if later > g and hidden_count[later] == 1:
                            queued[later] = True
        # A cell determined by the sums: hide a candidate in its sums, else one further out.
        shape = (group_start, term_cell, cell_start, cell_groups)
        chosen, stamp = _first_cover(determined, False, shape, hidden, coverable, small, values, listed, scratch,
                                     stamp)
        if chosen < 0:
            # A small count pinned by the sums and the symbols: the same, but first try
            # showing a "<5" in its sums as ".." instead.
            _audit_intervals(values, hidden, small, min_count, components, pinned, term_group, term_cell,
                             term_sign, n_groups, constants)
            exposed[:] = pinned & sensitive
            chosen, stamp = _first_cover(exposed, True, shape, hidden, coverable, small, values, listed, scratch,
                                         stamp)
        if chosen < 0:
            return secondary, int((determined | exposed).sum())
        _hide(chosen, cell_start, cell_groups, some_hidden, hidden, coverable, linear, components, hidden_count,
              small, secondary)


@njit(**_JIT)
def _first_cover(exposed: np.ndarray, try_small: bool, shape: tuple, hidden: np.ndarray, coverable: np.ndarray,
                 small: np.ndarray, values: np.ndarray, listed: np.ndarray, scratch: tuple,
                 stamp: int) -> tuple[int, int]:
    """The cell to hide for the first exposed cell that has one: a candidate in its own
    sums, else (if try_small) a "<5" of its sums to show as "..", else a candidate one sum
    further out. Returns (cell or -1, the last stamp used)."""
    group_start, term_cell, cell_start, cell_groups = shape
    for c in range(len(exposed)):
        if not exposed[c]:
            continue
        stamp += 2
        chosen = _own_candidate(c, listed, cell_start, cell_groups, group_start, term_cell, coverable, values,
                                scratch, stamp - 1)
        if chosen < 0 and try_small:
            chosen = _small_near(c, cell_start, cell_groups, group_start, term_cell, small)
        if chosen < 0:
            chosen = _further_candidate(c, cell_start, cell_groups, group_start, term_cell, hidden, coverable,
                                        values, scratch, stamp)
        if chosen >= 0:
            return chosen, stamp
    return -1, stamp


@njit(**_JIT)
def _small_near(c: int, cell_start: np.ndarray, cell_groups: np.ndarray, group_start: np.ndarray,
                term_cell: np.ndarray, small: np.ndarray) -> int:
    """A "<5" in the cell's sums whose upper bound may be what pins it: the totals first,
    then the other parts, then the cell itself; -1 if none. Shown as ".." instead, it hides
    nothing more, it only says less."""
    for i in range(cell_start[c], cell_start[c + 1]):
        p = term_cell[group_start[cell_groups[i] + 1] - 1]
        if small[p]:
            return p
    for i in range(cell_start[c], cell_start[c + 1]):
        g = cell_groups[i]
        for t in range(group_start[g], group_start[g + 1] - 1):
            if term_cell[t] != c and small[term_cell[t]]:
                return term_cell[t]
    return c if small[c] else -1


@njit(**_JIT)
def _audit_intervals(values: np.ndarray, hidden: np.ndarray, small: np.ndarray, min_count: int,
                     components: tuple, pinned: np.ndarray, term_group: np.ndarray,
                     term_cell: np.ndarray, term_sign: np.ndarray, n_groups: int,
                     constants: np.ndarray) -> None:
    """Update `pinned` (hidden cells pinned to one number by the sums and the symbols) for
    the components that changed since the last audit. Propagation runs only through sums
    that hold a hidden cell, so hidden cells fall into components linked by such sums and
    a change can only move the bounds within its own component."""
    root, _, dirty = components
    n = len(values)
    in_dirty = np.zeros(n, dtype=np.bool_)
    any_dirty = False
    for c in range(n):
        if hidden[c] and dirty[_find(root, c)]:
            in_dirty[c] = True
            any_dirty = True
    if not any_dirty:
        return
    use = np.zeros(n_groups, dtype=np.bool_)
    for t in range(len(term_cell)):
        if in_dirty[term_cell[t]]:
            use[term_group[t]] = True
    keep = np.zeros(len(term_cell), dtype=np.bool_)
    for t in range(len(term_cell)):
        keep[t] = use[term_group[t]]
    lo, hi = attacker_bounds(values, hidden, small, min_count)
    propagate(lo, hi, term_group[keep], term_cell[keep], term_sign[keep], n_groups, constants, ROUNDS)
    for c in range(n):
        if in_dirty[c]:
            pinned[c] = lo[c] == hi[c]
        dirty[c] = False


@functools.cache
def warm_up() -> None:
    """Compile (or load from numba's cache) every kernel on a tiny block, once per process:
    the first view that protects a table should not wait for the compiler."""
    values = np.array([1.0, 6.0, 7.0])
    hidden = np.array([True, False, False])
    group_start = np.array([0, 3], dtype=np.int64)
    term_cell = np.array([0, 1, 2], dtype=np.int64)
    term_sign = np.array([1.0, 1.0, -1.0])
    cell_start = np.array([0, 1, 2, 3], dtype=np.int64)
    cell_groups = np.zeros(3, dtype=np.int64)
    suppress_block(values, hidden, hidden.copy(), group_start, term_cell, term_sign, cell_start, cell_groups, 5)
    term_group = np.zeros(3, dtype=np.int64)
    linearly_determined(3, 1, term_group, term_cell, term_sign, hidden)
    lo, hi = attacker_bounds(values, hidden, hidden, 5)
    propagate(lo, hi, term_group, term_cell, term_sign, 1, np.zeros(1), ROUNDS)
