"""`python -m mia validate` and `python -m mia import`: exit codes, Swedish messages, and
never a traceback, whatever the path points at."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mia import cli, store

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "import" / "roslagen_cp1252.csv"
BAD = FIXTURE.read_bytes().decode("cp1252").replace("ROS-002;Roslagen;Österåker", "ROS-002;Roslagen;Visby") \
    .replace("2019-06-08", "2019-02-30").encode("cp1252")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def mia(*argv: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real command line, in a child process."""
    return subprocess.run([sys.executable, "-m", "mia", *map(str, argv)], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


@pytest.fixture
def bad_file(tmp_path) -> Path:
    path = tmp_path / "trasig.csv"
    path.write_bytes(BAD)
    return path


def ros_count(db: Path) -> int:
    con = store.connect(db)
    try:
        return store.rows_per_forbund(con)["ROS"]
    finally:
        store.close(db)


# ---------------------------------------------------------------- validate

def test_validate_valid_file(capsys):
    code, out, err = run(capsys, "validate", FIXTURE)
    assert code == 0 and err == ""
    assert out.splitlines()[0] == "Filen roslagen_cp1252.csv är godkänd: 40 rader från ROS."
    assert "teckenkodning cp1252" in out and "semikolon" in out


def test_validate_invalid_file_lists_every_error(capsys, bad_file):
    code, out, _ = run(capsys, "validate", bad_file)
    lines = out.splitlines()
    assert code == 1
    assert lines[0] == "Filen trasig.csv kan inte läsas in: 2 fel."
    errors = [line for line in lines if line.startswith("Fel: ")]
    assert len(errors) == 2
    assert any(e.startswith('Fel: Rad 3, kolumn "Anmälningsdatum": 2019-02-30 är inget giltigt datum.') for e in errors)
    assert any(e.startswith('Fel: Rad 3, kolumn "Kommun": Visby är ingen kommun i Stockholms län.') for e in errors)


def test_validate_json(capsys, bad_file):
    code, out, _ = run(capsys, "validate", bad_file, "--json")
    report = json.loads(out)
    assert code == 1 and report["godkand"] is False and report["antal_fel"] == 2
    assert {e["kolumn"] for e in report["fel"]} == {"Kommun", "Anmälningsdatum"}
    assert all(e["rad"] == 3 for e in report["fel"])
    code, out, _ = run(capsys, "validate", FIXTURE, "--json")
    assert code == 0 and json.loads(out)["forbund"] == ["ROS"]


def test_validate_stores_nothing(capsys, fresh_db, monkeypatch, tmp_path):
    before = fresh_db.read_bytes()
    monkeypatch.setenv("MIA_DB", str(fresh_db))
    assert run(capsys, "validate", FIXTURE)[0] == 0
    assert fresh_db.read_bytes() == before and not fresh_db.with_name(fresh_db.name + ".wal").exists()
    missing = tmp_path / "finns_inte.duckdb"
    monkeypatch.setenv("MIA_DB", str(missing))
    assert run(capsys, "validate", FIXTURE)[0] == 0
    assert not missing.exists()


@pytest.mark.parametrize("verb", ["validate", "import"])
def test_paths_that_are_not_files(capsys, tmp_path, verb, fresh_db):
    db = ["--db", fresh_db] if verb == "import" else []
    code, out, err = run(capsys, verb, tmp_path / "saknas.csv", *db)
    assert code == 2 and "finns inte" in err and "Traceback" not in err + out
    code, out, err = run(capsys, verb, tmp_path, *db)
    assert code == 2 and "är en mapp, inte en fil" in err


def test_unreadable_file(capsys, tmp_path, monkeypatch):
    path = tmp_path / "hemlig.csv"
    path.write_bytes(FIXTURE.read_bytes())

    def denied(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)
    code, out, err = run(capsys, "validate", path)
    assert code == 2 and "kan inte läsas: behörighet saknas" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_for_real(tmp_path):
    path = tmp_path / "hemlig.csv"
    path.write_bytes(FIXTURE.read_bytes())
    path.chmod(0)
    result = mia("validate", path)
    assert result.returncode == 2 and "behörighet saknas" in result.stderr and "Traceback" not in result.stderr


def test_too_large_file_is_not_read(capsys, tmp_path, monkeypatch, fresh_db):
    monkeypatch.setenv("MIA_MAX_UPLOAD_MB", "1")
    path = tmp_path / "stor.csv"
    path.write_bytes(FIXTURE.read_bytes() * 600)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read before the size check"))
    code, _, err = run(capsys, "validate", path)
    assert code == 1 and "för stor" in err and "gränsen är 1 MB" in err
    code, _, err = run(capsys, "import", path, "--db", fresh_db)
    assert code == 1 and "för stor" in err
    con = store.connect(fresh_db)
    try:
        last = con.cursor().execute("SELECT filnamn, resultat FROM importer ORDER BY import_id DESC LIMIT 1").fetchall()
    finally:
        store.close(fresh_db)
    assert last == [("stor.csv", "avvisad")]


# ---------------------------------------------------------------- import

def test_import_then_summary_changes(capsys, fresh_db):
    rows_before = ros_count(fresh_db)
    code, out, _ = run(capsys, "summary", "--db", fresh_db, "--forbund", "ROS", "--json")
    before = json.loads(out)["antal"]
    code, out, err = run(capsys, "import", FIXTURE, "--db", fresh_db, "--vem", "Anna")
    assert code == 0, out + err
    assert out.splitlines()[0] == "Filen roslagen_cp1252.csv är godkänd: 40 rader från ROS."
    assert f"Inläst: ROS {rows_before} → 40 rader. Uttagsdatum 2021-12-26." in out
    code, out, _ = run(capsys, "summary", "--db", fresh_db, "--forbund", "ROS", "--json")
    after = json.loads(out)
    assert before not in (0, 40) and after["antal"] == 40 and after["avslutade"] == 35
    # the same file again: recorded, nothing changes, still success
    code, out, _ = run(capsys, "import", FIXTURE, "--db", fresh_db)
    assert code == 0 and "redan inläst" in out
    store.close(fresh_db)


def test_import_refused(capsys, fresh_db, bad_file):
    before = ros_count(fresh_db)
    code, out, err = run(capsys, "import", bad_file, "--db", fresh_db)
    assert code == 1 and "Traceback" not in err
    assert out.splitlines()[0] == "Filen trasig.csv kan inte läsas in: 2 fel."
    assert "Filen avvisades; ingenting i databasen har ändrats." in out
    store.close(fresh_db)
    assert ros_count(fresh_db) == before


def test_import_json(capsys, fresh_db):
    code, out, _ = run(capsys, "import", FIXTURE, "--db", fresh_db, "--json", "--uttag", "2022-01-31")
    report = json.loads(out)
    store.close(fresh_db)
    assert code == 0 and report["status"] == "importerad" and report["uttag"] == "2022-01-31"
    assert report["rader_efter"] == {"ROS": 40} and report["rader_fore"]["ROS"] > 40
    assert report["dataversion"].startswith(f"v{report['import_id']}-")


def test_import_several_files_each_on_its_own_worst_exit_code(capsys, fresh_db, bad_file, tmp_path):
    """`import A B C`: every file is imported or refused on its own, in order; a path that
    cannot be read is reported and the others still go in; the exit code is the worst."""
    missing = tmp_path / "saknas.csv"
    code, out, err = run(capsys, "import", bad_file, missing, FIXTURE, "--db", fresh_db)
    assert code == 2 and "Traceback" not in err
    assert f"Filen {missing} finns inte." in err
    assert out.index("Filen trasig.csv kan inte läsas in: 2 fel.") < out.index("Inläst: ROS")
    code, out, _ = run(capsys, "import", FIXTURE, bad_file, "--db", fresh_db, "--json")
    reports = json.loads(out)
    assert code == 1 and [r["status"] for r in reports] == ["oförändrad", "avvisad"]
    assert [r["fil"] for r in reports] == ["roslagen_cp1252.csv", "trasig.csv"]
    store.close(fresh_db)
    assert ros_count(fresh_db) == 40


def test_a_file_that_vanishes_before_its_turn_is_reported_not_a_traceback(capsys, fresh_db, tmp_path, monkeypatch):
    from mia import importer

    gone = tmp_path / "borta.csv"
    gone.write_bytes(FIXTURE.read_bytes())
    real = importer.import_files

    def delete_then_import(con, files, *args, **kwargs):
        gone.unlink()  # after the paths were checked, before the second file is read
        return real(con, files, *args, **kwargs)

    monkeypatch.setattr(importer, "import_files", delete_then_import)
    code, out, err = run(capsys, "import", FIXTURE, gone, "--db", fresh_db)
    assert code == 2 and "Traceback" not in err
    assert "Inläst" in out or "redan inläst" in out  # the first file went in
    assert f"Filen {gone} kunde inte läsas" in err and "Filerna före den är inlästa" in err
    store.close(fresh_db)


def test_bad_extract_date(capsys, fresh_db):
    code, _, err = run(capsys, "import", FIXTURE, "--db", fresh_db, "--uttag", "igår")
    assert code == 2 and "är inget datum" in err


@pytest.mark.slow
def test_real_processes_exit_codes_and_no_traceback(fresh_db, bad_file, tmp_path):
    ok = mia("validate", FIXTURE)
    assert ok.returncode == 0 and "godkänd" in ok.stdout
    refused = mia("import", bad_file, "--db", fresh_db)
    assert refused.returncode == 1 and "avvisades" in refused.stdout
    missing = mia("import", tmp_path / "nej.csv", "--db", fresh_db)
    assert missing.returncode == 2 and "finns inte" in missing.stderr
    imported = mia("import", FIXTURE, "--db", fresh_db, "--vem", "Anna")
    assert imported.returncode == 0 and "Inläst: ROS" in imported.stdout
    for result in (ok, refused, missing, imported):
        assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.slow
def test_database_in_use_by_another_process(fresh_db):
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('open', flush=True); time.sleep(60)", str(fresh_db)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        result = mia("import", FIXTURE, "--db", fresh_db)
        assert result.returncode == 2 and "används redan" in result.stderr and "Traceback" not in result.stderr
    finally:
        holder.kill()
        holder.wait()
