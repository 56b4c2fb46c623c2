"""The Flöde page's numbers: the process funnel, conversions between its steps with 95 %
intervals, tests of whether a step differs between selections, the Sankey flows from a
starting point to the outcome at exit (disclosure-controlled), and time in the project.

Definitions (shown on the page and in `Om`):
- Steps (queries/flode_steg.sql): anmälda → inskrivna → kartlagda → i insats → avslutade,
  then two outcomes of the avslutade: arbetsförberedande insats, arbete eller studier.
  A step counts everyone who reached it or a later one by the period end, so no step
  exceeds the one before; `utan_insats` counts exits without a recorded insats.
  inskrivna = the summary's `antal`, avslutade = `avslutade`, arbete eller studier =
  arbete + studier among the avslutade.
- Conversion of a step: its count divided by the step before (both outcomes: by the
  avslutade), with a 95 % Wilson interval; hidden under the disclosure rules (count 1–4 →
  "<5", denominator < 10 → "..").
- Difference between selections at a step: Pearson's χ² test of equal conversion across
  the selections whose conversion is shown (for two selections the same as the two-sided
  two-proportion z-test with pooled variance); Fisher's exact test instead for two
  selections when an expected count is below 5; not tested for more than two selections
  with such small expected counts, nor when the selections can share people (overlapping
  periods, or the population "aktiva"). Significant = p < 0,05.
- Sankey: flows among the avslutade from income source before (or referring authority)
  to the outcome group at exit. The source × outcome table with its margins is protected
  by `disclosure.protect_table` (primary "<5" and secondary suppression, so no hidden
  flow can be worked out from the totals); per source, the hidden flows are merged into
  one flow to "Övriga (små flöden)"; a merged flow still below the threshold is left out.
  Node totals are the sums of the drawn flows, so the flows always add up to what is shown.
- Time in project: days from enrolment to exit among the avslutade, quartiles per outcome
  group (DuckDB quantile_cont); hidden for groups under the minimum denominator.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from mia import config, disclosure, fmt, periods, sql, stats
from mia.disclosure import Hierarchy, Status
from mia.filters import Urval
from mia.i18n import t

# ---------------------------------------------------------------- steps


@dataclass(frozen=True)
class Step:
    key: str          # column of flode_steg.sql
    label: str        # Swedish label (the CLI's `steg`)
    previous: str | None  # the step the conversion is computed from
    outcome: bool = False  # one of the two outcomes at exit (both from `avslutade`)


STEPS: tuple[Step, ...] = (
    Step("anmalda", "Anmälda", None),
    Step("inskrivna", "Inskrivna", "anmalda"),
    Step("kartlagda", "Kartlagda", "inskrivna"),
    Step("i_insats", "I insats", "kartlagda"),
    Step("avslutade", "Avslutade", "i_insats"),
    Step("arbetsforberedande", "Arbetsförberedande insats", "avslutade", outcome=True),
    Step("arbete_studier", "Arbete eller studier", "avslutade", outcome=True),
)
STEP_KEYS = tuple(s.key for s in STEPS)
STEP_LABELS = {s.key: s.label for s in STEPS}

ALPHA = 0.05
MIN_EXPECTED = 5.0

# Test outcomes per step (Swedish codes, data vocabulary like stats.COMPARISON_CODES).
SIGNIFIKANT = "signifikant"
EJ_SIGNIFIKANT = "ej signifikant"
TESTAS_EJ = "testas ej"


def step_counts(con: duckdb.DuckDBPyConnection, urval: Urval) -> dict[str, int]:
    """The raw step counts of one selection (flode_steg.sql) plus `utan_insats`."""
    row = sql.frame(con, "flode_steg", urval.params()).iloc[0]
    return {k: int(v) for k, v in row.items()}


def funnel_frame(counts: dict[str, int], label: str = "") -> pd.DataFrame:
    """One row per step, in order, with raw counts (no disclosure yet): urval, ordning,
    steg_kod, steg, antal, foregaende_kod, foregaende (count of the step before; NaN
    for the first) and anmalda (the first step, for the share still in the process)."""
    rows = []
    for i, s in enumerate(STEPS):
        rows.append({
            "urval": label, "ordning": i, "steg_kod": s.key, "steg": s.label, "antal": counts[s.key],
            "foregaende_kod": s.previous or "",
            "foregaende": counts[s.previous] if s.previous else np.nan,
            "anmalda": counts["anmalda"],
        })
    return pd.DataFrame(rows).astype({"antal": "int64", "foregaende": "float64", "anmalda": "int64"})


def disclose_funnel(raw: pd.DataFrame) -> pd.DataFrame:
    """The funnel as it may be shown: counts under primary suppression (`<col>_visning`,
    `<col>_status`, NaN when hidden), the conversion from the step before (`andel`,
    `ki_lag`, `ki_hog`, `andel_status`, percent) and the share of the referred still in
    the process at this step (`kvar_andel`, `kvar_andel_status`)."""
    first = raw.foregaende.isna()
    # The first step has no step before it; count it as its own base for now (a share of
    # 100 %), then blank its conversion below.
    work = raw.assign(foregaende=raw.foregaende.fillna(raw.antal).astype("int64"))
    out = disclosure.protect_table(work, ["antal", "foregaende", "anmalda"])
    nan_ref = pd.Series(np.nan, index=out.index)
    out = stats.add_share_columns(out.assign(_ref=nan_ref), "antal", "foregaende", reference="_ref")
    out = stats.add_share_columns(out, "antal", "anmalda", reference="_ref", prefix="kvar_")
    out.loc[first, ["foregaende", "andel", "ki_lag", "ki_hog"]] = np.nan
    out.loc[first, "andel_status"] = Status.SAKNAS.value
    out.loc[first, "foregaende_visning"] = ""
    drop = [c for c in out.columns if c in ("_ref", "referens", "jamforelse", "kvar_referens", "kvar_jamforelse",
                                            "kvar_ki_lag", "kvar_ki_hog")]
    return out.drop(columns=drop)


def funnel(con: duckdb.DuckDBPyConnection, urval: Urval, label: str = "") -> pd.DataFrame:
    """The disclosed funnel of one selection (see disclose_funnel)."""
    return disclose_funnel(funnel_frame(step_counts(con, urval), label))


# ---------------------------------------------------------------- comparing selections


def chi2_sf(x: float, df: int) -> float:
    """P(X ≥ x) for a χ² variable with integer df (closed form; no scipy needed)."""
    if df < 1:
        raise ValueError("df must be at least 1")
    if not math.isfinite(x):
        return float("nan")
    if x <= 0:
        return 1.0
    h = x / 2.0
    if df % 2 == 0:
        term, total = 1.0, 1.0
        for i in range(1, df // 2):
            term *= h / i
            total += term
        return min(1.0, math.exp(-h) * total)
    total = math.erfc(math.sqrt(h))
    term = math.sqrt(h) / math.gamma(1.5)  # h^(1/2) / Γ(3/2)
    for i in range(1, (df - 1) // 2 + 1):
        total += math.exp(-h) * term
        term *= h / (i + 1.5)
    return min(1.0, total)


def fisher_exact(a: int, n1: int, b: int, n2: int) -> float:
    """Two-sided Fisher exact p for a/n1 against b/n2 (sum of tables no more likely)."""
    k, n = a + b, n1 + n2
    lo, hi = max(0, k - n2), min(k, n1)

    def prob(x: int) -> float:
        return math.comb(n1, x) * math.comb(n2, k - x) / math.comb(n, k)

    observed = prob(a)
    return min(1.0, sum(p for x in range(lo, hi + 1) if (p := prob(x)) <= observed * (1 + 1e-9)))


@dataclass(frozen=True)
class TestResult:
    result: str           # SIGNIFIKANT | EJ_SIGNIFIKANT | TESTAS_EJ
    p: float              # NaN when not tested
    method: str           # "chi2" | "fisher" | ""
    reason: str = ""      # why not tested (Swedish)


def difference_test(successes: list[int], totals: list[int], alpha: float = ALPHA) -> TestResult:
    """Do the conversions successes[i]/totals[i] differ between the selections?

    χ² test of homogeneity (k×2 table; two selections: the pooled two-proportion z-test,
    χ² = z²). Two selections with an expected count below 5: Fisher's exact test. More
    than two with such small counts: not tested.
    """
    k = len(successes)
    if k < 2:
        return TestResult(TESTAS_EJ, float("nan"), "", "färre än två urval att jämföra")
    x = np.asarray(successes, dtype="float64")
    n = np.asarray(totals, dtype="float64")
    pooled = x.sum() / n.sum()
    if pooled in (0.0, 1.0):
        return TestResult(EJ_SIGNIFIKANT, 1.0, "chi2")
    expected = np.concatenate([n * pooled, n * (1 - pooled)])
    if expected.min() < MIN_EXPECTED:
        if k == 2:
            p = fisher_exact(int(x[0]), int(n[0]), int(x[1]), int(n[1]))
            return TestResult(SIGNIFIKANT if p < alpha else EJ_SIGNIFIKANT, p, "fisher")
        return TestResult(TESTAS_EJ, float("nan"), "", "för få personer för ett χ²-test")
    observed = np.concatenate([x, n - x])
    chi2 = float(((observed - expected) ** 2 / expected).sum())
    p = chi2_sf(chi2, k - 1)
    return TestResult(SIGNIFIKANT if p < alpha else EJ_SIGNIFIKANT, p, "chi2")


def compare_funnels(funnels: list[pd.DataFrame], independent: bool = True) -> pd.DataFrame:
    """Disclosed funnels of several selections, stacked, with one test per step.

    Adds `skillnad` (SIGNIFIKANT / EJ_SIGNIFIKANT / TESTAS_EJ), `skillnad_p` and
    `skillnad_metod`, the same on every selection's row of a step. Only conversions that
    are shown take part (a hidden count never enters a test).
    """
    df = pd.concat(funnels, ignore_index=True)
    df["skillnad"] = TESTAS_EJ
    df["skillnad_p"] = np.nan
    df["skillnad_metod"] = ""
    if len(funnels) < 2 or not independent:
        return df
    for key in STEP_KEYS[1:]:
        rows = df[(df.steg_kod == key) & (df.andel_status == Status.VISAD)]
        if len(rows) < 2:
            continue
        res = difference_test(rows.antal.astype(int).tolist(), rows.foregaende.astype(int).tolist())
        mask = df.steg_kod == key
        df.loc[mask, "skillnad"] = res.result
        df.loc[mask, "skillnad_p"] = res.p
        df.loc[mask, "skillnad_metod"] = res.method
    return df


def significant_steps(df: pd.DataFrame) -> list[dict]:
    """For each step that differs: its label, p, and the highest and lowest selection."""
    out = []
    for key in STEP_KEYS[1:]:
        rows = df[(df.steg_kod == key) & (df.skillnad == SIGNIFIKANT) & (df.andel_status == Status.VISAD)]
        if rows.empty:
            continue
        hi = rows.loc[rows.andel.idxmax()]
        lo = rows.loc[rows.andel.idxmin()]
        out.append({"steg_kod": key, "steg": STEP_LABELS[key], "fran": STEP_LABELS[_previous(key)],
                    "p": float(rows.skillnad_p.iloc[0]), "metod": rows.skillnad_metod.iloc[0],
                    "hogst": hi.urval, "hogst_andel": float(hi.andel),
                    "lagst": lo.urval, "lagst_andel": float(lo.andel)})
    return out


def _previous(key: str) -> str:
    return next(s.previous for s in STEPS if s.key == key) or key


# ---------------------------------------------------------------- selections to compare

SPLITS: dict[str, str] = {
    "": "Inget – bara urvalet",
    "forbund": "Förbund",
    "kommun": "Kommun",
    "kon": "Kön",
    "aldersgrupp": "Åldersgrupp",
    "period": "Period",
}
KON_LABELS = {"K": "Kvinnor", "M": "Män", "X": "Okänt"}
MAX_SELECTIONS = 4


def split_options(urval: Urval, split: str) -> list[str]:
    """The values a comparison by `split` can take, within the sidebar's selection."""
    from mia.reference import load_reference
    from mia.schema import AGE_GROUP_LABELS

    ref = load_reference()
    if split == "forbund":
        codes = list(ref.forbund.forbund_kod)
        if urval.forbund:
            codes = [c for c in codes if c in urval.forbund]
        if urval.kommun:
            owners = set(ref.kommuner.loc[ref.kommuner.kommunkod.isin(urval.kommun), "forbund_kod"])
            codes = [c for c in codes if c in owners]
        return codes
    if split == "kommun":
        k = ref.kommuner[ref.kommuner.forbund_kod.astype(str) != ""]
        if urval.forbund:
            k = k[k.forbund_kod.isin(urval.forbund)]
        if urval.kommun:
            k = k[k.kommunkod.isin(urval.kommun)]
        return list(k.sort_values("kommun").kommunkod)
    if split == "kon":
        return [c for c in KON_LABELS if not urval.kon or c in urval.kon]
    if split == "aldersgrupp":
        return [a for a in AGE_GROUP_LABELS if not urval.aldersgrupp or a in urval.aldersgrupp]
    if split == "period":
        return [label for label, _, _ in periods.presets()]
    return []


