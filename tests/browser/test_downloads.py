"""Downloads from a chart's download row, as a communicator takes them: on Jämför with a
selection, the CSV holds the plotted numbers in Swedish Excel format, the PNG is a finished
1200×675 image, and the press pack bundles images, numbers and a text with the sentence,
the alt text, the source and the permalink of exactly this view. In English the same
buttons give English files. (tests/browser/test_export_downloads.py covers Översikt and
the modebar camera.)"""
from __future__ import annotations

import io
import re
import zipfile

import pytest

from mia import export
from tests.browser import ui
from tests.browser.harness import goto_page, screenshot, wait_idle

DOWNLOAD_TIMEOUT_MS = 180_000  # an image is rendered on click (kaleido) on a busy machine


def download(page, label: str, nth: int = 0) -> tuple[str, bytes]:
    button = page.locator('[data-testid="stMain"] [data-testid="stDownloadButton"]').get_by_role(
        "button", name=label, exact=True).nth(nth)
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as info:
        button.click()
    item = info.value
    assert item.failure() is None, item.failure()
    with open(item.path(), "rb") as fh:
        return item.suggested_filename, fh.read()


def open_jamfor(page, app_url: str) -> None:
    goto_page(page, app_url, "")
    ui.choose(page, "Förbund", "Roslagen")
    ui.navigate(page, "jamfor")
    ui.wait_charts(page)


def test_csv_png_and_press_pack_of_a_comparison(page, app_url):
    open_jamfor(page, app_url)
    title = ui.chart_titles(page)[0]
    sentence = ui.sentences(page)[0]

    name, data = download(page, "CSV")
    assert name.startswith("mia_") and name.endswith(".csv"), name
    text = data.decode("utf-8-sig")
    header, *rows = [line for line in text.split("\r\n") if line]
    assert header.startswith("Kod;Namn;") and "Andel (%)" in header, header
    kommuner = {"Täby", "Österåker", "Vallentuna", "Norrtälje", "Danderyd", "Vaxholm"}
    assert {row.split(";")[1] for row in rows} & kommuner, rows[:5]
    assert not re.search(r"\d\.\d", text), "decimalpunkt i en svensk CSV"

    if not export.images_available():
        pytest.skip("ingen Chromium på servern för bilder")
    name, data = download(page, "PNG 1200×675")
    assert name.endswith("_1200x675.png"), name
    assert export.png_size(data) == (1200, 675)

    name, data = download(page, "Presspaket (zip)")
    assert name.endswith("_presspaket.zip"), name
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        assert zf.testzip() is None
        note = next(zf.read(n) for n in names if n.endswith("_text.txt")).decode("utf-8-sig")
        pngs = {export.png_size(zf.read(n)) for n in names if n.endswith(".png")}
    assert {(1200, 675), (1080, 1080)} <= pngs, pngs
    assert any(n.endswith(".csv") for n in names) and any(n.endswith(".xlsx") for n in names)
    assert any(n.endswith(".svg") for n in names), names
    assert "forbund=ROS" in note and "/jamfor" in note, "presspaketets länk är inte den här vyn"
    assert sentence.split(":", 1)[1].strip()[:40] in note.replace("\r\n", " ")
    assert "Källa" in note
    assert title.split(" ")[0] in note
    wait_idle(page)
    screenshot(page, "nedladdning-jamfor")


def test_english_csv_has_english_headers(page, app_url):
    goto_page(page, app_url, "?lang=en")
    ui.navigate(page, "flode")
    ui.wait_charts(page)
    name, data = download(page, "CSV")
    header = data.decode("utf-8-sig").split("\r\n", 1)[0]
    from tests import langcheck
    assert not langcheck.swedish_words(header.replace(";", " ; ")), header
