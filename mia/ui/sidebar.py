"""The global filters: drawn once in the sidebar by dashboard.py, read by every page, and
mirrored in the URL so that a link reproduces the view (including the data version).
"""
from __future__ import annotations

from datetime import date

import streamlit as st

from mia import fmt, periods
from mia.config import PROJECT_END, PROJECT_START
from mia.filters import DENOMINATORS, POPULATIONS, FilterError, Urval
from mia.i18n import LANGUAGES, language, set_language, t, bound
from mia.reference import load_reference
from mia.schema import AGE_GROUP_LABELS, FORSORJNING_CODES, REMITTENT_CODES
from mia.text import FORSORJNING_LABELS, KON_LABELS, REMITTENT_LABELS

CUSTOM = "__egen__"
POPULATION_HELP = {
    "inskrivna": "inskrivna under perioden",
    "aktiva": "inskrivna senast periodens slut och inte avslutade före dess början",
    "avslutade": "avslutade under perioden",
}
STATE_KEY = "urval"


def _init_from_url() -> None:
    """First run of a session: copy the URL's parameters into the widgets' state."""
    if st.session_state.get("_urval_init"):
        return
    st.session_state["_urval_init"] = True
    query = {k: st.query_params.get(k) for k in st.query_params.keys()}
    try:
        urval = Urval.from_query(query)
    except FilterError as exc:
        st.session_state["_url_error"] = str(exc)
        urval = Urval()
    _set_widgets(urval)
    st.session_state["sprak"] = query.get("lang", "sv") if query.get("lang") in LANGUAGES else "sv"
    st.session_state["_url_version"] = query.get("v")


def _set_widgets(urval: Urval) -> None:
    label = periods.label_for(urval.fran, urval.till)
    st.session_state["f_period"] = label or CUSTOM
    st.session_state["f_fran"] = urval.fran
    st.session_state["f_till"] = urval.till
    st.session_state["f_population"] = urval.population
    st.session_state["f_namnare"] = urval.namnare
    for name in ("forbund", "kommun", "kon", "aldersgrupp", "remittent", "forsorjning"):
        st.session_state[f"f_{name}"] = list(getattr(urval, name))


def _reset() -> None:
    _set_widgets(Urval())


def _relabel(value: object) -> bool:
    """Whether a widget value may be written back through session_state: option values
    (text, numbers, dates, lists of them), not button clicks (bool), uploads or the
    selection state of tables and maps (objects, dicts)."""
    plain = (str, int, float, date)
    if isinstance(value, bool):
        return False
    if isinstance(value, plain):
        return True
    return isinstance(value, (list, tuple)) and all(isinstance(v, plain) and not isinstance(v, bool) for v in value)


def _language_changed() -> None:
    """The language radio's callback: write every option widget's value back to itself.

    The browser keeps a select box's, multiselect's or radio's choice as its *label* (the
    format_func's text). After a language switch the options arrive in the new language,
    but a value nobody changed is not sent again, so the browser went on showing "inskrivna"
    or "Kvinnor" among English options. A value written through session_state is sent with
    the next run (set_value), formatted in the new language. The callback runs before that
    run, while the old labels still map back to the values.
    """
    for key in list(st.session_state.keys()):
        if key == "sprak" or str(key).startswith("_"):
            continue
        value = st.session_state[key]
        if _relabel(value):
            st.session_state[key] = value


