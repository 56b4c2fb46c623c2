"""The fast secondary suppression gives exactly what the plain one gave.

mia.disclosure keeps its linear audit up to date cell by cell and propagates intervals over
all sums at once; tests/disclosure_reference.py is the version before that (one Python
call per sum, Gauss-Jordan from scratch after every fix). On random tables shaped like the
dashboard's (kommuner → förbund → county × kön, age groups per förbund, several periods,
mostly small counts) both must hide the same cells, pin the same cells and find the same
linear exposures, and the result must leave nothing exposed.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia import disclosure as d
from mia.disclosure import Hierarchy, Status
from tests import disclosure_reference as reference

SMALL_HEAVY = [0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 8, 12, 20, 40]
SPARSE = [0] * 8 + [1, 1, 2, 2, 3]  # national scale: most kommun cells are 0 or "<5"
KON = ("K", "M", "X")
AGES = ("16-19", "20-24", "25-29", "30+")


def random_geography(rng: np.random.Generator, forbund: int = 0) -> dict[str, str]:
    """kommun → förbund → 'lan' (2..6 förbund unless given); some förbund have a single
    kommun (förbund = kommun)."""
    parents: dict[str, str] = {}
    for f in range(forbund or int(rng.integers(2, 7))):
        for k in range(int(rng.integers(1, 5))):
            parents[f"k{f:02d}{k}"] = f"F{f:02d}"
        parents[f"F{f:02d}"] = "lan"
    return parents


def random_table(rng: np.random.Generator, periods: int = 2, ages: bool = True, forbund: int = 0,
                 counts: list[int] = SMALL_HEAVY) -> tuple[pd.DataFrame, list[Hierarchy]]:
    """Every area × kön, and every förbund and the county × age group, per period: sums of
    random finest cells (kommun × kön × age group), as compare.protect_cells builds them."""
    geo = random_geography(rng, forbund)
    kommuner = [a for a in geo if a.startswith("k")]
    areas = {a: [k for k in kommuner if _under(k, a, geo)] for a in [*geo, "lan"]}
    rows = []
    for p in range(periods):
        finest = {(k, s, a): int(rng.choice(counts)) // 2 for k in kommuner for s in KON for a in AGES}
        for area, leaves in areas.items():
            def total(kon: tuple[str, ...], age: tuple[str, ...]) -> int:
                return sum(finest[(k, s, a)] for k in leaves for s in kon for a in age)

            rows += [(p, area, s, "alla", total((s,), AGES)) for s in KON]
            rows.append((p, area, "alla", "alla", total(KON, AGES)))
            if ages and not area.startswith("k"):
                rows += [(p, area, "alla", a, total(KON, (a,))) for a in AGES]
    frame = pd.DataFrame(rows, columns=["period", "omrade", "kon", "alder", "antal"])
    hierarchies = [Hierarchy("omrade", geo), Hierarchy.total("kon", KON, "alla")]
    if ages:
        hierarchies.append(Hierarchy.total("alder", AGES, "alla"))
    return frame, hierarchies


def _under(kommun: str, area: str, geo: dict[str, str]) -> bool:
    node = kommun
    while node != area and node in geo:
        node = geo[node]
    return node == area


def protected_inputs(seed: int, ages: bool, **shape: object) -> tuple[np.ndarray, np.ndarray, list[d.Group]]:
    frame, hierarchies = random_table(np.random.default_rng(seed), ages=ages, **shape)
    values = frame["antal"].to_numpy(dtype=float)
    status = d.suppress_counts(frame["antal"], 5)[1].to_numpy(dtype=object)
    groups = d.build_groups(frame, hierarchies, by=["period"])
    assert all(values[list(g.children)].sum() == values[g.parent] for g in groups)
    return values, status, groups


@pytest.mark.parametrize("seed", range(60))
def test_secondary_suppression_is_unchanged(seed: int) -> None:
    values, status, groups = protected_inputs(seed, ages=seed % 2 == 0)
    fast = d.secondary_suppression(values, status, groups, 5)
    plain = reference.secondary_suppression(values, status, groups, 5)
    assert fast.tolist() == plain.tolist()
    assert not d.exposed_cells(values, fast, groups, 5).any()
    assert not reference.exposed_cells(values, fast, groups, 5).any()


def test_a_sparse_table_of_twelve_forbund_is_unchanged() -> None:
    """Most cells hidden and the hidden cells all linked, as at national scale."""
    values, status, groups = protected_inputs(0, ages=True, periods=1, forbund=12, counts=SPARSE)
    assert (status != Status.VISAD).mean() > 0.5
    fast = d.secondary_suppression(values, status, groups, 5)
    assert fast.tolist() == reference.secondary_suppression(values, status, groups, 5).tolist()
    assert not d.exposed_cells(values, fast, groups, 5).any()


@pytest.mark.parametrize("seed", range(60))
def test_audits_agree_on_random_statuses(seed: int) -> None:
    """Any status, not only the suppressor's: random extra hidden cells and ".." on "<5"."""
    rng = np.random.default_rng(1000 + seed)
    values, status, groups = protected_inputs(seed, ages=seed % 3 != 0)
    status = status.copy()
    extra = (rng.random(len(values)) < rng.uniform(0.0, 0.5)) & (values > 0)
    status[extra & (status == Status.VISAD)] = Status.SEKUNDAR.value
    status[(rng.random(len(values)) < 0.2) & (status == Status.LITEN)] = Status.SEKUNDAR.value
    assert d.linearly_determined(status, groups).tolist() == reference.linearly_determined(status, groups).tolist()
    assert (d.pinned_by_bounds(values, status, groups, 5).tolist()
            == reference.pinned_by_bounds(values, status, groups, 5).tolist())
    shown = np.where(status == Status.VISAD, values, np.nan)
    for fast, plain in zip(d.reader_bounds(shown, status, groups, 5), reference.reader_bounds(shown, status, groups, 5)):
        np.testing.assert_array_equal(fast, plain)


