"""Kommunprofil: one kommun or förbund against the county, its förbund, the targets and
itself over time (the Profil page, its printable A4 page and its press pack).

Everything is computed for all units at once (two query files, `profil_per_enhet.sql` and
`profil_trend.sql`, one pass each), disclosure-controlled once over the whole kommun →
förbund → county table (and, for the trend, over half-years and the two halves of the
period), then shares, 95 % Wilson intervals and comparisons are added once by
`mia.stats.add_share_columns`. A profile is then only a selection of rows, so the chart,
the table, the sentences and the printed page all read the same numbers and the same
suppression status.

Rules:
- The profile uses the selection's period, population and denominator; the dimension
  filters of the sidebar (förbund, kommun, kön, ålder, remittent, försörjning) are not
  applied (`profile_urval`): a profile describes the whole unit.
- Each measure is compared with the county ("högre" / "i nivå med" / "lägre" / "jämförs
  ej", from the interval); the median time has no interval and is never compared.
- The range across units uses only shown values of units of the same level (the 21 MIA
  kommuner, or the eight förbund).
- A kommun outside MIA gets the nearest förbund's results (by distance between the
  reference points to the nearest member kommun), clearly labelled as such.
- Sentences claim a difference only where the comparison says so; each sentence records
  the comparisons it relies on (`Sentence.claims`) so that tests can check it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import duckdb
import numpy as np
import pandas as pd

from mia import config, disclosure, fmt, sql, stats
from mia.disclosure import Hierarchy, Status
from mia.filters import Urval
from mia.i18n import t
from mia.reference import load_reference

KOMMUN = "kommun"
FORBUND = "forbund"
LAN = "lan"
LEVELS = (KOMMUN, FORBUND)
NAMNARE = "__namnare__"  # the selection's denominator: antal (alla) or avslutade

# ---------------------------------------------------------------------------- measures


@dataclass(frozen=True)
class Measure:
    """One row of the profile. kind: "andel" (share, %), "per10000" (rate) or "median"."""

    key: str
    label: str
    num: str
    den: str
    kind: str = "andel"
    group: str = ""
    target: str | None = None  # key of measures.targets(), when the project has a target
    target_den: str | None = None  # the denominator the target is defined for


MEASURES: tuple[Measure, ...] = (
    Measure("per_10000", "Deltagare per 10 000 invånare", "antal", "folkmangd", "per10000", "Deltagande"),
    Measure("arbete_studier", "Till arbete eller studier", "arbete_studier", NAMNARE, group="Utfall vid avslut",
            target="arbete_studier", target_den="antal"),
    Measure("arbetsforberedande", "Till arbetsförberedande insats", "arbetsforberedande", NAMNARE,
            group="Utfall vid avslut", target="arbetsforberedande", target_den="antal"),
    Measure("okad_egenmakt", "Upplever ökad egenmakt", "egenmakt_ja", "egenmakt_besvarade",
            group="Utfall vid avslut", target="okad_egenmakt", target_den="egenmakt_besvarade"),
    Measure("avbrott", "Avbröt insatsen", "avbrott", "avslutade", group="Utfall vid avslut"),
    Measure("median_dagar", "Tid i projektet, median", "median_dagar", "avslutade", "median", "Processen"),
    Measure("kartlagda", "Inskrivna som kartlagts", "kartlagda", "antal", group="Processen"),
    Measure("i_insats", "Kartlagda som fått insats", "i_insats", "kartlagda", group="Processen"),
    Measure("kvinnor", "Kvinnor", "kvinnor", "antal", group="Vilka deltar"),
    Measure("unga", "16–29 år", "unga", "antal", group="Vilka deltar"),
    Measure("remitterade_af", "Remitterade av Arbetsförmedlingen", "remitterade_af", "antal", group="Vilka deltar"),
    Measure("remitterade_kommun", "Remitterade av kommunen", "remitterade_kommun", "antal", group="Vilka deltar"),
    Measure("forsorjningsstod", "Försörjningsstöd före", "forsorjningsstod", "antal", group="Vilka deltar"),
)
MEASURE_BY_KEY = {m.key: m for m in MEASURES}

# Counts that are published (numerators and denominators) and therefore protected.
COUNT_COLUMNS = ("antal", "avslutade", "arbete_studier", "arbetsforberedande", "avbrott", "egenmakt_besvarade",
                 "egenmakt_ja", "kartlagda", "i_insats", "kvinnor", "unga", "remitterade_af",
                 "remitterade_kommun", "forsorjningsstod")
TREND_COUNTS = ("avslutade", "arbete_studier", "arbetsforberedande")


def denominator_column(measure: Measure, urval: Urval) -> str:
    if measure.den == NAMNARE:
        return "avslutade" if urval.namnare == "avslutade" else "antal"
    return measure.den


def target_applies(measure: Measure, urval: Urval) -> bool:
    """A target is shown only for the denominator it is defined for (malvarden.csv)."""
    return measure.target is not None and denominator_column(measure, urval) == measure.target_den


def profile_urval(urval: Urval) -> Urval:
    """The selection a profile uses: period, population, denominator; no dimension filters."""
    return urval.with_(forbund=(), kommun=(), kon=(), aldersgrupp=(), remittent=(), forsorjning=())


def ignored_filters(urval: Urval) -> list[str]:
    """Names of the sidebar filters that are set but not used by the profile."""
    names = {"forbund": "förbund", "kommun": "kommun", "kon": "kön", "aldersgrupp": "ålder",
             "remittent": "remittent", "forsorjning": "försörjning före"}
    return [label for attr, label in names.items() if getattr(urval, attr)]


# ---------------------------------------------------------------------------- units


@dataclass(frozen=True)
class Nearest:
    """The förbund shown for a kommun outside MIA: via its nearest member kommun."""

    forbund: str
    via_kommun: str
    km: float


@dataclass(frozen=True)
class Unit:
    niva: str  # "kommun" | "forbund"
    kod: str
    namn: str
    forbund: str | None  # a kommun's förbund; a förbund's own code; None outside MIA
    mia_fran: date | None
    folkmangd: int

    @property
    def id(self) -> str:
        return enhet_id(self.niva, self.kod)

    @property
    def in_mia(self) -> bool:
        return self.forbund is not None

    @property
    def place(self) -> str:
        """The unit in a sentence: "Täby", "förbundet Roslagen" (short names of förbund can
        be kommun names too: Sundbyberg, Södertälje)."""
        return self.namn if self.niva == KOMMUN else f"{t('förbundet')} {self.namn}"


def enhet_id(niva: str, kod: str) -> str:
    """The URL value of a unit: "kommun:0160", "forbund:ROS"."""
    return f"{niva}:{kod}"


def link(niva: str, kod: str) -> str:
    """A relative link to a unit's profile (for the map, the Jämför table, the press pack)."""
    return f"profil?enhet={enhet_id(niva, kod)}"


