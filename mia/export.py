"""Press-ready files for one chart: images, the plotted numbers, the text, a press pack.

Pure (no Streamlit): the pages, the CLI (`python -m mia chart|presspaket`) and the tests
use the same functions, so a downloaded file and a scripted one are byte-for-byte alike.

A `ChartBundle` is everything a communicator needs about one chart: the finished figure,
`table` (exactly the plotted numbers, in the plotted shape, with "<5"/".." where a value
is suppressed — never a zero), the generated Swedish sentence and alt text, the source
line, the permalink to the exact view and the method note.

Images
------
`png_bytes(fig, width, height, scale)` and `svg_bytes(fig, ...)` first lay the figure out
for that size (`sized`: wrapped title and subtitle, margins that fit, fonts scaled up for
the square so it reads in a feed, the source line at the foot), then render it with
kaleido. Kaleido needs Chromium: one browser is started on first use
(`kaleido.start_sync_server`) and reused for every later export (≈0.3–0.5 s per image
instead of ≈4–7 s), stopped at exit. Calls are serialised (kaleido's sync server is not
thread-safe) and watched, so a dead browser gives an `ImageExportError` instead of a hang.
Without Chromium (`BROWSER_PATH` or /usr/bin/chromium) `ImageExportError` says so in
Swedish; the Plotly modebar (camera button) still exports PNG in the user's browser.

Tables
------
CSV is written for Excel in the language of the page, which opens it with a double click:
UTF-8 with a byte order mark (else Excel guesses the ANSI code page and breaks å ä ö),
CRLF line ends, no thousands separator (it would turn numbers into text). In Swedish `;`
as separator and decimal comma (Excel with Swedish regional settings uses `,` as the
decimal sign and `;` as the list separator); in English `,` as separator and decimal point
(English regional settings), headers and texts in English as the table has them. Suppressed cells hold "<5" or "..", never 0 and never empty. XLSX holds numbers as
numbers (formatted with a decimal comma by Excel's locale), the same markers as text, and
a second sheet "Om diagrammet" with title, sentence, alt text, source, permalink and
method. Every text cell that starts with = + - @ (or tab/CR, or their full-width forms) is
prefixed with ' by `neutralise`, so no cell can run as a formula (CSV/formula injection).
"""
from __future__ import annotations

import atexit
import csv
import hashlib
import html
import io
import math
import os
import re
import shutil
import struct
import threading
import time
import zipfile
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Callable, Iterable, Mapping
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from mia import config
from mia.i18n import language, set_language, t, using

SUPPRESSED = ".."


# ---------------------------------------------------------------------------- formats


@dataclass(frozen=True)
class ImageFormat:
    """One image download: pixel size of the layout and the print scale factor."""

    key: str
    label: str
    width: int
    height: int
    scale: int = 1

    @property
    def pixels(self) -> tuple[int, int]:
        return self.width * self.scale, self.height * self.scale

    def file_name(self, name: str) -> str:
        w, h = self.pixels
        suffix = "_tryck" if self.scale > 1 else ""
        return f"{file_stem(name)}{suffix}_{w}x{h}.png"


LANDSCAPE = ImageFormat("liggande", "PNG 1200×675", 1200, 675)
SQUARE = ImageFormat("kvadrat", "PNG 1080×1080", 1080, 1080)
PRINT = ImageFormat("tryck", "PNG tryck (3×)", 1200, 675, 3)
IMAGE_FORMATS: tuple[ImageFormat, ...] = (LANDSCAPE, SQUARE, PRINT)


def file_stem(name: str) -> str:
    """"oversikt" -> "mia_oversikt"; only a-z, 0-9, _ and - survive (safe on every OS)."""
    clean = re.sub(r"[^a-z0-9_-]+", "_", name.lower()).strip("_") or "diagram"
    return clean if clean.startswith("mia_") else f"mia_{clean}"


def modebar_config(name: str) -> dict:
    """Plotly config for st.plotly_chart: the camera button saves the landscape PNG under
    the same name and size as the server-side download (works without Chromium)."""
    return {"displaylogo": False,
            "modeBarButtonsToRemove": ["select2d", "lasso2d"],
            "toImageButtonOptions": {"format": "png", "filename": LANDSCAPE.file_name(name)[:-4],
                                     "width": LANDSCAPE.width, "height": LANDSCAPE.height, "scale": 1}}


# ---------------------------------------------------------------------------- bundle


@dataclass(eq=False)
class ChartBundle:
    """Everything about one finished chart that a download or a press pack holds."""

    name: str                      # stable ascii id, also the file-name stem ("oversikt")
    figure: go.Figure | None       # finished by mia.charts.style.finish; None: drawn by
                                   # figure_for at 1200×675 when first read (see below)
    table: pd.DataFrame            # exactly the plotted numbers; "<5"/".." where suppressed
    sentence: str                  # generated press sentence (template, never free text)
    alt: str                       # alt text describing the chart and its numbers
    source_line: str = ""          # "Källa: …, uttag ÅÅÅÅ-MM-DD (syntetiska demodata)"
    permalink: str = ""            # URL reproducing the exact view
    method_note: str = ""          # intervals, comparisons, suppression, definitions
    extra_files: dict[str, bytes] = field(default_factory=dict)  # more files for the press pack
    # For figures that lay themselves out per size (the map): (width, height) -> figure;
    # then images use it as is instead of `sized(figure, ...)`.
    figure_for: Callable[[int, int], go.Figure] | None = None
    # What `finish` stores in layout.meta (title, subtitle, source_line, note), for a
    # bundle made with figure=None: its title and texts without drawing the figure.
    meta: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self._kept_figure is None and self.figure_for is None:
            raise ValueError("a ChartBundle needs a figure or figure_for")
        if not self.source_line:
            meta = self.figure_meta()
            self.source_line = meta.get("source") or meta.get("source_line", "")
        if not self.method_note:
            self.method_note = method_note()

    def figure_meta(self) -> dict:
        """The figure's meta: `meta` when given, else what `finish` stored in the figure."""
        return dict(self.meta) if self.meta else figure_meta(self.figure)

    @property
    def title(self) -> str:
        return self.figure_meta().get("title", "")

    @property
    def subtitle(self) -> str:
        return self.figure_meta().get("subtitle", "")

    def with_permalink(self, url: str) -> "ChartBundle":
        return replace(self, figure=self._kept_figure, permalink=url)  # not drawn for the copy

    # Convenience: the downloads of this bundle.
    def image_figure(self, width: int, height: int) -> tuple[go.Figure, bool]:
        """(figure, needs `sized`) for an image of width×height."""
        if self.figure_for is not None:
            return self.figure_for(width, height), False
        return self.figure, True

    def png(self, image: ImageFormat = LANDSCAPE, width: int | None = None, height: int | None = None,
            scale: float | None = None) -> bytes:
        w, h = width or image.width, height or image.height
        fig, lay_out = self.image_figure(w, h)
        return png_bytes(fig, w, h, scale if scale is not None else image.scale, meta=self._png_meta(), lay_out=lay_out)

    def svg(self, width: int = LANDSCAPE.width, height: int = LANDSCAPE.height) -> bytes:
        fig, lay_out = self.image_figure(width, height)
        return svg_bytes(fig, width, height, title=self.title, desc=self.alt, lay_out=lay_out)

    def csv(self) -> bytes:
        return csv_bytes(self.table)

    def xlsx(self) -> bytes:
        return xlsx_bytes(self.table, about=self.about())

    def text(self) -> str:
        return press_text(self)

    def zip(self, images: bool = True) -> bytes:
        return presspaket_zip(self, images=images)

    def about(self) -> list[tuple[str, str]]:
        """(label, text) pairs describing the chart, for the XLSX sheet and the .txt."""
        note = self.figure_meta().get("note", "")
        return [(t("Titel"), self.title), (t("Underrubrik"), self.subtitle),
                (t("Pressmening"), self.sentence or t("(ingen genererad mening för det här diagrammet)")),
                (t("Alt-text"), self.alt), (t("Källa"), self.source_line),
                *([(t("Anmärkning"), note)] if note else []),
                (t("Länk till vyn"), self.permalink), (t("Metod"), self.method_note)]

    def _png_meta(self) -> dict[str, str]:
        return {"Title": self.title, "Description": self.alt,
                "Comment": " ".join(x for x in (self.source_line, self.permalink) if x)}


