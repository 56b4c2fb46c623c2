"""A corrupt or missing database gives a clear Swedish message and a way back, never a traceback."""
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


def test_corrupt_database_offers_a_rebuild_that_works(tmp_path, monkeypatch):
    bad = tmp_path / "trasig.duckdb"
    bad.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("MIA_DB", str(bad))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    assert not at.exception
    assert any("skadad" in e.value for e in at.error)
    rebuild = [b for b in at.button if b.label == "Bygg om demodatabasen"]
    assert rebuild
    rebuild[0].click().run()
    assert not at.exception
    assert [m.label for m in at.metric][:1] == ["Deltagare"]


def test_missing_database_is_built_from_the_demo_on_first_start(tmp_path, monkeypatch):
    monkeypatch.setenv("MIA_DB", str(tmp_path / "ny" / "mia.duckdb"))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    assert not at.exception
    assert at.metric[0].value == "3\u00a0624"
    assert any("syntetiska demodata" in i.value.lower() for i in at.info)
