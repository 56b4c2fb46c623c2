"""A profile on paper and in a press pack: one A4 page (print-styled HTML, and a PDF made by
headless Chromium) and a zip with both charts, their numbers, the sentences and the page.

Pure (no Streamlit). Figures are rendered by `mia.export` (kaleido, one browser kept
running) and embedded in the HTML as SVG data URIs, so the page is one self-contained file
that prints the same anywhere and needs no network. The PDF is Chromium's own print of
that file (`--print-to-pdf`); `pdf_pages` counts its pages, which tests hold to one.

The spine chart is a table as much as a chart: its labels and text columns are placed in
pixels, so each export size gets a figure laid out for that size (`SizedBundle`) instead
of a rescaled screen figure.
"""
from __future__ import annotations

import base64
import html
import io
import os
import re
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

import plotly.graph_objects as go

from mia import export, fmt, profile, text
from mia.charts import profil as charts
from mia.charts.style import Source
from mia.export import ChartBundle, ImageFormat
from mia.i18n import t

# The printed figures: px of the image (the page scales them to 186 mm, 0,227 mm per px).
PRINT_WIDTH = 820
SPINE_PRINT_HEIGHT = 468
TREND_PRINT_HEIGHT = 178
PDF_TIMEOUT_S = 90


class PrintError(RuntimeError):
    """The PDF could not be made (no Chromium, or it failed); the message is Swedish."""


# ---------------------------------------------------------------------------- figures per size


def _paper_width(width: int, height: int) -> float:
    """Roughly the plotting area export.sized leaves: the width minus the padding, the
    measure labels (y tick labels) and their standoff."""
    k = export.font_scale(width, height)
    scale = k * export.BODY_PX / export.SCREEN_BODY_PX
    pad = round(export.PAD * k)
    return width - 2 * pad - (235 + charts.GAP) * scale - 12 * k


def spine_for_size(p: profile.Profile, subtitle: str, source: Source, width: int, height: int) -> go.Figure:
    """The spine chart laid out for an export of width×height px (compact columns)."""
    k = export.font_scale(width, height)
    scale = k * export.BODY_PX / export.SCREEN_BODY_PX
    return charts.spine_figure(p, subtitle, source, width=width, height=height, compact=True, scale=scale,
                               paper_width=_paper_width(width, height),
                               sublabels=height / len(p.rows) >= 60)  # room for two lines per row


@dataclass(eq=False)
class SizedBundle(ChartBundle):
    """A ChartBundle whose images are drawn by `rebuild(width, height)` for each size."""

    rebuild: Callable[[int, int], go.Figure] | None = None

    def _figure(self, width: int, height: int) -> go.Figure:
        return self.rebuild(width, height) if self.rebuild else self.figure

    def png(self, image: ImageFormat = export.LANDSCAPE) -> bytes:
        return export.png_bytes(self._figure(image.width, image.height), image.width, image.height, image.scale,
                                meta=self._png_meta())

    def svg(self, width: int = export.LANDSCAPE.width, height: int = export.LANDSCAPE.height) -> bytes:
        return export.svg_bytes(self._figure(width, height), width, height, title=self.title, desc=self.alt)


def for_print(fig: go.Figure, top: int, bottom: int = 8) -> go.Figure:
    """A finished figure for the printed page, where the heading, subtitle and source line
    are HTML around it: no title, no source annotation, small margins. Without `finish`'s
    meta, export.sized keeps this layout (it only resizes)."""
    out = go.Figure(fig)
    out.update_layout(title=None, meta=None, margin={"t": top, "b": bottom})
    out.layout.annotations = [a for a in out.layout.annotations if a.name != "source_line"]
    return out


def print_spine(p: profile.Profile, source: Source) -> go.Figure:
    fig = charts.spine_figure(p, "", source, width=PRINT_WIDTH, height=SPINE_PRINT_HEIGHT, compact=True)
    fig.update_layout(legend={"font": {"size": 10.5}, "xref": "paper", "x": 0, "yref": "paper", "y": 1.0,
                              "yanchor": "bottom"})
    return for_print(fig, top=40)


def print_trend(p: profile.Profile, source: Source) -> go.Figure:
    fig = charts.trend_figure(p, "", source, height=TREND_PRINT_HEIGHT)
    fig.update_xaxes(tickangle=0, tickfont={"size": 11})
    fig.update_yaxes(range=[0, 60], dtick=20, title={"text": t("Andel"), "font": {"size": 11}})
    # the height as printed: the screen's room for a wrapped title goes with the title
    fig.update_layout(margin={"l": 60, "r": 12}, legend={"y": 1.02}, height=TREND_PRINT_HEIGHT)
    return for_print(fig, top=28, bottom=30)


# ---------------------------------------------------------------------------- bundles


