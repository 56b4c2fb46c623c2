"""Validate an uploaded participant extract against the contract in DATA.md §1.

`validate_extract` never raises: whatever the bytes, it returns a ValidationResult with every
problem found (capped, with a count of the rest) and, only when there are no errors, the
canonical rows (an Arrow table; a pandas frame on request). Order matters for privacy:
identity numbers are looked for before anything else, and a file that has them gets only
that message, which never repeats the numbers.
"""
from __future__ import annotations

import hashlib
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mia import schema
from mia.i18n import t
from mia.ingest import rows as row_checks
from mia.ingest.arrow import per_column, text_column
from mia.ingest.columns import Formula, Parsed, constant, dictionary, parse_column, parse_text_column
from mia.ingest.headers import HeaderMapping, accepted_spellings, display_header, map_headers
from mia.ingest.issues import IngestError, Issue, IssueCollector
from mia.ingest.messages import Text, and_list, count, render
from mia.ingest.personnummer import contains_personnummer, find_personnummer
from mia.ingest.read import RawTable, read_table
from mia.ingest.reference import Reference, load_reference
from mia.ingest.values import clean, parse_code, parse_date, parse_forbund, parse_int, parse_kommun, parse_kon
from mia.text_storage import ARROW_TEXT

log = logging.getLogger(__name__)

PSEUDONYMS_ONLY = Text("MIA-resultat tar bara emot pseudonymiserade utdrag, utan personnummer eller "
                       "samordningsnummer.")
REFUSED = Text("Hela filen avvisas och ingenting har sparats.")
MAX_ROWS_LISTED = 10


@dataclass
class ValidationResult:
    """What `validate_extract` found. `table` (and `frame`) only when `ok` (no errors)."""

    file: str
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    table: pa.Table | None = None  # the accepted rows, what the store inserts
    forbund: frozenset[str] = frozenset()
    rows: int = 0
    sha256: str = ""
    source: Text | str = ""  # detected format, e.g. "CSV/text, teckenkodning cp1252, avgränsare semikolon"
    error_count: int = 0  # all errors, also those beyond the stored cap
    warning_count: int = 0

    _frame: tuple[pa.Table, pd.DataFrame] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def frame(self) -> pd.DataFrame | None:
        """The accepted rows as a pandas frame (`frame_of`), made on first use."""
        if self.table is None:
            return None
        if self._frame is None or self._frame[0] is not self.table:
            self._frame = (self.table, frame_of(self.table))
        return self._frame[1]

    def rows_per_forbund(self) -> dict[str, int]:
        """Accepted rows per förbund code ({} for a refused file)."""
        if self.table is None:
            return {}
        counts = pc.value_counts(self.table.column("forbund"))
        return {str(c): int(n) for c, n in zip(counts.field("values").to_pylist(), counts.field("counts").to_pylist())}

    @property
    def ok(self) -> bool:
        """True when the file can be imported (warnings allowed)."""
        return not self.errors

    @property
    def issues(self) -> list[Issue]:
        return [*self.errors, *self.warnings]

    @property
    def source_text(self) -> str:
        """`source` in the current language."""
        return render(self.source)

    def summary_text(self) -> Text:
        """One sentence for the top of the import page (a Text: Swedish as str)."""
        warnings = count(self.warning_count, "{n} varning", "{n} varningar")
        if self.ok:
            forbund = ", ".join(sorted(self.forbund))
            if self.warning_count:
                return Text("Filen {file} är godkänd: {rows} rader från {forbund}. {warnings}.", file=self.file,
                            rows=self.rows, forbund=forbund, warnings=warnings)
            return Text("Filen {file} är godkänd: {rows} rader från {forbund}.", file=self.file, rows=self.rows,
                        forbund=forbund)
        errors = count(self.error_count, "1 fel", "{n} fel")
        if self.warning_count:
            return Text("Filen {file} kan inte läsas in: {errors} och {warnings}.", file=self.file, errors=errors,
                        warnings=warnings)
        return Text("Filen {file} kan inte läsas in: {errors}.", file=self.file, errors=errors)

    def summary(self) -> str:
        """One sentence for the top of the import page, in the current language."""
        return self.summary_text().render()

    def report_frame(self) -> pd.DataFrame:
        """All issues as a table for display and download, headers and texts in the current
        language (Swedish: Typ, Fil, Rad, Kolumn, Värde, Meddelande)."""
        columns = [t("Typ"), t("Fil"), t("Rad"), t("Kolumn"), t("Värde"), t("Meddelande")]
        kinds = {"error": t("Fel"), "warning": t("Varning")}
        # An issue about the whole file has no row, column or value: an empty cell, not "None".
        records = [dict(zip(columns, (kinds[i.kind], _blank(render(i.file)), i.row, _blank(render(i.column)),
                                      _blank(i.value), _blank(i.text))))
                   for i in self.issues]
        frame = pd.DataFrame(records, columns=columns)
        return frame.astype(dict(zip(columns, ("str", "str", "Int64", "str", "str", "str"))))


