"""Generated sentences (Swedish; English through mia.i18n): templates filled with numbers, never free text.

A sentence only claims a difference when the comparison (computed once, from the
intervals) supports it, and a suppressed value is never put into words.
"""
from __future__ import annotations

import pandas as pd

from mia import fmt
from mia.filters import Urval
from mia.i18n import language, t
from mia.reference import load_reference

POPULATION_WORDS = {"inskrivna": "inskrivna", "aktiva": "aktiva", "avslutade": "avslutade"}


def where(urval: Urval) -> str:
    """"Täby och Vaxholm", "Roslagen", or "alla förbund" — the place a selection covers."""
    ref = load_reference()
    if urval.kommun:
        return _join([ref.kommun_name(k) for k in urval.kommun])
    if urval.forbund:
        return _join([ref.forbund_name(f) for f in urval.forbund])
    return t("hela MIA (alla förbund)")


def _join(items: list[str]) -> str:
    """"A, B och C" ("A, B and C" in English)."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {t('och')} {items[-1]}"


# How the sidebar names the filter values (mia.ui.sidebar draws its options with these).
KON_LABELS = {"K": "Kvinnor", "M": "Män", "X": "Okänt"}
# The kön codes as the subtitle writes them ("kön K/M"); English has F for women.
KON_CODES_EN = {"K": "F", "M": "M", "X": "X"}
REMITTENT_LABELS = {"AF": "Arbetsförmedlingen", "FK": "Försäkringskassan", "kommun": "Kommunen",
                    "region": "Regionen (vården)", "egen": "Egen anmälan"}
FORSORJNING_LABELS = {
    "forsorjningsstod": "Försörjningsstöd", "sjuk_aktivitetsersattning": "Sjuk- eller aktivitetsersättning",
    "sjukpenning": "Sjukpenning", "a_kassa_aktivitetsstod": "A-kassa eller aktivitetsstöd",
    "etableringsersattning": "Etableringsersättning", "lon": "Lön", "studiemedel": "Studiemedel",
    "ingen": "Ingen ersättning", "annan": "Annan",
}


def describe(urval: Urval) -> str:
    """The subtitle every number carries: population, period, place, denominator, filters."""
    kon = urval.kon if language() == "sv" else tuple(KON_CODES_EN.get(k, k) for k in urval.kon)
    parts = [f"{t(POPULATION_WORDS[urval.population]).capitalize()} {fmt.period(urval.fran, urval.till)}",
             where(urval),
             t("andel av alla i populationen") if urval.namnare == "alla" else t("andel av dem som avslutat")]
    extra = [f"{t('kön')} {'/'.join(kon)}" if urval.kon else "",
             f"{t('ålder')} {', '.join(urval.aldersgrupp)}" if urval.aldersgrupp else "",
             f"{t('remittent')} {', '.join(t(REMITTENT_LABELS.get(r, r)) for r in urval.remittent)}"
             if urval.remittent else "",
             f"{t('försörjning före')} {', '.join(t(FORSORJNING_LABELS.get(f, f)).lower() for f in urval.forsorjning)}"
             if urval.forsorjning else ""]
    return " · ".join(parts + [e for e in extra if e])


COMPARISON_PHRASE = {
    "högre": "högre än länet",
    "lägre": "lägre än länet",
    "i nivå med": "i nivå med länet",
}


def share_clause(row: pd.Series, decimals: int = 0) -> str:
    """"29 % (95 % KI 20–40 %), i nivå med länet" or the suppression note."""
    if row.andel_status != "visad":
        return t("visas inte eftersom underlaget är för litet")
    text = fmt.share_with_interval(row.andel, row.ki_lag, row.ki_hog, decimals)
    phrase = COMPARISON_PHRASE.get(row.jamforelse)
    return f"{text}, {t(phrase)}" if phrase else text


WHO_WORDS = {"K": "kvinnor", "M": "män", "X": "personer med okänt kön"}
# One template per population: English says "were enrolled", "were active" but "exited".
COUNT_SENTENCES = {
    "inskrivna": "Under perioden {period} var {count} {who} inskrivna i {place}.",
    "aktiva": "Under perioden {period} var {count} {who} aktiva i {place}.",
    "avslutade": "Under perioden {period} var {count} {who} avslutade i {place}.",
}
OUTCOME_SENTENCES = {
    "arbete_studier": ("Till arbete eller studier gick {share} {of_whom}{comparison}.",
                       "Andelen som gick till arbete eller studier visas inte: {reason}."),
    "arbetsforberedande": ("Till arbetsförberedande insatser gick {share} {of_whom}{comparison}.",
                           "Andelen som gick till arbetsförberedande insatser visas inte: {reason}."),
}
HIDDEN_REASONS = {
    "sekundar": "den skulle göra det möjligt att räkna fram ett skyddat litet antal i en annan grupp",
}
SMALL_REASON = "underlaget är för litet"


def who(urval: Urval) -> str:
    """"kvinnor" when the selection is one kön, else "personer"."""
    return t(WHO_WORDS[urval.kon[0]]) if len(urval.kon) == 1 else t("personer")


def overview_sentences(headline: pd.DataFrame, antal: int, urval: Urval) -> list[str]:
    """The Översikt summary: how many, where, and each outcome with its uncertainty. Whole
    sentences per template, so a hidden share is explained, not left as a gap."""
    rows = headline.set_index("matt")
    count = fmt.number(antal) if antal == 0 or antal >= 5 else fmt.SUPPRESSED_COUNT
    first = t(COUNT_SENTENCES[urval.population]).format(
        period=fmt.period(urval.fran, urval.till), count=count, who=who(urval), place=where(urval))
    of_whom = t("av alla") if urval.namnare == "alla" else t("av dem som avslutat")
    compared = bool(urval.kommun or urval.forbund)
    sentences = [first] + [_outcome_sentence(rows.loc[key], of_whom, compared) for key in OUTCOME_SENTENCES]
    target = rows.loc["arbete_studier"]
    if target.andel_status == "visad":
        sentences.append(_target_sentence(target))
    return sentences


def _outcome_sentence(row: pd.Series, of_whom: str, compared: bool) -> str:
    shown, hidden = OUTCOME_SENTENCES[row.name]
    if row.andel_status != "visad":
        return t(hidden).format(reason=t(HIDDEN_REASONS.get(row.andel_status, SMALL_REASON)))
    phrase = COMPARISON_PHRASE.get(row.jamforelse) if compared else None
    return t(shown).format(share=fmt.share_with_interval(row.andel, row.ki_lag, row.ki_hog), of_whom=of_whom,
                           comparison=f", {t(phrase)}" if phrase else "")


TARGET_VERDICTS = {"högre": "över målet", "lägre": "under målet", "i nivå med": "i nivå med målet"}


def _target_sentence(row: pd.Series) -> str:
    goal = fmt.percent(row.mal)
    phrase = TARGET_VERDICTS.get(row.jamforelse_mal)
    if phrase is None:
        return t("Projektets mål är {goal} till arbete eller studier.").format(goal=goal)
    return t("Projektets mål är {goal} till arbete eller studier; resultatet ligger {verdict}.").format(
        goal=goal, verdict=t(phrase))
