"""Importing an extract on the Data page in a real browser.

Without an admin secret (the shared `app_server`) the page is read-only. With one (the
session's import-enabled dashboard from servers.admin_server) the secret unlocks the
upload; a valid Windows-1252 semicolon file (tests/fixtures/import/roslagen_cp1252.csv, made
by the Data page's developer) is validated, confirmed and imported, and Översikt shows the
new numbers; an invalid file gets a report and changes nothing.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser import harness, servers, ui
from tests.browser.harness import goto_page, screenshot, wait_idle

FIXTURE = ui.IMPORT_FIXTURE
MAIN = ui.MAIN
alerts, unlock, upload = ui.alerts, ui.unlock, ui.upload


@pytest.fixture
def admin(request, demo_db_file):
    return servers.admin_server(request, demo_db_file)


def deltagare(page) -> int:
    return int(re.sub(r"\D", "", ui.metrics(page)["Deltagare"]))


def overview_count(page, url: str, query: str = "?forbund=ROS") -> int:
    goto_page(page, url, query)
    ui.wait_charts(page)
    return deltagare(page)


def test_without_a_secret_the_data_page_is_read_only(page, app_url):
    goto_page(page, app_url, "")
    ui.navigate(page, "data")
    main = page.locator(MAIN)
    assert "Inläsning är avstängd" in alerts(page)
    assert main.locator('[data-testid="stFileUploader"]').count() == 0
    assert main.locator('input[type="password"]').count() == 0
    assert main.get_by_role("heading", name="Importhistorik").count() == 1


def test_valid_extract_is_imported_and_the_overview_changes(page, admin):
    before = overview_count(page, admin.server.url)
    version_before = ui.query(page.url)["v"]
    ui.navigate(page, "data")
    # a wrong secret first: refused, still locked
    unlock(page, "fel-nyckel")
    assert "Fel nyckel" in alerts(page)
    assert page.locator(f'{MAIN} [data-testid="stFileUploader"]').count() == 0
    unlock(page)
    upload(page, FIXTURE)
    text = alerts(page)
    assert "roslagen_cp1252.csv är godkänd: 40 rader från ROS" in text, text
    assert page.locator(MAIN).get_by_text("Det här ersätts").count() == 1
    screenshot(page, "uppladdning-giltig")
    page.locator(MAIN).get_by_role("button", name="Bekräfta import").click()
    page.locator(MAIN).get_by_text(re.compile(r"Inläst: ROS \d+ → 40 rader")).wait_for()
    wait_idle(page)
    assert "Alla sidor visar nu de nya siffrorna" in alerts(page)
    history = page.locator(f'{MAIN} [data-testid="stDataFrame"]').nth(0)
    assert history.count() == 1

    after = overview_count(page, admin.server.url)
    assert after == 40 or after < before, (before, after)  # Roslagen is now the file's 40 rows (inskrivna in period)
    assert after != before
    assert ui.query(page.url)["v"] != version_before


def test_invalid_extract_gets_a_report_and_changes_nothing(page, admin, tmp_path):
    bad = tmp_path / "trasig.csv"
    bad.write_bytes("Deltagar-ID;Förbund;Kön\r\nX-1;Gotland;Q\r\n".encode("cp1252"))
    before = overview_count(page, admin.server.url, "")
    version = ui.query(page.url)["v"]
    ui.navigate(page, "data")
    unlock(page)
    upload(page, bad)
    text = alerts(page)
    assert "trasig.csv kan inte läsas in" in text, text
    main = page.locator(MAIN)
    assert main.get_by_text("Filen har inte lästs in och ingenting har ändrats").count() == 1
    assert main.get_by_role("button", name="Bekräfta import").count() == 0
    assert main.get_by_role("button", name="Ladda ner rapporten (CSV)").count() == 1
    screenshot(page, "uppladdning-ogiltig")
    assert overview_count(page, admin.server.url, "") == before
    assert ui.query(page.url)["v"] == version
