"""Karta: pydeck maps of the 26 kommuner of Stockholms län, and the same map as a press PNG.

Pure builders: data frames in, a `MapView` out (the deck, its legend as data, alt text and
what the PNG export needs). No Streamlit here, so the page stays thin and tests can read
the deck's JSON directly.

Public API
----------
- `membership_deck(kommuner, as_of=None, basemap_style=None, ...) -> MapView`
  colour by förbund; kommuner outside MIA, or not yet joined at `as_of`, greyed.
- `measure_deck(kommuner, measure, as_of=None, basemap_style=None, ...) -> MapView`
  choropleth of a numeric measure (5 classed colour-blind-safe steps) or, for
  `measure="jamforelse"`, the comparison with the county (4 fixed colours).
- `map_png(view, title, subtitle, source_line, width=1200, height=675, scale=1) -> bytes`
  the same map drawn with plotly and exported by kaleido (title, legend, inset, source).
- `map_figure(...)`: the plotly Figure behind `map_png` (for an SVG or an on-page preview).
- `legend_html(view) -> str` (swatches for st.markdown), `render_tooltip(view, kod) -> str`,
  `membership_steps(kommuner) -> list[MembershipStep]` (join dates for a time slider).
Show a deck with `st.pydeck_chart(view.deck, height=view.height)`: labels are placed
for that height (and DEFAULT_WIDTH), so that names that fit never overlap.

Input frame contract (one row per kommun, as `queries/per_kommun.sql` returns it)
------------------------------------------------------------------------------
Required: `kod` (SCB code; 160 and "0160" both work), `namn`, `forbund` (förbund code;
None/NaN/"" = not in MIA), `mia_fran` (date, Timestamp, ISO text or None).
Optional: `forbund_namn` (else taken from the reference data), `folkmangd`, `lat`, `lon`,
`antal`; statistics columns `per_10000`, `andel` (percent), `ki_lag`, `ki_hog` (percent),
`jamforelse` ("högre" | "i nivå med" | "lägre" | "jämförs ej"), `andel_status` (anything
but "visad" = suppressed); disclosure columns `antal_visning`, `andel_visning` (e.g. "<5",
".."), `antal_status`. Share columns may carry a prefix as `mia.stats.add_share_columns`
writes them (`arbete_andel`, `arbete_ki_lag`, `arbete_andel_status`, `arbete_jamforelse`).
Kommuner missing from the frame are added from the reference data with no numbers.

Disclosure: a value is drawn as a colour only when it is shown. Suppressed (status not
"visad", display "<5"/"..", NaN, or for count-based measures a count of 1..min_count-1)
→ grey with hatching and "visas inte (för få deltagare)" in the tooltip; kommuner outside
MIA → pale grey "Ej med i MIA", never a value colour (their 0 participants are not a 0).

Language: every text (tooltips, legend, labels, alt text) is made in the UI language of
the call (mia.i18n), so a view cached for one language is never shown in the other.

Offline: with `basemap_style=None` the deck uses `offline_style` (default
`/app/static/empty_style.json`, served by Streamlit's static serving) and draws its own
water-coloured background, so it needs no token and no internet. Layers hold only
numbers and strings (dates become 'ÅÅÅÅ-MM-DD').
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from html import escape

import numpy as np
import pandas as pd
import pydeck as pdk

from mia import config, fmt, geo
from mia.i18n import t

OFFLINE_STYLE_URL = "/app/static/empty_style.json"
WATER = (219, 233, 244)  # #dbe9f4, also the background of static/empty_style.json
CREDIT = geo.SOURCE_CREDIT
VISAD = "visad"
SUPPRESSED_TEXT = "visas inte (för få deltagare)"
OUTSIDE_TEXT = "– (ej med i MIA)"
MISSING_TEXT = "uppgift saknas"

# Paul Tol's "light" qualitative scheme: colour-blind safe, made for filled areas under
# black labels. Assigned so that neighbouring förbund never get similar colours
# (Stockholm touches six of the others; HBS/SDT and OS/VärNa are neighbours).
FORBUND_COLOURS: dict[str, tuple[int, int, int]] = {
    "OS": (68, 187, 153),      # mint
    "STH": (238, 136, 102),    # orange
    "ROS": (119, 170, 221),    # light blue
    "SUVS": (170, 170, 0),     # olive
    "HBS": (238, 221, 136),    # light yellow
    "SDT": (255, 170, 187),    # pink
    "VARNA": (187, 204, 51),   # pear
    "SBG": (153, 221, 255),    # light cyan
}
NOT_IN_MIA = (240, 240, 240)
NOT_YET = (217, 217, 217)
SUPPRESSED = (217, 217, 217)
HATCH = (127, 127, 127)
NOT_COMPARED = (217, 217, 217)
# Comparison with the county: blue/red read as "above/below" for most colour-vision
# types (Tol's bright blue and red), sand as the neutral middle.
CLASS_COLOURS: dict[str, tuple[int, int, int]] = {
    "högre": (68, 119, 170),
    "i nivå med": (221, 204, 119),
    "lägre": (238, 102, 119),
    "jämförs ej": NOT_COMPARED,
}
CLASS_LABELS = {"högre": "Högre än länet", "i nivå med": "I nivå med länet",
                "lägre": "Lägre än länet", "jämförs ej": "Jämförs ej"}
# Viridis in five steps: perceptually ordered, colour-blind safe, legible in greyscale.
RAMP: tuple[tuple[int, int, int], ...] = (
    (68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37))

MEASURE_LABELS = {
    "per_10000": "Deltagare per 10 000 invånare",
    "andel": "Andel till arbete eller studier",
    "jamforelse": "Andel till arbete eller studier jämfört med länet",
}
REQUIRED = ("kod", "namn", "forbund", "mia_fran")
TEXT_DARK = (31, 42, 48)
TEXT_MUTED = (100, 100, 100)
LABEL_SIZE = 12
LABEL_FONT = "Source Sans Pro, Liberation Sans, Arial, sans-serif"
DEFAULT_WIDTH, DEFAULT_HEIGHT = 720, 620
TOOLTIP_STYLE = {"backgroundColor": "white", "color": "#1f2a30", "fontSize": "13px",
                 "border": "1px solid #c8c8c8", "padding": "6px 8px", "maxWidth": "340px"}


# --- Data classes ---------------------------------------------------------------------

@dataclass(frozen=True)
class LegendItem:
    """One legend row: the page renders these, since deck.gl has no legend."""

    label: str
    colour: tuple[int, int, int, int]
    hatched: bool = False


@dataclass(frozen=True)
class Category:
    """How one kind of kommun is drawn: legend label, fill, hatch, muted label text."""

    label: str
    fill: tuple[int, int, int]
    hatched: bool = False
    muted: bool = False
    outside: bool = False  # a kommun not in MIA (at the date shown)


@dataclass(frozen=True)
class KommunStyle:
    """Everything drawn for one kommun, shared by the deck and the PNG."""

    kod: str
    namn: str
    category: Category
    label: str
    tooltip: dict[str, str]


@dataclass(frozen=True)
class MapView:
    """A finished map: the deck plus what pydeck cannot carry (legend, alt text, PNG)."""

    deck: pdk.Deck
    legend: tuple[LegendItem, ...]
    legend_title: str
    alt_text: str
    tooltip: dict
    styles: tuple[KommunStyle, ...] = field(repr=False)
    forbund_groups: tuple[tuple[str, frozenset[str]], ...] = field(repr=False)
    height: int = DEFAULT_HEIGHT


@dataclass(frozen=True)
class MembershipStep:
    """A date when kommuner joined MIA, for the page's time slider."""

    datum: date
    label: str
    kommuner: tuple[str, ...]


