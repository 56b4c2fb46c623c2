"""The synthetic demo extract: seeded, deterministic, calibrated to the published figures.

Real participant data is personal data, so the app ships a generated extract instead
(DATA.md §4). Enrolment counts are allocated by quota so that every published head count
holds exactly; exit dates and outcomes are drawn at random and then repaired, group by
group, until every published share holds too. `tests/test_demo.py` checks the result
through the same SQL the dashboard uses.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from mia.config import DEMO_EXTRACT_DATE, DEMO_SEED
from mia.reference import Reference, load_reference
from mia.schema import COLUMN_NAMES

D = date.fromisoformat

# Segment boundaries: the joins of kommuner, the publication dates and MIA Vidare.
BOUNDS = [D("2017-04-01"), D("2019-10-01"), D("2019-11-09"), D("2020-06-01"), D("2020-09-01"),
          D("2020-10-01"), D("2021-06-01"), D("2022-10-01")]

# Enrolments per month per förbund in three phases (before MIA Vidare, early Vidare, late
# Vidare). Relative weights only: window totals below are exact.
MONTHLY_RATE = {
    #        MIA 1  Vidare-1 Vidare-2
    "OS":    (6.0, 6.5, 5.5),
    "STH":   (12.5, 15.0, 15.0),
    "ROS":   (2.9, 9.0, 10.0),
    "HBS":   (14.0, 11.0, 10.0),
    "SDT":   (4.5, 5.0, 5.0),
    "VARNA": (4.5, 5.5, 5.0),
    "SUVS":  (0.0, 4.5, 4.5),
    "SBG":   (0.0, 4.5, 3.0),
}
# Within a förbund, kommuner share by population, except Huddinge, whose team was larger.
KOMMUN_WEIGHT = {"0126": 1.4}

# Exact enrolment totals per window of segments (index ranges into BOUNDS).
LAN_WINDOWS = [((0, 2), 1451), ((2, 5), 783), ((5, 7), 1390)]
# Units with an exact total over a window: (kind, code, segments, total).
FIXED_UNITS = [
    ("kommun", "0160", (0, 5), 76),       # Täby 2017-04-01..2020-09-30
    ("forbund", "SBG", (3, 6), 54),       # Sundbyberg first year of MIA Vidare
    ("forbund", "SBG", (6, 7), 50),       # Sundbyberg thereafter (104 in all)
    ("forbund", "SUVS", (3, 7), 121),     # SUVS, published as about 120
]

OUTCOMES_OTHER = ("arbetssokande", "ohalsa", "annat", "avbrott", "okant")
OUTCOME_P = {  # base probabilities among those who exit
    "arbete": 0.12, "studier": 0.05, "arbetsforberedande": 0.34,
    "arbetssokande": 0.10, "ohalsa": 0.14, "annat": 0.08, "avbrott": 0.12, "okant": 0.05,
}
P_WOMAN = {"OS": 0.55, "STH": 0.47, "ROS": 0.58, "SUVS": 0.52, "HBS": 0.50, "SDT": 0.44, "VARNA": 0.56, "SBG": 0.51}
MEDIAN_DAYS = {"ROS": 250}  # Roslagen kept people longer; others about seven months
MEAN_AGE = {"OS": 38, "STH": 41, "ROS": 36, "SUVS": 37, "HBS": 39, "SDT": 40, "VARNA": 35, "SBG": 38}
REMITTENT_P = {"AF": 0.36, "kommun": 0.34, "FK": 0.14, "region": 0.11, "egen": 0.05}
FORSORJNING_P = {
    "forsorjningsstod": 0.44, "sjuk_aktivitetsersattning": 0.14, "sjukpenning": 0.09,
    "a_kassa_aktivitetsstod": 0.13, "etableringsersattning": 0.06, "ingen": 0.10,
    "annan": 0.02, "lon": 0.01, "studiemedel": 0.01,
}
INSATS_P = {"motivationskurs": 0.30, "arbetstraning_asf": 0.22, "arbetstraning_arbetsgivare": 0.14,
            "praktik": 0.18, "utbildning": 0.10, "annan": 0.06}
UTBILDNING_P = {"forgymnasial": 0.38, "gymnasial": 0.40, "eftergymnasial": 0.15, "okand": 0.07}


@dataclass(frozen=True)
class Target:
    """An exact outcome count for a group of exited participants."""

    group: str
    outcome: str  # 'arbete_studier' | 'arbetsforberedande'
    count: int


OUTCOME_TARGETS = [
    Target("taby20", "arbete_studier", 22), Target("taby20", "arbetsforberedande", 21),
    Target("hud19", "arbete_studier", 50),
    Target("ros_v", "arbetsforberedande", 37), Target("ros_v", "arbete_studier", 24),
    Target("sbg", "arbete_studier", 40),
    Target("lan20", "arbete_studier", 380), Target("lan20", "arbetsforberedande", 760),
]
OUTCOME_SETS = {"arbete_studier": ("arbete", "studier"), "arbetsforberedande": ("arbetsforberedande",)}


def generate(seed: int = DEMO_SEED, reference: Reference | None = None) -> pd.DataFrame:
    """The demo extract as a canonical frame (schema.COLUMN_NAMES), one row per person."""
    ref = reference or load_reference()
    rng = np.random.default_rng(seed)
    enrolled = _enrolments(ref, rng)
    people = _attributes(enrolled, rng)
    _exit_dates(people, rng)
    _repair_active(people, rng)
    _outcomes(people, rng)
    _repair_outcomes(people, rng)
    _process_dates(people, rng)
    _after_exit(people, rng)
    never = _never_enrolled(people, rng)
    return _to_frame(pd.concat([people, never], ignore_index=True))


# ---------------------------------------------------------------- enrolment quotas

def _months(start: date, end: date) -> float:
    return (end - start).days / 30.44


def _expected(ref: Reference) -> pd.DataFrame:
    """Expected enrolments per (kommun, segment) from rates, joins and populations."""
    rows = []
    for seg in range(len(BOUNDS) - 1):
        start, end = BOUNDS[seg], BOUNDS[seg + 1]
        phase = 0 if start < D("2020-06-01") else (1 if start < D("2021-06-01") else 2)
        for k in ref.kommuner.itertuples():
            if not k.forbund_kod or k.mia_fran is None or k.mia_fran > start:
                continue
            members = ref.kommuner[(ref.kommuner.forbund_kod == k.forbund_kod) & (ref.kommuner.mia_fran <= start)]
            weights = members.folkmangd_2017 * members.kommunkod.map(lambda c: KOMMUN_WEIGHT.get(c, 1.0))
            share = weights[members.kommunkod == k.kommunkod].iloc[0] / weights.sum()
            rate = MONTHLY_RATE[k.forbund_kod][phase]
            rows.append((k.kommunkod, k.forbund_kod, seg, rate * share * _months(start, end)))
    return pd.DataFrame(rows, columns=["kommunkod", "forbund", "segment", "expected"])


def _largest_remainder(weights: pd.Series, total: int) -> pd.Series:
    """Integer counts summing exactly to `total`, proportional to `weights`."""
    raw = weights / weights.sum() * total
    counts = np.floor(raw).astype(int)
    short = total - counts.sum()
    order = (raw - counts).sort_values(ascending=False).index[:short]
    counts.loc[order] += 1
    return counts


def _quotas(ref: Reference) -> pd.DataFrame:
    cells = _expected(ref)
    cells["count"] = -1
    for kind, code, (s0, s1), total in FIXED_UNITS:
        col = "kommunkod" if kind == "kommun" else "forbund"
        mask = (cells[col] == code) & cells.segment.between(s0, s1 - 1)
        cells.loc[mask, "count"] = _largest_remainder(cells.loc[mask, "expected"], total)
    for (s0, s1), total in LAN_WINDOWS:
        window = cells.segment.between(s0, s1 - 1)
        fixed = cells.loc[window & (cells["count"] >= 0), "count"].sum()
        free = window & (cells["count"] < 0)
        cells.loc[free, "count"] = _largest_remainder(cells.loc[free, "expected"], total - fixed)
    return cells


def _random_dates(rng: np.random.Generator, start: date, end: date, n: int) -> list[date]:
    """n dates in [start, end), fewer in July and around Christmas (holidays)."""
    days = np.arange((end - start).days)
    dates = [start + timedelta(days=int(d)) for d in days]
    weight = np.array([0.35 if d.month == 7 else (0.6 if (d.month == 12 and d.day > 18) else 1.0) for d in dates])
    weight *= np.array([0.15 if d.weekday() >= 5 else 1.0 for d in dates])
    picks = rng.choice(len(dates), size=n, p=weight / weight.sum())
    return sorted(dates[i] for i in picks)


def _enrolments(ref: Reference, rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for cell in _quotas(ref).itertuples():
        start, end = BOUNDS[cell.segment], BOUNDS[cell.segment + 1]
        for d in _random_dates(rng, start, end, int(cell.count)):
            rows.append((cell.forbund, cell.kommunkod, d))
    out = pd.DataFrame(rows, columns=["forbund", "kommunkod", "inskrivningsdatum"])
    return out.sort_values(["forbund", "inskrivningsdatum", "kommunkod"], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- people

def _pick(rng: np.random.Generator, probs: dict[str, float], n: int) -> np.ndarray:
    keys = list(probs)
    p = np.array([probs[k] for k in keys], dtype=float)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=n, p=p / p.sum())]


def _attributes(people: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    n = len(people)
    p_woman = people.forbund.map(P_WOMAN).to_numpy()
    u = rng.random(n)
    people["kon"] = np.where(u < 0.006, "X", np.where(u < p_woman, "K", "M"))
    mean_age = people.forbund.map(MEAN_AGE).to_numpy()
    age = np.clip(np.round(rng.normal(mean_age, 11.0)), 18, 64).astype(int)
    people["alder_start"] = age
    people["fodelsear"] = [d.year - a for d, a in zip(people.inskrivningsdatum, age)]
    people["remittent"] = _pick(rng, REMITTENT_P, n)
    people["forsorjning_fore"] = _pick(rng, FORSORJNING_P, n)
    people["utbildningsniva"] = _pick(rng, UTBILDNING_P, n)
    gap = rng.integers(5, 60, n)
    people["anmalningsdatum"] = [
        max(d - timedelta(days=int(g)), BOUNDS[0]) for d, g in zip(people.inskrivningsdatum, gap)
    ]
    return people


def _exit_dates(people: pd.DataFrame, rng: np.random.Generator) -> None:
    """Time in project: log-normal, median about seven months; open cases stay blank."""
    median = people.forbund.map(lambda f: MEDIAN_DAYS.get(f, 205)).to_numpy(dtype=float)
    days = np.round(np.exp(rng.normal(np.log(median), 0.55))).astype(int)
    days = np.clip(days, 21, 900)
    exits = [d + timedelta(days=int(x)) for d, x in zip(people.inskrivningsdatum, days)]
    people["avslutsdatum"] = [e if e <= DEMO_EXTRACT_DATE else None for e in exits]


def _move_exits(people: pd.DataFrame, rng: np.random.Generator, candidates: pd.Index,
                n: int, new_from: date, new_to: date) -> None:
    """Move the exit of n candidates to a random date in [new_from, new_to]."""
    if n > len(candidates):
        raise RuntimeError(f"Demodata: för få kandidater att flytta ({len(candidates)} < {n}).")
    chosen = rng.choice(np.asarray(candidates), size=n, replace=False)
    for i in chosen:
        low = max(new_from, people.at[i, "inskrivningsdatum"] + timedelta(days=21))
        span = max((new_to - low).days, 0)
        people.at[i, "avslutsdatum"] = low + timedelta(days=int(rng.integers(0, span + 1)))


def _active_mask(people: pd.DataFrame, fran: date, till: date) -> pd.Series:
    exit_ = people.avslutsdatum
    return (people.inskrivningsdatum <= till) & exit_.map(lambda e: e is None or e >= fran)


def _repair_window_active(people: pd.DataFrame, rng: np.random.Generator, unit: pd.Series,
                          fran: date, target: int, keep_before: date) -> None:
    """Make `target` of `unit` active in a window starting `fran` by moving exits across
    `fran`, only between dates before `keep_before` so published exits stay as they are."""
    exit_ = people.avslutsdatum.map(lambda e: e if e is not None else date.max)
    earlier = unit & (people.inskrivningsdatum < fran - timedelta(days=60))
    count = int((unit & _active_mask(people, fran, date.max)).sum())
    window = timedelta(days=90)
    if count > target:
        cand = people.index[earlier & (exit_ >= fran) & (exit_ < min(fran + window, keep_before))]
        _move_exits(people, rng, cand, count - target, fran - window, fran - timedelta(days=1))
    elif count < target:
        cand = people.index[earlier & (exit_ < fran) & (exit_ >= fran - window)]
        _move_exits(people, rng, cand, target - count, fran, min(fran + window, keep_before) - timedelta(days=1))


def _repair_active(people: pd.DataFrame, rng: np.random.Generator) -> None:
    """Hit the published counts of active participants and of Roslagen's exits."""
    hud = people.kommunkod == "0126"
    hud_2019 = hud & (people.inskrivningsdatum <= D("2019-12-31"))
    _repair_window_active(people, rng, hud_2019, D("2019-01-01"), 180, D("2020-09-30"))
    ros = (people.forbund == "ROS") & (people.inskrivningsdatum <= D("2021-12-31"))
    _repair_window_active(people, rng, ros, D("2020-06-01"), 227, D("2020-09-30"))
    _repair_ros_exits(people, rng)