def default_values(urval: Urval, split: str) -> list[str]:
    """A useful first comparison for each split (the user changes it)."""
    options = split_options(urval, split)
    if split == "kon":
        return [c for c in ("K", "M") if c in options]
    if split == "period":
        return ["MIA 2017–2020", "MIA Vidare 2020–2022"]
    if split in ("aldersgrupp",):
        return options[:2]
    if split in ("forbund", "kommun") and len(options) <= MAX_SELECTIONS:
        return options[:2] if len(options) > 1 else options
    return []


def option_label(split: str, value: str) -> str:
    """How a value is named in the UI and in the figure's column titles."""
    from mia.reference import load_reference

    ref = load_reference()
    if split == "forbund":
        return ref.forbund_name(value)
    if split == "kommun":
        return ref.kommun_name(value)
    if split == "kon":
        return t(KON_LABELS.get(value, value))
    if split == "aldersgrupp":
        return t("{grupp} år").format(grupp=value)
    if split == "period":
        return t(value)
    return value


def variants(urval: Urval, split: str, values: list[str]) -> list[tuple[str, Urval]]:
    """(label, selection) per chosen value: the sidebar's selection with the split's
    dimension set to that value (it replaces the sidebar's filter on that dimension).
    No split, or no value: the sidebar's selection alone."""
    values = list(dict.fromkeys(values))[:MAX_SELECTIONS]
    if not split or not values:
        return [(t("Urvalet"), urval)]
    out = []
    presets = {label: (start, end) for label, start, end in periods.presets()}
    for value in values:
        if split == "period":
            start, end = presets[value]
            out.append((option_label(split, value), urval.with_(fran=start, till=end)))
        else:
            out.append((option_label(split, value), urval.with_(**{split: (value,)})))
    return out


