"""bench/browser.py, the browser benchmark of issue 9, without the browser: the database it
builds is what the dashboard reads (the 8 MIA förbund of the real reference, imported
through import_files), and its report handles a page that drew no chart. The measurement
itself drives Chromium for minutes and is run by hand (bench/README.md)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from mia import store
from mia.reference import load_reference

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def browser_bench():
    spec = importlib.util.spec_from_file_location("bench_browser", ROOT / "bench" / "browser.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_synthetic_rows_belong_to_the_real_forbund_and_kommuner(browser_bench):
    ref = browser_bench.real_reference()
    real = load_reference()
    assert sorted(ref["forbund"]) == sorted(real.forbund.forbund_kod)
    codes = {k for k, *_ in ref["kommuner"]}
    assert codes and codes <= set(real.kommuner.kommunkod)
    assert all(f in ref["forbund"] for _, f, *_ in ref["kommuner"])


def test_the_database_holds_the_rows_asked_for_through_the_import(browser_bench, tmp_path, monkeypatch):
    monkeypatch.setenv("MIA_MAX_UPLOAD_MB", "200")  # build_database raises the limit: undone after the test
    db = tmp_path / "bench.duckdb"
    info = browser_bench.build_database(db, 2000, log=lambda *a: None)
    assert info["rows"] == 2000
    con = store.connect(db)
    try:
        per_forbund = store.rows_per_forbund(con)
        assert sum(per_forbund.values()) == 2000
        assert set(per_forbund) <= set(load_reference().forbund.forbund_kod)
        history = con.cursor().execute("SELECT count(*), min(resultat), max(resultat) FROM importer").fetchall()[0]
        assert history == (len(per_forbund), "importerad", "importerad")  # one import per förbund's file
    finally:
        store.close(db)


def test_the_report_shows_a_dash_where_a_page_drew_no_chart(browser_bench):
    result = {"sidor": {
        "Översikt": {"forsta_diagram_s": [0.5, 0.7, 0.6], "sidan_klar_s": [0.8, 0.9, 1.0], "filterbyte_s": [0.7, 0.8, 0.9]},
        "Profil": {"forsta_diagram_s": [], "sidan_klar_s": [1.2], "filterbyte_s": [1.5]},
    }}
    lines = browser_bench.table(result).splitlines()
    assert lines[1].split()[:4] == ["Översikt", "0.60", "0.90", "0.80"]
    assert lines[2].split()[:4] == ["Profil", "–", "1.20", "1.50"]


def test_the_report_gives_each_part_of_a_filter_change_as_a_median(browser_bench):
    result = {"sidor": {"Jämför": {"forsta_diagram_s": [1.0], "sidan_klar_s": [1.2], "filterbyte_s": [1.3, 1.5, 1.4],
                                   "begaran_s": [0.1, 0.2, 0.15], "korning_s": [0.9, 1.1, 1.0],
                                   "webblasare_s": [0.8, 0.7, 0.9],
                                   "filterbyte_visad_s": [0.9, 0.8, 1.0, 0.85, 0.95, 0.7]}}}
    header, row = browser_bench.table(result).splitlines()
    assert header.split()[-8:-2] == ["begäran", "körning", "webbläsaren", "visad", "förut", "s"]
    # the parts, then the change to a period shown before (two per round: back and forth)
    assert row.split()[4:8] == ["0.15", "1.00", "0.80", "0.88"]


def test_a_filter_change_is_split_by_the_page_own_timestamps(browser_bench):
    timings = {"ws": [[90.0, "recv"], [1000.0, "send"], [1050.0, "recv"], [1900.0, "recv"], [2000.0, "send"],
                      [2100.0, "recv"]],
               # one long task before the click, one across it (counted from the click), one after
               "tasks": [[500.0, 200.0], [850.0, 100.0], [1200.0, 300.0]]}
    parts = browser_bench.split(timings, clicked=900.0)
    # request 900 → 1000 ms; run: first send 1000 → last message 2100; busy 50 + 300 ms (the
    # task across the click counts from the click)
    assert parts == {"begaran_s": 0.1, "korning_s": 1.1, "webblasare_s": 0.35}


def test_a_change_without_any_message_seen_has_no_request_or_run_time(browser_bench):
    assert browser_bench.split({"ws": [], "tasks": []}, clicked=100.0) == {
        "begaran_s": None, "korning_s": None, "webblasare_s": 0.0}