def _blank(value: object) -> str:
    return "" if value is None else str(value)


def validate_extract(data: bytes, filename: str, reference: Reference | None = None) -> ValidationResult:
    """Read and check an extract; never raises, always returns a result with every issue."""
    filename = filename if isinstance(filename, str) else str(filename)  # a Text stays one
    issues = IssueCollector(filename)
    result = ValidationResult(filename)
    try:
        result.sha256 = hashlib.sha256(bytes(data or b"")).hexdigest()
        _validate(bytes(data or b""), filename, reference or load_reference(), issues, result)
    except Exception as exc:  # last line of defence: a bug must not become a traceback in the UI
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        log.error("validate_extract failed: %s at %s:%s", type(exc).__name__, frame.filename, frame.lineno)
        result.table = None
        issues.error("internal", Text("Ett oväntat fel uppstod när filen kontrollerades."),
                     Text("Kontrollera att filen är ett deltagarutdrag och försök igen; kontakta annars "
                          "förvaltningen."))
    result.errors, result.warnings = issues.finish()
    result.error_count, result.warning_count = issues.error_count, issues.warning_count
    if result.errors:
        result.table = None
    return result


def _validate(data: bytes, filename: str, reference: Reference, issues: IssueCollector,
              result: ValidationResult) -> None:
    try:
        raw = read_table(data, filename)
    except IngestError as exc:
        issues.error(exc.code, exc.message, exc.fix)
        return
    result.source, result.rows = raw.describe(), len(raw.frame)
    headers = _safe_headers(raw, issues)
    mapping = map_headers(headers)
    cells = {name: text_column(raw.frame.iloc[:, pos]) for name, pos in mapping.columns.items()}
    # Each mapped column's distinct texts, found once: the identity-number scan and the
    # parsers both work on them (not for the id column, where every text is different).
    coded = [name for name in cells if name != "deltagare_id"]
    encoded = dict(zip(coded, per_column(dictionary, [cells[name] for name in coded], result.rows * len(coded))))
    by_position = {mapping.columns[name]: e for name, e in encoded.items() if e is not None}
    if _refuse_identity_numbers(raw, headers, issues, by_position):
        return
    if not _check_columns(mapping, issues):
        return
    numbers = raw.frame.index.to_numpy(dtype=np.int64)
    parsed, bad = _parse_columns(cells, numbers, mapping, reference, issues, encoded)
    context = row_checks.RowContext(numbers, parsed, bad, mapping, reference, issues, cells)
    row_checks.check_rows(context)
    result.forbund = frozenset(parsed["forbund"].present())
    if not issues.error_count:
        result.table = canonical_table(parsed)


# ---------------------------------------------------------------- identity numbers

