"""Checks that need several cells of a row (or several rows): the rules of DATA.md §1.

Errors: missing required values, kommun not in the förbund, exit before enrolment, exit
without utfall, dates in the future, implausible ages (< 14 or > 70), duplicate ids within
a förbund. Warnings: enrolment outside the project period or before the kommun joined MIA,
kartläggning/insats/enrolment out of order, utfall without exit, ages 14–15 and 65–70
(outside the target group 16–64 but possible, e.g. a birth year read as an age ±1).

Each rule is a whole-column (numpy) test that marks the rows breaking it; the messages are
written only for the rows that are reported. Issues are reported in the order a row-by-row
check would give them (row by row, and within a row in the order of the rules below), so
the capped list of issues names the same first problems however many rows there are.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from mia import config, schema
from mia.ingest.columns import Parsed
from mia.ingest.headers import HeaderMapping
from mia.ingest.issues import IssueCollector
from mia.ingest.messages import Text
from mia.ingest.reference import Reference

PERIOD_START = config.PROJECT_START
PERIOD_END = dt.date(2022, 12, 31)  # MIA ended autumn 2022; late registrations that year are fine
AGE_TARGET = (16, 64)
AGE_PLAUSIBLE = (14, 70)

REQUIRED_FIX = {
    "deltagare_id": Text("Fyll i deltagarens pseudonyma id (t.ex. löpnumret i ert ärendesystem)."),
    "forbund": Text("Fyll i förbundets kod, t.ex. ROS, eller namn, t.ex. Roslagen."),
    "kommunkod": Text("Fyll i kommunkoden (t.ex. 0160) eller kommunens namn (t.ex. Täby)."),
    "anmalningsdatum": Text("Fyll i datumet för intresseanmälan som ÅÅÅÅ-MM-DD, t.ex. 2019-03-04."),
}

# Steps dated before the enrolment (warnings), in the order they are reported within a row.
BEFORE_ENROLMENT = {
    "kartlaggning_datum": "Kartläggningsdatum {date} är före inskrivningsdatum {enrolment}.",
    "insats_startdatum": "Insatsens startdatum {date} är före inskrivningsdatum {enrolment}.",
}

# A rule's finding for one row: (code, column, message, fix); message and fix are Texts.
Finding = tuple[str, str, Text, Text]


@dataclass
class RowContext:
    """Parsed columns and where to report; `bad[col]` marks cells already reported."""

    numbers: np.ndarray  # Excel row number of each row
    parsed: dict[str, Parsed]
    bad: dict[str, np.ndarray]
    mapping: HeaderMapping
    reference: Reference
    issues: IssueCollector
    raw: dict[str, pa.ChunkedArray] = field(default_factory=dict)  # cells as written, mapped columns only

    def header(self, name: str) -> str:
        """The column's header as the user wrote it (the canonical name if absent)."""
        return self.mapping.header_of(name) if name in self.mapping.columns else name

    def value(self, name: str, i: int) -> Any:
        return self.parsed[name].value(i)

    def ok(self, name: str, i: int) -> bool:
        """Whether the cell was readable (blank counts as readable)."""
        return not self.bad[name][i]

    def shown(self, name: str, i: int) -> str:
        """The cell as the user wrote it, for the report's Värde column."""
        cells = self.raw.get(name)
        return cells[i].as_py().strip() if cells is not None else ""

    def error(self, code: str, i: int, name: str, message: Text, fix: Text | str = "") -> None:
        self.issues.error(code, message, fix, int(self.numbers[i]), self.header(name), self.shown(name, i))

    def warning(self, code: str, i: int, name: str, message: Text, fix: Text | str = "") -> None:
        self.issues.warning(code, message, fix, int(self.numbers[i]), self.header(name), self.shown(name, i))


