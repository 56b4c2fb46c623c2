"""Page chrome shared by every page: heading, the synthetic-data banner, the selection
line, and one way to show a finished chart with its sentence, text alternative, downloads
(images, numbers, press pack) and table view."""
from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from mia import export, measures, text
from mia.export import ChartBundle
from mia.charts.style import Source
from mia.filters import Urval
from mia.i18n import t
from mia.ui import data, sidebar


def header(title: str, intro: str | None = None) -> Urval:
    """Heading, intro, demo banner and selection line; returns the current selection."""
    urval = sidebar.current()
    st.title(t(title))
    if intro:
        st.caption(t(intro))
    if source().synthetic:
        st.info("**" + t("Syntetiska demodata") + "** · "
                + t("Siffrorna bygger på syntetiska demodata, inte på verkliga deltagare."), icon="ℹ️")
    linked = sidebar.url_version()
    if linked and linked != data.data_version():
        st.warning(t("Länken skapades med en äldre dataversion; siffrorna kan ha ändrats sedan dess."))
    st.markdown(f"**{t('Urval')}:** {text.describe(urval)}")
    return urval


def source() -> Source:
    return data.computed(lambda con, _urval: measures.source(con), Urval())


def chart(fig: go.Figure | None = None, table: pd.DataFrame | None = None, sentence: str | None = None,
          alt: str = "", key: str = "", *, bundle: ChartBundle | None = None, permalink: str | None = None,
          downloads: bool = True) -> None:
    """A finished figure with its sentence, alt text, download row and table view.

    Either the classic arguments (fig, table, sentence, alt, key) — the table is then
    turned into the export table by `export.plotted_table` (NaN and hidden `<col>_status`
    cells become ".."/"<5") — or `bundle=` a ChartBundle from mia.chartbook, which carries
    its own plotted-numbers table and texts. Downloads: PNG 1200×675, PNG 1080×1080, PNG
    for print (3×), SVG, CSV, XLSX and a press pack zip; images are rendered only when a
    button is clicked (kaleido, one browser kept running). The modebar's camera button
    saves the same 1200×675 PNG in the browser, with or without Chromium on the server.
    """
    if bundle is None:
        if fig is None:
            raise ValueError("chart() needs a figure or a bundle")
        bundle = ChartBundle(name=key or "diagram", figure=fig,
                             table=export.plotted_table(table if table is not None else pd.DataFrame()),
                             sentence=sentence or "", alt=alt or "")
    else:
        bundle = replace(bundle, figure=fig if fig is not None else bundle.figure,
                         sentence=sentence if sentence is not None else bundle.sentence, alt=alt or bundle.alt)
    key = key or bundle.name
    bundle = bundle.with_permalink(permalink or current_permalink(bundle.permalink))
    # theme=None: the figure keeps the house style on screen and in the modebar PNG
    st.plotly_chart(bundle.figure, width="stretch", key=f"fig_{key}", theme=None,
                    config=export.modebar_config(bundle.name))
    if bundle.sentence:
        st.markdown(f"**{t('Pressmening')}:** {bundle.sentence}")
    if bundle.alt:
        st.caption(f"{t('Beskrivning av diagrammet')}: {bundle.alt}")
    if downloads:
        download_row(bundle, key)
    with st.expander(t("Visa som tabell")):
        st.dataframe(export.display_table(bundle.table), hide_index=True, width="stretch")


def download_row(bundle: ChartBundle, key: str) -> None:
    """The download buttons of one chart; files are made on click (data=callable)."""
    images = export.images_available()
    name = bundle.name
    specs: list[tuple[str, object, str, str]] = [
        (t("Presspaket (zip)"), export.deferred(bundle.zip, images),
         f"{export.file_stem(name)}_presspaket.zip", "application/zip")]
    if images:
        specs += [(t(image.label), export.deferred(bundle.png, image), image.file_name(name), "image/png")
                  for image in export.IMAGE_FORMATS]
        specs.append(("SVG", export.deferred(bundle.svg), f"{export.file_stem(name)}_1200x675.svg", "image/svg+xml"))
    specs += [("CSV", export.deferred(bundle.csv), f"{export.file_stem(name)}.csv", "text/csv"),
              ("XLSX", export.deferred(bundle.xlsx), f"{export.file_stem(name)}.xlsx",
               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    cols = st.columns(len(specs), gap="small")
    for col, (label, data_fn, file_name, mime) in zip(cols, specs):
        col.download_button(label, data=data_fn, file_name=file_name, mime=mime, on_click="ignore",
                            key=f"dl_{key}_{file_name}", width="stretch",
                            type="primary" if file_name.endswith(".zip") else "secondary")
    if not images:
        st.caption(t(export.NO_CHROMIUM))


def current_permalink(fallback: str = "") -> str:
    """The app's URL as the user sees it, with the current query parameters (the sidebar
    keeps the selection, language and data version there)."""
    query = {k: st.query_params.get(k) for k in st.query_params.keys()}
    try:
        base = st.context.url
    except Exception:  # noqa: BLE001 - no browser context (AppTest, bare mode)
        base = None
    if base:
        return f"{base}?{urlencode(query)}" if query else base
    return fallback or export.permalink("", query)
