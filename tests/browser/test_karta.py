"""Karta in a real browser (Debian's Chromium, headless), in one tab: the deck draws with no
console errors and no request leaving the machine (the `page` fixture fails the test
otherwise), in both modes; hovering a kommun shows a Swedish tooltip, a click on it selects
it in the sidebar, the select box does the same from the keyboard, and the kommun's
profile link opens Profil on that kommun.
"""
from __future__ import annotations

import math

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from mia import geo, maps
from tests.browser import harness, ui
from tests.browser.harness import goto_page, screenshot, wait_deck, wait_idle

DECK = '[data-testid="stDeckGlJsonChart"]'
_STYLE_LOADED_JS = ("() => performance.getEntriesByType('resource')"
                    ".some(e => e.name.endsWith('/app/static/empty_style.json'))")


def _deck_pixels(page) -> tuple[float, float, float, float]:
    """(left, top, width, height) of the drawn deck canvas, scrolled into the viewport."""
    canvas = page.locator("canvas#deckgl-overlay").first
    canvas.scroll_into_view_if_needed()
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))")
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
    return ui.sidebar_widget(page, "stMultiSelect", "Kommun").inner_text()


def _redrawn(page) -> None:
    wait_idle(page)
    wait_deck(page)


def test_karta_draws_offline_selects_kommuner_and_switches_mode(page, app_url):
    goto_page(page, app_url, "karta")
    wait_deck(page)
    assert page.locator(DECK).count() == 1
    # The offline style is served by the app itself (resource timing counts cache hits too);
    # the `page` fixture fails the test on any tile or style request elsewhere. MapLibre
    # asks for the style on its own schedule, which can be after deck.gl's first frame on
    # a busy machine: wait for it.
    try:
        page.wait_for_function(_STYLE_LOADED_JS, timeout=harness.CHART_TIMEOUT_MS, polling=100)
    except PlaywrightTimeout:
        resources = page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
        raise AssertionError(f"the offline style was never loaded: {resources[-20:]}") from None
    legend = page.locator(ui.MAIN).inner_text()
    assert "Kommungränser: SCB" in legend and "Ej med i MIA" in legend  # (test_pages photographs this view)

    # Hover: a Swedish tooltip; click: the kommun becomes the sidebar's selection.
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
            _redrawn(page)
            x, y = _pixel_of(page, "0181")
    _redrawn(page)
    assert "Södertälje" in _sidebar_kommun(page)
    assert link.count() == 1
    screenshot(page, "karta_vald")

    # The select box does the same for keyboard users.
    box = page.locator(f'{ui.MAIN} [data-testid="stSelectbox"]').filter(has_text="Välj kommun")
    box.locator("input").fill("Vaxholm")
    box.locator("input").press("Enter")
    page.get_by_role("link", name="Profil för Vaxholm").wait_for()
    _redrawn(page)
    assert "Vaxholm" in _sidebar_kommun(page) and "Södertälje" not in _sidebar_kommun(page)

    # One measure per kommun, then the comparison with the county.
    page.locator(f'{ui.MAIN} [data-testid="stRadio"]').get_by_text("Ett mått per kommun").click()
    page.wait_for_url("**karta=per_10000**")
    _redrawn(page)
    main = page.locator(ui.MAIN).inner_text()
    assert "Deltagare per 10 000 invånare" in main and "Kommungränser: SCB" in main
    screenshot(page, "karta_matt")

    measure = page.locator(f'{ui.MAIN} [data-testid="stSelectbox"]').filter(has_text="Mått")
    measure.locator("input").fill("jämfört med länet")
    measure.locator("input").press("Enter")
    page.wait_for_url("**karta=arbete_studier_jamforelse**")
    _redrawn(page)
    main = page.locator(ui.MAIN).inner_text()
    assert "Högre än länet" in main and "I nivå med länet" in main
    screenshot(page, "karta_jamforelse")

    page.get_by_role("link", name="Profil för Vaxholm").click()  # Profil opens on that kommun
    page.wait_for_url("**/profil**")
    wait_idle(page)
    assert "Vaxholm" in page.locator(f"{ui.MAIN} h2").first.inner_text()