def _drawn_figure(bundle: ChartBundle) -> go.Figure:
    if bundle._kept_figure is None:
        bundle._kept_figure = bundle.figure_for(LANDSCAPE.width, LANDSCAPE.height)
    return bundle._kept_figure


def _set_figure(bundle: ChartBundle, figure: go.Figure | None) -> None:
    bundle._kept_figure = figure


# `figure` stays a field (ChartBundle(figure=...), dataclasses.replace) but is read through
# this property, so that a bundle made with figure=None and figure_for draws its figure
# only when something reads it: the Karta page offers the map's press images for download
# and would otherwise draw the 1200×675 figure on every run (≈ 0.13 s) that is seldom
# clicked. Set after the class is made: in the class body it would be the field's default.
ChartBundle.figure = property(_drawn_figure, _set_figure)  # type: ignore[assignment]


def figure_meta(fig: go.Figure) -> dict:
    """What `finish` stored in layout.meta (title, subtitle, source_line), or {}."""
    meta = fig.layout.meta
    return dict(meta) if isinstance(meta, Mapping) else {}


# ---------------------------------------------------------------------------- tables


def share_cells(values: Iterable, status: Iterable | None = None, decimals: int = 1) -> list:
    """Shares in percent for a table: the rounded number, or ".." where hidden/missing."""
    statuses = list(status) if status is not None else None
    out = []
    for i, v in enumerate(values):
        hidden = statuses is not None and str(statuses[i]) != "visad"
        out.append(SUPPRESSED if hidden or _missing(v) else round(float(v), decimals))
    return out


def count_cells(values: Iterable, status: Iterable | None = None, min_count: int | None = None) -> list:
    """Counts for a table: the whole number, "<5" for 1..4, ".." where otherwise hidden."""
    m = config.disclosure().min_count if min_count is None else min_count
    statuses = list(status) if status is not None else None
    out = []
    for i, v in enumerate(values):
        s = str(statuses[i]) if statuses is not None else "visad"
        if _missing(v) or s in ("sekundar", "namnare", "saknas"):
            out.append(SUPPRESSED)
        elif s == "liten" or 1 <= float(v) < m:
            out.append(f"<{m}")
        else:
            out.append(int(v))
    return out


_DECIMAL_TEXT = re.compile(r"-?\d+\.\d+")


def plotted_table(df: pd.DataFrame, decimals: int = 1) -> pd.DataFrame:
    """A generic export table from a page's table: `<col>_status` columns hide their
    column's value (shown as `<col>_visning` if present, else ".."), NaN becomes "..",
    floats are rounded (also "16.9" written as text); status/display helper columns are
    dropped."""
    out = {}
    helpers = {c for c in df.columns if str(c).endswith(("_status", "_visning"))}
    for col in df.columns:
        if col in helpers:
            continue
        values = df[col].tolist()
        status = df[f"{col}_status"].astype("str").tolist() if f"{col}_status" in df else None
        display = df[f"{col}_visning"].astype("str").tolist() if f"{col}_visning" in df else None
        cells = []
        for i, v in enumerate(values):
            if status is not None and status[i] != "visad":
                cells.append(display[i] if display is not None else SUPPRESSED)
            elif _missing(v):
                cells.append(SUPPRESSED)
            elif isinstance(v, (float, np.floating)):
                cells.append(round(float(v), decimals))
            elif isinstance(v, (np.integer,)):
                cells.append(int(v))
            elif isinstance(v, str) and _DECIMAL_TEXT.fullmatch(v.strip()):
                cells.append(round(float(v), decimals))  # "16.9" from a text table: a number again
            elif isinstance(v, (pd.Timestamp, datetime, date)):
                cells.append(v.date().isoformat() if isinstance(v, (pd.Timestamp, datetime)) else v.isoformat())
            else:
                cells.append(v if isinstance(v, (int, float, str)) else str(v))
        out[col] = pd.Series(cells, dtype="object")
    return pd.DataFrame(out)