def _safe_headers(raw: RawTable, issues: IssueCollector) -> tuple[str, ...]:
    """Headers with any identity number blanked, so no message can repeat it."""
    safe = []
    for position, header in enumerate(raw.headers):
        if contains_personnummer(header):
            issues.error("personnummer", Text("Rubrikraden innehåller ett personnummer eller samordningsnummer "
                                              "({column}). {pseudonyms_only} {refused}",
                                              column=display_header([''] * (position + 1), position),
                                              pseudonyms_only=PSEUDONYMS_ONLY, refused=REFUSED),
                         Text("Ta bort numret och ge kolumnen en rubrik."))
            header = ""
        safe.append(header)
    return tuple(safe)


def _refuse_identity_numbers(raw: RawTable, headers: tuple[str, ...], issues: IssueCollector,
                             encoded: dict[int, Any] | None = None) -> bool:
    """Refuse the file when a column is named like, or holds, personnummer/samordningsnummer."""
    mapping = map_headers(headers)
    for name in mapping.forbidden:
        issues.error("personnummer_column", Text('Kolumnen "{name}" får inte finnas. {pseudonyms_only} {refused}',
                                                 name=name, pseudonyms_only=PSEUDONYMS_ONLY, refused=REFUSED),
                     Text("Ta bort kolumnen ur filen (ersätt den vid behov med ett löpnummer) och ladda upp igen."),
                     column=name)
    for sheet in raw.sheets_with_personnummer:
        issues.error("personnummer", Text('Bladet "{sheet}" innehåller personnummer eller samordningsnummer. '
                                          "{pseudonyms_only} {refused}", sheet=sheet,
                                          pseudonyms_only=PSEUDONYMS_ONLY, refused=REFUSED),
                     Text("Ta bort bladet (eller numren) ur arbetsboken innan du laddar upp den igen."))
    for finding in find_personnummer(raw.frame, encoded):
        name = display_header(headers, finding.position)
        n = len(finding.rows)
        listed = ", ".join(str(r) for r in finding.rows[:MAX_ROWS_LISTED]) + (" …" if n > MAX_ROWS_LISTED else "")
        issues.error("personnummer", Text('Kolumnen "{name}" innehåller personnummer eller samordningsnummer på '
                                          "{rows} (rad {listed}). {pseudonyms_only} {refused}", name=name,
                                          rows=count(n, "{n} rad", "{n} rader"), listed=listed,
                                          pseudonyms_only=PSEUDONYMS_ONLY, refused=REFUSED),
                     Text("Ta bort numren eller byt ut dem mot ett löpnummer/pseudonymt id innan du laddar upp "
                          "filen igen."),
                     column=name)
    return issues.error_count > 0


# ---------------------------------------------------------------- columns

def _check_columns(mapping: HeaderMapping, issues: IssueCollector) -> bool:
    """Missing required or ambiguous columns reject the file; unknown ones are warnings."""
    found = _listing([display_header(mapping.headers, i) for i in range(len(mapping.headers))])
    for name in mapping.missing:
        shown = Text('"fodelsear" eller "alder"') if name == "fodelsear" else f'"{name}"'
        issues.error("missing_column", Text("Kolumnen {column} saknas. Filen har kolumnerna: {found}. "
                                            "Förväntade: {expected}.", column=shown, found=found,
                                            expected=_expected_columns()), _missing_fix(name), column=name)
    for duplicate in mapping.duplicates:
        names = and_list([Text('"{name}"', name=h) for h in duplicate.headers])
        if duplicate.used is None:
            issues.error("duplicate_column", Text('Kolumnerna {names} betyder båda "{canonical}".', names=names,
                                                  canonical=duplicate.canonical),
                         Text("Ta bort eller byt namn på den ena kolumnen."), column=duplicate.headers[-1])
        else:
            issues.warning("duplicate_column", Text('Kolumnerna {names} betyder båda "{canonical}"; "{used}" används '
                                                    "och de andra läses inte in.", names=names,
                                                    canonical=duplicate.canonical, used=duplicate.used),
                           column=duplicate.used)
    for name in mapping.unknown:
        issues.warning("unknown_column", Text('Kolumnen "{name}" är okänd och läses inte in.', name=name),
                       Text("Om den ska användas: byt rubrik till ett av de förväntade kolumnnamnen."), column=name)
    return not issues.error_count


