"""The language switch: every page in English shows no Swedish-only text, and every page
in Swedish (the default) no English-only text.

Each page is run with AppTest in both languages (English as an English link opens it,
`?lang=en`); everything a reader can see is collected: headings, markdown, captions,
alerts, metric labels, values and help, widget labels, options, help and placeholders,
button and expander labels, table column names and text cells, every text of every Plotly
figure (title, subtitle, axes, legend, annotations, hover templates) and the deck.gl map's
tooltip and labels. tests/langcheck.py says what counts as the other language and which
proper names and identifiers are allowed (kommun and förbund names, authorities, the
programme's names, code and file names).

The Swedish run of a page follows its English run in the same process, as a Swedish
visitor follows an English one on the same server: results cached across sessions must
not carry the other language (st.cache_data is shared by all sessions).

The browser counterpart (text drawn on screen, in the sidebar and in the charts' SVG) is
tests/browser/test_pages.py.
"""
from __future__ import annotations

import json

import pytest

from mia.i18n import EN
from tests import apptest_pages as ap
from tests import langcheck


@pytest.fixture(scope="module")
def runs(app_db):
    return {(page, lang): ap.run_page(page, lang) for lang in ("en", "sv") for page in ap.PAGES}


@pytest.mark.parametrize("lang", ["en", "sv"])
@pytest.mark.parametrize("page", ap.PAGES)
def test_no_text_in_the_other_language(runs, page, lang):
    at = runs[(page, lang)]
    assert not at.exception, [e.value for e in at.exception]
    texts = ap.texts(at)
    assert len(texts) > 10, f"{page}: nästan ingen text hittades ({len(texts)})"
    left = langcheck.leftovers(texts, lang)
    other = "svenska" if lang == "en" else "engelska"
    assert not left, f"{page} ({lang}): {len(left)} texter med {other} ord:\n" + json.dumps(
        left, ensure_ascii=False, indent=1)


def test_english_is_really_english(runs):
    """The English pages are not just untouched Swedish: headings and navigation changed."""
    for page in ap.PAGES:
        sv, en = runs[(page, "sv")], runs[(page, "en")]
        assert [t.value for t in sv.title] != [t.value for t in en.title] or page == "app_pages/data.py", page
    assert runs[("app_pages/oversikt.py", "en")].title[0].value == "Overview"


def test_translations_are_not_swedish():
    """The tables themselves: no English entry is still Swedish. (An empty entry is
    allowed: a word English leaves out, as "gick" in a reordered sentence.)"""
    bad = {sv: en for sv, en in EN.items() if en.strip() and langcheck.swedish_words(en)}
    assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)


def test_language_checker_knows_both_directions():
    assert langcheck.swedish_words("Andel till arbete eller studier") == ["Andel", "till", "arbete", "eller",
                                                                          "studier"]
    assert langcheck.swedish_words("Share to work in Täby and Upplands Väsby (Arbetsförmedlingen)") == []
    assert langcheck.swedish_words("Run `python -m mia demo` or set MIA_ADMIN_SECRET") == []
    assert langcheck.english_words("Andel av alla i populationen, 95 % KI") == []
    assert langcheck.english_words("Drag and drop file here") == ["Drag", "and", "drop", "file", "here"]