def units() -> list[Unit]:
    """All 26 kommuner (alphabetical), then the eight förbund (alphabetical)."""
    ref = load_reference()
    out = []
    for row in ref.kommuner.sort_values("kommun").itertuples():
        out.append(Unit(KOMMUN, row.kommunkod, row.kommun, row.forbund_kod or None, row.mia_fran,
                        int(row.folkmangd_2017)))
    pop = ref.kommuner.groupby("forbund_kod").folkmangd_2017.sum()
    for row in ref.forbund.sort_values("kortnamn").itertuples():
        out.append(Unit(FORBUND, row.forbund_kod, row.kortnamn, row.forbund_kod, row.mia_fran,
                        int(pop.get(row.forbund_kod, 0))))
    return out


def unit(enhet: str) -> Unit | None:
    """The unit for a URL value such as "kommun:0160"; None when unknown."""
    return {u.id: u for u in units()}.get(str(enhet or "").strip())


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def nearest_forbund(kommunkod: str) -> Nearest:
    """The förbund of the MIA member kommun whose reference point is nearest."""
    k = load_reference().kommuner
    me = k.loc[k.kommunkod == kommunkod].iloc[0]
    members = k[(k.forbund_kod != "") & (k.kommunkod != kommunkod)]
    dist = [(_km(me.lat, me.lon, r.lat, r.lon), r.kommun, r.forbund_kod) for r in members.itertuples()]
    km, via, forbund = min(dist)
    return Nearest(forbund=forbund, via_kommun=via, km=km)


# ---------------------------------------------------------------------------- counts


def _area_parents() -> dict[str, str]:
    """kommun → förbund → "lan", for the hierarchy of sums the disclosure control protects."""
    ref = load_reference()
    parents = {r.kommunkod: r.forbund_kod for r in ref.kommuner.itertuples() if r.forbund_kod}
    parents.update({code: LAN for code in ref.forbund.forbund_kod})
    return parents


def protected_counts(con: duckdb.DuckDBPyConnection, urval: Urval) -> pd.DataFrame:
    """profil_per_enhet.sql with every count disclosure-controlled over kommun → förbund →
    county (primary and secondary suppression): hidden counts are NaN, with `<col>_status`
    and `<col>_visning`. Kommuner outside MIA keep their zero rows (nothing to protect)."""
    df = sql.frame(con, "profil_per_enhet", profile_urval(urval).params())
    df["forbund"] = df["forbund"].astype(object).where(df["forbund"].notna(), None)
    in_mia = (df.niva != KOMMUN) | df.forbund.notna()
    parents = _area_parents()
    inside = disclosure.protect_table(df[in_mia].reset_index(drop=True), COUNT_COLUMNS,
                                      [Hierarchy("kod", parents)])
    outside = disclosure.protect_table(df[~in_mia].reset_index(drop=True), COUNT_COLUMNS)
    out = pd.concat([inside, outside], ignore_index=True)
    out["i_mia"] = (out.niva != KOMMUN) | out.forbund.notna()
    # The median has no count of its own: shown only when its base (those exited) may be.
    limits = config.disclosure()
    base_ok = (out.avslutade_status == Status.VISAD) & (out.avslutade >= limits.min_denominator)
    out["median_dagar_status"] = np.where(
        out.avslutade_status != Status.VISAD, out.avslutade_status,
        np.where(base_ok, Status.VISAD.value, Status.NAMNARE.value))
    out["median_dagar"] = out.median_dagar.where(base_ok)
    return out


def measure_rows(counts: pd.DataFrame, urval: Urval) -> pd.DataFrame:
    """Long table from protected counts. Columns: niva, kod, namn, forbund, i_mia, matt,
    etikett, grupp, kind, taljare, namnare (NaN when hidden), taljare_visning,
    namnare_visning, namnare_status, andel, ki_lag, ki_hog, andel_status, jamforelse (with the
    county), lan_andel, forbund_andel, forbund_status, min, max (shown values of the same
    level), n_enheter, mal, jamforelse_mal. Values are in the measure's own unit: percent,
    per 10 000 inhabitants or days.

    Built as one long frame of every measure's inputs, with one add_share_columns call for
    all shares and one for all targets (each row is computed on its own, so that is what a
    call per measure gave): a frame per measure cost 0.2 s per selection in pandas
    overhead, whatever the data's size."""
    from mia import measures

    goals = measures.targets()
    county = counts[counts.niva == LAN].iloc[0]
    parts = [_measure_inputs(counts, county, m, denominator_column(m, urval),
                             goals.get(m.target) if target_applies(m, urval) else None) for m in MEASURES]
    long = pd.DataFrame({name: np.concatenate([part[name] for part in parts]) for name in parts[0]})
    long = pd.concat([pd.concat([counts[["niva", "kod", "namn", "forbund", "i_mia"]]] * len(MEASURES),
                                ignore_index=True), long], axis=1)
    long = _add_share_values(long)
    long["jamforelse_mal"] = _target_comparison(long)
    long = long[[*MEASURE_COLUMNS, "mal", "jamforelse_mal"]]
    long = _add_ranges(long)
    return _add_forbund_values(long)