class Found:
    """Rows breaking rules, kept per kind until reported in row-then-rule order."""

    def __init__(self) -> None:
        self.parts: list[tuple[int, np.ndarray, Callable[[int], Finding]]] = []

    def add(self, order: int, mask: np.ndarray, describe: Callable[[int], Finding]) -> None:
        rows = np.flatnonzero(mask)
        if len(rows):
            self.parts.append((order, rows, describe))

    def report(self, ctx: RowContext, kind: str) -> None:
        """Write the issues that fit under the collector's cap, count the rest."""
        if not self.parts:
            return
        stored = ctx.issues.errors if kind == "error" else ctx.issues.warnings
        room = max(ctx.issues.limit - len(stored), 0)
        rows = np.concatenate([rows for _, rows, _ in self.parts])
        order = np.concatenate([np.full(len(rows), o) for o, rows, _ in self.parts])
        which = np.concatenate([np.full(len(rows), k) for k, (_, rows, _) in enumerate(self.parts)])
        shown = np.lexsort((order, rows))[:room]
        write = ctx.error if kind == "error" else ctx.warning
        for j in shown:
            i = int(rows[j])
            code, name, message, fix = self.parts[which[j]][2](i)
            write(code, i, name, message, fix)
        if kind == "error":
            ctx.issues.error_count += len(rows) - len(shown)
        else:
            ctx.issues.warning_count += len(rows) - len(shown)


@dataclass
class Columns:
    """The columns the rules compare, as numpy arrays (one entry per row)."""

    null: dict[str, np.ndarray]
    days: dict[str, np.ndarray]  # datetime64[D], NaT for blank or unreadable
    fodelsear: np.ndarray  # float64, NaN for blank
    alder: np.ndarray


def check_rows(ctx: RowContext, today: dt.date | None = None) -> None:
    """Run every row rule, then the duplicate-id rule across rows."""
    today = today or dt.date.today()
    utfall_missing_column = "utfall" not in ctx.mapping.columns
    cols = Columns(
        null={name: ctx.parsed[name].isnull() for name in schema.COLUMN_NAMES},
        days={name: ctx.parsed[name].days() for name in schema.DATE_COLUMNS},
        fodelsear=ctx.parsed["fodelsear"].numbers(),
        alder=ctx.parsed["alder"].numbers(),
    )
    errors, warnings = Found(), Found()
    _required(ctx, cols, errors)
    _membership(ctx, errors)
    _dates(ctx, cols, errors, warnings, np.datetime64(today, "D"))
    _utfall(ctx, cols, errors, warnings, report_each=not utfall_missing_column)
    _age(ctx, cols, errors, warnings, today)
    errors.report(ctx, "error")
    warnings.report(ctx, "warning")
    if utfall_missing_column:
        _utfall_column_missing(ctx, cols)
    _duplicates(ctx, cols)


# Order of the rules within one row (errors and warnings are reported separately).
E_REQUIRED, E_AGE_MISSING, E_MEMBER, E_FUTURE, E_EXIT_ORDER, E_UTFALL, E_BIRTH_YEAR, E_AGE = 0, 4, 5, 6, 11, 12, 13, 14
W_PERIOD, W_EXIT_NO_ENROLMENT, W_REFERRAL, W_STEP, W_UTFALL, W_AGE_MISMATCH, W_AGE = 0, 2, 3, 4, 6, 7, 8


def _required(ctx: RowContext, cols: Columns, errors: Found) -> None:
    ok = {name: ~ctx.bad[name] for name in schema.COLUMN_NAMES}
    for order, (name, fix) in enumerate(REQUIRED_FIX.items(), start=E_REQUIRED):
        errors.add(order, cols.null[name] & ok[name],
                   lambda i, name=name, fix=fix: ("missing_value", name,
                                                  Text("Värde saknas; {column} är obligatoriskt.", column=name), fix))
    name = "fodelsear" if "fodelsear" in ctx.mapping.columns else "alder"
    missing = cols.null["fodelsear"] & cols.null["alder"] & ok["fodelsear"] & ok["alder"]
    errors.add(E_AGE_MISSING, missing, lambda i: (
        "missing_value", name, Text("Födelseår eller ålder saknas."),
        Text("Fyll i födelseåret (t.ex. 1985) eller åldern vid inskrivning (t.ex. 34).")))


