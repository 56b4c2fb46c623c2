"""Downloads in a real browser: the buttons under a chart deliver the promised files
(generated on click), and the modebar's camera button saves the same 1200×675 PNG."""
from __future__ import annotations

import io
import zipfile

import pytest

from mia import export
from tests.browser.harness import goto_page, screenshot, wait_idle, wait_plotly


def _download(page, label: str, nth: int = 0):
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name=label, exact=True).nth(nth).click()
    download = info.value
    return download.suggested_filename, open(download.path(), "rb").read()


def test_csv_and_png_downloads_under_the_first_chart(page, app_url):
    goto_page(page, app_url, "?kommun=0160")
    wait_plotly(page, min_charts=2)
    name, data = _download(page, "CSV")
    assert name == "mia_oversikt.csv"
    text = data.decode("utf-8-sig")
    assert text.startswith("Mått;Andel (%);") and "Till arbete eller studier;" in text
    if not export.images_available():
        pytest.skip("no Chromium on the server for kaleido")
    name, data = _download(page, "PNG 1200×675")
    assert name == "mia_oversikt_1200x675.png"
    assert export.png_size(data) == (1200, 675)
    name, data = _download(page, "Presspaket (zip)")
    assert name == "mia_oversikt_presspaket.zip"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        text = zf.read("mia_oversikt_text.txt").decode("utf-8-sig")
    assert "mia_oversikt_1080x1080.png" in names and "mia_oversikt.xlsx" in names
    assert "kommun=0160" in text  # the permalink of the exact view
    wait_idle(page)
    screenshot(page, "export_downloads")


def test_modebar_camera_saves_the_landscape_png(page, app_url):
    goto_page(page, app_url)
    wait_plotly(page, min_charts=2)
    chart = page.locator(".js-plotly-plot").first
    chart.hover()
    with page.expect_download(timeout=60_000) as info:
        page.locator('.modebar-btn[data-title="Download plot as a PNG"]').first.click()
    download = info.value
    assert download.suggested_filename == "mia_oversikt_1200x675.png"
    assert export.png_size(open(download.path(), "rb").read()) == (1200, 675)