def subtitles(p: profile.Profile) -> tuple[str, str]:
    """(spine subtitle, trend subtitle): what, where, when, of whom."""
    spine = text.describe(p.place_urval())
    first, last = (p.trend.halvar.min(), p.trend.halvar.max()) if len(p.trend) else ("", "")
    trend = " · ".join([t("Avslutade per halvår {first}–{last}").format(first=first, last=last),
                        p.shown.namn, t("andel av dem som avslutat")])
    return spine, trend


def spine_alt(p: profile.Profile) -> str:
    rows = p.rows
    shown = rows[rows.andel_status == "visad"]
    parts = [f"{t(r.etikett)} {profile.value_text(r)} ({t(r.jamforelse)})" for _, r in shown.iterrows()]
    hidden = len(rows) - len(shown)
    alt = t("Ryggradsdiagram med {n} mått för {name} jämfört med länet: ").format(n=len(rows), name=p.shown.namn)
    alt += "; ".join(parts) + "."
    if hidden:
        alt += " " + t("{k} mått visas inte (för få personer).").format(k=hidden)
    return alt


def trend_alt(p: profile.Profile) -> str:
    return t("Linjediagram per halvår med andelen av de avslutade som gick till arbete eller studier för {name}, "
             "{forbund}och länet.").format(name=p.shown.namn,
                                            forbund=f"{p.forbund_name}, " if p.has_forbund and p.forbund_name else "")


def bundles(p: profile.Profile, source: Source, permalink: str = "") -> tuple[SizedBundle, ChartBundle]:
    """The spine chart and the trend as press-ready bundles (tables with ".."/"<5")."""
    spine_sub, trend_sub = subtitles(p)
    stem = f"profil_{p.unit.kod}".lower()
    spine = SizedBundle(name=stem, figure=charts.spine_figure(p, spine_sub, source),
                        table=profile.export_table(p), sentence=p.text(), alt=spine_alt(p), permalink=permalink,
                        rebuild=lambda w, h: spine_for_size(p, spine_sub, source, w, h))
    trend = ChartBundle(name=f"{stem}_trend", figure=charts.trend_figure(p, trend_sub, source),
                        table=profile.trend_export_table(p),
                        sentence=profile.change_sentence(p.change, p.shown.place).text,
                        alt=trend_alt(p), permalink=permalink)
    return spine, trend


# ---------------------------------------------------------------------------- A4 page

CSS = """
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 8.6pt; color: #1f2a30;
       line-height: 1.32; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.sheet { width: 186mm; }
header { display: flex; justify-content: space-between; align-items: flex-end;
         border-bottom: 2px solid #0b6e69; padding-bottom: 1.5mm; margin-bottom: 2mm; }
h1 { font-size: 17pt; margin: 0; line-height: 1.1; }
.kicker { font-size: 8pt; color: #0b6e69; font-weight: bold; text-transform: uppercase; letter-spacing: 0.04em; }
.facts { font-size: 8.2pt; color: #444; margin-top: 0.8mm; }
.meta { text-align: right; font-size: 7.4pt; color: #555; white-space: nowrap; }
.urval { font-size: 8pt; color: #444; margin: 0 0 1.5mm 0; }
.notice { border-left: 3px solid #E69F00; background: #fff6e5; padding: 1.2mm 2.5mm; margin: 0 0 2mm 0;
          font-size: 9pt; }
.keys { display: flex; gap: 2mm; margin: 0 0 2mm 0; }
.key { flex: 1; border: 1px solid #d5dede; border-radius: 1.5mm; padding: 1.2mm 2mm; }
.key .v { font-size: 13pt; font-weight: bold; }
.key .l { font-size: 7.4pt; color: #444; }
.key .s { font-size: 7pt; color: #666; }
.text { background: #f2f6f6; padding: 1.5mm 2.5mm; margin: 0 0 1.5mm 0; font-size: 8.6pt; }
.text p { margin: 0 0 0.6mm 0; }
figure { margin: 0 0 1.5mm 0; }
figcaption { font-size: 8pt; color: #444; margin: 0 0 0.5mm 0; }
figcaption b { font-size: 9.5pt; color: #1f2a30; }
table.numbers { border-collapse: collapse; width: 100%; font-size: 7.4pt; margin-top: 1mm; }
table.numbers th, table.numbers td { border-bottom: 1px solid #ddd; padding: 0.4mm 1mm; text-align: left; }
figure img { width: 100%; display: block; }
footer { border-top: 1px solid #bbb; padding-top: 1mm; font-size: 6.6pt; color: #444; line-height: 1.25; }
footer p { margin: 0 0 0.4mm 0; }
.screen-only { display: none; }
@media screen { body { background: #e9eeee; } .sheet { background: white; margin: 8mm auto; padding: 12mm;
                width: 210mm; min-height: 297mm; box-shadow: 0 1px 6px rgba(0,0,0,.25); } }
"""


