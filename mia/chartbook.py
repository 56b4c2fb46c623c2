"""Named, finished charts: the registry behind `python -m mia chart|presspaket NAME` and the
pages' downloads.

`CHARTS[name](con, urval) -> ChartBundle` builds one chart for a selection, with its
plotted-numbers table, generated sentence and alt text (templates, never free text), source
line and permalink. Pages that already hold the (cached) data frames call the
`*_bundle(frame, urval, source, link=...)` functions directly, so the page and the CLI draw
the same chart from the same code.

Sentences only claim what the numbers support: a comparison with the county or the target
is named only as the interval comparison (computed once in mia.stats) says, and a
suppressed value is never put into words.
"""
from __future__ import annotations

import re
from typing import Callable

import duckdb
import pandas as pd

from mia import fmt, measures, text
from mia.charts import oversikt as oversikt_charts
from mia.charts.style import Source
from mia.export import ChartBundle, count_cells, permalink, share_cells
from mia.filters import FilterError, Urval
from mia.i18n import t

Builder = Callable[[duckdb.DuckDBPyConnection, Urval], ChartBundle]

# Chart name -> the page (url path) that shows it, for the permalink ("" = start page).
PAGE_OF: dict[str, str] = {"oversikt": "", "oversikt_trend": "", "jamfor": "jamfor", "jamfor_forbund": "jamfor",
                           "flode": "flode", "flode_sankey": "flode", "karta": "karta",
                           "karta_arbete_studier": "karta"}


class UnknownChart(FilterError):
    """A chart name the registry does not know (a FilterError, so the CLI prints it)."""


def link(con: duckdb.DuckDBPyConnection, name: str, urval: Urval, extra: dict[str, str] | None = None) -> str:
    """Permalink to the page showing chart `name` for this selection and data version."""
    from mia import store

    query = urval.to_query() | {"v": store.data_version(con)} | (extra or {})
    return permalink(PAGE_OF.get(name, name), query)


# ---------------------------------------------------------------------------- shared phrases


def place_phrase(urval: Urval) -> str:
    """"I Täby", "I Roslagen", "I MIA som helhet"."""
    if urval.kommun or urval.forbund:
        return f"{t('I')} {text.where(urval)}"
    return t("I MIA som helhet")


def filters_clause(urval: Urval) -> str:
    """" (kön K, ålder 18–29)" for the dimension filters beyond place, or ""."""
    sexes = {"K": t("kvinnor"), "M": t("män"), "X": t("okänt kön")}
    extra = [f"{t('och').join(' ' + sexes.get(k, k) + ' ' for k in urval.kon).strip()}" if urval.kon else "",
             f"{t('ålder')} {', '.join(urval.aldersgrupp)}" if urval.aldersgrupp else "",
             f"{t('remittent')} {', '.join(t(text.REMITTENT_LABELS.get(r, r)) for r in urval.remittent)}"
             if urval.remittent else "",
             f"{t('försörjning före')} "
             f"{', '.join(t(text.FORSORJNING_LABELS.get(f, f)).lower() for f in urval.forsorjning)}"
             if urval.forsorjning else ""]
    extra = [e for e in extra if e]
    return f" ({', '.join(extra)})" if extra else ""


def tidy(sentence: str) -> str:
    """One space between words, none before punctuation (a fragment may be empty in English)."""
    sentence = re.sub(r" {2,}", " ", sentence.strip())
    return re.sub(r" ([.,;)])", r"\1", sentence)


def _count(n: float | int) -> str:
    return fmt.number(n) if n == 0 or n >= 5 else fmt.SUPPRESSED_COUNT


def _is_whole_county(urval: Urval) -> bool:
    return not (urval.kommun or urval.forbund)


# ---------------------------------------------------------------------------- Översikt: targets


