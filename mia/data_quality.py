"""The Data page's tables: where each förbund's data comes from, the import history, how
complete and plausible the stored extract is, and whether it reproduces the published
figures. Pure (no Streamlit): data frames with Swedish column names, ready to show.

Functions that read the database take `(con, _urval=None)` so that pages can cache them
with `mia.ui.data.computed(fn, Urval())` (keyed by data version, like every query).
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from mia import fmt, importer, reconcile, sql
from mia.compare import swedish_key
from mia.config import PROJECT_END, PROJECT_START
from mia.i18n import t
from mia.ingest import ValidationResult
from mia.ingest.messages import translate_stored
from mia.reference import load_reference
from mia.schema import COLUMN_NAMES

ALL = "Alla"
SOURCE_LABELS = {"demo": "Syntetiska demodata", "fil": "Inläst fil"}
RESULT_LABELS = {"importerad": "Inläst", "oförändrad": "Oförändrad (samma fil)", "avvisad": "Avvisad",
                 "misslyckad": "Misslyckad"}
COLUMN_LABELS = {
    "deltagare_id": "Deltagar-id", "forbund": "Förbund", "kommunkod": "Kommun", "kon": "Kön (K/M)",
    "fodelsear_eller_alder": "Födelseår eller ålder", "anmalningsdatum": "Anmälningsdatum", "remittent": "Remittent",
    "inskrivningsdatum": "Inskrivningsdatum", "kartlaggning_datum": "Kartläggning klar",
    "insats_startdatum": "Insatsstart", "insatstyp": "Insatstyp", "avslutsdatum": "Avslutsdatum",
    "utfall": "Utfall", "forsorjning_fore": "Försörjning före", "forsorjning_efter": "Försörjning efter",
    "utbildningsniva": "Utbildningsnivå", "okad_egenmakt": "Ökad egenmakt (enkät)",
}
# check code -> (what is wrong, which rows the rule applies to)
CHECKS: dict[str, tuple[str, str]] = {
    "avslut_utan_insats": ("Avslutade utan insats (inget insatsdatum)", "avslutade"),
    "avslut_utan_kartlaggning": ("Avslutade utan kartläggning", "avslutade"),
    "utfall_utan_avslut": ("Utfall angivet men inget avslutsdatum", "rader med utfall"),
    "avslut_utan_utfall": ("Avslutade utan utfall", "avslutade"),
    "avslut_utan_inskrivning": ("Avslutade utan inskrivningsdatum", "avslutade"),
    "inskriven_fore_anmalan": ("Inskrivna före anmälan", "inskrivna"),
    "steg_fore_inskrivning": ("Kartläggning eller insats före inskrivning", "kartlagda eller i insats"),
    "fore_kommunens_start": ("Inskrivna innan kommunen gick med i MIA", "inskrivna"),
    "utanfor_projektperioden": ("Inskrivna utanför projektperioden", "inskrivna"),
    "alder_utanfor_16_64": ("Ålder vid inskrivning utanför 16–64 år eller saknas", "inskrivna"),
    "kon_okant": ("Kön okänt", "alla rader"),
    "egenmakt_saknas": ("Avslutade utan svar om ökad egenmakt", "avslutade"),
}


def _forbund_names() -> dict[str, str]:
    """Every förbund's short name by code, in Swedish order (as the quality tables)."""
    ref = load_reference().forbund
    return dict(sorted(zip(ref.forbund_kod, ref.kortnamn), key=lambda item: swedish_key(item[1])))


# ---------------------------------------------------------------- sources and history