def _html_table(df) -> str:
    head = "".join(f"<th>{_esc(c)}</th>" for c in df.columns)
    body = "".join("<tr>" + "".join(f"<td>{_esc(v)}</td>" for v in row) + "</tr>"
                   for row in df.astype(str).itertuples(index=False))
    return f"<table class='numbers'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _data_uri_svg(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _esc(value: str) -> str:
    return html.escape(str(value), quote=True)


def key_numbers(p: profile.Profile) -> list[tuple[str, str, str]]:
    """(value, label, small print) for the four boxes under the heading."""
    by = p.rows.set_index("matt", drop=False)
    count = p.count
    antal = count.antal_visning if count.antal_status != "visad" else fmt.number(count.antal)
    out = [(antal, t("deltagare ({population})").format(population=t(profile.POPULATION_WORD[p.urval.population])),
            t("{rate} per 10 000 invånare").format(rate=profile.value_text(by.loc["per_10000"])))]
    for key in ("arbete_studier", "arbetsforberedande", "okad_egenmakt"):
        r = by.loc[key]
        ki = profile.interval_text(r)
        small = (f"95 % {t('KI')} {ki}" if ki else t("visas inte (för få)")) + f" · {t('länet')} {profile.county_text(r)}"
        out.append((profile.value_text(r), t(r.etikett).lower() if key != "okad_egenmakt"
                    else t("upplever ökad egenmakt"), small))
    return out


def unit_facts(p: profile.Profile) -> str:
    """"Kommun i förbundet Roslagen · med i MIA sedan 2017-04-01 · 70 315 invånare (2017)"."""
    u = p.unit
    if u.niva == profile.KOMMUN and not u.in_mia:
        return t("Kommun som inte deltog i MIA · {pop} invånare (2017)").format(pop=fmt.number(u.folkmangd))
    parts = []
    if u.niva == profile.KOMMUN:
        parts.append(t("Kommun i förbundet {forbund}").format(forbund=p.forbund_name or ""))
    else:
        from mia.reference import load_reference

        ref = load_reference()
        members = ", ".join(ref.kommun_name(k) for k in ref.members(u.kod))
        parts.append(t("Samordningsförbund: {members}").format(members=members))
    if u.mia_fran:
        parts.append(t("med i MIA sedan {date}").format(date=u.mia_fran.isoformat()))
    parts.append(t("{pop} invånare (2017)").format(pop=fmt.number(u.folkmangd)))
    return " · ".join(parts)


def profile_html(p: profile.Profile, source: Source, data_version: str, *, printed: date | None = None,
                 permalink: str = "", spine_svg: bytes | None = None, trend_svg: bytes | None = None) -> str:
    """The profile as one A4 page of print-styled HTML (self-contained)."""
    printed = printed or date.today()
    spine_sub, trend_sub = subtitles(p)
    spine_title, trend_title = charts.spine_title(p), charts.trend_title(p)
    try:
        if spine_svg is None:
            spine_svg = export.svg_bytes(print_spine(p, source), PRINT_WIDTH, SPINE_PRINT_HEIGHT,
                                         title=spine_title, desc=spine_alt(p))
        if trend_svg is None:
            trend_svg = export.svg_bytes(print_trend(p, source), PRINT_WIDTH, TREND_PRINT_HEIGHT,
                                         title=trend_title, desc=trend_alt(p))
        spine_block = f"<img alt=\"{_esc(spine_alt(p))}\" src=\"{_data_uri_svg(spine_svg)}\">"
        trend_block = f"<img alt=\"{_esc(trend_alt(p))}\" src=\"{_data_uri_svg(trend_svg)}\">"
    except export.ImageExportError:  # no Chromium on the server: the numbers as tables instead
        spine_block = _html_table(profile.display_table(p))
        trend_block = _html_table(profile.trend_display(p)[lambda d: d[t("Enhet")] == p.shown.namn])
    keys = "".join(f"<div class='key'><div class='v'>{_esc(v)}</div><div class='l'>{_esc(label)}</div>"
                   f"<div class='s'>{_esc(small)}</div></div>" for v, label, small in key_numbers(p))
    sentences = "".join(f"<p>{_esc(s.text)}</p>" for s in p.sentences if s.text != p.notice)
    notice = f"<div class='notice'>{_esc(p.notice)}</div>" if p.notice else ""
    kicker = t("MIA – Mobilisering inför arbete · profil")
    title = p.unit.namn if p.unit.niva == profile.KOMMUN else f"{t('Förbundet')} {p.unit.namn}"
    link = (f"<p>{_esc(t('Länk till profilen'))}: {_esc(permalink)}</p>" if permalink else "")
    method = profile.method_note() + " " + t("Profilen använder urvalets period, population och nämnare, "
                                             "inga andra filter.")
    return f"""<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8">
<title>{_esc(t('MIA-profil'))}: {_esc(title)}</title>
<style>{CSS}</style></head>
<body><div class="sheet">
<header><div><div class="kicker">{_esc(kicker)}</div><h1>{_esc(title)}</h1>
<div class="facts">{_esc(unit_facts(p))}</div></div>
<div class="meta">{_esc(t('Utskriven'))} {printed.isoformat()}<br>{_esc(t('Dataversion'))} {_esc(data_version)}</div>
</header>
<p class="urval"><b>{_esc(t('Urval'))}:</b> {_esc(spine_sub)}</p>
{notice}
<div class="keys">{keys}</div>
<div class="text">{sentences}</div>
<figure><figcaption><b>{_esc(spine_title)}</b> <span>{_esc(t(charts.SPINE_NOTE))}.</span></figcaption>
{spine_block}</figure>
<figure><figcaption><b>{_esc(trend_title)}</b> <span>{_esc(trend_sub)}. {_esc(charts.trend_note(p))}.</span>
</figcaption>{trend_block}</figure>
<footer><p><b>{_esc(source.line())}.</b> {_esc(t('Antal per 10 000 invånare: folkmängd 31 december 2017 (SCB).'))}</p>
<p><b>{_esc(t('Metod'))}:</b> {_esc(method)}</p>{link}</footer>
</div></body></html>
"""


