"""Översikt: headline numbers against the targets, trend by half-year, a summary."""
import streamlit as st

from mia import fmt, measures, text
from mia.charts import oversikt as charts
from mia.i18n import t
from mia.ui import data, layout

urval = layout.header("Översikt", "Hur det gick för deltagarna i MIA – mot projektets mål och över tid.")
counts = data.computed(measures.headline, urval)
shares = data.computed(measures.headline_shares, urval)
source = layout.source()

st.markdown(" ".join(text.overview_sentences(shares, counts["antal"], urval)))

cols = st.columns(4)
cols[0].metric(t("Deltagare"), fmt.number(counts["antal"]) if counts["antal"] == 0 or counts["antal"] >= 5 else "<5",
               help=f"{fmt.number(counts['avslutade'])} {t('avslutade av dem')}")
for col, row in zip(cols[1:], shares.itertuples()):
    shown = row.andel_status == "visad"
    col.metric(t(row.etikett), fmt.percent(row.andel) if shown else "..",
               help=(f"95 % KI {fmt.interval(row.ki_lag, row.ki_hog)} · n = {row.namnare}" if shown
                     else t("Visas inte: för få personer i underlaget.")))
    col.caption(f"{t('Mål')} {fmt.percent(row.mal)}" + (f" · 95 % KI {fmt.interval(row.ki_lag, row.ki_hog)}" if shown else ""))

subtitle = text.describe(urval)
fig = charts.targets_figure(shares, subtitle, source)
table = shares[["etikett", "taljare", "namnare", "andel", "ki_lag", "ki_hog", "mal", "lan_andel", "jamforelse"]]
layout.chart(fig, table, None, t("Liggande staplar med andelen till arbete eller studier, till "
             "arbetsförberedande insats och med ökad egenmakt, med konfidensintervall och projektets mål."), "oversikt_mal")

trend = data.computed(measures.trend, urval)
fig = charts.trend_figure(trend, subtitle, source)
layout.chart(fig, trend[["halvar", "inskrivna", "avslutade", "as_andel", "as_ki_lag", "as_ki_hog", "af_andel"]], None,
             t("Linjediagram per halvår med andelen av de avslutade som gick till arbete eller studier och "
               "till arbetsförberedande insats."), "oversikt_trend")
