"""Karta: what the map page and the press pack draw, from the Jämför page's numbers.

The map shows exactly the numbers the Jämför table shows: `kommun_frame` takes
`mia.compare.units` (disclosure control, Wilson intervals and the comparison with the
county, computed once there) and only renames its columns to the input contract of
`mia.maps` (`deltagare` → `antal`, ...). Nothing is recomputed here.

Public API (pure: no Streamlit; the page `app_pages/karta.py` is layout only)
- `MATT`: the map modes, "forbund" (membership) and the measures, each with its label.
- `map_urval(urval)`: the selection without förbund/kommun filters (what the numbers
  depend on; use it as the cache key). `membership_steps()`: join dates for the slider.
- `kommun_frame(con, urval, utfall)`: one row per kommun (all 26) in the maps contract.
- `membership_view(con, urval, as_of, basemap_style)` / `measure_view(con, urval, matt,
  basemap_style)` → `maps.MapView`; `view_for(con, urval, matt, as_of, basemap_style)`.
- `with_selection(view, codes)`: the same view with the chosen kommuner outlined;
  `translated(view)`: its legend in the UI language.
- `kod_from_selection(selection)`: the kommun code of a click on the deck (or None).
- `plotted_table(frame, matt, as_of)`: the map's numbers per kommun, with "<5"/".."/"–".
- `membership_table(as_of)` / `membership_markdown(as_of)`: förbund → member kommuner with
  the dates they joined. `title`, `subtitle`, `sentence`: the press texts (templates).
- `karta_bundle(...)` → `export.ChartBundle` (PNG/SVG/CSV/XLSX/press pack of the map);
  `karta(con, urval)` and `karta_matt(con, urval, matt)` are the chartbook builders.
- `basemap_setting()`: the opt-in basemap from `MIA_BASEMAP` (default none: offline).
"""
from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd
import pydeck as pdk

from mia import compare, fmt, geo, maps
from mia.disclosure import Status
from mia.export import ChartBundle, count_cells, share_cells
from mia.filters import Urval
from mia.i18n import language, t
from mia.reference import load_reference

FORBUND = "forbund"
N_KOMMUNER = 26
NOT_IN_MIA = compare.NOT_IN_MIA_SYMBOL  # "–"
HIDDEN = ".."


@dataclass(frozen=True)
class Matt:
    """One way to colour the map: the maps measure column, the outcome it is about."""

    key: str
    label: str                # Swedish, as in the legend and the page's selector
    column: str | None        # maps measure column; None = membership map
    utfall: str = "arbete_studier"

    @property
    def is_share(self) -> bool:
        return self.column in ("andel", "jamforelse")


MATT: dict[str, Matt] = {m.key: m for m in (
    Matt(FORBUND, "Förbund och medlemskap", None),
    Matt("per_10000", "Deltagare per 10 000 invånare", "per_10000"),
    Matt("arbete_studier", "Andel till arbete eller studier", "andel", "arbete_studier"),
    Matt("arbete_studier_jamforelse", "Andel till arbete eller studier jämfört med länet", "jamforelse",
         "arbete_studier"),
    Matt("arbetsforberedande", "Andel till arbetsförberedande insats", "andel", "arbetsforberedande"),
    Matt("arbetsforberedande_jamforelse", "Andel till arbetsförberedande insats jämfört med länet", "jamforelse",
         "arbetsforberedande"),
)}
MEASURES = tuple(k for k in MATT if k != FORBUND)

SHARE_LABELS = {"arbete_studier": "Andel till arbete eller studier",
                "arbetsforberedande": "Andel till arbetsförberedande insats"}
# The same in the definite form, inside sentences ("var andelen ... 18 %").
SHARE_PHRASES = {"arbete_studier": "andelen som gick till arbete eller studier",
                 "arbetsforberedande": "andelen som gick till arbetsförberedande insats"}