def independent(urvals: list[Urval]) -> bool:
    """True when no person can be in two of the selections (a condition of the tests).

    Two selections are disjoint when some dimension has non-overlapping value sets in
    both, or when their periods do not overlap and the population counts each person in
    one period only (inskrivna: by enrolment date; avslutade: by exit date).
    """
    from mia.filters import DIMENSIONS

    for i, a in enumerate(urvals):
        for b in urvals[i + 1:]:
            apart = any(getattr(a, d) and getattr(b, d) and not set(getattr(a, d)) & set(getattr(b, d))
                        for d in DIMENSIONS)
            if not apart and a.population == b.population and a.population != "aktiva":
                apart = a.till < b.fran or b.till < a.fran
            if not apart:
                return False
    return True


# ---------------------------------------------------------------- Sankey

SANKEY_SOURCES: dict[str, str] = {"forsorjning": "Försörjning före", "remittent": "Remittent"}
SANKEY_TARGETS: dict[str, str] = {
    "arbete_studier": "Arbete eller studier",
    "arbetsforberedande": "Arbetsförberedande insats",
    "arbetssokande": "Arbetssökande",
    "ohalsa": "Ohälsa",
    "avbrott": "Avbrott",
    "annat_okant": "Annat eller okänt",
}
OVRIGA = "ovriga"
OVRIGA_LABEL = "Övriga (små flöden)"
SOURCE_LABELS: dict[str, dict[str, str]] = {
    "forsorjning": {
        "forsorjningsstod": "Försörjningsstöd", "sjuk_aktivitetsersattning": "Sjuk- eller aktivitetsersättning",
        "sjukpenning": "Sjukpenning", "a_kassa_aktivitetsstod": "A-kassa eller aktivitetsstöd",
        "etableringsersattning": "Etableringsersättning", "lon": "Lön", "studiemedel": "Studiemedel",
        "ingen": "Ingen ersättning", "annan": "Annan", "saknas": "Uppgift saknas",
    },
    "remittent": {
        "AF": "Arbetsförmedlingen", "FK": "Försäkringskassan", "kommun": "Kommunen",
        "region": "Regionen (vården)", "egen": "Egen anmälan", "saknas": "Uppgift saknas",
    },
}