# --- Formatting -----------------------------------------------------------------------

def swedish_list(items: list[str]) -> str:
    """'A, B och C' ('A, B and C' in English): a list in the UI language."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {t('och')} " + items[-1] if items else ""


def _iso_date(value: object) -> str:
    """A date-like value as 'ÅÅÅÅ-MM-DD', '' when missing (layers must not get datetimes)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, (datetime, pd.Timestamp)):
        return "" if pd.isna(value) else value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    return text[:10] if text and text.lower() not in ("nan", "nat", "none") else ""


def _text(value: object) -> str:
    """A text cell as str, '' for None/NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value).strip()


def _status(value: object) -> str:
    """A disclosure status (plain text or an Enum member) as lower-case text."""
    return _text(getattr(value, "value", value)).lower()


def _code(value: object) -> str:
    """An SCB kommun code as four characters ('160' → '0160')."""
    text = _text(value)
    return text.split(".")[0].zfill(4) if text else ""


# --- Preparing the frame ---------------------------------------------------------------

def _require(df: pd.DataFrame) -> None:
    missing = [col for col in REQUIRED if col not in df.columns]
    if missing:
        raise ValueError(f"kommunramen saknar kolumner: {', '.join(missing)} (krävs: {', '.join(REQUIRED)})")


def _reference_rows(codes: list[str]) -> pd.DataFrame:
    """Rows for kommuner missing from the input, from the reference data (no numbers)."""
    from mia.reference import load_reference

    ref = load_reference().kommuner
    ref = ref[ref.kommunkod.isin(codes)]
    return pd.DataFrame({"kod": ref.kommunkod, "namn": ref.kommun, "forbund": ref.forbund_kod,
                         "mia_fran": ref.mia_fran})


def _forbund_names() -> dict[str, str]:
    from mia.reference import load_reference

    ref = load_reference().forbund
    return dict(zip(ref.forbund_kod, ref.kortnamn))


def _prepare(kommuner: pd.DataFrame, as_of: date | None) -> pd.DataFrame:
    """Normalise the input: 26 rows in SCB order, text codes, ISO dates, membership flags."""
    _require(kommuner)
    df = kommuner.copy()
    df["kod"] = df["kod"].map(_code)
    codes = list(geo.kommun_codes())
    present = set(df["kod"])
    missing = [code for code in codes if code not in present]
    if missing:
        df = pd.concat([df, _reference_rows(missing)], ignore_index=True)
    df = df[df["kod"].isin(codes)].drop_duplicates("kod").set_index("kod").loc[codes].reset_index()
    df["forbund"] = df["forbund"].map(_text)
    df["fran"] = df["mia_fran"].map(_iso_date)
    if "forbund_namn" not in df.columns:
        df["forbund_namn"] = ""
    names = _forbund_names()
    df["forbund_namn"] = [_text(n) or names.get(f, f) for n, f in zip(df["forbund_namn"], df["forbund"])]
    cutoff = as_of.isoformat() if as_of else None
    joined = df["fran"].map(lambda fran: cutoff is None or fran == "" or fran <= cutoff)
    df["medlem"] = (df["forbund"] != "") & joined.astype(bool)
    df["senare"] = (df["forbund"] != "") & ~df["medlem"]
    return df.drop(columns=["mia_fran"])


# --- Disclosure ------------------------------------------------------------------------

def _display_hides(text: object) -> bool:
    """True for display strings of suppressed values ('<5', '..', '–', '')."""
    shown = _text(text)
    return shown in ("", "..", "–", "-") or shown.startswith("<")


def _count_hidden(df: pd.DataFrame) -> pd.Series:
    """Rows whose participant count may not be shown (so neither may a rate built on it).

    The disclosure layer's verdict (status or display string) and, as a backstop should a
    caller pass raw counts, the primary rule: 1..min_count-1 is never shown.
    """
    hidden = pd.Series(False, index=df.index)
    if "antal_status" in df.columns:
        hidden |= df["antal_status"].map(_status) != VISAD
    if "antal_visning" in df.columns:
        hidden |= df["antal_visning"].map(_display_hides)
    if "antal" in df.columns:
        count = pd.to_numeric(df["antal"], errors="coerce")
        hidden |= count.isna() | ((count >= 1) & (count < config.disclosure().min_count))
    return hidden.astype(bool)


def _share_prefix(measure: str) -> str | None:
    """'arbete_' for 'arbete_andel'/'arbete_jamforelse', '' for 'andel', None otherwise."""
    for suffix in ("andel", "jamforelse", "ki_lag", "ki_hog"):
        if measure.endswith(suffix):
            return measure[: -len(suffix)]
    return None


def _numbers(column: pd.Series) -> np.ndarray:
    return pd.to_numeric(column, errors="coerce").astype("float64").to_numpy()


def _hidden(df: pd.DataFrame, measure: str) -> pd.Series:
    """Rows whose measure must not be drawn as a value: suppressed, missing or NaN.

    Any one signal suffices (status, display string, NaN; for counts and rates also the
    count's own suppression), so a row that says "suppressed" anywhere stays grey even if
    a number was left in it.
    """
    prefix = _share_prefix(measure)
    number_col = f"{prefix}andel" if prefix is not None else measure  # what the colour encodes
    hidden = pd.Series(False, index=df.index)
    if number_col in df.columns:
        hidden |= ~np.isfinite(_numbers(df[number_col]))
    if measure.endswith("jamforelse") and measure in df.columns:
        hidden |= df[measure].map(_text) == ""
    status_cols = {f"{measure}_status"} | ({f"{prefix}andel_status"} if prefix is not None else set())
    for col in sorted(status_cols & set(df.columns)):
        hidden |= df[col].map(_status) != VISAD
    if prefix is not None and f"{prefix}andel_visning" in df.columns:
        hidden |= df[f"{prefix}andel_visning"].map(_display_hides)
    if prefix is None:  # a rate or count per kommun reveals the count it is built on
        hidden |= _count_hidden(df)
    return hidden.astype(bool)


# --- Tooltip text ----------------------------------------------------------------------

def _participants_text(df: pd.DataFrame) -> list[str]:
    """'Deltagare' per row: the disclosure display if given, '<5' for small counts."""
    if "antal" not in df.columns and "antal_visning" not in df.columns:
        return [t(MISSING_TEXT)] * len(df)
    hidden = _count_hidden(df)
    count = pd.to_numeric(df.get("antal", pd.Series(np.nan, index=df.index)), errors="coerce")
    display = df["antal_visning"] if "antal_visning" in df.columns else pd.Series("", index=df.index)
    texts = []
    small = f"<{config.disclosure().min_count}"
    for shown, n, hide, member in zip(display, count, hidden, df["forbund"] != ""):
        if not member:
            texts.append(t(OUTSIDE_TEXT))
        elif hide:
            texts.append(_text(shown) if _display_hides(shown) and _text(shown) else
                         small if not math.isnan(n) else t(MISSING_TEXT))
        else:
            texts.append(_text(shown) or fmt.number(n))
    return texts


def _since(medlem: bool, senare: bool, fran: str, as_of: date | None) -> str:
    if medlem:
        return t("sedan {datum}").format(datum=fran) if fran else t("ja")
    if senare:
        return (t("från {datum} (inte med den {as_of})").format(datum=fran, as_of=as_of.isoformat())
                if as_of else t("från {datum}").format(datum=fran))
    return t("nej, ej med i MIA")


def _measure_text(df: pd.DataFrame, measure: str) -> list[str]:
    """The measure's tooltip text per row, with its 95 % interval for shares."""
    if measure not in df.columns:
        return [t(MISSING_TEXT)] * len(df)
    hidden = _hidden(df, measure).tolist()
    prefix = _share_prefix(measure)
    values = df[measure].tolist()
    if prefix is not None and not measure.endswith("jamforelse"):
        values = [(v, lo, hi) for v, lo, hi in zip(df[f"{prefix}andel"].tolist(), *(
            df[c].tolist() if c in df.columns else [None] * len(df) for c in (f"{prefix}ki_lag", f"{prefix}ki_hog")))]
    texts = []
    for value, member, hide in zip(values, df["forbund"].tolist(), hidden):
        if member == "":
            texts.append(t(OUTSIDE_TEXT))
        elif hide:
            texts.append(t(SUPPRESSED_TEXT))
        elif measure.endswith("jamforelse"):
            texts.append(t(_text(value)))
        elif prefix is not None:
            texts.append(_share_value_text(*value))
        else:
            texts.append(fmt.number(float(value), 1))
    return texts


def _share_value_text(value: object, low: object, high: object) -> str:
    """'29 % (95 % KI 20–39 %)', or just '29 %' when no interval was computed (None/NaN)."""
    value = float(value)
    if low is None or high is None or not np.isfinite([low, high]).all():
        return fmt.percent(value)
    return fmt.share_with_interval(value, float(low), float(high))


def _tooltip_lines(df: pd.DataFrame, measure: str | None) -> list[str]:
    """Measure columns the tooltip shows: the chosen one first, then the standard ones."""
    wanted = ([measure] if measure else []) + ["per_10000", "andel", "jamforelse"]
    return [col for col in dict.fromkeys(wanted) if col in df.columns]


def _tooltip_label(measure: str, labels: dict[str, str]) -> str:
    """Short labels inside the tooltip, where the share's name is already on the line above."""
    return t("Jämfört med länet") if measure.endswith("jamforelse") else _label_for(measure, labels)


def _label_for(measure: str, labels: dict[str, str]) -> str:
    if measure in labels:
        return t(labels[measure])
    prefix = _share_prefix(measure)
    base = measure[len(prefix):] if prefix else measure
    return t(MEASURE_LABELS[base]) if base in MEASURE_LABELS else measure.replace("_", " ").capitalize()


def _tooltip_fields(df: pd.DataFrame, as_of: date | None, lines: list[str]) -> list[dict]:
    """Per-row tooltip fields (plain text) to fill the template of `_tooltip_template`.

    Streamlit HTML-escapes every {field} it substitutes, so the template holds the HTML
    and the fields plain text (a kommun name can never inject markup).
    """
    participants = _participants_text(df)
    measures = [_measure_text(df, col) for col in lines]
    fields = []
    rows = zip(df["namn"].tolist(), df["forbund_namn"].tolist(), df["medlem"].tolist(), df["senare"].tolist(),
               df["fran"].tolist())
    for i, (namn, forbund_namn, medlem, senare, fran) in enumerate(rows):
        item = {"namn": namn, "forbund_text": forbund_namn or t(OUTSIDE_TEXT),
                "sedan_text": _since(medlem, senare, fran, as_of), "deltagare_text": participants[i]}
        item.update({f"m{j}": texts[i] for j, texts in enumerate(measures)})
        fields.append(item)
    return fields


def _tooltip_template(lines: list[str], labels: dict[str, str] | None = None) -> dict:
    rows = ["<b style='font-size:14px'>{namn}</b>", f"{escape(t('Förbund'))}: {{forbund_text}}",
            f"{escape(t('Med i MIA'))}: {{sedan_text}}", f"{escape(t('Deltagare'))}: {{deltagare_text}}"]
    rows += [f"{escape(_tooltip_label(col, labels or {}))}: {{m{j}}}" for j, col in enumerate(lines)]
    return {"html": "<br/>".join(rows), "style": TOOLTIP_STYLE}


def render_tooltip(view: MapView, kod: str) -> str:
    """The tooltip text as Streamlit would show it for one kommun (for tests and text)."""
    style = next(s for s in view.styles if s.kod == kod)
    html = view.tooltip["html"]
    for key, value in style.tooltip.items():
        html = html.replace("{" + key + "}", escape(value))
    return html


# --- Categories ------------------------------------------------------------------------

def _membership_categories(df: pd.DataFrame) -> list[Category]:
    """Förbund colour for members, grey for 'not yet' and pale grey for 'not in MIA'."""
    cats = []
    for medlem, senare, forbund, forbund_namn in zip(df["medlem"].tolist(), df["senare"].tolist(),
                                                      df["forbund"].tolist(), df["forbund_namn"].tolist()):
        if medlem:
            colour = FORBUND_COLOURS.get(forbund, (170, 170, 170))
            cats.append(Category(forbund_namn, colour))
        elif senare:
            cats.append(Category(t("Inte med ännu (ansluter senare)"), NOT_YET))
        else:
            cats.append(Category(t("Ej med i MIA"), NOT_IN_MIA, muted=True, outside=True))
    return cats


def nice_breaks(values: pd.Series, classes: int = len(RAMP)) -> list[float]:
    """Class breaks at quantiles of the shown values, rounded to two significant digits.

    Quantiles (not equal intervals) because one kommun (Stockholm) dominates the range;
    rounded so that the legend reads "12–18", not "11,87–17,62".
    """
    shown = values.dropna().astype("float64")
    if shown.nunique() < 2:
        return []
    raw = np.quantile(shown, np.linspace(0, 1, classes + 1)[1:-1])
    rounded = [float(f"{b:.2g}") if b else 0.0 for b in raw]
    return sorted(set(b for b in rounded if shown.min() < b <= shown.max()))


def _bin_labels(breaks: list[float], decimals: int, unit: str) -> list[str]:
    if not breaks:
        return [f"{t('alla visade värden')}{unit}"]
    f = lambda b: fmt.number(b, decimals if b != int(b) else 0)  # noqa: E731
    middle = [f"{f(a)}–{f(b)}{unit}" for a, b in zip(breaks, breaks[1:])]
    return [t("under {0}").format(f"{f(breaks[0])}{unit}"), *middle,
            t("{0} eller mer").format(f"{f(breaks[-1])}{unit}")]


def _ramp_for(n_classes: int) -> list[tuple[int, int, int]]:
    """n colours spread over the viridis steps (ends kept, so contrast stays maximal)."""
    idx = np.round(np.linspace(0, len(RAMP) - 1, n_classes)).astype(int) if n_classes > 1 else [2]
    return [RAMP[i] for i in idx]


def _value_categories(df: pd.DataFrame, measure: str, hidden: pd.Series,
                      breaks: list[float] | None) -> tuple[list[Category | None], list[Category]]:
    """Binned categories for shown values (None elsewhere), and all bins for the legend."""
    values = pd.to_numeric(df[measure], errors="coerce").astype("float64")
    shown = values.where(~hidden & df["medlem"])
    if not np.isfinite(shown.to_numpy()).any():  # nothing to show: no scale, all grey
        return [None] * len(df), []
    breaks = nice_breaks(shown) if breaks is None else sorted(breaks)
    unit = "\u00a0%" if _share_prefix(measure) is not None else ""
    decimals = 0 if unit else 1
    bins = [Category(label, colour) for label, colour in
            zip(_bin_labels(breaks, decimals, unit), _ramp_for(len(breaks) + 1))]
    index = np.searchsorted(np.asarray(breaks, dtype="float64"), shown.to_numpy(), side="right")
    cats = [bins[i] if np.isfinite(v) else None for i, v in zip(index, shown)]
    return cats, bins


def _class_categories(df: pd.DataFrame, measure: str,
                      hidden: pd.Series) -> tuple[list[Category | None], list[Category]]:
    bins = {code: Category(t(CLASS_LABELS[code]), colour) for code, colour in CLASS_COLOURS.items()}
    cats = [bins.get(_text(v)) if not h else None for v, h in zip(df[measure], hidden)]
    return cats, [bins[c] for c in ("högre", "i nivå med", "lägre")]


def _measure_categories(df: pd.DataFrame, measure: str,
                        breaks: list[float] | None) -> tuple[list[Category], list[Category]]:
    """Per-row categories: not in MIA → pale grey, suppressed → hatched grey, else value."""
    if measure not in df.columns:
        raise ValueError(f"måttet {measure!r} finns inte i kommunramen")
    hidden = _hidden(df, measure)
    if measure.endswith("jamforelse"):
        values, scale = _class_categories(df, measure, hidden)
    else:
        values, scale = _value_categories(df, measure, hidden, breaks)
    outside = Category(t("Ej med i MIA"), NOT_IN_MIA, muted=True, outside=True)
    suppressed = Category(t("Visas inte (för få deltagare)"), SUPPRESSED, hatched=True)
    cats = [outside if not member else (value or suppressed)
            for member, value in zip(df["medlem"], values)]
    return cats, scale


# --- Layers ----------------------------------------------------------------------------

def _rgba(colour: tuple[int, int, int], alpha: int = 255) -> list[int]:
    return [int(colour[0]), int(colour[1]), int(colour[2]), alpha]


def _luminance(colour: tuple[int, int, int]) -> float:
    """WCAG relative luminance, to pick black or white label text."""
    lin = [(c / 255) / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in colour]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def label_colour(fill: tuple[int, int, int], muted: bool = False) -> tuple[int, int, int]:
    """White text on dark fills (the dark viridis steps), else near-black or muted grey."""
    if muted:
        return TEXT_MUTED
    return (255, 255, 255) if _luminance(fill) < 0.18 else TEXT_DARK


def _label_text(style_name: str, category: Category) -> str:
    return f"{style_name}\n({t('ej i MIA')})" if category.outside else style_name


def _text_size(text: str, size: float) -> tuple[float, float]:
    """Approximate pixel box of a (possibly two-line) label in a sans-serif font."""
    lines = text.split("\n")
    return max(len(line) for line in lines) * size * 0.56, len(lines) * size * 1.2


def _water_layer() -> pdk.Layer:
    """A pale-blue sea under everything, so no basemap is needed for the map to read well."""
    ring = [[10.0, 54.0], [28.0, 54.0], [28.0, 65.0], [10.0, 65.0], [10.0, 54.0]]
    return pdk.Layer("SolidPolygonLayer", id="vatten", data=[{"polygon": ring}],
                     get_polygon="polygon", get_fill_color=_rgba(WATER), pickable=False)


def _kommun_layer(styles: list[KommunStyle], alpha: int) -> pdk.Layer:
    features = []
    for style in styles:
        props = {"namn": style.namn, "kategori": style.category.label,
                 "fill": _rgba(style.category.fill, alpha), "hatched": style.category.hatched,
                 **style.tooltip}
        features.append({"type": "Feature", "geometry": _kommun_geometry(style.kod),
                         "properties": {"kod": style.kod, **props}})
    return pdk.Layer(
        "GeoJsonLayer", id="kommuner", data={"type": "FeatureCollection", "features": features},
        filled=True, stroked=False, get_fill_color="properties.fill",
        pickable=True, auto_highlight=True, highlight_color=[255, 255, 255, 90])


def _border_layer(styles: list[KommunStyle]) -> pdk.Layer:
    """The borders between kommuner, each once (the kommun layer has no stroke, see
    line_layer; the county's outline is its own layer)."""
    paths = geo.inner_border_paths(frozenset(s.kod for s in styles))
    return line_layer("grenser", segments(paths), [110, 110, 110, 200], 0.8)


@lru_cache(maxsize=None)
def _kommun_geometry(code: str) -> dict:
    """geo.kommun_feature's geometry (rounded GeoJSON), made once per kommun: every deck
    shares it (decks are serialised, never changed)."""
    return geo.kommun_feature(code)["geometry"]


def _hatch_layer(styles: list[KommunStyle]) -> pdk.Layer:
    lines = [segment for s in styles if s.category.hatched
             for segment in segments(geo.hatch_paths(s.kod), kod=s.kod)]
    return line_layer("skraffering", lines, _rgba(HATCH, 230), 1)


def _outline_layer(layer_id: str, geometries: dict[str, object], colour: list[int],
                   width: float, named: bool = True) -> pdk.Layer:
    """Outlines of areas (the county, each förbund); `named`: each segment carries its
    area's name (the förbund's code), for tests and readers of the deck."""
    lines = [segment for name, geometry in geometries.items()
             for segment in segments(geo.boundary_paths(geometry), **({"namn": name} if named else {}))]
    return line_layer(layer_id, lines, colour, width)


def segments(paths: Iterable[Sequence[Sequence[float]]], **fields: object) -> list[dict]:
    """Each path's consecutive points as segments {"s": from, "t": to, **fields}."""
    return [{"s": list(a), "t": list(b), **fields} for path in paths for a, b in zip(path[:-1], path[1:])]


def line_layer(layer_id: str, lines: list[dict], colour: list[int], width: float) -> pdk.Layer:
    """Lines of a fixed pixel width, as deck.gl's LineLayer (segments), never its PathLayer.

    Why: in software WebGL (Chromium without a GPU: SwiftShader) the PathLayer's shader
    cost over a second of the map's first draw, again on every visit to the page (1 M
    rows: 3.1 s with PathLayers, 2.0 s with LineLayers; bench/README.md, session 12). The
    segments' joints are not rounded: at these widths (at most 7 px, the selection's halo) a bend
    shows at most a pixel's notch, and dots to round them (a ScatterplotLayer, one more
    shader) cost another 0.3 s per visit.
    """
    return pdk.Layer("LineLayer", id=layer_id, data=lines, get_source_position="s", get_target_position="t",
                     get_color=colour, width_units="'pixels'", get_width=width, pickable=False)


# --- Labels ----------------------------------------------------------------------------

@dataclass(frozen=True)
class PlacedLabel:
    """A kommun name placed on the map: where, what, how big, in which colour."""

    kod: str
    lon: float
    lat: float
    text: str
    size: float
    colour: tuple[int, int, int]


def _label_options(label: str, namn: str, size: float) -> list[tuple[str, float, float, float]]:
    """(text, font size, dx, dy) to try, best first: full label, smaller, name only, nudged.

    dx/dy are offsets in label widths/heights from the kommun's label point.
    """
    texts = [(label, size), (label, size - 2)]
    if label != namn:
        texts.append((namn, size - 2))
    nudges = [(0.0, 0.0), (0.0, 0.6), (0.0, -0.6), (0.35, 0.0), (-0.35, 0.0)]
    return [(text, font, dx, dy) for text, font in texts for dx, dy in nudges]


def _text_box(x: float, y: float, text: str, font: float, px_per_degree: float):
    """The pixel box of a label centred at (lon, mercator y), in Mercator degrees."""
    from shapely.geometry import box

    w, h = _text_size(text, font)
    half_w, half_h = (w + 4) / 2 / px_per_degree, h / 2 / px_per_degree
    return box(x - half_w, y - half_h, x + half_w, y + half_h)


def place_labels(styles: tuple[KommunStyle, ...], frame: tuple[float, float, float, float],
                 px_per_degree: float, size: float = LABEL_SIZE, min_inside: float = 0.8,
                 skip_relaxed: frozenset[str] = frozenset()) -> list[PlacedLabel]:
    """Kommun names that fit, clear of each other, biggest kommun first.

    frame is the visible window in (lon, mercator y) and px_per_degree its scale. A first
    pass wants `min_inside` of a label inside its kommun; a second lets the rest (except
    `skip_relaxed`) spill over neighbours by up to half, as a halo keeps them legible. A
    name that fits nowhere is left out (the tooltip and the legend still carry it): an
    overprinted cluster of names helps no one. deck.gl's CollisionFilterExtension would do
    this in the browser, but it proved unreliable (labels vanished at device pixel ratio 2).
    """
    spots = _placements(tuple((s.kod, s.label, s.namn) for s in styles), tuple(frame), px_per_degree, size,
                        min_inside, frozenset(skip_relaxed))
    style_of = {s.kod: s for s in styles}
    return [PlacedLabel(kod, x, lat, text, font,
                        label_colour(style_of[kod].category.fill, style_of[kod].category.muted))
            for kod, x, lat, text, font in spots]


@lru_cache(maxsize=256)
def _placements(labels: tuple[tuple[str, str, str], ...], frame: tuple[float, float, float, float],
                px_per_degree: float, size: float, min_inside: float,
                skip_relaxed: frozenset[str]) -> tuple[tuple[str, float, float, str, float], ...]:
    """place_labels without the colours: (kod, lon, lat, text, font size) per placed label,
    for (kod, label, name) per kommun. Geometry and text only (no data), so it is computed
    once per set of label texts and map size: the GEOS tests of every candidate box are
    most of a deck's cost otherwise."""
    from shapely.geometry import box

    window, placed, spots, done = box(*frame), [], [], set()
    order = sorted(labels, key=lambda item: -geo.kommun_shapes()[item[0]].area)
    tries = [(s, min_inside) for s in order] + [(s, 0.45) for s in order if s[0] not in skip_relaxed]
    for (kod, label, namn), need in tries:
        if kod in done:
            continue
        lon, lat = geo.label_points()[kod]
        for text, font, dx, dy in _label_options(label, namn, size):
            w, h = _text_size(text, font)
            x = lon + dx * w / px_per_degree
            y = float(geo.mercator_y(lat)) + dy * h / px_per_degree
            candidate = _text_box(x, y, text, font, px_per_degree)
            if (window.contains(candidate) and geo.share_inside(kod, candidate) >= need
                    and not any(candidate.intersects(other) for other in placed)):
                placed.append(candidate)
                done.add(kod)
                spots.append((kod, x, _latitude(y), text, font))
                break
    return tuple(spots)


def _latitude(y: float) -> float:
    """Inverse of geo.mercator_y."""
    return math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)