# Opt-in basemap (needs internet): MIA_BASEMAP=1/ja/carto gives Carto's light style without
# labels (the map draws its own names), a URL gives that style. Default: none, offline.
BASEMAP_ENV = "MIA_BASEMAP"
CARTO_LIGHT = pdk.map_styles.CARTO_LIGHT_NO_LABELS
_TRUE = {"1", "true", "ja", "yes", "on", "carto"}


def basemap_setting() -> tuple[bool, str]:
    """(checkbox default, style URL) for the optional basemap, from MIA_BASEMAP."""
    value = (os.environ.get(BASEMAP_ENV) or "").strip()
    if value.lower().startswith(("http://", "https://")):
        return True, value
    return value.lower() in _TRUE, CARTO_LIGHT


# ------------------------------------------------------------------------------ the frame


def map_urval(urval: Urval) -> Urval:
    """The selection the map's numbers depend on: förbund and kommun filters never narrow
    the comparison (compare.units shows every unit), so they are left out of cache keys."""
    return urval.with_(forbund=(), kommun=())


def kommun_frame(con, urval: Urval, utfall: str = "arbete_studier") -> pd.DataFrame:
    """The Jämför table's kommun rows (compare.units) in the input contract of mia.maps.

    Columns: kod, namn, forbund (None outside MIA), forbund_namn, mia_fran, mia_status,
    folkmangd, antal / antal_status / antal_visning (participants), namnare_* and
    taljare_* (the share's denominator and numerator), andel, ki_lag, ki_hog, referens,
    jamforelse, andel_status, per_10000. A kommun that compare counts as in MIA although
    it joined after the period's end (it had participants) gets mia_fran None, so the map,
    drawn as of the period's end, colours it as the table shows it.
    """
    df = compare.units(con, map_urval(urval), niva="kommun", utfall=utfall)
    df = df.rename(columns={"deltagare": "antal", "deltagare_status": "antal_status",
                            "deltagare_visning": "antal_visning"})
    joined_late = (df.mia_status == compare.MIA_MED) & df.mia_fran.map(
        lambda d: d is not None and not pd.isna(d) and d > urval.till)
    df["mia_fran"] = df.mia_fran.astype(object).where(~joined_late, None)
    keep = ["kod", "namn", "forbund", "forbund_namn", "mia_fran", "mia_status", "folkmangd",
            "antal", "antal_status", "antal_visning", "namnare", "namnare_status", "namnare_visning",
            "taljare", "taljare_status", "taljare_visning", "andel", "ki_lag", "ki_hog", "referens",
            "jamforelse", "andel_status", "per_10000"]
    return df[keep].reset_index(drop=True)


def _labels(matt: Matt) -> dict[str, str]:
    share = SHARE_LABELS[matt.utfall]
    return {"per_10000": MATT["per_10000"].label, "andel": share,
            "jamforelse": f"{share} jämfört med länet"}


def membership_view(con, urval: Urval, as_of: date | None = None,
                    basemap_style: str | None = None) -> maps.MapView:
    """The county coloured by förbund as of `as_of` (None: all who ever joined).

    The tooltip carries the selection's participant count (not the measures: this map is
    about membership)."""
    df = kommun_frame(con, urval)
    cols = ["kod", "namn", "forbund", "forbund_namn", "mia_fran", "folkmangd",
            "antal", "antal_status", "antal_visning"]
    return maps.membership_deck(df[cols], as_of=as_of, basemap_style=basemap_style)


def measure_view(con, urval: Urval, matt: str, basemap_style: str | None = None) -> maps.MapView:
    """The county coloured by one measure of the selection, as of the period's end."""
    m = MATT[matt]
    if m.column is None:
        raise ValueError(f"{matt!r} är inget mått")
    df = kommun_frame(con, urval, m.utfall)
    return maps.measure_deck(df, m.column, as_of=urval.till, basemap_style=basemap_style, labels=_labels(m))


def view_for(con, urval: Urval, matt: str = FORBUND, as_of: date | None = None,
             basemap_style: str | None = None) -> maps.MapView:
    """The map for a mode: membership (as of `as_of`) or a measure (as of the period's end)."""
    if matt == FORBUND:
        return membership_view(con, urval, as_of, basemap_style)
    return measure_view(con, urval, matt, basemap_style)


