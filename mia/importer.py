"""Importing a participant extract: validate, then replace the förbund in the file, or refuse.

Pure Python (no Streamlit): the Data page, `python -m mia import` and the tests call
`import_file`, so a file imported from the browser and one imported from the command line
go through exactly the same steps:

1. `validate_extract` reads and checks the bytes (never raises).
2. A file with any error is **refused**: one row in the import history (`resultat`
   'avvisad', file name, SHA-256, the report's first lines) and nothing else is touched.
   A file refused for personnummer/samordningsnummer is recorded the same way; the stored
   message names columns and row numbers, never a number (lines that could hold one are
   dropped). A file name holding one is replaced by a notice before validation, so it is
   neither stored nor shown (`safe_file_name`).
3. A valid file **replaces** the rows of every förbund present in it, atomically, in one
   transaction (`store.replace_forbund`, kalla 'fil'); other förbund are untouched.
   Re-importing the file a förbund's data already came from (same SHA-256, same rows) is
   a no-op recorded as 'oförändrad', so the data version, caches and shared links stay
   valid.
4. A database failure during the transaction rolls it back, is recorded as 'misslyckad'
   and reported; the stored data is as before.

Extract date (`uttag`, shown in every chart's source line): the latest date found in the
file (any date column), but never later than today. The file itself carries no extract
date, and the import day would be wrong for an old extract imported later; the latest
date in the data is what the figures can speak for, and it makes a re-import of the same
file reproducible. Callers who know the real extract date pass `uttag=` (CLI `--uttag`).

Imports within one process are serialised by a lock (the dashboard's sessions share one
connection); DuckDB's file lock keeps other processes out.

Messages (`ImportOutcome.message`, `size_problem`, the hidden file name) are Texts
(mia.ingest.messages): Swedish as str, which the CLI prints and the history stores, and
`render()`ed in the page's language when the Data page shows them.
"""
from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from mia import config, sql, store
from mia.ingest import ValidationResult, table_for_storage, validate_extract
from mia.ingest.messages import Text, count, parse, render
from mia.ingest.personnummer import contains_personnummer
from mia.ingest.reference import Reference
from mia.schema import DATE_COLUMNS

MAX_MESSAGE_LINES = 20
MAX_MESSAGE_CHARS = 4000
HIDDEN_NAME = "(filnamnet innehöll ett personnummer och sparas inte){suffix}"  # a Text template
HIDDEN_FILE_NAME = Text(HIDDEN_NAME, suffix="")
HIDDEN_LINE = Text("(raden innehöll något som liknar ett personnummer och sparas inte)")
UNNAMED = Text("(namnlös fil)")
NOT_READ = Text("(inte läst: för stor)")  # the SHA-256 of a file refused for its size
LOCK_TIMEOUT_S = 120

_import_lock = threading.Lock()


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one file.

    status: 'importerad' (data replaced), 'oförändrad' (same file already loaded),
    'avvisad' (validation errors, nothing stored) or 'misslyckad' (database error, rolled back).
    rows_before / rows_after: stored rows per förbund code, all förbund. `message` is a Text:
    Swedish as str, `message.render()` in the current language.
    """

    result: ValidationResult
    status: str
    import_id: int | None
    rows_before: dict[str, int] = field(default_factory=dict)
    rows_after: dict[str, int] = field(default_factory=dict)
    uttag: date | None = None
    message: Text | str = ""
    data_version: str | None = None

    @property
    def imported(self) -> bool:
        """True when the file's data is now what is stored (imported now or before)."""
        return self.status in ("importerad", "oförändrad")

    @property
    def forbund(self) -> tuple[str, ...]:
        return tuple(sorted(self.result.forbund))

    def changes(self) -> list[tuple[str, int, int]]:
        """(förbund, rows before, rows after) for the förbund in the file."""
        return [(code, self.rows_before.get(code, 0), self.rows_after.get(code, 0)) for code in self.forbund]


SIZE_PROBLEM = ("{subject}är för stor ({size} MB); gränsen är {limit} MB. Dela upp utdraget per förbund, spara "
                "det som .xlsx eller Parquet, eller be förvaltningen höja gränsen (MIA_MAX_UPLOAD_MB).")


def size_problem(size: int, filename: str = "") -> Text | None:
    """A message (a Text: Swedish as str) when a file of `size` bytes is over the limit
    (check before reading)."""
    limit = config.max_upload_mb()
    if size > limit * 1024 * 1024:
        subject = Text("Filen {file} ", file=safe_file_name(filename)) if filename else Text("Filen ")
        return Text(SIZE_PROBLEM, subject=subject, size=_megabytes(size, limit), limit=limit)
    return None