def _membership(ctx: RowContext, errors: Found) -> None:
    """The kommun must be a member of the row's förbund (forbund.csv medlemskommuner)."""
    reference = ctx.reference
    kommun_codes = {code: k for k, code in enumerate(reference.kommuner)}
    forbund_codes = {code: f for f, code in enumerate(reference.forbund)}
    member = np.zeros((len(forbund_codes) + 1, len(kommun_codes) + 1), dtype=bool)
    for code, f in forbund_codes.items():
        for kommun in reference.forbund[code].members:
            if kommun in kommun_codes:
                member[f, kommun_codes[kommun]] = True
    kommun = ctx.parsed["kommunkod"].codes(kommun_codes)
    forbund = ctx.parsed["forbund"].codes(forbund_codes)
    known = (kommun >= 0) & (forbund >= 0)
    errors.add(E_MEMBER, known & ~member[forbund, kommun], lambda i: _not_member(ctx, i))


def _not_member(ctx: RowContext, i: int) -> Finding:
    kommun, forbund = ctx.value("kommunkod", i), ctx.value("forbund", i)
    info, owner = ctx.reference.kommuner[kommun], ctx.reference.forbund[forbund]
    members = ", ".join(ctx.reference.kommuner[c].name for c in owner.members if c in ctx.reference.kommuner)
    if info.forbund is None:
        message = Text("{kommun} ({code}) deltar inte i MIA.", kommun=info.name, code=kommun)
    else:
        message = Text("{kommun} ({code}) hör inte till {forbund} ({forbund_code}), vars medlemskommuner är "
                       "{members}.", kommun=info.name, code=kommun, forbund=owner.short_name, forbund_code=forbund,
                       members=members)
    return "kommun_not_member", "kommunkod", message, Text("Kontrollera kommun och förbund på raden.")


def _dates(ctx: RowContext, cols: Columns, errors: Found, warnings: Found, today: np.datetime64) -> None:
    for order, name in enumerate(schema.DATE_COLUMNS, start=E_FUTURE):
        future = cols.days[name] > today  # NaT compares False
        errors.add(order, future, lambda i, name=name: (
            "future_date", name, Text("{date} ligger i framtiden.", date=ctx.value(name, i).isoformat()),
            Text("Kontrollera datumet (ofta ett felskrivet årtal).")))
        ctx.bad[name] = ctx.bad[name] | future
    _period(ctx, cols, warnings)
    _order(ctx, cols, errors, warnings)


def _period(ctx: RowContext, cols: Columns, warnings: Found) -> None:
    anmalan = cols.days["anmalningsdatum"]
    usable = ~np.isnat(anmalan) & ~ctx.bad["anmalningsdatum"]
    outside = usable & ((anmalan < np.datetime64(PERIOD_START)) | (anmalan > np.datetime64(PERIOD_END)))
    warnings.add(W_PERIOD, outside, lambda i: (
        "outside_period", "anmalningsdatum",
        Text("{date} ligger utanför MIA:s projektperiod ({start}–{end}).",
             date=ctx.value("anmalningsdatum", i).isoformat(), start=PERIOD_START.isoformat(),
             end=PERIOD_END.isoformat()), Text("Raden läses in, men kontrollera datumet.")))
    joined_by_code = {code: np.datetime64(info.mia_fran, "D") if info.mia_fran is not None else np.datetime64("NaT")
                      for code, info in ctx.reference.kommuner.items()}
    codes = {code: k for k, code in enumerate(joined_by_code)}
    joined_of = np.array([*joined_by_code.values(), np.datetime64("NaT")], dtype="datetime64[D]")
    joined = joined_of[ctx.parsed["kommunkod"].codes(codes)]  # -1 (unknown) → the final NaT
    before = usable & ~outside & (anmalan < joined)
    warnings.add(W_PERIOD, before, lambda i: _before_joined(ctx, i))


def _before_joined(ctx: RowContext, i: int) -> Finding:
    anmalan, kommun = ctx.value("anmalningsdatum", i), ctx.reference.kommuner[ctx.value("kommunkod", i)]
    return ("before_kommun_joined", "anmalningsdatum",
            Text("{date} är före {kommun} gick med i MIA ({joined}).", date=anmalan.isoformat(), kommun=kommun.name,
                 joined=kommun.mia_fran.isoformat()),
            Text("Raden läses in, men kontrollera datum och kommun."))