def frame_for(con, urval: Urval, matt: str = FORBUND) -> pd.DataFrame:
    return kommun_frame(con, urval, MATT[matt].utfall)


def translated(view: maps.MapView) -> maps.MapView:
    """The view with its legend in the UI language. A view built by `view_for` already is
    (mia.maps writes every text in the language of the call, and the page's cache is keyed
    by language); this translates the legend of a view built in Swedish."""
    if language() == "sv":
        return view

    def label(text: str) -> str:
        for pattern, template in ((r"^under (.+)$", "under {0}"), (r"^(.+) eller mer$", "{0} eller mer")):
            hit = re.match(pattern, text)
            if hit:
                return t(template).format(hit.group(1))
        return t(text)

    legend = tuple(replace(item, label=label(item.label)) for item in view.legend)
    return replace(view, legend=legend, legend_title=t(view.legend_title))


# ------------------------------------------------------------------------------ selection

SELECTED_LAYERS = ("valda_halo", "valda")


def selected_codes(urval: Urval) -> tuple[str, ...]:
    """The kommuner the sidebar selects: its kommuner, else the kommuner of its förbund."""
    if urval.kommun:
        return tuple(urval.kommun)
    if urval.forbund:
        ref = load_reference().kommuner
        return tuple(ref.loc[ref.forbund_kod.isin(urval.forbund), "kommunkod"])
    return ()


def with_selection(view: maps.MapView, codes: tuple[str, ...] | list[str]) -> maps.MapView:
    """The view with the chosen kommuner outlined (a white halo under a black line), under
    the names. The view itself is left unchanged (it may be a cached object)."""
    codes = [c for c in dict.fromkeys(codes) if c in geo.kommun_shapes()]
    if not codes:
        return view
    lines = [segment for code in codes
             for segment in maps.segments(geo.boundary_paths(geo.kommun_shapes()[code]), kod=code)]
    extra = [maps.line_layer(layer_id, lines, colour, width)
             for layer_id, colour, width in (("valda_halo", [255, 255, 255, 255], 7.0),
                                             ("valda", [20, 20, 20, 255], 3.5))]
    deck = copy.copy(view.deck)
    layers = list(view.deck.layers)
    first_label = next((i for i, layer in enumerate(layers) if getattr(layer, "id", "").startswith("etiketter")),
                       len(layers))
    deck.layers = layers[:first_label] + extra + layers[first_label:]
    return replace(view, deck=deck)


def kod_from_selection(selection) -> str | None:
    """The kommun code of a click on the map (st.pydeck_chart's selection state), or None."""
    if not selection:
        return None
    try:
        objects = selection["objects"]
    except (KeyError, TypeError):
        objects = getattr(selection, "objects", None)
    for obj in (objects or {}).get("kommuner", []) or []:
        props = obj.get("properties", obj) if isinstance(obj, dict) else {}
        kod = props.get("kod") if isinstance(props, dict) else None
        if kod:
            return maps._code(kod)
    return None


# ------------------------------------------------------------------------------ tables


# Texts made from the reference data alone, per (what, language, date): the Karta page
# shows them on every run, and they change only with the reference (checked by identity).
_FROM_REFERENCE: dict[tuple, tuple[object, object]] = {}


def _from_reference(key: tuple, make):
    """`make()` once per reference data, language and `key`."""
    ref, full_key = load_reference(), (*key, language())
    kept = _FROM_REFERENCE.get(full_key)
    if kept is not None and kept[0] is ref:
        return kept[1]
    value = make()
    _FROM_REFERENCE[full_key] = (ref, value)
    return value


