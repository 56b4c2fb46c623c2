"""Press export: finished images at the promised sizes, Swedish number format in the
figures, the source line in the SVG, CSV/XLSX holding exactly the plotted numbers (with
suppression markers, never zeros), formula neutralisation, and the press pack's contents.

Images need Chromium (kaleido); those tests skip without it. One browser is kept running
for the whole session (mia.export), and identical renders are cached, so the handful of
images here costs a few seconds after the first.
"""
from __future__ import annotations

import io
import json
import math
import re
import zipfile

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from mia import chartbook, export
from mia.filters import Urval

NBSP = "\u00a0"
TABY = Urval(kommun=("0160",))
SMALL = Urval(kommun=("0187",), kon=("K",))  # Vaxholm, women: every share suppressed

needs_chromium = pytest.mark.skipif(not export.images_available(), reason="no Chromium for kaleido")


def normalise(text: str) -> str:
    """NBSP, thin space and entities as plain spaces, for searching rendered text."""
    text = text.replace("&nbsp;", " ").replace("&#160;", " ")
    return text.replace(NBSP, " ").replace("\u202f", " ").replace("\u2009", " ")


@pytest.fixture(scope="module")
def taby(demo_con):
    return chartbook.build("oversikt", demo_con, TABY)


@pytest.fixture(scope="module")
def taby_trend(demo_con):
    return chartbook.build("oversikt_trend", demo_con, TABY)


@pytest.fixture(scope="module")
def small(demo_con):
    return chartbook.build("oversikt", demo_con, SMALL)


def test_a_bundle_drawn_on_demand_draws_its_figure_once_and_only_when_read():
    drawn = []

    def draw(width: int, height: int) -> go.Figure:
        drawn.append((width, height))
        return go.Figure(layout={"width": width, "height": height, "meta": {"title": "Rubrik"}})

    bundle = export.ChartBundle(name="karta", figure=None, table=pd.DataFrame({"a": [1]}), sentence="s", alt="a",
                                figure_for=draw, meta={"title": "Rubrik", "subtitle": "Under", "note": "Not"})
    linked = bundle.with_permalink("https://example.org/karta")
    assert (bundle.title, bundle.subtitle, linked.title, linked.permalink) == (
        "Rubrik", "Under", "Rubrik", "https://example.org/karta")
    assert ("Anmärkning", "Not") in bundle.about() and bundle.csv()
    assert drawn == []  # titles, texts, tables and a linked copy need no figure
    assert bundle.figure.layout.width == 1200 and bundle.figure is bundle.figure
    assert drawn == [(1200, 675)]
    assert bundle.image_figure(1080, 1080)[0].layout.height == 1080 and drawn[-1] == (1080, 1080)


def test_a_bundle_needs_a_figure_or_a_way_to_draw_one():
    with pytest.raises(ValueError):
        export.ChartBundle(name="x", figure=None, table=pd.DataFrame(), sentence="", alt="")


def csv_frame(bundle) -> pd.DataFrame:
    return export.read_csv(bundle.csv())


def cell_number(text: str) -> float:
    """A CSV cell "15,7" -> 15.7 (fails on markers)."""
    return float(text.replace(",", "."))


def plotted(values) -> list[float | None]:
    out = []
    for v in list(values):
        out.append(None if v is None or (isinstance(v, float) and math.isnan(v)) else round(float(v), 1))
    return out


# ------------------------------------------------------------------ images


@needs_chromium
@pytest.mark.parametrize("image, pixels", [(export.LANDSCAPE, (1200, 675)), (export.SQUARE, (1080, 1080)),
                                           (export.PRINT, (3600, 2025))])
def test_png_has_exactly_the_promised_size(taby, image, pixels):
    data = taby.png(image)
    assert export.png_size(data) == pixels
    assert image.file_name("oversikt").endswith(f"_{pixels[0]}x{pixels[1]}.png")


