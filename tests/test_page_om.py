"""The Om page (AppTest): definitions and methods, the data behind the numbers and the
published figures, written for a reader: Swedish headers, dates without clock times, and
definitions in words instead of internal ids."""
from __future__ import annotations

from mia.reference import load_reference

RAW_NAMES = {"forbund", "kalla", "filnamn", "uttag", "importerad", "import_id", "id", "varde", "enhet"}


def test_om_shows_sources_and_published_figures_for_a_reader(app):
    at = app(page="app_pages/om.py")
    assert not at.exception
    sources, published = at.dataframe[0].value, at.dataframe[1].value
    assert not RAW_NAMES & set(sources.columns) and not RAW_NAMES & set(published.columns)
    assert list(sources.columns[:4]) == ["Förbund", "Källa", "Fil", "Uttagsdatum"]
    assert len(sources) == 8 and not sources.astype(str).apply(lambda c: c.str.contains("00:00:00")).any().any()
    assert len(published) == len(load_reference().publicerade)
    assert "Andel inskrivna 2017-04-01–2020-09-30, Täby, till arbete eller studier, av alla" in set(published.Definition)
    assert {"2\u00a0234", "29\u00a0%"} <= set(published.Publicerat)  # non-breaking spaces
    assert all(url.startswith("http") for url in published["Källa"])


def test_om_in_english_translates_the_tables(app):
    at = app(query_params={"lang": "en"}, page="app_pages/om.py")
    assert not at.exception
    sources, published = at.dataframe[0].value, at.dataframe[1].value
    assert "Extract date" in sources.columns and "Published" in " ".join(published.columns)