def display_table(table: pd.DataFrame) -> pd.DataFrame:
    """Every cell as Swedish display text ("1 234", "17,5", "<5", ".."), for a table view
    (one text dtype per column, so Arrow never sees mixed numbers and markers)."""
    from mia import fmt

    out = {}
    for col in table.columns:
        values = table[col].tolist()
        numbers = [v for v in values if isinstance(v, (int, float, np.integer, np.floating))
                   and not isinstance(v, bool) and not _missing(v)]
        decimals = 1 if any(not float(v).is_integer() for v in numbers) else 0
        out[str(col)] = pd.Series(
            [SUPPRESSED if _missing(v) else fmt.number(float(v), decimals)
             if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool) else str(v)
             for v in values], index=table.index, dtype="str")
    return pd.DataFrame(out, index=table.index)


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return isinstance(value, (float, np.floating)) and math.isnan(value)
    except TypeError:
        return False


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralise_text(value: str) -> str:
    """"=SUM(A1)" -> "'=SUM(A1)": a text cell never starts like a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """A copy in which every text cell and header that could start a formula is prefixed
    with ' (numbers are left alone: they are written as numbers, not as text)."""
    out = df.copy()
    out.columns = [neutralise_text(str(c)) for c in df.columns]
    for col in out.columns:
        out[col] = pd.Series([neutralise_text(v) if isinstance(v, str) else v for v in out[col].tolist()],
                             index=out.index, dtype="object")
    return out


# (list separator, decimal sign) of CSV for Excel with the language's regional settings
CSV_FORMATS = {"sv": (";", ","), "en": (",", ".")}


def csv_format(lang: str | None = None) -> tuple[str, str]:
    """(separator, decimal sign) of CSV in `lang` (default: the current language)."""
    return CSV_FORMATS.get(lang or language(), CSV_FORMATS["sv"])


def _csv_cell(value: Any, decimal: str = ",") -> str:
    if _missing(value):
        return SUPPRESSED
    if isinstance(value, (bool, np.bool_)):
        return t("ja") if value else t("nej")
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        v = float(value)
        text = str(int(v)) if v.is_integer() else format(v, ".10g")
        return text.replace(".", decimal)
    return str(value)