def membership_steps() -> list[maps.MembershipStep]:
    """The dates kommuner joined MIA (reference data), for the page's time slider."""
    def make() -> tuple[maps.MembershipStep, ...]:
        k = load_reference().kommuner
        return tuple(maps.membership_steps(pd.DataFrame({"kod": k.kommunkod, "namn": k.kommun,
                                                         "forbund": k.forbund_kod, "mia_fran": k.mia_fran})))

    return list(_from_reference(("steg",), make))


def mia_kommuner() -> dict[str, str]:
    """Code → name of the 21 kommuner in MIA, in Swedish alphabetical order."""
    k = load_reference().kommuner
    k = k[k.forbund_kod != ""]
    return dict(sorted(zip(k.kommunkod, k.kommun), key=lambda item: compare.swedish_key(item[1])))


def kommun_names() -> dict[str, str]:
    k = load_reference().kommuner
    return dict(zip(k.kommunkod, k.kommun))


def _member_at(row: pd.Series, as_of: date | None) -> bool:
    fran = row.mia_fran
    if row.forbund is None or (isinstance(row.forbund, float) and np.isnan(row.forbund)) or row.forbund == "":
        return False
    return as_of is None or fran is None or pd.isna(fran) or fran <= as_of


def _one_decimal(value: float) -> float | str:
    return round(float(value), 1) if value is not None and np.isfinite(value) else HIDDEN


def plotted_table(frame: pd.DataFrame, matt: str = FORBUND, as_of: date | None = None) -> pd.DataFrame:
    """The map's numbers, one row per kommun (Swedish order): exactly what is coloured.

    Numbers stay numbers; a suppressed value is "<5" or "..", a kommun outside MIA (or not
    yet in it at the date shown) "–", never 0. Column headers are in the UI language.
    """
    m = MATT[matt]
    df = frame.copy()
    df["_order"] = compare.swedish_keys(df.namn)
    df = df.sort_values("_order").reset_index(drop=True)
    when = as_of if m.column is None else None
    member = [(_member_at(row, when) if m.column is None else row.mia_status == compare.MIA_MED)
              for row in df.itertuples()]
    out = pd.DataFrame({t("Kommun"): df.namn.tolist(),
                        t("Förbund"): [str(n) if isinstance(n, str) and n else NOT_IN_MIA for n in df.forbund_namn],
                        t("Med i MIA från"): [fmt.day(d) if d is not None and not pd.isna(d) else
                                              (NOT_IN_MIA if not isinstance(f, str) or not f else "")
                                              for d, f in zip(df.mia_fran, df.forbund)]}, dtype="object")
    counts = count_cells(df.antal, df.antal_status)
    counts = [NOT_IN_MIA if not mem else c for c, mem in zip(counts, member)]
    if m.column is None:
        label = t("Med i MIA {datum}").format(datum=as_of.isoformat()) if as_of else t("Med i MIA")
        out[label] = [t("ja") if mem else t("nej") for mem in member]
        out[t("Deltagare i urvalet")] = counts
        return out
    out[t("Deltagare")] = counts
    if m.column == "per_10000":
        out[t("Folkmängd 2017")] = [int(v) if mem and np.isfinite(v) else NOT_IN_MIA
                                    for v, mem in zip(df.folkmangd, member)]
        out[t(m.label)] = [_one_decimal(v) if mem else NOT_IN_MIA for v, mem in zip(df.per_10000, member)]
        return out
    shown = df.andel_status.astype(str)
    for header, col in ((f"{t(SHARE_LABELS[m.utfall])} (%)", "andel"), (t("95 % KI, nedre (%)"), "ki_lag"),
                        (t("95 % KI, övre (%)"), "ki_hog")):
        cells = share_cells(df[col], shown)
        out[header] = [c if mem else NOT_IN_MIA for c, mem in zip(cells, member)]
    out[t("Nämnare (antal personer)")] = [
        NOT_IN_MIA if not mem else c for c, mem in zip(count_cells(df.namnare, df.namnare_status), member)]
    county = df.referens.dropna()
    out[t("Länet (%)")] = round(float(county.iloc[0]), 1) if len(county) else HIDDEN
    out[t("Jämfört med länet")] = [t(j) if mem and s == Status.VISAD else
                                   (t("jämförs ej") if mem else t("ej med i MIA"))
                                   for j, s, mem in zip(df.jamforelse, shown, member)]
    out[t("Anmärkning")] = [t(compare.reason(s)) if mem and s != Status.VISAD else ""
                            for s, mem in zip(shown, member)]
    return out