def _order(ctx: RowContext, cols: Columns, errors: Found, warnings: Found) -> None:
    """Exit before enrolment is an error; other out-of-order dates are warnings."""
    def date(name: str) -> np.ndarray:  # readable dates only
        return np.where(ctx.bad[name], np.datetime64("NaT"), cols.days[name])

    anmalan, inskrivning, avslut = date("anmalningsdatum"), date("inskrivningsdatum"), date("avslutsdatum")
    errors.add(E_EXIT_ORDER, avslut < inskrivning, lambda i: (
        "exit_before_enrolment", "avslutsdatum",
        Text("Avslutsdatum {exit} är före inskrivningsdatum {enrolment}.",
             exit=ctx.value("avslutsdatum", i).isoformat(), enrolment=ctx.value("inskrivningsdatum", i).isoformat()),
        Text("Kontrollera båda datumen: avslutet kan inte komma före inskrivningen.")))
    blank_enrolment = np.isnat(inskrivning) & ~ctx.bad["inskrivningsdatum"]
    warnings.add(W_EXIT_NO_ENROLMENT, ~np.isnat(avslut) & blank_enrolment, lambda i: (
        "exit_without_enrolment", "avslutsdatum", Text("Avslutsdatum finns men inget inskrivningsdatum."),
        Text("Raden läses in som aldrig inskriven; fyll i inskrivningsdatum om personen skrevs in.")))
    warnings.add(W_REFERRAL, inskrivning < anmalan, lambda i: (
        "enrolment_before_referral", "inskrivningsdatum",
        Text("Inskrivningsdatum {enrolment} är före anmälningsdatum {referral}.",
             enrolment=ctx.value("inskrivningsdatum", i).isoformat(),
             referral=ctx.value("anmalningsdatum", i).isoformat()), Text("Kontrollera datumen.")))
    for order, name in enumerate(BEFORE_ENROLMENT, start=W_STEP):
        warnings.add(order, date(name) < inskrivning, lambda i, name=name: (
            "before_enrolment", name,
            Text(BEFORE_ENROLMENT[name], date=ctx.value(name, i).isoformat(),
                 enrolment=ctx.value("inskrivningsdatum", i).isoformat()),
            Text("Raden läses in, men kontrollera datumen.")))


def _utfall(ctx: RowContext, cols: Columns, errors: Found, warnings: Found, report_each: bool) -> None:
    exited, utfall = ~cols.null["avslutsdatum"], ~cols.null["utfall"]
    if report_each:
        errors.add(E_UTFALL, exited & ~utfall & ~ctx.bad["utfall"], lambda i: (
            "missing_utfall", "utfall",
            Text("Utfall saknas för en avslutad deltagare (avslutsdatum {exit}).",
                 exit=ctx.value("avslutsdatum", i).isoformat()),
            Text("Fyll i utfallet vid avslut: {codes}.", codes=list(schema.UTFALL_CODES))))
    warnings.add(W_UTFALL, utfall & ~exited & ~ctx.bad["avslutsdatum"], lambda i: (
        "utfall_without_exit", "utfall", Text("Utfall är ifyllt men avslutsdatum saknas."),
        Text("Raden läses in som pågående; fyll i avslutsdatum om deltagaren har avslutats.")))


def _utfall_column_missing(ctx: RowContext, cols: Columns) -> None:
    exited = int((~cols.null["avslutsdatum"]).sum())
    if exited:
        ctx.issues.error("missing_column", Text('Kolumnen "utfall" saknas, men {n} rader har avslutsdatum.', n=exited),
                         Text("Lägg till kolumnen utfall med ett av: {codes}.", codes=list(schema.UTFALL_CODES)),
                         column="utfall")


