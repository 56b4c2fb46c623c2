"""Checks that need several cells of a row (or several rows): the rules of DATA.md §1.

Errors: missing required values, kommun not in the förbund, exit before enrolment, exit
without utfall, dates in the future, implausible ages (< 14 or > 70), duplicate ids within
a förbund. Warnings: enrolment outside the project period or before the kommun joined MIA,
kartläggning/insats/enrolment out of order, utfall without exit, ages 14–15 and 65–70
(outside the target group 16–64 but possible, e.g. a birth year read as an age ±1).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from mia import config, schema
from mia.ingest.headers import HeaderMapping
from mia.ingest.issues import IssueCollector
from mia.ingest.reference import Reference

PERIOD_START = config.PROJECT_START
PERIOD_END = dt.date(2022, 12, 31)  # MIA ended autumn 2022; late registrations that year are fine
AGE_TARGET = (16, 64)
AGE_PLAUSIBLE = (14, 70)

REQUIRED_FIX = {
    "deltagare_id": "Fyll i deltagarens pseudonyma id (t.ex. löpnumret i ert ärendesystem).",
    "forbund": "Fyll i förbundets kod, t.ex. ROS, eller namn, t.ex. Roslagen.",
    "kommunkod": "Fyll i kommunkoden (t.ex. 0160) eller kommunens namn (t.ex. Täby).",
    "anmalningsdatum": "Fyll i datumet för intresseanmälan som ÅÅÅÅ-MM-DD, t.ex. 2019-03-04.",
}


@dataclass
class RowContext:
    """Parsed columns and where to report; `bad[col]` holds positions already reported."""

    numbers: list[int]
    parsed: dict[str, list[Any]]
    bad: dict[str, set[int]]
    mapping: HeaderMapping
    reference: Reference
    issues: IssueCollector
    raw: dict[str, list[str]] = field(default_factory=dict)  # cells as written, mapped columns only

    def header(self, name: str) -> str:
        """The column's header as the user wrote it (the canonical name if absent)."""
        return self.mapping.header_of(name) if name in self.mapping.columns else name

    def value(self, name: str, i: int) -> Any:
        return self.parsed[name][i]

    def ok(self, name: str, i: int) -> bool:
        """Whether the cell was readable (blank counts as readable)."""
        return i not in self.bad[name]

    def shown(self, name: str, i: int) -> str:
        """The cell as the user wrote it, for the report's Värde column."""
        cells = self.raw.get(name)
        return cells[i].strip() if cells is not None else ""

    def error(self, code: str, i: int, name: str, message: str, fix: str = "") -> None:
        self.issues.error(code, message, fix, self.numbers[i], self.header(name), self.shown(name, i))

    def warning(self, code: str, i: int, name: str, message: str, fix: str = "") -> None:
        self.issues.warning(code, message, fix, self.numbers[i], self.header(name), self.shown(name, i))


def check_rows(ctx: RowContext, today: dt.date | None = None) -> None:
    """Run every row rule, then the duplicate-id rule across rows."""
    today = today or dt.date.today()
    utfall_missing_column = "utfall" not in ctx.mapping.columns
    for i in range(len(ctx.numbers)):
        _required(ctx, i)
        _membership(ctx, i)
        _dates(ctx, i, today)
        _utfall(ctx, i, report_each=not utfall_missing_column)
        _age(ctx, i)
    if utfall_missing_column:
        _utfall_column_missing(ctx)
    _duplicates(ctx)


def _required(ctx: RowContext, i: int) -> None:
    for name, fix in REQUIRED_FIX.items():
        if ctx.value(name, i) is None and ctx.ok(name, i):
            ctx.error("missing_value", i, name, f"Värde saknas; {name} är obligatoriskt.", fix)
    if ctx.value("fodelsear", i) is None and ctx.value("alder", i) is None \
            and ctx.ok("fodelsear", i) and ctx.ok("alder", i):
        name = "fodelsear" if "fodelsear" in ctx.mapping.columns else "alder"
        ctx.error("missing_value", i, name, "Födelseår eller ålder saknas.",
                  "Fyll i födelseåret (t.ex. 1985) eller åldern vid inskrivning (t.ex. 34).")


