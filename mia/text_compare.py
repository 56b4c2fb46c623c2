"""Generated sentences for Jämför: templates filled with numbers, never free text.

Every sentence reads the comparison codes that mia.compare computed once from the
intervals (högre / i nivå med / lägre / jämförs ej), so no sentence claims a difference
the classification does not support, and a hidden value is never put into words.
"""
from __future__ import annotations

import math

import pandas as pd

from mia import compare, config, fmt, text
from mia.filters import Urval
from mia.i18n import language, t
from mia.stats import HOGRE, I_NIVA, JAMFORS_EJ, LAGRE

UTFALL_PHRASE = {"arbete_studier": "till arbete eller studier",
                 "arbetsforberedande": "till arbetsförberedande insats"}
UTFALL_TITLE = {"arbete_studier": "Andel till arbete eller studier",
                "arbetsforberedande": "Andel till arbetsförberedande insats"}

# (singular, plural, definite plural, "no one" word) per level, per language (Swedish has
# gender agreement and "förbund" is both singular and plural, so these are not t() keys).
NOUNS_BY_LANGUAGE = {
    "sv": {"kommun": ("kommun", "kommuner", "kommunerna", "ingen"),
           "forbund": ("förbund", "förbund", "förbunden", "inget")},
    "en": {"kommun": ("municipality", "municipalities", "the municipalities", "none"),
           "forbund": ("association", "associations", "the associations", "none")},
}
NOUNS = NOUNS_BY_LANGUAGE["sv"]


def nouns(niva: str) -> tuple[str, str, str, str]:
    """(singular, plural, definite plural, "no one") for a level in the current language."""
    return NOUNS_BY_LANGUAGE.get(language(), NOUNS)[niva]


def noun(niva: str, count: int) -> str:
    """"1 kommun", "3 kommuner", "1 förbund"."""
    singular, plural, _definite, _none = nouns(niva)
    return singular if count == 1 else plural


def county_text(units: pd.DataFrame) -> str:
    """The county share as the text says it: "18 %", "ca 18 %" (known within a narrow
    range) or "18–19 %"; ".." when it cannot be shown."""
    c = compare.county(units)
    if not c["visad"]:
        return fmt.SUPPRESSED_SHARE
    if c["exakt"]:
        return fmt.percent(c["andel"])
    low, high = round(c["lag"]), round(c["hog"])
    if low == high:
        return f"{t('ca')} {fmt.percent(c['andel'])}"
    return fmt.interval(math.floor(c["lag"]), math.ceil(c["hog"]))


def counts(units: pd.DataFrame) -> dict[str, int]:
    """How many units in MIA fall in each comparison class."""
    mia = compare.mia_units(units)
    out = {code: int((mia.jamforelse == code).sum()) for code in (HOGRE, I_NIVA, LAGRE, JAMFORS_EJ)}
    out["alla"] = len(mia)
    return out


