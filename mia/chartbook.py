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
PAGE_OF: dict[str, str] = {"oversikt": "", "oversikt_trend": ""}


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
             f"{t('remittent')} {', '.join(urval.remittent)}" if urval.remittent else "",
             f"{t('försörjning före')} {', '.join(urval.forsorjning)}" if urval.forsorjning else ""]
    extra = [e for e in extra if e]
    return f" ({', '.join(extra)})" if extra else ""


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
    row = df.set_index("matt").loc["arbete_studier"]
    period = f"{t('under perioden')} {fmt.period(urval.fran, urval.till)}"
    place = place_phrase(urval)
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
            parts.append(f"{label}: {t('visas inte, för få personer i underlaget')}")
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
    place = place_phrase(urval)
    shown = trend[trend.as_andel_status == "visad"]
    hidden = len(trend) - len(shown)
    hidden_text = (f" {hidden} {t('halvår visas inte eftersom underlaget är för litet')}." if hidden else "")
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


# ---------------------------------------------------------------------------- registry

CHARTS: dict[str, Builder] = {
    "oversikt": oversikt,
    "oversikt_trend": oversikt_trend,
}


def build(name: str, con: duckdb.DuckDBPyConnection, urval: Urval) -> ChartBundle:
    """The named chart for a selection; UnknownChart (Swedish) for a name not in CHARTS."""
    try:
        builder = CHARTS[name]
    except KeyError:
        raise UnknownChart(f"Okänt diagram {name!r}. Välj ett av: {', '.join(sorted(CHARTS))}.") from None
    return builder(con, urval)
