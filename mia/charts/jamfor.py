"""Figures of the Jämför page: funnel plot, dot-and-interval ranking, participants per
10 000 inhabitants, one unit by kön and age, and units by half-year.

Pure functions of the frames mia.compare returns; every figure is finished by
`style.finish`. Colours say the comparison computed in mia.compare (never recomputed
here) and every point also carries it as text (hover, labels, legend). A unit whose share
is hidden is never drawn at 0: it is left out with a note (funnel), or drawn as an empty
grey row with its symbol (ranking, rates, breakdown); a hidden half-year is a gap.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from mia import compare, fmt, stats, text_compare
from mia.charts import spec
from mia.charts.style import COMPARISON_COLOURS, COUNTY_COLOUR, SUPPRESSED_COLOUR, Source, finish, finish_spec
from mia.frames import records
from mia.i18n import t
from mia.stats import HOGRE, I_NIVA, JAMFORS_EJ, LAGRE

COMPARISON_ORDER = (HOGRE, I_NIVA, LAGRE)
LEGEND = {HOGRE: "Högre än länet", I_NIVA: "I nivå med länet", LAGRE: "Lägre än länet", JAMFORS_EJ: "Jämförs ej"}
SYMBOLS = {HOGRE: "triangle-up", I_NIVA: "circle", LAGRE: "triangle-down", JAMFORS_EJ: "circle-open"}
FUNNEL_FILL = {"99,8 %": "rgba(140,140,140,0.12)", "95 %": "rgba(140,140,140,0.20)"}
LOG_TICKS = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]


def _shown(units: pd.DataFrame) -> pd.DataFrame:
    mia = compare.mia_units(units)
    return mia[mia.andel_status == "visad"]


def _hover(r) -> str:
    return (f"<b>{r.namn}</b><br>{fmt.share_with_interval(r.andel, r.ki_lag, r.ki_hog)}"
            f"<br>{r.taljare_visning} {t('av')} {r.namnare_visning}<br>{t(LEGEND[r.jamforelse])}")


def _county_shapes(figure: spec.Spec, units: pd.DataFrame, axis: str = "y", label: bool = True) -> None:
    """The county share as a dashed line (and a thin band when only a range is known)."""
    c = compare.county(units)
    if not c["visad"]:
        return
    line = {"color": COUNTY_COLOUR, "width": 1.5, "dash": "dash"}
    band = {"fillcolor": COUNTY_COLOUR, "opacity": 0.15, "line": {"width": 0}}
    if axis == "y":
        spec.add_shape(figure, spec.hline(c["andel"], line=line, layer="below"))
        if not c["exakt"]:
            spec.add_shape(figure, spec.hrect(c["lag"], c["hog"], **band))
    else:
        spec.add_shape(figure, spec.vline(c["andel"], line=line, layer="below"))
        if not c["exakt"]:
            spec.add_shape(figure, spec.vrect(c["lag"], c["hog"], **band))
    if label:
        text = f"{t('Länet')} {text_compare.county_text(units)}"
        where = ({"x": 0, "xref": "paper", "y": c["andel"]} if axis == "y"
                 else {"x": c["andel"], "y": 1, "yref": "paper"})
        spec.add_annotation(figure, {**where, "text": text, "showarrow": False, "xanchor": "left",
                                     "yanchor": "bottom", "xshift": 4, "font": {"color": COUNTY_COLOUR, "size": 12}})


def _hidden_row(figure: spec.Spec, y0: float, y1: float, label_y: object, text: str) -> None:
    """An empty grey row saying why a unit's number is not shown."""
    spec.add_shape(figure, {"type": "rect", "xref": "paper", "x0": 0, "x1": 1, "y0": y0, "y1": y1,
                            "fillcolor": SUPPRESSED_COLOUR, "opacity": 0.22, "line": {"width": 0}, "layer": "below"})
    spec.add_annotation(figure, {"x": 0.5, "xref": "paper", "y": label_y, "showarrow": False,
                                 "font": {"size": 11, "color": "#555"}, "text": text})


