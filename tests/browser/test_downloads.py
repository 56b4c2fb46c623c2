"""Downloads, as a communicator takes them, in one tab on Jämför with a selection: the
buttons under the chart deliver a CSV of the plotted numbers in Swedish Excel format, a
finished 1200×675 PNG and a press pack that bundles images, numbers and a text with the
sentence, the alt text, the source and the permalink of exactly this view; the modebar's
camera button saves the same 1200×675 PNG in the browser; in English the CSV has English
headers. Files are generated on click (kaleido renders the images on the server)."""
from __future__ import annotations

import io
import re
import zipfile

from mia import export
from tests import langcheck
from tests.browser import ui
from tests.browser.harness import Stopwatch, goto_page, record, wait_plotly

DOWNLOAD_TIMEOUT_MS = 180_000  # an image is rendered on click (kaleido) on a busy machine


def download(page, label: str, nth: int = 0) -> tuple[str, bytes]:
    button = page.locator(f'{ui.MAIN} [data-testid="stDownloadButton"]').get_by_role(
        "button", name=label, exact=True).nth(nth)
    button.scroll_into_view_if_needed()
    with Stopwatch() as sw, page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as info:
        button.click()
    item = info.value
    assert item.failure() is None, item.failure()
    with open(item.path(), "rb") as fh:
        data = fh.read()
    record("nedladdningar_s", item.suggested_filename, sw.lap())
    return item.suggested_filename, data


def test_csv_png_press_pack_and_camera_of_a_comparison(page, app_url):
    goto_page(page, app_url, "jamfor?forbund=ROS")
    wait_plotly(page)
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

    # The modebar's camera: the same landscape PNG, made in the browser.
    chart = page.locator(".js-plotly-plot").first
    chart.hover()
    with page.expect_download(timeout=60_000) as info:
        page.locator('.modebar-btn[data-title="Download plot as a PNG"]').first.click()
    assert info.value.suggested_filename.endswith("_1200x675.png"), info.value.suggested_filename
    assert export.png_size(open(info.value.path(), "rb").read()) == (1200, 675)

    assert export.images_available(), "ingen Chromium på servern för bilder (make test installerar den)"
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

    # The same button in English gives English headers.
    before = page.url
    page.locator(ui.SIDEBAR).locator('[data-testid="stRadio"] label').filter(has_text="English").first.click()
    ui.settle_after_change(page, before)
    wait_plotly(page)
    name, data = download(page, "CSV")
    header = data.decode("utf-8-sig").split("\r\n", 1)[0]
    assert re.match(r"Code[;,]Name[;,]", header), header
    assert not langcheck.swedish_words(header.replace(";", " ; ")), header