def sources(con: duckdb.DuckDBPyConnection, _urval: Any = None) -> pd.DataFrame:
    """One row per förbund (all eight): demo or file, file name, extract date, import time, rows."""
    # plain rows per förbund: a frame lookup (.loc) per förbund took half of 30 ms at 80
    # förbund, and a frame turned into dicts most of the rest
    stored = {row[0]: row[2:] for row in sql.rows(con, "datakallor")}  # forbund, namn, kalla, filnamn, ...
    rows = dict(sql.rows(con, "rader_per_forbund"))
    out = []
    for code, name in _forbund_names().items():
        kalla, filnamn, uttag, importerad, import_id = stored.get(code, (None,) * 5)
        out.append({
            t("Förbund"): name,
            t("Källa"): t(SOURCE_LABELS.get(kalla, kalla)) if kalla is not None else t("Inga data"),
            t("Fil"): (filnamn if kalla == "fil" else "") or "",
            t("Uttagsdatum"): _day(uttag),
            t("Inläst"): _time(importerad),
            t("Import"): int(import_id) if import_id is not None and pd.notna(import_id) else None,
            t("Rader"): int(rows.get(code, 0)),
        })
    frame = pd.DataFrame(out)
    frame[t("Import")] = frame[t("Import")].astype("Int64")
    return frame


def import_history(con: duckdb.DuckDBPyConnection, _urval: Any = None) -> pd.DataFrame:
    """Every import attempt, newest first, with Swedish column names."""
    # import_id, tid, filnamn, sha256, rader, forbund, vem, resultat, meddelande (importhistorik.sql)
    rows = sql.rows(con, "importhistorik")
    return pd.DataFrame({
        t("Import"): pd.array([r[0] for r in rows], dtype="Int64"),
        t("Tid"): [_time(r[1]) for r in rows],
        t("Fil"): [_file_name(importer.shown_file_name(str(r[2]))) for r in rows],
        t("Resultat"): [t(RESULT_LABELS.get(r[7], r[7])) for r in rows],
        t("Rader"): pd.array([r[4] for r in rows], dtype="Int64"),
        t("Förbund"): pd.array([_text(r[5]).replace(",", ", ") for r in rows], dtype="str"),
        t("Vem"): pd.array([_text(r[6]) for r in rows], dtype="str"),
        t("Meddelande"): [translate_stored(_text(r[8])) for r in rows],  # stored in Swedish
        "SHA-256": [translate_stored(str(r[3])) for r in rows],  # "(inte läst: för stor)"
    })


def _file_name(name: str) -> str:
    """The file name as imported; the demo's made-up name ("syntetiska demodata (frö 1)",
    mia.demo) in the UI language."""
    hit = re.fullmatch(r"syntetiska demodata \(frö (\d+)\)", name)
    return t("syntetiska demodata (frö {seed})").format(seed=hit.group(1)) if hit else name


def _text(value: Any) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _day(value: Any) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _time(value: Any) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")


# ---------------------------------------------------------------- completeness and checks

def completeness(con: duckdb.DuckDBPyConnection, _urval: Any = None) -> pd.DataFrame:
    """Share (percent) of rows with a value, per extract column (rows) and förbund (columns,
    by name), plus all förbund together; "Kolumn" holds the label, "kolumn" the canonical name."""
    df = sql.frame(con, "datakvalitet")
    if df.empty:
        return pd.DataFrame(columns=["kolumn", t("Kolumn")])
    canonical = [("fodelsear_eller_alder" if c == "fodelsear" else c) for c in COLUMN_NAMES if c != "alder"]
    counted = set(df.columns) - {"forbund", "namn", "rader"}
    order = [c for c in canonical if c in counted]
    filled, rows = df[order].to_numpy(dtype="float64"), df.rader.to_numpy(dtype="float64")
    per_name: dict[str, tuple[np.ndarray, float]] = {}  # filled counts and rows per förbund name
    for name, f, r in zip(df.namn.fillna(df.forbund).tolist(), filled, rows):
        before = per_name.get(name)
        per_name[name] = (f, r) if before is None else (before[0] + f, before[1] + r)
    out: dict[str, Any] = {"kolumn": order, t("Kolumn"): [t(COLUMN_LABELS.get(c, c)) for c in order]}
    for name in sorted(per_name, key=swedish_key):  # as a reader looks them up: Stockholms stad before SUVS
        f, r = per_name[name]
        out[name] = (f / r * 100).round(1)
    out[t(ALL)] = (filled.sum(axis=0) / rows.sum() * 100).round(1)
    return pd.DataFrame(out)