def oversikt_bundle(shares: pd.DataFrame, urval: Urval, source: Source, link: str = "") -> ChartBundle:
    """The headline shares against the targets (and the county, for a part of it)."""
    df = shares.copy()
    if _is_whole_county(urval):
        df["lan_andel"] = float("nan")  # the county compared with itself says nothing
    fig = oversikt_charts.targets_figure(df, text.describe(urval), source)
    shown = df.andel_status
    table = pd.DataFrame({
        t("Mått"): [t(x) for x in df.etikett],
        t("Andel (%)"): share_cells(df.andel, shown),
        t("95 % KI, nedre (%)"): share_cells(df.ki_lag, shown),
        t("95 % KI, övre (%)"): share_cells(df.ki_hog, shown),
        t("Mål (%)"): share_cells(df.mal),
    }, dtype="object")
    if not df.lan_andel.where(shown == "visad").isna().all():  # as the figure: the county mark is drawn
        table[t("Länet, alla förbund (%)")] = share_cells(df.lan_andel, shown)
        table[t("Jämfört med länet")] = [t(c) for c in df.jamforelse]
    table[t("Nämnare (antal personer)")] = count_cells(df.namnare)
    return ChartBundle(name="oversikt", figure=fig, table=table, sentence=oversikt_sentence(df, urval),
                       alt=oversikt_alt(df, urval, fig), permalink=link)


def oversikt_sentence(df: pd.DataFrame, urval: Urval) -> str:
    return tidy(_oversikt_sentence(df, urval))


def _oversikt_sentence(df: pd.DataFrame, urval: Urval) -> str:
    row = df.set_index("matt").loc["arbete_studier"]
    period = f"{t('under perioden')} {fmt.period(urval.fran, urval.till)}"
    place = place_phrase(urval)
    if row.andel_status == "sekundar":
        hidden = t("visas inte andelen som gick vidare till arbete eller studier")
        why = t("eftersom den skulle göra det möjligt att räkna fram ett skyddat litet antal i en annan grupp")
        return f"{place} {hidden} {period}{filters_clause(urval)}, {why}."
    if row.andel_status != "visad":
        small = t("var underlaget för litet för att visa hur stor andel som gick vidare till arbete eller studier")
        return f"{place} {small} {period}{filters_clause(urval)}."
    if urval.namnare == "alla":
        base = f"{t('av de')} {_count(row.namnare)} {t(urval.population)} {t('deltagarna')}"
    else:
        base = f"{t('av de')} {_count(row.namnare)} {t('deltagare som hade avslutat')}"
    share = fmt.share_with_interval(row.andel, row.ki_lag, row.ki_hog)
    first = f"{place} {t('gick')} {share} {base}{filters_clause(urval)} {t('vidare till arbete eller studier')} {period}"
    phrase = text.COMPARISON_PHRASE.get(row.jamforelse)
    if not _is_whole_county(urval) and phrase:
        first += f", {t(phrase)} ({fmt.percent(row.lan_andel)})"
    verdict = {"högre": t("över målet"), "lägre": t("under målet"), "i nivå med": t("i nivå med målet")}
    goal = f"{t('Projektets mål var')} {fmt.percent(row.mal)}"
    second = f"{goal}; {t('resultatet ligger')} {verdict[row.jamforelse_mal]}." if row.jamforelse_mal in verdict \
        else f"{goal}."
    return f"{first}. {second}"


def oversikt_alt(df: pd.DataFrame, urval: Urval, fig) -> str:
    meta = fig.layout.meta or {}
    parts = []
    for row in df.itertuples():
        label = t(row.etikett)
        if row.andel_status != "visad":
            parts.append(f"{label}: {oversikt_charts.hidden_label(row.andel_status)}")
            continue
        item = f"{label} {fmt.share_with_interval(row.andel, row.ki_lag, row.ki_hog)}, {t('mål')} {fmt.percent(row.mal)}"
        if not pd.isna(row.lan_andel):
            item += f", {t('länet')} {fmt.percent(row.lan_andel)}"
        parts.append(item)
    return (f"{t('Liggande stapeldiagram')}. {meta.get('title', '')}. {meta.get('subtitle', '')}. "
            f"{'; '.join(parts)}. {t('Varje stapel har ett streck för konfidensintervallet och ett lodrätt streck för målet')}.")


def oversikt(con: duckdb.DuckDBPyConnection, urval: Urval) -> ChartBundle:
    return oversikt_bundle(measures.headline_shares(con, urval), urval, measures.source(con),
                           link=link(con, "oversikt", urval))


# ---------------------------------------------------------------------------- Översikt: trend


def trend_subtitle(urval: Urval) -> str:
    """The trend is of those who exited in each half-year, whatever the population setting."""
    return " · ".join([f"{t('Avslutade per halvår')} {fmt.period(urval.fran, urval.till)}", text.where(urval),
                       t("andel av dem som avslutade respektive halvår")]) + filters_clause(urval).replace(" (", " · (")