def _deck_frame(lat: float, lon: float, zoom: float, width: int,
                height: int) -> tuple[float, float, float, float]:
    """The deck's initial window in (lon, mercator y)."""
    ppd = geo.pixels_per_degree(zoom)
    y = float(geo.mercator_y(lat))
    return lon - width / 2 / ppd, y - height / 2 / ppd, lon + width / 2 / ppd, y + height / 2 / ppd


def _label_layers(labels: list[PlacedLabel]) -> list[pdk.Layer]:
    """Kommun names with a halo: white behind dark text, dark behind white text.

    Two layers because a TextLayer's outline colour is one value for the whole layer.
    """
    layers = []
    for layer_id, light in (("etiketter", False), ("etiketter_ljusa", True)):
        data = [{"position": [round(lab.lon, 5), round(lab.lat, 5)], "text": lab.text,
                 "size": lab.size, "colour": _rgba(lab.colour), "kod": lab.kod}
                for lab in labels if (lab.colour == (255, 255, 255)) == light]
        halo = [30, 30, 30, 210] if light else [255, 255, 255, 230]
        layers.append(pdk.Layer(
            "TextLayer", id=layer_id, data=data, get_position="position", get_text="text",
            get_color="colour", get_size="size", size_units="'pixels'", font_weight=600,
            font_family=f"'{LABEL_FONT}'", character_set="'auto'", get_text_anchor="'middle'",
            get_alignment_baseline="'center'", line_height=1.1,
            font_settings={"sdf": True, "radius": 12, "cutoff": 0.22}, outline_width=2,
            outline_color=halo, pickable=False))
    return layers