def render() -> Urval:
    """Draw the sidebar and return the selection; also stored in session_state['urval']."""
    _init_from_url()
    set_language(st.session_state.get("sprak", "sv"))
    ref = load_reference()
    with st.sidebar:
        st.radio(t("Språk"), list(LANGUAGES), format_func=bound(LANGUAGES.get), key="sprak", horizontal=True,
                 on_change=_language_changed)
        set_language(st.session_state["sprak"])
        st.header(t("Urval"))
        if st.session_state.get("_url_error"):
            st.warning(f"{t('Länken innehöll ett ogiltigt urval')}: {st.session_state.pop('_url_error')}")
        fran, till = _period_picker()
        population = st.selectbox(t("Population"), POPULATIONS, key="f_population",
                                  format_func=bound(lambda p: t(p)), help=t("Vilka deltagare som räknas: ") +
                                  "; ".join(f"{t(p)} = {t(h)}" for p, h in POPULATION_HELP.items()))
        namnare = st.selectbox(t("Nämnare"), DENOMINATORS, key="f_namnare", format_func=bound(lambda p: t(p)),
                               help=t("Andelar räknas av alla i populationen eller bara av dem som avslutat."))
        forbund_names = dict(zip(ref.forbund.forbund_kod, ref.forbund.kortnamn))
        forbund = st.multiselect(t("Förbund"), list(forbund_names), key="f_forbund",
                                 format_func=bound(forbund_names.get), placeholder=t("Alla"))
        kommun_names = dict(zip(ref.kommuner.kommunkod, ref.kommuner.kommun))
        kommun = st.multiselect(t("Kommun"), sorted(kommun_names, key=kommun_names.get), key="f_kommun",
                                format_func=bound(kommun_names.get), placeholder=t("Alla"))
        kon = st.multiselect(t("Kön"), list(KON_LABELS), key="f_kon", format_func=bound(lambda k: t(KON_LABELS[k])),
                             placeholder=t("Alla"))
        alder = st.multiselect(t("Åldersgrupp"), list(AGE_GROUP_LABELS), key="f_aldersgrupp", placeholder=t("Alla"),
                               format_func=bound(lambda a: t("{grupp} år").format(grupp=a)))
        remittent = st.multiselect(t("Remittent"), list(REMITTENT_CODES), key="f_remittent",
                                   format_func=bound(lambda k: t(REMITTENT_LABELS[k])), placeholder=t("Alla"))
        forsorjning = st.multiselect(t("Försörjning före"), list(FORSORJNING_CODES), key="f_forsorjning",
                                     format_func=bound(lambda k: t(FORSORJNING_LABELS[k])), placeholder=t("Alla"))
        st.button(t("Återställ urval"), on_click=_reset, width="stretch")
    try:
        urval = Urval(fran=fran, till=till, population=population, namnare=namnare, forbund=tuple(forbund),
                      kommun=tuple(kommun), kon=tuple(kon), aldersgrupp=tuple(alder),
                      remittent=tuple(remittent), forsorjning=tuple(forsorjning))
    except FilterError as exc:
        st.sidebar.error(str(exc))
        urval = Urval()
    st.session_state[STATE_KEY] = urval
    return urval


def _period_picker() -> tuple[date, date]:
    options = {label: (start, end) for label, start, end in periods.presets()}
    choice = st.selectbox(t("Period"), [*options, CUSTOM], key="f_period",
                          format_func=bound(lambda o: t("Egen period") if o == CUSTOM else t(o)))
    if choice != CUSTOM:
        fran, till = options[choice]
        st.caption(fmt.period(fran, till))
        st.session_state["f_fran"], st.session_state["f_till"] = fran, till
        return fran, till
    col1, col2 = st.columns(2)
    fran = col1.date_input(t("Från"), key="f_fran", min_value=date(2016, 1, 1), max_value=date(2030, 12, 31),
                           format="YYYY-MM-DD")
    till = col2.date_input(t("Till"), key="f_till", min_value=date(2016, 1, 1), max_value=date(2030, 12, 31),
                           format="YYYY-MM-DD")
    return fran or PROJECT_START, till or PROJECT_END


def sync_url(urval: Urval, version: str) -> None:
    """Write the selection, language and data version to the address bar."""
    current = {k: st.query_params.get(k) for k in st.query_params.keys()}
    sidebar_keys = set(Urval.__dataclass_fields__) | {"v", "lang"}
    # Page parameters (e.g. the profile's `enhet`) are the pages' business: keep them.
    wanted = {k: v for k, v in current.items() if k not in sidebar_keys}
    wanted |= urval.to_query() | {"v": version}
    if language() != "sv":
        wanted["lang"] = language()
    if current != wanted:
        st.query_params.from_dict(wanted)


def current() -> Urval:
    """The selection drawn by dashboard.py in this run (pages call this)."""
    return st.session_state.get(STATE_KEY) or Urval()


def url_version() -> str | None:
    """The data version a shared link was made with (to warn when the data has changed)."""
    return st.session_state.get("_url_version")