def oversikt_trend_bundle(trend: pd.DataFrame, urval: Urval, source: Source, link: str = "") -> ChartBundle:
    fig = oversikt_charts.trend_figure(trend, trend_subtitle(urval), source)
    table = pd.DataFrame({
        t("Halvår"): list(trend.halvar),
        t("Avslutade (antal)"): count_cells(trend.avslutade),
        t("Arbete eller studier (%)"): share_cells(trend.as_andel, trend.as_andel_status),
        t("Arbete eller studier, 95 % KI nedre (%)"): share_cells(trend.as_ki_lag, trend.as_andel_status),
        t("Arbete eller studier, 95 % KI övre (%)"): share_cells(trend.as_ki_hog, trend.as_andel_status),
        t("Arbetsförberedande insats (%)"): share_cells(trend.af_andel, trend.af_andel_status),
        t("Arbetsförberedande insats, 95 % KI nedre (%)"): share_cells(trend.af_ki_lag, trend.af_andel_status),
        t("Arbetsförberedande insats, 95 % KI övre (%)"): share_cells(trend.af_ki_hog, trend.af_andel_status),
    }, dtype="object")
    return ChartBundle(name="oversikt_trend", figure=fig, table=table, sentence=trend_sentence(trend, urval),
                       alt=trend_alt(trend, fig), permalink=link)


def trend_sentence(trend: pd.DataFrame, urval: Urval) -> str:
    return tidy(_trend_sentence(trend, urval))


def _trend_sentence(trend: pd.DataFrame, urval: Urval) -> str:
    place = place_phrase(urval)
    shown = trend[trend.as_andel_status == "visad"]
    hidden = len(trend) - len(shown)
    hidden_text = (" " + (t("1 halvår visas inte eftersom underlaget är för litet.") if hidden == 1 else
                          t("{n} halvår visas inte eftersom underlaget är för litet.").format(n=hidden))
                   if hidden else "")
    if shown.empty:
        return (f"{place}{filters_clause(urval)} {t('var underlaget för litet för att visa andelen per halvår som gick vidare till arbete eller studier')} "
                f"({fmt.period(urval.fran, urval.till)}).")
    last = shown.iloc[-1]
    last_text = (f"{fmt.share_with_interval(last.as_andel, last.as_ki_lag, last.as_ki_hog)} "
                 f"{t('av de')} {_count(last.avslutade)} {t('som avslutade')} {oversikt_charts.half_year_text(last.halvar)}")
    if len(shown) == 1:
        return f"{place}{filters_clause(urval)} {t('gick')} {last_text} {t('vidare till arbete eller studier')}.{hidden_text}"
    values = shown.as_andel.round(0)
    return (f"{place}{filters_clause(urval)} {t('gick mellan')} {fmt.number(values.min())} {t('och')} "
            f"{fmt.percent(values.max())} {t('av dem som avslutade ett halvår vidare till arbete eller studier')} "
            f"({shown.halvar.iloc[0]}–{last.halvar}). {t('Senast gick')} {last_text} {t('vidare till arbete eller studier')}."
            f"{hidden_text}")


def trend_alt(trend: pd.DataFrame, fig) -> str:
    meta = fig.layout.meta or {}

    def series(prefix: str) -> str:
        return ", ".join(f"{h} {fmt.percent(v) if s == 'visad' else '..'}"
                         for h, v, s in zip(trend.halvar, trend[f"{prefix}andel"], trend[f"{prefix}andel_status"]))

    return (f"{t('Linjediagram per halvår med band för 95 % konfidensintervall')}. {meta.get('title', '')}. "
            f"{meta.get('subtitle', '')}. {t('Arbete eller studier')}: {series('as_')}. "
            f"{t('Arbetsförberedande insats')}: {series('af_')}. {t('.. betyder att värdet inte visas eftersom underlaget är för litet')}.")


def oversikt_trend(con: duckdb.DuckDBPyConnection, urval: Urval) -> ChartBundle:
    return oversikt_trend_bundle(measures.trend(con, urval), urval, measures.source(con),
                                 link=link(con, "oversikt_trend", urval))


# ---------------------------------------------------------------------------- Jämför: funnel plot