@needs_chromium
def test_png_carries_title_alt_text_and_source(taby):
    meta = export.png_text(taby.png())
    assert meta["Title"] == taby.title
    assert meta["Description"] == taby.alt
    assert "Källa: MIA-projektets deltagarutdrag" in meta["Comment"]


@needs_chromium
def test_svg_has_source_line_and_swedish_numbers(taby):
    svg = normalise(taby.svg().decode("utf-8"))
    assert "Källa: MIA-projektets deltagarutdrag, uttag 2022-11-30 (syntetiska demodata)" in svg
    assert f"<title>{normalise(taby.title)}</title>" in svg
    assert "<desc>" in svg
    # Bar labels, target labels and ticks in Swedish format: "21 %", "mål 30 %", "20 %".
    share = round(taby.figure.data[0].x[0])
    assert f">{share} %<" in svg
    assert ">mål 30 %<" in svg
    assert ">20 %<" in svg
    texts = re.findall(r">([^<>]*\d[^<>]*)<", svg)
    assert not [t for t in texts if re.search(r"\d\.\d", t)], "a decimal point in the figure's text"
    assert not [t for t in texts if re.search(r"\d%", t)], "a percent sign without a space"


@needs_chromium
def test_square_is_laid_out_bigger_and_wrapped(taby_trend):
    landscape = export.sized(taby_trend.figure, 1200, 675)
    square = export.sized(taby_trend.figure, 1080, 1080)
    assert square.layout.font.size > landscape.layout.font.size * 1.2
    assert square.layout.title.font.size > landscape.layout.title.font.size
    for fig, width in ((landscape, 1200), (square, 1080)):
        size = fig.layout.title.font.size
        for line in re.split("<br>", re.sub("</?b>", "", fig.layout.title.text)):
            assert export.text_width(line, size, bold=True) <= width - 2 * export.PAD * export.font_scale(width, fig.layout.height)
    source = [a for a in square.layout.annotations if a.name == "source_line"]
    assert len(source) == 1 and "Källa:" in source[0].text


def test_without_chromium_the_error_is_swedish_and_tables_still_work(monkeypatch, taby):
    monkeypatch.setenv("BROWSER_PATH", "/finns/inte/chromium")
    assert not export.images_available()
    with pytest.raises(export.ImageExportError, match="Chromium.*kameraknappen"):
        export.png_bytes(go.Figure(go.Bar(x=["a"], y=[1])), 1200, 675)  # not in the render cache
    files = export.presspaket_files(taby, images=False)
    assert not [f for f in files if f.endswith((".png", ".svg"))]
    assert "bilderna saknas" in files["mia_oversikt_text.txt"].decode("utf-8-sig")
    assert taby.csv() and taby.xlsx()


def test_modebar_uses_the_same_file_name_and_size():
    options = export.modebar_config("oversikt")["toImageButtonOptions"]
    assert options == {"format": "png", "filename": "mia_oversikt_1200x675", "width": 1200, "height": 675, "scale": 1}


# ------------------------------------------------------------------ Swedish format in the figure


def test_figures_use_swedish_separators_and_percent(taby, taby_trend):
    for bundle in (taby, taby_trend):
        fig = bundle.figure
        assert fig.layout.separators == ", "  # decimal comma, space between thousands
        meta = fig.layout.meta
        assert re.search(rf"\d{NBSP}%", meta["title"])
    labels = [x for x in taby.figure.data[0].text if x]
    assert labels and all(re.fullmatch(rf"\d{{1,3}}{NBSP}%", x) for x in labels)
    assert all(a.text.startswith("mål ") and a.text.endswith(f"{NBSP}%") for a in taby.figure.layout.annotations
               if a.text and a.text.startswith("mål"))