# The columns of measure_rows before the ranges and the förbund's values, in order.
MEASURE_COLUMNS = ("niva", "kod", "namn", "forbund", "i_mia", "matt", "etikett", "grupp", "kind", "taljare",
                   "taljare_status", "taljare_visning", "namnare", "namnare_status", "namnare_visning", "andel",
                   "ki_lag", "ki_hog", "jamforelse", "andel_status", "lan_andel")


def _measure_inputs(counts: pd.DataFrame, county: pd.Series, m: Measure, den: str,
                    goal: float | None) -> dict[str, np.ndarray]:
    """One measure's rows (one per unit) as arrays: its counts and their statuses, and the
    county's share as the reference (NaN where it is hidden); the median's own value."""
    n = len(counts)
    labels = {"matt": m.key, "etikett": m.label, "grupp": m.group, "kind": m.kind}
    out: dict[str, np.ndarray] = {name: np.full(n, value, dtype=object) for name, value in labels.items()}
    out |= _median_values(counts, county) if m.kind == "median" else _share_inputs(counts, county, m, den)
    out |= _denominator(counts, den)
    out["mal"] = np.full(n, float(goal) if goal is not None else float("nan"))
    return out


def _median_values(counts: pd.DataFrame, county: pd.Series) -> dict[str, np.ndarray]:
    """The median time: its own value and status, no numerator, the county's as is."""
    n = len(counts)
    shown_county = county.median_dagar if county.median_dagar_status == Status.VISAD else np.nan
    return {
        "taljare": np.full(n, np.nan),
        "taljare_status": counts.median_dagar_status.to_numpy(dtype=object),
        "taljare_visning": np.array([fmt.number(v) if s == Status.VISAD else disclosure.HIDDEN_SYMBOL
                                     for v, s in zip(counts.median_dagar, counts.median_dagar_status)], dtype=object),
        "andel": counts.median_dagar.to_numpy(dtype="float64"),
        "lan_p": np.full(n, np.nan),
        "lan_andel": np.full(n, shown_county, dtype="float64"),
    }


def _share_inputs(counts: pd.DataFrame, county: pd.Series, m: Measure, den: str) -> dict[str, np.ndarray]:
    """A share's numerator, and the county's share as its reference (NaN where the county's
    counts are hidden or its denominator is too small); the share itself comes later."""
    n = len(counts)
    if den == "folkmangd":  # public population figures: nothing to protect
        c_den = float(county.folkmangd)
        c_shown = county[f"{m.num}_status"] == Status.VISAD
    else:
        c_den = county[den]
        c_shown = (county[f"{m.num}_status"] == Status.VISAD and county[f"{den}_status"] == Status.VISAD
                   and c_den >= config.disclosure().min_denominator)
    return {
        "taljare": counts[m.num].to_numpy(dtype="float64"),
        "taljare_status": counts[f"{m.num}_status"].to_numpy(dtype=object),
        "taljare_visning": counts[f"{m.num}_visning"].to_numpy(dtype=object),
        "andel": np.full(n, np.nan),
        "lan_p": np.full(n, county[m.num] / c_den if c_shown and c_den else float("nan")),
        "lan_andel": np.full(n, np.nan),
    }


def _denominator(counts: pd.DataFrame, den: str) -> dict[str, np.ndarray]:
    """The denominator as counted and protected (the population figures are public)."""
    if den == "folkmangd":
        return {"namnare": counts.folkmangd.astype("float64").to_numpy(),
                "namnare_status": np.full(len(counts), Status.VISAD.value, dtype=object),
                "namnare_visning": counts.folkmangd.map(fmt.number).to_numpy(dtype=object)}
    return {"namnare": counts[den].to_numpy(dtype="float64"),
            "namnare_status": counts[f"{den}_status"].to_numpy(dtype=object),
            "namnare_visning": counts[f"{den}_visning"].to_numpy(dtype=object)}


def _add_share_values(long: pd.DataFrame) -> pd.DataFrame:
    """andel, ki_lag, ki_hog, jamforelse, andel_status and lan_andel for every share row
    (per 10 000 inhabitants for rates, and not for kommuner outside MIA); the median rows
    keep their own value, with no interval and no comparison."""
    median = (long.kind == "median").to_numpy()
    shares = stats.add_share_columns(long.loc[~median, ["taljare", "namnare", "taljare_status", "namnare_status",
                                                       "lan_p"]], "taljare", "namnare", reference="lan_p")
    rate = (long.kind[~median] == "per10000").to_numpy()
    outside = rate & ~long.i_mia[~median].to_numpy(dtype=bool)
    values = {}
    for col in ("andel", "ki_lag", "ki_hog", "referens"):
        v = shares[col].to_numpy(dtype="float64").copy()
        v[rate] = v[rate] * 100.0  # percent → per 10 000
        if col != "referens":
            v[outside] = np.nan
        values[col] = v
    status = shares.andel_status.to_numpy(dtype=object).copy()
    status[outside] = Status.SAKNAS.value
    comparison = shares.jamforelse.to_numpy(dtype=object).copy()
    comparison[outside] = stats.JAMFORS_EJ
    andel = long.andel.to_numpy(dtype="float64").copy()  # the median's own value
    andel[~median] = values["andel"]
    ki_lag, ki_hog = np.full(len(long), np.nan), np.full(len(long), np.nan)
    ki_lag[~median], ki_hog[~median] = values["ki_lag"], values["ki_hog"]
    andel_status = long.taljare_status.to_numpy(dtype=object).copy()  # the median's own status
    andel_status[~median] = status
    jamforelse = np.full(len(long), stats.JAMFORS_EJ, dtype=object)  # no interval: county and range only
    jamforelse[~median] = comparison
    lan_andel = long.lan_andel.to_numpy(dtype="float64").copy()
    lan_andel[~median] = values["referens"]
    return stats.with_columns(long, {"andel": andel, "ki_lag": ki_lag, "ki_hog": ki_hog, "jamforelse": jamforelse,
                                     "andel_status": andel_status, "lan_andel": lan_andel})


