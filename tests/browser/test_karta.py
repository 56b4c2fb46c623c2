"""Karta in a real browser (Debian's Chromium, headless): the deck draws with no console
errors and no request leaving the machine (the `page` fixture fails the test otherwise),
in both modes; a click on a kommun selects it in the sidebar; the select box does too.
"""
from __future__ import annotations

import math

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from mia import geo, maps
from tests.browser.harness import CHART_TIMEOUT_MS, goto_page, screenshot, wait_deck, wait_idle, wait_plotly

DECK = '[data-testid="stDeckGlJsonChart"]'


def open_karta(page, app_url: str) -> None:
    """The start page, then Karta through the navigation, as a user gets there.

    Not `goto_page(page, app_url, "karta")`: with Streamlit 1.67 a deep link makes the
    front end probe `/karta/_stcore/health` and `/karta/_stcore/host-config` (two 404s in
    the console, which the `page` fixture counts as errors), and on a freshly started
    server a deep link runs app_pages/karta.py without dashboard.py (no sidebar, no filters)
    until some session has run the entry point once.
    """
    goto_page(page, app_url, "")
    wait_plotly(page)  # the start page's charts keep the browser busy until drawn
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Karta").click(timeout=CHART_TIMEOUT_MS)
    page.wait_for_url("**/karta**")
    wait_idle(page)
    wait_deck(page)


def _deck_pixels(page) -> tuple[float, float, float, float]:
    """(left, top, width, height) of the drawn deck canvas, scrolled into the viewport."""
    canvas = page.locator("canvas#deckgl-overlay").first
    canvas.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box = canvas.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 300, box
    return box["x"], box["y"], box["width"], box["height"]


def _pixel_of(page, kod: str) -> tuple[float, float]:
    """Where kommun `kod`'s label point is drawn, from the deck's initial view (Web Mercator)."""
    left, top, width, height = _deck_pixels(page)
    lat, lon, zoom = geo.fit_view(geo.county_outline().bounds, maps.DEFAULT_WIDTH, maps.DEFAULT_HEIGHT, padding=12)
    point_lon, point_lat = geo.label_points()[kod]
    ppd = geo.pixels_per_degree(zoom)
    x = left + width / 2 + (point_lon - lon) * ppd
    y = top + height / 2 - (float(geo.mercator_y(point_lat)) - float(geo.mercator_y(lat))) * ppd
    assert math.isfinite(x) and math.isfinite(y)
    return x, y


def _sidebar_kommun(page) -> str:
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="Kommun")
    return box.inner_text()


@pytest.mark.browser
def test_karta_draws_offline_in_both_modes(page, app_url):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    open_karta(page, app_url)
    assert page.locator(DECK).count() == 1
    # The offline style is served by the app itself; no tile or style request elsewhere.
    assert any(u.endswith("/app/static/empty_style.json") for u in requests), requests[-20:]
    legend = page.locator('[data-testid="stMain"]').inner_text()
    assert "Kommungränser: SCB" in legend and "Ej med i MIA" in legend
    screenshot(page, "karta")

    page.locator('[data-testid="stRadio"]').get_by_text("Ett mått per kommun").click()
    page.wait_for_url("**karta=per_10000**")
    wait_idle(page)
    wait_deck(page)
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "Deltagare per 10 000 invånare" in main and "Kommungränser: SCB" in main
    screenshot(page, "karta_matt")

    measure = page.locator('[data-testid="stSelectbox"]').filter(has_text="Mått")
    measure.locator("input").fill("jämfört med länet")
    measure.locator("input").press("Enter")
    page.wait_for_url("**karta=arbete_studier_jamforelse**")
    wait_idle(page)
    wait_deck(page)
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "Högre än länet" in main and "I nivå med länet" in main
    screenshot(page, "karta_jamforelse")


@pytest.mark.browser
def test_hover_shows_swedish_tooltip_and_click_selects_kommun(page, app_url):
    open_karta(page, app_url)
    x, y = _pixel_of(page, "0181")  # Södertälje: large, no neighbour label nearby
    page.mouse.move(x, y)
    tooltip = page.locator(".deck-tooltip")
    tooltip.wait_for(state="visible")
    text = tooltip.inner_text()
    assert "Södertälje" in text and "Förbund:" in text and "Med i MIA:" in text

    link = page.get_by_role("link", name="Profil för Södertälje")
    for _ in range(3):  # a click that lands while deck.gl is still busy is dropped: try again
        page.mouse.click(x, y)
        try:
            link.wait_for(timeout=15_000)
            break
        except PlaywrightTimeout:
            wait_idle(page)
            wait_deck(page)
            x, y = _pixel_of(page, "0181")
    wait_idle(page)
    wait_deck(page)
    assert "Södertälje" in _sidebar_kommun(page)
    assert link.count() == 1
    screenshot(page, "karta_vald")

    link.click()  # the kommun's Profil page opens on that kommun
    page.wait_for_url("**/profil**")
    wait_idle(page)
    assert "Södertälje" in page.locator('[data-testid="stMain"] h2').first.inner_text()


@pytest.mark.browser
def test_select_box_selects_kommun_for_keyboard_users(page, app_url):
    open_karta(page, app_url)
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Välj kommun")
    box.locator("input").fill("Vaxholm")
    box.locator("input").press("Enter")
    page.get_by_role("link", name="Profil för Vaxholm").wait_for()
    wait_idle(page)
    wait_deck(page)
    assert "Vaxholm" in _sidebar_kommun(page)
    assert page.get_by_role("link", name="Profil för Vaxholm").count() == 1