def hidden_label(r) -> str:
    """The text on an empty row: the share's symbol and why ("<5 – färre än 5 personer",
    ".. – färre än 10 i underlaget")."""
    symbol = r.taljare_visning if r.andel_status == "liten" else fmt.SUPPRESSED_SHARE
    why = getattr(r, "orsak", "") or compare.reason(r.andel_status)
    return f"{symbol} – {t('visas inte')}: {t(why)}"


def _n_title(urval_namnare: str | None) -> str:
    return t("Antal avslutade (nämnaren)") if urval_namnare == "avslutade" else t("Antal deltagare (nämnaren)")


# ---------------------------------------------------------------------------- funnel plot


def funnel_figure(units: pd.DataFrame, subtitle: str, source: Source, niva: str, utfall: str,
                  namnare: str = "alla") -> go.Figure:
    """Share against the number of people it is computed from, with 95 % and 99,8 % control
    limits around the county share: a unit outside the funnel differs by more than chance.
    The points' colours are the interval comparison (which agrees with the 95 % limits:
    the Wilson interval excludes the county share exactly when the share lies outside
    p0 ± 1,96·√(p0(1−p0)/n))."""
    figure = spec.empty()
    shown = _shown(units)
    c = compare.county(units)
    n_max = float(shown.namnare.max()) if len(shown) else 100.0
    n_min = float(min(shown.namnare.min(), 10.0)) if len(shown) else 10.0
    if c["visad"]:
        curve = stats.funnel_curve(c["andel"] / 100.0, n_max * 1.15, n_min * 0.9)
        for level in ("99,8 %", "95 %"):
            part = curve[curve.niva == level]
            label = f"{fmt.number(99.8, 1)} %" if level.startswith("99") else level  # "99,8 %", "99.8 %" in English
            figure["data"].append({"type": "scatter", "x": part.n, "y": part.hog, "mode": "lines",
                                   "line": {"color": "#9a9a9a", "width": 1}, "hoverinfo": "skip",
                                   "showlegend": False, "name": f"{level} hög"})
            figure["data"].append({"type": "scatter", "x": part.n, "y": part.lag, "mode": "lines",
                                   "line": {"color": "#9a9a9a", "width": 1}, "fill": "tonexty",
                                   "fillcolor": FUNNEL_FILL[level], "hoverinfo": "skip",
                                   "name": t("Kontrollgräns {niva}").format(niva=label), "showlegend": False})
            spec.add_annotation(figure, {"x": math.log10(n_max * 1.15), "y": float(part.hog.iloc[-1]), "text": label,
                                         "showarrow": False, "xanchor": "left",
                                         "font": {"size": 11, "color": "#6b6b6b"}})
        _county_shapes(figure, units, "y")
    for code in (*COMPARISON_ORDER, JAMFORS_EJ):
        part = shown[shown.jamforelse == code]
        if part.empty:
            continue
        labelled = part.vald | part.jamforelse.isin([HOGRE, LAGRE]) | (len(shown) <= 10)
        figure["data"].append({
            "type": "scatter", "x": part.namnare, "y": part.andel, "mode": "markers+text", "name": t(LEGEND[code]),
            "text": [n if lab else "" for n, lab in zip(part.namn, labelled)], "textposition": "top center",
            "textfont": {"size": 11, "color": "#333"},
            "marker": {"size": [15 if v else 11 for v in part.vald], "color": COMPARISON_COLOURS[code],
                       "symbol": SYMBOLS[code], "line": {"color": ["#000" if v else "#fff" for v in part.vald],
                                                         "width": [2 if v else 1 for v in part.vald]}},
            "customdata": [_hover(r) for r in records(part)], "hovertemplate": "%{customdata}<extra></extra>",
            "meta": {"koder": list(part.kod)},
        })
    ticks = [v for v in LOG_TICKS if n_min * 0.8 <= v <= n_max * 1.3]
    spec.update_axes(figure, "x", {"type": "log", "title": {"text": _n_title(namnare)}, "tickvals": ticks,
                                   "ticktext": [fmt.number(v) for v in ticks]})
    top = max(float(shown.andel.max()) if len(shown) else 0.0, c["andel"] if c["visad"] else 0.0)
    spec.update_axes(figure, "y", {"title": {"text": t(text_compare.UTFALL_TITLE[utfall])}, "ticksuffix": " %",
                                   "rangemode": "tozero", "range": [0, min(100.0, max(10.0, top * 1.25 + 5))]})
    note = _sentences(t("Trattens gränser: 95 % och 99,8 % kring länets andel"),
                      text_compare.comparison_note(units), text_compare.not_shown_note(units, niva))
    finish_spec(figure, text_compare.comparison_title(units, niva, utfall), subtitle, source, note=note, height=560)
    return spec.figure(_grow_bottom(figure))


