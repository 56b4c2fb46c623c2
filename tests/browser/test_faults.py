"""Faults, each on a dashboard of its own (started with `make run`, like a user does; both
are launched together when this module starts):

- the server is killed (SIGKILL, no chance to clean up) while an import from the Data page
  is inside its transaction; after a restart the dashboard serves the data version it
  served before and the database is exactly as before the import;
- a corrupt database file gives a clear Swedish message and a button that rebuilds the
  demo database, not a traceback; after the rebuild the dashboard works.

(A missing database file: the shared dashboard starts without one and test_smoke is its
first visitor.)
"""
from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from tests.browser import harness, servers, ui
from tests.browser.harness import Stopwatch, goto_page, record, screenshot, wait_idle


def database_state(db: Path) -> dict:
    """Everything an import could change, read with DuckDB directly (the server must be stopped).
    Read from a copy: this test process may hold its own connection to the session's demo
    file (another test module in the same worker), and DuckDB refuses a second one with a
    different configuration."""
    import tempfile

    import duckdb
    from pandas.util import hash_pandas_object

    copy = Path(tempfile.mkdtemp(prefix="mia-state-")) / db.name
    for source in (db, db.with_name(db.name + ".wal")):
        if source.exists():
            shutil.copy(source, copy.with_name(source.name))
    con = duckdb.connect(str(copy), read_only=True)
    try:
        deltagare = con.execute("SELECT * FROM deltagare ORDER BY forbund, deltagare_id").df()
        imports = con.execute("SELECT count(*) AS n, max(import_id) AS last FROM importer").fetchall()
        meta = con.execute("SELECT * FROM meta ORDER BY ALL").fetchall()
        sources = con.execute("SELECT * FROM datakallor ORDER BY ALL").fetchall()
        per_forbund = con.execute("SELECT forbund, count(*) FROM deltagare GROUP BY ALL ORDER BY ALL").fetchall()
    finally:
        con.close()
    return {"rows": len(deltagare), "hash": int(hash_pandas_object(deltagare, index=False).sum()),
            "per_forbund": per_forbund, "imports": imports, "meta": meta, "sources": sources}


@pytest.fixture(scope="module")
def fault_servers(demo_db_file, tmp_path_factory):
    """The two dashboards of this module, launched side by side."""
    folder = tmp_path_factory.mktemp("mia-fel")
    corrupt = folder / "trasig.duckdb"
    corrupt.write_bytes(b"det har ar ingen databas\n" * 2000)
    started = {"kill": servers.start(folder / "mia.duckdb", "kill", template=demo_db_file, wait=False),
               "trasig": servers.start(corrupt, "trasig", admin=False, hook=False, wait=False)}
    yield started
    for s in started.values():
        s.stop()


def test_server_killed_during_an_import_leaves_the_database_as_before(page, browser_log, fault_servers,
                                                                      demo_db_file):
    started = fault_servers["kill"]
    server = started.server.wait_ready()
    before = database_state(demo_db_file)  # the server's file is a copy of it
    hook = servers.ImportHook(started.hook_dir)
    goto_page(page, server.url, "data")
    version_before = ui.query(page.url)["v"]
    ui.unlock(page)
    ui.upload(page, ui.IMPORT_FIXTURE)
    hook.hold()
    try:
        page.locator(ui.MAIN).get_by_role("button", name="Bekräfta import").click()
        hook.wait_in_commit()  # the new rows are written, COMMIT not yet run
        browser_log.ignoring = True  # this tab loses its server now: its connection errors are expected
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=30)
    finally:
        hook.release()
        started.stop()
    page.close()  # it shows Streamlit's own "connection lost" state, not the subject here

    with Stopwatch() as sw:
        restarted = servers.start(server.db, "kill-omstart", admin=False, hook=False)
    record("fel", "omstart_efter_kill_s", sw.s)
    try:
        other = page.context.new_page()
        log = harness.BrowserLog()
        harness.attach_recorder(other, log)
        try:
            goto_page(other, restarted.server.url, "data")
            assert ui.query(other.url)["v"] == version_before, "omstarten visar en annan dataversion"
            assert f"Dataversion: {version_before}" in other.locator(ui.MAIN).inner_text().replace("\n", " ")
            assert not log.problems(), log.problems()
        finally:
            other.close()
    finally:
        restarted.stop()
    assert database_state(server.db) == before, "databasen ändrades av en import som aldrig blev klar"


def test_a_corrupt_database_gives_a_message_and_a_rebuild(page, fault_servers):
    started = fault_servers["trasig"]
    server = started.server.wait_ready()
    goto_page(page, server.url, "")
    main = page.locator(ui.MAIN)
    assert main.locator("h1").first.inner_text().strip() == "Databasen kunde inte öppnas"
    message = ui.alerts(page)
    assert "skadad" in message and str(server.db) in message, message
    text = main.inner_text()
    assert "Traceback" not in text and "Error" not in text and "Exception" not in text, text
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "fel-trasig-databas")
    with Stopwatch() as sw:
        main.get_by_role("button", name="Bygg om demodatabasen").click()
        page.locator(f"{ui.MAIN} h1", has_text="Översikt").wait_for(timeout=harness.IDLE_TIMEOUT_MS * 2)
        wait_idle(page)
    record("fel", "ombyggnad_av_demodatabasen_s", sw.s)
    assert ui.metrics(page)["Deltagare"] == "3\u00a0624"
    assert "Syntetiska demodata" in ui.alerts(page)