def sankey_counts(con: duckdb.DuckDBPyConnection, urval: Urval, kalltyp: str = "forsorjning") -> pd.DataFrame:
    """Raw flows (kalla, mal, antal) among the avslutade; no disclosure yet."""
    if kalltyp not in SANKEY_SOURCES:
        raise ValueError(f"okänd källa {kalltyp!r}")
    df = sql.frame(con, "sankey_utfall", urval.params())
    df = df[df.kalltyp == kalltyp][["kalla", "mal", "antal"]].reset_index(drop=True)
    return df.astype({"antal": "int64"})


@dataclass(frozen=True)
class SankeyFlows:
    """What the Sankey may draw, and what was merged or left out on the way.

    flows: kalla, mal, antal (every drawn flow ≥ the threshold; mal may be OVRIGA);
    total: all avslutade in the selection; shown: sum of drawn flows; merged: people in
    small flows drawn inside an "övriga" flow; left_out: people in small flows that
    could not be shown even merged (total = shown + left_out); left_out_sources: sources
    with something left out.
    """

    flows: pd.DataFrame
    total: int
    shown: int
    merged: int
    left_out: int
    left_out_sources: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return self.flows.empty


def protect_flows(raw: pd.DataFrame, min_count: int | None = None) -> SankeyFlows:
    """Disclosure control of the flows (see the module docstring): a pure function."""
    m = config.disclosure().min_count if min_count is None else min_count
    total = int(raw.antal.sum())
    empty = pd.DataFrame({"kalla": pd.Series(dtype="str"), "mal": pd.Series(dtype="str"),
                          "antal": pd.Series(dtype="int64")})
    if raw.empty:
        return SankeyFlows(empty, 0, 0, 0, 0, ())
    sources = sorted(raw.kalla.unique())
    targets = list(SANKEY_TARGETS)
    # source × target counts (flows to other targets are not drawn), then the margins:
    # the table is sources + "alla" (outer) × targets + "alla" (inner), as protect_table wants.
    cells = raw.groupby(["kalla", "mal"]).antal.sum()
    full = cells.reindex(pd.MultiIndex.from_product([sources, targets]), fill_value=0)
    inner_counts = full.to_numpy(dtype="int64").reshape(len(sources), len(targets))
    with_totals = np.zeros((len(sources) + 1, len(targets) + 1), dtype="int64")
    with_totals[:-1, :-1] = inner_counts
    with_totals[:-1, -1] = inner_counts.sum(axis=1)
    with_totals[-1, :] = with_totals[:-1, :].sum(axis=0)
    table = pd.MultiIndex.from_product([sources + ["alla"], targets + ["alla"]], names=["kalla", "mal"]).to_frame(
        index=False)
    table["antal"] = with_totals.ravel()
    protected = disclosure.protect_table(
        table, ["antal"], [Hierarchy.total("kalla", sources, "alla"), Hierarchy.total("mal", targets, "alla")])
    status = protected.antal_status.to_numpy(dtype=object).reshape(len(sources) + 1, len(targets) + 1)
    visible = status[:-1, :-1] == Status.VISAD
    flows, merged, left_out, left_sources = [], 0, 0, []
    for i, source in enumerate(sources):
        row, seen = inner_counts[i], visible[i]
        flows += [(source, targets[j], int(row[j])) for j in np.flatnonzero(seen & (row > 0))]
        hidden = int(row[~seen].sum())
        if hidden >= m:
            flows.append((source, OVRIGA, hidden))
            merged += hidden
        elif hidden > 0:
            left_out += hidden
            left_sources.append(source)
    out = pd.DataFrame(flows, columns=["kalla", "mal", "antal"]).astype({"antal": "int64"}) if flows else empty
    shown_total = int(out.antal.sum())
    assert shown_total + left_out == total
    return SankeyFlows(out, total, shown_total, merged, left_out, tuple(left_sources))