def _sentences(*parts: str) -> str:
    """Note parts joined as sentences ("A. B. C")."""
    return " ".join(p.strip().rstrip(".") + "." for p in parts if p and p.strip())


def _grow_bottom(figure: spec.Spec) -> spec.Spec:
    """Keep the plot area when `finish` gives a long note more lines under the chart."""
    layout = figure["layout"]
    source = next(a for a in layout["annotations"] if a.get("name") == "source_line")
    layout["height"] += 14 * source["text"].count("<br>")
    return figure


# ---------------------------------------------------------------------------- ranking with intervals


def dot_figure(units: pd.DataFrame, subtitle: str, source: Source, niva: str, utfall: str) -> go.Figure:
    """Every unit in MIA, ranked by its share, with its 95 % interval and the county line.
    Units whose share is hidden come last as empty grey rows saying why; units outside
    MIA are left out with a note."""
    mia = compare.mia_units(units)
    shown = mia[mia.andel_status == "visad"].sort_values("andel", ascending=False)
    hidden = mia[mia.andel_status != "visad"]
    order = list(shown.namn) + list(hidden.namn)
    figure = spec.empty()
    for code in (*COMPARISON_ORDER, JAMFORS_EJ):
        part = shown[shown.jamforelse == code]
        if part.empty:
            continue
        figure["data"].append({
            "type": "scatter", "x": part.andel, "y": part.namn, "mode": "markers", "name": t(LEGEND[code]),
            "marker": {"size": 11, "color": COMPARISON_COLOURS[code], "symbol": SYMBOLS[code],
                       "line": {"color": ["#000" if v else "#fff" for v in part.vald], "width": 1.5}},
            "error_x": {"type": "data", "symmetric": False, "array": part.ki_hog - part.andel,
                        "arrayminus": part.andel - part.ki_lag, "color": COMPARISON_COLOURS[code], "thickness": 2,
                        "width": 0},
            "customdata": [_hover(r) for r in records(part)], "hovertemplate": "%{customdata}<extra></extra>",
        })
    if len(shown):
        figure["data"].append({"type": "scatter", "x": shown.ki_hog, "y": shown.namn, "mode": "text",
                               "text": [f"  {fmt.percent(v)}" for v in shown.andel], "textposition": "middle right",
                               "textfont": {"size": 11, "color": "#333"}, "hoverinfo": "skip", "showlegend": False,
                               "name": "etiketter"})
    _county_shapes(figure, units, "x")
    for name, r in zip(hidden.namn, records(hidden)):
        _hidden_row(figure, order.index(name) - 0.4, order.index(name) + 0.4, name, hidden_label(r))
    top = float(shown.ki_hog.max()) if len(shown) else 50.0
    spec.update_axes(figure, "x", {"title": {"text": t(text_compare.UTFALL_TITLE[utfall])}, "ticksuffix": " %",
                                   "range": [0, min(100.0, top + 12)]})
    spec.update_axes(figure, "y", {"categoryorder": "array", "categoryarray": order, "autorange": "reversed",
                                   "showgrid": False})
    outside = units[units.mia_status != compare.MIA_MED]
    note = _sentences(t("Strecken visar 95 % konfidensintervall"), text_compare.comparison_note(units),
                      (t("Ej med i MIA") + ": " + ", ".join(outside.namn)) if len(outside) else "")
    finish_spec(figure, text_compare.comparison_title(units, niva, utfall), subtitle, source, note=note,
                height=max(500, 170 + 28 * len(order)))
    return spec.figure(_grow_bottom(figure))


