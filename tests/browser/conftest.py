"""Fixtures for real-browser tests: the dashboard, Debian's Chromium and a guarded page.

    app_server  (session)  the running dashboard (harness.AppServer: url, port, db, log)
    app_url     (session)  its base URL, "http://127.0.0.1:PORT/"
    browser     (session)  headless Chromium (/usr/bin/chromium, never a downloaded one)
    context     (function) a fresh browser context (sv-SE, Europe/Stockholm, 1400x900)
    page        (function) a page in it; fails the test at teardown on console errors,
                           page errors, requests leaving localhost and exception boxes
    browser_log (function) what the page recorded; `browser_log.allow_console(regex)`

Every test in this folder is marked `browser` automatically.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.browser import harness


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item, so fixtures can tell a failed test at teardown.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def app_server(tmp_path_factory, request):
    """The dashboard, started like `make run`, on a free port with a temporary MIA_DB.

    The database is a copy of MIA_TEST_DB_TEMPLATE if set, else of the session's prebuilt
    demo database (tests/conftest.py `demo_db_file`) if that fixture exists; with neither,
    the app builds its demo data on first start, as it does for a new user.
    """
    db = tmp_path_factory.mktemp("mia-db") / "mia.duckdb"
    template = os.environ.get("MIA_TEST_DB_TEMPLATE")
    if not template:
        try:
            template = str(request.getfixturevalue("demo_db_file"))
        except pytest.FixtureLookupError:
            template = None
    if template and Path(template).is_file():
        shutil.copyfile(template, db)
    server = harness.start_app(db)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def app_url(app_server) -> str:
    return app_server.url


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


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport=harness.VIEWPORT, locale="sv-SE", timezone_id="Europe/Stockholm",
                              service_workers="block", accept_downloads=True)
    ctx.set_default_timeout(harness.ACTION_TIMEOUT_MS)
    yield ctx
    ctx.close()


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
            problems += [f"undantag på sidan: {t}" for t in harness.exception_texts(page)]
        except Exception:  # page crashed or navigated away mid-check; the log says the rest
            pass
    reported = bool(problems)
    if (failed or reported) and not page.is_closed():
        try:
            shot = harness.screenshot(page, f"FAILED-{request.node.name}")
            problems.append(f"(skärmbild: {shot.relative_to(harness.ROOT)})")
        except Exception:
            pass
    if failed and reported:
        print("Webbläsaren rapporterade också:\n  " + "\n  ".join(problems))
    if reported and not failed:
        pytest.fail(f"{request.node.nodeid}: webbläsaren rapporterade problem:\n  "
                    + "\n  ".join(problems), pytrace=False)
