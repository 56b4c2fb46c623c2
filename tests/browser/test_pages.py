"""Every page, reached the way a user reaches it: the start page, then the links in the
sidebar navigation, in Swedish and then (after clicking the language switch) in English,
all in one browser tab (one Streamlit session).

For each page: the link's name and the heading are the page's name in that language, the
script finishes without an exception box, its first chart (Plotly traces drawn, the Sankey
included, or the deck.gl canvas) appears, every chart has a text alternative and a table
view right under it, no Plotly chart was drawn twice to widen its margins for its labels, and (in Swedish) a full-page screenshot is saved as
test-artifacts/screenshots/sv-<page>.png. The time from the click to the first drawn
chart is recorded (test-artifacts/browser-figures.json, "forsta_diagram_s").

Text left in the other language (tests/langcheck.py) fails the test: what the browser shows
(select boxes' values, texts drawn in charts) can differ from what tests/test_language.py
sees through AppTest. The English walk's leftovers are also written to
test-artifacts/english-leftovers.json.

The `page` fixture fails a test on console errors, page errors, requests leaving the
machine and exception boxes.
"""
from __future__ import annotations

import json
import time

from tests import langcheck
from tests.browser import ui
from tests.browser.harness import ARTIFACTS, goto_page, record, screenshot, wait_deck, wait_idle, wait_plotly

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

# For every Plotly chart in the main area: the elements that follow it (up to the next
# chart) must hold a caption that describes it and a "Show as table" expander.
_CHART_ALTERNATIVES_JS = """(words) => {
  const containers = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stElementContainer"]')];
  const out = [];
  containers.forEach((box, i) => {
    if (!box.querySelector('.js-plotly-plot')) return;
    let alt = false, table = false;
    for (let el = box.nextElementSibling; el && !el.querySelector('.js-plotly-plot'); el = el.nextElementSibling) {
      el.querySelectorAll('[data-testid="stCaptionContainer"]').forEach(c => {
        if (words.alt.some(w => c.innerText.trim().startsWith(w)) && c.innerText.length > 60) alt = true; });
      el.querySelectorAll('[data-testid="stExpander"] summary').forEach(s => {
        if (words.table.some(w => s.innerText.includes(w))) table = true; });
    }
    const title = (box.querySelector('.gtitle') || {}).textContent || `diagram ${out.length + 1}`;
    out.push({title: title.slice(0, 80), alt, table});
  });
  return out;
}"""
ALT_WORDS = {"alt": ["Beskrivning av diagrammet", "Chart description"], "table": ["Visa som tabell", "Show as table"]}


def slug_name(slug: str) -> str:
    return slug or "oversikt"


def visible_text(page) -> str:
    return page.evaluate(_VISIBLE_TEXT_JS)


def check_alternatives(page, name: str, kind: str | None) -> list[str]:
    """Every chart has a text alternative and a table view (the map: its description and
    the kommun table)."""
    problems = []
    for chart in page.evaluate(_CHART_ALTERNATIVES_JS, ALT_WORDS):
        if not (chart["alt"] and chart["table"]):
            problems.append(f"{name}: diagrammet {chart['title']!r} saknar "
                            + " och ".join(w for w, ok in (("textalternativ", chart["alt"]),
                                                           ("tabellvy", chart["table"])) if not ok))
    if kind == "deck":
        main = page.locator(ui.MAIN)
        if main.get_by_text("Beskrivning av kartan").or_(main.get_by_text("Description of the map")).count() == 0:
            problems.append(f"{name}: kartan saknar textalternativ")
        if main.locator('[data-testid="stDataFrame"]').count() == 0:
            problems.append(f"{name}: kartan saknar tabellvy")
    return problems