def csv_bytes(table: pd.DataFrame, lang: str | None = None) -> bytes:
    """CSV for Excel in `lang` (default: the current language): UTF-8 with BOM, CRLF; Swedish
    `;` and decimal comma, English `,` and decimal point (module docstring)."""
    if lang is not None and lang != language():
        with using(lang):
            return csv_bytes(table)
    separator, decimal = csv_format()
    safe = neutralise(table)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(list(safe.columns))
    for row in safe.itertuples(index=False, name=None):
        writer.writerow([_csv_cell(v, decimal) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def read_csv(data: bytes) -> pd.DataFrame:
    """Read back a `csv_bytes` file of either language (all cells as text), e.g. in tests: the
    header line of a Swedish file has `;` between its (quoted or plain) names, an English one `,`."""
    header = re.sub(r'"(?:[^"]|"")*"', "", data.decode("utf-8-sig").split("\r\n", 1)[0])
    return pd.read_csv(io.BytesIO(data), sep=";" if ";" in header else ",", dtype=str, keep_default_na=False,
                       encoding="utf-8-sig")


def xlsx_bytes(table: pd.DataFrame, about: list[tuple[str, str]] | None = None, sheet: str = "Data") -> bytes:
    """XLSX: numbers as numbers, "<5"/".." as text, bold frozen header, fitted widths;
    an optional second sheet "Om diagrammet" with (label, text) rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    safe = neutralise(table)
    wb = Workbook()
    ws = wb.active
    ws.title = t(sheet)[:31]
    ws.append(list(safe.columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in safe.itertuples(index=False, name=None):
        ws.append([_xlsx_value(v) for v in row])
    for col_idx, col in enumerate(safe.columns, start=1):
        values = [v for v in safe[col].tolist() if isinstance(v, (int, float, np.integer, np.floating))
                  and not isinstance(v, bool) and not _missing(v)]
        decimals = any(not float(v).is_integer() for v in values)
        width = max([len(str(col))] + [len(_csv_cell(v)) for v in safe[col].tolist()]) + 2
        letter = ws.cell(row=1, column=col_idx).column_letter
        ws.column_dimensions[letter].width = min(max(width, 8), 60)
        for r in range(2, len(safe) + 2):
            cell = ws.cell(row=r, column=col_idx)
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
                if cell.value in (SUPPRESSED,) or cell.value.startswith("<"):
                    cell.alignment = Alignment(horizontal="right")
            elif decimals and isinstance(cell.value, (int, float)):
                cell.number_format = "0.0"
    ws.freeze_panes = "A2"
    if about:
        info = wb.create_sheet(t("Om diagrammet")[:31])
        for label, text in about:
            info.append([neutralise_text(label), neutralise_text(text or "")])
        for row in info.iter_rows():
            row[0].font = Font(bold=True)
            row[0].alignment = Alignment(vertical="top")
            row[1].alignment = Alignment(wrap_text=True, vertical="top")
            row[1].data_type = "s"
        info.column_dimensions["A"].width = 18
        info.column_dimensions["B"].width = 110
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: Any) -> Any:
    if _missing(value):
        return SUPPRESSED
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


# ---------------------------------------------------------------------------- text


def method_note() -> str:
    """The method note of every download (Swedish; thresholds from configuration)."""
    limits = config.disclosure()
    m, d = limits.min_count, limits.min_denominator
    lines = [
        t("Andelar visas i procent med 95 % konfidensintervall enligt Wilson (score-intervall)."),
        t("Jämförelse med länet: högre eller lägre bara om hela intervallet ligger över respektive under "
          "länets andel, annars i nivå med. Med färre än {d} personer i nämnaren jämförs enheten inte "
          "(jämförs ej).").format(d=d),
        t("Trattdiagram: kontrollgränser p0 ± z·√(p0(1−p0)/n) kring länets andel p0, z = 1,96 (95 %) "
          "och 3,09 (99,8 %)."),
        t("Röjandekontroll: antal 1–{c} visas som \"<{m}\"; andelar med färre än {d} personer i nämnaren "
          "visas som \"..\". Ytterligare värden döljs (\"..\") så att ett dolt värde inte kan räknas fram "
          "ur summor eller övriga delar. Ett dolt värde visas aldrig som 0.").format(c=m - 1, m=m, d=d),
        t("Populationer: inskrivna = inskrivna under perioden; aktiva = inskrivna senast periodens slut och "
          "inte avslutade före dess början; avslutade = avslutade under perioden."),
        t("Nämnare: andel av alla i populationen (även de som fortfarande deltar, så redovisade projektet "
          "självt) eller andel av dem som avslutat senast periodens slut."),
        t("Arbete eller studier: utfall vid avslut är arbete (även subventionerat) eller studier. "
          "Arbetsförberedande insats: deltagaren gick vidare till ordinarie arbetsförberedande insatser. "
          "Ökad egenmakt: svar ja i avslutsenkäten, av dem som svarat."),
    ]
    return "\n".join(lines)


def press_text(bundle: ChartBundle, files: Iterable[str] = ()) -> str:
    """The .txt of a press pack: sentence, alt text, source, permalink, method, files."""
    parts = [f"MIA-resultat – {t('presspaket')}", "=" * 40, ""]
    for label, text in bundle.about():
        parts += [label.upper(), text or "–", ""]
    files = list(files)
    if files:
        parts += [t("FILER I PAKETET")] + [f"  {f}" for f in files] + [""]
    return "\r\n".join(p.replace("\n", "\r\n") for p in parts)


def permalink(page: str, query: Mapping[str, str], base_url: str | None = None) -> str:
    """The URL of a page with query parameters: `MIA_BASE_URL` (default the local app) +
    "/" + page ("" = the start page, Översikt) + "?" + the parameters."""
    base = (base_url or os.environ.get("MIA_BASE_URL") or "http://127.0.0.1:8501").rstrip("/")
    url = f"{base}/{page}" if page else f"{base}/"
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


# ---------------------------------------------------------------------------- layout for a size

FONT_FILES = {False: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
              True: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"}
# House sizes in px at 1200×675 (multiplied by font_scale for other sizes).
TITLE_PX, SUBTITLE_PX, BODY_PX, LEGEND_PX, SOURCE_PX = 24, 16, 15, 14, 13
SCREEN_BODY_PX = 13  # finish()'s body size; explicit sizes in figures are relative to it
PAD = 26


@lru_cache(maxsize=64)
def _font(bold: bool, size: int):
    try:
        from PIL import ImageFont

        return ImageFont.truetype(FONT_FILES[bold], size)
    except Exception:  # noqa: BLE001 - no Pillow or no font file: estimate instead
        return None


@lru_cache(maxsize=4096)  # the same labels are measured on every run of a page
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Rendered width in px of text in DejaVu Sans (the figures' first font)."""
    if re.search(r"<br\s*/?>", text, flags=re.I):
        return max(text_width(line, size, bold) for line in re.split(r"<br\s*/?>", text, flags=re.I))
    plain = html.unescape(re.sub(r"<[^>]+>", "", text))
    font = _font(bold, max(1, round(size)))
    if font is None:
        return len(plain) * size * (0.66 if bold else 0.6)
    return float(font.getlength(plain)) * size / max(1, round(size))


def wrap(text: str, size: float, max_width: float, bold: bool = False) -> list[str]:
    """Greedy word wrap at ordinary spaces (no-break spaces keep "17 %" together)."""
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, size, bold) > max_width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def font_scale(width: int, height: int) -> float:
    """1.0 at 1200×675; larger for bigger images and for squares, which are seen small."""
    k = math.sqrt(width * height / (LANDSCAPE.width * LANDSCAPE.height))
    if height >= width:
        k *= 1.1
    return max(0.8, min(k, 1.8))


def _esc(text: str) -> str:
    return html.escape(str(text), quote=False)


def _scale_fonts(obj: Any, r: float, k: float) -> None:
    """In place: explicit font sizes × r, marker sizes and line widths × k."""
    if isinstance(obj, list):
        for item in obj:
            _scale_fonts(item, r, k)
        return
    if not isinstance(obj, dict):
        return
    for key, value in obj.items():
        if key in ("font", "textfont", "tickfont", "insidetextfont", "outsidetextfont", "grouptitlefont") \
                and isinstance(value, dict) and isinstance(value.get("size"), (int, float, list)):
            size = value["size"]
            value["size"] = [s * r for s in size] if isinstance(size, list) else size * r
        if key == "marker" and isinstance(value, dict):
            size = value.get("size")
            if isinstance(size, (int, float)):
                value["size"] = size * k
            elif isinstance(size, list) and all(isinstance(x, (int, float)) for x in size):
                value["size"] = [x * k for x in size]
        if key in ("line",) and isinstance(value, dict) and isinstance(value.get("width"), (int, float)):
            value["width"] = value["width"] * k
        if key in ("error_x", "error_y") and isinstance(value, dict):
            for attr in ("thickness", "width"):
                if isinstance(value.get(attr), (int, float)):
                    value[attr] = value[attr] * k
        _scale_fonts(value, r, k)


def _legend_items(fig: dict) -> list[str]:
    layout = fig.get("layout", {})
    if layout.get("showlegend") is False:
        return []
    items = []
    for trace in fig.get("data", []):
        if trace.get("showlegend") is False or trace.get("type") in ("sankey", "table", "indicator"):
            continue
        if trace.get("showlegend") is True or trace.get("name"):
            items.append(str(trace.get("name") or ""))
    explicit = any(tr.get("showlegend") is True for tr in fig.get("data", []))
    if layout.get("showlegend") is True or explicit or len(items) > 1:
        return items
    return []


def _values(values: Any) -> list:
    """Trace data as a list; plotly's to_dict() gives numpy data as {"dtype", "bdata"}."""
    if values is None:
        return []
    if isinstance(values, dict) and "bdata" in values:
        import base64

        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values.get("dtype", "f8")).tolist()
    if hasattr(values, "tolist"):
        return values.tolist()
    return list(values) if isinstance(values, (list, tuple)) else [values]


def axis_labels(fig: dict, axis: str) -> list[str]:
    """The tick labels an axis will draw (category values or ticktext), if knowable."""
    ax = fig.get("layout", {}).get(f"{axis}axis", {})
    if ax.get("ticktext"):
        return [str(x) for x in ax["ticktext"]]
    labels: list[str] = []
    for trace in fig.get("data", []):
        if trace.get(f"{axis}axis", axis) != axis:
            continue
        values = _values(trace.get(axis))
        if ax.get("type") == "category" or any(isinstance(v, str) for v in values):
            labels += [str(v) for v in values if v is not None]
    if labels and ax.get("categoryorder") == "array":  # plotly draws these even without data
        labels += [str(v) for v in ax.get("categoryarray") or [] if v is not None]
    return list(dict.fromkeys(labels))


def numeric_tick_labels(fig: dict, axis: str) -> list[str]:
    """The longest tick label a numeric axis will likely draw (its largest value, with the
    axis's suffix), for room at the plot's edge; [] when the axis has no numbers."""
    ax = fig.get("layout", {}).get(f"{axis}axis", {})
    suffix = ax.get("ticksuffix", "") or ""
    top = None
    if ax.get("range"):
        top = max(abs(float(v)) for v in ax["range"] if v is not None)
    else:
        for trace in fig.get("data", []):
            for v in _values(trace.get(axis)):
                if isinstance(v, (int, float)) and not _missing(v):
                    top = max(top or 0.0, abs(float(v)))
    if top is None:
        return []
    return [f"{top:,.0f}".replace(",", " ") + suffix]