def _membership(ctx: RowContext, i: int) -> None:
    """The kommun must be a member of the row's förbund (forbund.csv medlemskommuner)."""
    kommun, forbund = ctx.value("kommunkod", i), ctx.value("forbund", i)
    if kommun is None or forbund is None or ctx.reference.member_of(kommun, forbund):
        return
    info, owner = ctx.reference.kommuner[kommun], ctx.reference.forbund[forbund]
    members = ", ".join(ctx.reference.kommuner[c].name for c in owner.members if c in ctx.reference.kommuner)
    if info.forbund is None:
        message = f"{info.name} ({kommun}) deltar inte i MIA."
    else:
        message = (f"{info.name} ({kommun}) hör inte till {owner.short_name} ({forbund}), "
                   f"vars medlemskommuner är {members}.")
    ctx.error("kommun_not_member", i, "kommunkod", message,
              "Kontrollera kommun och förbund på raden.")


def _dates(ctx: RowContext, i: int, today: dt.date) -> None:
    for name in schema.DATE_COLUMNS:
        date = ctx.value(name, i)
        if date is not None and date > today:
            ctx.error("future_date", i, name, f"{date.isoformat()} ligger i framtiden.",
                      "Kontrollera datumet (ofta ett felskrivet årtal).")
            ctx.bad[name].add(i)
    _period(ctx, i)
    _order(ctx, i)


def _period(ctx: RowContext, i: int) -> None:
    anmalan = ctx.value("anmalningsdatum", i)
    if anmalan is None or not ctx.ok("anmalningsdatum", i):
        return
    if not PERIOD_START <= anmalan <= PERIOD_END:
        ctx.warning("outside_period", i, "anmalningsdatum",
                    f"{anmalan.isoformat()} ligger utanför MIA:s projektperiod "
                    f"({PERIOD_START.isoformat()}–{PERIOD_END.isoformat()}).",
                    "Raden läses in, men kontrollera datumet.")
        return
    kommun = ctx.reference.kommuner.get(ctx.value("kommunkod", i) or "")
    if kommun is not None and kommun.mia_fran is not None and anmalan < kommun.mia_fran:
        ctx.warning("before_kommun_joined", i, "anmalningsdatum",
                    f"{anmalan.isoformat()} är före {kommun.name} gick med i MIA ({kommun.mia_fran.isoformat()}).",
                    "Raden läses in, men kontrollera datum och kommun.")


def _order(ctx: RowContext, i: int) -> None:
    """Exit before enrolment is an error; other out-of-order dates are warnings."""
    def date(name: str) -> dt.date | None:
        return ctx.value(name, i) if ctx.ok(name, i) else None

    anmalan, inskrivning, avslut = date("anmalningsdatum"), date("inskrivningsdatum"), date("avslutsdatum")
    if inskrivning and avslut and avslut < inskrivning:
        ctx.error("exit_before_enrolment", i, "avslutsdatum",
                  f"Avslutsdatum {avslut.isoformat()} är före inskrivningsdatum {inskrivning.isoformat()}.",
                  "Kontrollera båda datumen: avslutet kan inte komma före inskrivningen.")
    if avslut and inskrivning is None and ctx.ok("inskrivningsdatum", i):
        ctx.warning("exit_without_enrolment", i, "avslutsdatum",
                    "Avslutsdatum finns men inget inskrivningsdatum.",
                    "Raden läses in som aldrig inskriven; fyll i inskrivningsdatum om personen skrevs in.")
    if anmalan and inskrivning and inskrivning < anmalan:
        ctx.warning("enrolment_before_referral", i, "inskrivningsdatum",
                    f"Inskrivningsdatum {inskrivning.isoformat()} är före anmälningsdatum {anmalan.isoformat()}.",
                    "Kontrollera datumen.")
    for name, label in (("kartlaggning_datum", "Kartläggningsdatum"), ("insats_startdatum", "Insatsens startdatum")):
        value = date(name)
        if value and inskrivning and value < inskrivning:
            ctx.warning("before_enrolment", i, name,
                        f"{label} {value.isoformat()} är före inskrivningsdatum {inskrivning.isoformat()}.",
                        "Raden läses in, men kontrollera datumen.")


