"""Flöde: the process funnel for up to four selections side by side, the Sankey from
starting point to outcome, and time in the project. Layout only: mia.flow computes."""
import pandas as pd
import streamlit as st

from mia import config, flow, fmt
from mia.charts import flode as charts
from mia.disclosure import Status
from mia.i18n import t, bound
from mia.ui import data, layout

urval = layout.header("Flöde", "Hur deltagarna går genom processen: från anmälan till inskrivning, kartläggning, "
                      "insats och avslut – och vart de går efteråt.")
source = layout.source()
limits = config.disclosure()

# ---------------------------------------------------------------- what to compare (page-local)
col_split, col_values = st.columns([1, 3])
split = col_split.selectbox(t("Jämför efter"), list(flow.SPLITS), key="flode_split",
                            format_func=bound(lambda s: t(flow.SPLITS[s])),
                            help=t("Dela upp urvalet i sidofältet i upp till fyra delar som visas sida vid sida."))
values: list[str] = []
if split:
    options = flow.split_options(urval, split)
    key = f"flode_varden_{split}"
    if key not in st.session_state:
        st.session_state[key] = [v for v in flow.default_values(urval, split) if v in options]
    else:
        st.session_state[key] = [v for v in st.session_state[key] if v in options]
    values = col_values.multiselect(
        t("Välj upp till fyra"), options, key=key, max_selections=flow.MAX_SELECTIONS,
        format_func=bound(lambda v: flow.option_label(split, v)), placeholder=t("Välj värden att jämföra"),
        help=t("Jämförelsen ersätter sidofältets filter för den valda dimensionen; övriga filter gäller."))
    if not values:
        st.info(t("Välj minst ett värde att jämföra. Tills dess visas hela urvalet."))

selections = flow.variants(urval, split, values)
counts = [data.computed(flow.step_counts, u) for _, u in selections]
independent = flow.independent([u for _, u in selections])
funnels = [flow.disclose_funnel(flow.funnel_frame(c, label)) for c, (label, _) in zip(counts, selections)]
df = flow.compare_funnels(funnels, independent)
multi = len(selections) > 1
if not multi:
    df["urval"] = ""

# ---------------------------------------------------------------- the funnel
st.subheader(t("Processen steg för steg"))
fig = charts.funnel_figure(df, flow.subtitle(urval, split if multi else ""), source)
table = pd.DataFrame({
    t("Urval"): df.urval if multi else t("Urvalet"),
    t("Steg"): [t(s) for s in df.steg],
    t("Antal"): df.antal_visning,
    t("Gick vidare från steget före (%)"): df.andel.round(1).astype(object).where(df.foregaende_kod != "", ""),
    t("95 % KI, lägre"): df.ki_lag.round(1),
    t("95 % KI, övre"): df.ki_hog.round(1),
    t("Andel av anmälda (%)"): df.kvar_andel.round(1),
    t("Skillnad mellan urvalen"): [t(x) for x in df.skillnad],
    "p": df.skillnad_p.round(4),
})
if not multi:
    table = table.drop(columns=[t("Urval"), t("Skillnad mellan urvalen"), "p"])
sentence = " ".join(flow.difference_sentences(df, independent)) if multi else flow.funnel_sentence(df)
layout.chart(fig, table, sentence,
             t("Liggande staplar per steg i processen, från anmälda till avslutade och vidare till arbete eller "
               "studier respektive arbetsförberedande insats, med antal och andel som gick vidare.")
             + (" " + t("Ett diagram per urval, sida vid sida.") if multi else ""), "flode_tratt")

st.caption(" ".join(flow.without_insats_note(c, label if multi else "") for c, (label, _) in zip(counts, selections))
           + " " + t("De räknas ändå som kartlagda och i insats, så att inget steg blir större än steget före."))
with st.expander(t("Så räknas stegen"), expanded=False):
    st.markdown("\n".join([
        "- " + t("Ett steg räknar alla som nått steget eller ett senare steg vid periodens slut. Den som avslutat "
                 "utan registrerad kartläggning eller insats räknas ändå som att ha passerat de stegen, så att "
                 "inget steg blir större än steget före."),
        "- " + t("Inskrivna är samma antal som Översiktens deltagare, Avslutade samma som dess avslutade, och "
                 "Arbete eller studier är arbete plus studier bland de avslutade."),
        "- " + t("Andelen som gick vidare har ett 95 % konfidensintervall (Wilson). Arbetsförberedande insats och "
                 "Arbete eller studier räknas som andel av de avslutade."),
        "- " + t("Skillnad mellan urvalen: χ²-test av om andelen som gick vidare är lika i alla urval (för två urval "
                 "samma sak som z-test för två andelar); Fishers exakta test när underlaget är litet. Statistiskt "
                 "säker = p < 0,05. Med sex steg kan en enstaka skillnad uppstå av slumpen."),
        "- " + t("Antal under {antal} visas som ”<{antal}” och andelar med färre än {namnare} personer i nämnaren "
                 "visas inte (”..”).").format(antal=limits.min_count, namnare=limits.min_denominator),
    ]))

