"""The query layer: SQL lives in queries/*.sql, Python only names a file and its parameters.

Each file is read once per process. Only the `$parameters` a statement actually uses are
bound (DuckDB refuses unused named parameters), so callers can pass one filter dict to
every query.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import duckdb
import pandas as pd

from mia.config import QUERIES_DIR

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_STATEMENT_END = re.compile(r";\s*(?:\n|$)")


@lru_cache(maxsize=None)
def load(name: str) -> str:
    """The text of queries/NAME.sql (NAME may contain a sub-folder, e.g. `_setup/schema`)."""
    path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise FileNotFoundError(f"Ingen SQL-fil {path}")
    return path.read_text(encoding="utf-8")


def parameters_in(sql: str) -> set[str]:
    """Named parameters used in a statement, ignoring `--` comments."""
    code = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return set(_PARAM.findall(code))


def _bind(sql: str, params: dict[str, Any] | None) -> dict[str, Any]:
    wanted = parameters_in(sql)
    params = params or {}
    missing = wanted - params.keys()
    if missing:
        raise KeyError(f"Parametrar saknas för frågan: {sorted(missing)}")
    return {k: params[k] for k in wanted}


def frame(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
    """Run one query file on a fresh cursor and return its rows as a data frame."""
    sql = load(name)
    cur = con.cursor()
    try:
        return cur.execute(sql, _bind(sql, params)).df()
    finally:
        cur.close()


def frame_here(cur: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
    """frame() on `cur` itself, not on a fresh cursor: inside a transaction, a fresh cursor
    is another connection and would not see what the transaction wrote."""
    sql = load(name)
    return cur.execute(sql, _bind(sql, params)).df()


def rows(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> list[tuple]:
    """Run one query file and fetch all rows (never leave a result open: DuckDB 2.0)."""
    sql = load(name)
    cur = con.cursor()
    try:
        return cur.execute(sql, _bind(sql, params)).fetchall()
    finally:
        cur.close()


def script(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> None:
    """Run a file of several statements (setup scripts), each with the parameters it uses."""
    for statement in _STATEMENT_END.split(load(name)):
        if statement.strip() and not _only_comments(statement):
            con.execute(statement, _bind(statement, params))


def _only_comments(statement: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in statement.splitlines())