def comparison_sentence(units: pd.DataFrame, niva: str, utfall: str) -> str:
    """E.g. "3 av 21 kommuner hade en högre andel till arbete eller studier än länet
    (17 %), 2 en lägre och 10 låg i nivå med länet; för 6 kommuner är underlaget för
    litet för jämförelse." Units outside MIA are not counted."""
    n = counts(units)
    total = n["alla"]
    phrase = t(UTFALL_PHRASE[utfall])
    singular, plural, definite, none = nouns(niva)
    if total == 0:
        return t("Inga {enheter} var med i MIA under perioden.").format(enheter=plural)
    if not compare.county(units)["visad"]:
        return t("Länets andel {outcome} kan inte visas för det här urvalet (för litet underlag eller "
                 "skyddade värden), så {enheter} jämförs inte med länet.").format(outcome=phrase,
                                                                                 enheter=definite)
    ref = county_text(units)
    if n[JAMFORS_EJ] == total:
        return t("För alla {n} {enheter} är underlaget för litet för en jämförelse med länet ({ref}).").format(
            n=total, enheter=plural, ref=ref)
    if n[HOGRE] == 0 and n[LAGRE] == 0:
        first = t("Ingen av {enheter} skilde sig säkert från länet ({ref}) i andelen {outcome}").format(
            enheter=definite, ref=ref, outcome=phrase) if niva == "kommun" else \
            t("Inget av {enheter} skilde sig säkert från länet ({ref}) i andelen {outcome}").format(
                enheter=definite, ref=ref, outcome=phrase)
        if n[I_NIVA]:
            first += t("; {n} låg i nivå med länet").format(n=n[I_NIVA])
    else:
        high = str(n[HOGRE]) if n[HOGRE] else none
        low = str(n[LAGRE]) if n[LAGRE] else none
        first = t("{hogre} av {n} {enheter} hade en högre andel {outcome} än länet ({ref}), {lagre} en lägre").format(
            hogre=high.capitalize() if not n[HOGRE] else high, n=total, enheter=plural, outcome=phrase,
            ref=ref, lagre=low)
        if n[I_NIVA]:
            first += t(" och {n} låg i nivå med länet").format(n=n[I_NIVA])
    if n[JAMFORS_EJ]:
        mia = compare.mia_units(units)
        protected = (mia[mia.jamforelse == JAMFORS_EJ].andel_status == "sekundar").any()
        template = (t("; för {n} {enheter} är underlaget för litet för jämförelse eller andelen dold för att "
                      "skydda små tal") if protected else
                    t("; för {n} {enheter} är underlaget för litet för jämförelse"))
        first += template.format(n=n[JAMFORS_EJ], enheter=noun(niva, n[JAMFORS_EJ]))
    return first + "."


def selected_sentences(units: pd.DataFrame, limit: int = 4) -> list[str]:
    """One sentence per unit chosen in the sidebar (at most `limit`): "Täby: 21 % (95 % KI
    15–28 %), i nivå med länet." or why it has no number."""
    out = []
    for _, row in units[units.vald].head(limit).iterrows():
        if row.mia_status != compare.MIA_MED:
            out.append(f"{row.namn}: {t(compare.MIA_STATUS_TEXT[row.mia_status])}.")
        elif row.orsak:
            out.append(f"{row.namn}: {t(row.orsak)}.")
        else:
            out.append(f"{row.namn}: {text.share_clause(row)}.")
    return out


def rate_sentence(units: pd.DataFrame, niva: str) -> str:
    """"Det var 18 deltagare per 10 000 invånare i MIA-kommunerna; flest i Huddinge (49),
    färst i Sigtuna (7)." — only shown rates; the county row (niva 'lan') gives the average."""
    lan = units[units.niva == "lan"]
    shown = units[(units.niva == niva) & units.per_10000.notna()]
    if shown.empty:
        return t("Antalet deltagare per invånare kan inte visas för det här urvalet.")
    top = shown.loc[shown.per_10000.idxmax()]
    bottom = shown.loc[shown.per_10000.idxmin()]
    extremes = t("flest i {a} ({x}), färst i {b} ({y}).").format(
        a=top.namn, x=fmt.number(top.per_10000, 1), b=bottom.namn, y=fmt.number(bottom.per_10000, 1))
    if len(lan) and pd.notna(lan.per_10000.iloc[0]):
        return t("Det var {x} deltagare per 10 000 invånare i MIA-kommunerna; ").format(
            x=fmt.number(lan.per_10000.iloc[0], 1)) + extremes
    return extremes[0].upper() + extremes[1:]


def _group_word(label: str) -> str:
    return t(label).lower() if not label[0].isdigit() else t(label)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {t('och')} {items[-1]}"