# ---------------------------------------------------------------------------- per 10 000 inhabitants


def rate_figure(units: pd.DataFrame, subtitle: str, source: Source, niva: str) -> go.Figure:
    """Participants per 10 000 inhabitants (2017), one bar per unit in MIA, with the
    average of the MIA kommuner; hidden counts are empty grey rows, never 0."""
    rows = units[(units.niva == niva) & (units.mia_status == compare.MIA_MED)]
    shown = rows[rows.per_10000.notna()].sort_values("per_10000", ascending=False)
    hidden = rows[rows.per_10000.isna()]
    order = list(shown.namn) + list(hidden.namn)
    figure = spec.empty()
    figure["data"].append({
        "type": "bar", "x": shown.per_10000, "y": shown.namn, "orientation": "h",
        "name": t("Deltagare per 10 000 invånare"),
        "marker": {"color": ["#0072B2" if v else "#56B4E9" for v in shown.vald]},
        "text": [fmt.number(v, 1) for v in shown.per_10000], "textposition": "outside",
        "customdata": list(zip(shown.deltagare_visning, shown.folkmangd.map(fmt.number))),
        "hovertemplate": "<b>%{y}</b><br>%{x:.1f} " + t("per 10 000 invånare") + "<br>%{customdata[0]} "
                         + t("deltagare") + ", %{customdata[1]} " + t("invånare") + "<extra></extra>"})
    lan = units[units.niva == "lan"]
    if len(lan) and pd.notna(lan.per_10000.iloc[0]):
        value = float(lan.per_10000.iloc[0])
        spec.add_shape(figure, spec.vline(value, line={"color": COUNTY_COLOUR, "width": 1.5, "dash": "dash"}))
        spec.add_annotation(figure, {"x": value, "y": 1, "yref": "paper", "yanchor": "bottom", "xanchor": "left",
                                     "xshift": 4, "showarrow": False,
                                     "text": f"{t('MIA-kommunerna')} {fmt.number(value, 1)}",
                                     "font": {"color": COUNTY_COLOUR, "size": 12}})
    for name, r in zip(hidden.namn, records(hidden)):
        _hidden_row(figure, order.index(name) - 0.4, order.index(name) + 0.4, name,
                    f"{r.deltagare_visning} · {t(r.orsak) if r.orsak else t('antalet visas inte')}")
    spec.update_axes(figure, "y", {"categoryorder": "array", "categoryarray": order, "autorange": "reversed",
                                   "showgrid": False})
    top = float(shown.per_10000.max()) if len(shown) else 10.0
    spec.update_axes(figure, "x", {"title": {"text": t("Deltagare per 10 000 invånare (folkmängd 2017)")},
                                   "range": [0, top * 1.18]})
    figure["layout"]["showlegend"] = False
    title = (t("Flest deltagare per invånare i {namn}").format(namn=shown.namn.iloc[0]) if len(shown)
             else t("Deltagare per 10 000 invånare"))
    note = t("Invånare: hela befolkningen 31 december 2017 (alla åldrar och kön) i kommunerna som var med i MIA "
             "under perioden")
    outside = units[(units.niva == niva) & (units.mia_status != compare.MIA_MED)]
    if len(outside):
        note += ". " + t("Ej med i MIA") + ": " + ", ".join(outside.namn)
    finish_spec(figure, title, subtitle, source, note=note, height=max(500, 170 + 26 * len(order)))
    return spec.figure(_grow_bottom(figure))


# ---------------------------------------------------------------------------- one unit by kön and age