def test_sentence_states_number_interval_population_and_comparison(taby, demo_con):
    row = taby.table.iloc[0]
    share = round(row[export.t("Andel (%)")])
    assert taby.sentence.startswith(f"I Täby gick {share}{NBSP}% (95{NBSP}% KI ")
    assert "inskrivna deltagarna" in taby.sentence and "2017-04-01–2022-09-30" in taby.sentence
    assert "länet" in taby.sentence and "Projektets mål var 30" in taby.sentence
    whole = chartbook.build("oversikt", demo_con, Urval())
    assert "länet" not in whole.sentence  # the county is not compared with itself
    assert "I MIA som helhet" in whole.sentence


def test_suppressed_selection_is_never_a_number_in_words_or_a_zero_bar(small):
    assert "underlaget för litet" in small.sentence
    assert "%" not in small.sentence
    assert all(v is None or math.isnan(v) for v in small.figure.data[0].x)
    assert "visas inte" in small.alt


# ------------------------------------------------------------------ tables


def test_csv_holds_exactly_the_plotted_values(taby):
    table = csv_frame(taby)
    fig = taby.figure
    bars = fig.data[0]
    assert plotted(bars.x) == [cell_number(v) for v in table["Andel (%)"]]
    low = [None if x is None else round(x - m, 1) for x, m in zip(plotted(bars.x), bars.error_x.arrayminus)]
    high = [None if x is None else round(x + p, 1) for x, p in zip(plotted(bars.x), bars.error_x.array)]
    assert low == [cell_number(v) for v in table["95 % KI, nedre (%)"]]
    assert high == [cell_number(v) for v in table["95 % KI, övre (%)"]]
    targets = [s.x0 for s in fig.layout.shapes if s.type == "line"]
    assert targets == [cell_number(v) for v in table["Mål (%)"]]
    county = next(tr for tr in fig.data if tr.name == "Länet (alla förbund)")
    assert plotted(county.x) == [cell_number(v) for v in table["Länet, alla förbund (%)"]]
    assert list(bars.y) == list(table["Mått"])


def test_trend_csv_matches_the_lines_and_marks_gaps(taby_trend):
    table = csv_frame(taby_trend)
    lines = {tr.name: tr for tr in taby_trend.figure.data if tr.mode == "lines+markers"}
    for name, column in (("Arbete eller studier", "Arbete eller studier (%)"),
                         ("Arbetsförberedande insats", "Arbetsförberedande insats (%)")):
        expected = [None if v == ".." else cell_number(v) for v in table[column]]
        assert plotted(lines[name].y) == expected
    assert (table["Arbete eller studier (%)"] == "..").sum() >= 5  # Täby: most half-years hidden
    assert "0" not in set(table["Arbete eller studier (%)"])


def test_suppressed_cells_are_markers_never_zeros(small):
    table = csv_frame(small)
    for column in ("Andel (%)", "95 % KI, nedre (%)", "95 % KI, övre (%)"):
        assert set(table[column]) == {".."}
    book = _load_xlsx(small.xlsx())
    values = [c.value for c in book["Data"]["B"][1:]]
    assert values == ["..", "..", ".."]


def test_count_and_share_cells():
    assert export.count_cells([0, 3, 5, 1234, float("nan")]) == [0, "<5", 5, 1234, ".."]
    assert export.count_cells([12, 12], status=["visad", "sekundar"]) == [12, ".."]
    assert export.share_cells([16.94, 20.0, 33.3], status=["visad", "namnare", "visad"]) == [16.9, "..", 33.3]


def test_csv_is_for_swedish_excel(taby):
    data = taby.csv()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark
    text = data.decode("utf-8-sig")
    header, first = text.split("\r\n")[:2]
    assert header.startswith("Mått;Andel (%);")
    assert re.search(r";\d+,\d;", first), "decimal comma"
    assert "." not in first.replace("..", "")