def _target_comparison(long: pd.DataFrame) -> np.ndarray:
    """Each row against its measure's target where the measure has one ("jämförs ej"
    otherwise), from the interval of the same counts."""
    out = np.full(len(long), stats.JAMFORS_EJ, dtype=object)
    has_goal = long.mal.notna().to_numpy()
    if has_goal.any():
        rows = long.loc[has_goal, ["taljare", "namnare", "taljare_status", "namnare_status"]].assign(
            mal=long.mal[has_goal] / 100.0)
        out[has_goal] = stats.add_share_columns(rows, "taljare", "namnare", reference="mal").jamforelse.to_numpy()
    return out


def _add_ranges(long: pd.DataFrame) -> pd.DataFrame:
    """min, max and the number of units with a shown value, per measure and level.

    Counted over plain values, as is the förbund's value below: a groupby and two merges
    on the text columns of ≈ 450 rows were 10 of measure_rows' 36 ms (pandas' text
    columns), these a fraction of a millisecond."""
    matt, niva = long.matt.tolist(), long.niva.tolist()
    shown = ((long.andel_status == Status.VISAD) & long.i_mia.astype(bool) & long.niva.isin(LEVELS)).tolist()
    ranges: dict[tuple[str, str], tuple[float, float, int]] = {}
    for key, value, ok in zip(zip(matt, niva), long.andel.tolist(), shown):
        if ok and value == value:  # NaN is not counted, as in pandas' min, max and count
            low, high, n = ranges.get(key, (value, value, 0))
            ranges[key] = (min(low, value), max(high, value), n + 1)
    found = [ranges.get(key, (np.nan, np.nan, 0)) for key in zip(matt, niva)]
    return stats.with_columns(long, {"min": np.array([r[0] for r in found], dtype="float64"),
                                     "max": np.array([r[1] for r in found], dtype="float64"),
                                     "n_enheter": np.array([r[2] for r in found], dtype=int)})


def _add_forbund_values(long: pd.DataFrame) -> pd.DataFrame:
    """A kommun's förbund's value (and status) on each of the kommun's rows; missing on
    the rows of a kommun outside MIA, a förbund and the county."""
    niva, matt = long.niva.tolist(), long.matt.tolist()
    values = {(kod, m): (v, s) for kod, m, n, v, s in zip(long.kod.tolist(), matt, niva, long.andel.tolist(),
                                                          long.andel_status.tolist()) if n == FORBUND}
    found = [values.get((f, m), (np.nan, np.nan)) if n == KOMMUN else (np.nan, None)
             for f, m, n in zip(long.forbund.tolist(), matt, niva)]
    return stats.with_columns(long, {"forbund_andel": np.array([v for v, _ in found], dtype="float64"),
                                     "forbund_status": np.array([s for _, s in found], dtype=object)})


# ---------------------------------------------------------------------------- trend


def _halves(halvar: list[str], since: date | None, ends: dict[str, date]) -> tuple[list[str], list[str]]:
    """The period's half-years after the unit joined, split in an earlier and a later half."""
    eligible = [h for h in halvar if since is None or ends[h] >= since]
    if len(eligible) < 2:
        return [], []
    cut = len(eligible) // 2
    return eligible[:cut], eligible[cut:]


def trend_counts(con: duckdb.DuckDBPyConnection, urval: Urval) -> pd.DataFrame:
    """profil_trend.sql: raw counts per half-year and unit (not disclosure-controlled)."""
    return sql.frame(con, "profil_trend", profile_urval(urval).params())


def trend_table(con: duckdb.DuckDBPyConnection, urval: Urval) -> pd.DataFrame:
    """Per half-year and unit (MIA kommuner, förbund, county): those who exited and the
    share to work/studies (`as_*`) and to work-preparatory interventions (`af_*`), with
    intervals and status. Counts are protected within each half-year over kommun →
    förbund → county."""
    return protect_trend(trend_counts(con, urval))


def protect_trend(hv: pd.DataFrame) -> pd.DataFrame:
    frame = disclosure.protect_table(hv, TREND_COUNTS, [Hierarchy("kod", _area_parents())], by=["halvar"])
    frame = stats.add_share_columns(frame, "arbete_studier", "avslutade", reference=None, prefix="as_")
    frame = stats.add_share_columns(frame, "arbetsforberedande", "avslutade", reference=None, prefix="af_")
    return frame.drop(columns=["as_referens", "af_referens", "as_jamforelse", "af_jamforelse"])


def _joined() -> dict[str, date]:
    """When each kommun and förbund joined MIA (the county: the project start)."""
    ref = load_reference()
    out = {r.kommunkod: r.mia_fran for r in ref.kommuner.itertuples() if r.mia_fran}
    out.update({r.forbund_kod: r.mia_fran for r in ref.forbund.itertuples() if r.mia_fran})
    out[LAN] = config.PROJECT_START
    return out


def difference_interval(p1: float, l1: float, u1: float, p2: float, l2: float, u2: float) -> tuple[float, float]:
    """95 % interval for p2 − p1 from the two Wilson intervals (Newcombe's method 10), all
    in the same unit (percent in, percent out). NaN when either share is missing."""
    values = (p1, l1, u1, p2, l2, u2)
    if any(v is None or not np.isfinite(v) for v in values):
        return float("nan"), float("nan")
    d = p2 - p1
    return d - math.hypot(p2 - l2, u1 - p1), d + math.hypot(u2 - p2, p1 - l1)


@dataclass(frozen=True)
class Change:
    """The share to work/studies among those who exited in the later half of the period
    (the half-years since the unit joined MIA) against the earlier half.

    code: "högre" (increased), "lägre" (decreased), "i nivå med" (no difference the
    intervals support) or "jämförs ej" (too few: a half below the minimum denominator).
    The pooled shares are published (`visas`) only when every half-year count they are
    made of is shown in the trend, because a pooled total next to a hidden half-year would
    give that half-year back; otherwise only the verdict is stated, which reveals no count.
    """

    kod: str
    earlier: tuple[str, str] | None  # first and last half-year
    later: tuple[str, str] | None
    code: str
    visas: bool = False
    p1: float = float("nan")
    l1: float = float("nan")
    u1: float = float("nan")
    p2: float = float("nan")
    l2: float = float("nan")
    u2: float = float("nan")
    low: float = float("nan")  # interval of p2 - p1 (percentage points), only when visas
    high: float = float("nan")