# --- Assembly --------------------------------------------------------------------------

def _styles(df: pd.DataFrame, cats: list[Category], fields: list[dict]) -> list[KommunStyle]:
    return [KommunStyle(kod, namn, cat, _label_text(namn, cat), tip)
            for kod, namn, cat, tip in zip(df["kod"].tolist(), df["namn"].tolist(), cats, fields)]


def _groups(df: pd.DataFrame) -> tuple[tuple[str, frozenset[str]], ...]:
    """Förbund → member kommuner at the date shown (only joined members)."""
    groups: dict[str, list[str]] = {}
    for kod, forbund, medlem in zip(df["kod"].tolist(), df["forbund"].tolist(), df["medlem"].tolist()):
        if medlem:
            groups.setdefault(forbund, []).append(kod)
    return tuple((f, frozenset(codes)) for f, codes in groups.items())


def _legend(scale: list[Category], cats: list[Category], alpha: int) -> tuple[LegendItem, ...]:
    """Scale entries first (all of them), then the grey kinds that occur on this map."""
    order = list(dict.fromkeys([*scale, *[c for c in cats if c not in scale]]))
    return tuple(LegendItem(c.label, tuple(_rgba(c.fill, alpha)), c.hatched) for c in order)


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation.

    pydeck pretty-prints (indent=2), which puts every coordinate on its own deeply
    indented line: 4.4× the bytes (≈370 kB instead of ≈85 kB) for Streamlit to send.
    """

    def to_json(self) -> str:
        # pydeck's serialisation (sorted keys, its default hook) without the indentation: the
        # same text as re-dumping its indented JSON compactly, and json's C encoder does it.
        from pydeck.bindings.json_tools import default_serialize

        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"),
                          ensure_ascii=False)


def _deck(styles: list[KommunStyle], groups: tuple, tooltip: dict, basemap_style: str | None,
          offline_style: str, width: int, height: int) -> pdk.Deck:
    lat, lon, zoom = geo.fit_view(geo.county_outline().bounds, width, height, padding=12)
    alpha = 255 if basemap_style is None else 200
    layers = [] if basemap_style else [_water_layer()]
    layers += [
        _kommun_layer(styles, alpha),
        _border_layer(styles),
        _hatch_layer(styles),
        _outline_layer("lan", {t("Stockholms län"): geo.county_outline()}, [90, 90, 90, 255], 1.2, named=False),
        _outline_layer("forbund", geo.forbund_outlines((k, f) for f, codes in groups for k in codes),
                       [35, 35, 35, 255], 2.4),
        *_label_layers(place_labels(tuple(styles), _deck_frame(lat, lon, zoom, width, height),
                                    geo.pixels_per_degree(zoom))),
    ]
    view = pdk.ViewState(latitude=round(lat, 4), longitude=round(lon, 4), zoom=zoom,
                         min_zoom=6, max_zoom=12, pitch=0, bearing=0)
    return CompactDeck(layers=layers, initial_view_state=view, map_provider="carto",
                    map_style=basemap_style or offline_style, tooltip=tooltip)


def _view(df: pd.DataFrame, cats: list[Category], scale: list[Category], fields: list[dict],
          tooltip: dict, legend_title: str, alt_text: str, opts: dict) -> MapView:
    styles = _styles(df, cats, fields)
    groups = _groups(df)
    deck = _deck(styles, groups, tooltip, opts["basemap_style"], opts["offline_style"],
                 opts["width"], opts["height"])
    alpha = 255 if opts["basemap_style"] is None else 200
    return MapView(deck, _legend(scale, cats, alpha), legend_title, alt_text, tooltip,
                   tuple(styles), groups, opts["height"])


def membership_deck(kommuner: pd.DataFrame, as_of: date | None = None,
                    basemap_style: str | None = None, *, offline_style: str = OFFLINE_STYLE_URL,
                    labels: dict[str, str] | None = None, width: int = DEFAULT_WIDTH,
                    height: int = DEFAULT_HEIGHT) -> MapView:
    """The county coloured by förbund as of `as_of` (None = whole project).

    basemap_style None = no basemap (offline style + own water background); otherwise a
    pydeck style name or URL ("light", a Carto/MapLibre style URL), which needs internet.
    width/height are the map's size on the page, used to fit the county in view.
    """
    df = _prepare(kommuner, as_of)
    lines = _tooltip_lines(df, None)
    fields, tooltip = _tooltip_fields(df, as_of, lines), _tooltip_template(lines, labels)
    cats = _membership_categories(df)
    present = {c.fill: c for c in cats}
    scale = [present[colour] for colour in FORBUND_COLOURS.values() if colour in present]
    opts = dict(basemap_style=basemap_style, offline_style=offline_style, width=width, height=height)
    return _view(df, cats, scale, fields, tooltip, t("Samordningsförbund i MIA"),
                 _membership_alt(df, as_of), opts)


def measure_deck(kommuner: pd.DataFrame, measure: str, as_of: date | None = None,
                 basemap_style: str | None = None, *, breaks: list[float] | None = None,
                 labels: dict[str, str] | None = None, offline_style: str = OFFLINE_STYLE_URL,
                 width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT) -> MapView:
    """The county coloured by one measure column, or by its comparison with the county.

    measure: "per_10000", "andel" (or any numeric column; "<prefix>andel" for other
    shares) → 5 viridis classes at `breaks` (default: rounded quintiles of the shown
    values); "jamforelse" (or "<prefix>jamforelse") → högre / i nivå med / lägre /
    jämförs ej. as_of: kommuner not yet members at that date count as "Ej med i MIA".
    labels: measure column → Swedish label, overriding MEASURE_LABELS.
    """
    labels = labels or {}
    df = _prepare(kommuner, as_of)
    cats, scale = _measure_categories(df, measure, breaks)
    lines = _tooltip_lines(df, measure)
    fields, tooltip = _tooltip_fields(df, as_of, lines), _tooltip_template(lines, labels)
    opts = dict(basemap_style=basemap_style, offline_style=offline_style, width=width, height=height)
    title = _label_for(measure, labels)
    return _view(df, cats, scale, fields, tooltip, title, _measure_alt(df, measure, title, cats), opts)


# --- Alt text, legend HTML, time steps -------------------------------------------------

def _membership_alt(df: pd.DataFrame, as_of: date | None) -> str:
    members = df[df["medlem"]]
    text = (t("Karta över Stockholms läns 26 kommuner den {datum}, färgade efter samordningsförbund.").format(
        datum=as_of.isoformat()) if as_of else
        t("Karta över Stockholms läns 26 kommuner, färgade efter samordningsförbund."))
    text += " " + t("{n} kommuner i {f} förbund är med i MIA.").format(n=len(members), f=members["forbund"].nunique())
    later = df.loc[df["senare"], "namn"].tolist()
    if later:
        text += f" {t('Ansluter senare')}: {swedish_list(later)}."
    never = df.loc[df["forbund"] == "", "namn"].tolist()
    if never:
        text += f" {t('Inte med i MIA')}: {swedish_list(never)}."
    return text


def _measure_alt(df: pd.DataFrame, measure: str, title: str, cats: list[Category]) -> str:
    text = t("Karta över Stockholms läns 26 kommuner färgade efter {matt}.").format(
        matt=title[0].lower() + title[1:])
    all_names = df["namn"].tolist()
    shown = [(namn, cat.label) for namn, cat in zip(all_names, cats) if not cat.hatched and not cat.outside]
    if measure.endswith("jamforelse"):
        for code, label in CLASS_LABELS.items():
            names = [n for n, lab in shown if lab == t(label)]
            text += f" {t(label)}: {swedish_list(names)}." if names else ""
    else:
        values = pd.to_numeric(df[measure], errors="coerce")
        ok = [i for i, c in enumerate(cats) if not c.hatched and not c.outside]
        if ok:
            best = max(ok, key=lambda i: values.iloc[i])
            worst = min(ok, key=lambda i: values.iloc[i])
            text += " " + t("Högst: {a} ({x}), lägst: {b} ({y}).").format(
                a=df['namn'].iloc[best], x=_plain(df, measure, best),
                b=df['namn'].iloc[worst], y=_plain(df, measure, worst))
    hidden = [n for n, c in zip(all_names, cats) if c.hatched]
    if hidden:
        text += f" {t('Visas inte (för få deltagare)')}: {swedish_list(hidden)}."
    outside = [n for n, c in zip(all_names, cats) if c.outside]
    return text + (f" {t('Inte med i MIA')}: {swedish_list(outside)}." if outside else "")


def _plain(df: pd.DataFrame, measure: str, i: int) -> str:
    value = float(pd.to_numeric(df[measure], errors="coerce").iloc[i])
    return fmt.percent(value) if _share_prefix(measure) is not None else fmt.number(value, 1)


def _swatch_css(item: LegendItem) -> str:
    r, g, b, _ = item.colour
    css = f"background-color:rgb({r},{g},{b});"
    if item.hatched:
        css += ("background-image:repeating-linear-gradient(135deg,rgba(90,90,90,.85) 0 1px,"
                "transparent 1px 5px);")
    return css


def legend_html(view: MapView) -> str:
    """The legend as a small HTML block (swatches + labels) for st.markdown(unsafe_allow_html)."""
    rows = "".join(
        "<div style='display:flex;align-items:center;gap:6px;margin:2px 0'>"
        f"<span style='display:inline-block;width:18px;height:13px;border:1px solid #888;"
        f"{_swatch_css(item)}'></span><span>{escape(item.label)}</span></div>"
        for item in view.legend)
    return (f"<div style='font-size:13px;line-height:1.3'><b>{escape(view.legend_title)}</b>"
            f"{rows}<div style='color:#666;font-size:11px;margin-top:4px'>{escape(t(CREDIT))}</div></div>")


STEP_LABELS = {
    date(2017, 4, 1): "2017: MIA startar",
    date(2019, 10, 1): "2019: Roslagen utökas",
    date(2020, 6, 1): "2020: MIA Vidare",
    date(2020, 9, 1): "2020: Upplands-Bro ansluter",
}


def membership_steps(kommuner: pd.DataFrame) -> list[MembershipStep]:
    """The dates kommuner joined MIA (from `mia_fran`), with labels for a time slider."""
    df = _prepare(kommuner, None)
    steps = []
    for fran in sorted(set(df.loc[df["fran"] != "", "fran"])):
        day = date.fromisoformat(fran)
        names = tuple(df.loc[df["fran"] == fran, "namn"])
        steps.append(MembershipStep(day, t(STEP_LABELS[day]) if day in STEP_LABELS else
                                    f"{day.year}: {swedish_list(list(names))}",
                                    names))
    return steps


# --- Static press image (plotly + kaleido) ---------------------------------------------

PNG_FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
PNG_TEXT = "#1f2a30"
PNG_MUTED = "#5a6670"
# Central part of the county, where eight small kommuner share a few kilometres: shown
# enlarged beside the county so that they can be told apart and labelled.
INSET_BOUNDS = (17.80, 59.255, 18.32, 59.47)  # west, south, east, north (lon/lat)


@dataclass(frozen=True)
class _Panel:
    """A map panel in pixels (x0, y0 from the top-left) and the lon/mercator window it shows."""

    axis: str  # "" for the first plotly axis pair, "2" for the second
    x0: float
    y0: float
    width: float
    height: float
    bounds: tuple[float, float, float, float]  # x0, y0, x1, y1 in (lon, mercator_y)

    @property
    def px_per_degree(self) -> float:
        return self.width / (self.bounds[2] - self.bounds[0])


def _window(bounds: tuple[float, float, float, float], width: float, height: float,
            pad: float = 0.02) -> tuple[float, float, float, float]:
    """A lon/mercator window around lon/lat bounds with the aspect of a width×height box."""
    west, south, east, north = bounds
    y0, y1 = float(geo.mercator_y(south)), float(geo.mercator_y(north))
    cx, cy = (west + east) / 2, (y0 + y1) / 2
    span = max((east - west) * (1 + pad) / width, (y1 - y0) * (1 + pad) / height)
    return cx - span * width / 2, cy - span * height / 2, cx + span * width / 2, cy + span * height / 2


def _aspect(bounds: tuple[float, float, float, float]) -> float:
    west, south, east, north = bounds
    return (east - west) / float(geo.mercator_y(north) - geo.mercator_y(south))


def _wrap(text: str, max_chars: int) -> list[str]:
    """Greedy word wrap (plotly does not wrap annotations)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= max_chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _panels(width: int, height: int, top: float, bottom: float,
            legend_w: float) -> list[_Panel]:
    """The county panel (full height) and, when there is room, the enlarged inset."""
    margin, gap = 28.0, 26.0
    map_h = height - top - bottom
    county = geo.county_outline().bounds
    county_w = min(_aspect(county) * map_h * 1.03, width - 2 * margin - legend_w - gap)
    panels = [_Panel("", margin, top, county_w, map_h, _window(county, county_w, map_h))]
    room = width - 2 * margin - county_w - legend_w - 2 * gap
    if room >= 300:
        inset_h = min(room / _aspect(INSET_BOUNDS), map_h * 0.72)
        inset_w = inset_h * _aspect(INSET_BOUNDS)
        panels.append(_Panel("2", margin + county_w + gap, top, inset_w, inset_h,
                             _window(INSET_BOUNDS, inset_w, inset_h, pad=0)))
    return panels


