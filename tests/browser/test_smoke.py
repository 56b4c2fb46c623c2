"""Smoke test and the first visit: the dashboard starts the README way (`make run`) on a
database file that does not exist yet, the first visitor's page builds the demo data and
renders cleanly, and the first click works at once (the language switch).

This runs before any other browser test (conftest.ORDER): it is the shared dashboard's
first visitor. (The fault tests cover a corrupt database file.)
"""
import pytest

from tests.browser import ui
from tests.browser.harness import Stopwatch, goto_page, record, screenshot, wait_idle, wait_plotly


@pytest.mark.browser
def test_first_visit_builds_the_demo_data_and_works_at_once(page, app_server):
    with Stopwatch() as sw:
        goto_page(page, app_server.url)  # the first script run builds the demo database
        wait_plotly(page, min_charts=2)
    record("forsta_besoket", "databas_saknades_vid_start", app_server.started_without_db)
    record("forsta_besoket", "till_forsta_diagram_s", sw.s)

    assert app_server.db.exists()
    assert "MIA" in page.title()
    main = page.locator(ui.MAIN)
    assert main.locator("h1").first.inner_text().strip() == "Översikt"
    assert page.locator(ui.SIDEBAR).is_visible()
    if app_server.started_without_db:
        assert ui.metrics(page)["Deltagare"] == "3\u00a0624"  # the demo data: the whole project
        assert "Syntetiska demodata" in ui.alerts(page)
    screenshot(page, "start")

    # The very first visitor after a start: the first click must count.
    page.locator(ui.SIDEBAR).locator('[data-testid="stRadio"] label').filter(has_text="English").first.click()
    page.wait_for_url("**lang=en**", timeout=15_000)
    wait_idle(page)
    assert main.locator("h1").first.inner_text().strip() == "Overview"
