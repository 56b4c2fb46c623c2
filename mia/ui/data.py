"""Data access for pages: one connection per process, results cached by selection, data
version and UI language, so a filter change costs one query, an import invalidates
everything and a language switch never shows text cached in the other language.

Consistency during an import
----------------------------
All sessions share one DuckDB connection (and DuckDB's file lock keeps the CLI out while
the app runs); an import from the Data page replaces rows in one transaction on its own
cursor. DuckDB is MVCC: a statement outside
a transaction sees the latest committed state, so a page that ran one query before an
import committed and the next one after would mix old and new data, and could even cache
new results under the old version key.

`dashboard.py` therefore wraps each script run in `snapshot()`: one cursor, one read
transaction (`BEGIN TRANSACTION`; DuckDB fixes the snapshot at the transaction's first
read, which is the data-version read). During the run `connection()` returns that
`Snapshot`; every query of the run (cached or not, through `sql.frame` or directly) runs
in it and therefore sees one committed state, and the cache key carries the version read
in that same snapshot, so a cached result is always the data of its key. The transaction
is rolled back (nothing to commit) and the cursor closed when the run ends, however it
ends (st.stop, st.rerun, an exception). Outside a run (callbacks, fragments, tests calling
helpers directly) `connection()` is the shared connection, as before.

Writers (the import) must use `writer()`: the snapshot is read-only and pinned to a past
state. After an import a page calls `st.rerun()` so that the next run sees the new data.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Callable, Iterator

import duckdb
import pandas as pd
import streamlit as st

from mia import demo, i18n, measures, sql, store
from mia.config import db_path
from mia.filters import Urval


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    con = store.connect(path)
    demo.ensure(con)
    return con


class _PinnedCursor:
    """The snapshot's cursor handed out by `Snapshot.cursor()`: closing it is a no-op
    (the snapshot closes it at the end of the run); everything else is the real cursor."""

    def __init__(self, cur: duckdb.DuckDBPyConnection) -> None:
        self._cur = cur

    def close(self) -> None:
        pass

    def cursor(self) -> "_PinnedCursor":
        return self

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cur, name)


class Snapshot:
    """One read transaction for one script run; quacks like a DuckDB connection for readers.

    `cursor()` returns the pinned cursor in the thread that opened the snapshot, and a fresh
    cursor of the shared connection in any other thread (a DuckDB cursor must not be used by
    two threads at once).
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str) -> None:
        self.connection = con
        self.path = path
        self._owner = threading.get_ident()
        self._cur = con.cursor()
        self._closed = False
        try:
            self._cur.execute("BEGIN TRANSACTION")
            self.version = store.data_version(self)  # first read: fixes the snapshot
        except BaseException:
            self._cur.close()
            raise

    def cursor(self) -> Any:
        if self._closed or threading.get_ident() != self._owner:
            return self.connection.cursor()
        return _PinnedCursor(self._cur)

    def __getattr__(self, name: str) -> Any:  # execute, sql, ... for code that uses con directly
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.cursor(), name)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._cur.execute("ROLLBACK")
        except duckdb.Error:
            pass
        finally:
            self._cur.close()


_snapshot: ContextVar[Snapshot | None] = ContextVar("mia_snapshot", default=None)


@contextmanager
def snapshot() -> Iterator[Snapshot]:
    """One consistent view of the database for the body (a whole script run)."""
    path = str(db_path())
    snap = Snapshot(_connection(path), path)
    token = _snapshot.set(snap)
    try:
        yield snap
    finally:
        _snapshot.reset(token)
        snap.close()


def _current() -> Snapshot | None:
    snap = _snapshot.get()
    return snap if snap is not None and snap.path == str(db_path()) else None


def connection() -> Any:
    """The database for reading: this run's snapshot, else the process's connection
    (which builds the demo data on a first start)."""
    return _current() or _connection(str(db_path()))


def writer() -> duckdb.DuckDBPyConnection:
    """The shared read-write connection, for imports (never the run's snapshot)."""
    return _connection(str(db_path()))


def data_version() -> str:
    """The data version of this run's snapshot (read once), else the current one."""
    snap = _current()
    return snap.version if snap is not None else store.data_version(writer())


def _version_key() -> tuple[str, str]:
    """What cached results are keyed by: the database file and its data version."""
    snap = _current()
    if snap is not None:
        return snap.path, snap.version
    return str(db_path()), store.data_version(writer())


@st.cache_data(show_spinner=False, max_entries=512)
def _query(name: str, params_key: tuple, version: tuple, params: dict[str, Any]) -> pd.DataFrame:
    return sql.frame(connection(), name, params)


def query(name: str, urval: Urval, **extra: Any) -> pd.DataFrame:
    """A query file's result for a selection, cached by (file, selection, data version).
    Not by language: a query file's rows hold data (codes, names, numbers), never UI text."""
    params = urval.params() | extra
    key = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    return _query(name, key, _version_key(), params).copy()


# `computed` results are shared by all sessions (st.cache_data) while the UI language is a
# per-session choice, and they hold text: column headers, labels, sentences, map tooltips,
# numbers formatted as "1 234" or "1,234". So the language is part of the key; without it
# a Swedish visitor would get what an English visitor computed a moment before.


@st.cache_data(show_spinner=False, max_entries=256)
def _computed(fn_name: str, urval_key: tuple, version: tuple, lang: str, _fn: Callable, _urval: Urval,
              extra: tuple) -> Any:
    with i18n.using(lang):  # the key's language, whatever context the cache runs the function in
        return _fn(connection(), _urval, **dict(extra))


def computed(fn: Callable, urval: Urval, **extra: Any) -> Any:
    """The result of a `measures`-style function fn(con, urval, **extra), cached by
    (function, selection, extra arguments, data version, UI language)."""
    code = getattr(fn, "__code__", None)
    where = f":{code.co_filename}:{code.co_firstlineno}" if code else ""
    name = f"{fn.__module__}.{fn.__qualname__}{where}"
    return _computed(name, urval.key(), _version_key(), i18n.language(), fn, urval, tuple(sorted(extra.items())))


def summary(urval: Urval) -> dict:
    return computed(measures.summary, urval)
