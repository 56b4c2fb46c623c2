"""Importing an extract on the Data page in a real browser.

Without an admin secret (the shared `app_server`) the page is read-only. With one (the
session's import-enabled dashboard, fixture `admin`) a wrong secret is refused, the right
one unlocks the upload; an invalid file gets a report (downloadable) and changes nothing;
a valid Windows-1252 semicolon file (tests/fixtures/import/roslagen_cp1252.csv) is
validated, shows what it replaces, is imported on confirmation, and Översikt then shows the
new numbers under a new data version.
"""
from __future__ import annotations

import re

from tests.browser import ui
from tests.browser.harness import goto_page, screenshot, wait_idle

FIXTURE = ui.IMPORT_FIXTURE
MAIN = ui.MAIN


def deltagare(page) -> int:
    return int(re.sub(r"\D", "", ui.metrics(page)["Deltagare"]))


def test_without_a_secret_the_data_page_is_read_only(page, app_url):
    goto_page(page, app_url, "data")
    main = page.locator(MAIN)
    assert "Inläsning är avstängd" in ui.alerts(page)
    assert main.locator('[data-testid="stFileUploader"]').count() == 0
    assert main.locator('input[type="password"]').count() == 0
    assert main.get_by_role("heading", name="Importhistorik").count() == 1


def test_invalid_then_valid_extract_and_the_overview_changes(page, admin, tmp_path):
    goto_page(page, admin.server.url, "?forbund=ROS")
    before = deltagare(page)
    version_before = ui.query(page.url)["v"]
    ui.navigate(page, "data")

    # a wrong secret first: refused, still locked
    ui.unlock(page, "fel-nyckel")
    assert "Fel nyckel" in ui.alerts(page)
    assert page.locator(f'{MAIN} [data-testid="stFileUploader"]').count() == 0
    ui.unlock(page)

    # an invalid file: a report, nothing imported
    bad = tmp_path / "trasig.csv"
    bad.write_bytes("Deltagar-ID;Förbund;Kön\r\nX-1;Gotland;Q\r\n".encode("cp1252"))
    ui.upload(page, bad)
    text = ui.alerts(page)
    assert "trasig.csv kan inte läsas in" in text, text
    main = page.locator(MAIN)
    assert main.get_by_text("Filen har inte lästs in och ingenting har ändrats").count() == 1
    assert main.get_by_role("button", name="Bekräfta import").count() == 0
    assert main.get_by_role("button", name="Ladda ner rapporten (CSV)").count() == 1
    assert ui.query(page.url)["v"] == version_before
    screenshot(page, "uppladdning-ogiltig")

    # a valid file: validated, what it replaces, confirmed, imported
    ui.upload(page, FIXTURE)
    text = ui.alerts(page)
    assert "roslagen_cp1252.csv är godkänd: 40 rader från ROS" in text, text
    assert main.get_by_text("Det här ersätts").count() == 1
    screenshot(page, "uppladdning-giltig")
    main.get_by_role("button", name="Bekräfta import").click()
    main.get_by_text(re.compile(r"Inläst: ROS \d+ → 40 rader")).wait_for()
    wait_idle(page)
    assert "Alla sidor visar nu de nya siffrorna" in ui.alerts(page)
    assert main.locator('[data-testid="stDataFrame"]').count() >= 1  # the import history

    ui.navigate(page, "")  # Översikt, same session: the new numbers, a new data version
    after = deltagare(page)
    assert after != before and after <= 40, (before, after)  # Roslagen is now the file's 40 rows
    assert ui.query(page.url)["v"] != version_before