# ---------------------------------------------------------------------------- PDF


def chromium() -> str | None:
    return export.chromium_path()


def html_to_pdf(page: str, timeout: float = PDF_TIMEOUT_S) -> bytes:
    """The page printed to PDF by headless Chromium (A4 from the page's @page rule, no
    header or footer lines). PrintError when there is no Chromium or it fails."""
    browser = chromium()
    if browser is None:
        raise PrintError(t("PDF kräver Chromium på servern; ladda ner HTML-versionen och skriv ut den från "
                           "webbläsaren i stället."))
    with tempfile.TemporaryDirectory(prefix="mia-print-") as tmp:
        source = Path(tmp) / "profil.html"
        target = Path(tmp) / "profil.pdf"
        source.write_text(page, encoding="utf-8")
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--no-first-run", "--disable-quic", "--no-pdf-header-footer", f"--user-data-dir={tmp}/profile",
               f"--print-to-pdf={target}", source.as_uri()]
        try:
            run = subprocess.run(cmd, capture_output=True, timeout=timeout, env={**os.environ, "HOME": tmp})
        except subprocess.TimeoutExpired as exc:
            raise PrintError(t("PDF-utskriften tog för lång tid.")) from exc
        if not target.is_file() or target.stat().st_size == 0:
            detail = run.stderr.decode("utf-8", "replace")[-400:]
            raise PrintError(f"{t('PDF-utskriften misslyckades')}: {detail}")
        return target.read_bytes()


def pdf_pages(pdf: bytes) -> int:
    """Number of pages of a PDF (page objects; Chromium writes them uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def profile_pdf(p: profile.Profile, source: Source, data_version: str, **kwargs) -> bytes:
    return html_to_pdf(profile_html(p, source, data_version, **kwargs))


# ---------------------------------------------------------------------------- press pack


def file_stem(p: profile.Profile) -> str:
    """"mia_profil_0160", "mia_profil_ros": the unit's code (names have å ä ö)."""
    return export.file_stem(f"profil_{p.unit.kod}")


def presspaket(p: profile.Profile, source: Source, data_version: str, permalink: str = "",
               images: bool | None = None) -> bytes:
    """The profile's press pack: both charts' files (PNG sizes, SVG, CSV, XLSX, text) from
    mia.export, plus the A4 page as HTML and PDF and the sentences as text."""
    images = export.images_available() if images is None else images
    spine, trend = bundles(p, source, permalink)
    files: dict[str, bytes] = {}
    files.update(export.presspaket_files(spine, images=images))
    files.update(export.presspaket_files(trend, images=images))
    stem = file_stem(p)
    if images:  # the A4 page needs the charts drawn (kaleido) and Chromium for the PDF
        page = profile_html(p, source, data_version, permalink=permalink)
        files[f"{stem}_A4.html"] = page.encode("utf-8")
        try:
            files[f"{stem}_A4.pdf"] = html_to_pdf(page)
        except PrintError:
            pass
    sentences = "\r\n".join(s.text for s in p.sentences)
    files[f"{stem}_profil_text.txt"] = ("\ufeff" + t("MIA-profil") + f": {p.unit.namn}\r\n\r\n{sentences}\r\n\r\n"
                                 + f"{source.line()}\r\n{t('Dataversion')} {data_version}\r\n{permalink}\r\n"
                                 ).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buffer.getvalue()