def _utfall(ctx: RowContext, i: int, report_each: bool) -> None:
    avslut, utfall = ctx.value("avslutsdatum", i), ctx.value("utfall", i)
    if avslut is not None and utfall is None and ctx.ok("utfall", i) and report_each:
        ctx.error("missing_utfall", i, "utfall",
                  f"Utfall saknas för en avslutad deltagare (avslutsdatum {avslut.isoformat()}).",
                  f"Fyll i utfallet vid avslut: {', '.join(schema.UTFALL_CODES)}.")
    if utfall is not None and avslut is None and ctx.ok("avslutsdatum", i):
        ctx.warning("utfall_without_exit", i, "utfall", "Utfall är ifyllt men avslutsdatum saknas.",
                    "Raden läses in som pågående; fyll i avslutsdatum om deltagaren har avslutats.")


def _utfall_column_missing(ctx: RowContext) -> None:
    exited = [i for i, v in enumerate(ctx.parsed["avslutsdatum"]) if v is not None]
    if exited:
        ctx.issues.error("missing_column", f'Kolumnen "utfall" saknas, men {len(exited)} rader har avslutsdatum.',
                         f"Lägg till kolumnen utfall med ett av: {', '.join(schema.UTFALL_CODES)}.", column="utfall")


def _age(ctx: RowContext, i: int) -> None:
    """Age at enrolment from `alder`, else from `fodelsear` and the enrolment (or referral) year."""
    alder, fodelsear = ctx.value("alder", i), ctx.value("fodelsear", i)
    start = ctx.value("inskrivningsdatum", i) or ctx.value("anmalningsdatum", i)
    if fodelsear is not None and not 1900 <= fodelsear <= dt.date.today().year:
        ctx.error("bad_age", i, "fodelsear", f"{fodelsear} är inget rimligt födelseår.",
                  "Skriv födelseåret med fyra siffror, t.ex. 1985.")
        return
    derived = start.year - fodelsear if fodelsear is not None and start is not None else None
    if alder is not None and derived is not None and abs(alder - derived) > 1:
        ctx.warning("age_mismatch", i, "alder", f"Åldern {alder} stämmer inte med födelseåret {fodelsear}.",
                    "Raden läses in, men kontrollera ålder och födelseår.")
    age, name = (alder, "alder") if alder is not None else (derived, "fodelsear")
    if age is not None:
        _age_range(ctx, i, age, name)


def _age_range(ctx: RowContext, i: int, age: int, name: str) -> None:
    if not AGE_PLAUSIBLE[0] <= age <= AGE_PLAUSIBLE[1]:
        ctx.error("bad_age", i, name, f"Åldern vid inskrivning blir {age} år, vilket är orimligt för MIA (16–64 år).",
                  "Kontrollera födelseåret/åldern.")
    elif not AGE_TARGET[0] <= age <= AGE_TARGET[1]:
        ctx.warning("age_outside_target", i, name,
                    f"Åldern vid inskrivning blir {age} år, utanför MIA:s målgrupp 16–64 år.",
                    "Raden läses in men hamnar inte i någon åldersgrupp; kontrollera uppgiften.")


def _duplicates(ctx: RowContext) -> None:
    """deltagare_id must be unique within a förbund."""
    first: dict[tuple[str, str], int] = {}
    for i, (forbund, ident) in enumerate(zip(ctx.parsed["forbund"], ctx.parsed["deltagare_id"])):
        if forbund is None or ident is None:
            continue
        key = (forbund, ident)
        if key in first:
            ctx.error("duplicate_id", i, "deltagare_id",
                      f"Id {ident} finns redan på rad {ctx.numbers[first[key]]} för samma förbund ({forbund}).",
                      "Varje deltagare ska ha ett eget id inom förbundet; ta bort dubbletten eller rätta id:t.")
        else:
            first[key] = i