def _repair_ros_exits(people: pd.DataFrame, rng: np.random.Generator, target: int = 132) -> None:
    """Roslagen exits 2020-06-01..2021-12-31: move exits across 2021-12-31 only."""
    exit_ = people.avslutsdatum.map(lambda e: e if e is not None else date.max)
    ros = people.forbund == "ROS"
    inside = ros & (exit_ >= D("2020-06-01")) & (exit_ <= D("2021-12-31"))
    count = int(inside.sum())
    if count > target:
        cand = people.index[inside & (exit_ >= D("2021-09-15")) & (people.inskrivningsdatum < D("2021-11-01"))]
        _move_exits(people, rng, cand, count - target, D("2022-01-01"), D("2022-04-30"))
    elif count < target:
        cand = people.index[ros & (exit_ > D("2021-12-31")) & (exit_ <= D("2022-06-30"))
                            & (people.inskrivningsdatum < D("2021-10-01"))]
        _move_exits(people, rng, cand, target - count, D("2021-10-01"), D("2021-12-31"))


# ---------------------------------------------------------------- outcomes

def _outcomes(people: pd.DataFrame, rng: np.random.Generator) -> None:
    exited = people.avslutsdatum.notna()
    people["utfall"] = None
    people.loc[exited, "utfall"] = _pick(rng, OUTCOME_P, int(exited.sum()))