def _xy(geometry) -> tuple[list[float | None], list[float | None]]:
    """All exterior rings of a (Multi)Polygon as one x/y list with None between rings."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for part in getattr(geometry, "geoms", [geometry]):
        x, y = part.exterior.coords.xy
        xs += [*x, None]
        ys += [*(float(v) for v in geo.mercator_y(np.asarray(y))), None]
    return xs, ys


def _rgb_css(colour: tuple[int, ...], alpha: float = 1.0) -> str:
    return f"rgba({colour[0]},{colour[1]},{colour[2]},{alpha})"


def _kommun_traces(view: MapView, panel: _Panel) -> list:
    import plotly.graph_objects as go

    traces = []
    for style in view.styles:
        xs, ys = _xy(geo.kommun_shapes()[style.kod])
        fill = _rgb_css(style.category.fill)
        pattern = (dict(shape="/", fgcolor=_rgb_css(HATCH), bgcolor=fill, size=7, solidity=0.18)
                   if style.category.hatched else None)
        traces.append(go.Scatter(
            x=xs, y=ys, mode="lines", fill="toself", fillcolor=fill, fillpattern=pattern,
            line=dict(color="rgba(110,110,110,0.85)", width=0.6), hoverinfo="skip",
            showlegend=False, xaxis=f"x{panel.axis}", yaxis=f"y{panel.axis}"))
    return traces


def _outline_traces(view: MapView, panel: _Panel) -> list:
    import plotly.graph_objects as go

    outlines = [(geo.county_outline(), "rgb(90,90,90)", 1.0)]
    outlines += [(geo.union_of(codes), "rgb(35,35,35)", 1.8) for _, codes in view.forbund_groups]
    traces = []
    for geometry, colour, width in outlines:
        xs, ys = _xy(geometry)
        traces.append(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=colour, width=width),
                                 hoverinfo="skip", showlegend=False,
                                 xaxis=f"x{panel.axis}", yaxis=f"y{panel.axis}"))
    return traces


def _inset_codes() -> frozenset[str]:
    """Kommuner whose label point lies in the inset (labelled there, not squeezed in)."""
    west, south, east, north = INSET_BOUNDS
    return frozenset(code for code, (lon, lat) in geo.label_points().items()
                     if west <= lon <= east and south <= lat <= north)


def _label_traces(view: MapView, panel: _Panel, size: float, skip_relaxed: frozenset[str]) -> list:
    """Label text with a halo in the opposite colour (white text gets a dark halo)."""
    import plotly.graph_objects as go

    labels = place_labels(view.styles, panel.bounds, panel.px_per_degree, size,
                          skip_relaxed=skip_relaxed)
    traces = []
    for light in (False, True):
        group = [lab for lab in labels if (lab.colour == (255, 255, 255)) == light]
        halo = "rgba(0,0,0,0.75)" if light else "white"
        traces.append(go.Scatter(
            x=[lab.lon for lab in group], y=[float(geo.mercator_y(lab.lat)) for lab in group],
            text=[lab.text.replace("\n", "<br>") for lab in group], mode="text",
            textposition="middle center", hoverinfo="skip", showlegend=False,
            textfont=dict(family=PNG_FONT, size=[lab.size for lab in group],
                          color=[_rgb_css(lab.colour) for lab in group], weight=600,
                          shadow=f"0 0 2px {halo}, 0 0 3px {halo}"),
            xaxis=f"x{panel.axis}", yaxis=f"y{panel.axis}"))
    return traces


def _axes(panel: _Panel, width: int, height: int) -> dict:
    """Plotly axis settings placing a panel at its pixel box with its exact window."""
    x0, y0, x1, y1 = panel.bounds
    common = dict(showgrid=False, zeroline=False, showticklabels=False, ticks="",
                  showline=True, mirror=True, linecolor="#9aa5ad", linewidth=1, fixedrange=True)
    xdomain = [panel.x0 / width, (panel.x0 + panel.width) / width]
    ydomain = [1 - (panel.y0 + panel.height) / height, 1 - panel.y0 / height]
    return {f"xaxis{panel.axis}": dict(common, range=[x0, x1], domain=xdomain,
                                       anchor=f"y{panel.axis}"),
            f"yaxis{panel.axis}": dict(common, range=[y0, y1], domain=ydomain,
                                       anchor=f"x{panel.axis}")}


def _paper_text(x: float, y: float, text: str, width: int, height: int, size: float,
                colour: str = PNG_TEXT, bold: bool = False, anchor: str = "left") -> dict:
    """An annotation at a pixel position (top-left origin), in paper coordinates."""
    return dict(x=x / width, y=1 - y / height, xref="paper", yref="paper", text=text,
                showarrow=False, xanchor=anchor, yanchor="top", align=anchor,
                font=dict(family=PNG_FONT, size=size, color=colour,
                          weight=700 if bold else 400))


def _legend_shapes(view: MapView, x: float, y: float, width: int,
                   height: int) -> tuple[list[dict], list[dict]]:
    """Legend swatches (rectangles, hatched ones with diagonal lines) and their labels."""
    shapes, notes = [], [_paper_text(x, y, view.legend_title, width, height, 15, bold=True)]
    title_lines = len(_wrap(view.legend_title, 28))
    notes[0]["text"] = "<br>".join(_wrap(view.legend_title, 28))
    row = y + 22 * title_lines + 8
    for item in view.legend:
        px = lambda a, b: (a / width, 1 - b / height)  # noqa: E731
        (sx0, sy0), (sx1, sy1) = px(x, row + 2), px(x + 24, row + 18)
        shapes.append(dict(type="rect", xref="paper", yref="paper", x0=sx0, y0=sy1, x1=sx1, y1=sy0,
                           fillcolor=_rgb_css(item.colour[:3]), line=dict(color="#8a8a8a", width=0.8)))
        if item.hatched:
            shapes += _hatch_swatch(x, row + 2, 24, 16, width, height)
        notes.append(_paper_text(x + 32, row + 1, escape(item.label), width, height, 14))
        row += 26
    return shapes, notes


def _hatch_swatch(x: float, y: float, w: float, h: float, width: int, height: int) -> list[dict]:
    lines = []
    for offset in range(-int(h), int(w), 5):
        ax, ay = max(x + offset, x), y + h - max(0, -offset)
        bx, by = min(x + offset + h, x + w), y + h - (min(x + offset + h, x + w) - (x + offset))
        lines.append(dict(type="line", xref="paper", yref="paper", x0=ax / width, y0=1 - ay / height,
                          x1=bx / width, y1=1 - by / height,
                          line=dict(color=_rgb_css(HATCH), width=1)))
    return lines


def map_figure(view: MapView, title: str, subtitle: str, source_line: str,
               width: int = 1200, height: int = 675):
    """The press version of a map as a plotly Figure (what `map_png` exports)."""
    import plotly.graph_objects as go

    margin = 28
    title_lines = _wrap(title, int((width - 2 * margin) / (24 * 0.55)))
    sub_lines = _wrap(subtitle, int((width - 2 * margin) / (15 * 0.5)))
    top = 20 + 31 * len(title_lines) + 21 * len(sub_lines) + 14
    credit = t(CREDIT)
    source = source_line if credit in source_line else f"{source_line} · {credit}".lstrip(" ·")
    legend_w = 270
    panels = _panels(width, height, top, 40, legend_w)
    fig = go.Figure()
    layout: dict = dict(width=width, height=height, margin=dict(l=0, r=0, t=0, b=0),
                        paper_bgcolor="white", plot_bgcolor=_rgb_css(WATER), showlegend=False)
    for panel in panels:
        skip = _inset_codes() if len(panels) > 1 and panel.axis == "" else frozenset()
        for trace in [*_kommun_traces(view, panel), *_outline_traces(view, panel),
                      *_label_traces(view, panel, 12 if panel.axis == "" else 13, skip)]:
            fig.add_trace(trace)
        layout.update(_axes(panel, width, height))
    legend_x = width - margin - legend_w + 10
    shapes, notes = _legend_shapes(view, legend_x, top + 4, width, height)
    notes += [_paper_text(margin, 18, "<br>".join(title_lines), width, height, 24, bold=True),
              _paper_text(margin, 20 + 31 * len(title_lines), "<br>".join(sub_lines), width, height,
                          15, colour=PNG_MUTED),
              _paper_text(margin, height - 28, escape(source), width, height, 12, colour=PNG_MUTED)]
    if len(panels) > 1:
        shapes.append(_inset_frame(panels[0]))
        inset = panels[1]
        notes.append(_paper_text(inset.x0, inset.y0 + inset.height + 6,
                                 t("Förstoring: de centrala kommunerna"), width, height, 12,
                                 colour=PNG_MUTED))
    fig.update_layout(**layout, shapes=shapes, annotations=notes)
    return fig


def _inset_frame(panel: _Panel) -> dict:
    """The inset's area marked on the county panel."""
    west, south, east, north = INSET_BOUNDS
    return dict(type="rect", xref=f"x{panel.axis}", yref=f"y{panel.axis}", x0=west, x1=east,
                y0=float(geo.mercator_y(south)), y1=float(geo.mercator_y(north)),
                line=dict(color=PNG_TEXT, width=1.2, dash="dot"), fillcolor="rgba(0,0,0,0)")


def map_png(view: MapView, title: str, subtitle: str, source_line: str,
            width: int = 1200, height: int = 675, scale: float = 1) -> bytes:
    """The map as a press PNG (width×height × scale pixels) with title, legend and source.

    Drawn with plotly from the same geometry and colours as the deck (a screenshot of
    deck.gl would need a GPU browser session); exported by kaleido, which starts the
    system Chromium (≈3–4 s). The source line always ends with "Kommungränser: SCB".
    """
    fig = map_figure(view, title, subtitle, source_line, width, height)
    return fig.to_image(format="png", width=width, height=height, scale=scale)
