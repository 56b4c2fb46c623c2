"""Importing extracts (mia.importer): bad files are refused with their message and leave
every stored row as it was; a good file replaces exactly its förbund; a re-import is a
no-op; a process killed inside the import transaction leaves the database as before."""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mia import importer, sql, store
from mia.config import PROJECT_END, PROJECT_START
from mia.ingest.personnummer import luhn_ok

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "import" / "roslagen_cp1252.csv"
BASE = FIXTURE.read_bytes().decode("cp1252")
DATA_TABLES = ("deltagare", "datakallor", "meta", "forbund_kvalitet", "forbund_avslut_halvar",
               "forbund_inskrivna_halvar", "jamfor_trend_skyddad")
ALL_TABLES = (*DATA_TABLES, "importer")


def digests(con, tables=ALL_TABLES) -> dict[str, tuple[int, str]]:
    """Row count and an order-independent checksum of every row (all columns) of each table."""
    cur = con.cursor()
    try:
        return {t: tuple(cur.execute(f"SELECT count(*), sum(hash(x)::HUGEINT) FROM {t} AS x").fetchall()[0])
                for t in tables}
    finally:
        cur.close()


def forbund_digests(con) -> dict[str, str]:
    """Checksum of each förbund's participant rows."""
    cur = con.cursor()
    try:
        rows = cur.execute("SELECT forbund, sum(hash(x)::HUGEINT) FROM deltagare AS x GROUP BY forbund").fetchall()
        return dict(rows)
    finally:
        cur.close()


def history(con) -> pd.DataFrame:
    cur = con.cursor()
    try:
        return cur.execute("SELECT * FROM importer ORDER BY import_id").df()
    finally:
        cur.close()


def personnummer() -> str:
    """A valid (Luhn-correct) personnummer, built here so that no real one is written down."""
    stem = "811218987"
    return next(f"{stem[:6]}-{stem[6:]}{d}" for d in "0123456789" if luhn_ok(stem + d))


def cp1252(text: str) -> bytes:
    return text.encode("cp1252")


def without_column(text: str, index: int) -> str:
    return "\r\n".join(";".join(c for i, c in enumerate(line.split(";")) if i != index) if line else line
                       for line in text.split("\r\n"))


def with_column(text: str, header: str, value: str) -> str:
    lines = text.split("\r\n")
    return "\r\n".join([f"{lines[0]};{header}"] + [f"{line};{value}" if line else line for line in lines[1:]])


@pytest.fixture
def con(fresh_db):
    c = store.connect(fresh_db)
    yield c
    store.close(fresh_db)


# Every kind of bad input DATA.md lists: (id, bytes, file name, issue code, words of the message)
PNR = personnummer()
BAD_INPUTS = [
    ("missing_column", cp1252(without_column(BASE, 3)), "x.csv", "missing_column", 'Kolumnen "kon" saknas'),
    ("unknown_forbund", cp1252(BASE.replace("ROS-002;Roslagen", "ROS-002;Gotland")), "x.csv", "unknown_forbund",
     "Rad 3"),
    ("unknown_kommun", cp1252(BASE.replace("ROS-002;Roslagen;Österåker", "ROS-002;Roslagen;Visby")), "x.csv",
     "unknown_kommun", "Visby"),
    ("kommun_not_member", cp1252(BASE.replace("ROS-002;Roslagen;Österåker", "ROS-002;Roslagen;Nacka")), "x.csv",
     "kommun_not_member", "Nacka"),
    ("bad_date", cp1252(BASE.replace("2019-06-08", "2019-13-45")), "x.csv", "bad_date", "2019-13-45"),
    ("impossible_date", cp1252(BASE.replace("2019-06-08", "2019-02-30")), "x.csv", "bad_date", "2019-02-30"),
    ("exit_before_enrolment", cp1252(BASE.replace("2019-06-09;2020-06-08", "2019-06-09;2019-01-01")), "x.csv",
     "exit_before_enrolment", "före inskrivningsdatum"),
    ("missing_utfall", cp1252(BASE.replace("2020-06-08;Studier", "2020-06-08;")), "x.csv", "missing_utfall",
     "Utfall saknas"),
    ("bad_utfall", cp1252(BASE.replace("2020-06-08;Studier", "2020-06-08;Semester")), "x.csv", "bad_code",
     "Semester"),
    ("duplicate_id", cp1252(BASE.replace("ROS-002", "ROS-001")), "x.csv", "duplicate_id", "ROS-001"),
    ("personnummer_values", cp1252(with_column(BASE, "Anteckning", PNR)), "x.csv", "personnummer",
     "pseudonymiserade"),
    ("personnummer_column", cp1252(with_column(BASE, "Personnummer", "okänt")), "x.csv", "personnummer_column",
     "pseudonymiserade"),
    ("pnr_column", cp1252(with_column(BASE, "pnr", PNR.replace("-", ""))), "x.csv", "personnummer",
     "pseudonymiserade"),
    ("empty_upload", b"", "x.csv", "empty", "tom"),
    ("header_only", cp1252(BASE.split("\r\n")[0] + "\r\n"), "x.csv", "header_only", "bara en rubrikrad"),
    ("binary_garbage", bytes(range(256)) * 40, "x.csv", "binary", "binära data"),
    ("broken_xlsx", b"PK\x03\x04" + os.urandom(500), "x.xlsx", "bad_xlsx", "Excelfil"),
    ("broken_parquet", b"PAR1" + b"\x00" * 64 + b"PAR1", "x.parquet", "bad_parquet", "Parquet"),
    ("formula", cp1252(BASE.replace("ROS-002", '=HYPERLINK("http://x")')), "x.csv", "formula", "formel"),
]


