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
# pytest.ini runs the tests in two xdist workers, one test file at a time per worker
# (--dist loadfile), so a module's fixtures are built once. The browser suite's figures
# are written per worker (tests/browser/conftest.py) and merged here.
STARTED = time.time()
ARTIFACTS = ROOT / "test-artifacts"
BROWSER_FIGURES = ARTIFACTS / "browser-figures.json"  # merged from browser-figures-<worker>.json


def merge_figures(parts: list[dict]) -> tuple[dict, dict]:
    """One summary from the workers' files: counts added, lists joined, sections merged."""
    summary: dict = {}
    figures: dict = {}
    for part in parts:
        for key, value in part.pop("sammanfattning").items():
            if isinstance(value, dict):
                for k, v in value.items():
                    summary.setdefault(key, {}).setdefault(k, []).extend(v)
            else:
                summary[key] = summary.get(key, 0) + value
        for section, values in part.items():
            figures.setdefault(section, {}).update(values)
    return figures, summary


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """The browser suite's figures (pages, console errors, outside requests, sessions, time
    to first chart), printed here because this conftest is loaded by the controlling
    process too, while the browser tests may have run in an xdist worker."""
    parts = [p for p in sorted(ARTIFACTS.glob("browser-figures-*.json")) if p.stat().st_mtime >= STARTED]
    if not parts:
        return  # no browser test ran in this session
    figures, summary = merge_figures([json.loads(p.read_text()) for p in parts])
    BROWSER_FIGURES.write_text(json.dumps({"sammanfattning": summary, **figures}, indent=2, ensure_ascii=False))
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

