"""The Data page (AppTest) and the per-run database snapshot that keeps pages consistent
while an import commits.

Each test runs the dashboard against its own copy of the demo database (MIA_DB), so an
import here never changes what other tests see; cached results are keyed by database
file and data version."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from mia import importer, measures, sql, store
from mia.config import PROJECT_END, PROJECT_START
from mia.filters import Urval
from mia.ingest.personnummer import luhn_ok

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "import" / "roslagen_cp1252.csv"
SECRET = "rätt-nyckel-4711"


@pytest.fixture
def private_db(fresh_db, monkeypatch) -> Path:
    monkeypatch.setenv("MIA_DB", str(fresh_db))
    monkeypatch.delenv("MIA_ADMIN_SECRET", raising=False)
    from mia.ui import admin
    monkeypatch.setattr(admin, "FAIL_DELAY_S", 0)
    yield fresh_db
    store.close(fresh_db)


def dashboard(page: str | None = "app_pages/data.py", query: dict | None = None, secrets: dict | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at) -> str:
    """Every text the page shows (for "never shown" checks)."""
    parts = []
    for kind in ("markdown", "caption", "info", "success", "warning", "error", "subheader", "title", "code"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [str(e.value) for e in at.text_input] + [e.value.to_csv() for e in at.dataframe]
    return "\n".join(parts)


def unlock(at, secret: str = SECRET):
    at.text_input(key="data_admin_losen").input(secret)
    at.button[0].click()
    at.run()
    return at


def overview_participants(query: dict) -> str:
    at = dashboard("app_pages/oversikt.py", query)
    return next(m.value for m in at.metric if m.label == "Deltagare")


# ---------------------------------------------------------------- read-only and the secret

def test_read_only_without_a_secret_says_how_to_enable(private_db):
    at = dashboard()
    assert [s.value for s in at.subheader] == ["Datakällor", "Läs in ett utdrag", "Importhistorik", "Datakvalitet",
                                               "Avstämning mot publicerade siffror"]
    info = " ".join(i.value for i in at.info)
    assert "skrivskyddad" in info and "MIA_ADMIN_SECRET" in info and "secrets.toml" in info
    assert not at.get("file_uploader") and not at.text_input


def test_wrong_secret_keeps_it_locked_and_the_secret_is_never_shown(private_db, monkeypatch):
    monkeypatch.setenv("MIA_ADMIN_SECRET", SECRET)
    at = dashboard()
    assert not at.get("file_uploader")
    unlock(at, "fel-nyckel")
    assert "Fel nyckel. Försök igen." in [e.value for e in at.error] and not at.get("file_uploader")
    unlock(at)
    assert at.get("file_uploader") and not at.error
    assert SECRET not in texts(at) and "fel-nyckel" not in texts(at)
    assert at.session_state["data_admin_losen"] == ""  # the typed secret does not stay in the session
    assert SECRET not in repr(at.session_state)


def test_secret_from_streamlit_secrets(private_db):
    at = dashboard(secrets={"admin_secret": SECRET})
    unlock(at)
    assert at.get("file_uploader")


# ---------------------------------------------------------------- upload, report, confirm

def test_upload_cp1252_file_confirm_and_overview_changes(private_db, monkeypatch):
    from mia import fmt

    monkeypatch.setenv("MIA_ADMIN_SECRET", SECRET)
    con = store.connect(private_db)
    ros_rows = store.rows_per_forbund(con)["ROS"]
    ros_antal = measures.headline(con, Urval(forbund=("ROS",)))["antal"]
    county_antal = measures.headline(con, Urval())["antal"]
    ros = {"forbund": "ROS"}
    assert overview_participants(ros) == fmt.number(ros_antal) != "40"
    at = unlock(dashboard(query=ros))
    at.get("file_uploader")[0].upload(FIXTURE.name, FIXTURE.read_bytes(), "text/csv")
    at.run()
    assert not at.exception
    assert "Filen roslagen_cp1252.csv är godkänd: 40 rader från ROS." in [s.value for s in at.success]
    assert any("teckenkodning cp1252" in c.value for c in at.caption)
    preview = next(d.value for d in at.dataframe if "Rader i filen" in d.value.columns)
    assert preview.to_dict("records") == [{"Förbund": "Roslagen", "Nu": "Syntetiska demodata", "Rader nu": ros_rows,
                                           "Rader i filen": 40}]
    at.button(key="data_bekrafta").click()
    at.run()
    assert not at.exception
    changes = next(d.value for d in at.dataframe if "Rader efter" in d.value.columns)
    assert changes.to_dict("records") == [{"Förbund": "Roslagen", "Rader före": ros_rows, "Rader efter": 40}]
    message = next(s.value for s in at.success if s.value.startswith("Inläst:"))
    assert f"ROS {ros_rows} → 40 rader" in message and "Alla sidor visar nu de nya siffrorna" in message
    sources = next(d.value for d in at.dataframe if "Uttagsdatum" in d.value.columns).set_index("Förbund")
    assert sources.loc["Roslagen", "Källa"] == "Inläst fil" and sources.loc["Roslagen", "Rader"] == 40
    assert sources.loc["Roslagen", "Uttagsdatum"] == "2021-12-26"
    assert sources.loc["Stockholms stad", "Källa"] == "Syntetiska demodata"
    history = next(d.value for d in at.dataframe if "SHA-256" in d.value.columns)
    assert history.iloc[0]["Resultat"] == "Inläst" and history.iloc[0]["Fil"] == FIXTURE.name
    assert not at.get("file_uploader")[0].value  # a fresh, empty uploader
    # the other pages follow: cached results are keyed by data version
    at.switch_page("app_pages/oversikt.py")
    at.run()
    assert next(m.value for m in at.metric if m.label == "Deltagare") == "40"
    assert overview_participants(ros) == "40"
    assert overview_participants({}) == fmt.number(county_antal - ros_antal + 40)


def test_a_file_of_several_forbund_is_previewed_and_reported_by_name_in_swedish_order(private_db):
    """Not by code (HBS, OS, ROS, STH would put Östra Södertörn second)."""
    from mia import data_quality
    from mia.ingest import validate_extract

    text = FIXTURE.read_bytes().decode("cp1252")
    header, ros = text.split("\r\n", 1)[0], text.split("\r\n", 1)[1]
    others = "".join(f"{prefix}-{n};{name};{kommun};Kvinna;1970;2018-03-01;2018-03-02;2019-03-01;Arbete\r\n"
                     for prefix, name, kommun in (("OS", "Östra Södertörn", "Haninge"),
                                                  ("STH", "Stockholms stad", "Stockholm"), ("HBS", "HBS", "Huddinge"))
                     for n in range(1, 4))
    data = (header + "\r\n" + others + ros).encode("cp1252")
    result = validate_extract(data, "fyra.csv")
    assert result.ok, result.summary()
    con = store.connect(private_db)
    preview = data_quality.replacement_preview(con, result)
    assert list(preview["Förbund"]) == ["HBS", "Roslagen", "Stockholms stad", "Östra Södertörn"]
    assert dict(zip(preview["Förbund"], preview["Rader i filen"])) == {
        "HBS": 3, "Roslagen": 40, "Stockholms stad": 3, "Östra Södertörn": 3}
    outcome = importer.import_file(con, data, "fyra.csv", None, result=result)
    changes = data_quality.import_changes(outcome.changes())
    assert list(changes["Förbund"]) == list(preview["Förbund"])
    assert list(changes["Rader efter"]) == [3, 40, 3, 3]
    assert list(changes["Rader före"]) == list(preview["Rader nu"])


def test_refused_upload_shows_the_report_and_records_it_without_numbers(private_db, monkeypatch):
    monkeypatch.setenv("MIA_ADMIN_SECRET", SECRET)
    stem = "811218987"
    pnr = next(f"{stem[:6]}-{stem[6:]}{d}" for d in "0123456789" if luhn_ok(stem + d))
    text = FIXTURE.read_bytes().decode("cp1252").replace("ROS-003", pnr).replace("ROS-002;Roslagen;Österåker",
                                                                                 "ROS-002;Roslagen;Visby")
    at = unlock(dashboard())
    at.get("file_uploader")[0].upload("med_pnr.csv", text.encode("cp1252"), "text/csv")
    at.run()
    assert not at.exception
    assert any("kan inte läsas in" in e.value for e in at.error)
    assert not [b for b in at.button if b.label == "Bekräfta import"]
    report = next(d.value for d in at.dataframe if "Meddelande" in d.value.columns and "Typ" in d.value.columns)
    assert set(report["Typ"]) == {"Fel"} and any("personnummer" in m for m in report["Meddelande"])
    assert at.get("download_button")
    history = next(d.value for d in at.dataframe if "SHA-256" in d.value.columns)
    assert history.iloc[0]["Resultat"] == "Avvisad" and history.iloc[0]["Fil"] == "med_pnr.csv"
    page = texts(at)
    assert pnr not in page and pnr.replace("-", "") not in page


def test_report_csv_neutralises_formulas():
    from mia import data_quality
    from mia.ingest import validate_extract

    text = FIXTURE.read_bytes().decode("cp1252").replace("ROS-002", "=HYPERLINK(\"http://x\")")
    csv = data_quality.report_csv(validate_extract(text.encode("cp1252"), "f.csv")).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and ";=HYPERLINK" not in csv and csv.startswith("Typ;Fil;Rad;Kolumn;Värde;Meddelande")


# ---------------------------------------------------------------- quality and reconciliation

def test_quality_and_reconciliation_sections(private_db):
    at = dashboard()
    assert "19 av 19 publicerade siffror återskapas" in [s.value for s in at.success]
    reconciliation = next(d.value for d in at.dataframe if "Stämmer" in d.value.columns)
    assert len(reconciliation) == 19 and set(reconciliation["Stämmer"]) == {"✓"}
    assert reconciliation["Källa"].str.startswith("http").all()
    completeness = next(d.value for d in at.dataframe if "Kolumn" in d.value.columns)
    assert {"Roslagen", "Alla"} <= set(completeness.columns)
    assert completeness.set_index("Kolumn").loc["Deltagar-id", "Alla"] == 100.0
    checks = next(d.value for d in at.dataframe if "Kontroll" in d.value.columns).set_index("Kontroll")
    assert checks.loc["Utfall angivet men inget avslutsdatum", "Alla"] == 0
    assert checks.loc["Avslutade utan insats (inget insatsdatum)", "Alla"] > 0


def test_english(private_db):
    """Every Swedish text of the page has an English translation, and the tables follow the
    language. (An AppTest of the page in English is not possible: switching page replays the
    sidebar's translated select boxes, which AppTest cannot match to their options.)"""
    import ast

    from mia import data_quality
    from mia.i18n import EN, set_language

    used = set()
    for name in ("app_pages/data.py", "mia/data_quality.py", "mia/ui/admin.py"):
        for node in ast.walk(ast.parse((ROOT / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and node.args \
                    and isinstance(node.args[0], ast.Constant):
                used.add(node.args[0].value)
    for table in (data_quality.SOURCE_LABELS, data_quality.RESULT_LABELS, data_quality.COLUMN_LABELS,
                  data_quality.OUTCOME_WORDS):
        used |= set(table.values())
    used |= {text for pair in data_quality.CHECKS.values() for text in pair}
    assert not sorted(used - set(EN))
    con = store.connect(private_db)
    set_language("en")
    try:
        assert list(data_quality.sources(con).columns) == ["Association", "Source", "File", "Extract date",
                                                           "Imported", "Import", "Rows"]
        reconciliation = data_quality.reconciliation(con)
        assert data_quality.reconciliation_summary(reconciliation) == "19 of 19 published figures are reproduced"
        assert reconciliation["Definition"].iloc[4] == \
            "Share enrolled 2017-04-01–2020-09-30, Täby, to work or studies, of all"
    finally:
        set_language("sv")


# ---------------------------------------------------------------- one snapshot per run

def test_a_run_reads_one_snapshot_while_an_import_commits(private_db):
    """Inside a run the data version and every query (cached or not) stay on the state the
    run started with, even when an import commits halfway; the next run sees the new state."""
    from mia.ui import data

    ros = Urval(forbund=("ROS",))
    with data.snapshot():
        version = data.data_version()
        first = data.computed(measures.headline, ros)["antal"]
        outcome = importer.import_file(data.writer(), FIXTURE.read_bytes(), FIXTURE.name, None)
        assert outcome.status == "importerad"
        assert data.data_version() == version
        assert data.computed(measures.headline, ros)["antal"] == first != 40  # cached, old version
        assert data.computed(measures.headline, ros.with_(population="aktiva"))["antal"] > 40  # new query, old data
        assert store.rows_per_forbund(data.connection())["ROS"] == outcome.rows_before["ROS"] != 40
        assert store.rows_per_forbund(data.writer())["ROS"] == 40  # the writer sees the commit
    with data.snapshot():
        assert data.data_version() == outcome.data_version != version
        assert data.computed(measures.headline, ros)["antal"] == 40


def test_concurrent_runs_never_mix_versions(private_db):
    """Readers in their own threads (like sessions) read the version and the row count in two
    statements while a writer keeps replacing Roslagen; every pair must belong together."""
    from mia.ui import data

    text = FIXTURE.read_bytes().decode("cp1252")
    files = [text.encode("cp1252"), "\r\n".join(text.split("\r\n")[:21]).encode("cp1252") + b"\r\n"]
    expected = {}  # data version -> ROS rows
    with data.snapshot():
        expected[data.data_version()] = store.rows_per_forbund(data.connection())["ROS"]
    stop, problems, reads = threading.Event(), [], [0]

    def reader() -> None:
        while not stop.is_set():
            with data.snapshot():
                version = data.data_version()
                rows = store.rows_per_forbund(data.connection())["ROS"]
            seen.append((version, rows))
            reads[0] += 1

    seen: list[tuple[str, int]] = []
    threads = [threading.Thread(target=reader) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        for i in range(12):
            outcome = importer.import_file(data.writer(), files[i % 2], f"ros_{i % 2}.csv", None)
            assert outcome.status == "importerad"
            expected[outcome.data_version] = outcome.rows_after["ROS"]
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    problems = [(v, n) for v, n in seen if expected.get(v) != n]
    assert reads[0] > 10 and not problems, problems[:5]
    assert {n for _, n in seen} >= {40}


def test_completeness_is_the_share_of_rows_with_a_value_per_forbund_and_in_all(demo_con):
    """What the Data page's completeness table shows, against counting the stored rows
    again here: per förbund (by name) and for all förbund, the share of rows with a value."""
    from mia import data_quality

    table = data_quality.completeness(demo_con).set_index("kolumn")
    cur = demo_con.cursor()
    rows = cur.execute("""
        SELECT f.kortnamn, count(*), count(d.avslutsdatum), count(nullif(trim(d.remittent), '')),
               count(*) FILTER (d.kon <> 'X'), count(coalesce(d.fodelsear, d.alder))
        FROM deltagare AS d JOIN forbund AS f ON f.forbund_kod = d.forbund GROUP BY ALL""").fetchall()
    cur.close()
    columns = ("avslutsdatum", "remittent", "kon", "fodelsear_eller_alder")
    for name, n, *filled in rows:
        for column, count in zip(columns, filled):
            assert table.loc[column, name] == round(100 * count / n, 1)
    total = [sum(r[i] for r in rows) for i in range(1, 6)]
    for column, count in zip(columns, total[1:]):
        assert table.loc[column, "Alla"] == round(100 * count / total[0], 1)
    assert list(table.columns[1:-1]) == SWEDISH_ORDER  # förbund by name, then all
    assert sorted(r[0] for r in rows) == sorted(SWEDISH_ORDER)
    assert 0 < table.loc["avslutsdatum", "Alla"] < 100  # the demo has participants still active


# The MIA förbund as a Swedish reader looks them up: case does not count, å ä ö after z.
SWEDISH_ORDER = ["HBS", "Roslagen", "Stockholms stad", "Sundbyberg", "SUVS", "Södertälje", "VärNa",
                 "Östra Södertörn"]


def test_the_data_sources_list_every_forbund_in_swedish_order(demo_con):
    from mia import data_quality

    assert data_quality.sources(demo_con)["Förbund"].tolist() == SWEDISH_ORDER


def test_the_plausibility_checks_list_forbund_in_swedish_order_with_their_own_counts(demo_con):
    from mia import data_quality

    table = data_quality.checks(demo_con)
    assert list(table.columns[3:-2]) == SWEDISH_ORDER
    assert list(table.columns[-2:]) == ["Alla", "Andel"]
    assert (table[SWEDISH_ORDER].sum(axis=1) == table["Alla"]).all()
    raw = sql.frame(demo_con, "datakvalitet_kontroller", {"fran": PROJECT_START, "till": PROJECT_END})
    for name, code in zip(raw.namn, raw.forbund):  # each förbund's count stays under its own name
        for check in table.kontroll:
            assert table.set_index("kontroll").loc[check, name] == raw.set_index("forbund").loc[code, check]