def _above_plot(annotations: list[dict], body: float) -> float:
    """Height of annotations standing on the plot's top edge (subplot titles), which the
    top margin must hold besides the title and legend."""
    tallest = 0.0
    for a in annotations:
        if a.get("name") == "source_line" or a.get("yref", "paper") != "paper":
            continue
        y, anchor = a.get("y", 0.5), a.get("yanchor", "auto")
        if not (isinstance(y, (int, float)) and (y > 1 or (y >= 1 and anchor in ("bottom", "auto")))):
            continue
        size = (a.get("font") or {}).get("size") or body
        lines = re.split(r"<br\s*/?>", str(a.get("text", "")), flags=re.I)
        inline = [float(x) for x in re.findall(r"font-size:\s*([\d.]+)px", str(a.get("text", "")))]
        height = size * 1.3 + sum(max(inline + [0.0]) * 1.3 or size * 1.3 for _ in lines[1:])
        tallest = max(tallest, height + (a.get("yshift") or 0))
    return tallest + (0.3 * body if tallest else 0)


def _thin_ticks(fig: dict, plot_width: float, body: float) -> None:
    """Drop every other tick label on x axes too narrow for all of them (small multiples
    in a square image), so labels never run into each other."""
    layout = fig.get("layout", {})
    for key, ax in layout.items():
        if not re.fullmatch(r"xaxis\d*", key) or not isinstance(ax, dict):
            continue
        d0, d1 = ax.get("domain", [0, 1])
        room = plot_width * (d1 - d0) * 0.9
        size = (ax.get("tickfont") or {}).get("size") or body
        if ax.get("tickvals") is not None and ax.get("ticktext") is not None:
            vals, texts = _values(ax["tickvals"]), [str(x) for x in ax["ticktext"]]
            while len(vals) > 2 and sum(text_width(x, size) + size for x in texts) > room:
                keep = list(range(0, len(vals), 2))
                if keep[-1] != len(vals) - 1 and len(vals) % 2 == 1:
                    keep.append(len(vals) - 1)
                vals, texts = [vals[i] for i in keep], [texts[i] for i in keep]
            ax["tickvals"], ax["ticktext"] = vals, texts
        elif ax.get("type") != "category" and not axis_labels(fig, key[0] + key[5:]):
            labels = numeric_tick_labels(fig, "x") or ["100 %"]
            widest = max(text_width(x, size) for x in labels) + size
            ax.setdefault("nticks", max(2, int(room / widest)))


def _axis_span(fig: dict, axis: str, length: float) -> tuple[float, float, bool] | None:
    """(low, high, log) of an axis in plotting units. Without a given range, the data's
    extent plus 4 % and, for annotations anchored on the axis that write to the right
    (the funnel's "95 %"), room for their text; that range is then written into the
    figure, so label positions computed from it are the drawn ones."""
    ax = fig.get("layout", {}).get(f"{axis}axis", {})
    log = ax.get("type") == "log"
    if ax.get("range") and None not in ax["range"]:
        lo, hi = (float(v) for v in ax["range"])
        return (lo, hi, log)
    if ax.get("autorange") == "reversed" or ax.get("type") == "category":
        return None
    values = [float(v) for tr in fig.get("data", []) if tr.get(f"{axis}axis", axis) == axis
              for v in _values(tr.get(axis)) if isinstance(v, (int, float)) and not _missing(v)]
    if log:
        values = [math.log10(v) for v in values if v > 0]
    if not values:
        return None
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.04 or 1.0
    lo, hi = lo - pad, hi + pad
    if axis == "x":
        body = (fig.get("layout", {}).get("font") or {}).get("size") or BODY_PX
        for a in fig.get("layout", {}).get("annotations", []):
            if a.get("xref", "x") != "x" or a.get("xanchor") != "left" or not isinstance(a.get("x"), (int, float)):
                continue
            room = text_width(str(a.get("text", "")), (a.get("font") or {}).get("size") or body) + (a.get("xshift") or 0) + 4
            e = min(room / max(length, 1.0), 0.5)
            hi = max(hi, (float(a["x"]) - e * lo) / (1 - e))  # annotation x is in axis units (log10 for log)
    ax["range"] = [lo, hi]
    return (lo, hi, log)