def jamfor_bundle(units: pd.DataFrame, urval: Urval, source: Source, niva: str = "kommun",
                  utfall: str = "arbete_studier", link: str = "") -> ChartBundle:
    """The Jämför page's fair default: the funnel plot of every förbund or kommun, drawn by
    mia.charts.jamfor and worded by mia.text_compare (as on the page). `units` is
    compare.units(..., include_county=True) or the page's level rows of it."""
    from mia import compare
    from mia import text_compare as tc
    from mia.charts import jamfor as jamfor_charts

    units = units[units.niva == niva].reset_index(drop=True)
    fig = jamfor_charts.funnel_figure(units, tc.subtitle(urval, niva, utfall), source, niva, utfall, urval.namnare)
    mia = compare.mia_units(units)
    shown = mia.andel_status
    table = pd.DataFrame({t("Förbund") if niva == "forbund" else t("Kommun"): list(mia.namn)}, dtype="object")
    if niva == "kommun":
        table[t("Förbund")] = [("" if pd.isna(x) else x) for x in mia.forbund_namn]
    table[t("Nämnare (antal personer)")] = [_display(v, s, d) for v, s, d in
                                            zip(mia.namnare, mia.namnare_status, mia.namnare_visning)]
    table[t("Andel (%)")] = share_cells(mia.andel, shown)
    table[t("95 % KI, nedre (%)")] = share_cells(mia.ki_lag, shown)
    table[t("95 % KI, övre (%)")] = share_cells(mia.ki_hog, shown)
    table[t("Länet (%)")] = share_cells(mia.referens, ["visad" if pd.notna(r) else "saknas" for r in mia.referens])
    table[t("Jämfört med länet")] = [t(c) for c in mia.jamforelse]
    sentence = " ".join([tc.comparison_sentence(units, niva, utfall), *tc.selected_sentences(units)])
    name = "jamfor" if niva == "kommun" else "jamfor_forbund"
    return ChartBundle(name=name, figure=fig, table=table, sentence=sentence,
                       alt=tc.funnel_alt(units, niva, utfall), permalink=link)


def _display(value, status, shown_text) -> object:
    """A count for a table: the number when shown, else its display symbol ("<5", "..", "–")."""
    return int(value) if status == "visad" and pd.notna(value) else (shown_text if isinstance(shown_text, str) and shown_text else "..")


def _jamfor(niva: str) -> Builder:
    def build(con: duckdb.DuckDBPyConnection, urval: Urval) -> ChartBundle:
        from mia import compare

        units = compare.units(con, urval, niva=niva, utfall="arbete_studier", include_county=True)
        extra = {"niva": niva} if niva != "kommun" else {}
        return jamfor_bundle(units, urval, measures.source(con), niva=niva,
                             link=link(con, "jamfor", urval, extra))

    build.__doc__ = f"Jämför: funnel plot per {niva}, share to work or studies."
    return build


# ---------------------------------------------------------------------------- Flöde


def flode_bundle(df: pd.DataFrame, urval: Urval, source: Source, link: str = "") -> ChartBundle:
    """The process funnel of one selection (mia.flow.compare_funnels of one funnel), as the
    Flöde page draws it: bar = share of the referred who reached the step, label = count
    and conversion from the step before."""
    from mia import flow
    from mia.charts import flode as flode_charts

    df = df.copy()
    df["urval"] = ""
    fig = flode_charts.funnel_figure(df, flow.subtitle(urval, ""), source)
    df = df.sort_values("ordning")
    table = pd.DataFrame({
        t("Steg"): [t(x) for x in df.steg],
        t("Antal"): [_display(v, s, d) for v, s, d in zip(df.antal, df.antal_status, df.antal_visning)],
        t("Andel av anmälda (%)"): share_cells(df.kvar_andel, df.kvar_andel_status),
        t("Gick vidare från steget före (%)"): share_cells(df.andel, df.andel_status),
        t("95 % KI, nedre (%)"): share_cells(df.ki_lag, df.andel_status),
        t("95 % KI, övre (%)"): share_cells(df.ki_hog, df.andel_status),
    }, dtype="object")
    first = (df.steg_kod == "anmalda").to_numpy()  # no step before the first: nothing, not hidden
    for col in list(table.columns)[3:]:
        table.loc[first, col] = "–"
    alt = (t("Liggande staplar per steg i processen, från anmälda till avslutade och vidare till arbete eller "
             "studier respektive arbetsförberedande insats, med antal och andel som gick vidare.")
           + " " + "; ".join(f"{t(r.steg)} {r.antal_visning}" for r in df.itertuples()) + ".")
    return ChartBundle(name="flode", figure=fig, table=table, sentence=flow.funnel_sentence(df), alt=alt,
                       permalink=link)


