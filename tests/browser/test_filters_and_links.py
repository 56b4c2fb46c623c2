"""Filters change what the pages show, and a copied address shows the same view to someone
else: the link is opened in a new tab, i.e. a new Streamlit session with none of the first
one's state, exactly as a colleague's browser opens it."""
from __future__ import annotations

import re

from tests.browser import harness, ui
from tests.browser.harness import goto_page, wait_idle, wait_plotly


def _count(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _view(page) -> dict:
    """What a reader compares: heading, numbers, chart titles and what they plot, sentences,
    the page's own choices, and the sidebar's selections as they appear in the address."""
    q = ui.query(page.url)
    q.pop("v", None)
    choices = page.evaluate("""() => [...document.querySelectorAll(
        '[data-testid="stMain"] [data-testid="stRadio"] input:checked, [data-testid="stMain"] input[role="combobox"]')]
        .map(el => el.value || el.getAttribute('aria-label'))""")
    return {"h1": page.locator(f"{ui.MAIN} h1").first.inner_text(), "metrics": ui.metrics(page, wait=False),
            "titles": ui.chart_titles(page), "data": ui.chart_data(page), "sentences": ui.sentences(page),
            "choices": choices, "query": q}


def _stable_view(page, tries: int = 6) -> dict:
    """_view, read until two readings 300 ms apart agree (a run's last elements can still be
    arriving when the app first looks idle)."""
    wait_plotly(page)
    last = _view(page)
    for _ in range(tries):
        page.wait_for_timeout(300)
        wait_idle(page)
        now = _view(page)
        if now == last:
            return now
        last = now
    return last


def _differences(a: dict, b: dict) -> str:
    return "\n".join(f"{key}:\n  här:   {a.get(key)!r}\n  länk:  {b.get(key)!r}"[:2000]
                     for key in sorted(a.keys() | b.keys()) if a.get(key) != b.get(key))


def assert_link_shows_the_same_view(page, name: str) -> None:
    """Open this page's address in a new tab (a new session) and compare what it shows."""
    mine = _stable_view(page)
    shared = page.url
    other = page.context.new_page()
    log = harness.BrowserLog()
    harness.attach_recorder(other, log)
    try:
        other.goto(shared, wait_until="domcontentloaded")
        wait_idle(other)
        harness.assert_no_exception(other)
        theirs = _stable_view(other)
        assert theirs == mine, f"länken {shared} gav en annan vy:\n{_differences(mine, theirs)}"
        assert not log.problems(), log.problems()
        harness.screenshot(other, f"delad-lank-{name}")
    finally:
        other.close()


def test_filters_change_the_numbers_and_a_link_keeps_the_view(page, app_url):
    goto_page(page, app_url, "")
    wait_plotly(page, min_charts=2)
    before = ui.metrics(page)
    before_charts = ui.chart_data(page)
    before_sentences = ui.sentences(page)
    assert before.get("Deltagare"), before

    ui.choose(page, "Kommun", "Täby")
    wait_plotly(page, min_charts=2)
    after = ui.metrics(page)
    assert ui.query(page.url).get("kommun") == "0160", page.url
    assert _count(after["Deltagare"]) < _count(before["Deltagare"]), (before, after)
    assert ui.chart_data(page) != before_charts, "diagrammen ritar samma tal efter filterbytet"
    assert ui.sentences(page) != before_sentences, "pressmeningen följde inte med"
    assert "Täby" in page.locator(ui.MAIN).inner_text()

    ui.choose(page, "Kön", "Kvinnor")
    wait_plotly(page, min_charts=2)
    women = ui.metrics(page)
    assert _count(women["Deltagare"]) < _count(after["Deltagare"]), (after, women)

    ui.choose(page, "Population", "avslutade", multi=False)
    wait_plotly(page, min_charts=2)
    assert ui.query(page.url).get("population") == "avslutade", page.url
    assert ui.metrics(page)["Deltagare"] != women["Deltagare"]

    assert_link_shows_the_same_view(page, "oversikt-sv")

    # "Återställ urval" brings the first view back
    before_reset = page.url
    page.locator(ui.SIDEBAR).get_by_role("button", name="Återställ urval").click()
    ui.settle_after_change(page, before_reset)
    wait_plotly(page, min_charts=2)
    assert ui.metrics(page) == before
    assert "kommun" not in ui.query(page.url)


def test_a_shared_link_to_a_comparison_keeps_the_page_choices(page, app_url):
    """Jämför in English: the sidebar's selection and the page's own choices (level, the
    unit broken down by sex and age, the units over time) all come back from the link."""
    # A link into the page with a selection (the sidebar's filters by hand: the test above).
    goto_page(page, app_url, "jamfor?lang=en&kommun=0126&kon=K")
    wait_plotly(page)
    assert ui.sidebar_widget(page, "stMultiSelect", "Municipality").get_by_text("Huddinge").count() == 1
    before = page.url
    page.locator(f'{ui.MAIN} [data-testid="stRadio"] label').filter(
        has_text=re.compile(r"^\s*Associations?\s*$")).first.click()
    ui.settle_after_change(page, before)
    # Choices further down the page, away from what the selection makes the default.
    ui.choose(page, "Unit", "Roslagen", multi=False, scope=ui.MAIN)
    ui.choose(page, "Units (at most nine)", "SUVS", scope=ui.MAIN)
    query = ui.query(page.url)
    assert (query.get("kommun"), query.get("kon"), query.get("niva")) == ("0126", "K", "forbund"), page.url
    assert query.get("uppdelning") == "ROS" and "SUVS" in query.get("over_tid", ""), page.url
    assert any("Roslagen" in title for title in ui.chart_titles(page)), ui.chart_titles(page)
    assert_link_shows_the_same_view(page, "jamfor-en")