def sankey(con: duckdb.DuckDBPyConnection, urval: Urval, kalltyp: str = "forsorjning") -> SankeyFlows:
    """The disclosure-controlled flows of one selection."""
    return protect_flows(sankey_counts(con, urval, kalltyp))


def source_label(kalltyp: str, code: str) -> str:
    return t(SOURCE_LABELS.get(kalltyp, {}).get(code, code))


def target_label(code: str) -> str:
    return t(OVRIGA_LABEL) if code == OVRIGA else t(SANKEY_TARGETS.get(code, code))


# ---------------------------------------------------------------- time in project

TIME_GROUPS: dict[str, str] = {
    "arbete_studier": "Arbete eller studier",
    "arbetsforberedande": "Arbetsförberedande insats",
    "ovrigt": "Övriga utfall",
    "alla_avslutade": "Alla som avslutat",
}


def time_in_project(con: duckdb.DuckDBPyConnection, urval: Urval, label: str = "") -> pd.DataFrame:
    """Days from enrolment to exit per outcome group (tid_i_projekt.sql), disclosed."""
    return disclose_time(sql.frame(con, "tid_i_projekt", urval.params()), label)


def disclose_time(raw: pd.DataFrame, label: str = "") -> pd.DataFrame:
    """Quartiles hidden (NaN, `tid_status` "namnare") for groups below the minimum
    denominator; `n` under primary suppression; the share still active at the period
    end (`aktiva_andel`, `aktiva_ki_lag`, `aktiva_ki_hog`, `aktiva_andel_status`)."""
    limits = config.disclosure()
    df = raw.astype({"n": "int64", "aktiva": "int64", "antal": "int64"}).copy()
    df.insert(0, "urval", label)
    df["etikett"] = df.grupp.map(TIME_GROUPS)
    small = df.n < limits.min_denominator
    df["tid_status"] = np.where(df.n == 0, Status.SAKNAS.value,
                                np.where(small, Status.NAMNARE.value, Status.VISAD.value))
    for col in ("q1", "median", "q3"):
        df[col] = df[col].astype("float64").where(~small)
    # The outcome groups add up to "alla_avslutade": protect n over that sum as well.
    parts = [g for g in TIME_GROUPS if g != "alla_avslutade"]
    df = disclosure.protect_table(df, ["n"], [Hierarchy.total("grupp", parts, "alla_avslutade")])
    df = disclosure.protect_table(df, ["aktiva", "antal"])
    df = stats.add_share_columns(df.assign(_ref=np.nan), "aktiva", "antal", reference="_ref", prefix="aktiva_")
    return df.drop(columns=["_ref", "aktiva_referens", "aktiva_jamforelse"])