def test_the_hand_made_cases_agree() -> None:
    """The worked examples of test_disclosure.py, through both implementations."""
    cases = [([10, 3, 20], 33), ([3, 0, 0, 12], 15), ([1, 1, 20], 22), ([1, 5, 5, 9], 20), ([1, 1, 1, 1], 4)]
    for children, total in cases:
        values = np.array([*children, total], dtype=float)
        status = d.suppress_counts(pd.Series(values), 5)[1].to_numpy(dtype=object)
        groups = [d.Group(len(children), tuple(range(len(children))), "omrade")]
        fast = d.secondary_suppression(values, status, groups, 5)
        assert fast.tolist() == reference.secondary_suppression(values, status, groups, 5).tolist()


@pytest.mark.parametrize("seed", range(40))
def test_the_sums_found_are_unchanged(seed: int) -> None:
    """build_groups finds parent rows by integer keys now; the groups (which rows, in which
    order) are those the tuple-and-dict version found, also with rows missing, rows
    shuffled and the `by` column as text, numbers or a categorical."""
    rng = np.random.default_rng(seed)
    frame, hierarchies = random_table(rng, periods=int(rng.integers(1, 4)), ages=seed % 2 == 0)
    frame = frame[rng.random(len(frame)) > 0.1].sample(frac=1, random_state=seed).reset_index(drop=True)
    frame["period"] = [frame["period"].astype("category"), frame["period"].astype(str), frame["period"]][seed % 3]
    groups = d.build_groups(frame, hierarchies, by=["period"])
    assert groups == reference.build_groups(frame, hierarchies, by=["period"])
    assert len(groups) > 0


def test_the_sums_found_in_small_and_empty_tables_are_unchanged() -> None:
    frame, hierarchies = random_table(np.random.default_rng(1), periods=1, ages=False)
    one_sum = frame[frame.kon.isin(["K", "M"]) | (frame.kon == "alla")].iloc[:4]
    for table in (frame.iloc[:0], frame.iloc[:1], one_sum):
        assert d.build_groups(table, hierarchies, by=["period"]) == reference.build_groups(table, hierarchies,
                                                                                           by=["period"])
    numbered = pd.DataFrame({"kod": [1, 2, 3, 10], "antal": [1, 2, 3, 6]})
    hierarchy = [Hierarchy("kod", {1: 10, 2: 10, 3: 10})]
    assert d.build_groups(numbered, hierarchy) == reference.build_groups(numbered, hierarchy) == [
        d.Group(3, (0, 1, 2), "kod")]


def _shape(block: d._Block) -> tuple[list[int], list[tuple[int, tuple[int, ...]]], dict[int, list[int]]]:
    """A block as the union-find version described it: its cells, its sums (total, parts)
    and the sums each cell is in."""
    starts = block.cell_start.tolist()
    groups_of = {c: block.cell_groups[starts[c]:starts[c + 1]].tolist()
                 for c in range(len(block.cells)) if starts[c] < starts[c + 1]}
    return block.cells.tolist(), [(g.parent, g.children) for g in block.groups], groups_of


@pytest.mark.parametrize("seed", range(30))
def test_the_blocks_of_sums_are_unchanged(seed: int) -> None:
    """_local_blocks splits the sums into independent blocks with arrays now: the same
    blocks in the same order, renumbered alike, with the same sums per cell and the same
    flat terms as the union-find version gave."""
    rng = np.random.default_rng(seed)
    frame, hierarchies = random_table(rng, periods=int(rng.integers(1, 5)), ages=seed % 2 == 0)
    frame = frame[rng.random(len(frame)) > 0.15 * (seed % 3)].sample(frac=1, random_state=seed)
    groups = d.build_groups(frame.reset_index(drop=True), hierarchies, by=["period"])
    blocks = d._local_blocks(len(frame), groups)
    assert [_shape(b) for b in blocks] == [(cells, [(g.parent, g.children) for g in block_groups], groups_of)
                                           for cells, block_groups, groups_of in reference.local_blocks(len(frame),
                                                                                                        groups)]
    for b in blocks:
        expected = d._Terms.of(b.groups)
        assert (b.terms.group.tolist(), b.terms.cell.tolist(), b.terms.sign.tolist(), b.terms.n_groups) == (
            expected.group.tolist(), expected.cell.tolist(), expected.sign.tolist(), expected.n_groups)
    assert d._local_blocks(len(frame), []) == []
