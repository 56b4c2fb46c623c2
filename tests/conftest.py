"""Shared fixtures: one demo database per test session, built by the real generator and
the real import path, and an AppTest factory that runs the dashboard against it."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory) -> Path:
    """A closed DuckDB file holding the demo extract (copy it before writing to it)."""
    from mia import demo, store

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    con = store.connect(path)
    demo.install(con)
    store.close(path)
    return path


@pytest.fixture(scope="session")
def demo_con(demo_db_file):
    """A read-mostly connection to the session's demo database (don't import into it)."""
    from mia import store

    con = store.connect(demo_db_file)
    yield con
    store.close(demo_db_file)


@pytest.fixture
def fresh_db(demo_db_file, tmp_path) -> Path:
    """A private copy of the demo database that a test may change."""
    path = tmp_path / "mia.duckdb"
    shutil.copy(demo_db_file, path)
    return path


@pytest.fixture(scope="session")
def app_db(demo_db_file, tmp_path_factory) -> Path:
    """The database AppTest runs use (MIA_DB points at it for the whole session)."""
    path = tmp_path_factory.mktemp("app") / "mia.duckdb"
    shutil.copy(demo_db_file, path)
    os.environ["MIA_DB"] = str(path)
    return path


@pytest.fixture
def app(app_db):
    """Factory: app(query_params=None, page=None) -> a run AppTest of the dashboard."""
    from streamlit.testing.v1 import AppTest

    def run(query_params: dict | None = None, page: str | None = None, timeout: float = 90):
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
        for key, value in (query_params or {}).items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        return at

    return run