def breakdown_sentence(bd: pd.DataFrame, unit_name: str, utfall: str) -> str:
    """Which groups of a unit differed from the same group in the county, as the
    classification says; groups too small to compare are counted, not described."""
    groups = bd[bd.dimension != "alla"]
    high = [_group_word(e) for e, j in zip(groups.etikett, groups.jamforelse) if j == HOGRE]
    low = [_group_word(e) for e, j in zip(groups.etikett, groups.jamforelse) if j == LAGRE]
    small = int((groups.jamforelse == JAMFORS_EJ).sum())
    phrase = t(UTFALL_PHRASE[utfall])
    if high or low:
        parts = []
        if high:
            parts.append(t("{grupper} hade en högre andel {outcome} än samma grupp i länet").format(
                grupper=_join(high), outcome=phrase))
        if low:
            parts.append(t("{grupper} en lägre").format(grupper=_join(low)) if high else
                         t("{grupper} hade en lägre andel {outcome} än samma grupp i länet").format(
                             grupper=_join(low), outcome=phrase))
        sentence = f"{unit_name}: " + "; ".join(parts)
    else:
        sentence = t("Ingen grupp i {enhet} skilde sig säkert från samma grupp i länet i andelen {outcome}").format(
            enhet=unit_name, outcome=phrase)
    if small:
        sentence += t("; {n} av {m} grupper kan inte jämföras (för litet underlag eller dolda för att skydda små tal)").format(n=small, m=len(groups))
    return sentence + "."


def trend_sentence(trend: pd.DataFrame, koder: list[str], utfall: str) -> str:
    """Per chosen unit: the half-years whose share differed from the county's in the same
    half-year, as the classification says."""
    out = []
    units = _trend_rows(trend, koder)
    for kod in koder:
        if kod not in units:
            continue
        name = units[kod][0][0]
        high = [halvar for _, halvar, code in units[kod] if code == HOGRE]
        low = [halvar for _, halvar, code in units[kod] if code == LAGRE]
        compared = sum(code in (HOGRE, I_NIVA, LAGRE) for _, _, code in units[kod])
        if compared == 0:
            out.append(t("{enhet}: för litet underlag för att jämföra något halvår med länet").format(enhet=name))
            continue
        if not high and not low:
            out.append(t("{enhet}: det enda halvår som kan jämföras skilde sig inte säkert från länet").format(
                enhet=name) if compared == 1 else
                t("{enhet}: inget av de {n} halvår som kan jämföras skilde sig säkert från länet").format(
                enhet=name, n=compared))
            continue
        parts = []
        if high:
            parts.append(t("högre än länet {halvar}").format(halvar=_join(high)))
        if low:
            parts.append(t("lägre än länet {halvar}").format(halvar=_join(low)))
        out.append(f"{name}: " + ", ".join(parts))
    if not out:
        return ""
    return "; ".join(out) + ". " + t("Halvår med för litet underlag visas inte.")


def _trend_rows(trend: pd.DataFrame, koder: list[str]) -> dict[str, list[tuple[str, str, str]]]:
    """Per unit of `koder` found in the trend: its rows' (namn, halvar, jamforelse), in the
    trend's order. One pass over plain arrays: a filter of the whole frame per unit was
    tens of milliseconds per sentence at 26 units."""
    wanted = set(koder)
    out: dict[str, list[tuple[str, str, str]]] = {}
    for kod, namn, halvar, code in zip(*(trend[c].to_numpy(dtype=object) for c in ("kod", "namn", "halvar",
                                                                                  "jamforelse"))):
        if kod in wanted:
            out.setdefault(kod, []).append((namn, halvar, code))
    return out


def legend_note() -> str:
    """What "<5", ".." and "–" mean, with the configured thresholds."""
    limits = config.disclosure()
    return t("<{m} = färre än {m} personer. .. = visas inte: färre än {d} personer i underlaget, eller dolt så "
             "att ett skyddat värde inte kan räknas fram ur summor. – = kommunen var inte med i MIA.").format(
        m=limits.min_count, d=limits.min_denominator)


