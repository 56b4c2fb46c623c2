"""What a user does in the dashboard, for browser tests: use the sidebar navigation and
filters, read headline numbers and chart titles. Every action waits until the app's
script has finished (harness.wait_idle)."""
from __future__ import annotations

import re

from playwright.sync_api import Page

from tests.browser import harness
from tests.browser.harness import wait_idle

SIDEBAR = '[data-testid="stSidebar"]'
MAIN = '[data-testid="stMain"]'
IMPORT_FIXTURE = harness.ROOT / "tests" / "fixtures" / "import" / "roslagen_cp1252.csv"


def nav_link(page: Page, slug: str):
    """The sidebar navigation's link to the page at url path `slug` ("" = the start page)."""
    links = page.locator('[data-testid="stSidebarNav"] a[data-testid="stSidebarNavLink"]')
    return links.first if not slug else links.and_(page.locator(f'a[href$="/{slug}"]'))


def on_page(url: str, slug: str) -> bool:
    path = url.split("?")[0].split("#")[0].rstrip("/")
    return path.endswith("/" + slug) if slug else path.count("/") == 2


def navigate(page: Page, slug: str) -> None:
    """Click the page's link in the sidebar and wait until it has run."""
    nav_link(page, slug).click()
    page.wait_for_url(lambda url: on_page(url, slug))
    wait_idle(page)


def sidebar_widget(page: Page, testid: str, label: str, scope: str = SIDEBAR):
    """The sidebar's (or `scope`'s) widget of kind `testid` (stSelectbox, stMultiSelect,
    stRadio, ...) whose label is `label`."""
    widgets = page.locator(f'{scope} [data-testid="{testid}"]')
    return widgets.filter(has=page.locator('[data-testid="stWidgetLabel"]', has_text=re.compile(
        rf"^\s*{re.escape(label)}\s*$"))).first


def choose(page: Page, label: str, option: str, multi: bool = True, scope: str = SIDEBAR) -> None:
    """Pick `option` in the sidebar's (or `scope`'s) multiselect or selectbox `label`, as a
    user does: click the box, click the option in the list that opens. Waits until the
    choice has reached the address and the run has finished."""
    before = page.url
    widget = sidebar_widget(page, "stMultiSelect" if multi else "stSelectbox", label, scope)
    box = widget.locator('input[role="combobox"]')
    box.click()
    box.fill(option)  # the list is virtualised: options far down are not in the page until filtered
    page.get_by_role("listbox").get_by_role("option", name=option, exact=True).first.click()
    page.keyboard.press("Escape")
    settle_after_change(page, before)


def type_choice(page: Page, label: str, option: str, scope: str = SIDEBAR,
                timeout_ms: float = harness.IDLE_TIMEOUT_MS) -> None:
    """Pick `option` in the multiselect `label` with the keyboard: focus, type, Enter,
    Escape; no wait for the run it starts, so a test can start the same step in many tabs
    before it waits for any.

    The tab is brought to the front first: a tab in the background gets no animation
    frames, and there the list may open without ever drawing its options (seen on CI) and
    a click never finds an option stable. Enter takes what the list holds at that instant,
    which on a loaded machine may still be the matches of the first letters typed, so it
    waits, as a keyboard user looks, until `option` is all the list holds. If the list
    stays empty for a while (a keystroke lost to a busy renderer), the text is cleared and
    typed again, until `timeout_ms` has passed."""
    import time

    from playwright.sync_api import Error as PlaywrightError

    page.bring_to_front()
    box = sidebar_widget(page, "stMultiSelect", label, scope).locator("input")
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        box.focus()
        page.keyboard.type(option)
        left_ms = (deadline - time.monotonic()) * 1000
        try:
            only_option(page, option, min(left_ms, RETYPE_AFTER_MS))
            break
        except (AssertionError, PlaywrightError):
            if left_ms <= RETYPE_AFTER_MS:
                raise
            box.fill("")
            page.keyboard.press("Escape")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