def test_csv_is_for_english_excel_in_english(demo_con):
    """In English: `,` between fields and a decimal point (English regional settings), the
    headers and texts in English; still UTF-8 with BOM and CRLF."""
    from mia.i18n import using

    with using("en"):
        bundle = chartbook.build("oversikt", demo_con, TABY)
        data = bundle.csv()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    header, first = text.split("\r\n")[:2]
    assert header.startswith('Measure,Share (%),"95 % CI, lower (%)","95 % CI, upper (%)",')
    assert first.startswith("To work or studies,") and ";" not in text
    cells = first.split(",")[1:]  # no text cell of this row holds a comma
    assert re.fullmatch(r"\d+\.\d", cells[0]), "decimal point"
    assert all(re.fullmatch(r"\d+(\.\d)?|in line|higher|lower", c) for c in cells), cells
    table = export.read_csv(data)
    assert list(table.columns) == list(bundle.table.columns)
    swedish = export.read_csv(chartbook.build("oversikt", demo_con, TABY).csv())
    assert len(table) == len(swedish) and table.iloc[0, 1] == swedish.iloc[0, 1].replace(",", ".")


def test_csv_follows_the_language_when_written():
    """The same table: Swedish `;` and decimal comma, English `,` and decimal point — chosen by
    the language of the moment (the download button's deferred call runs in the session's)."""
    from mia.i18n import using

    df = pd.DataFrame({"namn": ["Täby, stad", "B"], "andel": [16.94, 20.0], "antal": [12, "<5"],
                       "visad": [True, False]}, dtype="object")
    swedish = export.csv_bytes(df).decode("utf-8-sig")
    assert swedish == "namn;andel;antal;visad\r\nTäby, stad;16,94;12;ja\r\nB;20;<5;nej\r\n"
    with using("en"):
        english = export.csv_bytes(df).decode("utf-8-sig")
        assert export.deferred(export.csv_bytes, df)() == english.encode("utf-8-sig")
    assert english == 'namn,andel,antal,visad\r\n"Täby, stad",16.94,12,yes\r\nB,20,<5,no\r\n'
    assert export.csv_bytes(df, "en") == english.encode("utf-8-sig") and export.csv_bytes(df, "sv") == \
        swedish.encode("utf-8-sig")
    for text in (swedish, english):
        back = export.read_csv(text.encode("utf-8-sig"))
        assert list(back.columns) == ["namn", "andel", "antal", "visad"] and back.namn.tolist() == ["Täby, stad", "B"]
    assert export.csv_format("sv") == (";", ",") and export.csv_format("en") == (",", ".")


def test_plotted_table_from_a_page_table():
    df = pd.DataFrame({"namn": ["A", "B"], "kod": ["0160", "0187"], "antal": [12.0, np.nan],
                       "antal_status": ["visad", "liten"], "antal_visning": ["12", "<5"], "andel": [16.94, np.nan],
                       "text": ["16.9", ".."]})
    out = export.plotted_table(df)
    assert list(out.columns) == ["namn", "kod", "antal", "andel", "text"]
    assert out.kod.tolist() == ["0160", "0187"]
    assert out.antal.tolist() == [12.0, "<5"]
    assert out.andel.tolist() == [16.9, ".."]
    assert out.text.tolist() == [16.9, ".."]
    assert "16,9" in export.csv_bytes(out).decode("utf-8-sig")


# ------------------------------------------------------------------ neutralising formulas


def test_neutralise_prefixes_every_formula_start():
    df = pd.DataFrame({"=namn": ["=1+1", "+46", "-2", "@SUM(A1)", "\tx", "\rx", "Täby", "Upplands-Bro"],
                       "tal": [1, -3, 2.5, 0, 1, 1, 1, 1]}, dtype="object")
    safe = export.neutralise(df)
    assert list(safe.columns) == ["'=namn", "tal"]
    assert safe["'=namn"].tolist() == ["'=1+1", "'+46", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "Täby", "Upplands-Bro"]
    assert safe.tal.tolist() == [1, -3, 2.5, 0, 1, 1, 1, 1]  # numbers stay numbers
    csv_text = export.csv_bytes(df).decode("utf-8-sig")
    assert "'=1+1" in csv_text and ";-3\r\n" in csv_text
    sheet = _load_xlsx(export.xlsx_bytes(df))["Data"]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"], "a formula cell in the XLSX"
    assert sheet["A2"].value == "'=1+1"
    assert sheet["B3"].value == -3