def _megabytes(size: int, limit: int) -> str:
    """Whole MB, or one decimal when whole MB would read as the limit itself ("1,4 MB; the
    limit is 1 MB", not "1 MB; the limit is 1 MB")."""
    mb = size / (1024 * 1024)
    if round(mb) > limit:
        return f"{mb:.0f}"
    return f"{math.floor(mb * 10 + 1) / 10:.1f}".replace(".", ",")


def record_oversized(con: duckdb.DuckDBPyConnection, filename: str, size: int, who: str | None) -> int:
    """Record a refused upload that was too large to read (so it has no SHA-256)."""
    message = str(size_problem(size, filename) or "")
    return store.record_rejection(con, store.ImportRecord(
        filnamn=str(safe_file_name(filename)), sha256=str(NOT_READ), rader=0, forbund=(),
        resultat="avvisad", vem=who, meddelande=message))


def import_file(con: duckdb.DuckDBPyConnection, data: bytes, filename: str, who: str | None = None, *,
                result: ValidationResult | None = None, uttag: date | None = None,
                checkpoint: bool = True) -> ImportOutcome:
    """Validate `data` and import it (replacing its förbund) or record the refusal.

    `result` may be a `validate_extract` result for the same bytes (the page has one
    already); it is reused only when its SHA-256 matches `data`. Never raises for bad
    input; database errors other than a failed transaction (e.g. a closed connection)
    propagate. `checkpoint`: write the imported rows into the database file afterwards
    (`store.checkpoint`); import_files does it once after the last file instead.
    """
    data = bytes(data or b"")
    digest = store.sha256(data)
    name = safe_file_name(filename)
    if result is None or result.sha256 != digest:
        result = validate_extract(data, name)
    if not _lock_acquired():
        return _failed(con, result, name, who, {}, Text("En annan import pågår just nu. Försök igen om en stund."))
    try:
        before = store.rows_per_forbund(con)
        if not result.ok:
            import_id = store.record_rejection(con, _record(result, name, who, "avvisad", refusal_message(result)))
            return ImportOutcome(result, "avvisad", import_id, before, before,
                                 message=Text("Filen avvisades; ingenting i databasen har ändrats."))
        table = table_for_storage(result)
        per_forbund = result.rows_per_forbund()
        when = uttag or extract_date(table)
        if _already_loaded(con, result, per_forbund):
            text = Text("Samma fil (SHA-256 {sha}…) är redan inläst för {forbund}; inga data ändrades.",
                        sha=digest[:12], forbund=", ".join(sorted(per_forbund)))
            import_id = store.record_attempt(con, _record(result, name, who, "oförändrad", text))
            return ImportOutcome(result, "oförändrad", import_id, before, before, when, text,
                                 store.data_version(con))
        record = _record(result, name, who, "importerad", _import_message(result, before, per_forbund, when))
        try:
            import_id = store.replace_forbund(con, table, record, kalla="fil", uttag=when)
        except duckdb.Error as exc:
            return _failed(con, result, name, who, before,
                           Text("Importen misslyckades i databasen och rullades tillbaka; ingenting har ändrats. "
                                "({error})", error=type(exc).__name__))
        if checkpoint:
            store.checkpoint(con)
        after = store.rows_per_forbund(con)
        changes = [Text("{code} {before} → {after} rader", code=code, before=before.get(code, 0),
                        after=after.get(code, 0)) for code in sorted(per_forbund)]
        return ImportOutcome(result, "importerad", import_id, before, after, when,
                             Text("Inläst: {changes}. Uttagsdatum {date}.", changes=changes, date=when.isoformat()),
                             store.data_version(con))
    finally:
        _import_lock.release()


def import_files(con: duckdb.DuckDBPyConnection, files: Sequence[tuple[str, Callable[[], bytes]]],
                 who: str | None = None, *, uttag: date | None = None,
                 reference: Reference | None = None) -> Iterator[ImportOutcome]:
    """Import several files in order, each exactly as `import_file` does (its own
    validation, transaction and history row; a refused file does not stop the others).

    `files`: (file name, function returning the bytes). While one file is written to the
    database, the next is read and validated in a second thread: validation is Python,
    numpy and Arrow, the write is DuckDB's (which releases the GIL), so on a machine with
    two cores the two overlap instead of taking turns. DuckDB keeps both of its threads:
    compressing and writing a delivery is most of an import's time, and validation leaves
    the second core idle most of the time (10 M rows in 80 files, with DuckDB on one
    thread while importing as before: 142 000–150 000 rows/s; on two: 158 000–182 000).
    Outcomes are yielded as each file is done; the next file's validation is already
    running when the caller gets one.
    The imported rows are written into the database file once, after the last file
    (`store.checkpoint`), not after each: each checkpoint rewrites the table's last row
    group, which a delivery of a few thousand rows only partly fills.
    """
    def validated(name: str, read: Callable[[], bytes]) -> tuple[bytes, ValidationResult]:
        data = bytes(read() or b"")
        return data, validate_extract(data, safe_file_name(name), reference)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="mia-validering") as pool:
        pending = pool.submit(validated, *files[0]) if files else None
        for k, (name, _read) in enumerate(files):
            data, result = pending.result()
            pending = pool.submit(validated, *files[k + 1]) if k + 1 < len(files) else None
            outcome = import_file(con, data, name, who, result=result, uttag=uttag, checkpoint=False)
            if pending is None:  # the last file: one checkpoint for all of them
                store.checkpoint(con)
            yield outcome


