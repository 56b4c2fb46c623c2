"""Disclosure control: primary rule, shares, secondary suppression, and an attacker who tries.

The brute-force tests build small kommun × kön tables with their förbund, county and
"alla" totals, protect them, and then attack the published cells the way a reader could:
by subtraction along every sum, by any linear combination of the sums, and by combining
the sums with what "<5" and ".." say. The attackers here are written independently of
the module's own audit so that a bug in one is caught by the other.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mia import config
from mia import disclosure as d
from mia.disclosure import Group, Hierarchy, Status

NBSP = "\u00a0"

# --- Primary rule, formatting, notes ----------------------------------------------------


def test_suppress_counts_primary_rule() -> None:
    values = pd.Series([0, 1, 4, 5, 1234, np.nan], index=list("abcdef"))
    display, status = d.suppress_counts(values, 5)
    assert display.tolist() == ["0", "<5", "<5", "5", f"1{NBSP}234", ".."]
    assert status.tolist() == ["visad", "liten", "liten", "visad", "visad", "saknas"]
    assert list(status.index) == list("abcdef")


def test_suppress_counts_threshold_is_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIA_MIN_ANTAL", "3")
    display, _ = d.suppress_counts(pd.Series([2, 3]))
    assert display.tolist() == ["<3", "3"]
    assert d.status_note(Status.LITEN) == "Färre än 3 personer; visas inte för att skydda enskilda."


@pytest.mark.parametrize("bad", [-1, 2.5])
def test_suppress_counts_rejects_impossible_counts(bad: float) -> None:
    with pytest.raises(ValueError):
        d.suppress_counts(pd.Series([3, bad]))


def test_status_notes() -> None:
    assert d.status_note(Status.VISAD) == ""
    assert d.status_note(Status.LITEN) == "Färre än 5 personer; visas inte för att skydda enskilda."
    assert d.status_note(Status.NAMNARE, "andel") == "Andelen visas inte: färre än 10 personer i underlaget."
    assert "10" in d.status_note("namnare", "andel", "en")
    for status in d.HIDDEN:
        for kind in ("antal", "andel"):
            assert d.status_note(status, kind) and d.status_note(status, kind, "en")


def test_display_shares() -> None:
    percent = pd.Series([17.25, 17.25, np.nan])
    status = pd.Series(["visad", "namnare", "visad"])
    assert d.display_shares(percent, status).tolist() == [f"17{NBSP}%", "..", ".."]
    assert d.display_shares(pd.Series([17.26]), pd.Series(["visad"]), 1).tolist() == [f"17,3{NBSP}%"]
    assert d.format_percent(1234.5, 1) == f"1{NBSP}234,5{NBSP}%"


@pytest.mark.parametrize(
    ("num", "den", "num_status", "den_status", "expected"),
    [
        (40, 50, "visad", "visad", "visad"),
        (0, 50, "visad", "visad", "visad"),
        (3, 50, "liten", "visad", "liten"),  # share × denominator would give the 3 back
        (np.nan, 50, "sekundar", "visad", "sekundar"),
        (6, 9, "visad", "visad", "namnare"),
        (0, 0, "visad", "visad", "namnare"),
        (np.nan, np.nan, "liten", "liten", "namnare"),  # denominator 1..4 is also < 10
        (np.nan, np.nan, "visad", "sekundar", "sekundar"),  # hidden denominator of unknown size
        (np.nan, 50, "saknas", "visad", "saknas"),
        (3, np.nan, "liten", "saknas", "saknas"),
    ],
)
def test_share_status(num: float, den: float, num_status: str, den_status: str, expected: str) -> None:
    result = d.share_status(
        pd.Series([num]), pd.Series([den]), pd.Series([num_status]), pd.Series([den_status]), 10, 5
    )
    assert result.tolist() == [expected]


# --- Hierarchy declaration --------------------------------------------------------------

GEO = {"a1": "F1", "a2": "F1", "a3": "F1", "b1": "F2", "b2": "F2", "b3": "F2", "F1": "lan", "F2": "lan"}
KOMMUNER = ["a1", "a2", "a3", "b1", "b2", "b3"]
AREAS = [*KOMMUNER, "F1", "F2", "lan"]
KON = ["K", "M", "X"]
KON_ALL = [*KON, "alla"]
HIERARCHIES = [Hierarchy("omrade", GEO), Hierarchy.total("kon", KON, "alla")]


def area_value(base: dict[tuple[str, str], int], area: str, kon: str) -> int:
    if kon == "alla":
        return sum(area_value(base, area, k) for k in KON)
    if area in KOMMUNER:
        return base[(area, kon)]
    return sum(area_value(base, child, kon) for child, parent in GEO.items() if parent == area)


def slice_frame(base: dict[tuple[str, str], int], period: str | None = None) -> pd.DataFrame:
    rows = [(a, k, area_value(base, a, k)) for a in AREAS for k in KON_ALL]
    frame = pd.DataFrame(rows, columns=["omrade", "kon", "antal"])
    return frame if period is None else frame.assign(period=period)


def test_build_groups_finds_every_sum() -> None:
    frame = slice_frame({(k, s): 1 for k in KOMMUNER for s in KON})
    groups = d.build_groups(frame, HIERARCHIES)
    # geography: 2 förbund + 1 county, for each of 4 kön; kön: one per area
    assert len(groups) == 3 * 4 + len(AREAS)
    values = frame["antal"].to_numpy()
    for g in groups:
        assert values[g.parent] == values[list(g.children)].sum()


def test_build_groups_refuses_ambiguous_rows() -> None:
    frame = pd.concat([slice_frame({(k, s): 1 for k in KOMMUNER for s in KON}, p) for p in ("2020", "2021")])
    with pytest.raises(ValueError, match="not unique"):
        d.build_groups(frame, HIERARCHIES)
    assert d.build_groups(frame, HIERARCHIES, by=["period"])


def test_build_groups_refuses_missing_keys_and_mismatched_codes() -> None:
    frame = pd.DataFrame({"omrade": ["F1", None], "antal": [3, 3]})
    with pytest.raises(ValueError, match="must not be empty"):
        d.build_groups(frame, [Hierarchy("omrade", GEO)])
    coded = pd.DataFrame({"kommunkod": [136, 138, 1], "antal": [1, 2, 3]})
    with pytest.raises(ValueError, match="occurs in its Hierarchy"):
        d.build_groups(coded, [Hierarchy("kommunkod", {"0136": "OS", "0138": "OS"})])


# --- Secondary suppression: small cases worked out by hand ------------------------------


def protect_one_level(children: list[int], total: int) -> pd.DataFrame:
    names = [f"k{i}" for i in range(len(children))]
    frame = pd.DataFrame({"omrade": [*names, "F"], "antal": [*children, total]})
    return d.protect_table(frame, ["antal"], [Hierarchy.total("omrade", names, "F")])


def test_lone_kommun_gets_its_smallest_sibling_hidden_not_the_total() -> None:
    out = protect_one_level([10, 3, 20], 33)
    assert out["antal_visning"].tolist() == ["..", "<5", "20", "33"]
    assert out["antal_status"].tolist() == ["sekundar", "liten", "visad", "visad"]


def test_zeros_are_shown_and_never_used_as_cover() -> None:
    out = protect_one_level([3, 0, 0, 12], 15)
    assert out["antal_visning"].tolist() == ["<5", "0", "0", "..", "15"]


def test_two_small_counts_that_must_both_be_one_get_more_cover() -> None:
    # Hiding 1 and 1 is not enough: 22 - 20 = 2 and each "<5" is at least 1.
    out = protect_one_level([1, 1, 20], 22)
    assert out["antal_visning"].tolist() == ["<5", "<5", "..", "22"]


def test_cover_at_the_threshold_is_not_enough_for_a_one() -> None:
    # 1 hidden with 5: 6 = x + y, y ≥ 5 ⇒ x = 1. The loop keeps hiding until it is not pinned.
    out = protect_one_level([1, 5, 5, 9], 20)
    assert out["antal_visning"].tolist() == ["<5", "..", "..", "..", "20"]


def test_small_total_of_small_parts_says_less_instead_of_hiding_more() -> None:
    # Four "<5" parts under a "<5" total must all be 1; showing the total as ".." breaks that.
    out = protect_one_level([1, 1, 1, 1], 4)
    assert out["antal_visning"].tolist() == ["<5", "<5", "<5", "<5", ".."]
    assert out["antal_status"].iloc[-1] == Status.SEKUNDAR


def test_missing_child_rows_count_as_known_so_the_total_is_hidden() -> None:
    frame = pd.DataFrame({"omrade": ["a", "F"], "antal": [3, 10]})
    out = d.protect_table(frame, ["antal"], [Hierarchy.total("omrade", ["a", "b", "c"], "F")])
    assert out["antal_visning"].tolist() == ["<5", ".."]


def test_kon_and_geography_close_into_a_rectangle() -> None:
    rows = [
        ("a1", "K", 3), ("a1", "M", 10), ("a1", "alla", 13),
        ("a2", "K", 8), ("a2", "M", 12), ("a2", "alla", 20),
        ("F", "K", 11), ("F", "M", 22), ("F", "alla", 33),
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=["omrade", "kon", "antal"])
    hierarchies = [Hierarchy.total("omrade", ["a1", "a2"], "F"), Hierarchy.total("kon", ["K", "M"], "alla")]
    out = d.protect_table(frame, ["antal"], hierarchies)
    hidden = set(out.loc[out["antal_status"] != "visad", ["omrade", "kon"]].itertuples(index=False, name=None))
    assert hidden == {("a1", "K"), ("a1", "M"), ("a2", "K"), ("a2", "M")}


def test_linear_audit_sees_through_combinations_of_sums() -> None:
    # T = a + b and U = a + b + c: every sum has two hidden cells, yet c = U - T.
    groups = [Group(0, (1, 2), "x"), Group(3, (1, 2, 4), "y")]
    status = np.array(["visad", "liten", "liten", "visad", "sekundar"], dtype=object)
    assert d.linearly_determined(status, groups).tolist() == [False, False, False, False, True]
    values = np.array([5.0, 3.0, 2.0, 15.0, 10.0])
    fixed = d.secondary_suppression(values, status, groups, 5)
    assert not d.exposed_cells(values, fixed, groups, 5).any()


def test_nan_counts_in_a_hierarchy_are_refused() -> None:
    frame = pd.DataFrame({"omrade": ["a", "F"], "antal": [np.nan, 10]})
    with pytest.raises(ValueError, match="missing"):
        d.protect_table(frame, ["antal"], [Hierarchy.total("omrade", ["a"], "F")])


def test_by_protects_each_period_on_its_own() -> None:
    rng = np.random.default_rng(3)
    parts = [slice_frame(random_base(rng), p) for p in ("2020", "2021")]
    together = d.protect_table(pd.concat(parts, ignore_index=True), ["antal"], HIERARCHIES, by=["period"])
    apart = pd.concat([d.protect_table(p, ["antal"], HIERARCHIES) for p in parts], ignore_index=True)
    pd.testing.assert_frame_equal(together, apart)


def test_protect_table_output_columns_and_types() -> None:
    frame = slice_frame(random_base(np.random.default_rng(1))).assign(deltagare=lambda f: f["antal"] * 3)
    out = d.protect_table(frame, ["antal", "deltagare"], HIERARCHIES)
    for col in ("antal", "deltagare"):
        assert out[col].dtype == "float64"
        assert str(out[f"{col}_visning"].dtype) == "str" and str(out[f"{col}_status"].dtype) == "str"
    assert list(out.columns[:3]) == ["omrade", "kon", "antal"]


# --- Brute force: protect random tables, then attack them -------------------------------

Cell = tuple[str, str]
EQUATIONS: list[tuple[Cell, list[Cell]]] = (
    [((f, k), [(c, k) for c, p in GEO.items() if p == f]) for f in ("F1", "F2", "lan") for k in KON_ALL]
    + [((a, "alla"), [(a, k) for k in KON]) for a in AREAS]
)


def random_base(rng: np.random.Generator) -> dict[Cell, int]:
    small_heavy = [0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 9, 12, 20, 35]
    base = {(k, s): int(rng.choice(small_heavy)) for k in KOMMUNER for s in ("K", "M")}
    base |= {(k, "X"): int(rng.choice([0, 0, 0, 1, 2, 6])) for k in KOMMUNER}
    return base


def published(out: pd.DataFrame) -> dict[Cell, str]:
    return {(a, k): text for a, k, text in out[["omrade", "kon", "antal_visning"]].itertuples(index=False)}


def shown_values(display: dict[Cell, str]) -> dict[Cell, int]:
    return {c: int(t.replace(NBSP, "")) for c, t in display.items() if t not in ("..", "<5")}


def subtraction_attack(display: dict[Cell, str]) -> dict[Cell, int]:
    """Repeatedly solve any sum with one unknown left, using what was solved before."""
    known = shown_values(display)
    recovered: dict[Cell, int] = {}
    progress = True
    while progress:
        progress = False
        for total, parts in EQUATIONS:
            unknown = [c for c in (total, *parts) if c not in known]
            if len(unknown) != 1:
                continue
            cell = unknown[0]
            if cell == total:
                known[cell] = sum(known[p] for p in parts)
            else:
                known[cell] = known[total] - sum(known[p] for p in parts if p != cell)
            recovered[cell] = known[cell]
            progress = True
    return recovered


def linear_attack(display: dict[Cell, str]) -> set[Cell]:
    """Hidden cells fixed by some linear combination of the sums (null space is zero there)."""
    hidden = sorted(c for c, t in display.items() if t in ("..", "<5"))
    if not hidden:
        return set()
    col = {c: j for j, c in enumerate(hidden)}
    rows = []
    for total, parts in EQUATIONS:
        row = np.zeros(len(hidden))
        for cell, sign in [(total, -1.0), *[(p, 1.0) for p in parts]]:
            if cell in col:
                row[col[cell]] = sign
        if row.any():
            rows.append(row)
    matrix = np.array(rows) if rows else np.zeros((1, len(hidden)))
    _, s, vt = np.linalg.svd(matrix, full_matrices=True)
    rank = int((s > 1e-9).sum())
    null = vt[rank:]
    return {c for c, j in col.items() if null.shape[0] == 0 or np.abs(null[:, j]).max() < 1e-9}


def interval_attack(display: dict[Cell, str], truth: dict[Cell, int], min_count: int = 5) -> set[Cell]:
    """Small counts pinned by the sums plus the symbols: "<5" is 1..4, ".." is at least 5
    (the reader is even told which ".." hide a small count; those are only ≥ 1)."""
    big = 10**9
    lo: dict[Cell, int] = {}
    hi: dict[Cell, int] = {}
    for cell, text in display.items():
        if text == "<5":
            lo[cell], hi[cell] = 1, min_count - 1
        elif text == "..":
            lo[cell], hi[cell] = (min_count if truth[cell] >= min_count else 1), big
        else:
            lo[cell] = hi[cell] = int(text.replace(NBSP, ""))
    for _ in range(200):
        before = (dict(lo), dict(hi))
        for total, parts in EQUATIONS:
            lo[total] = max(lo[total], sum(lo[p] for p in parts))
            hi[total] = min(hi[total], sum(hi[p] for p in parts))
            for p in parts:
                lo[p] = max(lo[p], lo[total] - sum(hi[q] for q in parts if q != p))
                hi[p] = min(hi[p], hi[total] - sum(lo[q] for q in parts if q != p))
        if (lo, hi) == before:
            break
    assert all(lo[c] <= truth[c] <= hi[c] for c in truth), "attacker bounds must contain the truth"
    return {c for c in truth if 1 <= truth[c] < min_count and lo[c] == hi[c]}


def check_protected(base: dict[Cell, int]) -> None:
    frame = slice_frame(base)
    out = d.protect_table(frame, ["antal"], HIERARCHIES)
    truth = {(a, k): int(v) for a, k, v in frame[["omrade", "kon", "antal"]].itertuples(index=False)}
    display = published(out)
    status = dict(zip(display, out["antal_status"]))
    hidden = {c for c, s in status.items() if s != Status.VISAD}

    # primary rule: no 1..4 is ever shown, "<5" only on 1..4, zeros never hidden
    assert all(c in hidden for c, v in truth.items() if 1 <= v <= 4)
    assert all(1 <= truth[c] <= 4 for c, t in display.items() if t == "<5")
    assert all(truth[c] >= 1 for c in hidden)
    # numbers: NaN where hidden (never 0), the true value where shown
    numeric = dict(zip(display, out["antal"]))
    assert all(math.isnan(numeric[c]) for c in hidden)
    assert all(numeric[c] == truth[c] for c in truth if c not in hidden)
    # no attack recovers anything
    assert subtraction_attack(display) == {}
    assert linear_attack(display) == set()
    assert interval_attack(display, truth) == set()


@pytest.mark.parametrize("seed", range(100))
def test_random_slices_cannot_be_recovered(seed: int) -> None:
    check_protected(random_base(np.random.default_rng(seed)))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([0, 1, 2, 3, 4, 5, 6, 8, 13, 30]), min_size=18, max_size=18))
def test_any_slice_cannot_be_recovered(values: list[int]) -> None:
    cells = [(k, s) for k in KOMMUNER for s in KON]
    check_protected(dict(zip(cells, values)))


def test_the_attackers_find_leaks_in_tables_without_secondary_suppression() -> None:
    """The attacks above can fail: on primary suppression alone they recover values."""
    subtraction_hits = linear_hits = 0
    for seed in range(20):
        frame = slice_frame(random_base(np.random.default_rng(seed)))
        truth = {(a, k): int(v) for a, k, v in frame[["omrade", "kon", "antal"]].itertuples(index=False)}
        display = published(d.protect_table(frame, ["antal"]))  # no hierarchies: primary rule only
        recovered = subtraction_attack(display)
        assert all(truth[c] == v for c, v in recovered.items())
        subtraction_hits += bool(recovered)
        linear_hits += bool(linear_attack(display))
    assert subtraction_hits > 10 and linear_hits > 10


def test_the_interval_attacker_pins_two_ones() -> None:
    base = {(k, s): 10 for k in KOMMUNER for s in KON} | {("a1", "K"): 1, ("a1", "M"): 1}
    frame = slice_frame(base)
    truth = {(a, k): int(v) for a, k, v in frame[["omrade", "kon", "antal"]].itertuples(index=False)}
    display = published(d.protect_table(frame, ["antal"]))
    for cell in [("F1", "K"), ("F1", "M"), ("lan", "K"), ("lan", "M")]:
        display[cell] = ".."  # take plain subtraction out of the picture
    assert subtraction_attack(display) == {}
    # 12 - 10 = 2 = K + M, and each "<5" is at least 1
    assert interval_attack(display, truth) >= {("a1", "K"), ("a1", "M")}


def test_a_realistic_table_is_protected_quickly() -> None:
    """26 kommuner in 8 förbund × kön × 3 half-years, small counts: protected and audited."""
    kommuner = pd.read_csv(config.REFERENCE_DIR / "kommuner.csv", dtype=str)
    geo = dict(zip(kommuner["kommunkod"], kommuner["forbund_kod"]))
    geo |= {f: "lan" for f in kommuner["forbund_kod"].unique()}
    rng = np.random.default_rng(11)
    rows = [
        (p, k, s, int(rng.choice([0, 1, 2, 3, 5, 8, 13, 21, 40])))
        for p in range(3) for k in kommuner["kommunkod"] for s in KON
    ]  # fmt: skip
    base = pd.DataFrame(rows, columns=["period", "omrade", "kon", "antal"])
    levels = [base]
    for _ in range(2):
        up = levels[-1].assign(omrade=levels[-1]["omrade"].map(geo))
        levels.append(up.groupby(["period", "omrade", "kon"], as_index=False)["antal"].sum())
    frame = pd.concat(levels, ignore_index=True)
    frame = pd.concat(
        [frame, frame.groupby(["period", "omrade"], as_index=False)["antal"].sum().assign(kon="alla")],
        ignore_index=True,
    )
    hierarchies = [Hierarchy("omrade", geo), Hierarchy.total("kon", KON, "alla")]
    out = d.protect_table(frame, ["antal"], hierarchies, by=["period"])
    groups = d.build_groups(frame, hierarchies, by=["period"])
    values = frame["antal"].to_numpy(dtype=float)
    assert not d.exposed_cells(values, out["antal_status"].to_numpy(dtype=object), groups, 5).any()
    county = out[(out["omrade"] == "lan") & (out["kon"] == "alla")]
    assert (county["antal_status"] == "visad").all()