def changes(raw: pd.DataFrame, protected: pd.DataFrame) -> dict[str, Change]:
    """One Change per unit, from the raw half-year counts and their protected version.

    Read from plain dicts of the (unit, half-year) cells, not by filtering the frames per
    unit: every unit has a row for every half-year, and per-unit pandas filtering was most
    of the Profil page's time (275 ms for 35 units at 1 M rows)."""
    order = list(dict.fromkeys(raw.halvar))
    ends = dict(zip(raw.halvar, raw.slut.map(lambda d: d.date() if hasattr(d, "date") else d)))
    joined = _joined()
    limits = config.disclosure()
    counts = {(k, h): (a, s) for k, h, a, s in zip(raw.kod, raw.halvar, raw.avslutade.tolist(),
                                                     raw.arbete_studier.tolist())}
    shown = {(k, h): a == Status.VISAD and s == Status.VISAD
             for k, h, a, s in zip(protected.kod, protected.halvar, protected.avslutade_status,
                                   protected.arbete_studier_status)}
    out = {}
    for kod in dict.fromkeys(raw.kod):
        early, late = _halves(order, joined.get(kod), ends)
        if not early:
            out[kod] = Change(kod, None, None, stats.JAMFORS_EJ)
            continue
        # (exited, to work or studies) pooled over each half
        pooled = [tuple(sum(counts[(kod, h)][i] for h in part if (kod, h) in counts) for i in (0, 1))
                  for part in (early, late)]
        span = ((early[0], early[-1]), (late[0], late[-1]))
        if any(exited < limits.min_denominator for exited, _ in pooled):
            out[kod] = Change(kod, *span, stats.JAMFORS_EJ)
            continue
        (l1, l2), (u1, u2) = (stats.wilson_interval(np.array([work for _, work in pooled], dtype=float),
                                                    np.array([exited for exited, _ in pooled], dtype=float)))
        p1, p2 = (np.float64(100.0 * work / exited) for exited, work in pooled)
        l1, l2, u1, u2 = 100.0 * l1, 100.0 * l2, 100.0 * u1, 100.0 * u2
        low, high = difference_interval(p1, l1, u1, p2, l2, u2)
        code = stats.HOGRE if low > 0 else stats.LAGRE if high < 0 else stats.I_NIVA
        if all(shown[(kod, h)] for h in early + late):
            out[kod] = Change(kod, *span, code, True, p1, l1, u1, p2, l2, u2, low, high)
        else:
            out[kod] = Change(kod, *span, code)
    return out


# ---------------------------------------------------------------------------- sentences


@dataclass(frozen=True)
class Claim:
    """A comparison a sentence states: measure, against what ("lan", "mal", "tid"), code."""

    matt: str
    against: str
    code: str


@dataclass(frozen=True)
class Sentence:
    text: str
    claims: tuple[Claim, ...] = ()
    measures: tuple[str, ...] = ()  # measures whose value the sentence states (or hides)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", keep_together(self.text))


def keep_together(text: str) -> str:
    """No line break inside "10 000" or "95 % KI" (no-break spaces, as in mia.fmt)."""
    nb = fmt.NBSP
    return (text.replace("10 000", f"10{nb}000").replace("95 % KI", f"95{nb}%{nb}KI")
            .replace("95 % CI", f"95{nb}%{nb}CI"))


POPULATION_WORD = {"inskrivna": "inskrivna", "aktiva": "aktiva", "avslutade": "avslutade"}
RATE_PHRASE = {stats.HOGRE: "fler än i länet", stats.LAGRE: "färre än i länet", stats.I_NIVA: "i nivå med länet"}
SHARE_PHRASE = {stats.HOGRE: "högre än i länet", stats.LAGRE: "lägre än i länet", stats.I_NIVA: "i nivå med länet"}
TARGET_PHRASE = {stats.HOGRE: "över målet", stats.LAGRE: "under målet", stats.I_NIVA: "i nivå med målet"}
CHANGE_PHRASE = {stats.HOGRE: "andelen har ökat", stats.LAGRE: "andelen har minskat",
                 stats.I_NIVA: "skillnaden är inte statistiskt säkerställd"}
# Words that state a difference; a sentence may contain one only with a claim behind it.
DIFFERENCE_WORDS = ("högre", "lägre", "fler", "färre", "över målet", "under målet", "ökat", "minskat")


def value_text(row: pd.Series, decimals: int | None = None) -> str:
    """The value in its unit: "29 %", "19,9", "233 dagar"; ".." when hidden."""
    if row.andel_status != Status.VISAD or not np.isfinite(row.andel):
        return disclosure.HIDDEN_SYMBOL
    if row.kind == "per10000":
        return fmt.number(row.andel, 1 if decimals is None else decimals)
    if row.kind == "median":
        return f"{fmt.number(row.andel)} {t('dagar')}"
    return fmt.percent(row.andel, decimals or 0)


def interval_text(row: pd.Series) -> str:
    """"22–37 %", "17,5–22,4" or "" (no interval)."""
    if row.andel_status != Status.VISAD or not np.isfinite(row.ki_lag):
        return ""
    if row.kind == "per10000":
        return f"{fmt.number(row.ki_lag, 1)}–{fmt.number(row.ki_hog, 1)}"
    return fmt.interval(row.ki_lag, row.ki_hog)


class Shown(NamedTuple):
    """A value to write as `value_text` writes a measure's (the county's, a förbund's)."""

    andel: float
    andel_status: str
    kind: str


def county_text(row: pd.Series) -> str:
    return value_text(Shown(andel=row.lan_andel, kind=row.kind,
                            andel_status=Status.VISAD if np.isfinite(row.lan_andel) else "saknas"))