def checks(con: duckdb.DuckDBPyConnection, _urval: Any = None) -> pd.DataFrame:
    """Rows breaking each plausibility rule per förbund (counts), all förbund, and the share
    of the rows the rule applies to."""
    df = sql.frame(con, "datakvalitet_kontroller", {"fran": PROJECT_START, "till": PROJECT_END})
    names = df.namn.fillna(df.forbund).tolist()
    order = sorted(range(len(names)), key=lambda i: swedish_key(names[i]))  # as completeness
    out = []
    for code, (what, among) in CHECKS.items():
        row: dict[str, Any] = {"kontroll": code, t("Kontroll"): t(what), t("Bland"): t(among)}
        values = df[code].tolist()
        for i in order:
            row[names[i]] = int(values[i])
        broken, checked = int(df[code].sum()), int(df[f"{code}_av"].sum())
        row[t(ALL)] = broken
        row[t("Andel")] = round(100.0 * broken / checked, 1) if checked else None
        out.append(row)
    return pd.DataFrame(out)


# ---------------------------------------------------------------- reconciliation

OUTCOME_WORDS = {"arbete|studier": "till arbete eller studier", "arbetsforberedande": "till arbetsförberedande insats"}


def definition(row: Any) -> str:
    """A published figure's definition in words, in the current language:
    "Andel inskrivna 2017-04-01–2020-09-30, Täby, till arbete eller studier, av alla"."""
    if row.urval_typ == "lan":
        where = t("hela MIA")
    elif row.urval_typ == "forbund":
        where = _forbund_names().get(row.urval, row.urval)
    elif row.urval_typ == "kommun":
        k = load_reference().kommuner
        where = dict(zip(k.kommunkod, k.kommun)).get(row.urval, row.urval)
    else:
        where = row.urval
    parts = [f"{t('Antal') if row.matt == 'antal' else t('Andel')} {t(row.population)} "
             f"{row.period_fran}–{row.period_till}", where]
    if isinstance(row.utfall, str) and row.utfall:
        parts.append(t(OUTCOME_WORDS.get(row.utfall, row.utfall.replace("|", " / "))))
    if row.matt == "andel":
        parts.append(t("av alla") if row.namnare == "alla" else t("av avslutade"))
    return ", ".join(parts)


def published_figures(_con: Any = None, _urval: Any = None) -> pd.DataFrame:
    """The published figures the demo data is calibrated against, in words, for the Om page:
    a reader checks the definition and the source, not our internal ids."""
    df = load_reference().publicerade
    return pd.DataFrame({
        t("Definition"): [definition(row) for row in df.itertuples(index=False)],
        t("Publicerat"): [_value(float(v), unit) for v, unit in zip(df.varde, df.enhet)],
        t("Källa"): df.kalla,
        t("Publicerad"): df.publicerad.astype(str),
    })


def reconciliation(con: duckdb.DuckDBPyConnection, _urval: Any = None) -> pd.DataFrame:
    """Each published figure: definition, published value, what the data gives, ✓/✗, source."""
    df = reconcile.reconcile_frame(con)
    published = {row.id: row for row in load_reference().publicerade.itertuples(index=False)}
    return pd.DataFrame({
        t("Siffra"): df.id,
        t("Definition"): [definition(published[i]) if i in published else text
                          for i, text in zip(df.id, df.beskrivning)],
        t("Publicerat"): [_value(v, unit) for v, unit in zip(df.publicerat, df.enhet)],
        t("Data ger"): [_value(v, unit, computed=True) for v, unit in zip(df.beraknat, df.enhet)],
        t("Stämmer"): ["✓" if ok else "✗" for ok in df.ok],
        t("Tolerans"): [_tolerance(v, unit) for v, unit in zip(df.tolerans, df.enhet)],
        t("Källa"): df.kalla,
        t("Publicerad"): df.publicerad.astype(str),
        "ok": df.ok.astype(bool),
    })