def comparison_note(units: pd.DataFrame) -> str:
    """How the comparison is made, for under the chart."""
    c = compare.county(units)
    note = t("Högre/lägre: hela 95-procentiga konfidensintervallet ligger över/under länets andel.")
    if c["visad"] and not c["exakt"]:
        note += " " + t("Länets andel är känd inom {a}–{b} % (ett litet antal är dolt); enheter jämförs med hela "
                        "det spannet.").format(a=fmt.number(c["lag"], 1), b=fmt.number(c["hog"], 1))
    return note


def subtitle(urval: Urval, niva: str, utfall: str | None = None, what: str | None = None) -> str:
    """What, where, when, population, denominator: "Andel till arbete eller studier per
    kommun · Inskrivna 2017-04-01–2022-09-30 · hela MIA (alla förbund) · andel av …".
    All units are compared, so the sidebar's förbund/kommun choice is not a filter here."""
    level = t("per kommun") if niva == "kommun" else t("per förbund")
    described = text.describe(urval.with_(forbund=(), kommun=())).split(" · ")
    if what:  # a count, not a share: the denominator choice does not apply
        return " · ".join([f"{what} {level}", *described[:2], *described[3:]])
    return " · ".join([f"{t(UTFALL_TITLE[utfall])} {level}", *described])


def breakdown_subtitle(urval: Urval, utfall: str) -> str:
    """The breakdown uses every kön and age group, whatever the sidebar's kön/age filter."""
    return f"{t(UTFALL_TITLE[utfall])} · " + text.describe(urval.with_(forbund=(), kommun=(), kon=(), aldersgrupp=()))


def trend_subtitle(urval: Urval, utfall: str) -> str:
    """The trend is of those who exited in each half-year, whatever the population setting."""
    base = urval.with_(forbund=(), kommun=())
    parts = [f"{t(UTFALL_TITLE[utfall])} {t('av dem som avslutade respektive halvår')}",
             fmt.period(urval.fran, urval.till)]
    extra = text.describe(base).split(" · ")[3:]
    return " · ".join(parts + extra)


def comparison_title(units: pd.DataFrame, niva: str, utfall: str) -> str:
    """The finding, for the chart title."""
    n = counts(units)
    if not compare.county(units)["visad"] or n[JAMFORS_EJ] == n["alla"]:
        return t("{titel} per {enhet}").format(titel=t(UTFALL_TITLE[utfall]), enhet=nouns(niva)[0])
    if n[HOGRE] == 0 and n[LAGRE] == 0:
        return (t("Ingen kommun skilde sig säkert från länet") if niva == "kommun"
                else t("Inget förbund skilde sig säkert från länet"))
    none = nouns(niva)[3]
    if n[LAGRE] == 0:
        return t("{h} {enh} hade en högre andel än länet, {ingen} en lägre").format(
            h=n[HOGRE], enh=noun(niva, n[HOGRE]), ingen=none)
    if n[HOGRE] == 0:
        return t("{l} {enh} hade en lägre andel än länet, {ingen} en högre").format(
            l=n[LAGRE], enh=noun(niva, n[LAGRE]), ingen=none)
    return t("{h} {enh} hade en högre och {l} en lägre andel än länet").format(
        h=n[HOGRE], enh=noun(niva, n[HOGRE]), l=n[LAGRE])


def not_shown_note(units: pd.DataFrame, niva: str) -> str:
    """Units left out of a chart and why: hidden shares and units outside MIA."""
    mia = compare.mia_units(units)
    hidden = mia[mia.andel_status != "visad"]
    parts = []
    if len(hidden):
        names = [f"{r.namn} ({r.taljare_visning if r.taljare_status == 'liten' else '..'})"
                 for r in hidden.itertuples()]
        parts.append(t("Visas inte (litet underlag eller skyddat värde)") + ": " + ", ".join(names))
    outside = units[units.mia_status != compare.MIA_MED]
    if len(outside):
        parts.append(t("Ej med i MIA") + ": " + ", ".join(outside.namn))
    return ". ".join(parts)