def flode(con: duckdb.DuckDBPyConnection, urval: Urval) -> ChartBundle:
    from mia import flow

    df = flow.compare_funnels([flow.funnel(con, urval)], True)
    return flode_bundle(df, urval, measures.source(con), link=link(con, "flode", urval))


def flode_sankey_bundle(flows, urval: Urval, source: Source, kalltyp: str = "forsorjning",
                        link: str = "") -> ChartBundle:
    """The Sankey from income source before (or referrer) to outcome, as on the Flöde page;
    small flows are merged or left out by mia.flow.protect_flows, never shown as numbers."""
    from mia import flow
    from mia.charts import flode as flode_charts

    fig = flode_charts.sankey_figure(flows, kalltyp, flow.subtitle(urval, extra=t("de som avslutat senast periodens slut")),
                                     source)
    table = pd.DataFrame({
        t("Från"): [flow.source_label(kalltyp, k) for k in flows.flows.kalla],
        t("Utfall vid avslut"): [flow.target_label(m) for m in flows.flows.mal],
        t("Antal"): count_cells(flows.flows.antal),
    }, dtype="object")
    parts = [t("Flödena visar {visade} av {alla} som avslutat.").format(
        visade=fmt.number(flows.shown), alla=fmt.number(flows.total))] if not flows.empty else []
    if flows.merged:
        parts.append(t("{antal} personer i små flöden ingår i ”Övriga (små flöden)”.").format(
            antal=fmt.number(flows.merged)))
    if flows.left_out:
        parts.append(flode_charts.sankey_left_out_text(flows).capitalize() + ".")
    alt = (t("Flödesdiagram från") + " " + t(flow.SANKEY_SOURCES[kalltyp]).lower() + " " +
           t("till utfall vid avslut; bandens bredd är antalet personer.") + " "
           + "; ".join(f"{a} → {b}: {c}" for a, b, c in zip(table.iloc[:, 0], table.iloc[:, 1], table.iloc[:, 2])))
    return ChartBundle(name="flode_sankey", figure=fig, table=table, sentence=" ".join(parts), alt=alt.strip(),
                       permalink=link)


def flode_sankey(con: duckdb.DuckDBPyConnection, urval: Urval) -> ChartBundle:
    from mia import flow

    return flode_sankey_bundle(flow.sankey(con, urval, "forsorjning"), urval, measures.source(con),
                               link=link(con, "flode_sankey", urval))


# ---------------------------------------------------------------------------- Karta


def _karta(matt: str) -> Builder:
    """The map (mia.map_data builds the bundle; its images are drawn per size by
    mia.maps.map_figure, see ChartBundle.figure_for)."""
    def build(con: duckdb.DuckDBPyConnection, urval: Urval) -> ChartBundle:
        from mia import map_data

        return map_data.karta(con, urval) if matt == "forbund" else map_data.karta_matt(con, urval, matt)

    build.__doc__ = f"Karta: {matt}."
    return build


# ---------------------------------------------------------------------------- registry

CHARTS: dict[str, Builder] = {
    "oversikt": oversikt,
    "oversikt_trend": oversikt_trend,
    "jamfor": _jamfor("kommun"),
    "jamfor_forbund": _jamfor("forbund"),
    "flode": flode,
    "flode_sankey": flode_sankey,
    "karta": _karta("forbund"),
    "karta_arbete_studier": _karta("arbete_studier_jamforelse"),
}


def build(name: str, con: duckdb.DuckDBPyConnection, urval: Urval) -> ChartBundle:
    """The named chart for a selection; UnknownChart (Swedish) for a name not in CHARTS."""
    try:
        builder = CHARTS[name]
    except KeyError:
        raise UnknownChart(f"Okänt diagram {name!r}. Välj ett av: {', '.join(sorted(CHARTS))}.") from None
    return builder(con, urval)