def _population(urval: Urval) -> str:
    return t(POPULATION_WORD[urval.population])


def _of_whom(urval: Urval) -> str:
    return (t("av alla {population}").format(population=_population(urval)) if urval.namnare == "alla"
            else t("av dem som avslutat"))


def participation_sentence(row: pd.Series, count: pd.Series, name: str, urval: Urval,
                           joined: date | None = None) -> Sentence:
    """How many took part and how many per 10 000 inhabitants, against the county (with the
    date the unit joined when that was after the period's start: fewer months, fewer people)."""
    period = fmt.period(urval.fran, urval.till)
    if joined and joined > urval.fran:
        name = f"{name} ({t('med i MIA från {date}').format(date=joined.isoformat())})"
    if count.antal_status != Status.VISAD:
        text = (t("Under {period} var färre än {m} personer {population} i MIA i {name}.")
                if count.antal_status == Status.LITEN else
                t("Antalet deltagare i {name} under {period} visas inte, för att skydda enskilda."))
        return Sentence(text.format(period=period, m=config.disclosure().min_count,
                                    population=_population(urval), name=name), (), ("per_10000",))
    text = t("Under {period} var {antal} personer {population} i MIA i {name}, {rate} per 10 000 invånare "
             "(95 % KI {ki})").format(period=period, antal=fmt.number(count.antal), population=_population(urval),
                                      name=name, rate=value_text(row), ki=interval_text(row))
    phrase = RATE_PHRASE.get(row.jamforelse)
    claims: tuple[Claim, ...] = ()
    if phrase:
        text += f", {t(phrase)} ({t('länet')}: {county_text(row)})"
        claims = (Claim("per_10000", "lan", row.jamforelse),)
    return Sentence(fmt_sentence(text), claims, ("per_10000",))


OUTCOME_OPENING = {
    "arbete_studier": "Till arbete eller studier gick {value} (95 % KI {ki}) {of_whom}",
    "arbetsforberedande": "Till arbetsförberedande insatser gick {value} (95 % KI {ki}) {of_whom}",
    "okad_egenmakt": "Av dem som svarade på enkäten vid avslut upplever {value} (95 % KI {ki}) ökad egenmakt",
}
OUTCOME_HIDDEN = {
    "arbete_studier": "Andelen som gick till arbete eller studier visas inte, eftersom underlaget är för litet.",
    "arbetsforberedande": "Andelen som gick till arbetsförberedande insatser visas inte, eftersom underlaget är för litet.",
    "okad_egenmakt": "Andelen som upplever ökad egenmakt visas inte, eftersom underlaget är för litet.",
}


def outcome_sentence(row: pd.Series, urval: Urval) -> Sentence:
    """A share with its interval and its comparison with the county (or why it is hidden)."""
    if row.andel_status != Status.VISAD:
        return Sentence(t(OUTCOME_HIDDEN[row.matt]), (), (row.matt,))
    text = t(OUTCOME_OPENING[row.matt]).format(value=value_text(row), ki=interval_text(row), of_whom=_of_whom(urval))
    phrase = SHARE_PHRASE.get(row.jamforelse)
    claims: tuple[Claim, ...] = ()
    if phrase:
        text += f", {t(phrase)} ({t('länet')}: {county_text(row)})"
        claims = (Claim(row.matt, "lan", row.jamforelse),)
    return Sentence(fmt_sentence(text), claims, (row.matt,))


def target_sentence(row: pd.Series, name: str) -> Sentence | None:
    """The share to work/studies against the project's target (only when comparable)."""
    phrase = TARGET_PHRASE.get(row.jamforelse_mal)
    if row.andel_status != Status.VISAD or phrase is None or not np.isfinite(row.mal):
        return None
    text = t("Projektets mål är {goal} till arbete eller studier; {name} ligger med {value} {phrase}.").format(
        goal=fmt.percent(row.mal), name=name, value=value_text(row), phrase=t(phrase))
    return Sentence(text, (Claim(row.matt, "mal", row.jamforelse_mal),), (row.matt,))


def halves_label(first: str, last: str) -> str:
    """"2017–2019" for whole years, else "2017 halvår 2–2019 halvår 1"."""
    (y1, h1), (y2, h2) = first.split("-H"), last.split("-H")
    if h1 == "1" and h2 == "2":
        return y1 if y1 == y2 else f"{y1}–{y2}"
    label = lambda y, h: f"{y} {t('halvår')} {h}"  # noqa: E731
    return label(y1, h1) if first == last else f"{label(y1, h1)}–{label(y2, h2)}"


def change_sentence(ch: Change, name: str) -> Sentence:
    """Later half of the period against the earlier half; called a change only when the
    interval of the difference excludes zero, with numbers only when they may be shown."""
    if ch.code == stats.JAMFORS_EJ or ch.earlier is None:
        return Sentence(t("Utvecklingen över tid i {name} kan inte beskrivas: för få avslutade under delar av "
                          "perioden.").format(name=name), (), ("arbete_studier_tid",))
    earlier, later = halves_label(*ch.earlier), halves_label(*ch.later)
    claims = (Claim("arbete_studier", "tid", ch.code),)
    if ch.visas:
        text = t("Av dem som avslutade {later} gick {p2} (95 % KI {ki2}) till arbete eller studier, mot {p1} "
                 "(95 % KI {ki1}) under {earlier}; {verdict}.").format(
            later=later, earlier=earlier, p2=fmt.percent(ch.p2), ki2=fmt.interval(ch.l2, ch.u2),
            p1=fmt.percent(ch.p1), ki1=fmt.interval(ch.l1, ch.u1), verdict=t(CHANGE_PHRASE[ch.code]))
    else:
        text = t(CHANGE_ONLY[ch.code]).format(name=name, earlier=earlier, later=later)
    return Sentence(text, claims, ("arbete_studier_tid",))


