"""Jämför: förbund and kommuner side by side, each compared fairly with the county.
Layout only: mia.compare computes (once, with disclosure control), mia.text_compare words
it, mia.charts.jamfor draws it. The level, outcome and view are page choices kept in the
URL (niva, utfall, vy) next to the sidebar's selection."""
import streamlit as st

from mia import compare, export
from mia import text_compare as tc
from mia.charts import jamfor as charts
from mia.i18n import t, bound
from mia.ui import data, layout

VIEWS = {"tratt": "Trattdiagram", "punkt": "Punktdiagram med intervall", "tabell": "Tabell"}
LEVELS = {"kommun": "Kommuner", "forbund": "Förbund"}
OUTCOMES = {"arbete_studier": "Arbete eller studier", "arbetsforberedande": "Arbetsförberedande insats"}
# URL parameter -> (widget key, options, default). Keys must not clash with the sidebar's f_*.
PAGE_PARAMS = {"niva": ("j_niva", LEVELS, "kommun"), "utfall": ("j_utfall", OUTCOMES, "arbete_studier"),
               "vy": ("j_vy", VIEWS, "tratt")}
MAX_TREND_UNITS = 9


def _url_value(param: str) -> str | None:
    """The page parameter from the address (the sidebar's URL sync keeps page parameters)."""
    return st.query_params.get(param) or None


def _seed_from_url() -> None:
    for param, (key, options, default) in PAGE_PARAMS.items():
        if key not in st.session_state:
            value = _url_value(param)
            st.session_state[key] = value if value in options else default


def _keep_in_url(param: str, value: str, default: str) -> None:
    """A choice further down the page in the address (left out when it is the default, which
    follows the sidebar's selection), so that a shared link shows the same unit(s)."""
    if value != default:
        if st.query_params.get(param) != value:
            st.query_params[param] = value
    elif param in st.query_params:
        del st.query_params[param]


def _write_url() -> None:
    """Keep the page choices in the address (after the sidebar has written its own)."""
    for param, (key, _options, default) in PAGE_PARAMS.items():
        value = st.session_state[key]
        if value != default and st.query_params.get(param) != value:
            st.query_params[param] = value
        elif value == default and param in st.query_params:
            del st.query_params[param]


urval = layout.header("Jämför", "Förbund och kommuner sida vid sida, var och en jämförd med länet – med "
                      "osäkerhetsintervall och skydd för små tal.")
source = layout.source()
_seed_from_url()
col1, col2, col3 = st.columns([1, 1.4, 1.6])
niva = col1.radio(t("Nivå"), list(LEVELS), key="j_niva", format_func=bound(lambda v: t(LEVELS[v])), horizontal=True)
utfall = col2.radio(t("Utfall"), list(OUTCOMES), key="j_utfall", format_func=bound(lambda v: t(OUTCOMES[v])),
                    horizontal=True)
vy = col3.radio(t("Visa som"), list(VIEWS), key="j_vy", format_func=bound(lambda v: t(VIEWS[v])), horizontal=True,
                help=t("Trattdiagrammet är standard: det visar om en skillnad mot länet är större än slumpen "
                       "kan förklara, med hänsyn till hur många andelen bygger på."))
_write_url()

everything = data.computed(compare.units, urval, niva=niva, utfall=utfall, include_county=True)
units = everything[everything.niva == niva].reset_index(drop=True)
if urval.aldersgrupp and niva == "kommun":
    st.info(t("Åldersgrupper redovisas per förbund, inte per kommun: per kommun blir grupperna så små att de "
              "skulle behöva döljas. Välj nivån Förbund för att jämföra en åldersgrupp."))

sentence = " ".join([tc.comparison_sentence(units, niva, utfall), *tc.selected_sentences(units)])
# The numbers exactly as `python -m mia table jamfor` prints them; headers for people.
table = compare.table_view(units).rename(columns={c: t(label) for c, label in tc.TABLE_LABELS.items()})
subtitle = tc.subtitle(urval, niva, utfall)

# ---------------------------------------------------------------- the comparison
if vy == "tratt":
    fig = charts.funnel_figure(units, subtitle, source, niva, utfall, urval.namnare)
    layout.chart(fig, table, sentence, tc.funnel_alt(units, niva, utfall), "jamfor_tratt")