def _groups(people: pd.DataFrame) -> dict[str, pd.Series]:
    exit_ = people.avslutsdatum.map(lambda e: e if e is not None else date.max)
    ins = people.inskrivningsdatum
    lan20 = (ins <= D("2020-09-30")) & (exit_ <= D("2020-09-30"))
    hud_active = (people.kommunkod == "0126") & (ins <= D("2019-12-31")) & (exit_ >= D("2019-01-01"))
    return {
        "lan20": lan20,
        "taby20": lan20 & (people.kommunkod == "0160"),
        "hud19": hud_active & (exit_ <= D("2019-12-31")),
        "ros_v": (people.forbund == "ROS") & (exit_ >= D("2020-06-01")) & (exit_ <= D("2021-12-31")),
        "sbg": (people.forbund == "SBG") & (ins >= D("2020-06-01")) & (exit_ <= D("2022-12-31")),
    }


def _repair_outcomes(people: pd.DataFrame, rng: np.random.Generator) -> None:
    """Set outcome counts exactly, smallest groups first; each later group only changes
    members outside the groups already fixed, so earlier targets stay met."""
    groups = _groups(people)
    editable = {
        "taby20": groups["taby20"],
        "hud19": groups["hud19"],
        "ros_v": groups["ros_v"] & ~groups["taby20"],
        "sbg": groups["sbg"],
        "lan20": groups["lan20"] & ~(groups["taby20"] | groups["hud19"] | groups["ros_v"] | groups["sbg"]),
    }
    for target in OUTCOME_TARGETS:
        _set_count(people, rng, groups[target.group], editable[target.group], target)


