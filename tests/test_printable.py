"""The printable profile (mia.printable): one A4 page with title, date, data version, source
line and method note, printed to PDF by headless Chromium on exactly one page; and the
profile's press pack.

The PDF tests need Chromium (/usr/bin/chromium) and are skipped without it; each renders
two SVGs with kaleido and prints once (≈5–10 s).
"""
from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
import zipfile
from datetime import date

import pytest

from mia import export, printable, profile, store
from mia.charts.style import Source
from mia.filters import Urval

SOURCE = Source(uttag=date(2022, 11, 30), synthetic=True)
PRINTED = date(2026, 11, 22)
needs_chromium = pytest.mark.skipif(printable.chromium() is None, reason="no Chromium for kaleido and PDF")


@pytest.fixture(scope="module")
def tables(demo_con):
    return profile.tables(demo_con, Urval())


@pytest.fixture(scope="module")
def version(demo_con):
    return store.data_version(demo_con)


def _page(tables, enhet, version, **kwargs):
    p = profile.assemble(enhet, Urval(), tables)
    svg = b"<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'></svg>"
    kwargs.setdefault("spine_svg", svg)
    kwargs.setdefault("trend_svg", svg)
    return p, printable.profile_html(p, SOURCE, version, printed=PRINTED,
                                     permalink="http://127.0.0.1:8501/profil?enhet=" + enhet, **kwargs)


def test_the_page_has_title_date_version_source_and_method(tables, version):
    p, page = _page(tables, "kommun:0160", version)
    assert "@page { size: A4; margin: 12mm; }" in page
    assert "<h1>Täby</h1>" in page
    assert "2026-11-22" in page and version in page
    assert "Källa: MIA-projektets deltagarutdrag, uttag 2022-11-30 (syntetiska demodata)" in page
    assert "95 % konfidensintervall (Wilson)" in page
    assert "profil?enhet=kommun:0160" in page
    for s in p.sentences:
        assert printable._esc(s.text) in page
    assert page.count("data:image/svg+xml;base64,") == 2
    assert "http://" not in re.sub(r"http://127\.0\.0\.1:8501/profil\?enhet=kommun:0160", "", page) \
        .replace("http://www.w3.org", "")  # nothing to fetch: the page is self-contained


def test_a_kommun_outside_mia_is_said_so_on_paper(tables, version):
    p, page = _page(tables, "kommun:0186", version)
    assert "<h1>Lidingö</h1>" in page
    assert "Lidingö deltog inte i MIA. Som jämförelse visas närmaste förbund, Stockholms stad" in page
    assert "Kommun som inte deltog i MIA" in page


def test_suppressed_values_are_dots_on_paper(tables, version):
    p, page = _page(tables, "kommun:0187", version)  # Vaxholm
    keys = printable.key_numbers(p)
    assert [v for v, _, _ in keys][1:] == ["..", "..", ".."]
    assert "visas inte" in page


def _pdf_png(pdf: bytes, tmp_path) -> bytes | None:
    """The page as a PNG (pdftoppm, poppler-utils) when available, for looking at it."""
    if not shutil.which("pdftoppm"):
        return None
    path = tmp_path / "profil.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", str(path), str(tmp_path / "profil")], check=True)
    return (tmp_path / "profil.png").read_bytes()


@needs_chromium
@pytest.mark.parametrize("enhet", ["kommun:0160", "kommun:0123", "forbund:HBS"])
def test_the_pdf_is_one_a4_page(tables, version, enhet, tmp_path):
    p = profile.assemble(enhet, Urval(), tables)
    page = printable.profile_html(p, SOURCE, version, printed=PRINTED, permalink="http://127.0.0.1:8501/profil")
    pdf = printable.html_to_pdf(page)
    assert pdf.startswith(b"%PDF")
    assert printable.pdf_pages(pdf) == 1
    media = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert media and abs(float(media.group(1)) - 595.3) < 1.5 and abs(float(media.group(2)) - 841.9) < 1.5
    png = _pdf_png(pdf, tmp_path)
    if png is not None:
        (printable_dir := tmp_path).joinpath(f"{enhet.replace(':', '_')}.png").write_bytes(png)
        assert export.png_size(png)[1] > export.png_size(png)[0]  # portrait
    # The figures are embedded as SVG, not fetched.
    svgs = re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", page)
    assert len(svgs) == 2 and all(base64.b64decode(s).lstrip().startswith(b"<svg") for s in svgs)


def test_pdf_pages_counts_page_objects():
    one = b"%PDF-1.4 1 0 obj << /Type /Pages /Kids [2 0 R] >> 2 0 obj << /Type /Page >>"
    assert printable.pdf_pages(one) == 1
    assert printable.pdf_pages(one + b" 3 0 obj << /Type/Page >>") == 2


def test_without_chromium_the_pdf_says_why(monkeypatch, tables, version):
    monkeypatch.setattr(printable, "chromium", lambda: None)
    with pytest.raises(printable.PrintError, match="Chromium"):
        printable.html_to_pdf("<html></html>")


def test_press_pack_without_images_has_numbers_and_text(tables, version):
    p = profile.assemble("kommun:0187", Urval(), tables)
    data = printable.presspaket(p, SOURCE, version, "http://127.0.0.1:8501/profil?enhet=kommun:0187", images=False)
    names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert {"mia_profil_0187.csv", "mia_profil_0187.xlsx", "mia_profil_0187_trend.csv",
            "mia_profil_0187_profil_text.txt"} <= names
    zf = zipfile.ZipFile(io.BytesIO(data))
    csv_text = zf.read("mia_profil_0187.csv").decode("utf-8-sig")
    assert "Till arbete eller studier;%;..;..;..;<5" in csv_text
    text = zf.read("mia_profil_0187_profil_text.txt").decode("utf-8-sig")
    assert p.sentences[0].text in text and "profil?enhet=kommun:0187" in text


@needs_chromium
def test_spine_images_are_laid_out_for_each_size(tables):
    p = profile.assemble("kommun:0160", Urval(), tables)
    spine, _trend = printable.bundles(p, SOURCE)
    png = spine.png(export.SQUARE)
    assert export.png_size(png) == (1080, 1080)
    fig = printable.spine_for_size(p, "sub", SOURCE, 1080, 1080)
    columns = sorted({a.xshift for a in fig.layout.annotations if a.xref == "paper" and a.yref == "y"})
    assert len(columns) == 3  # value, county, comparison
    assert fig.layout.xaxis.domain[1] < 1 + min(columns) / printable._paper_width(1080, 1080)  # no overlap


def test_without_chromium_the_page_shows_the_numbers_as_tables(monkeypatch, tables, version):
    def no_images(*args, **kwargs):
        raise export.ImageExportError("Bildexport på servern kräver Chromium")

    monkeypatch.setattr(export, "svg_bytes", no_images)
    p = profile.assemble("kommun:0187", Urval(), tables)
    page = printable.profile_html(p, SOURCE, version, printed=PRINTED)
    assert "data:image/svg" not in page
    assert page.count("<table class='numbers'>") == 2
    assert "<td>Till arbete eller studier</td><td>..</td>" in page