RETYPE_AFTER_MS = 30_000  # type_choice: how long an empty or wrong list is waited for before typing again


def only_option(page: Page, option: str, timeout_ms: float = harness.IDLE_TIMEOUT_MS) -> None:
    """Wait until the open list holds `option` and nothing else."""
    from playwright.sync_api import expect

    options = page.get_by_role("listbox").get_by_role("option")
    expect(options).to_have_count(1, timeout=timeout_ms)
    expect(options.first).to_have_text(option, timeout=timeout_ms)


def settle_after_change(page: Page, url_before: str) -> None:
    """Wait until a sidebar change has reached the address (the script writes the selection
    there when its run starts) and the run has finished. Waiting for idle alone can return
    before the rerun has even started on a busy machine."""
    page.wait_for_url(lambda url: url != url_before)
    wait_idle(page)


def wait_charts(page: Page, min_charts: int = 1, timeout_ms: int = harness.CHART_TIMEOUT_MS) -> int:
    """harness.wait_plotly (Sankey diagrams included)."""
    return harness.wait_plotly(page, min_charts=min_charts, timeout_ms=timeout_ms)


def metrics(page: Page, wait: bool = True) -> dict[str, str]:
    """{label: shown value} of the st.metric boxes in the main area (waits for the first,
    unless wait=False: for pages that may have none)."""
    if wait:
        page.locator(f'{MAIN} [data-testid="stMetricValue"]').first.wait_for()
    out = {}
    for box in page.locator('[data-testid="stMain"] [data-testid="stMetric"]').all():
        label = box.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        out[label] = box.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return out


def chart_titles(page: Page) -> list[str]:
    """The titles of the Plotly charts shown, in page order."""
    return [t.strip() for t in page.locator(".js-plotly-plot .gtitle").all_text_contents()]


def chart_data(page: Page) -> list[str]:
    """A fingerprint of what every Plotly chart plots (the traces' x and y), in page order."""
    return page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')].map(
        el => JSON.stringify((el.data || []).map(t => [t.x, t.y])))""")


def sentences(page: Page) -> list[str]:
    """The press sentences under the charts ("Pressmening: ..." / "Press sentence: ...")."""
    return [p.inner_text().strip() for p in page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"] p')
            .filter(has=page.locator("strong", has_text=re.compile(r"^(Pressmening|Press sentence)"))).all()]


def query(url: str) -> dict[str, str]:
    from urllib.parse import parse_qsl, urlsplit

    return dict(parse_qsl(urlsplit(url).query))


# ---------------------------------------------------------------- the Data page's import


def unlock(page: Page, secret: str | None = None) -> None:
    """Type the admin secret (servers.ADMIN_SECRET by default) and unlock the import."""
    from tests.browser import servers

    main = page.locator(MAIN)
    main.locator('input[type="password"]').fill(secret or servers.ADMIN_SECRET)
    main.get_by_role("button", name="Lås upp inläsning").click()
    # the verdict: the uploader (unlocked) or the refusal; idle alone may come before the run
    main.locator('[data-testid="stFileUploader"]').or_(main.get_by_text("Fel nyckel")).first.wait_for()
    wait_idle(page)


def upload(page: Page, path) -> None:
    """Give the file uploader `path` and wait for the validation's verdict on that file
    (an earlier file's verdict stays on screen until the new run has drawn its own)."""
    from pathlib import Path

    page.locator(f'{MAIN} [data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    verdict = re.compile(rf"Filen {re.escape(Path(path).name)} (är godkänd|kan inte läsas in|är för stor)")
    page.locator(MAIN).get_by_text(verdict).first.wait_for(timeout=harness.IDLE_TIMEOUT_MS)
    wait_idle(page)


def alerts(page: Page) -> str:
    """The text of every message box (success, info, warning, error) in the main area."""
    return "\n".join(page.locator(f'{MAIN} [data-testid="stAlert"]').all_inner_texts())