def _load_xlsx(data: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data))


def test_xlsx_numbers_are_numbers_and_has_an_about_sheet(taby):
    book = _load_xlsx(taby.xlsx())
    data = book["Data"]
    assert data["A1"].value == "Mått"
    assert isinstance(data["B2"].value, float)
    about = {row[0].value: row[1].value for row in book["Om diagrammet"].iter_rows()}
    assert about["Pressmening"] == taby.sentence
    assert about["Alt-text"] == taby.alt
    assert about["Källa"].startswith("Källa: MIA-projektets deltagarutdrag, uttag 2022-11-30")


# ------------------------------------------------------------------ press pack


def test_method_note_uses_the_configured_thresholds(monkeypatch):
    monkeypatch.setenv("MIA_MIN_NAMNARE", "15")
    monkeypatch.setenv("MIA_MIN_ANTAL", "3")
    note = export.method_note()
    assert "Wilson" in note and "färre än 15 personer" in note and '"<3"' in note and "1–2" in note
    assert "1,96" in note and "3,09" in note


def test_permalink_reproduces_the_view(taby):
    assert taby.permalink.startswith("http://127.0.0.1:8501/?")
    assert "kommun=0160" in taby.permalink and "v=" in taby.permalink
    assert export.permalink("jamfor", {"kommun": "0160", "v": "x"}, "https://mia.example.se/") == \
        "https://mia.example.se/jamfor?kommun=0160&v=x"


@needs_chromium
def test_presspaket_holds_images_tables_and_text(taby):
    data = taby.zip()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        assert names == {"mia_oversikt_1200x675.png", "mia_oversikt_1080x1080.png",
                         "mia_oversikt_tryck_3600x2025.png", "mia_oversikt_1200x675.svg",
                         "mia_oversikt.csv", "mia_oversikt.xlsx", "mia_oversikt_text.txt"}
        assert export.png_size(zf.read("mia_oversikt_1080x1080.png")) == (1080, 1080)
        assert export.png_size(zf.read("mia_oversikt_tryck_3600x2025.png")) == (3600, 2025)
        assert zf.read("mia_oversikt.csv") == taby.csv()
        text = zf.read("mia_oversikt_text.txt").decode("utf-8-sig")
    for part in (taby.sentence, taby.alt, taby.source_line, taby.permalink, "Wilson", "Röjandekontroll",
                 "mia_oversikt.xlsx"):
        assert part in text


def test_download_buttons_on_the_overview_page(app):
    at = app()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("Presspaket (zip)") == 2
    for label in ("CSV", "XLSX"):
        assert labels.count(label) == 2
    if export.images_available():
        for label in ("PNG 1200×675", "PNG 1080×1080", "PNG tryck (3×)", "SVG"):
            assert labels.count(label) == 2
    assert [m for m in at.markdown if m.value.startswith("**Pressmening:**")]


# ------------------------------------------------------------------ every registered chart

REQUIRED = ("oversikt", "jamfor", "flode", "karta")


def test_the_registry_has_the_required_charts():
    assert set(REQUIRED) <= set(chartbook.CHARTS)


@pytest.mark.parametrize("name", sorted(chartbook.CHARTS))
def test_every_chart_is_a_finished_bundle(demo_con, name):
    bundle = chartbook.build(name, demo_con, TABY)
    assert bundle.title and bundle.alt and bundle.sentence
    assert bundle.source_line.startswith("Källa: MIA-projektets deltagarutdrag, uttag 2022-11-30")
    assert "syntetiska demodata" in bundle.source_line
    assert "v=" in bundle.permalink and "kommun=0160" in bundle.permalink
    cells = [v for col in bundle.table.columns for v in bundle.table[col]]
    assert not [v for v in cells if v is None or (isinstance(v, float) and math.isnan(v))], "an empty cell"
    assert not re.search(r"\d\.\d", bundle.sentence), "a decimal point in the sentence"