def _listing(names: list[str], limit: int = 30) -> Text | str:
    """'"a", "b", "c"', shortened for files with very many columns."""
    if not names:
        return ""
    shown = Text('"{name}"', name=names[-1] if len(names) <= limit else names[limit - 1])
    for name in reversed(names[:min(len(names), limit) - 1]):  # "{item}, {items}": read back item by item
        shown = Text("{item}, {items}", item=Text('"{name}"', name=name), items=shown)
    if len(names) > limit:
        return Text("{shown} … och {rest} till", shown=shown, rest=len(names) - limit)
    return shown


def _expected_columns() -> Text:
    """The required columns, "fodelsear eller alder" in fodelsear's place, and the optional ones."""
    required = [c.name for c in schema.COLUMNS if c.required and c.name not in ("fodelsear", "alder")]
    age = schema.COLUMN_NAMES.index("fodelsear")
    before = [n for n in required if schema.COLUMN_NAMES.index(n) < age]
    after = [n for n in required if schema.COLUMN_NAMES.index(n) > age]
    optional = [c.name for c in schema.COLUMNS if not c.required and c.name not in ("fodelsear", "alder")]
    return Text("{before}, fodelsear eller alder, {after} (obligatoriska) samt {optional} (frivilliga)",
                before=before, after=after, optional=optional)


def _missing_fix(name: str) -> Text:
    if name == "fodelsear":
        return Text('Lägg till en kolumn "fodelsear" (födelseår) eller "alder" (ålder vid inskrivning).')
    if name == "kommunkod":
        return Text('Lägg till en kolumn "kommunkod" med koden (t.ex. 0160) eller "kommun" med namnet (t.ex. Täby).')
    return Text("Lägg till kolumnen eller byt namn på rubriken; godkända rubriker är t.ex. {spellings}.",
                spellings=accepted_spellings(name))


# ---------------------------------------------------------------- values

Parser = Callable[[str], Any]


def _parsers(reference: Reference) -> dict[str, Parser]:
    """Which parser reads each canonical column."""
    parsers: dict[str, Parser] = {
        "deltagare_id": clean,
        "forbund": lambda v: parse_forbund(v, reference),
        "kommunkod": lambda v: parse_kommun(v, reference),
        "kon": parse_kon,
        "fodelsear": lambda v: parse_int(v, "fodelsear"),
        "alder": lambda v: parse_int(v, "alder"),
    }
    parsers.update({name: parse_date for name in schema.DATE_COLUMNS})
    for column in schema.COLUMNS:
        if column.codes and column.name not in parsers:
            parsers[column.name] = lambda v, name=column.name: parse_code(v, name)
    return parsers


def _parse_columns(cells: dict[str, pa.ChunkedArray], numbers: np.ndarray, mapping: HeaderMapping,
                   reference: Reference, issues: IssueCollector,
                   encoded: dict[str, Any] | None = None) -> tuple[dict[str, Parsed], dict[str, np.ndarray]]:
    """Parse every mapped column; each distinct value is parsed once (files repeat a lot).

    Returns the parsed columns (None for blank or invalid cells; absent columns all None,
    kön all "X") and, per column, a mask of the invalid cells, so that later checks do not
    pile a second message on a cell that already has one.
    """
    parsers = _parsers(reference)
    parsed: dict[str, Parsed] = {}
    bad: dict[str, np.ndarray] = {}
    for name in schema.COLUMN_NAMES:
        if name not in cells:
            parsed[name] = constant("X" if name == "kon" else None, len(numbers))
        elif parsers[name] is clean:
            parsed[name] = parse_text_column(cells[name], clean)
        else:
            parsed[name] = parse_column(cells[name], parsers[name], dates=name in schema.DATE_COLUMNS,
                                        encoded=(encoded or {}).get(name))
        bad[name] = parsed[name].bad()
        if name in cells:
            _report_problems(parsed[name], bad[name], cells[name], numbers, mapping.header_of(name), issues,
                             _problem_code(name))
    return parsed, bad