def _lock_acquired() -> bool:
    return _import_lock.acquire(timeout=LOCK_TIMEOUT_S)


def _failed(con, result: ValidationResult, name: str, who: str | None, before: dict[str, int],
            text: Text) -> ImportOutcome:
    import_id = None
    try:
        import_id = store.record_attempt(con, _record(result, name, who, "misslyckad", text))
    except duckdb.Error:
        pass  # the database is the problem; the message still reaches the user
    return ImportOutcome(result, "misslyckad", import_id, before, before, message=text)


def _record(result: ValidationResult, name: str, who: str | None, status: str, message: str) -> store.ImportRecord:
    """The history row; texts are stored in Swedish (plain str), whatever the page's language."""
    return store.ImportRecord(filnamn=str(name), sha256=result.sha256, rader=int(result.rows),
                              forbund=tuple(sorted(result.forbund)), resultat=status,
                              vem=(who or "").strip()[:100] or None, meddelande=str(message))


def _already_loaded(con: duckdb.DuckDBPyConnection, result: ValidationResult, per_forbund: dict[str, int]) -> bool:
    """Whether every förbund in the file already holds exactly this file's rows."""
    loaded = {code: (sha, rows) for code, sha, rows in sql.rows(con, "_setup/kalla_sha256")}
    return all(loaded.get(code) == (result.sha256, n) for code, n in per_forbund.items())


def extract_date(table: pa.Table, today: date | None = None) -> date:
    """The latest date in any date column of a storage table, at most today (module docstring)."""
    today = today or date.today()
    latest = [pc.max(table.column(c)).as_py() for c in DATE_COLUMNS if c in table.column_names]
    latest = [d for d in latest if d is not None]
    return min(max(latest), today) if latest else today


def _import_message(result: ValidationResult, before: dict[str, int], per_forbund: dict[str, int],
                    when: date) -> Text:
    parts = [Text("{code}: {before} → {after} rader", code=code, before=before.get(code, 0), after=n)
             for code, n in sorted(per_forbund.items())]
    joined = parts[-1]
    for part in reversed(parts[:-1]):
        joined = Text("{first}; {rest}", first=part, rest=joined)
    if result.warning_count:
        return Text("{changes}. Uttagsdatum {date}. {warnings}.", changes=joined, date=when.isoformat(),
                    warnings=count(result.warning_count, "{n} varning", "{n} varningar"))
    return Text("{changes}. Uttagsdatum {date}.", changes=joined, date=when.isoformat())


def refusal_message(result: ValidationResult) -> str:
    """What the history stores about a refused file, in Swedish whatever the page's language
    (the page translates it when shown, mia.ingest.messages.translate_stored): the summary
    and the first problems, without anything that could be an identity number."""
    lines = [result.summary_text()] + [Text("Fel: {issue}", issue=issue.sentence())
                                       for issue in result.errors[:MAX_MESSAGE_LINES]]
    if len(result.errors) > MAX_MESSAGE_LINES:
        lines.append(Text("… och fler fel ({n} totalt).", n=result.error_count))
    text = "\n".join(str(HIDDEN_LINE if contains_personnummer(line) else line) for line in lines)
    return text[:MAX_MESSAGE_CHARS]


def shown_file_name(name: str) -> str:
    """A stored file name as the page shows it: the notice that replaced a name holding an
    identity number, or "(namnlös fil)", in the current language; any other name as it is."""
    name = str(name)
    if name == UNNAMED or name.startswith(str(HIDDEN_FILE_NAME)):
        return render(parse(name))
    return name


def safe_file_name(filename: str) -> str:
    """The file name as validated, stored and shown: without folders, never holding an identity
    number (then replaced by a notice; the extension is kept, it tells the file's format)."""
    name = str(filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name:
        return UNNAMED
    if not contains_personnummer(name):
        return name[:255]
    suffix = name.rsplit(".", 1)[-1] if "." in name else ""
    return Text(HIDDEN_NAME, suffix=f".{suffix}" if suffix and len(suffix) <= 8 and not contains_personnummer(suffix)
                else "")
