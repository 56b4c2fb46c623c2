"""Profil: one kommun or förbund on one screen and one printable page – every measure
against the county and its förbund (spine chart), over time, against the targets, and a
few sentences a politician can read aloud. Reachable by link: /profil?enhet=kommun:0160."""
import streamlit as st

from mia import export, fmt, printable, profile
from mia.i18n import t, bound
from mia.ui import data, layout

KEY = "profil_enhet"
DEFAULT = profile.enhet_id(profile.KOMMUN, "0160")


def _url_enhet() -> str | None:
    """`enhet` from the URL this run started with. The sidebar's URL sync (dashboard.py)
    rewrites st.query_params before the page runs, so fall back to the run's initial
    parameters, which Streamlit keeps for seeding widgets."""
    value = st.query_params.get("enhet")
    if value:
        return value
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        with ctx.session_state.query_params() as qp:
            initial = qp.get_initial_value("enhet")
        return initial if isinstance(initial, str) else None
    except Exception:  # noqa: BLE001 - internal API changed: links then open the default unit
        return None


def _label(u: profile.Unit) -> str:
    if u.niva == profile.FORBUND:
        return f"{t('Förbund')}: {u.namn}"
    return f"{u.namn}" + ("" if u.in_mia else f" – {t('deltog inte i MIA')}")


urval = layout.header("Profil", "En kommun eller ett förbund på en sida: alla mått mot länet, över tid och mot "
                                "projektets mål – att läsa på skärmen eller skriva ut.")
units = profile.units()
labels = {u.id: _label(u) for u in units}

requested = _url_enhet()
if requested and requested != st.session_state.get("_profil_url"):
    if requested in labels:
        st.session_state[KEY] = requested
    else:
        st.warning(f"{t('Länken innehöll en okänd enhet')}: {requested}")
if st.session_state.get(KEY) not in labels:
    st.session_state[KEY] = st.session_state.get("_profil_senast", DEFAULT)
choice = st.selectbox(t("Kommun eller förbund"), list(labels), key=KEY, format_func=bound(labels.get),
                      help=t("Kommunerna i bokstavsordning, sedan förbunden."))
st.session_state["_profil_senast"] = choice
st.session_state["_profil_url"] = choice
st.query_params["enhet"] = choice  # after the sidebar's URL sync, so that links keep the unit

ignored = profile.ignored_filters(urval)
note = t("Profilen använder urvalets period, population och nämnare och visar hela kommunen eller förbundet.")
if ignored:
    st.info(note + " " + t("Filtren för {filters} i sidopanelen används inte här.").format(
        filters=", ".join(t(f) for f in ignored)))
else:
    st.caption(note + " " + t("Sidopanelens filter för förbund, kommun, kön, ålder, remittent och försörjning "
                              "används inte här."))

tables = data.computed(profile.tables, profile.profile_urval(urval))
p = profile.assemble(choice, urval, tables)
source = layout.source()
version = data.data_version()
permalink = layout.current_permalink()

st.header(p.title)
st.caption(printable.unit_facts(p))
if p.notice:
    st.warning(p.notice, icon="ℹ️")

cols = st.columns(4)
for col, (value, label, small) in zip(cols, printable.key_numbers(p)):
    col.metric(label, value)
    col.caption(small)

with st.container(border=True):
    st.markdown(f"**{t('Att läsa upp')}**")
    st.markdown("\n\n".join(s.text for s in p.sentences))

spine, trend = printable.bundles(p, source, permalink)
layout.chart(bundle=spine, key="profil_spine", permalink=permalink)
layout.chart(bundle=trend, key="profil_trend", permalink=permalink)

st.subheader(t("Skriv ut och dela"))
st.caption(t("En A4-sida med rubrik, datum, dataversion, källa och metod. Skapas när du klickar."))
stem = printable.file_stem(p)
c1, c2, c3 = st.columns(3)
c1.download_button(t("Utskriftsversion (HTML)"), on_click="ignore", mime="text/html", file_name=f"{stem}_A4.html",
                   data=export.deferred(lambda: printable.profile_html(p, source, version, permalink=permalink)),
                   key="profil_html", width="stretch")
if printable.chromium():
    c2.download_button(t("Utskriftsversion (PDF)"), on_click="ignore", mime="application/pdf",
                       file_name=f"{stem}_A4.pdf", key="profil_pdf", width="stretch",
                       data=export.deferred(printable.profile_pdf, p, source, version, permalink=permalink))
c3.download_button(t("Presspaket för profilen (zip)"), on_click="ignore", mime="application/zip", type="primary",
                   file_name=f"{stem}_presspaket.zip", key="profil_zip", width="stretch",
                   data=export.deferred(printable.presspaket, p, source, version, permalink))
st.caption(f"{t('Länk till profilen')}: {permalink}  ·  {t('Dataversion')} {version}  ·  "
           f"{fmt.period(p.urval.fran, p.urval.till)}")