# ---------------------------------------------------------------- the CLI's table


def cli_table(con: duckdb.DuckDBPyConnection, urval: Urval) -> pd.DataFrame:
    """`python -m mia table flode`: one row per step, in order, after disclosure control.

    Columns: steg, antal ("<5" when hidden), andel_av_foregaende, ki_lag, ki_hog (percent,
    one decimal; ".." when hidden), fran_steg (the step the conversion is from).
    """
    df = funnel(con, urval)
    shown = df.andel_status == Status.VISAD

    def share(col: str) -> list[str]:
        return [f"{v:.1f}" if s else (disclosure.HIDDEN_SYMBOL if k else "")
                for v, s, k in zip(df[col], shown, df.foregaende_kod != "")]

    return pd.DataFrame({
        "steg": df.steg,
        "antal": [v.replace(disclosure.NBSP, "") for v in df.antal_visning],
        "andel_av_foregaende": share("andel"),
        "ki_lag": share("ki_lag"),
        "ki_hog": share("ki_hog"),
        "fran_steg": [STEP_LABELS.get(k, "") for k in df.foregaende_kod],
    })


def table_for_cli(con: duckdb.DuckDBPyConnection, args) -> pd.DataFrame:
    """The `flode` entry of `python -m mia table` (mia/commands/table.py): cli_table for
    the selection named by the filter flags."""
    from mia.cli import urval_from

    return cli_table(con, urval_from(args))


# ---------------------------------------------------------------- words


