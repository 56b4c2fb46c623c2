"""Filters change what the pages show, and a copied address shows the same view to
someone else (a new browser context is a new visitor with no session)."""
from __future__ import annotations

import re

import pytest

from tests.browser import harness, ui
from tests.browser.harness import goto_page, wait_idle

# Streamlit's front end, opened on a page's own address (e.g. /jamfor?...), first probes
# /jamfor/_stcore/health and /jamfor/_stcore/host-config (in case the app is served under a
# path prefix); the server answers 404 on purpose and the front end falls back to
# /_stcore/... These two 404s are the only console errors a shared link to a page other
# than the start page may produce; nothing else is tolerated.
PREFIX_PROBE_404 = (r"Failed to load resource: the server responded with a status of 404 \(Not Found\) "
                    r"\(http://127\.0\.0\.1:\d+/[a-z]+/_stcore/(health|host-config):0\)")


def test_filters_change_the_headline_and_the_charts(page, app_url):
    goto_page(page, app_url, "")
    ui.wait_charts(page, min_charts=2)
    before = ui.metrics(page)
    before_charts = ui.chart_data(page)
    before_titles = ui.chart_titles(page)
    assert before.get("Deltagare"), before

    ui.choose(page, "Kommun", "Täby")
    ui.wait_charts(page, min_charts=2)
    after = ui.metrics(page)
    assert ui.query(page.url).get("kommun") == "0160", page.url
    assert after["Deltagare"] != before["Deltagare"], (before, after)
    assert ui.chart_data(page) != before_charts, "diagrammen ritar samma tal efter filterbytet"
    assert ui.chart_titles(page) != before_titles or ui.sentences(page), "rubrik/mening följde inte med"
    assert "Täby" in page.locator('[data-testid="stMain"]').inner_text()

    ui.choose(page, "Kön", "Kvinnor")
    ui.wait_charts(page, min_charts=2)
    women = ui.metrics(page)
    assert int(re.sub(r"\D", "", women["Deltagare"])) < int(re.sub(r"\D", "", after["Deltagare"])), (after, women)

    ui.choose(page, "Population", "avslutade", multi=False)
    ui.wait_charts(page, min_charts=2)
    assert ui.query(page.url).get("population") == "avslutade", page.url
    assert ui.metrics(page)["Deltagare"] != women["Deltagare"]

    # "Återställ urval" brings the first view back
    before_reset = page.url
    page.locator(ui.SIDEBAR).get_by_role("button", name="Återställ urval").click()
    ui.settle_after_change(page, before_reset)
    ui.wait_charts(page, min_charts=2)
    assert ui.metrics(page) == before
    assert "kommun" not in ui.query(page.url)


def _open_in_new_visitor(browser, url: str, allow_probe_404: bool):
    """`url` in a fresh context (no cookies, no session), as a colleague opening a link.
    Returns (context, page, log); the caller closes the context."""
    context = browser.new_context(viewport=harness.VIEWPORT, locale="sv-SE", timezone_id="Europe/Stockholm",
                                  service_workers="block")
    context.set_default_timeout(harness.ACTION_TIMEOUT_MS)
    other = context.new_page()
    log = harness.BrowserLog()
    if allow_probe_404:
        log.allow_console(PREFIX_PROBE_404)
    harness.attach_recorder(other, log)
    other.goto(url, wait_until="domcontentloaded")
    wait_idle(other)
    return context, other, log


def _stable_view(page, tries: int = 5) -> dict:
    """_view, read until two readings 1 s apart agree (a run's last elements can still be
    arriving when the app first looks idle)."""
    last = _view(page)
    for _ in range(tries):
        page.wait_for_timeout(1000)
        wait_idle(page)
        now = _view(page)
        if now == last:
            return now
        last = now
    return last


def _differences(a: dict, b: dict) -> str:
    out = []
    for key in a.keys() | b.keys():
        if a.get(key) != b.get(key):
            out.append(f"{key}:\n  här:   {a.get(key)!r}\n  länk:  {b.get(key)!r}")
    return "\n".join(out)


def _view(page) -> dict:
    """What a reader compares: heading, numbers, chart titles and what they plot, sentences,
    and the sidebar's selections as they appear in the address."""
    q = ui.query(page.url)
    q.pop("v", None)
    return {"h1": page.locator('[data-testid="stMain"] h1').first.inner_text(), "metrics": ui.metrics(page),
            "titles": ui.chart_titles(page), "data": ui.chart_data(page), "sentences": ui.sentences(page),
            "query": q}


@pytest.mark.parametrize("slug, lang", [("", "sv"), ("jamfor", "en")])
def test_a_shared_link_shows_the_same_view(page, app_url, browser, slug, lang):
    goto_page(page, app_url, "")
    if lang == "en":
        page.locator(ui.SIDEBAR).locator('[data-testid="stRadio"] label').filter(has_text="English").first.click()
        page.wait_for_url("**lang=en**")
        wait_idle(page)
    if slug:
        ui.navigate(page, slug)
    ui.wait_charts(page)
    kommun, kon = ("Kommun", "Kön") if lang == "sv" else ("Municipality", "Sex")
    ui.choose(page, kommun, "Huddinge")
    ui.choose(page, kon, "Kvinnor" if lang == "sv" else "Women")
    if slug == "jamfor":  # a page choice kept in the address too
        before_level = page.url
        page.locator('[data-testid="stMain"] [data-testid="stRadio"] label').filter(
            has_text=re.compile(r"^\s*Associations?\s*$")).first.click()
        ui.settle_after_change(page, before_level)
    ui.wait_charts(page)
    mine = _stable_view(page)
    shared = page.url
    assert mine["query"].get("kommun") == "0126" and mine["query"].get("kon") == "K", shared

    context, other, log = _open_in_new_visitor(browser, shared, allow_probe_404=bool(slug))
    try:
        ui.wait_charts(other)
        harness.assert_no_exception(other)
        theirs = _stable_view(other)
        assert theirs == mine, f"länken {shared} gav en annan vy:\n{_differences(mine, theirs)}"
        assert not log.problems(), log.problems()
        harness.screenshot(other, f"delad-lank-{slug or 'oversikt'}-{lang}")
    finally:
        context.close()