def _problem_code(name: str) -> str:
    """The Issue.code for an unreadable value in column `name`."""
    if name in schema.DATE_COLUMNS:
        return "bad_date"
    special = {"forbund": "unknown_forbund", "kommunkod": "unknown_kommun", "fodelsear": "bad_number",
               "alder": "bad_number"}
    return special.get(name, "bad_code")


def _report_problems(column: Parsed, bad: np.ndarray, cells: pa.ChunkedArray, numbers: np.ndarray, header: str,
                     issues: IssueCollector, code: str) -> None:
    """One error per unreadable cell, in row order (those beyond the cap only counted)."""
    rows = np.flatnonzero(bad)
    room = max(issues.limit - len(issues.errors), 0)
    for i in rows[:room].tolist():
        problem = column.problem(i)
        issues.error("formula" if isinstance(problem, Formula) else code, problem.message, problem.fix,
                     int(numbers[i]), header, cells[i].as_py())
    issues.error_count += max(len(rows) - room, 0)


# ---------------------------------------------------------------- output frames

def canonical_table(parsed: dict[str, Parsed]) -> pa.Table:
    """Columns exactly schema.COLUMN_NAMES: text large_string (dictionary-encoded where
    the texts repeat), fodelsear/alder int64, dates date32. Built from the parsed columns
    directly: DuckDB scans it as it is, and the pandas frame that tests and the import
    preview read is made from it only when asked for (a million rows through pandas and
    back cost half a second of an import)."""
    arrays = []
    for column in schema.COLUMNS:
        values = parsed[column.name]
        if column.sql_type == "INTEGER":
            arrays.append(values.integers())
        elif column.sql_type == "DATE":
            arrays.append(values.dates())
        else:
            arrays.append(values.codes_as_text())
    return pa.Table.from_arrays(arrays, names=list(schema.COLUMN_NAMES))


def frame_of(table: pa.Table) -> pd.DataFrame:
    """The canonical table as pandas: text as str, fodelsear/alder Int64, dates datetime64[us]."""
    data: dict[str, Any] = {}
    for column in schema.COLUMNS:
        values = table.column(column.name)
        if column.sql_type == "INTEGER":
            data[column.name] = pd.array(values, dtype="Int64")
        elif column.sql_type == "DATE":
            data[column.name] = values.cast(pa.timestamp("us")).to_numpy()
        else:
            data[column.name] = pd.array(values.cast(pa.large_string()), dtype=ARROW_TEXT)
    return pd.DataFrame(data, columns=list(schema.COLUMN_NAMES))


def table_for_storage(result: ValidationResult) -> pa.Table:
    """The accepted rows as the Arrow table the store inserts (`canonical_table`): the same
    values as `frame_for_storage` without Python date objects (DuckDB scans Arrow columns
    natively; a million date objects cost a second).
    Raises ValueError for a result with errors: a rejected file must never be stored."""
    if not result.ok or result.table is None:
        raise ValueError("table_for_storage called for a rejected extract")
    return result.table


def frame_for_storage(result: ValidationResult) -> pd.DataFrame:
    """The accepted rows ready for a DuckDB insert: schema order, str / Int64 / datetime.date.

    Dates become `datetime.date` objects so that they land in DATE columns without a cast.
    Raises ValueError for a result with errors: a rejected file must never be stored.
    """
    if not result.ok or result.table is None:
        raise ValueError("frame_for_storage called for a rejected extract")
    frame = result.frame.copy()
    for name in schema.DATE_COLUMNS:
        days = pa.array(frame[name].to_numpy(), pa.timestamp("us"), from_pandas=True).cast(pa.date32())
        frame[name] = pd.Series(days.to_pandas(date_as_object=True), dtype="object", index=frame.index)
    return frame
