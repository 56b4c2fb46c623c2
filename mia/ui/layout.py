"""Page chrome shared by every page: heading, the synthetic-data banner, the selection
line, and one way to show a finished chart with its table view and text alternative."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from mia import measures, text
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


def chart(fig: go.Figure, table: pd.DataFrame, sentence: str | None, alt: str, key: str) -> None:
    """A finished figure, its sentence, and a table view with the same numbers."""
    st.plotly_chart(fig, width="stretch", key=f"fig_{key}",
                    config={"displaylogo": False,
                            "toImageButtonOptions": {"format": "png", "filename": f"mia_{key}",
                                                     "width": 1200, "height": 675, "scale": 1}})
    if sentence:
        st.markdown(sentence)
    st.caption(f"{t('Beskrivning av diagrammet')}: {alt}")
    with st.expander(t("Visa som tabell")):
        st.dataframe(table, hide_index=True, width="stretch")