def test_jamfor_csv_holds_the_plotted_points(demo_con):
    bundle = chartbook.build("jamfor", demo_con, TABY)
    points = set()
    for trace in bundle.figure.data:
        if trace.mode == "markers+text":
            points |= {(int(x), round(float(y), 1)) for x, y in zip(trace.x, trace.y)}
    table = csv_frame(bundle)
    shown = table[table["Andel (%)"] != ".."]
    assert points == {(int(n), cell_number(a)) for n, a in zip(shown["Nämnare (antal personer)"], shown["Andel (%)"])}
    hidden = table[table["Andel (%)"] == ".."]
    assert len(hidden) and "0" not in set(hidden["95 % KI, nedre (%)"])


def test_flode_csv_holds_the_plotted_bars(demo_con):
    bundle = chartbook.build("flode", demo_con, SMALL)
    bars = bundle.figure.data[0]
    table = csv_frame(bundle)
    assert plotted(bars.x) == [None if v == ".." else cell_number(v) for v in table["Andel av anmälda (%)"]]
    assert "<5" in set(table["Antal"])  # Vaxholm, women: small outcome counts are "<5", not numbers


@needs_chromium
@pytest.mark.parametrize("name, urval", [("oversikt", TABY), ("oversikt_trend", Urval()), ("jamfor", TABY)])
def test_nothing_touches_the_edges(demo_con, name, urval):
    """Titles, labels and the source line stay inside a white frame at both sizes (a
    cut-off title or tick label would leave ink at the image's edge)."""
    from PIL import Image

    bundle = chartbook.build(name, demo_con, urval)
    for image in (export.LANDSCAPE, export.SQUARE):
        pixels = np.asarray(Image.open(io.BytesIO(bundle.png(image))).convert("L"))
        border = np.concatenate([pixels[:8].ravel(), pixels[-8:].ravel(), pixels[:, :8].ravel(), pixels[:, -8:].ravel()])
        assert border.min() > 200, f"{name} {image.key}: ink at the edge"
        ink = np.where((pixels < 128).any(axis=1))[0]
        assert ink.max() > pixels.shape[0] * 0.9, f"{name} {image.key}: no source line at the foot"


def test_page_says_so_without_chromium(app, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/finns/inte/chromium")
    at = app()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert "PNG 1200×675" not in labels and labels.count("Presspaket (zip)") == 2 and labels.count("CSV") == 2
    assert any("kräver Chromium" in c.value and "kameraknappen" in c.value for c in at.caption)
    spec = json.loads(at.get("plotly_chart")[0].proto.config)
    assert spec["toImageButtonOptions"]["filename"] == "mia_oversikt_1200x675"


def test_crowded_point_labels_are_moved_or_left_out():
    from mia.charts.style import Source, finish

    fig = finish({"data": [{"type": "scatter", "x": [100, 104, 108, 500], "y": [20, 20.3, 19.8, 30],
                            "mode": "markers+text", "text": ["Östra Södertörn", "Roslagen", "Södertälje", "Sundbyberg"],
                            "textposition": "top center", "marker": {"size": 11}}],
                  "layout": {"xaxis": {"type": "log"}, "yaxis": {"range": [0, 50]}}},
                 "Titel", "Underrubrik", Source(None, True))
    out = export.sized(fig, 1080, 1080).data[0]
    shown = [x for x in out.text if x]
    assert "Sundbyberg" in shown and len(shown) >= 3  # most labels kept ...
    assert len({pos for pos, x in zip(out.textposition, out.text) if x}) > 1  # ... by moving some aside
    assert list(fig.data[0].text) == ["Östra Södertörn", "Roslagen", "Södertälje", "Sundbyberg"]  # original intact
