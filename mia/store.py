"""The DuckDB file: opening it, keeping its schema current, and replacing a förbund's data.

One database instance per process and path (DuckDB allows one writer process per file);
queries take a cursor each. An import replaces the rows of the förbund present in the
file inside one transaction, so a failed or killed import leaves the file as it was.
"""
from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mia import sql
from mia.config import PROJECT_END, PROJECT_START, REFERENCE_DIR, db_path
from mia.schema import COLUMN_NAMES

# The period the Data page's plausibility checks measure against (tabeller_per_forbund.sql).
_PROJECT_PERIOD = {"fran": PROJECT_START, "till": PROJECT_END}

_log = logging.getLogger(__name__)
_connections: dict[str, duckdb.DuckDBPyConnection] = {}
_lock = threading.Lock()

# Called inside the import transaction, after the new rows are written and before COMMIT.
# Tests set it (in a subprocess) to pause there and kill the process mid-transaction;
# production code never sets it.
_before_commit: Callable[[], None] | None = None


class DatabaseError(RuntimeError):
    """A database problem explained in Swedish for the person using the app or CLI."""


@dataclass(frozen=True)
class ImportRecord:
    """What is written to the import history for one import attempt."""

    filnamn: str
    sha256: str
    rader: int
    forbund: tuple[str, ...]
    resultat: str  # 'importerad' | 'oförändrad' | 'avvisad' | 'misslyckad'
    vem: str | None = None
    meddelande: str | None = None


def connect(path: Path | str | None = None, reference_dir: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """The process-wide connection to the database at `path` (default: `MIA_DB`).

    Opens read-write (imports need it), creates the schema if missing and refreshes the
    macros and reference tables, which are code and facts rather than data.
    `reference_dir` (default: config.REFERENCE_DIR) is where the reference CSVs are read
    from when the file is opened (the benchmark uses a synthetic reference).
    """
    path = Path(path or db_path())
    key = str(path.resolve())
    with _lock:
        con = _connections.get(key)
        if con is None:
            con = _open(path, Path(reference_dir or REFERENCE_DIR))
            _connections[key] = con
        return con


def _open(path: Path, reference_dir: Path = REFERENCE_DIR) -> duckdb.DuckDBPyConnection:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path))
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseError(
                f"Databasen {path} används redan av ett annat program (t.ex. en startad "
                "dashboard). Stäng det eller ange en annan databas med --db."
            ) from exc
        if "not a valid duckdb" in str(exc).lower():
            raise DatabaseError(
                f"Databasfilen {path} är skadad eller inte en DuckDB-databas. "
                "Bygg om demodatabasen med `python -m mia demo` eller ta bort filen."
            ) from exc
        raise DatabaseError(f"Databasen {path} kunde inte öppnas: {exc}") from exc
    except duckdb.Error as exc:
        raise DatabaseError(
            f"Databasfilen {path} är skadad eller inte en DuckDB-databas. "
            "Bygg om demodatabasen med `python -m mia demo --db PATH` eller ta bort filen."
        ) from exc
    try:
        sql.script(con, "_setup/settings")
        sql.script(con, "_setup/schema")
        sql.script(con, "_setup/reference", {"dir": str(reference_dir)})
        sql.script(con, "_setup/macros")  # after the reference tables: macros read kommuner
        sql.script(con, "_setup/tabeller_per_forbund", _PROJECT_PERIOD)
        con.execute("BEGIN TRANSACTION")
        _protect_trend(con)
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.close()
        raise DatabaseError(f"Databasen {path} kunde inte förberedas: {exc}") from exc
    return con


def _protect_trend(cur: duckdb.DuckDBPyConnection) -> None:
    """Jämför's trend protected for the data now (mia.kept_trend), after the kept tables it
    is summed from. Never fails the open or the import: when it cannot be protected (a
    kommun outside the förbund's membership lists, say) no half-year is kept, and the page
    protects them itself and shows the same error it would have shown.

    Imported here, not at the top: it protects with mia.compare, which imports this module."""
    from mia import kept_trend

    try:
        kept_trend.rebuild(cur)
    except (ValueError, KeyError) as exc:
        _log.warning("Jämförs trend kunde inte skyddas i förväg: %s", exc)
        cur.execute(sql.load("_setup/delete_jamfor_trend_skyddad"))


CLOSE_WAIT_S = 30.0  # how long close() waits for another thread's call on the connection