# ---------------------------------------------------------------------------- tables and alt texts

TABLE_LABELS = {
    "kod": "Kod", "namn": "Namn", "forbund": "Förbund", "deltagare": "Deltagare",
    "per_10000": "Per 10 000 invånare", "namnare": "Nämnare (antal)", "taljare": "Täljare (antal)",
    "andel": "Andel (%)", "ki_lag": "95 % KI, nedre (%)", "ki_hog": "95 % KI, övre (%)",
    "lan_andel": "Länet (%)", "jamforelse": "Jämfört med länet", "anmarkning": "Anmärkning",
}


def _pct(value: float, shown: bool = True) -> str:
    return f"{value:.1f}" if shown and pd.notna(value) else fmt.SUPPRESSED_SHARE


def unit_choices(units: pd.DataFrame) -> dict[str, str]:
    """Units that can be broken down (in MIA), the county first: code → name."""
    mia = compare.mia_units(units)
    return {compare.LAN: t("Länet (alla MIA-kommuner)"), **dict(zip(mia.kod, mia.namn))}


def default_trend_units(units: pd.DataFrame, limit: int) -> list[str]:
    """The sidebar's chosen units, else every förbund, else the largest kommuner."""
    mia = compare.mia_units(units)
    chosen = list(mia.kod[mia.vald])[:limit]
    if chosen:
        return chosen
    if (mia.niva == "forbund").all():
        return list(mia.kod)[:limit]
    return list(mia.sort_values("deltagare", ascending=False).kod.head(6))


def rate_table(units: pd.DataFrame, niva: str) -> pd.DataFrame:
    rows = units[(units.niva == niva) & (units.mia_status == compare.MIA_MED) | (units.niva == "lan")]
    return pd.DataFrame({
        t("Namn"): [t(n) if k == compare.LAN else n for k, n in zip(rows.kod, rows.namn)],
        t("Deltagare"): rows.deltagare_visning,
        t("Folkmängd 2017"): [fmt.number(v) for v in rows.folkmangd],
        t("Per 10 000 invånare"): [_pct(v) for v in rows.per_10000],
    }, dtype="str")


def breakdown_table(bd: pd.DataFrame) -> pd.DataFrame:
    shown = bd.andel_status == "visad"
    return pd.DataFrame({
        t("Grupp"): [t(x) for x in bd.etikett],
        t("Nämnare (antal)"): bd.namnare_visning, t("Täljare (antal)"): bd.taljare_visning,
        t("Andel (%)"): [_pct(v, s) for v, s in zip(bd.andel, shown)],
        t("95 % KI, nedre (%)"): [_pct(v, s) for v, s in zip(bd.ki_lag, shown)],
        t("95 % KI, övre (%)"): [_pct(v, s) for v, s in zip(bd.ki_hog, shown)],
        t("Samma grupp i länet (%)"): [_pct(v) for v in bd.referens],
        t("Jämfört med samma grupp i länet"): [t(x) for x in bd.jamforelse],
    }, dtype="str")


def trend_table(trend: pd.DataFrame, koder: list[str]) -> pd.DataFrame:
    rows = trend[trend.kod.isin([*koder, compare.LAN])]
    shown = rows.andel_status == "visad"
    return pd.DataFrame({
        t("Enhet"): [t(n) if k == compare.LAN else n for k, n in zip(rows.kod, rows.namn)],
        t("Halvår"): rows.halvar, t("Avslutade"): rows.namnare_visning, t("Täljare (antal)"): rows.taljare_visning,
        t("Andel (%)"): [_pct(v, s) for v, s in zip(rows.andel, shown)],
        t("95 % KI, nedre (%)"): [_pct(v, s) for v, s in zip(rows.ki_lag, shown)],
        t("95 % KI, övre (%)"): [_pct(v, s) for v, s in zip(rows.ki_hog, shown)],
        t("Länet (%)"): [_pct(v) for v in rows.referens],
        t("Jämfört med länet"): [t(x) for x in rows.jamforelse],
    }, dtype="str")


