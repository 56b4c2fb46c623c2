"""Fixtures for real-browser tests: the dashboard, Debian's Chromium and a guarded page.

    app_server  (session)  the running dashboard (harness.AppServer: url, port, db, log),
                           started like `make run` on a database file that does not exist
                           yet, as for a new user: the first visit builds the demo data
    app_url     (session)  its base URL, "http://127.0.0.1:PORT/"
    admin       (session)  the import-enabled dashboard (servers.admin_server); launched
                           together with app_server so that both boot at once
    browser     (session)  headless Chromium (/usr/bin/chromium, never a downloaded one)
    context     (session)  one browser context for the whole run (sv-SE, Europe/Stockholm,
                           1400x900): its HTTP cache keeps Streamlit's and Plotly's bundles
                           warm. Every tab is still its own Streamlit session (own websocket,
                           own session state), i.e. a new visitor to the app.
    page        (function) a new tab in it; fails the test at teardown on console errors,
                           page errors, requests leaving localhost and exception boxes
    browser_log (function) what the page recorded; `browser_log.allow_console(regex)`

Every test in this folder is marked `browser` automatically, and the browser tests run in
the order of ORDER (cheap checks first, the first-visit test before anything else uses the
shared dashboard, the servers of the fault tests last). At the end the figures the suite
measured (time to first chart per page, the load test's numbers, console errors, requests
leaving the machine) are printed and written to test-artifacts/browser-figures.json.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.browser import harness, servers

HERE = Path(__file__).parent
# One file per xdist worker (or "main"), merged and printed by tests/conftest.py.
FIGURES_FILE = harness.ARTIFACTS / f"browser-figures-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.json"
ORDER = ["test_smoke", "test_pages", "test_filters_and_links", "test_keyboard", "test_karta", "test_downloads",
         "test_export_downloads", "test_upload", "test_access", "test_load", "test_faults"]


def pytest_collection_modifyitems(config, items):
    positions = [i for i, item in enumerate(items) if HERE in Path(item.path).parents]
    for i in positions:
        items[i].add_marker(pytest.mark.browser)

    def rank(i: int) -> tuple[int, int]:
        stem = Path(items[i].path).stem
        return (ORDER.index(stem) if stem in ORDER else len(ORDER), i)

    ordered = [items[i] for i in sorted(positions, key=rank)]
    for i, item in zip(positions, ordered):
        items[i] = item


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item, so fixtures can tell a failed test at teardown.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def app_server(tmp_path_factory, request):
    """The dashboard, started like `make run`, on a free port with a temporary MIA_DB.

    MIA_DB names a file that does not exist (unless MIA_TEST_DB_TEMPLATE names one to copy):
    the app builds its demo data on the first visit, as for a new user (test_smoke checks
    that first visit). The import-enabled dashboard is launched at the same time.
    """
    db = tmp_path_factory.mktemp("mia-db") / "mia.duckdb"
    template = os.environ.get("MIA_TEST_DB_TEMPLATE")
    if template and Path(template).is_file():
        shutil.copyfile(template, db)
    server = harness.start_app(db, wait=False)
    server.started_without_db = not db.exists()
    try:
        servers.launch_admin(request, request.getfixturevalue("demo_db_file"))
    except Exception:
        server.stop()
        raise
    yield server.wait_ready()
    server.stop()


@pytest.fixture(scope="session")
def app_url(app_server) -> str:
    return app_server.url


@pytest.fixture(scope="session")
def admin(app_server, request, demo_db_file) -> servers.Started:
    return servers.admin_server(request, demo_db_file)


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance):
    if not os.access(harness.CHROMIUM, os.X_OK):
        pytest.fail(f"{harness.CHROMIUM} saknas: `make test` installerar Debians chromium "
                    "(apt-get install -y chromium). Kör aldrig `playwright install`.")
    browser = playwright_instance.chromium.launch(
        executable_path=harness.CHROMIUM, headless=True, args=harness.CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def context(browser):
    ctx = new_context(browser)
    yield ctx
    ctx.close()


def new_context(browser):
    """A browser context as every test uses it (downloads accepted, service workers blocked)."""
    ctx = browser.new_context(viewport=harness.VIEWPORT, locale="sv-SE", timezone_id="Europe/Stockholm",
                              service_workers="block", accept_downloads=True)
    ctx.set_default_timeout(harness.ACTION_TIMEOUT_MS)
    return ctx


@pytest.fixture
def browser_log() -> harness.BrowserLog:
    return harness.BrowserLog()


@pytest.fixture
def page(context, browser_log, request):
    page = context.new_page()
    harness.attach_recorder(page, browser_log)
    yield page

    problems = browser_log.problems()
    failed = any(getattr(request.node, f"rep_{w}", None) is not None and getattr(request.node, f"rep_{w}").failed
                 for w in ("setup", "call"))
    if not page.is_closed():
        try:
            boxes = harness.exception_texts(page)
            harness.TALLY["exception_boxes"] += boxes
            problems += [f"undantag på sidan: {t}" for t in boxes]
        except Exception:  # page crashed or navigated away mid-check; the log says the rest
            pass
    reported = bool(problems)
    if (failed or reported) and not page.is_closed():
        try:
            shot = harness.screenshot(page, f"FAILED-{request.node.name}")
            problems.append(f"(skärmbild: {shot.relative_to(harness.ROOT)})")
        except Exception:
            pass
    if not page.is_closed():
        page.close()
    if failed and reported:
        print("Webbläsaren rapporterade också:\n  " + "\n  ".join(problems))
    if reported and not failed:
        pytest.fail(f"{request.node.nodeid}: webbläsaren rapporterade problem:\n  "
                    + "\n  ".join(problems), pytrace=False)


def pytest_sessionfinish(session, exitstatus):
    """Write the figures where the browser tests ran (an xdist worker, or the only process):
    the summary below is printed by the controlling process, which reads this file."""
    tally = harness.TALLY
    if not tally["pages_opened"]:
        return  # no browser test ran here
    summary = {
        "flikar_oppnade": tally["pages_opened"],
        "konsolfel": len(tally["console_errors"]),
        "sidfel": len(tally["page_errors"]),
        "anrop_utanfor_maskinen": len(tally["external_requests"]),
        "undantagsrutor": len(tally["exception_boxes"]),
        "kanda_404_vid_djuplank (streamlit#7074)": tally["deep_link_probe_404"],
        "detaljer": {k: tally[k][:20] for k in ("console_errors", "page_errors", "external_requests",
                                                "exception_boxes")},
    }
    harness.ARTIFACTS.mkdir(parents=True, exist_ok=True)
    FIGURES_FILE.write_text(json.dumps({"sammanfattning": summary, **harness.FIGURES}, indent=2, ensure_ascii=False))