# Each Plotly chart's margins as the figure set them and as drawn: when they differ, Plotly
# found the labels too wide, widened the margin and drew the whole chart a second time
# (mia.charts.margins sets them from the labels so that it need not).
_MARGINS_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')].map(gd => {
  const fl = gd._fullLayout;
  if (!fl || !fl._size) return null;
  const title = ((fl.title && fl.title.text) || '').split('<br>')[0].replace(/<[^>]+>/g, '').slice(0, 70);
  return {title, set: {l: fl.margin.l, r: fl.margin.r, t: fl.margin.t, b: fl.margin.b},
          drawn: {l: fl._size.l, r: fl._size.r, t: fl._size.t, b: fl._size.b}};
}).filter(Boolean)"""


def check_drawn_once(page, name: str) -> list[str]:
    """No chart had to be drawn twice because its labels did not fit its margins."""
    problems = []
    for chart in page.evaluate(_MARGINS_JS):
        grown = {side: f"{chart['set'][side]} → {round(chart['drawn'][side])}" for side in "lrtb"
                 if chart["drawn"][side] > chart["set"][side] + 0.5}
        if grown:
            problems.append(f"{name}: diagrammet {chart['title']!r} ritades om för bredare marginaler: {grown}")
    return problems


def walk(page, lang: str, timings: dict, leftovers: dict) -> list[str]:
    """Click through every page in the navigation (Översikt last, reached from Om)."""
    problems: list[str] = []
    for slug, title_sv, title_en, kind in PAGES[1:] + PAGES[:1]:
        title = title_en if lang == "en" else title_sv
        name = slug_name(slug)
        link = ui.nav_link(page, slug)
        assert link.count() == 1, f"ingen länk till {slug!r} i navigeringen"
        assert link.inner_text().strip() == title, f"länken till {slug!r} heter {link.inner_text()!r}"
        started = time.monotonic()
        link.click()
        page.wait_for_url(lambda url, s=slug: ui.on_page(url, s))
        if kind == "plotly":
            wait_plotly(page)
        elif kind == "deck":
            wait_deck(page)
        first_chart = round(time.monotonic() - started, 2)
        wait_idle(page)
        timings[name] = {"forsta_diagram_s": first_chart if kind else None,
                         "sidan_klar_s": round(time.monotonic() - started, 2)}
        if lang == "en":
            assert "lang=en" in page.url, f"{name}: språket följde inte med i adressen: {page.url}"
        if kind == "plotly":
            wait_plotly(page)  # every chart of the page, not only the first
        heading = page.locator(f"{ui.MAIN} h1").first.inner_text().strip()
        if heading != title:
            problems.append(f"{name}: rubriken är {heading!r}, väntade {title!r}")
        problems += check_alternatives(page, name, kind)
        problems += check_drawn_once(page, name)
        left = langcheck.leftovers([line for line in visible_text(page).splitlines() if line.strip()], lang)
        if left:
            leftovers[name] = left
        if lang == "sv":  # (the English pages are checked, not photographed: time)
            screenshot(page, f"{lang}-{name}")
    return problems


def test_every_page_through_the_navigation_in_both_languages(page, app_url):
    started = time.monotonic()
    goto_page(page, app_url, "")
    wait_plotly(page, min_charts=2)
    first_load = round(time.monotonic() - started, 2)

    timings_sv: dict = {"oversikt_forsta_laddning": {"forsta_diagram_s": first_load}}
    leftovers_sv: dict = {}
    problems = walk(page, "sv", timings_sv, leftovers_sv)
    record("forsta_diagram_sv", "_not", "sekunder från klick på sidans länk i navigeringen tills sidans första "
           "diagram är ritat (Plotly-spår eller deck.gl-yta); sidan_klar_s: tills skriptet är klart; "
           "oversikt_forsta_laddning: från att adressen öppnas i en ny flik")
    for name, values in timings_sv.items():
        record("forsta_diagram_sv", name, values)
    problems += [f"{name}: text på fel språk: {json.dumps(left, ensure_ascii=False)}"
                 for name, left in leftovers_sv.items()]

    before = page.url
    page.locator(ui.SIDEBAR).locator('[data-testid="stRadio"] label').filter(has_text="English").first.click()
    ui.settle_after_change(page, before)
    assert "lang=en" in page.url
    timings_en: dict = {}
    leftovers_en: dict = {}
    problems += walk(page, "en", timings_en, leftovers_en)
    for name, values in timings_en.items():
        record("forsta_diagram_en", name, values)

    (ARTIFACTS / "english-leftovers.json").write_text(json.dumps(leftovers_en, indent=1, ensure_ascii=False))
    problems += [f"{name} (engelska): text på fel språk: {json.dumps(left, ensure_ascii=False)}"
                 for name, left in leftovers_en.items()]
    assert not problems, "\n".join(problems)