def subtitle(urval: Urval, split: str = "", extra: str = "") -> str:
    """The figure subtitle: population, period, place and filters (text.describe without
    the share denominator, which the funnel does not use), and what is compared."""
    from mia import text

    drop = {t("andel av alla i populationen"), t("andel av dem som avslutat")}
    parts = [p for p in text.describe(urval).split(" · ") if p not in drop]
    if split == "period":
        parts[0] = t("{population} under respektive period").format(population=t(urval.population).capitalize())
    if split:
        parts.append(t("jämfört efter {dimension}").format(dimension=t(SPLITS[split]).lower()))
    if extra:
        parts.append(extra)
    return " · ".join(parts)


def _count(value: float, status: str) -> str:
    return fmt.number(value) if status == Status.VISAD else (
        disclosure.small_symbol() if status == Status.LITEN else disclosure.HIDDEN_SYMBOL)


def funnel_sentence(df: pd.DataFrame) -> str:
    """One selection: "Av 4 385 anmälda skrevs 3 624 in (83 %). 3 147 hade avslutat vid
    periodens slut; 669 av dem (21 %, 95 % KI 20–23 %) gick till arbete eller studier."
    Hidden values are named as hidden, never put into words as numbers."""
    rows = df.set_index("steg_kod")
    a, i, s, w, f = (rows.loc[k] for k in ("anmalda", "inskrivna", "avslutade", "arbete_studier",
                                               "arbetsforberedande"))

    def share(row: pd.Series) -> str:
        if row.andel_status != Status.VISAD:
            return t("andelen visas inte")
        return t("{andel}, 95 % KI {intervall}").format(andel=fmt.percent(row.andel),
                                                      intervall=fmt.interval(row.ki_lag, row.ki_hog))

    first = t("Av {anmalda} anmälda skrevs {inskrivna} in ({andel}).").format(
        anmalda=a.antal_visning, inskrivna=i.antal_visning, andel=share(i))
    second = t("{avslutade} hade avslutat vid periodens slut; {arbete} av dem ({andel_arbete}) gick till arbete "
               "eller studier och {af} ({andel_af}) till en arbetsförberedande insats.").format(
        avslutade=s.antal_visning, arbete=w.antal_visning, andel_arbete=share(w), af=f.antal_visning,
        andel_af=share(f))
    return f"{first} {second}"


def difference_sentences(df: pd.DataFrame, independent_selections: bool = True) -> list[str]:
    """Several selections: one sentence per step that differs, or that none does."""
    if df.urval.nunique() < 2:
        return []
    if not independent_selections:
        return [t("Urvalen kan innehålla samma personer (överlappande perioder eller populationen aktiva), "
                  "så skillnaderna testas inte.")]
    out = []
    for s in significant_steps(df):
        out.append(t("Från {fran} till {steg}: högst andel i {hogst} ({hogst_andel}), lägst i {lagst} "
                     "({lagst_andel}); skillnaden är statistiskt säker ({p}).").format(
            fran=t(s["fran"]).lower(), steg=t(s["steg"]).lower(), hogst=s["hogst"],
            hogst_andel=fmt.percent(s["hogst_andel"]), lagst=s["lagst"], lagst_andel=fmt.percent(s["lagst_andel"]),
            p=p_text(s["p"])))
    if not out:
        tested = (df.skillnad != TESTAS_EJ).any()
        out.append(t("Inget steg skiljer sig statistiskt säkert mellan urvalen.") if tested else
                   t("För få personer för att testa skillnader mellan urvalen."))
    return out


def without_insats_note(counts: dict[str, int], label: str = "") -> str:
    """The note on exits without a recorded insats (they still count as having passed
    kartläggning and insats, so that the funnel never grows)."""
    n = counts["utan_insats"]
    shown = fmt.number(n) if n == 0 or n >= config.disclosure().min_count else disclosure.small_symbol()
    avsl = counts["avslutade"]
    avsl_shown = fmt.number(avsl) if avsl == 0 or avsl >= config.disclosure().min_count else disclosure.small_symbol()
    prefix = f"{label}: " if label else ""
    return prefix + t("{antal} av {avslutade} som avslutat har ingen registrerad insats.").format(
        antal=shown, avslutade=avsl_shown)


def p_text(p: float) -> str:
    """"p = 0,004", "p < 0,001"."""
    return "p < 0,001" if p < 0.001 else f"p = {fmt.number(p, 3)}"