def _list(items: list[str]) -> str:
    """'A, B och C' in the UI language ('A, B and C')."""
    return maps.swedish_list(items)


def membership_table(as_of: date | None = None) -> pd.DataFrame:
    """Förbund → its member kommuner with the date each joined; a last row for the
    kommuner outside MIA. Columns Förbund, Kommuner (med från)."""
    ref = load_reference()
    k = ref.kommuner
    rows = []
    for f in ref.forbund.itertuples():
        members = k[k.forbund_kod == f.forbund_kod]
        by_date: dict[date, list[str]] = {}
        for r in members.itertuples():
            by_date.setdefault(r.mia_fran, []).append(r.kommun)
        parts = []
        for day in sorted(by_date):
            names = sorted(by_date[day], key=compare.swedish_key)
            later = as_of is not None and day > as_of
            parts.append(f"{_list(names)} ({t('från')} {day.isoformat()}"
                         + (f", {t('inte med ännu')})" if later else ")"))
        rows.append({t("Förbund"): f.kortnamn, t("Kommuner (med i MIA från)"): "; ".join(parts)})
    outside = sorted(k.loc[k.forbund_kod == "", "kommun"], key=compare.swedish_key)
    rows.append({t("Förbund"): t("Ej med i MIA"), t("Kommuner (med i MIA från)"): _list(outside)})
    return pd.DataFrame(rows, dtype="str")


def membership_markdown(as_of: date | None = None) -> str:
    """`membership_table` as a Markdown list (förbund in bold), for the page."""
    def make() -> str:
        df = membership_table(as_of)
        return "\n".join(f"- **{row.iloc[0]}**: {row.iloc[1]}" for _, row in df.iterrows())

    return _from_reference(("lista", as_of), make)


# ------------------------------------------------------------------------------ press texts


def subtitle(urval: Urval, matt: str = FORBUND, as_of: date | None = None) -> str:
    """What, when, of whom: the selection without its place (the map shows every kommun)."""
    from mia import text

    if matt == FORBUND:
        when = t("den {datum}").format(datum=as_of.isoformat()) if as_of else t("hela projektet 2017–2022")
        return f"{t('Samordningsförbund i MIA')}, {when} · {t('Stockholms läns 26 kommuner')}"
    m = MATT[matt]
    parts = [t(m.label), text.describe(map_urval(urval)).replace(t("hela MIA (alla förbund)"),
                                                                 t("Stockholms läns 26 kommuner"))]
    if m.column == "per_10000":
        parts.append(t("folkmängd 2017"))
    return " · ".join(parts)


def _shown(frame: pd.DataFrame, m: Matt) -> pd.DataFrame:
    in_mia = frame[frame.mia_status == compare.MIA_MED]
    if m.column == "per_10000":
        return in_mia[np.isfinite(in_mia.per_10000.astype(float))]
    return in_mia[in_mia.andel_status == Status.VISAD]


