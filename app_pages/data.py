"""Data: where the numbers come from, importing an extract, import history, data quality
and reconciliation against the published figures. Layout only: the tables come from
mia.data_quality, the import from mia.importer, the secret check from mia.ui.admin."""
import streamlit as st

from mia import config, data_quality, importer
from mia.filters import Urval
from mia.i18n import t
from mia.ingest import validate_extract
from mia.ingest.messages import Text, render
from mia.ui import admin, data, layout

ALL = Urval()  # the page is about all stored data, whatever the sidebar selects
FILE_TYPES = ["csv", "txt", "xlsx", "parquet"]

layout.header("Data", "Var siffrorna kommer ifrån, inläsning av nya utdrag, datakvalitet och avstämning mot "
              "publicerade siffror.")
st.caption(t("Sidan gäller alla inlästa data; urvalet i sidopanelen påverkar den inte."))

# ---------------------------------------------------------------- 1. sources
st.subheader(t("Datakällor"))
st.dataframe(data.computed(data_quality.sources, ALL), hide_index=True, width="stretch")
st.caption(f"{t('Dataversion')}: `{data.data_version()}`")

# ---------------------------------------------------------------- 2. import
st.subheader(t("Läs in ett utdrag"))
st.markdown(t("Ett utdrag ersätter alla rader för de förbund som finns i filen; övriga förbund lämnas orörda. "
              "Filen kontrolleras först, och inget sparas förrän du har bekräftat."))
done = st.session_state.pop("data_import_klar", None)
if done:
    (st.success if done["ok"] else st.error)(render(done["text"]))  # in the language of this run
    if done.get("changes") is not None and not done["changes"].empty:
        st.dataframe(done["changes"], hide_index=True)

secret = admin.configured_secret()
if secret is None:
    st.info(t("Inläsning är avstängd eftersom ingen administratörsnyckel är inställd, så sidan är skrivskyddad. "
              "Slå på den genom att sätta miljövariabeln `MIA_ADMIN_SECRET` eller lägga raden "
              "`admin_secret = \"…\"` i `.streamlit/secrets.toml` och starta om dashboarden. "
              "Utdrag kan också läsas in från kommandoraden: `python -m mia import FIL`."))
elif not admin.unlocked(secret):
    st.markdown(t("Inläsning kräver administratörsnyckeln."))
    admin.unlock_form()