def _declutter_labels(fig: dict, box: tuple[float, float, float, float], body: float) -> None:
    """Point labels ("markers+text" traces) that would overlap another label or a marker
    are moved to a free side of their point (above, below, right, left, diagonals), or
    left out when no side is free — the table keeps every name. In place; single x/y axes."""
    left, top, right, bottom = box
    traces = [tr for tr in fig.get("data", []) if "text" in (tr.get("mode") or "") and "markers" in (tr.get("mode") or "")]
    if not traces or right <= left or bottom <= top:
        return
    xs, ys = _axis_span(fig, "x", right - left), _axis_span(fig, "y", bottom - top)
    if xs is None or ys is None:
        return
    reversed_y = fig.get("layout", {}).get("yaxis", {}).get("autorange") == "reversed"

    def px(v: float, span: tuple[float, float, bool], a: float, b: float, flip: bool) -> float | None:
        lo, hi, log = span
        if log:
            if v <= 0:
                return None
            v = math.log10(v)
        frac = (v - lo) / (hi - lo) if hi != lo else 0.5
        return a + frac * (b - a) if not flip else b - frac * (b - a)

    points, labels = [], []
    for ti, tr in enumerate(fig.get("data", [])):
        if tr.get("type", "scatter") != "scatter" or tr.get("xaxis", "x") != "x" or tr.get("yaxis", "y") != "y":
            continue
        mode = tr.get("mode", "")
        if "markers" not in mode:
            continue
        x, y = _values(tr.get("x")), _values(tr.get("y"))
        sizes = (tr.get("marker") or {}).get("size", 6)
        sizes = _values(sizes) if isinstance(sizes, (list, dict)) else [sizes] * len(x)
        texts = tr.get("text")
        texts = list(texts) if isinstance(texts, (list, tuple)) else [texts] * len(x)
        font = (tr.get("textfont") or {}).get("size") or body
        for i, (xv, yv) in enumerate(zip(x, y)):
            if not isinstance(xv, (int, float)) or not isinstance(yv, (int, float)) or _missing(xv) or _missing(yv):
                continue
            cx, cy = px(float(xv), xs, left, right, False), px(float(yv), ys, top, bottom, not reversed_y)
            if cx is None:
                continue
            radius = float(sizes[i] if i < len(sizes) else 6) / 2
            points.append((cx - radius, cy - radius, cx + radius, cy + radius))
            text = texts[i] if i < len(texts) else None
            if "text" in mode and isinstance(text, str) and text.strip():
                labels.append((-radius, ti, i, cx, cy, radius, text_width(text, font), font * 1.25))
    if not labels:
        return

    def overlaps(a, b) -> bool:
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    placed: list[tuple[float, float, float, float]] = []
    positions: dict[int, list] = {}
    for _neg, ti, i, cx, cy, radius, w, h in sorted(labels):
        gap = radius + 2
        candidates = {
            "top center": (cx - w / 2, cy - gap - h, cx + w / 2, cy - gap),
            "bottom center": (cx - w / 2, cy + gap, cx + w / 2, cy + gap + h),
            "middle right": (cx + gap, cy - h / 2, cx + gap + w, cy + h / 2),
            "middle left": (cx - gap - w, cy - h / 2, cx - gap, cy + h / 2),
            "top right": (cx + gap * 0.7, cy - gap * 0.7 - h, cx + gap * 0.7 + w, cy - gap * 0.7),
            "top left": (cx - gap * 0.7 - w, cy - gap * 0.7 - h, cx - gap * 0.7, cy - gap * 0.7),
            "bottom right": (cx + gap * 0.7, cy + gap * 0.7, cx + gap * 0.7 + w, cy + gap * 0.7 + h),
            "bottom left": (cx - gap * 0.7 - w, cy + gap * 0.7, cx - gap * 0.7, cy + gap * 0.7 + h),
        }
        tr = fig["data"][ti]
        current = tr.get("textposition") or "top center"
        current = current[i] if isinstance(current, list) else current
        order = [current] + [c for c in candidates if c != current]
        own = (cx - radius, cy - radius, cx + radius, cy + radius)
        chosen = None
        for name in order:
            b = candidates.get(name)
            if b is None or b[0] < left or b[2] > right or b[1] < top or b[3] > bottom:
                continue
            if any(overlaps(b, q) for q in placed) or any(overlaps(b, q) for q in points if q != own):
                continue
            chosen = (name, b)
            break
        if ti not in positions:
            given = tr.get("textposition")
            n = len(_values(tr.get("x")))
            positions[ti] = list(given) if isinstance(given, (list, tuple)) else [given or "top center"] * n
        slots = positions[ti]
        if chosen is None:
            texts = tr.get("text")
            if isinstance(texts, (list, tuple)):
                tr["text"] = ["" if j == i else value for j, value in enumerate(texts)]
        else:
            slots[i] = chosen[0]
            placed.append(chosen[1])
    for ti, slots in positions.items():
        fig["data"][ti]["textposition"] = slots


def _scale_inline_sizes(text: Any, r: float) -> Any:
    """"<span style='font-size:12px'>" inside a text, scaled like the fonts."""
    if not isinstance(text, str) or "font-size" not in text:
        return text
    return re.sub(r"font-size:\s*([\d.]+)px", lambda m: f"font-size:{float(m.group(1)) * r:.1f}px", text)


def _has_cartesian(fig: dict) -> bool:
    non_cartesian = {"sankey", "pie", "table", "indicator", "choropleth", "scattergeo", "scattermap",
                     "choroplethmap", "scattermapbox", "choroplethmapbox", "densitymap", "treemap", "sunburst"}
    return any(tr.get("type", "scatter") not in non_cartesian for tr in fig.get("data", [])) or not fig.get("data")