def _set_count(people: pd.DataFrame, rng: np.random.Generator, group: pd.Series,
               editable: pd.Series, target: Target) -> None:
    wanted = OUTCOME_SETS[target.outcome]
    fixed_other = tuple(o for s in OUTCOME_SETS.values() for o in s if o not in wanted)
    has = people.utfall.isin(wanted)
    count = int((group & has).sum())
    if count > target.count:
        cand = people.index[editable & has]
        new = lambda: str(rng.choice(OUTCOMES_OTHER))  # noqa: E731
        n = count - target.count
    else:
        cand = people.index[editable & people.utfall.notna() & ~has & ~people.utfall.isin(fixed_other)]
        new = lambda: str(rng.choice(wanted, p=_within(wanted)))  # noqa: E731
        n = target.count - count
    if n > len(cand):
        raise RuntimeError(f"Demodata: kan inte nå {target} ({len(cand)} kandidater, {n} behövs).")
    for i in rng.choice(np.asarray(cand), size=n, replace=False):
        people.at[i, "utfall"] = new()


def _within(wanted: tuple[str, ...]) -> list[float]:
    p = np.array([OUTCOME_P[o] for o in wanted])
    return list(p / p.sum())


# ---------------------------------------------------------------- process and exit details

def _process_dates(people: pd.DataFrame, rng: np.random.Generator) -> None:
    """Kartläggning and first insats, always before the exit; fewer for early drop-outs."""
    n = len(people)
    kart_gap = rng.integers(10, 50, n)
    insats_gap = rng.integers(7, 45, n)
    u_kart, u_insats = rng.random(n), rng.random(n)
    kart, insats, typ = [], [], []
    for i, row in enumerate(people.itertuples()):
        end = row.avslutsdatum or DEMO_EXTRACT_DATE
        dropout = row.utfall in ("avbrott", "okant")
        k = row.inskrivningsdatum + timedelta(days=int(kart_gap[i]))
        has_k = k <= end and u_kart[i] < (0.70 if dropout else 0.93)
        s = k + timedelta(days=int(insats_gap[i]))
        has_s = has_k and s <= end and u_insats[i] < (0.55 if dropout else 0.88)
        kart.append(k if has_k else None)
        insats.append(s if has_s else None)
        typ.append(None)
    people["kartlaggning_datum"] = kart
    people["insats_startdatum"] = insats
    with_insats = people.insats_startdatum.notna()
    people["insatstyp"] = None
    people.loc[with_insats, "insatstyp"] = _pick(rng, INSATS_P, int(with_insats.sum()))


