"""Every page, reached the way a user reaches it: the start page, then the links in the
sidebar navigation, in Swedish and (after clicking the language switch) in English.

For each page: the heading is the page's name in that language, the script finishes
without an exception box, its first chart (Plotly traces drawn, or the deck.gl canvas)
appears, no visible text is in the other language (tests/langcheck.py), and a full-page
screenshot is saved as test-artifacts/screenshots/<lang>-<page>.png. The time from the
click to the first drawn chart is written to test-artifacts/timings.json.

The `page` fixture fails a test on console errors, page errors, requests leaving the
machine and exception boxes.
"""
from __future__ import annotations

import json
import time

import pytest

from tests import langcheck
from tests.browser import ui
from tests.browser.harness import ARTIFACTS, goto_page, screenshot, wait_deck, wait_idle

# url path, Swedish title, English title, what to wait for ("plotly", "deck" or None: no chart)
PAGES = [
    ("", "Översikt", "Overview", "plotly"),
    ("jamfor", "Jämför", "Compare", "plotly"),
    ("flode", "Flöde", "Flow", "plotly"),
    ("karta", "Karta", "Map", "deck"),
    ("profil", "Profil", "Profile", "plotly"),
    ("data", "Data", "Data", None),
    ("om", "Om", "About", None),
]
TIMINGS = ARTIFACTS / "timings.json"

# Everything a reader sees: the main area and the sidebar (code spans left out: identifiers
# such as `python -m mia demo` are the same in both languages), and the texts drawn in the
# Plotly SVGs (titles, axes, labels, annotations, legends).
_VISIBLE_TEXT_JS = """() => {
  const parts = [];
  const skip = 'code, pre, script, style, .js-plotly-plot';
  for (const sel of ['[data-testid="stMain"]', '[data-testid="stSidebar"]']) {
    const root = document.querySelector(sel);
    if (!root) continue;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || el.closest(skip)) continue;
      if (!el.getClientRects().length) continue;  // hidden (closed expanders, tooltips)
      if (node.textContent.trim()) parts.push(node.textContent.trim());
    }
    // what a select box shows is its input's value, not a text node
    root.querySelectorAll('input[role="combobox"]').forEach(el => { if (el.value.trim()) parts.push(el.value.trim()); });
  }
  document.querySelectorAll('.js-plotly-plot svg text').forEach(el => {
    const lines = el.querySelectorAll('tspan.line');  // a title's lines: the finding, the subtitle
    for (const line of (lines.length ? lines : [el])) {
      if (line.textContent.trim()) parts.push(line.textContent.trim());
    }
  });
  return parts.join('\\n');
}"""


def slug_name(slug: str) -> str:
    return slug or "oversikt"


def wait_first_chart(page, kind: str | None) -> None:
    if kind == "plotly":
        ui.wait_charts(page)
    elif kind == "deck":
        wait_deck(page)


def visible_text(page) -> str:
    return page.evaluate(_VISIBLE_TEXT_JS)


def record_timings(lang: str, timings: dict[str, float | None]) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        stored = json.loads(TIMINGS.read_text())
    except (OSError, ValueError):
        stored = {}
    stored[lang] = timings
    stored["_note"] = ("Sekunder från klick på sidans länk i navigeringen tills sidans första diagram är "
                       "ritat (Plotly-spår eller deck.gl-yta); null = sidan har inget diagram, tiden tills "
                       "skriptet är klart står då under <sida>_klar. oversikt_forsta_laddning: från att "
                       "adressen öppnas (Plotly-paketet laddas första gången).")
    TIMINGS.write_text(json.dumps(stored, indent=2, ensure_ascii=False))


def switch_language(page, label: str) -> None:
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('[data-testid="stRadio"] label').filter(has_text=label).first.click()
    wait_idle(page)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_page_through_the_navigation(page, app_url, lang):
    started = time.monotonic()
    goto_page(page, app_url, "")
    ui.wait_charts(page)
    timings: dict[str, float | None] = {"oversikt_forsta_laddning": round(time.monotonic() - started, 2)}
    if lang == "en":
        switch_language(page, "English")
        page.wait_for_url("**lang=en**")
        wait_idle(page)

    problems: list[str] = []
    # Översikt last: reached from Om through the navigation like the others (the first
    # load, Plotly's bundle included, is timed separately above).
    for slug, title_sv, title_en, kind in PAGES[1:] + PAGES[:1]:
        title = title_en if lang == "en" else title_sv
        name = slug_name(slug)
        link = ui.nav_link(page, slug)
        assert link.count() == 1, f"ingen länk till {slug!r} i navigeringen"
        assert link.inner_text().strip() == title, f"länken till {slug!r} heter {link.inner_text()!r}"
        started = time.monotonic()
        link.click()
        page.wait_for_url(lambda url, s=slug: ui.on_page(url, s))
        if kind:
            wait_first_chart(page, kind)
            timings[name] = round(time.monotonic() - started, 2)
            wait_idle(page)
        else:
            wait_idle(page)
            timings[name] = None
            timings[f"{name}_klar"] = round(time.monotonic() - started, 2)
        if lang == "en":
            assert "lang=en" in page.url, f"{name}: språket följde inte med i adressen: {page.url}"

        heading = page.locator('[data-testid="stMain"] h1').first
        if heading.inner_text().strip() != title:
            problems.append(f"{name}: rubriken är {heading.inner_text()!r}, väntade {title!r}")
        left = langcheck.leftovers([line for line in visible_text(page).splitlines() if line.strip()], lang)
        if left:
            problems.append(f"{name}: text på fel språk: " + json.dumps(left, ensure_ascii=False, indent=1))
        screenshot(page, f"{lang}-{name}")

    record_timings(lang, timings)
    assert not problems, "\n".join(problems)