def _value(value: float, unit: str, computed: bool = False) -> str:
    if unit == "procent":
        return fmt.percent(value, 0 if not computed else 1)
    text = fmt.number(value)
    return f"{t('minst')} {text}" if unit == "minst" and not computed else text


def _tolerance(value: float, unit: str) -> str:
    if unit == "minst":
        return t("minst")
    if not value:
        return t("exakt")
    return f"±{fmt.number(value, 1 if value % 1 else 0)}" + (f" {t('procentenheter')}" if unit == "procent" else "")


def reconciliation_summary(frame: pd.DataFrame) -> str:
    """"19 av 19 publicerade siffror återskapas"."""
    return t("{ok} av {n} publicerade siffror återskapas").format(ok=int(frame.ok.sum()), n=len(frame))


# ---------------------------------------------------------------- import preview and report

def replacement_preview(con: duckdb.DuckDBPyConnection, result: ValidationResult) -> pd.DataFrame:
    """What a confirmed import replaces: per förbund in the file, the data now and in the file."""
    if result.table is None:
        return pd.DataFrame()
    in_file = result.rows_per_forbund()
    now = sources(con).set_index(t("Förbund"))
    names = _forbund_names()
    out = []
    for code in _in_swedish_order(in_file, names):
        name = names.get(code, code)
        current = now.loc[name] if name in now.index else None
        out.append({
            t("Förbund"): name,
            t("Nu"): (current[t("Källa")] + (f" ({current[t('Fil')]})" if current[t("Fil")] else ""))
            if current is not None else t("Inga data"),
            t("Rader nu"): int(current[t("Rader")]) if current is not None else 0,
            t("Rader i filen"): int(in_file[code]),
        })
    return pd.DataFrame(out)


def import_changes(changes: Sequence[tuple[str, int, int]]) -> pd.DataFrame:
    """The rows of each förbund before and after an import (ImportOutcome.changes()), by
    name and in the order of the page's other tables, not by code."""
    names = _forbund_names()
    rows = {code: (before, after) for code, before, after in changes}
    return pd.DataFrame([{t("Förbund"): names.get(code, code), t("Rader före"): rows[code][0],
                          t("Rader efter"): rows[code][1]} for code in _in_swedish_order(rows, names)],
                        columns=[t("Förbund"), t("Rader före"), t("Rader efter")])


def _in_swedish_order(codes: Iterable[str], names: dict[str, str]) -> list[str]:
    """Förbund codes ordered by their names (_forbund_names) as a Swedish reader looks them
    up (a code not in the reference by itself)."""
    return sorted(codes, key=lambda code: swedish_key(names.get(code, code)))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def _cell(value: Any) -> str:
    text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text  # never a formula in Excel


def report_display(result: ValidationResult) -> pd.DataFrame:
    """The validation report for the page: a file-level issue has an empty row cell (a
    missing number would be drawn as "None")."""
    frame = result.report_frame()
    row = frame.columns[2]
    return frame.assign(**{row: [("" if pd.isna(r) else str(r)) for r in frame[row]]})


def report_csv(result: ValidationResult) -> bytes:
    """The validation report for Excel in the page's language: UTF-8 with BOM, `;` (English
    `,`, as mia.export.csv_format), CRLF, formulas neutralised (the Värde column repeats cell
    contents of the uploaded file, which may be formulas)."""
    from mia.export import csv_format

    frame = result.report_frame()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=csv_format()[0], lineterminator="\r\n")
    writer.writerow([_cell(c) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