CHANGE_ONLY = {
    stats.HOGRE: "Andelen av de avslutade i {name} som gick till arbete eller studier har ökat från {earlier} "
                 "till {later}; underlaget per halvår är för litet för att visa andelarna.",
    stats.LAGRE: "Andelen av de avslutade i {name} som gick till arbete eller studier har minskat från {earlier} "
                 "till {later}; underlaget per halvår är för litet för att visa andelarna.",
    stats.I_NIVA: "Andelen av de avslutade i {name} som gick till arbete eller studier skiljer sig inte säkert "
                  "mellan {earlier} och {later}; underlaget per halvår är för litet för att visa andelarna.",
}


def fmt_sentence(text: str) -> str:
    return text if text.endswith(".") else text + "."


# ---------------------------------------------------------------------------- profile


@dataclass
class Profile:
    """One unit's profile: what is shown (`shown` is the unit itself or, outside MIA, its
    nearest förbund), the rows of every measure, the trend series, sentences."""

    unit: Unit
    shown: Unit
    urval: Urval
    rows: pd.DataFrame  # one row per measure of `shown`, in MEASURES order
    count: pd.Series  # the protected counts of `shown`
    trend: pd.DataFrame  # half-year rows of `shown`, its förbund (for a kommun) and the county
    change: Change
    sentences: list[Sentence]
    nearest: Nearest | None = None
    notice: str | None = None
    forbund_name: str | None = None

    @property
    def title(self) -> str:
        return self.unit.namn if self.unit.niva == KOMMUN else f"{t('Förbund')}: {self.unit.namn}"

    @property
    def has_forbund(self) -> bool:
        """A kommun in a förbund with other members (else the förbund adds nothing)."""
        return (self.shown.niva == KOMMUN and self.shown.forbund is not None
                and len(load_reference().members(self.shown.forbund)) > 1)

    @property
    def shown_name(self) -> str:
        return self.shown.namn

    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    def place_urval(self) -> Urval:
        """The profile's selection with the shown unit as filter (for `text.describe`)."""
        if self.shown.niva == KOMMUN:
            return self.urval.with_(kommun=(self.shown.kod,))
        return self.urval.with_(forbund=(self.shown.kod,))


@dataclass(frozen=True)
class Tables:
    """Everything a profile reads, computed once per selection for all units."""

    counts: pd.DataFrame  # protected_counts
    measures: pd.DataFrame  # measure_rows
    trend: pd.DataFrame  # protect_trend: half-year rows
    changes: dict[str, Change]  # per unit code


def tables(con: duckdb.DuckDBPyConnection, urval: Urval) -> Tables:
    """All units' counts, measures, trend and changes for a selection (cache this)."""
    counts = protected_counts(con, urval)
    raw = trend_counts(con, urval)
    trend = protect_trend(raw)
    return Tables(counts, measure_rows(counts, urval), trend, changes(raw, trend))


def build(con: duckdb.DuckDBPyConnection, urval: Urval, enhet: str) -> Profile:
    """A unit's profile (pages cache `tables` and call `assemble`)."""
    return assemble(enhet, urval, tables(con, urval))


def assemble(enhet: str, urval: Urval, tabs: Tables) -> Profile:
    """One unit's profile from the tables of all units. KeyError for an unknown unit."""
    me = unit(enhet)
    if me is None:
        raise KeyError(f"Okänd enhet {enhet!r}")
    urval = profile_urval(urval)
    ref = load_reference()
    nearest = None
    notice = None
    shown = me
    if not me.in_mia:
        nearest = nearest_forbund(me.kod)
        shown = unit(enhet_id(FORBUND, nearest.forbund))
        notice = t("{name} deltog inte i MIA. Som jämförelse visas närmaste förbund, {forbund} (närmaste "
                   "medlemskommun: {via}).").format(name=me.namn, forbund=shown.namn, via=nearest.via_kommun)
    table = tabs.measures
    rows = table[(table.niva == shown.niva) & (table.kod == shown.kod)].set_index("matt").loc[
        [m.key for m in MEASURES]].reset_index()
    counts = tabs.counts
    count = counts[(counts.niva == shown.niva) & (counts.kod == shown.kod)].iloc[0]
    series = [shown.kod] + ([shown.forbund] if shown.niva == KOMMUN else []) + [LAN]
    tr = tabs.trend[tabs.trend.kod.isin(series)].copy()
    ch = tabs.changes.get(shown.kod) or Change(shown.kod, None, None, stats.JAMFORS_EJ)
    forbund_name = ref.forbund_name(shown.forbund) if shown.niva == KOMMUN and shown.forbund else None
    sentences = make_sentences(rows, count, ch, shown.place, urval, shown.mia_fran)
    if notice:
        sentences = [Sentence(notice)] + sentences[:3]
    return Profile(unit=me, shown=shown, urval=urval, rows=rows, count=count, trend=tr, change=ch,
                   sentences=sentences, nearest=nearest, notice=notice, forbund_name=forbund_name)


def make_sentences(rows: pd.DataFrame, count: pd.Series, ch: Change, name: str, urval: Urval,
                   joined: date | None = None) -> list[Sentence]:
    """Three to five sentences: participation, the two outcomes, the target (or the exit
    survey when no target applies) and the change over time."""
    by = rows.set_index("matt", drop=False)
    out = [participation_sentence(by.loc["per_10000"], count, name, urval, joined),
           outcome_sentence(by.loc["arbete_studier"], urval),
           outcome_sentence(by.loc["arbetsforberedande"], urval)]
    goal = target_sentence(by.loc["arbete_studier"], name)
    out.append(goal or outcome_sentence(by.loc["okad_egenmakt"], urval))
    out.append(change_sentence(ch, name))
    return out


# ---------------------------------------------------------------------------- tables