def close(path: Path | str | None = None) -> None:
    """Close the cached connection (tests, rebuilding the demo file)."""
    key = str(Path(path or db_path()).resolve())
    with _lock:
        con = _connections.pop(key, None)
    if con is not None:
        _close_when_free(con)


def _close_when_free(con: duckdb.DuckDBPyConnection, wait_s: float = CLOSE_WAIT_S) -> None:
    """Close `con` once no other thread is calling it. DuckDB 2.0 refuses to close a
    connection that another thread is using (ResourceInUseException) instead of waiting:
    e.g. the background checkpoint taking a cursor, or a page's query still running when
    a test ends. Such a call is short, so wait for it."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            con.close()
            return
        except duckdb.ResourceInUseException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def rebuild(path: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """Start a database file afresh (a corrupt file, or the demo rebuilt from scratch).

    Refuses while another process holds the file, so a running dashboard is never pulled
    out from under its users.
    """
    path = Path(path or db_path())
    close(path)
    if path.exists():
        try:
            duckdb.connect(str(path)).close()
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise DatabaseError(
                    f"Databasen {path} används av ett annat program (t.ex. en startad dashboard). "
                    "Stäng det först."
                ) from exc
        except duckdb.Error:
            pass  # corrupt: removed below
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    return connect(path)


def row_count(con: duckdb.DuckDBPyConnection) -> int:
    return sql.rows(con, "_setup/count_deltagare")[0][0]


def rows_per_forbund(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Stored participant rows per förbund code (förbund without rows are absent)."""
    return {code: int(n) for code, n in sql.rows(con, "rader_per_forbund")}


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """A string that changes with every import: cache keys and permalinks carry it."""
    found = sql.rows(con, "_setup/meta_value", {"nyckel": "data_version"})
    return found[0][0] if found else "tom"


@dataclass(frozen=True)
class Delivery:
    """One file's rows (the förbund it replaces), its history row and its extract date."""

    data: pd.DataFrame | pa.Table
    record: ImportRecord
    uttag: date | None = None


def replace_forbund(
    con: duckdb.DuckDBPyConnection,
    frame: pd.DataFrame | pa.Table,
    record: ImportRecord,
    kalla: str,
    uttag: date | None = None,
) -> int:
    """Replace the rows of every förbund in `frame` atomically and record the import.

    Returns the import id. On any error the transaction is rolled back and the error
    re-raised, so the stored data is exactly as before.
    """
    return replace_deliveries(con, [Delivery(frame, record, uttag)], kalla)[0]


def replace_deliveries(con: duckdb.DuckDBPyConnection, deliveries: Sequence[Delivery], kalla: str) -> list[int]:
    """Replace the förbund of several deliveries in one transaction: each keeps its own
    history row, import id and data source, and either all are stored or none.

    Why together: a transaction costs about 100 ms whatever its size (the commit's log
    write, the kept tables' scan of the förbund, the insert's setup), which was most of
    the time of importing many small deliveries; and an insert of at least a row group
    (122 880 rows) is written straight into the database file, not through the log.
    Deliveries must not share a förbund (which one's rows would win?). Returns the import
    ids in order; on any error rolls back and re-raises.
    """
    if not deliveries:
        return []
    tables = [_as_arrow(d.data.select(list(COLUMN_NAMES)) if isinstance(d.data, pa.Table)
                        else d.data.loc[:, list(COLUMN_NAMES)]) for d in deliveries]
    per_delivery = [_forbund_in(t) for t in tables]
    forbund = [code for codes in per_delivery for code in codes]
    if len(set(forbund)) != len(forbund):
        raise ValueError("leveranser i samma transaktion får inte ha förbund gemensamt")
    cur = con.cursor()
    try:
        cur.execute("BEGIN TRANSACTION")
        try:
            import_ids = [_record(cur, d.record) for d in deliveries]
            # Only förbund with stored rows need the delete, a scan of the whole table: a
            # first delivery (a database filled förbund by förbund) skips it.
            rows_now = rows_per_forbund(cur)
            stored = [code for code in forbund if rows_now.get(code)]
            cur.register("ny_data", _one_table(tables))
            if stored:
                cur.execute(sql.load("_setup/delete_forbund"), {"forbund": stored})
            cur.execute(sql.load("_setup/insert_deltagare"))
            sql.script(cur, "_setup/update_tabeller_per_forbund", {"forbund": forbund, **_PROJECT_PERIOD})
            _protect_trend(cur)
            cur.unregister("ny_data")
            for delivery, import_id, codes in zip(deliveries, import_ids, per_delivery):
                for code in codes:
                    cur.execute(
                        sql.load("_setup/upsert_datakalla"),
                        {"forbund": code, "kalla": kalla, "filnamn": delivery.record.filnamn,
                         "uttag": delivery.uttag, "import_id": import_id},
                    )
            cur.execute(sql.load("_setup/set_meta"),
                        {"nyckel": "data_version",
                         "varde": f"v{import_ids[-1]}-{deliveries[-1].record.sha256[:8]}"})
            if _before_commit is not None:
                _before_commit()
            cur.execute("COMMIT")
            return import_ids
        except BaseException:
            try:
                cur.execute("ROLLBACK")
            except duckdb.Error:
                pass  # the transaction is already gone; the original error says why
            raise
    finally:
        cur.close()