def sized(fig: go.Figure, width: int, height: int) -> go.Figure:
    """A copy of a finished figure laid out for width×height pixels: fonts scaled, title
    and subtitle wrapped to fit, legend under the title, margins computed, the source line
    at the foot aligned with the title. Figures without `finish` meta are only resized."""
    d = fig.to_dict()  # a deep copy
    layout = d.setdefault("layout", {})
    meta = layout.get("meta") if isinstance(layout.get("meta"), dict) else {}
    k = font_scale(width, height)
    r = k * BODY_PX / SCREEN_BODY_PX
    _scale_fonts(d["data"], r, k)
    for key in ("annotations", "shapes"):
        _scale_fonts(layout.get(key, []), r, k)
    for a in layout.get("annotations", []):
        a["text"] = _scale_inline_sizes(a.get("text"), r)
        if isinstance(a.get("yshift"), (int, float)) and a.get("name") != "source_line":
            a["yshift"] = a["yshift"] * k
    for key, value in layout.items():
        if re.fullmatch(r"[xy]axis\d*", key):
            _scale_fonts(value, r, k)
    layout.update(width=width, height=height, autosize=False)
    if not meta:
        return go.Figure(d)

    body, title_px, sub_px = BODY_PX * k, TITLE_PX * k, SUBTITLE_PX * k
    legend_px, source_px, pad = LEGEND_PX * k, SOURCE_PX * k, round(PAD * k)
    inner = width - 2 * pad
    layout.setdefault("font", {}).update(size=body, family=layout.get("font", {}).get("family"))

    # Title and subtitle, wrapped to the image width.
    title_lines = wrap(meta.get("title", ""), title_px, inner, bold=True)
    sub_lines = wrap(meta.get("subtitle", ""), sub_px, inner) if meta.get("subtitle") else []
    layout["title"] = {
        "text": "<b>" + "<br>".join(_esc(x) for x in title_lines) + "</b>",
        "font": {"size": title_px, "color": "#1a1a1a"},
        "subtitle": {"text": "<br>".join(_esc(x) for x in sub_lines), "font": {"size": sub_px, "color": "#4d4d4d"}},
        "xref": "container", "x": pad / width, "xanchor": "left",
        # plotly lifts a multi-line title by ~0.7 em (measured with kaleido): compensate.
        "yref": "container", "y": 1 - (pad + (0.7 * title_px if len(title_lines) > 1 else 0)) / height,
        "yanchor": "top", "pad": {"t": 0, "b": 0, "l": 0, "r": 0},
    }
    # Ink height of title + subtitle, a model fitted to kaleido renders (checked by
    # tests/test_export.py::test_nothing_touches_the_edges and by eye).
    title_h = 0.9 * title_px + 1.3 * title_px * (len(title_lines) - 1)
    if sub_lines:
        title_h += 2.5 * sub_px + 1.3 * sub_px * (len(sub_lines) - 1) - (0.7 * sub_px if len(sub_lines) > 1 else 0)
    top = pad + title_h + 1.6 * body

    # Legend in rows under the title.
    items = _legend_items(d)
    if items:
        rows, row_w = 1, 0.0
        for name in items:
            w = text_width(name, legend_px) + 50 * k
            if row_w and row_w + w > inner:
                rows, row_w = rows + 1, w
            else:
                row_w += w
        legend_h = rows * legend_px * 1.9
        top -= 0.6 * body
        layout["legend"] = {**layout.get("legend", {}), "orientation": "h", "xref": "container", "yref": "container",
                            "x": pad / width - 0.008, "xanchor": "left", "y": 1 - top / height, "yanchor": "top",
                            "font": {"size": legend_px}, "bgcolor": "rgba(0,0,0,0)"}
        top += legend_h + 0.6 * body

    # Source line (and note) at the foot.
    if meta.get("source"):  # the note on its own line(s) above the source line
        source_lines = (wrap(meta["note"], source_px, inner) if meta.get("note") else []) \
            + wrap(meta["source"], source_px, inner)
    else:
        source_lines = wrap(meta.get("source_line", ""), source_px, inner) if meta.get("source_line") else []
    source_h = len(source_lines) * source_px * 1.35
    bottom, left, right = pad + source_h, pad, pad
    if _has_cartesian(d):
        xaxis, yaxis = layout.setdefault("xaxis", {}), layout.setdefault("yaxis", {})
        x_labels = axis_labels(d, "x")
        lines = max((len(re.split(r"<br\s*/?>", x, flags=re.I)) for x in x_labels), default=1)
        tick_h = body * (0.3 + 1.3 * lines) + 8 * k
        if x_labels:
            plot_w = inner - 120 * k
            total = sum(text_width(x, body) + 10 * k for x in x_labels)
            if total > plot_w:  # would be rotated by plotly: do it ourselves and make room
                xaxis["tickangle"] = -45
                tick_h = max(text_width(x, body) for x in x_labels) * 0.71 + body + 8 * k
        x_title = (xaxis.get("title") or {}).get("text") if isinstance(xaxis.get("title"), dict) else None
        bottom += 0.9 * body + tick_h + (body * 1.6 if x_title else 0)
        y_categories = axis_labels(d, "y")
        y_labels = y_categories or numeric_tick_labels(d, "y")
        y_w = max((text_width(x, body) for x in y_labels), default=3 * body)
        y_title = (yaxis.get("title") or {}).get("text") if isinstance(yaxis.get("title"), dict) else None
        if y_categories and yaxis.get("showticklabels", True):
            # category labels (horizontal bars) never touch the bars or their labels
            yaxis["ticklabelstandoff"] = round(max(yaxis.get("ticklabelstandoff") or 0, 6) * k)
        elif yaxis.get("ticklabelstandoff"):
            yaxis["ticklabelstandoff"] = round(yaxis["ticklabelstandoff"] * k)
        left = pad + y_w + (yaxis.get("ticklabelstandoff") or 0) + 12 * k + (body * 1.8 if y_title else 0)
        if not x_labels:  # numeric x: the last tick label is centred on the plot's edge
            right = pad + max((text_width(x, body) for x in numeric_tick_labels(d, "x")), default=0) / 2
        xaxis["automargin"] = yaxis["automargin"] = True  # a safety net; the margins above should fit
    else:
        bottom += 0.8 * body
    top += _above_plot(layout.get("annotations", []), body)
    layout["margin"] = {"l": round(left), "r": round(right), "t": round(top), "b": round(bottom), "pad": 0,
                        "autoexpand": True}
    _thin_ticks(d, width - round(left) - round(right), body)
    if _has_cartesian(d):
        _declutter_labels(d, (round(left), round(top), width - round(right), height - round(bottom)), body)
    annotations = [a for a in layout.get("annotations", []) if a.get("name") != "source_line"]
    if source_lines:
        annotations.append({
            "name": "source_line", "text": "<br>".join(_esc(x) for x in source_lines),
            "xref": "paper", "yref": "paper", "x": 0, "y": 0, "xanchor": "left", "yanchor": "bottom",
            "xshift": -(round(left) - pad), "yshift": -(round(bottom) - pad), "showarrow": False,
            "align": "left", "font": {"size": source_px, "color": "#4d4d4d"},
        })
    layout["annotations"] = annotations
    return go.Figure(d)


# ---------------------------------------------------------------------------- kaleido


class ImageExportError(RuntimeError):
    """Server-side image export is not possible; the message is for the user (Swedish)."""


NO_CHROMIUM = ("Bildexport på servern kräver Chromium, som inte finns på den här servern "
               "(/usr/bin/chromium eller BROWSER_PATH). Använd kameraknappen i diagrammets verktygsrad "
               "för att spara en PNG, eller ladda ner tabellen som CSV/XLSX.")
RENDER_TIMEOUT_S = 120.0

_lock = threading.Lock()
_server: dict[str, Any] = {"started": False, "path": None}
render_log: list[tuple[str, int, int, float, float]] = []  # (format, w, h, scale, seconds)
_cache: "OrderedDict[tuple, bytes]" = OrderedDict()
_CACHE_MAX = 48


def chromium_path() -> str | None:
    """The browser kaleido will use: `BROWSER_PATH`, else /usr/bin/chromium (or one on PATH)."""
    env = os.environ.get("BROWSER_PATH")
    if env:
        return env if os.path.isfile(env) and os.access(env, os.X_OK) else None
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def images_available() -> bool:
    return chromium_path() is not None


def _server_thread_alive() -> bool:
    import kaleido

    thread = getattr(getattr(kaleido, "_global_server", None), "_thread", None)
    return thread is None or thread.is_alive()


def _ensure_server() -> None:
    import kaleido

    path = chromium_path()
    if path is None:
        raise ImageExportError(t(NO_CHROMIUM))
    if _server["started"] and _server_thread_alive():
        return
    if _server["started"]:  # the browser died: reset and start again
        kaleido.stop_sync_server(silence_warnings=True)
    # mathjax=False: no CDN request (the app runs offline); plotly.js comes with plotly.py.
    kaleido.start_sync_server(n=1, timeout=60, mathjax=False, path=path, silence_warnings=True)
    _server.update(started=True, path=path)


