"""Karta: the 26 kommuner of Stockholms län coloured by förbund (who is in MIA, since
when; a time slider) or by a measure of the selection (the Jämför table's numbers), with a
legend, a table view, a kommun picker that sets the sidebar's kommun filter (also by a
click on the map) and press downloads. Works offline: no token, no basemap by default.

Layout only: the numbers come from mia.map_data (which reads mia.compare), the decks from
mia.maps. The view is in the URL: ?karta=<mode>&datum=<ÅÅÅÅ-MM-DD>.
"""
from datetime import date
from pathlib import Path

import streamlit as st

from mia import export, map_data, maps
from mia.i18n import t, bound
from mia.ui import data, layout

DECK_KEY = "karta_deck"  # + a counter: a click is read once, then the deck starts afresh
DECK_N = "_karta_deck_n"
VISA_KEY = "karta_visa"
MATT_KEY = "karta_matt"
DATUM_KEY = "karta_datum"
BASEMAP_KEY = "karta_bakgrund"
VALJ_KEY = "karta_valj"
NOTE_KEY = "_karta_meddelande"
KOMMUN_FILTER = "f_kommun"  # the sidebar's kommun multiselect (mia.ui.sidebar)
PROFIL_PAGE = "app_pages/profil.py"
ALLA = ""


def _url_value(name: str) -> str | None:
    """`name` from the URL this run started with (the sidebar's URL sync rewrites
    st.query_params before the page runs; Streamlit keeps the initial values)."""
    value = st.query_params.get(name)
    if value:
        return value
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        with get_script_run_ctx().session_state.query_params() as qp:
            initial = qp.get_initial_value(name)
        return initial if isinstance(initial, str) else None
    except Exception:  # noqa: BLE001 - internal API changed: links then open the default view
        return None


def _choose(kod: str | None) -> None:
    """Make `kod` the sidebar's kommun selection (called from callbacks, before any widget
    of the next run is drawn, which is when Streamlit lets us set a widget's state)."""
    names = map_data.kommun_names()
    if not kod:
        st.session_state[KOMMUN_FILTER] = []
    elif kod in map_data.mia_kommuner():
        st.session_state[KOMMUN_FILTER] = [kod]
    elif kod in names:
        st.session_state[NOTE_KEY] = t("{kommun} är inte med i MIA; urvalet ändrades inte.").format(kommun=names[kod])


def _deck_key() -> str:
    return f"{DECK_KEY}_{st.session_state.get(DECK_N, 0)}"


def _on_map_click() -> None:
    """A click selects the kommun in the sidebar. The deck's own selection is then dropped
    (a fresh widget key): Streamlit would otherwise keep it and fade every other kommun,
    also after the select box chose another one; the black outline shows the choice."""
    state = st.session_state.get(_deck_key())
    kod = map_data.kod_from_selection(state.get("selection") if state else None)
    if kod:
        _choose(kod)
    st.session_state[DECK_N] = st.session_state.get(DECK_N, 0) + 1


def _on_pick() -> None:
    _choose(st.session_state.get(VALJ_KEY) or None)


urval = layout.header("Karta", "Länets 26 kommuner: vilka som är med i MIA och sedan när, eller ett mått per "
                               "kommun för urvalet. Klicka på en kommun eller välj den i listan för att välja "
                               "den i urvalet.")

# --- the view: mode, measure or date, from the URL on first load ----------------------
steps = map_data.membership_steps()
step_labels = {s.datum: t(s.label) for s in steps}
# A link's view is applied when it differs from the view this session last showed (the
# URL of a rerun still holds the previous view, which must not undo a widget change).
requested = (_url_value("karta"), _url_value("datum"))
if requested[0] in map_data.MATT and requested != st.session_state.get("_karta_url"):
    st.session_state[VISA_KEY] = "forbund" if requested[0] == map_data.FORBUND else "matt"
    if requested[0] != map_data.FORBUND:
        st.session_state[MATT_KEY] = requested[0]
    try:
        asked_day = date.fromisoformat(requested[1]) if requested[1] else None
    except ValueError:
        asked_day = None
    if asked_day in step_labels:
        st.session_state[DATUM_KEY] = asked_day
if st.session_state.get(DATUM_KEY) not in step_labels:
    st.session_state[DATUM_KEY] = steps[-1].datum

c1, c2 = st.columns([2, 3], vertical_alignment="bottom")
visa = c1.radio(t("Visa"), ["forbund", "matt"], key=VISA_KEY, horizontal=True,
                format_func=bound(lambda v: t("Förbund och medlemskap") if v == "forbund" else t("Ett mått per kommun")))