def display_table(p: Profile) -> pd.DataFrame:
    """The spine chart's numbers as a table (the page's table view, CSV/XLSX downloads)."""
    r = p.rows
    table = pd.DataFrame({
        t("Mått"): [t(x) for x in r.etikett],
        t("Värde"): [value_text(row) for _, row in r.iterrows()],
        t("95 % KI"): [interval_text(row) for _, row in r.iterrows()],
        t("Antal"): ["" if row.kind == "median" else row.taljare_visning for _, row in r.iterrows()],
        t("Underlag"): r.namnare_visning.to_numpy(),
        t("Länet"): [county_text(row) for _, row in r.iterrows()],
        t("Lägst"): [_plain(row, row["min"]) for _, row in r.iterrows()],
        t("Högst"): [_plain(row, row["max"]) for _, row in r.iterrows()],
        t("Jämfört med länet"): [t(c) for c in r.jamforelse],
        t("Mål"): [fmt.percent(v) if np.isfinite(v) else "" for v in r.mal],
    })
    if p.has_forbund:
        table.insert(6, t("Förbundet"), [_plain(row, row.forbund_andel) if row.forbund_status == Status.VISAD
                                         else disclosure.HIDDEN_SYMBOL for _, row in r.iterrows()])
    return table


def _plain(row: pd.Series, value: float) -> str:
    if value is None or not np.isfinite(value):
        return disclosure.HIDDEN_SYMBOL
    return value_text(pd.Series({"andel": value, "andel_status": Status.VISAD, "kind": row.kind}))


def trend_display(p: Profile) -> pd.DataFrame:
    tr = p.trend
    names = {p.shown.kod: p.shown.namn, LAN: t("Länet")}
    if p.forbund_name:
        names[p.shown.forbund] = p.forbund_name
    return pd.DataFrame({
        t("Halvår"): tr.halvar.to_numpy(),
        t("Enhet"): tr.kod.map(names).to_numpy(),
        t("Avslutade"): tr.avslutade_visning.to_numpy(),
        t("Till arbete eller studier"): [fmt.percent(v) if s == Status.VISAD else disclosure.HIDDEN_SYMBOL
                                         for v, s in zip(tr.as_andel, tr.as_andel_status)],
        t("95 % KI"): [fmt.interval(lo, hi) if s == Status.VISAD else ""
                       for lo, hi, s in zip(tr.as_ki_lag, tr.as_ki_hog, tr.as_andel_status)],
    })


METHOD_NOTE = ("Andelar visas med 95 % konfidensintervall (Wilson). Ett värde kallas högre eller lägre än länet "
               "bara när intervallet inte omfattar länets värde, annars i nivå med länet. Antal 1–{c} visas som "
               "<{m} och andelar med färre än {d} personer i nämnaren visas inte (..); fler värden döljs så att "
               "inget skyddat värde kan räknas fram. Spannet visar lägsta och högsta visade värde bland "
               "enheter på samma nivå. Tid i projektet jämförs inte (inget intervall). Förändringen över tid "
               "jämför andra halvan av halvåren sedan enheten gick med i MIA med första halvan.")


def method_note() -> str:
    """The profile's method note, with the configured disclosure thresholds."""
    limits = config.disclosure()
    return t(METHOD_NOTE).format(c=limits.min_count - 1, m=limits.min_count, d=limits.min_denominator)


def export_table(p: Profile) -> pd.DataFrame:
    """The spine chart's numbers for CSV/XLSX: numbers as numbers (rounded as plotted),
    "<5"/".." where hidden, never 0 for a hidden value."""
    from mia.export import share_cells

    r = p.rows
    status = r.andel_status.tolist()
    unit_word = {"andel": "%", "per10000": t("per 10 000 invånare"), "median": t("dagar")}
    table = pd.DataFrame({
        t("Mått"): [t(x) for x in r.etikett],
        t("Enhet"): [unit_word[k] for k in r.kind],
        t("Värde"): share_cells(r.andel, status),
        t("95 % KI, nedre"): share_cells(r.ki_lag, status),
        t("95 % KI, övre"): share_cells(r.ki_hog, status),
        t("Antal"): [("" if k == "median" else _count_cell(v, st)) for k, v, st in
                     zip(r.kind, r.taljare, r.taljare_status)],
        t("Underlag (antal)"): [_count_cell(v, st) for v, st in zip(r.namnare, r.namnare_status)],
        t("Länet"): share_cells(r.lan_andel),
        t("Lägst"): share_cells(r["min"]),
        t("Högst"): share_cells(r["max"]),
        t("Jämfört med länet"): [t(c) for c in r.jamforelse],
        t("Mål"): ["" if not np.isfinite(v) else v for v in r.mal],
        t("Jämfört med målet"): ["" if not np.isfinite(m) else t(c) for m, c in zip(r.mal, r.jamforelse_mal)],
    }, dtype="object")
    if p.has_forbund:
        table.insert(8, t("Förbundet"), share_cells(r.forbund_andel, r.forbund_status.fillna("saknas")))
    return table


def _count_cell(value: float, status: str) -> int | str:
    """A protected count for a table: the number, "<5" (small) or ".." (otherwise hidden)."""
    if status == Status.VISAD and value is not None and np.isfinite(value):
        return int(value)
    return disclosure.small_symbol() if status == Status.LITEN else disclosure.HIDDEN_SYMBOL


def trend_export_table(p: Profile) -> pd.DataFrame:
    """The trend's plotted numbers: per half-year and series."""
    from mia.export import share_cells

    tr = p.trend.sort_values(["start", "niva"])
    names = {p.shown.kod: p.shown.namn, LAN: t("Länet")}
    if p.forbund_name:
        names[p.shown.forbund] = p.forbund_name
    if not p.has_forbund:
        tr = tr[tr.kod.isin([p.shown.kod, LAN])]
    status = tr.as_andel_status.tolist()
    return pd.DataFrame({
        t("Halvår"): tr.halvar.tolist(),
        t("Enhet"): tr.kod.map(names).tolist(),
        t("Avslutade"): [_count_cell(v, st) for v, st in zip(tr.avslutade, tr.avslutade_status)],
        t("Till arbete eller studier (%)"): share_cells(tr.as_andel, status),
        t("95 % KI, nedre (%)"): share_cells(tr.as_ki_lag, status),
        t("95 % KI, övre (%)"): share_cells(tr.as_ki_hog, status),
    }, dtype="object")
