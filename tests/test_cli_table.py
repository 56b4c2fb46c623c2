"""`python -m mia table jamfor`: the Jämför table exactly as the page shows it, as text or
CSV, for every filter the sidebar has."""
from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from mia import compare
from mia.cli import main
from mia.commands import table as table_verb
from mia.filters import Urval

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = ["kod", "namn", "namnare", "taljare", "andel", "ki_lag", "ki_hog", "jamforelse"]


def run_csv(capsys, *args: str) -> list[dict]:
    assert main(["table", "jamfor", *args, "--csv"]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def test_kommun_table_has_every_kommun_and_the_required_columns(capsys, demo_db_file):
    rows = run_csv(capsys, "--db", str(demo_db_file), "--niva", "kommun")
    assert len(rows) == 26
    assert all(col in rows[0] for col in REQUIRED)
    outside = [r for r in rows if r["jamforelse"] == "ej med i MIA"]
    assert sorted(r["namn"] for r in outside) == ["Ekerö", "Järfälla", "Lidingö", "Nykvarn", "Solna"]
    assert {r["andel"] for r in outside} == {"–"}
    for r in rows:
        if r["andel"] not in ("..", "–"):
            assert float(r["ki_lag"]) <= float(r["andel"]) <= float(r["ki_hog"])
            assert len(r["andel"].split(".")[1]) == 1  # one decimal
            assert r["jamforelse"] in ("högre", "i nivå med", "lägre")
        elif r["andel"] == "..":
            assert r["ki_lag"] == r["ki_hog"] == ".." and r["jamforelse"] == "jämförs ej" and r["anmarkning"]


def test_csv_equals_what_the_page_shows(capsys, demo_con, demo_db_file):
    urval = Urval(kon=("K",), namnare="avslutade")
    rows = run_csv(capsys, "--db", str(demo_db_file), "--niva", "forbund", "--utfall", "arbetsforberedande",
                   "--kon", "K", "--namnare", "avslutade")
    page = compare.table_view(compare.units(demo_con, urval, "forbund", "arbetsforberedande"))
    assert [list(r.values()) for r in rows] == page.values.tolist()
    assert list(rows[0]) == list(page.columns)


def test_small_kommun_and_kon_shows_symbols_not_numbers(capsys, demo_db_file):
    rows = {r["kod"]: r for r in run_csv(capsys, "--db", str(demo_db_file), "--kommun", "187", "--kon", "K")}
    vaxholm = rows["0187"]
    assert vaxholm["andel"] == ".." and vaxholm["taljare"] == "<5"
    assert vaxholm["anmarkning"] == "färre än 10 i underlaget"


def test_text_output_and_the_real_command(fresh_db):
    result = subprocess.run([sys.executable, "-m", "mia", "table", "jamfor", "--db", str(fresh_db), "--niva",
                             "forbund"], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["kod", "namn", "deltagare"] and len(lines) == 9
    assert "Roslagen" in result.stdout


def test_tables_are_a_registry_and_bad_input_is_explained(capsys, demo_db_file):
    assert "jamfor" in table_verb.TABLES
    with pytest.raises(SystemExit):
        main(["table", "jamfor", "--niva", "region"])
    assert main(["table", "jamfor", "--db", str(demo_db_file), "--fran", "2020-13-01"]) == 2
    assert "ÅÅÅÅ-MM-DD" in capsys.readouterr().err