def shutdown() -> None:
    """Stop the kept-running browser (also registered to run at exit)."""
    import kaleido

    with _lock:
        if _server["started"]:
            kaleido.stop_sync_server(silence_warnings=True)
            _server["started"] = False


atexit.register(shutdown)


def _render(fig: go.Figure, fmt: str, width: int, height: int, scale: float) -> bytes:
    import kaleido

    key = (hashlib.sha1(fig.to_json().encode()).hexdigest(), fmt, width, height, scale)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
        _ensure_server()
        result: dict[str, Any] = {}

        def call() -> None:
            try:
                result["bytes"] = kaleido.calc_fig_sync(
                    fig, opts={"format": fmt, "width": width, "height": height, "scale": scale})
            except BaseException as exc:  # noqa: BLE001 - handed to the caller below
                result["error"] = exc

        started = time.perf_counter()
        worker = threading.Thread(target=call, daemon=True, name="mia-kaleido-call")
        worker.start()
        while worker.is_alive():
            worker.join(0.1)
            if not _server_thread_alive():
                _server["started"] = False
                raise ImageExportError(t("Bildexporten avbröts: webbläsaren för bildexport stängdes oväntat. Försök igen."))
            if time.perf_counter() - started > RENDER_TIMEOUT_S:
                raise ImageExportError(t("Bildexporten tog för lång tid. Försök igen."))
        if "error" in result:
            raise ImageExportError(f"{t('Bilden kunde inte skapas')}: {result['error']}") from result["error"]
        data = result["bytes"]
        data = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        render_log.append((fmt, width, height, scale, time.perf_counter() - started))
        _cache[key] = data
        while len(_cache) > _CACHE_MAX:
            _cache.popitem(last=False)
        return data


def png_bytes(fig: go.Figure, width: int = 1200, height: int = 675, scale: float = 1,
              meta: Mapping[str, str] | None = None, lay_out: bool = True) -> bytes:
    """A PNG of exactly (width·scale)×(height·scale) pixels, laid out for width×height
    (`sized`, unless lay_out=False); `meta` (Title, Description, Comment…) is written as
    iTXt chunks (UTF-8)."""
    data = _render(sized(fig, width, height) if lay_out else fig, "png", width, height, scale)
    extra = {k: v for k, v in (meta or {}).items() if v}
    dpi = 300 if scale >= 3 else 96
    return _png_add_chunks(data, extra, dpi)


def svg_bytes(fig: go.Figure, width: int = 1200, height: int = 675, title: str = "", desc: str = "",
              lay_out: bool = True) -> bytes:
    """An SVG laid out for width×height, with <title> and <desc> (the alt text) for screen readers."""
    data = _render(sized(fig, width, height) if lay_out else fig, "svg", width, height, 1).decode("utf-8")
    accessible = (f"<title>{html.escape(title or figure_meta(fig).get('title', ''))}</title>"
                  f"<desc>{html.escape(desc)}</desc>")
    data = re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + accessible, data, count=1)
    return data.encode("utf-8")


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return struct.unpack(">II", data[16:24])


def png_text(data: bytes) -> dict[str, str]:
    """The iTXt/tEXt chunks of a PNG as {keyword: text}."""
    out, pos = {}, 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"iTXt":
            keyword, rest = body.split(b"\x00", 1)
            rest = rest[2:]  # compression flag and method
            _lang, rest = rest.split(b"\x00", 1)
            _translated, text = rest.split(b"\x00", 1)
            out[keyword.decode("latin-1")] = text.decode("utf-8")
        elif kind == b"tEXt":
            keyword, text = body.split(b"\x00", 1)
            out[keyword.decode("latin-1")] = text.decode("latin-1")
        pos += 12 + length
    return out


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def _png_add_chunks(data: bytes, text: Mapping[str, str], dpi: int) -> bytes:
    """Insert iTXt chunks and a pHYs (dpi) chunk after IHDR (replacing an existing pHYs)."""
    ihdr_end = 8 + 12 + struct.unpack(">I", data[8:12])[0]
    head, rest = data[:ihdr_end], data[ihdr_end:]
    chunks, pos = [], 0
    while pos < len(rest):
        length = struct.unpack(">I", rest[pos:pos + 4])[0]
        kind = rest[pos + 4:pos + 8]
        if kind != b"pHYs":
            chunks.append(rest[pos:pos + 12 + length])
        pos += 12 + length
    ppm = round(dpi / 0.0254)
    new = [_chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))]
    for keyword, value in text.items():
        new.append(_chunk(b"iTXt", keyword.encode("latin-1")[:79] + b"\x00\x00\x00\x00\x00" + value.encode("utf-8")))
    return head + b"".join(new) + b"".join(chunks)


# ---------------------------------------------------------------------------- press pack


def presspaket_files(bundle: ChartBundle, images: bool = True) -> dict[str, bytes]:
    """File name -> bytes of a press pack (see presspaket_zip)."""
    stem = file_stem(bundle.name)
    files: dict[str, bytes] = {}
    if images:
        for image in IMAGE_FORMATS:
            files[image.file_name(bundle.name)] = bundle.png(image)
        files[f"{stem}_{LANDSCAPE.width}x{LANDSCAPE.height}.svg"] = bundle.svg()
    files.update(bundle.extra_files)
    files[f"{stem}.csv"] = bundle.csv()
    files[f"{stem}.xlsx"] = bundle.xlsx()
    text_name = f"{stem}_text.txt"
    names = sorted([*files, text_name])
    text = press_text(bundle, names)
    if not images:
        text = t("OBS: bilderna saknas i det här paketet.") + " " + t(NO_CHROMIUM) + "\r\n\r\n" + text
    files[text_name] = ("\ufeff" + text).encode("utf-8")
    return files


def presspaket_zip(bundle: ChartBundle, images: bool = True) -> bytes:
    """One zip: PNG 1200×675, PNG 1080×1080, PNG for print (3×), SVG, CSV, XLSX and a .txt
    with the sentence, alt text, source line, method note and the permalink."""
    files = presspaket_files(bundle, images=images)
    buffer = io.BytesIO()
    stamp = time.localtime()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16  # readable files when unpacked
            info.compress_type = zipfile.ZIP_STORED if name.endswith((".png", ".xlsx")) else zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buffer.getvalue()


def deferred(fn, *args, **kwargs):
    """A zero-argument callable for st.download_button(data=...) that runs fn in the
    language of the current session (the callable runs on another thread)."""
    lang = language()

    def run():
        set_language(lang)
        return fn(*args, **kwargs)

    return run