def _one_table(tables: list[pa.Table | pd.DataFrame]) -> pa.Table | pd.DataFrame:
    """The deliveries' rows as one table for one insert (Arrow tables of the storage
    schema concatenate without copying; anything else is joined as pandas)."""
    if len(tables) == 1:
        return tables[0]
    if all(isinstance(t, pa.Table) for t in tables):
        try:
            return pa.concat_tables(tables, promote_options="default")
        except (pa.ArrowException, ValueError):
            pass
    return pd.concat([t.to_pandas() if isinstance(t, pa.Table) else t for t in tables], ignore_index=True)


CHECKPOINT_RETRIES = 60  # seconds of retrying in the background
_checkpoint_pending = threading.Event()


def checkpoint(con: duckdb.DuckDBPyConnection) -> bool:
    """Write committed imports into the database file now, or as soon as no page is reading.

    Why: rows committed since the last checkpoint live uncompressed and without column
    statistics, and the pages' scans of them are 1.5–5× slower (1 M rows: completeness
    273 → 49 ms, the comparison cells 51 → 28 ms). DuckDB documents that CHECKPOINT fails
    while other transactions run (the DuckDB 2.0 pinned here runs it beside open read and
    write transactions); one that fails is retried once a second in the background.
    Returns whether it was done now.
    """
    if _try_checkpoint(con):
        return True
    if not _checkpoint_pending.is_set():
        _checkpoint_pending.set()
        threading.Thread(target=_retry_checkpoint, args=(con,), daemon=True, name="mia-checkpoint").start()
    return False


def _try_checkpoint(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        cur = con.cursor()
    except duckdb.Error:
        return False  # closed meanwhile: DuckDB checkpoints on close
    try:
        sql.script(cur, "_setup/checkpoint")
        return True
    except duckdb.Error:
        return False
    finally:
        cur.close()


def _retry_checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    try:
        for _ in range(CHECKPOINT_RETRIES):
            time.sleep(1.0)
            if _try_checkpoint(con):
                return
    finally:
        _checkpoint_pending.clear()


def _forbund_in(data: pa.Table | pd.DataFrame) -> list[str]:
    """The förbund codes of the rows to store, sorted."""
    if isinstance(data, pa.Table):
        return sorted(str(code) for code in pc.unique(data.column("forbund")).to_pylist())
    return sorted(str(code) for code in pd.unique(data["forbund"].astype(str)))


def _as_arrow(frame: pd.DataFrame | pa.Table) -> pa.Table | pd.DataFrame:
    """The frame as an Arrow table for DuckDB to scan (the frame itself if a column does
    not convert, e.g. mixed Python objects)."""
    if isinstance(frame, pa.Table):
        return frame
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):
        return frame


def record_rejection(con: duckdb.DuckDBPyConnection, record: ImportRecord) -> int:
    """Write a refused import to the history (no data is touched)."""
    return record_attempt(con, record)


def record_attempt(con: duckdb.DuckDBPyConnection, record: ImportRecord) -> int:
    """Write one row of import history without touching any data (refused, unchanged or
    failed imports); returns its import id."""
    cur = con.cursor()
    try:
        return _record(cur, record)
    finally:
        cur.close()


def _record(cur: duckdb.DuckDBPyConnection, record: ImportRecord) -> int:
    import_id = cur.execute("SELECT nextval('import_id_seq')").fetchall()[0][0]
    cur.execute(
        sql.load("_setup/insert_import"),
        {
            "import_id": import_id, "tid": datetime.now().replace(microsecond=0),
            "filnamn": record.filnamn, "sha256": record.sha256, "rader": record.rader,
            "forbund": ",".join(record.forbund), "vem": record.vem,
            "resultat": record.resultat, "meddelande": record.meddelande,
        },
    )
    return import_id


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