@pytest.mark.parametrize("data, filename, code, words", [b[1:] for b in BAD_INPUTS], ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_refused_and_nothing_stored_changes(con, data, filename, code, words):
    before, version = digests(con), store.data_version(con)
    outcome = importer.import_file(con, data, filename, "test")
    assert outcome.status == "avvisad" and not outcome.imported
    assert code in {i.code for i in outcome.result.errors}, [i.text for i in outcome.result.errors]
    assert any(words in i.text for i in outcome.result.errors)
    after = digests(con)
    assert {t: after[t] for t in DATA_TABLES} == {t: before[t] for t in DATA_TABLES}
    assert store.data_version(con) == version
    assert outcome.rows_after == outcome.rows_before
    last = history(con).iloc[-1]
    assert after["importer"][0] == before["importer"][0] + 1
    assert (last.import_id, last.resultat, last.filnamn, last.vem) == (outcome.import_id, "avvisad", filename, "test")
    assert last.sha256 == hashlib.sha256(data).hexdigest()


def test_a_file_just_over_the_limit_is_not_described_as_the_limit(monkeypatch):
    monkeypatch.setenv("MIA_MAX_UPLOAD_MB", "1")
    mb = 1024 * 1024
    assert importer.size_problem(mb) is None
    assert "för stor (1,1 MB); gränsen är 1 MB" in importer.size_problem(mb + 1)
    assert "för stor (1,4 MB); gränsen är 1 MB" in importer.size_problem(int(1.4 * mb))
    assert "för stor (2 MB); gränsen är 1 MB" in importer.size_problem(int(1.6 * mb))


def test_too_large_file_is_refused(con, monkeypatch):
    monkeypatch.setenv("MIA_MAX_UPLOAD_MB", "1")
    data = cp1252(BASE) * (2 * 1024 * 1024 // len(BASE) + 1)
    assert importer.size_problem(len(data), "stor.csv") and "gränsen är 1 MB" in importer.size_problem(len(data))
    before = digests(con, DATA_TABLES)
    outcome = importer.import_file(con, data, "stor.csv", None)
    assert outcome.status == "avvisad" and "too_large" in {i.code for i in outcome.result.errors}
    importer.record_oversized(con, "stor.csv", len(data), None)  # what the page and CLI do before reading
    assert digests(con, DATA_TABLES) == before
    assert list(history(con).resultat.tail(2)) == ["avvisad", "avvisad"]


def test_personnummer_never_reach_the_history(con):
    digits = PNR.replace("-", "")
    for data, name in [(cp1252(with_column(BASE, "Anteckning", PNR)), "utdrag.csv"),
                       (cp1252(with_column(BASE, "pnr", digits)), "utdrag.csv"),
                       (cp1252(BASE), f"utdrag {PNR}.csv"),
                       (cp1252(BASE.replace("ROS-003", PNR)), "utdrag.csv")]:
        outcome = importer.import_file(con, data, name, "test")
        assert outcome.status == "avvisad" or name != "utdrag.csv"
        report = outcome.result.report_frame().to_csv() + outcome.message + outcome.result.summary()
        assert PNR not in report and digits not in report and digits[2:] not in report
    stored = history(con).astype(str).to_csv()
    assert PNR not in stored and digits not in stored and digits[2:] not in stored
    assert importer.HIDDEN_FILE_NAME in stored  # the file name that held a number is not kept


def test_valid_cp1252_file_replaces_only_its_forbund(con):
    before = forbund_digests(con)
    rows_before = store.rows_per_forbund(con)
    version = store.data_version(con)
    outcome = importer.import_file(con, FIXTURE.read_bytes(), FIXTURE.name, "Anna")
    assert outcome.status == "importerad", [i.text for i in outcome.result.errors]
    assert outcome.result.source.startswith("CSV") and "cp1252" in outcome.result.source
    assert outcome.changes() == [("ROS", rows_before["ROS"], 40)]
    assert outcome.rows_before == rows_before
    after = forbund_digests(con)
    assert {k: v for k, v in after.items() if k != "ROS"} == {k: v for k, v in before.items() if k != "ROS"}
    assert after["ROS"] != before["ROS"]
    assert store.data_version(con) == outcome.data_version != version
    cur = con.cursor()
    stored = cur.execute("SELECT deltagare_id, kommunkod, kon, utfall, avslutsdatum FROM deltagare "
                         "WHERE forbund = 'ROS' ORDER BY deltagare_id").df()
    sources = cur.execute("SELECT forbund, kalla, filnamn, uttag, import_id FROM datakallor ORDER BY forbund").df()
    cur.close()
    assert len(stored) == 40
    first = stored.iloc[0]
    assert (first.deltagare_id, first.kommunkod, first.kon, first.utfall) == ("ROS-001", "0160", "M", "arbete")
    assert set(stored.kommunkod) == {"0160", "0117", "0115", "0188", "0162", "0187"}
    assert set(stored.utfall.dropna()) >= {"arbete", "studier", "arbetsforberedande", "ohalsa"}
    ros = sources.set_index("forbund").loc["ROS"]
    assert (ros.kalla, ros.filnamn, ros.import_id) == ("fil", FIXTURE.name, outcome.import_id)
    assert ros.uttag.date() == outcome.uttag == date(2021, 12, 26)  # the latest date in the file
    assert set(sources[sources.forbund != "ROS"].kalla) == {"demo"}
    last = history(con).iloc[-1]
    assert (last.resultat, last.vem, last.rader, last.forbund) == ("importerad", "Anna", 40, "ROS")


def test_file_with_two_forbund_replaces_both(con):
    extra = "VAR-1;VärNa;Nacka;K;1980;2019-02-01;2019-02-04;2019-09-30;Arbete\r\n"
    before = forbund_digests(con)
    outcome = importer.import_file(con, cp1252(BASE + extra), "tva.csv", None)
    assert outcome.status == "importerad"
    assert outcome.changes() == [("ROS", outcome.rows_before["ROS"], 40), ("VARNA", outcome.rows_before["VARNA"], 1)]
    after = forbund_digests(con)
    assert {k: after[k] for k in after if k not in ("ROS", "VARNA")} == \
        {k: before[k] for k in before if k not in ("ROS", "VARNA")}


def test_reimport_of_the_same_file_is_idempotent(con):
    first = importer.import_file(con, FIXTURE.read_bytes(), FIXTURE.name, None)
    state = digests(con)
    again = importer.import_file(con, FIXTURE.read_bytes(), FIXTURE.name, None)
    assert again.status == "oförändrad" and again.imported
    assert again.data_version == first.data_version == store.data_version(con)
    assert again.rows_after == first.rows_after
    after = digests(con)
    assert {t: after[t] for t in DATA_TABLES} == {t: state[t] for t in DATA_TABLES}
    assert history(con).resultat.iloc[-1] == "oförändrad"


def test_same_file_again_after_another_file_replaces_again(con):
    first = importer.import_file(con, FIXTURE.read_bytes(), FIXTURE.name, None)
    ros_first = forbund_digests(con)["ROS"]
    other = importer.import_file(con, cp1252(BASE.replace("ROS-040", "ROS-999")), "annan.csv", None)
    assert other.status == "importerad" and forbund_digests(con)["ROS"] != ros_first
    back = importer.import_file(con, FIXTURE.read_bytes(), FIXTURE.name, None)
    assert back.status == "importerad" and forbund_digests(con)["ROS"] == ros_first
    assert first.data_version != other.data_version != back.data_version


def test_several_files_are_imported_in_order_each_on_its_own(con, fresh_db, tmp_path):
    """import_files (the CLI's `import A B C`): the same outcomes and the same stored rows as
    one import_file after the other, a refused file in the middle changes nothing and does
    not stop the next, and each file has its own history row."""
    other = cp1252(BASE.replace("ROS-040", "ROS-999"))
    bad = cp1252(BASE.replace("2019-06-08", "2019-02-30"))
    files = [(FIXTURE.name, FIXTURE.read_bytes), ("trasig.csv", lambda: bad), ("annan.csv", lambda: other)]
    history_before = len(history(con))
    outcomes = list(importer.import_files(con, files, "Anna"))
    assert [o.status for o in outcomes] == ["importerad", "avvisad", "importerad"]
    assert [o.result.file for o in outcomes] == [FIXTURE.name, "trasig.csv", "annan.csv"]
    assert outcomes[1].rows_before == outcomes[1].rows_after == outcomes[0].rows_after
    piped = forbund_digests(con)
    assert list(history(con).resultat.iloc[history_before:]) == ["importerad", "avvisad", "importerad"]

    twin = tmp_path / "twin.duckdb"
    twin_con = store.connect(twin)
    try:
        for name, read in files:
            importer.import_file(twin_con, read(), name, "Anna")
        assert forbund_digests(twin_con)["ROS"] == piped["ROS"]  # (the twin starts empty, not with the demo)
    finally:
        store.close(twin)


def delivery_of(forbund: str, kommun: str, prefix: str, text: str = BASE) -> bytes:
    """The fixture's rows as another förbund's delivery (all in one of its kommuner)."""
    import re

    return cp1252(re.sub(r";Roslagen;[^;]+;", f";{forbund};{kommun};", text).replace("ROS-", f"{prefix}-"))


VARNA = delivery_of("VärNa", "Nacka", "VAR")
# Nine deliveries the way a month's files come: new data for two förbund, a refused file
# between them, the same förbund twice (the later file wins), a file already loaded, a
# third förbund, and the first förbund's file once more after another of its files.
DELIVERIES = [
    ("ros.csv", FIXTURE.read_bytes()),
    ("varna.csv", VARNA),
    ("trasig.csv", cp1252(BASE.replace("2019-06-08", "2019-02-30"))),
    ("ros_ny.csv", cp1252(BASE.replace("ROS-040", "ROS-999"))),
    ("varna_igen.csv", VARNA),
    ("hbs.csv", delivery_of("HBS", "Huddinge", "HBS")),
    ("ros_igen.csv", FIXTURE.read_bytes()),
    ("varna_farre.csv", delivery_of("VärNa", "Nacka", "VAR", BASE.split("ROS-030")[0])),
]


def what_an_import_left(con, outcomes) -> dict:
    """Everything a person or a page can see after imports, without times and import ids:
    the outcomes, the history, the data sources (with the file each förbund came from),
    the stored rows per förbund and the kept tables."""
    cur = con.cursor()
    try:
        sources = cur.execute("SELECT d.forbund, d.kalla, d.filnamn, d.uttag, i.filnamn FROM datakallor d "
                              "LEFT JOIN importer i USING (import_id) ORDER BY d.forbund").fetchall()
    finally:
        cur.close()
    log = history(con)
    return {
        "outcomes": [(o.result.file, o.status, o.rows_before, o.rows_after, o.uttag, str(o.message))
                     for o in outcomes],
        "history": log[["filnamn", "sha256", "rader", "forbund", "vem", "resultat", "meddelande"]].values.tolist(),
        "sources": sources, "rows": forbund_digests(con), "kept": kept_and_recomputed(con)[0],
    }


# Transactions of import_files for DELIVERIES, files per transaction: the refused file and
# the one already loaded end a batch (and need none), the same förbund again too.
TRANSACTIONS = {1: [1, 1, 1, 1, 1, 1], 60: [2, 1, 2, 1], importer.BATCH_ROWS: [2, 1, 3]}


@pytest.mark.parametrize("batch_rows", sorted(TRANSACTIONS))
def test_files_written_together_leave_what_one_file_at_a_time_leaves(demo_db_file, tmp_path, monkeypatch,
                                                                     batch_rows):
    """import_files writes valid files that follow each other in one transaction (up to
    BATCH_ROWS rows; 60 here is one file and a half). Outcomes, history, data sources,
    rows and kept tables are exactly those of import_file called once per file."""
    monkeypatch.setattr(importer, "BATCH_ROWS", batch_rows)
    together_db, alone_db = tmp_path / "together.duckdb", tmp_path / "alone.duckdb"
    for path in (together_db, alone_db):
        shutil.copy(demo_db_file, path)
    together, alone = store.connect(together_db), store.connect(alone_db)
    try:
        transactions = []
        real = store.replace_deliveries
        monkeypatch.setattr(store, "replace_deliveries",
                            lambda c, d, kalla: transactions.append(len(d)) or real(c, d, kalla))
        batched = list(importer.import_files(together, [(name, lambda b=b: b) for name, b in DELIVERIES], "Anna"))
        assert [o.status for o in batched] == ["importerad", "importerad", "avvisad", "importerad", "oförändrad",
                                               "importerad", "importerad", "importerad"]
        assert transactions == TRANSACTIONS[batch_rows]
        one_by_one = [importer.import_file(alone, data, name, "Anna") for name, data in DELIVERIES]
        assert what_an_import_left(together, batched) == what_an_import_left(alone, one_by_one)
        assert kept_and_recomputed(together)[0] == kept_and_recomputed(together)[1]
    finally:
        store.close(together_db)
        store.close(alone_db)


def test_a_failed_transaction_of_several_files_is_retried_one_file_at_a_time(con, monkeypatch):
    """If writing several files together fails, nothing of them is stored and no history
    row is left; each is then written on its own, and only a file that fails again is
    recorded as 'misslyckad'."""
    real = store.replace_deliveries

    def fails_together(c, deliveries, kalla):
        if len(deliveries) > 1:
            raise duckdb.IOException("disk full (simulated)")
        if deliveries[0].record.filnamn == "hbs.csv":
            raise duckdb.IOException("disk full (simulated)")
        return real(c, deliveries, kalla)

    monkeypatch.setattr(store, "replace_deliveries", fails_together)
    files = [DELIVERIES[1], DELIVERIES[5], DELIVERIES[0]]
    before = forbund_digests(con)
    log_before = len(history(con))
    outcomes = list(importer.import_files(con, [(name, lambda b=b: b) for name, b in files]))
    assert [o.status for o in outcomes] == ["importerad", "misslyckad", "importerad"]
    assert list(history(con).resultat.iloc[log_before:]) == ["importerad", "misslyckad", "importerad"]
    after = forbund_digests(con)
    assert after["HBS"] == before["HBS"] and after["VARNA"] != before["VARNA"]


def test_deliveries_of_one_transaction_may_not_share_a_forbund(con):
    frame = store.rows_per_forbund(con)
    assert frame  # the demo
    record = store.ImportRecord("a.csv", "0" * 64, 0, ("ROS",), "importerad")
    rows = pa.table({name: pa.array([None], pa.string()) for name in importer_columns()})
    rows = rows.set_column(rows.schema.get_field_index("forbund"), "forbund", pa.array(["ROS"]))
    with pytest.raises(ValueError, match="förbund gemensamt"):
        store.replace_deliveries(con, [store.Delivery(rows, record), store.Delivery(rows, record)], "fil")


def test_deliveries_as_frames_or_tables_store_the_same_rows(con):
    """replace_deliveries takes Arrow tables (the importer's) or pandas frames (the demo's):
    storing two förbund's own rows again, either way, leaves their rows as they were."""
    from mia.schema import COLUMN_NAMES

    before = forbund_digests(con)
    cur = con.cursor()
    try:
        frames = [cur.execute(f"SELECT {', '.join(COLUMN_NAMES)} FROM deltagare WHERE forbund = ?", [code]).df()
                  for code in ("ROS", "VARNA")]
    finally:
        cur.close()
    for data in (frames, [pa.Table.from_pandas(f, preserve_index=False) for f in frames]):
        records = [store.ImportRecord(f"{code}.csv", "0" * 64, len(f), (code,), "importerad")
                   for code, f in zip(("ROS", "VARNA"), frames)]
        ids = store.replace_deliveries(con, [store.Delivery(d, r) for d, r in zip(data, records)], "fil")
        assert len(ids) == 2 and ids[0] < ids[1]
        assert forbund_digests(con) == before
    assert store.replace_deliveries(con, [], "fil") == []


def importer_columns() -> tuple[str, ...]:
    from mia.schema import COLUMN_NAMES

    return tuple(COLUMN_NAMES)


def test_validation_runs_only_a_bounded_way_ahead_of_the_writing(con, monkeypatch):
    """The second thread validates at most AHEAD_ROWS rows more than have been written, so
    a hundred deliveries are not all held in memory at once."""
    monkeypatch.setattr(importer, "AHEAD_ROWS", 1)
    monkeypatch.setattr(importer, "BATCH_ROWS", 1)
    read = []

    def reader(name: str, data: bytes):
        return lambda: read.append(name) or data

    files = [(f"ros{k}.csv", reader(f"ros{k}.csv", cp1252(BASE.replace("ROS-040", f"ROS-9{k:02d}"))))
             for k in range(6)]
    outcomes = importer.import_files(con, files)
    first = next(outcomes)
    assert first.status == "importerad" and len(read) <= 2  # the one written and the next waiting
    assert [o.status for o in outcomes] == ["importerad"] * 5 and len(read) == 6


def wal_size(con) -> str:
    cur = con.cursor()
    try:
        return cur.execute("SELECT wal_size FROM pragma_database_size()").fetchall()[0][0]
    finally:
        cur.close()


def test_imported_rows_are_written_into_the_database_file(con):
    """After an import, and after the last of several, the write-ahead log is empty: the
    rows are in the file, compressed and with the statistics scans use (store.checkpoint)."""
    outcome = importer.import_file(con, FIXTURE.read_bytes(), FIXTURE.name, None)
    assert outcome.status == "importerad" and wal_size(con) == "0 bytes"
    files = [("a.csv", lambda: cp1252(BASE.replace("ROS-040", "ROS-998"))),
             ("b.csv", lambda: cp1252(BASE.replace("ROS-040", "ROS-999")))]
    assert [o.status for o in importer.import_files(con, files)] == ["importerad", "importerad"]
    assert wal_size(con) == "0 bytes"


def test_a_checkpoint_that_cannot_run_now_is_retried_in_the_background(con, monkeypatch):
    calls = []
    monkeypatch.setattr(store, "_try_checkpoint", lambda c: calls.append(c) or len(calls) >= 3)
    monkeypatch.setattr(store.time, "sleep", lambda s: None)
    assert store.checkpoint(con) is False
    for _ in range(200):  # the retry thread: two more attempts, the second succeeds
        if len(calls) >= 3 and not store._checkpoint_pending.is_set():
            break
        threading.Event().wait(0.01)
    assert len(calls) == 3 and not store._checkpoint_pending.is_set()


def test_closing_waits_for_a_call_another_thread_is_making(tmp_path):
    """DuckDB 2.0 refuses to close a connection another thread is calling (a page's query,
    the background checkpoint taking a cursor); store.close waits for the call instead of
    failing (a test's teardown did, once in CI)."""
    path = tmp_path / "mia.duckdb"
    con = store.connect(path)
    started, done = threading.Event(), []

    def long_query() -> None:
        started.set()
        done.append(con.execute("SELECT count(*) FROM range(150000000) t(i) WHERE i % 7 = 3").fetchall())

    worker = threading.Thread(target=long_query)
    worker.start()
    started.wait()
    threading.Event().wait(0.1)  # the query is running on the connection now
    store.close(path)
    worker.join()
    assert done == [[(21428571,)]]
    with pytest.raises(duckdb.ConnectionException):
        con.execute("SELECT 1")  # closed


def test_closing_gives_up_on_a_connection_that_stays_busy(monkeypatch):
    class Busy:
        calls = 0

        def close(self):
            Busy.calls += 1
            raise duckdb.ResourceInUseException("connection is busy with another call")

    with pytest.raises(duckdb.ResourceInUseException):
        store._close_when_free(Busy(), wait_s=0.1)
    assert Busy.calls > 1  # tried again before giving up


def test_no_files_import_nothing(con):
    before = digests(con)
    assert list(importer.import_files(con, [])) == []
    assert digests(con) == before


def test_a_first_delivery_and_a_replacement_store_the_same_rows(con):
    """A förbund without stored rows skips the delete (store.replace_forbund); importing it
    again replaces its rows: either way the förbund holds exactly the file's rows."""
    cur = con.cursor()
    cur.execute("DELETE FROM deltagare WHERE forbund = 'ROS'")
    sql.script(cur, "_setup/tabeller_per_forbund", {"fran": PROJECT_START, "till": PROJECT_END})  # as every open
    cur.close()
    assert "ROS" not in store.rows_per_forbund(con)
    first = importer.import_file(con, FIXTURE.read_bytes(), FIXTURE.name, None)
    assert first.status == "importerad"
    once = forbund_digests(con)["ROS"]
    again = importer.import_file(con, cp1252(BASE + "\r\n"), "igen.csv", None)  # other bytes, same rows
    assert again.status == "importerad" and again.changes() == [("ROS", 40, 40)]
    assert forbund_digests(con)["ROS"] == once
    assert store.rows_per_forbund(con)["ROS"] == 40


KEPT = {"forbund_kvalitet": "kvalitet_per_forbund($fran, $till)",
        "forbund_avslut_halvar": "avslut_per_halvar()", "forbund_inskrivna_halvar": "inskrivna_per_halvar()"}


def kept_and_recomputed(con) -> tuple[list, list]:
    """The tables the imports keep per förbund (the Data page's counts, the exits per
    half-year), and the same computed afresh from every participant row (the macros the
    open and the imports use), sorted alike."""
    cur = con.cursor()
    try:
        kept = [cur.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in KEPT]
        fresh = [cur.execute(f"SELECT * FROM {macro} ORDER BY ALL", {"fran": PROJECT_START, "till": PROJECT_END}
                             if "$" in macro else {}).fetchall() for macro in KEPT.values()]
        return kept, fresh
    finally:
        cur.close()


def test_the_tables_kept_per_forbund_follow_every_import(con):
    """forbund_kvalitet, forbund_avslut_halvar and forbund_inskrivna_halvar (what the Data
    page and the trends read instead of counting every row) equal a fresh count after a first delivery, a
    replacement with other rows and a refused file."""
    kept, fresh = kept_and_recomputed(con)
    assert kept == fresh and all(len(table) > 1 for table in kept)
    cur = con.cursor()
    cur.execute("DELETE FROM deltagare WHERE forbund = 'ROS'")
    sql.script(cur, "_setup/tabeller_per_forbund", {"fran": PROJECT_START, "till": PROJECT_END})
    cur.close()
    assert importer.import_file(con, FIXTURE.read_bytes(), FIXTURE.name, None).status == "importerad"
    kept, fresh = kept_and_recomputed(con)
    assert kept == fresh
    fewer = "\r\n".join(line for line in BASE.split("\r\n") if not line.startswith(("ROS-001;", "ROS-002;")))
    changed = fewer.replace(";Kvinna;", ";X;")
    outcome = importer.import_file(con, cp1252(changed), "andra.csv", None)
    assert outcome.status == "importerad" and outcome.changes() == [("ROS", 40, 38)]
    before = kept_and_recomputed(con)
    assert before[0] == before[1] and before[0] != kept  # ROS's counts changed
    assert importer.import_file(con, cp1252(BASE.replace("ROS-002;Roslagen", "ROS-002;Gotland")), "fel.csv",
                                None).status == "avvisad"
    assert kept_and_recomputed(con) == before


def test_reopening_recounts_what_was_changed_outside_an_import(tmp_path):
    """Rows deleted behind the importer's back leave the kept counts stale until the next
    open, which recounts them (as it recounts the rows per förbund)."""
    db = tmp_path / "mia.duckdb"
    con = store.connect(db)
    assert importer.import_file(con, FIXTURE.read_bytes(), FIXTURE.name, None).status == "importerad"
    con.cursor().execute("DELETE FROM deltagare WHERE deltagare_id = 'ROS-001'").close()
    kept, fresh = kept_and_recomputed(con)
    assert kept != fresh  # stale: rows changed outside store.replace_forbund
    store.close(db)
    con = store.connect(db)
    try:
        kept, fresh = kept_and_recomputed(con)
        assert kept == fresh and kept[0][0][1] == 39  # ROS's rows in forbund_kvalitet
    finally:
        store.close(db)


def test_database_error_inside_the_transaction_rolls_back(con, monkeypatch):
    before = digests(con)

    def fail() -> None:
        raise duckdb.IOException("disk full (simulated)")

    monkeypatch.setattr(store, "_before_commit", fail)
    outcome = importer.import_file(con, FIXTURE.read_bytes(), FIXTURE.name, None)
    assert outcome.status == "misslyckad" and not outcome.imported
    assert "rullades tillbaka" in outcome.message
    after = digests(con)
    assert {t: after[t] for t in DATA_TABLES} == {t: before[t] for t in DATA_TABLES}
    assert history(con).resultat.iloc[-1] == "misslyckad"


def test_results_follow_the_language_and_the_history_stays_swedish(con, monkeypatch):
    """On an English page the outcome messages are English; what the history stores is the
    same Swedish as from the CLI, and the history table shows it in English."""
    from mia import data_quality
    from mia.i18n import using
    from mia.ingest.messages import render

    rows = store.rows_per_forbund(con)["ROS"]
    bad = cp1252(BASE.replace("ROS-002;Roslagen", "ROS-002;Gotland"))
    with using("en"):
        refused = importer.import_file(con, bad, "fel.csv", "test")
        imported = importer.import_file(con, FIXTURE.read_bytes(), FIXTURE.name, "test")
        again = importer.import_file(con, FIXTURE.read_bytes(), FIXTURE.name, "test")
        monkeypatch.setenv("MIA_MAX_UPLOAD_MB", "1")
        importer.record_oversized(con, f"utdrag {PNR}.csv", 3 * 1024 * 1024, "test")
        shown = [render(o.message) for o in (refused, imported, again)]
        table = data_quality.import_history(con)
    assert shown == ["The file was refused; nothing in the database has changed.",
                     f"Imported: ROS {rows} → 40 rows. Extract date 2021-12-26.",
                     f"The same file (SHA-256 {imported.result.sha256[:12]}…) is already imported for ROS; "
                     "no data changed."]
    assert [str(o.message) for o in (refused, imported)] == [
        "Filen avvisades; ingenting i databasen har ändrats.",
        f"Inläst: ROS {rows} → 40 rader. Uttagsdatum 2021-12-26."]
    stored = history(con).tail(4)
    assert stored.meddelande.tolist()[:3] == [
        'Filen fel.csv kan inte läsas in: 1 fel.\nFel: Rad 3, kolumn "Förbund": Gotland är inget känt '
        "samordningsförbund i MIA. Använd förbundets kod: OS (Östra Södertörn), STH (Stockholms stad), "
        "ROS (Roslagen), SUVS (SUVS), HBS (HBS), SDT (Södertälje), VARNA (VärNa), SBG (Sundbyberg).",
        f"ROS: {rows} → 40 rader. Uttagsdatum 2021-12-26.",
        f"Samma fil (SHA-256 {imported.result.sha256[:12]}…) är redan inläst för ROS; inga data ändrades."]
    assert stored.meddelande.iloc[3].startswith("Filen (filnamnet innehöll ett personnummer och sparas inte).csv är "
                                                "för stor (3 MB); gränsen är 1 MB.")
    assert stored.sha256.iloc[3] == "(inte läst: för stor)"
    newest = table.head(4)  # newest first
    assert newest["Message"].tolist()[1:] == [
        f"The same file (SHA-256 {imported.result.sha256[:12]}…) is already imported for ROS; no data changed.",
        f"ROS: {rows} → 40 rows. Extract date 2021-12-26.",
        'The file fel.csv cannot be imported: 1 error.\nError: Row 3, column "Förbund": Gotland is not a known '
        "coordination association in MIA. Use the association's code: OS (Östra Södertörn), STH (Stockholms stad), "
        "ROS (Roslagen), SUVS (SUVS), HBS (HBS), SDT (Södertälje), VARNA (VärNa), SBG (Sundbyberg)."]
    assert newest["Message"].iloc[0].startswith("The file (the file name contained a personal identity number and "
                                                "is not stored).csv is too large (3 MB); the limit is 1 MB.")
    assert newest["File"].iloc[0] == "(the file name contained a personal identity number and is not stored).csv"
    assert newest["SHA-256"].iloc[0] == "(not read: too large)"
    assert PNR not in table.to_csv() and PNR.replace("-", "") not in table.to_csv()


def test_given_extract_date_wins_and_dates_after_today_are_capped(con):
    outcome = importer.import_file(con, FIXTURE.read_bytes(), FIXTURE.name, None, uttag=date(2022, 1, 31))
    assert outcome.uttag == date(2022, 1, 31)
    table = pa.table({"anmalningsdatum": pa.array([date(2019, 1, 1)], pa.date32()),
                      "avslutsdatum": pa.array([date(2030, 1, 1)], pa.date32())})
    assert importer.extract_date(table, today=date(2025, 5, 5)) == date(2025, 5, 5)
    assert importer.extract_date(table.select([0]), today=date(2025, 5, 5)) == date(2019, 1, 1)
    empty = pa.table({"avslutsdatum": pa.array([None], pa.date32())})
    assert importer.extract_date(empty, today=date(2025, 5, 5)) == date(2025, 5, 5)


# ---------------------------------------------------------------- killed mid-transaction

KILLER = textwrap.dedent("""
    import sys, time
    import pandas as pd
    from mia import importer, store

    def pause():
        print("started", flush=True)
        time.sleep(300)

    store._before_commit = pause
    con = store.connect(sys.argv[1])
    if sys.argv[2] == "file":
        importer.import_file(con, open(sys.argv[3], "rb").read(), "roslagen.csv", "kill-test")
    else:  # a large replacement, so that DuckDB writes row groups to the file before COMMIT
        from mia.schema import COLUMN_NAMES
        frame = con.cursor().execute(f"SELECT {', '.join(COLUMN_NAMES)} FROM deltagare").df()
        frame = pd.concat([frame] * 30, ignore_index=True)  # > one row group (122 880 rows)
        frame["deltagare_id"] = [f"X{i}" for i in range(len(frame))]
        frame["forbund"] = "ROS"
        record = store.ImportRecord("stor.csv", "0" * 64, len(frame), ("ROS",), "importerad", "kill-test")
        store.replace_forbund(con, frame, record, kalla="fil")
    print("finished", flush=True)
""")


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["file", "large"])
def test_kill_during_import_leaves_the_database_as_before(fresh_db, kind):
    con = store.connect(fresh_db)
    before, version = digests(con), store.data_version(con)
    store.close(fresh_db)
    proc = subprocess.Popen([sys.executable, "-c", KILLER, str(fresh_db), kind, str(FIXTURE)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.strip() == "started", proc.stderr.read() if proc.poll() is not None else line
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    con = store.connect(fresh_db)
    try:
        assert digests(con) == before
        assert store.data_version(con) == version
        outcome = importer.import_file(con, FIXTURE.read_bytes(), FIXTURE.name, None)  # still usable
        assert outcome.status == "importerad"
    finally:
        store.close(fresh_db)


# ---------------------------------------------------------------- property: never a crash

CELLS = st.sampled_from(["", "Täby", "Visby", "Nacka", "Roslagen", "ROS", "Gotland", "K", "Kvinna", "X", "1980",
                         "19800", "2019-02-30", "2019-03-04", "20190304", "2019-03-04 00:00", "43000", "Arbete",
                         "Semester", "=1+1", "+46", "@x", PNR, "ROS-001", "ja", "nej", "  ", '"', "'", ";", "\t"])
FILENAMES = st.sampled_from(["x.csv", "x.txt", "x.xlsx", "x.parquet", "x", "x.pdf", "x.CSV"])


@st.composite
def mutated_csv(draw) -> bytes:
    """The valid fixture with random rows dropped, random cells replaced, random separator/encoding."""
    lines = [line.split(";") for line in BASE.split("\r\n") if line]
    header, rows = lines[0], lines[1:]
    keep = draw(st.lists(st.sampled_from(range(len(rows))), max_size=12, unique=True))
    out = [list(header)] + [list(rows[i]) for i in keep]
    for _ in range(draw(st.integers(0, 6))):
        r = draw(st.integers(0, len(out) - 1))
        c = draw(st.integers(0, len(header) - 1))
        out[r][c] = draw(st.one_of(CELLS, st.text(max_size=12)))
    sep = draw(st.sampled_from([";", ",", "\t"]))
    text = "\r\n".join(sep.join(row) for row in out)
    return text.encode(draw(st.sampled_from(["cp1252", "utf-8", "utf-8-sig"])), errors="replace")


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=3000), mutated_csv()), filename=FILENAMES)
def test_any_bytes_never_crash_and_never_change_other_data(con, data, filename):
    before_tables, before_forbund = digests(con), forbund_digests(con)
    outcome = importer.import_file(con, data, filename, None)
    after_tables, after_forbund = digests(con), forbund_digests(con)
    assert after_tables["importer"][0] == before_tables["importer"][0] + 1
    if outcome.status == "importerad":
        touched = set(outcome.result.forbund)
        assert {k: v for k, v in after_forbund.items() if k not in touched} == \
            {k: v for k, v in before_forbund.items() if k not in touched}
        assert all(outcome.rows_after[c] == n for c, n in outcome.result.frame.forbund.value_counts().items())
    else:
        assert outcome.status in ("avvisad", "oförändrad")
        assert {t: after_tables[t] for t in DATA_TABLES} == {t: before_tables[t] for t in DATA_TABLES}
