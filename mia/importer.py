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
   transaction (`store.replace_deliveries`, kalla 'fil'); other förbund are untouched.
   Several files (`import_files`) may share a transaction, each with its own history row.
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
from collections import deque
from collections.abc import Callable, Iterator, Sequence
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
    (`store.checkpoint`); import_files does it after every CHECKPOINT_ROWS rows and after
    the last file instead.
    """
    data = bytes(data or b"")
    name = safe_file_name(filename)
    if result is None or result.sha256 != store.sha256(data):
        result = validate_extract(data, name)
    return _import_validated(con, name, result, who, uttag, checkpoint)


def _import_validated(con: duckdb.DuckDBPyConnection, name: str, result: ValidationResult, who: str | None,
                      uttag: date | None, checkpoint: bool) -> ImportOutcome:
    """import_file after validation: refuse, record as unchanged, or replace."""
    if not _lock_acquired():
        return _failed(con, result, name, who, {}, Text("En annan import pågår just nu. Försök igen om en stund."))
    try:
        before = store.rows_per_forbund(con)
        if not result.ok:
            import_id = store.record_rejection(con, _record(result, name, who, "avvisad", refusal_message(result)))
            return ImportOutcome(result, "avvisad", import_id, before, before,
                                 message=Text("Filen avvisades; ingenting i databasen har ändrats."))
        if _already_loaded(_loaded(con), result):
            per_forbund = result.rows_per_forbund()
            text = Text("Samma fil (SHA-256 {sha}…) är redan inläst för {forbund}; inga data ändrades.",
                        sha=result.sha256[:12], forbund=", ".join(sorted(per_forbund)))
            import_id = store.record_attempt(con, _record(result, name, who, "oförändrad", text))
            when = uttag or extract_date(table_for_storage(result))
            return ImportOutcome(result, "oförändrad", import_id, before, before, when, text,
                                 store.data_version(con))
        try:
            return _replace(con, [(name, result)], who, uttag, before, checkpoint)[0]
        except duckdb.Error as exc:
            return _failed(con, result, name, who, before,
                           Text("Importen misslyckades i databasen och rullades tillbaka; ingenting har ändrats. "
                                "({error})", error=type(exc).__name__))
    finally:
        _import_lock.release()


def _replace(con: duckdb.DuckDBPyConnection, files: Sequence[tuple[str, ValidationResult]], who: str | None,
             uttag: date | None, before: dict[str, int], checkpoint: bool) -> list[ImportOutcome]:
    """Store valid files that share no förbund, in one transaction (store.replace_deliveries),
    with the lock held; a database error rolls it back and propagates. Each file's outcome
    reads as if the files had been imported one after the other: its rows before are the
    rows after the file before it."""
    deliveries, states = [], []
    for name, result in files:
        table = table_for_storage(result)
        per_forbund = result.rows_per_forbund()
        when = uttag or extract_date(table)
        message = _import_message(result, before, per_forbund, when)
        deliveries.append(store.Delivery(table, _record(result, name, who, "importerad", message), when))
        after = {**before, **per_forbund}
        states.append((before, after, when))
        before = after
    import_ids = store.replace_deliveries(con, deliveries, kalla="fil")
    if checkpoint:
        store.checkpoint(con)
    version = store.data_version(con)
    outcomes = []
    for (name, result), import_id, (was, now, when) in zip(files, import_ids, states):
        changes = [Text("{code} {before} → {after} rader", code=code, before=was.get(code, 0),
                        after=now.get(code, 0)) for code in sorted(result.rows_per_forbund())]
        outcomes.append(ImportOutcome(result, "importerad", import_id, was, now, when,
                                      Text("Inläst: {changes}. Uttagsdatum {date}.", changes=changes,
                                           date=when.isoformat()), version))
    return outcomes


# Valid files are written together until their rows reach four of DuckDB's row groups
# (122 880 rows each): such an insert goes straight into the database file, and a larger
# one is cheaper per row. Validation runs at most AHEAD_ROWS rows ahead of the writing,
# which bounds the memory the waiting files take. Rows written straight into the file
# stay in memory until a checkpoint as well: one after every CHECKPOINT_ROWS rows (10 M
# rows in 80 files: peak memory 2.3 GB with one checkpoint at the end, 1.2 GB with one
# per million rows, at the same speed; one per 2 M rows: 1.4 GB).
BATCH_ROWS = 4 * 122_880
AHEAD_ROWS = BATCH_ROWS
CHECKPOINT_ROWS = 1_000_000


def import_files(con: duckdb.DuckDBPyConnection, files: Sequence[tuple[str, Callable[[], bytes]]],
                 who: str | None = None, *, uttag: date | None = None,
                 reference: Reference | None = None) -> Iterator[ImportOutcome]:
    """Import several files in order, with the outcomes `import_file` would give one after
    the other: each file its own validation and history row, a refused file stops nothing
    and changes nothing, a file already loaded is recorded as 'oförändrad'.

    `files`: (file name, function returning the bytes). Files are read and validated in a
    second thread (Python, numpy and Arrow) while the main thread writes earlier ones
    (DuckDB, which releases the GIL), so two cores work at once. Valid files that follow
    each other and share no förbund are written in one transaction, up to BATCH_ROWS
    rows: a transaction costs about 100 ms whatever its size, so 80 deliveries of
    12 500 rows took 11 s one by one. If such a transaction fails, its files are tried
    again one by one, so each file is stored whole or not at all, as alone.
    Outcomes are yielded when their transaction is done. The rows are written into the
    database file (`store.checkpoint`) after every CHECKPOINT_ROWS rows and after the
    last file, not after each file.
    """
    with _ValidatedFiles(files, reference) as queue:
        unsaved = 0  # rows committed since the last checkpoint
        for step in _batches(con, queue):
            outcomes = (_write(con, step, who, uttag) if isinstance(step, list)
                        else [_import_validated(con, step.name, step.result, who, uttag, checkpoint=False)])
            unsaved += sum(o.result.rows for o in outcomes if o.status == "importerad")
            if unsaved >= CHECKPOINT_ROWS:
                store.checkpoint(con)
                unsaved = 0
            yield from outcomes
        if unsaved:
            store.checkpoint(con)


def _batches(con: duckdb.DuckDBPyConnection,
             queue: "_ValidatedFiles") -> Iterator[list["_Validated"] | "_Validated"]:
    """The validated files in order, grouped as they are to be written: a list of valid
    files that follow each other and share no förbund, up to BATCH_ROWS rows; a refused
    file or one already loaded on its own (not in a list), recorded by import_file's steps.
    A file that could not be read raises in its turn, after the files before it are
    written. (Whether a file is already loaded is asked after the batch before it is
    written: that batch may have replaced its förbund. What the files already loaded are
    is read again only after a batch is written, not for every file.)"""
    batch: list[_Validated] = []
    loaded = _loaded(con)
    while (item := queue.get()) is not None:
        if batch and (item.error is not None or _shares_forbund(batch, item)):
            yield batch
            batch, loaded = [], _loaded(con)
        item.raise_error()
        if not item.result.ok or _already_loaded(loaded, item.result):
            if batch:  # (shares no förbund with the item: its check holds)
                yield batch
                batch, loaded = [], _loaded(con)
            yield item
            continue
        batch.append(item)
        if sum(f.result.rows for f in batch) >= BATCH_ROWS:
            yield batch
            batch, loaded = [], _loaded(con)
    if batch:
        yield batch


def _shares_forbund(batch: list["_Validated"], item: "_Validated") -> bool:
    taken = {code for f in batch for code in f.result.forbund}
    return bool(item.result is not None and taken & set(item.result.forbund))


def _write(con: duckdb.DuckDBPyConnection, batch: list["_Validated"], who: str | None,
           uttag: date | None) -> list[ImportOutcome]:
    """Store a batch of valid files not yet loaded in one transaction; if that fails, each
    file on its own (as import_file: a file that fails again is recorded as 'misslyckad')."""
    if _lock_acquired():
        try:
            return _replace(con, [(f.name, f.result) for f in batch], who, uttag,
                            store.rows_per_forbund(con), checkpoint=False)
        except duckdb.Error:
            pass  # rolled back: nothing of the batch is stored; one by one below
        finally:
            _import_lock.release()
    return [_import_validated(con, f.name, f.result, who, uttag, checkpoint=False) for f in batch]


@dataclass
class _Validated:
    """A file read and validated (or the error reading it raised). Its bytes are not kept:
    the result holds what is stored and the file's SHA-256."""

    name: str
    result: ValidationResult | None = None
    error: BaseException | None = None

    def raise_error(self) -> None:
        if self.error is not None:
            raise self.error