if visa == "forbund":
    as_of = c2.select_slider(t("Medlemskap vid"), options=list(step_labels), key=DATUM_KEY,
                             format_func=bound(step_labels.get),
                             help=t("När kommunerna gick med i MIA: 2017 startade MIA, 2019 utökades Roslagen, "
                                    "2020 kom MIA Vidare."))
    matt = map_data.FORBUND
    as_of = None if as_of == steps[-1].datum else as_of
else:
    matt = c2.selectbox(t("Mått"), map_data.MEASURES, key=MATT_KEY, format_func=bound(lambda k: t(map_data.MATT[k].label)),
                        help=t("Samma siffror som i Jämför: andelar med 95 % konfidensintervall och jämförelse "
                               "med länet; för små tal visas inte."))
    as_of = None
st.query_params["karta"] = matt  # after the sidebar's URL sync, so that links keep the view
if as_of is not None:
    st.query_params["datum"] = as_of.isoformat()
st.session_state["_karta_url"] = (matt, as_of.isoformat() if as_of else None)

default_basemap, basemap_url = map_data.basemap_setting()
if BASEMAP_KEY not in st.session_state:
    st.session_state[BASEMAP_KEY] = default_basemap

view = data.computed(map_data.view_for, map_data.map_urval(urval), matt=matt, as_of=as_of,
                     basemap_style=basemap_url if st.session_state[BASEMAP_KEY] else None)
chosen = map_data.selected_codes(urval)
shown_view = map_data.with_selection(view, chosen)

# --- the map, its legend and the kommun picker ------------------------------------------
left, right = st.columns([5, 2], gap="medium")
with left:
    st.pydeck_chart(shown_view.deck, height=view.height, key=_deck_key(), on_select=_on_map_click,
                    selection_mode="single-object", alt=view.alt_text)
    if visa == "forbund":
        st.caption(t("Kommuner som ännu inte gått med vid det valda datumet är grå. Antalet deltagare i "
                     "rutan som visas när du pekar på en kommun gäller urvalets period."))
    else:
        st.caption(t("Kommuner som gick med i MIA efter periodens slut ({till}) visas som ej med. Randigt grått: "
                     "värdet visas inte eftersom underlaget är för litet.").format(till=urval.till.isoformat()))
with right:
    st.markdown(maps.legend_html(map_data.translated(view)), unsafe_allow_html=True)
    options = [ALLA, *map_data.mia_kommuner()]
    names = map_data.kommun_names()
    st.session_state[VALJ_KEY] = urval.kommun[0] if len(urval.kommun) == 1 and urval.kommun[0] in options else ALLA
    st.selectbox(t("Välj kommun"), options, key=VALJ_KEY, on_change=_on_pick,
                 format_func=bound(lambda k: names.get(k, k) if k else t("Alla kommuner")),
                 help=t("Väljer kommunen i urvalet i sidopanelen, som ett klick på kartan."))
    note = st.session_state.pop(NOTE_KEY, None)
    if note:
        st.info(note)
    if len(urval.kommun) > 1:
        st.caption(t("Flera kommuner är valda i sidopanelen."))
    if len(urval.kommun) == 1 and Path(PROFIL_PAGE).exists():
        kod = urval.kommun[0]
        st.page_link(PROFIL_PAGE, label=t("Profil för {kommun}").format(kommun=names.get(kod, kod)),
                     query_params={"enhet": f"kommun:{kod}"})
    if chosen:
        st.caption(t("Kommuner i urvalet har en svart kant."))
    with st.expander(t("Kartinställningar")):
        st.checkbox(t("Bakgrundskarta (hämtar kartbilder från internet)"), key=BASEMAP_KEY,
                    help=t("Av som standard: kartan fungerar utan internet och utan kartnyckel. "
                           "MIA_BASEMAP=1 slår på den från början."))

st.caption(f"{t('Beskrivning av kartan')}: {view.alt_text}")

# --- press downloads ----------------------------------------------------------------------
frame_m = data.computed(map_data.kommun_frame, map_data.map_urval(urval), utfall=map_data.MATT[matt].utfall)
bundle = map_data.karta_bundle(view, frame_m, urval, layout.source(), matt, as_of,
                               link=layout.current_permalink())
st.markdown(f"**{t('Pressmening')}:** {bundle.sentence}")
st.caption(t("Pressbilden (PNG/SVG) har rubrik, underrubrik, teckenförklaring och källa, och skapas först när du "
             "klickar (några sekunder)."))
layout.download_row(bundle, "karta")

# --- the table view ---------------------------------------------------------------------------
st.subheader(t("Kommunerna i tabellform"))
st.dataframe(export.display_table(bundle.table), hide_index=True, width="stretch", height="content")
st.markdown(f"**{t('Förbunden och när kommunerna gick med')}**")
st.markdown(map_data.membership_markdown(as_of))
