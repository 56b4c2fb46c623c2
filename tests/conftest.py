"""Shared fixtures: one demo database per test session, built by the real generator and
the real import path, and an AppTest factory that runs the dashboard against it."""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Tests that share an expensive module- or process-level result run in one pytest-xdist
# worker (pytest.ini: -n 2 --dist loadgroup): the browser suite (one dashboard and one
# Chromium, run in a fixed order) and the page sweeps of tests/apptest_pages.py.
SHARED_GROUPS = {"test_language": "apptest_pages", "test_accessibility": "apptest_pages"}
STARTED = time.time()
BROWSER_FIGURES = ROOT / "test-artifacts" / "browser-figures.json"  # written by tests/browser/conftest.py


def pytest_collection_modifyitems(config, items):
    """One xdist group per test module (its module fixtures are built once), except the
    shared groups above; the two workers then take whole modules in turn."""
    for item in items:
        path = Path(item.path)
        if "browser" in path.relative_to(ROOT).parts:
            group = "browser"
        else:
            group = SHARED_GROUPS.get(path.stem, path.stem)
        item.add_marker(pytest.mark.xdist_group(group))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """The browser suite's figures (pages, console errors, outside requests, sessions, time
    to first chart), printed here because this conftest is loaded by the controlling
    process too, while the browser tests may have run in an xdist worker."""
    if not BROWSER_FIGURES.exists() or BROWSER_FIGURES.stat().st_mtime < STARTED:
        return  # no browser test ran in this session
    figures = json.loads(BROWSER_FIGURES.read_text())
    summary = figures.pop("sammanfattning")
    write = terminalreporter.write_line
    terminalreporter.section("webbläsartester: mätvärden")
    write(f"flikar {summary['flikar_oppnade']} · konsolfel {summary['konsolfel']} · sidfel {summary['sidfel']} · "
          f"anrop utanför maskinen {summary['anrop_utanfor_maskinen']} · "
          f"kända 404 vid djuplänk {summary['kanda_404_vid_djuplank (streamlit#7074)']}")
    for section, values in figures.items():
        write(f"{section}: {json.dumps(values, ensure_ascii=False)}")
    write(f"(allt i {BROWSER_FIGURES.relative_to(ROOT)})")


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