class _ValidatedFiles:
    """The files read and validated in order by a second thread, handed out in order
    (`get`, None after the last); validation pauses while AHEAD_ROWS rows wait to be taken.
    One thread: validation is mostly Python and holds the GIL, and with two threads each
    took twice as long (1 M rows in 80 files: 4.1 s of validation, 8.2 s with two)."""

    def __init__(self, files: Sequence[tuple[str, Callable[[], bytes]]], reference: Reference | None) -> None:
        self._files, self._reference = list(files), reference
        self._ready: deque[_Validated] = deque()
        self._waiting_rows = 0
        self._taken = 0
        self._closed = False
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._validate_all, name="mia-validering", daemon=True)

    def __enter__(self) -> "_ValidatedFiles":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()
        self._thread.join()

    def get(self) -> _Validated | None:
        with self._changed:
            if self._taken >= len(self._files):
                return None
            while not self._ready:
                self._changed.wait()
            item = self._ready.popleft()
            self._taken += 1
            self._waiting_rows -= _rows(item)
            self._changed.notify_all()
            return item

    def _validate_all(self) -> None:
        for name, read in self._files:
            with self._changed:
                while self._waiting_rows >= AHEAD_ROWS and not self._closed:
                    self._changed.wait()
                if self._closed:
                    return
            item = _validated(name, read, self._reference)
            with self._changed:
                self._ready.append(item)
                self._waiting_rows += _rows(item)
                self._changed.notify_all()
            if item.error is not None:
                return  # the files after it are not read: the caller stops at it


def _validated(name: str, read: Callable[[], bytes], reference: Reference | None) -> _Validated:
    try:
        data = bytes(read() or b"")
    except Exception as exc:  # noqa: BLE001 (re-raised in the caller's thread, in its turn)
        return _Validated(name, error=exc)
    name = safe_file_name(name)
    return _Validated(name, validate_extract(data, name, reference))


def _rows(item: _Validated) -> int:
    return item.result.rows if item.result is not None else 0


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


def _loaded(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, int]]:
    """Per förbund whose data came from a file: that file's SHA-256 and the rows stored now."""
    return {code: (sha, rows) for code, sha, rows in sql.rows(con, "_setup/kalla_sha256")}


def _already_loaded(loaded: dict[str, tuple[str, int]], result: ValidationResult) -> bool:
    """Whether every förbund in the file already holds exactly this file's rows (`loaded`:
    _loaded(con))."""
    return all(loaded.get(code) == (result.sha256, n) for code, n in result.rows_per_forbund().items())


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