def _names(units: pd.DataFrame, code: str) -> str:
    names = list(compare.mia_units(units).namn[compare.mia_units(units).jamforelse == code])
    return _join(names) if names else ""


def funnel_alt(units: pd.DataFrame, niva: str, utfall: str) -> str:
    n = counts(units)
    parts = [t("Trattdiagram: andelen {outcome} per {enhet} mot antalet personer andelen bygger på, med länets "
               "andel ({ref}) som streckad linje och gränser för 95 och 99,8 procent runt den.").format(
        outcome=t(UTFALL_PHRASE[utfall]), enhet=nouns(niva)[0], ref=county_text(units)),
        t("{h} högre, {l} lägre och {same} i nivå med länet; {e} visas inte.").format(
            h=n[HOGRE], l=n[LAGRE], same=n[I_NIVA], e=n[JAMFORS_EJ])]
    if n[HOGRE]:
        parts.append(t("Högre") + ": " + _names(units, HOGRE) + ".")
    if n[LAGRE]:
        parts.append(t("Lägre") + ": " + _names(units, LAGRE) + ".")
    return " ".join(parts)


def dot_alt(units: pd.DataFrame, niva: str, utfall: str) -> str:
    mia = compare.mia_units(units)
    shown = mia[mia.andel_status == "visad"].sort_values("andel", ascending=False)
    text_ = t("Punktdiagram med konfidensintervall: {n} {enheter} rangordnade efter andelen {outcome}; länets andel "
              "({ref}) är en lodrät streckad linje.").format(n=len(mia), enheter=nouns(niva)[1],
                                                              outcome=t(UTFALL_PHRASE[utfall]), ref=county_text(units))
    if len(shown):
        top, bottom = shown.iloc[0], shown.iloc[-1]
        text_ += " " + t("Högst {a} ({x}), lägst {b} ({y}).").format(
            a=top.namn, x=fmt.percent(top.andel), b=bottom.namn, y=fmt.percent(bottom.andel))
    hidden = len(mia) - len(shown)
    if hidden:
        text_ += " " + t("{n} visas som tomma grå rader (för litet underlag).").format(n=hidden)
    return text_


def rate_alt(units: pd.DataFrame, niva: str) -> str:
    return t("Liggande staplar med antalet deltagare per 10 000 invånare per {enhet}.").format(
        enhet=nouns(niva)[0]) + " " + rate_sentence(units, niva)


def breakdown_alt(bd: pd.DataFrame, unit_name: str, utfall: str) -> str:
    items = [f"{t(r.etikett)} {fmt.percent(r.andel) if r.andel_status == 'visad' else t('visas inte')}"
             f" ({t('länet')} {fmt.percent(r.referens)})" for r in bd.itertuples()]
    return t("Punktdiagram med konfidensintervall: andelen {outcome} i {enhet} efter kön och åldersgrupp, med samma "
             "grupp i länet som romber.").format(outcome=t(UTFALL_PHRASE[utfall]), enhet=unit_name) + " " + \
        "; ".join(items) + "."


def trend_alt(trend: pd.DataFrame, koder: list[str], utfall: str) -> str:
    units = _trend_rows(trend, koder)
    names = [units[k][0][0] for k in koder if k in units]
    return t("Små linjediagram, ett per enhet ({enheter}): andelen {outcome} av dem som avslutade, per halvår, med "
             "konfidensintervall och länet som streckad linje.").format(
        enheter=_join(names) if names else "–", outcome=t(UTFALL_PHRASE[utfall])) + " " + \
        trend_sentence(trend, koder, utfall)
