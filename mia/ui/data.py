"""Data access for pages: one connection per process, results cached by selection and
data version, so a filter change costs one query and an import invalidates everything."""
from __future__ import annotations

from typing import Any, Callable

import duckdb
import pandas as pd
import streamlit as st

from mia import demo, measures, sql, store
from mia.config import db_path
from mia.filters import Urval


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    con = store.connect(path)
    demo.ensure(con)
    return con


def connection() -> duckdb.DuckDBPyConnection:
    """The process's database connection; builds the demo data on a first start."""
    return _connection(str(db_path()))


def data_version() -> str:
    return store.data_version(connection())


@st.cache_data(show_spinner=False, max_entries=512)
def _query(name: str, params_key: tuple, version: str, params: dict[str, Any]) -> pd.DataFrame:
    return sql.frame(connection(), name, params)


def query(name: str, urval: Urval, **extra: Any) -> pd.DataFrame:
    """A query file's result for a selection, cached by (file, selection, data version)."""
    params = urval.params() | extra
    key = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    return _query(name, key, data_version(), params).copy()


@st.cache_data(show_spinner=False, max_entries=256)
def _computed(fn_name: str, urval_key: tuple, version: str, _fn: Callable, _urval: Urval, extra: tuple) -> Any:
    return _fn(connection(), _urval, **dict(extra))


def computed(fn: Callable, urval: Urval, **extra: Any) -> Any:
    """The result of a `measures`-style function fn(con, urval, **extra), cached likewise."""
    code = getattr(fn, "__code__", None)
    where = f":{code.co_filename}:{code.co_firstlineno}" if code else ""
    name = f"{fn.__module__}.{fn.__qualname__}{where}"
    return _computed(name, urval.key(), data_version(), fn, urval, tuple(sorted(extra.items())))


def summary(urval: Urval) -> dict:
    return computed(measures.summary, urval)