def breakdown_figure(bd: pd.DataFrame, unit_name: str, subtitle: str, source: Source, utfall: str) -> go.Figure:
    """One unit's share by kön and age group, with intervals, against the same group in
    the county (grey diamonds); hidden groups are empty grey rows with their symbol."""
    labels = [t(x) for x in bd.etikett]
    shown = bd.andel_status == "visad"
    figure = spec.empty()
    county_known = bd.referens.notna() & shown  # a county mark alone on an empty row would read as the unit's
    figure["data"].append({
        "type": "scatter", "x": bd.referens[county_known], "y": [lab for lab, k in zip(labels, county_known) if k],
        "mode": "markers", "name": t("Samma grupp i länet"),
        "marker": {"symbol": "diamond", "size": 10, "color": "#FFFFFF", "line": {"color": COUNTY_COLOUR, "width": 2}},
        "customdata": [fmt.percent(v) for v in bd.referens[county_known]],
        "hovertemplate": "%{y}, " + t("länet") + ": %{customdata}<extra></extra>"})
    for code in (*COMPARISON_ORDER, JAMFORS_EJ):
        part = bd[shown & (bd.jamforelse == code)]
        if part.empty:
            continue
        figure["data"].append({
            "type": "scatter", "x": part.andel, "y": [t(x) for x in part.etikett], "mode": "markers+text",
            "name": t(LEGEND[code]), "text": [f"{fmt.percent(v)}" for v in part.andel], "textposition": "top center",
            "textfont": {"size": 11}, "marker": {"size": 12, "color": COMPARISON_COLOURS[code], "symbol": SYMBOLS[code]},
            "error_x": {"type": "data", "symmetric": False, "array": part.ki_hog - part.andel,
                        "arrayminus": part.andel - part.ki_lag, "color": COMPARISON_COLOURS[code], "thickness": 2,
                        "width": 0},
            "customdata": [f"{fmt.share_with_interval(r.andel, r.ki_lag, r.ki_hog)}<br>{r.taljare_visning} "
                           f"{t('av')} {r.namnare_visning}<br>{t(LEGEND[r.jamforelse])} ({t('samma grupp')})"
                           for r in records(part)],
            "hovertemplate": "<b>%{y}</b><br>%{customdata}<extra></extra>",
        })
    for i, r in enumerate(records(bd)):
        if r.andel_status != "visad":
            _hidden_row(figure, i - 0.4, i + 0.4, labels[i], hidden_label(r))
    edges = [i for i in range(1, len(bd)) if bd.dimension.iloc[i] != bd.dimension.iloc[i - 1]]
    for i in edges:
        spec.add_shape(figure, {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": i - 0.5, "y1": i - 0.5,
                                "line": {"color": "#999", "width": 1}})
    top = float(np.nanmax([bd.ki_hog.max(), bd.referens.max(), 10.0]))
    spec.update_axes(figure, "x", {"title": {"text": t(text_compare.UTFALL_TITLE[utfall])}, "ticksuffix": " %",
                                   "range": [0, min(100.0, top + 10)]})
    spec.update_axes(figure, "y", {"categoryorder": "array", "categoryarray": labels, "autorange": "reversed",
                                   "showgrid": False})
    title = t("{enhet}: andel {outcome} efter kön och ålder").format(
        enhet=unit_name, outcome=t(text_compare.UTFALL_PHRASE[utfall]))
    note = t("Strecken visar 95 % konfidensintervall; romberna länets andel i samma grupp")
    return finish(figure, title, subtitle, source, note=note, height=max(500, 190 + 34 * len(bd)))


# ---------------------------------------------------------------------------- units over time