elif vy == "punkt":
    fig = charts.dot_figure(units, subtitle, source, niva, utfall)
    layout.chart(fig, table, sentence, tc.dot_alt(units, niva, utfall), "jamfor_punkt")
else:
    st.markdown(f"**{t(tc.UTFALL_TITLE[utfall])} {t('per kommun') if niva == 'kommun' else t('per förbund')}**")
    st.caption(subtitle)
    st.dataframe(table, hide_index=True, width="stretch", key="jamfor_tabell")
    st.markdown(f"**{t('Pressmening')}:** {sentence}")
    st.download_button(t("Ladda ned tabellen (CSV)"), data=export.csv_bytes(table),
                       file_name=f"mia_jamfor_{niva}_{utfall}.csv", mime="text/csv", key="jamfor_tabell_csv")
st.caption(f"{tc.legend_note()} {tc.comparison_note(everything)}")

# ---------------------------------------------------------------- participants per 10 000 inhabitants
st.subheader(t("Deltagare per 10 000 invånare"))
fig = charts.rate_figure(everything, tc.subtitle(urval, niva, what=t("Deltagare per 10 000 invånare")), source, niva)
layout.chart(fig, tc.rate_table(everything, niva), tc.rate_sentence(everything, niva), tc.rate_alt(everything, niva),
             "jamfor_per_invanare")

# ---------------------------------------------------------------- one unit by kön and age
st.subheader(t("Efter kön och ålder"))
choices = tc.unit_choices(units)
default = next((k for k in units.kod[units.vald] if k in choices), compare.LAN)
if st.session_state.get("j_enhet") not in choices:
    asked = _url_value("uppdelning")  # a link's unit, else the selection's
    st.session_state["j_enhet"] = asked if asked in choices else default
kod = st.selectbox(t("Enhet"), list(choices), key="j_enhet", format_func=bound(lambda k: choices[k]))
_keep_in_url("uppdelning", kod, default)
bd = data.computed(compare.breakdown, urval, kod=kod, utfall=utfall)
if niva == "kommun" and kod != compare.LAN:
    st.caption(t("Åldersgrupper redovisas per förbund och för länet, inte per kommun (för små tal)."))
if urval.kon or urval.aldersgrupp:
    st.caption(t("Uppdelningen visar alla kön och åldersgrupper; sidofältets filter för kön och ålder gäller inte här."))
fig = charts.breakdown_figure(bd, choices[kod], tc.breakdown_subtitle(urval, utfall), source, utfall)
layout.chart(fig, tc.breakdown_table(bd), tc.breakdown_sentence(bd, choices[kod], utfall),
             tc.breakdown_alt(bd, choices[kod], utfall), "jamfor_kon_alder")

# ---------------------------------------------------------------- units over time
st.subheader(t("Över tid"))
trend = data.computed(compare.trend, urval, niva=niva, utfall=utfall)
options = {k: n for k, n in choices.items() if k != compare.LAN}
key = f"j_trend_{niva}"
trend_default = [k for k in tc.default_trend_units(units, MAX_TREND_UNITS) if k in options]
if key not in st.session_state:
    asked = (_url_value("over_tid") or "").split(",")  # a link's units ("ingen": none), else the default
    asked = [k for k in asked if k in options][:MAX_TREND_UNITS]
    st.session_state[key] = asked if asked or _url_value("over_tid") == "ingen" else trend_default
st.session_state[key] = [k for k in st.session_state[key] if k in options]
chosen = st.multiselect(t("Enheter (högst nio)"), list(options), key=key, format_func=bound(options.get),
                        max_selections=MAX_TREND_UNITS, placeholder=t("Välj förbund eller kommuner"))
_keep_in_url("over_tid", ",".join(chosen) or "ingen", ",".join(trend_default) or "ingen")
if chosen:
    fig = charts.trend_figure(trend, chosen, tc.trend_subtitle(urval, utfall), source, utfall)
    layout.chart(fig, tc.trend_table(trend, chosen), tc.trend_sentence(trend, chosen, utfall),
                 tc.trend_alt(trend, chosen, utfall), "jamfor_over_tid")
else:
    st.info(t("Välj minst en enhet för att se utvecklingen över tid."))