def _age(ctx: RowContext, cols: Columns, errors: Found, warnings: Found, today: dt.date) -> None:
    """Age at enrolment from `alder`, else from `fodelsear` and the enrolment (or referral) year."""
    fodelsear, alder = cols.fodelsear, cols.alder
    has_year = ~np.isnan(fodelsear)
    bad_year = has_year & ~((fodelsear >= 1900) & (fodelsear <= today.year))
    errors.add(E_BIRTH_YEAR, bad_year, lambda i: (
        "bad_age", "fodelsear", Text("{year} är inget rimligt födelseår.", year=ctx.value("fodelsear", i)),
        Text("Skriv födelseåret med fyra siffror, t.ex. 1985.")))
    inskrivning = cols.days["inskrivningsdatum"]
    start = np.where(np.isnat(inskrivning), cols.days["anmalningsdatum"], inskrivning)
    start_year = np.where(np.isnat(start), np.nan, start.astype("datetime64[Y]").astype(np.int64) + 1970.0)
    derived = start_year - fodelsear  # NaN unless both are known
    checked = ~bad_year
    mismatch = checked & ~np.isnan(alder) & ~np.isnan(derived) & (np.abs(alder - derived) > 1)
    warnings.add(W_AGE_MISMATCH, mismatch, lambda i: (
        "age_mismatch", "alder",
        Text("Åldern {age} stämmer inte med födelseåret {year}.", age=ctx.value("alder", i),
             year=ctx.value("fodelsear", i)),
        Text("Raden läses in, men kontrollera ålder och födelseår.")))
    age = np.where(np.isnan(alder), derived, alder)
    known = checked & ~np.isnan(age)
    implausible = known & ~((age >= AGE_PLAUSIBLE[0]) & (age <= AGE_PLAUSIBLE[1]))
    errors.add(E_AGE, implausible, lambda i: _age_range(ctx, i, "bad_age"))
    outside = known & ~implausible & ~((age >= AGE_TARGET[0]) & (age <= AGE_TARGET[1]))
    warnings.add(W_AGE, outside, lambda i: _age_range(ctx, i, "age_outside_target"))


def _age_range(ctx: RowContext, i: int, code: str) -> Finding:
    name, age = _age_of(ctx, i)
    if code == "bad_age":
        return (code, name, Text("Åldern vid inskrivning blir {age} år, vilket är orimligt för MIA (16–64 år).",
                                 age=age), Text("Kontrollera födelseåret/åldern."))
    return (code, name, Text("Åldern vid inskrivning blir {age} år, utanför MIA:s målgrupp 16–64 år.", age=age),
            Text("Raden läses in men hamnar inte i någon åldersgrupp; kontrollera uppgiften."))


def _age_of(ctx: RowContext, i: int) -> tuple[str, int]:
    """(column, age at enrolment) of row i, computed exactly as the message shows it."""
    alder, fodelsear = ctx.value("alder", i), ctx.value("fodelsear", i)
    if alder is not None:
        return "alder", alder
    start = ctx.value("inskrivningsdatum", i) or ctx.value("anmalningsdatum", i)
    return "fodelsear", start.year - fodelsear


def _duplicates(ctx: RowContext, cols: Columns) -> None:
    """deltagare_id must be unique within a förbund."""
    usable = ~cols.null["forbund"] & ~cols.null["deltagare_id"]
    if usable.sum() < 2:
        return
    rows = np.flatnonzero(usable)
    ids = ctx.parsed["deltagare_id"].strings()
    if len(pc.unique(ids)) == len(ids):
        return  # every id different in the whole file, so within each förbund: the common case, checked cheaply
    keys = pc.binary_join_element_wise(ctx.parsed["forbund"].strings(), ids,
                                         pa.scalar("\x00", pa.large_string()))
    keys = keys.take(pa.array(rows)) if len(rows) < len(keys) else keys
    encoded = pc.dictionary_encode(keys)
    if len(encoded.dictionary) == len(rows):
        return  # the same id only in different förbund
    _, first, inverse = np.unique(encoded.indices.to_numpy(zero_copy_only=False), return_index=True,
                                  return_inverse=True)
    duplicate = first[inverse] != np.arange(len(rows))
    if not duplicate.any():
        return
    first_row = np.full(len(ctx.numbers), -1, dtype=np.int64)
    first_row[rows] = rows[first[inverse]]
    found = Found()
    mask = np.zeros(len(ctx.numbers), dtype=bool)
    mask[rows[duplicate]] = True
    found.add(0, mask, lambda i: (
        "duplicate_id", "deltagare_id",
        Text("Id {id} finns redan på rad {row} för samma förbund ({forbund}).", id=ctx.value("deltagare_id", i),
             row=ctx.numbers[first_row[i]], forbund=ctx.value("forbund", i)),
        Text("Varje deltagare ska ha ett eget id inom förbundet; ta bort dubbletten eller rätta id:t.")))
    found.report(ctx, "error")