def title(frame: pd.DataFrame, matt: str = FORBUND, as_of: date | None = None) -> str:
    """The finding, as the title states it; only what the numbers support."""
    if matt == FORBUND:
        ref = load_reference().kommuner
        member = ref[(ref.forbund_kod != "") & ref.mia_fran.map(lambda d: as_of is None or (d is not None and d <= as_of))]
        n_forbund = member.forbund_kod.nunique()
        if as_of is None:
            return t("{n} av länets {total} kommuner var med i MIA, genom {f} samordningsförbund").format(
                n=len(member), total=N_KOMMUNER, f=n_forbund)
        return t("{n} av länets {total} kommuner var med i MIA den {datum}").format(
            n=len(member), total=N_KOMMUNER, datum=as_of.isoformat())
    m = MATT[matt]
    shown = _shown(frame, m)
    if shown.empty:
        return t("{matt}: för få deltagare för att visa någon kommun").format(matt=t(m.label))
    if m.column == "per_10000":
        best = shown.loc[shown.per_10000.astype(float).idxmax()]
        return t("Flest deltagare i förhållande till folkmängden i {kommun}").format(kommun=best.namn)
    higher = shown[shown.jamforelse == "högre"].namn.tolist()
    lower = shown[shown.jamforelse == "lägre"].namn.tolist()
    phrase = t(SHARE_PHRASES[m.utfall])
    if not higher and not lower:
        return t("Ingen kommun skiljer sig säkert från länet i {matt}").format(matt=phrase)
    parts = []
    if higher:
        parts.append(t("högre än i länet i {kommuner}").format(kommuner=_names(higher)))
    if lower:
        parts.append(t("lägre i {kommuner}").format(kommuner=_names(lower)))
    return t("{matt} var {jamforelse}").format(matt=phrase[0].upper() + phrase[1:], jamforelse=", ".join(parts))


def _names(names: list[str]) -> str:
    names = sorted(names, key=compare.swedish_key)
    if len(names) > 3:
        return t("{n} kommuner").format(n=len(names))
    return maps.swedish_list(names)


def sentence(frame: pd.DataFrame, urval: Urval, matt: str = FORBUND, as_of: date | None = None) -> str:
    """A ready Swedish sentence for the press: templates, never free text; suppressed
    values are never put into words."""
    period = fmt.period(urval.fran, urval.till)
    if matt == FORBUND:
        ref = load_reference()
        k = ref.kommuner
        member = k[(k.forbund_kod != "") & k.mia_fran.map(lambda d: as_of is None or (d is not None and d <= as_of))]
        outside = sorted(k.loc[k.forbund_kod == "", "kommun"], key=compare.swedish_key)
        when = t("den {datum}").format(datum=as_of.isoformat()) if as_of else t("under projektet 2017–2022")
        first = t("MIA fanns {when} i {n} av Stockholms läns {total} kommuner, genom {f} samordningsförbund.").format(
            when=when, n=len(member), total=N_KOMMUNER, f=member.forbund_kod.nunique())
        steps = membership_steps()
        joined = [s for s in steps if as_of is None or s.datum <= as_of]
        later = "; ".join(f"{maps.swedish_list(sorted(s.kommuner, key=compare.swedish_key))} {t('från')} "
                          f"{s.datum.isoformat()}" for s in joined[1:])
        second = f" {t('Senare anslöt')} {later}." if later else ""
        pending = sorted(k.loc[(k.forbund_kod != "") & ~k.kommunkod.isin(member.kommunkod), "kommun"],
                         key=compare.swedish_key)
        second += f" {t('Anslöt senare')}: {maps.swedish_list(pending)}." if pending else ""
        third = f" {t('Inte med i MIA')}: {maps.swedish_list(outside)}." if outside else ""
        return first + second + third
    m = MATT[matt]
    shown = _shown(frame, m)
    hidden = frame[(frame.mia_status == compare.MIA_MED) & ~frame.index.isin(shown.index)]
    tail = (" " + t("{n} kommuner visas inte eftersom underlaget är för litet.").format(n=len(hidden))
            if len(hidden) else "")
    if shown.empty:
        return t("Under perioden {period} var underlaget för litet för att visa {matt} för någon kommun.").format(
            period=period, matt=t(m.label).lower())
    if m.column == "per_10000":
        values = shown.per_10000.astype(float)
        best, worst = shown.loc[values.idxmax()], shown.loc[values.idxmin()]
        return (t("Under perioden {period} deltog flest i förhållande till folkmängden i {best} "
                  "({v1} per 10 000 invånare) och färst i {worst} ({v2}).").format(
            period=period, best=best.namn, worst=worst.namn, v1=fmt.number(best.per_10000, 1),
            v2=fmt.number(worst.per_10000, 1)) + tail)
    county = shown.referens.dropna()
    share = t(SHARE_PHRASES[m.utfall])
    higher = sorted(shown[shown.jamforelse == "högre"].namn, key=compare.swedish_key)
    lower = sorted(shown[shown.jamforelse == "lägre"].namn, key=compare.swedish_key)
    if not len(county):
        return t("Under perioden {period} kunde {matt} inte jämföras med länet.").format(
            period=period, matt=share) + tail
    lan = fmt.percent(float(county.iloc[0]))
    text = t("Under perioden {period} var {matt} i MIA som helhet {lan}.").format(period=period, matt=share, lan=lan)
    if higher:
        text += " " + t("Högre än länet: {kommuner}.").format(kommuner=_join(higher, shown))
    if lower:
        text += " " + t("Lägre än länet: {kommuner}.").format(kommuner=_join(lower, shown))
    if not higher and not lower:
        text += " " + t("Ingen kommun skilde sig säkert från länet (95 % konfidensintervall).")
    return text + tail