# ---------------------------------------------------------------- Sankey
st.subheader(t("Varifrån och vart"))
c1, c2 = st.columns([1, 2])
kalltyp = c1.radio(t("Från"), list(flow.SANKEY_SOURCES), key="flode_kalla", horizontal=True,
                   format_func=bound(lambda k: t(flow.SANKEY_SOURCES[k])))
chosen = 0
if multi:
    labels = [label for label, _ in selections]
    if st.session_state.get("flode_sankey_urval", 0) >= len(labels):
        st.session_state["flode_sankey_urval"] = 0
    chosen = c2.selectbox(t("Visa flöden för"), range(len(labels)), key="flode_sankey_urval",
                          format_func=bound(lambda i: labels[i]))
s_label, s_urval = selections[chosen]
flows = data.computed(flow.sankey, s_urval, kalltyp=kalltyp)
s_subtitle = flow.subtitle(s_urval, extra=t("de som avslutat"))
fig = charts.sankey_figure(flows, kalltyp, s_subtitle, source)
s_table = pd.DataFrame({
    t("Från"): [flow.source_label(kalltyp, k) for k in flows.flows.kalla],
    t("Utfall vid avslut"): [flow.target_label(m) for m in flows.flows.mal],
    t("Antal"): flows.flows.antal,
})
parts = [t("Flödena visar {visade} av {alla} som avslutat.").format(
    visade=fmt.number(flows.shown), alla=fmt.number(flows.total))] if not flows.empty else []
if flows.merged:
    parts.append(t("{antal} personer i små flöden ingår i ”Övriga (små flöden)”.").format(
        antal=fmt.number(flows.merged)))
if flows.left_out:
    parts.append(charts.sankey_left_out_text(flows).capitalize() + ".")
layout.chart(fig, s_table, " ".join(parts),
             t("Flödesdiagram från {kalla} till utfall vid avslut; bandens bredd är antalet personer.").format(
                 kalla=t(flow.SANKEY_SOURCES[kalltyp]).lower()), "flode_sankey")
st.caption(t("Skydd av små tal: flöden med färre än {antal} personer, och de som behövs för att de inte ska kunna "
             "räknas fram ur summorna, slås ihop per källa till ”Övriga (små flöden)”. Blir även den sammanslagna "
             "gruppen för liten visas den inte. Talen vid noderna är summan av de visade flödena, så de kan vara "
             "något lägre än i trappan ovan.").format(antal=limits.min_count))

# ---------------------------------------------------------------- time in project
st.subheader(t("Tid i projektet"))
times = pd.concat([data.computed(flow.time_in_project, u, label=label if multi else "")
                   for label, u in selections], ignore_index=True)
active = times[times.grupp == "alla_avslutade"]
if multi:
    st.markdown(f"**{t('Fortfarande aktiva vid periodens slut')}**")
cols = st.columns(len(active))
for col, row in zip(cols, active.itertuples()):
    shown = row.aktiva_andel_status == Status.VISAD
    col.metric(row.urval if multi else t("Fortfarande aktiva vid periodens slut"),
               fmt.percent(row.aktiva_andel) if shown else "..",
               help=(t("{aktiva} av {alla} · 95 % KI {intervall}").format(
                   aktiva=row.aktiva_visning, alla=row.antal_visning,
                   intervall=fmt.interval(row.aktiva_ki_lag, row.aktiva_ki_hog)) if shown
                     else t("Visas inte: för få personer i underlaget.")))
fig = charts.time_figure(times, flow.subtitle(urval, split if multi else "",
                                              t("de som avslutat")), source)
t_table = pd.DataFrame({
    t("Urval"): times.urval if multi else t("Urvalet"),
    t("Utfall"): [t(x) for x in times.etikett],
    t("Antal som avslutat"): times.n_visning,
    t("Kvartil 1 (dagar)"): times.q1.round(0),
    t("Median (dagar)"): times["median"].round(0),
    t("Kvartil 3 (dagar)"): times.q3.round(0),
})
layout.chart(fig, t_table, None,
             t("Liggande staplar per utfall med den mittersta hälften av tiden i projektet och ett streck vid "
               "medianen."), "flode_tid")