else:
    st.button(t("Lås inläsningen"), on_click=admin.lock, key="data_las")
    who = st.text_input(t("Ditt namn (sparas i importhistoriken)"), key="data_vem", max_chars=100)
    generation = st.session_state.setdefault("data_uppladdning", 0)
    uploaded = st.file_uploader(
        t("Utdrag (.csv, .txt, .xlsx eller .parquet)"), type=FILE_TYPES, key=f"data_fil_{generation}",
        # The browser refuses a file over max_upload_size with Streamlit's own English message.
        # Room above our limit lets a file up to twice the limit reach importer.size_problem,
        # which refuses it in the page's language before reading it; server.maxUploadSize still caps the upload.
        max_upload_size=min(2 * config.max_upload_mb(), st.get_option("server.maxUploadSize")),
        help=t("Ett deltagarutdrag enligt dataspecifikationen, högst {mb} MB.").format(mb=config.max_upload_mb()))
    if uploaded is not None:
        checked = st.session_state.get("data_kontroll")
        if not checked or checked["id"] != uploaded.file_id:
            too_big = importer.size_problem(uploaded.size, uploaded.name)
            if too_big:  # checked before the bytes are read
                importer.record_oversized(data.writer(), uploaded.name, uploaded.size, who or None)
                checked = {"id": uploaded.file_id, "too_big": too_big, "result": None}
            else:
                with st.spinner(t("Kontrollerar filen …")):
                    content = uploaded.getvalue()
                    result = validate_extract(content, importer.safe_file_name(uploaded.name))
                if not result.ok:  # a refused import is recorded (never with identity numbers)
                    importer.import_file(data.writer(), content, uploaded.name, who or None, result=result)
                checked = {"id": uploaded.file_id, "too_big": None, "result": result}
            st.session_state["data_kontroll"] = checked
            if checked["too_big"] or not checked["result"].ok:
                st.rerun()  # the refusal is in the history now; the next run shows it
        result = checked["result"]
        if checked["too_big"]:
            st.error(render(checked["too_big"]))
        else:
            (st.error if not result.ok else st.warning if result.warnings else st.success)(result.summary())
            if result.source:
                st.caption(f"{t('Läst som')}: {result.source_text}")
            if result.issues:
                st.dataframe(data_quality.report_display(result), hide_index=True, width="stretch")
                stem = importer.safe_file_name(uploaded.name).rsplit(".", 1)[0]
                st.download_button(t("Ladda ner rapporten (CSV)"), data_quality.report_csv(result),
                                   file_name=f"valideringsrapport_{stem}.csv", mime="text/csv", key="data_rapport")
            if not result.ok:
                st.markdown(t("Filen har inte lästs in och ingenting har ändrats. Rätta felen och ladda upp filen igen."))
            else:
                st.markdown("**" + t("Det här ersätts") + "**")
                st.dataframe(data_quality.replacement_preview(data.connection(), result), hide_index=True)
                if st.button(t("Bekräfta import"), type="primary", key="data_bekrafta"):
                    with st.spinner(t("Läser in …")):
                        outcome = importer.import_file(data.writer(), uploaded.getvalue(), uploaded.name,
                                                       who or None, result=result)
                    changes = data_quality.import_changes(outcome.changes())
                    text = outcome.message
                    if outcome.status == "importerad":
                        text = Text("{message} Alla sidor visar nu de nya siffrorna (dataversion {v}).",
                                    message=text, v=outcome.data_version)
                    st.session_state["data_import_klar"] = {"ok": outcome.imported, "text": text,
                                                            "changes": changes if outcome.imported else None}
                    st.session_state.pop("data_kontroll", None)
                    st.session_state["data_uppladdning"] = generation + 1  # a fresh, empty uploader
                    st.rerun()  # the next run reads the new data

# ---------------------------------------------------------------- 3. history
st.subheader(t("Importhistorik"))
st.caption(t("Varje försök att läsa in ett utdrag, även avvisade, senaste först."))
# Not cached: refused imports add history rows without changing the data version.
st.dataframe(data_quality.import_history(data.connection()), hide_index=True, width="stretch")

# ---------------------------------------------------------------- 4. quality
st.subheader(t("Datakvalitet"))
st.markdown(t("Andel rader med ett ifyllt värde, per kolumn och förbund. Tomt kan vara rätt: avslutsdatum och "
              "utfall saknas för den som fortfarande deltar, kartläggning och insats för den som avslutade tidigt."))
completeness = data.computed(data_quality.completeness, ALL)
share_columns = [c for c in completeness.columns if c not in ("kolumn", t("Kolumn"))]
st.dataframe(completeness.drop(columns="kolumn"), hide_index=True, width="stretch",
             column_config={c: st.column_config.ProgressColumn(c, min_value=0, max_value=100, format="%.0f %%")
                            for c in share_columns})
st.markdown(t("Kontroller av rimlighet: antal rader per förbund som bryter mot regeln, och andelen av de rader "
              "regeln gäller."))
st.dataframe(data.computed(data_quality.checks, ALL).drop(columns="kontroll"), hide_index=True, width="stretch",
             column_config={t("Andel"): st.column_config.NumberColumn(t("Andel"), format="%.1f %%")})

# ---------------------------------------------------------------- 5. reconciliation
st.subheader(t("Avstämning mot publicerade siffror"))
reconciliation = data.computed(data_quality.reconciliation, ALL)
(st.success if reconciliation.ok.all() else st.warning)(data_quality.reconciliation_summary(reconciliation))
if layout.source().synthetic:
    st.caption(t("Demodata är kalibrerade mot de publicerade siffrorna, så avstämningen säger något om verkliga "
                 "data först när förbundens utdrag är inlästa."))
st.dataframe(reconciliation.drop(columns="ok"), hide_index=True, width="stretch",
             column_config={t("Källa"): st.column_config.LinkColumn(
                 t("Källa"), display_text=r"https?://(?:www\.)?([^/]+)")})