def trend_figure(trend: pd.DataFrame, koder: list[str], subtitle: str, source: Source, utfall: str,
                 columns: int = 3) -> go.Figure:
    """Small multiples: one panel per chosen unit, its share of those who exited per
    half-year with 95 % intervals, and the county in the same half-year (dashed). Markers
    say the comparison with the county that half-year; hidden half-years are gaps."""
    koder = [k for k in koder if (trend.kod == k).any()] or [compare.LAN]
    names = [trend.namn[trend.kod == k].iloc[0] for k in koder]
    cols = min(columns, len(koder))
    rows = math.ceil(len(koder) / cols)
    figure = spec.subplots(rows, cols, names, shared_xaxes="all", shared_yaxes="all", horizontal_spacing=0.04,
                           vertical_spacing=0.16 if rows > 1 else 0.1)
    lan = trend[trend.kod == compare.LAN]
    lan_y = lan.andel.where(lan.andel_status == "visad")
    for i, kod in enumerate(koder):
        axes = spec.subplot_axes(i)
        unit = trend[trend.kod == kod]
        shown = unit.andel_status == "visad"
        figure["data"].append({
            "type": "scatter", "x": lan.halvar, "y": lan_y, "mode": "lines+markers",
            "line": {"color": COUNTY_COLOUR, "dash": "dash", "width": 1.5}, "marker": {"size": 4, "color": COUNTY_COLOUR},
            "name": t("Länet"), "showlegend": i == 0, "legendgroup": "lan", "connectgaps": False,
            "customdata": [fmt.percent(v) for v in lan_y],
            "hovertemplate": t("Länet") + " %{x}: %{customdata}<extra></extra>", **axes})
        if kod == compare.LAN:
            continue
        if not shown.any():
            spec.add_annotation(figure, {
                "x": 0.5, "y": 0.5, "xref": f"{axes['xaxis']} domain", "yref": f"{axes['yaxis']} domain",
                "showarrow": False, "text": t("För litet underlag för andelar per halvår"),
                "font": {"size": 12, "color": "#555"}, "bgcolor": "rgba(255,255,255,0.85)"})
        figure["data"].append({
            "type": "scatter", "x": unit.halvar, "y": unit.andel.where(shown), "mode": "lines+markers",
            "connectgaps": False, "name": t("Enheten"), "legendgroup": "enhet", "showlegend": i == 0,
            "line": {"color": "#0072B2", "width": 2},
            "marker": {"size": 8, "color": [COMPARISON_COLOURS[j] for j in unit.jamforelse],
                       "symbol": [SYMBOLS[j] for j in unit.jamforelse], "line": {"color": "#0072B2", "width": 1}},
            "error_y": {"type": "data", "symmetric": False, "array": (unit.ki_hog - unit.andel).where(shown),
                        "arrayminus": (unit.andel - unit.ki_lag).where(shown), "color": "rgba(0,114,178,0.45)",
                        "thickness": 1.5, "width": 0},
            "customdata": [f"{fmt.share_with_interval(r.andel, r.ki_lag, r.ki_hog)}<br>{r.taljare_visning} "
                           f"{t('av')} {r.namnare_visning} {t('avslutade')}<br>{t(LEGEND[r.jamforelse])}"
                           if r.andel_status == "visad" else hidden_label(r) for r in records(unit)],
            "hovertemplate": "<b>" + names[i] + "</b> %{x}<br>%{customdata}<extra></extra>", **axes})
    top = float(np.nanmax([trend.ki_hog.where(trend.andel_status == "visad").max(), 20.0]))
    spec.update_axes(figure, "y", {"ticksuffix": " %", "range": [0, min(100.0, top + 5)]})
    spec.update_axes(figure, "y", {"title": {"text": t("Andel av avslutade")}}, only=list(range(0, rows * cols, cols)))
    spec.update_axes(figure, "x", {"tickangle": -45, "tickfont": {"size": 10}})
    title = t("{titel} per halvår").format(titel=t(text_compare.UTFALL_TITLE[utfall]))
    note = t("Strecken visar 95 % konfidensintervall; glapp = för litet underlag")
    finish_spec(figure, title, subtitle, source, note=note, height=max(500, 170 + 250 * rows))
    spec.merge(figure["layout"], {"legend": {"x": 1.0, "xanchor": "right", "y": 1.06, "yanchor": "bottom"},
                                  "margin": {"t": 130}})
    return spec.figure(figure)
