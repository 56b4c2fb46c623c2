"""`python -m mia chart|presspaket`: the same files as the page's download buttons, from
the command line, for every chart in the registry."""
from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from mia import chartbook, export
from mia.cli import main

ROOT = Path(__file__).resolve().parent.parent
needs_chromium = pytest.mark.skipif(not export.images_available(), reason="no Chromium for kaleido")


@pytest.fixture(autouse=True)
def keep_browser(monkeypatch):
    """In-process CLI runs share the test session's browser instead of closing it."""
    monkeypatch.setattr(export, "shutdown", lambda: None)


def run(*args: str) -> int:
    return main(list(args))


@needs_chromium
@pytest.mark.slow
def test_png_at_1200x675_is_exactly_that_from_the_real_command(fresh_db, tmp_path):
    # fresh_db: a private copy, since this process may hold the session database open
    out = tmp_path / "oversikt.png"
    result = subprocess.run(
        [sys.executable, "-m", "mia", "chart", "oversikt", "--db", str(fresh_db), "--kommun", "0160",
         "--format", "png", "--out", str(out), "--size", "1200x675"],
        cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    assert export.png_size(out.read_bytes()) == (1200, 675)
    assert "1200×675 px" in result.stdout
    assert "Traceback" not in result.stderr


@needs_chromium
@pytest.mark.parametrize("name", ["oversikt", "jamfor", "flode", "karta"])
def test_png_of_each_required_chart(demo_db_file, tmp_path, name):
    out = tmp_path / f"{name}.png"
    assert run("chart", name, "--db", str(demo_db_file), "--forbund", "ROS", "--format", "png", "--out", str(out),
               "--size", "1200x675") == 0
    assert export.png_size(out.read_bytes()) == (1200, 675)


@needs_chromium
def test_png_size_and_scale(demo_db_file, tmp_path):
    out = tmp_path / "kvadrat.png"
    assert run("chart", "oversikt", "--db", str(demo_db_file), "--out", str(out), "--size", "1080x1080",
               "--scale", "2") == 0
    assert export.png_size(out.read_bytes()) == (2160, 2160)


@needs_chromium
def test_svg_has_the_source_line(demo_db_file, tmp_path):
    out = tmp_path / "trend.svg"
    assert run("chart", "oversikt_trend", "--db", str(demo_db_file), "--forbund", "ROS", "--format", "svg",
               "--out", str(out)) == 0
    svg = out.read_text(encoding="utf-8")
    assert "Källa: MIA-projektets deltagarutdrag, uttag 2022-11-30 (syntetiska demodata)" in svg


@pytest.mark.parametrize("name", sorted(chartbook.CHARTS))
def test_csv_of_every_chart_equals_the_bundle(demo_con, demo_db_file, tmp_path, name):
    from mia.filters import Urval

    out = tmp_path / f"{name}.csv"
    assert run("chart", name, "--db", str(demo_db_file), "--kommun", "0160", "--out", str(out)) == 0
    assert out.read_bytes() == chartbook.build(name, demo_con, Urval(kommun=("0160",))).csv()


@needs_chromium
def test_presspaket(demo_db_file, tmp_path, capsys):
    out = tmp_path / "paket.zip"
    assert run("presspaket", "oversikt", "--db", str(demo_db_file), "--kommun", "0160", "--out", str(out),
               "--bas-url", "https://mia.example.se") == 0
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as zf:
        names = zf.namelist()
        text = zf.read("mia_oversikt_text.txt").decode("utf-8-sig")
    assert len(names) == 7 and "mia_oversikt_tryck_3600x2025.png" in names
    assert "https://mia.example.se/?kommun=0160&v=" in text
    assert "7 filer" in capsys.readouterr().out


def test_presspaket_without_images(demo_db_file, tmp_path):
    out = tmp_path / "paket.zip"
    assert run("presspaket", "oversikt_trend", "--db", str(demo_db_file), "--out", str(out), "--utan-bilder") == 0
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == ["mia_oversikt_trend.csv", "mia_oversikt_trend.xlsx",
                                         "mia_oversikt_trend_text.txt"]


@pytest.mark.parametrize("args, message", [
    (["chart", "finns_inte"], "Okänt diagram 'finns_inte'"),
    (["chart", "oversikt", "--size", "stor"], "Ogiltig storlek"),
    (["chart", "oversikt", "--kommun", "9999"], "Okänd kommunkod 9999"),
    (["chart", "oversikt", "--format", "gif"], "invalid choice"),
])
def test_errors_are_explained(demo_db_file, tmp_path, capsys, args, message):
    argv = [*args, "--db", str(demo_db_file), "--out", str(tmp_path / "x.png")]
    try:
        code = run(*argv)
    except SystemExit as exc:  # argparse's own errors
        code = exc.code
    assert code == 2
    assert message in capsys.readouterr().err
