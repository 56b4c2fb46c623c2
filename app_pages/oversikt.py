"""Översikt: headline numbers against the targets, trend by half-year, a summary."""
import streamlit as st

from mia import chartbook, fmt, measures, text
from mia.i18n import t
from mia.ui import data, layout

urval = layout.header("Översikt", "Hur det gick för deltagarna i MIA – mot projektets mål och över tid.")
counts, shares = data.computed(measures.headline_and_shares, urval)  # one nyckeltal query for both
source = layout.source()

st.markdown(" ".join(text.overview_sentences(shares, counts["antal"], urval)))

cols = st.columns(4)
cols[0].metric(t("Deltagare"), fmt.number(counts["antal"]) if counts["antal"] == 0 or counts["antal"] >= 5 else "<5",
               help=f"{fmt.number(counts['avslutade'])} {t('avslutade av dem')}")
for col, row in zip(cols[1:], shares.itertuples()):
    shown = row.andel_status == "visad"
    col.metric(t(row.etikett), fmt.percent(row.andel) if shown else "..",
               help=(f"95 % {t('KI')} {fmt.interval(row.ki_lag, row.ki_hog)} · n = {row.namnare}" if shown
                     else t("Visas inte: för få personer i underlaget.")))
    col.caption(f"{t('Mål')} {fmt.percent(row.mal)}" + (f" · 95 % {t('KI')} {fmt.interval(row.ki_lag, row.ki_hog)}" if shown else ""))

# The same builders as `python -m mia chart oversikt|oversikt_trend`: figure, plotted-numbers
# table, press sentence and alt text come from one place.
layout.chart(bundle=chartbook.oversikt_bundle(shares, urval, source))

trend = data.computed(measures.trend, urval)
layout.chart(bundle=chartbook.oversikt_trend_bundle(trend, urval, source))
