"""Smoke test: the dashboard starts the README way and its first page renders cleanly."""
import pytest

from tests.browser.harness import goto_page, screenshot, wait_plotly


@pytest.mark.browser
def test_start_page(page, app_url):
    goto_page(page, app_url)  # waits until the script is idle, fails on exception boxes

    assert "MIA" in page.title()
    heading = page.locator('[data-testid="stMain"] h1').first
    heading.wait_for(state="visible")
    assert heading.inner_text().strip()
    assert page.locator('[data-testid="stSidebar"]').is_visible()
    wait_plotly(page)
    screenshot(page, "start")