def _after_exit(people: pd.DataFrame, rng: np.random.Generator) -> None:
    """Income after exit and the exit survey follow the outcome."""
    n = len(people)
    u = rng.random(n)
    after, survey = [], []
    for i, row in enumerate(people.itertuples()):
        if row.utfall is None:
            after.append(None)
            survey.append(None)
            continue
        after.append({"arbete": "lon", "studier": "studiemedel"}.get(
            row.utfall, "a_kassa_aktivitetsstod" if row.utfall == "arbetsforberedande" and u[i] < 0.5
            else row.forsorjning_fore))
        answer_p = 0.35 if row.utfall in ("avbrott", "okant") else 0.88
        yes_p = {"arbete": 0.85, "studier": 0.85, "arbetsforberedande": 0.70}.get(row.utfall, 0.45)
        v = rng.random()
        survey.append(None if v > answer_p else ("ja" if rng.random() < yes_p else "nej"))
    people["forsorjning_efter"] = after
    people["okad_egenmakt"] = survey


def _never_enrolled(people: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """About one referral in five never leads to enrolment."""
    n = int(round(len(people) * 0.21))
    sample = people.sample(n=n, random_state=int(rng.integers(0, 2**31 - 1)), replace=False)
    out = sample[["forbund", "kommunkod", "kon", "fodelsear", "remittent", "forsorjning_fore", "utbildningsniva"]].copy()
    out["anmalningsdatum"] = sample.anmalningsdatum.to_numpy()
    for col in ("inskrivningsdatum", "kartlaggning_datum", "insats_startdatum", "insatstyp", "avslutsdatum",
                "utfall", "forsorjning_efter", "okad_egenmakt"):
        out[col] = None
    return out.reset_index(drop=True)


def _to_frame(people: pd.DataFrame) -> pd.DataFrame:
    people = people.sort_values(["forbund", "anmalningsdatum", "kommunkod"], kind="stable").reset_index(drop=True)
    people["deltagare_id"] = people.groupby("forbund").cumcount().map(lambda i: f"{i + 1:05d}")
    people["deltagare_id"] = people.forbund + "-" + people.deltagare_id
    people["alder"] = None
    out = people.reindex(columns=list(COLUMN_NAMES))
    for col in ("fodelsear", "alder"):
        out[col] = pd.array(out[col], dtype="Int64")
    for col in ("anmalningsdatum", "inskrivningsdatum", "kartlaggning_datum", "insats_startdatum", "avslutsdatum"):
        out[col] = pd.to_datetime(out[col])
    return out


def install(con, seed: int = DEMO_SEED) -> int:
    """Replace every förbund's data with the demo extract, as one recorded import."""
    from mia import store  # local import: store does not need the generator otherwise

    frame = generate(seed)
    digest = store.sha256(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    record = store.ImportRecord(
        filnamn=f"syntetiska demodata (frö {seed})", sha256=digest, rader=len(frame),
        forbund=tuple(sorted(frame.forbund.unique())), resultat="importerad", vem="demo",
    )
    return store.replace_forbund(con, frame, record, kalla="demo", uttag=DEMO_EXTRACT_DATE)


def ensure(con) -> bool:
    """Load the demo extract into an empty database; True when it did."""
    from mia import store

    if store.row_count(con) > 0:
        return False
    install(con)
    return True