def _join(names: list[str], shown: pd.DataFrame) -> str:
    rows = shown.set_index("namn")
    items = [f"{n} {fmt.share_with_interval(rows.loc[n, 'andel'], rows.loc[n, 'ki_lag'], rows.loc[n, 'ki_hog'])}"
             for n in names]
    return maps.swedish_list(items)


# ------------------------------------------------------------------------------ the press bundle


def _meta(head: str, sub: str, source_line: str) -> dict[str, str]:
    """What mia.charts.style.finish stores in a figure's layout.meta, for the map."""
    return {"title": head, "subtitle": sub, "source_line": source_line, "source": source_line, "note": ""}


def _figure(view: maps.MapView, head: str, sub: str, source_line: str, width: int, height: int):
    fig = maps.map_figure(view, head, sub, source_line, width, height)
    fig.update_layout(meta=_meta(head, sub, source_line))
    return fig


def karta_bundle(view: maps.MapView, frame: pd.DataFrame, urval: Urval, source, matt: str = FORBUND,
                 as_of: date | None = None, link: str = "") -> ChartBundle:
    """The map as a press bundle: PNG (drawn per size by maps.map_figure, rendered by
    kaleido only when a download asks for it), SVG, the plotted numbers, sentence, alt text.
    Its figure is drawn only when read (ChartBundle.figure): the page shows the deck.

    `source` is a mia.charts.style.Source; the source line gets "Kommungränser: SCB".
    """
    head, sub = title(frame, matt, as_of), subtitle(urval, matt, as_of)
    source_line = f"{source.line()} · {t(maps.CREDIT)}"
    return ChartBundle(
        name="karta" if matt == FORBUND else f"karta_{matt}",
        figure=None, meta=_meta(head, sub, source_line),
        table=plotted_table(frame, matt, as_of), sentence=sentence(frame, urval, matt, as_of),
        alt=view.alt_text, source_line=source_line, permalink=link,
        figure_for=lambda w, h: _figure(view, head, sub, source_line, w, h))


def _link(con, urval: Urval, matt: str, as_of: date | None) -> str:
    from mia import export, store

    query = urval.to_query() | {"v": store.data_version(con), "karta": matt}
    if as_of is not None and matt == FORBUND:
        query["datum"] = as_of.isoformat()
    return export.permalink("karta", query)


def karta_matt(con, urval: Urval, matt: str = FORBUND, as_of: date | None = None) -> ChartBundle:
    """The map for a selection and mode, as `python -m mia chart` and press packs need it."""
    from mia import measures

    view = view_for(con, urval, matt, as_of)
    frame = frame_for(con, urval, matt)
    return karta_bundle(view, frame, urval, measures.source(con), matt, as_of, link=_link(con, urval, matt, as_of))


def karta(con, urval: Urval) -> ChartBundle:
    """chartbook builder `karta`: the förbund map (who is in MIA and since when)."""
    return karta_matt(con, urval, FORBUND)
