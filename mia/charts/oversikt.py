"""Figures of the Översikt page: headline shares against targets, and the half-year trend.

Plotted shares are rounded to `PLOT_DECIMALS`, so that the downloaded table (mia.export)
holds exactly the plotted numbers. Every mark carries a text label or a symbol, so colour
is never the only carrier, and a suppressed value is a labelled gap, never a zero.
"""
from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from mia import fmt
from mia.charts import spec
from mia.charts.style import (readable, COUNTY_COLOUR, OUTCOME_COLOURS, PALETTE, PLOT_DECIMALS, SUPPRESSED_COLOUR,
                              Source, finish, text_colour_on)
from mia.i18n import t

# Egenmakt gets reddish purple: the target marks are dark and must stand out on every bar.
MEASURE_COLOURS = {**OUTCOME_COLOURS, "okad_egenmakt": PALETTE[3]}
TARGET_MARK = "#1a1a1a"
MUTED = "#595959"


def _rounded(values: pd.Series, shown: pd.Series) -> pd.Series:
    return values.astype("float64").round(PLOT_DECIMALS).where(shown)


def suppressed_note(statuses: Iterable[str] = ()) -> str:
    """The legend for ".." in a figure note; names the second reason only when it applies."""
    if "sekundar" in set(statuses):
        return t(".. = visas inte, för få personer i underlaget eller för att skydda ett litet antal i en annan grupp")
    return t(".. = visas inte, för få personer i underlaget")


HIDDEN_LABELS = {"sekundar": "visas inte: skyddar ett litet antal i en annan grupp"}
SMALL_LABEL = "visas inte: för få personer i underlaget"


def hidden_label(status: str) -> str:
    """Why one share is not shown, the same reason the summary sentence gives."""
    return t(HIDDEN_LABELS.get(status, SMALL_LABEL))


def targets_figure(df: pd.DataFrame, subtitle: str, source: Source) -> go.Figure:
    """Horizontal bars: each headline share with its interval, a labelled target mark and
    (for a part of the county) the county share; a suppressed share is a grey, labelled
    empty row, never a zero."""
    labels = [t(x) for x in df.etikett]
    shown = df.andel_status == "visad"
    andel = _rounded(df.andel, shown)
    low, high = _rounded(df.ki_lag, shown), _rounded(df.ki_hog, shown)
    colours = [MEASURE_COLOURS.get(m, PALETTE[0]) for m in df.matt]
    figure = spec.empty()
    figure["data"].append({
        "type": "bar", "y": labels, "x": andel, "orientation": "h", "name": t("Andel"), "showlegend": False,
        "marker": {"color": colours},
        "error_x": {"type": "data", "symmetric": False, "array": high - andel, "arrayminus": andel - low,
                    "color": "#333", "thickness": 1.5, "width": 6},
        "text": [fmt.percent(v) if s else "" for v, s in zip(andel, shown)],
        "textposition": "inside", "insidetextanchor": "start", "constraintext": "none",
        "textfont": {"color": [text_colour_on(c) for c in colours], "size": 15},
        "customdata": list(zip(low.map(fmt.percent), high.map(fmt.percent), df.namnare)),
        "hovertemplate": "%{y}: %{x:.1f} %<br>95 % " + t("KI") + " %{customdata[0]}–%{customdata[1]}<br>"
                         "n = %{customdata[2]}<extra></extra>",
    })
    for i, (goal, ok) in enumerate(zip(df.mal, shown)):
        if goal is None or (isinstance(goal, float) and math.isnan(goal)):
            continue
        spec.add_shape(figure, {"type": "line", "x0": goal, "x1": goal, "y0": i - 0.36, "y1": i + 0.36,
                                "line": {"color": TARGET_MARK, "width": 3}})
        spec.add_annotation(figure, {"x": goal, "y": i - 0.36, "yanchor": "bottom",
                                     "text": f"{t('mål')} {fmt.percent(goal)}", "showarrow": False,
                                     "font": {"color": TARGET_MARK, "size": 12}, "bgcolor": "rgba(255,255,255,0.85)",
                                     "borderpad": 1})
    if "lan_andel" in df and not df.lan_andel.where(shown).isna().all():
        # Not on suppressed rows: next to ".." a lone county mark could be read as the value.
        figure["data"].append({
            "type": "scatter", "y": labels, "x": df.lan_andel.round(PLOT_DECIMALS).where(shown), "mode": "markers",
            "name": t("Länet (alla förbund)"),
            "marker": {"symbol": "diamond", "size": 11, "color": COUNTY_COLOUR, "line": {"color": "white", "width": 1}},
            "showlegend": True, "hoverinfo": "skip"})
    for i, s in enumerate(shown):
        if not s:
            spec.add_shape(figure, {"type": "rect", "x0": 0, "x1": 100, "y0": i - 0.3, "y1": i + 0.3,
                                    "fillcolor": SUPPRESSED_COLOUR, "opacity": 0.3, "line": {"width": 0},
                                    "layer": "below"})
            spec.add_annotation(figure, {"x": 1, "y": i, "xanchor": "left", "showarrow": False,
                                         "font": {"color": "#333", "size": 13},
                                         "text": ".. " + hidden_label(df.andel_status.iloc[i]), "bgcolor": "#ebebeb"})
    spec.update_axes(figure, "x", {"range": [0, 100], "ticksuffix": " %"})
    spec.update_axes(figure, "y", {"autorange": "reversed", "showgrid": False, "ticks": "", "ticklabelstandoff": 10})
    figure["layout"]["bargap"] = 0.4
    note = t("Strecken visar 95 % konfidensintervall")
    if not shown.all():
        note += ". " + suppressed_note(df.andel_status[~shown])
    return finish(figure, _targets_title(df), subtitle, source, note=note, height=420)


def _targets_title(df: pd.DataFrame) -> str:
    row = df.iloc[0]
    if row.andel_status != "visad":
        if (df.andel_status == "visad").any() or row.andel_status == "sekundar":
            return t("Andelen till arbete eller studier visas inte")
        return t("För få deltagare för att visa andelar")
    return f"{fmt.percent(row.andel)} {t('gick vidare till arbete eller studier')} ({t('mål')} {fmt.percent(row.mal)})"


def half_year_text(label: str) -> str:
    """"2019-H2" -> "andra halvåret 2019" (for titles and sentences)."""
    year, _, half = str(label).partition("-")
    if half == "H1":
        return f"{t('första halvåret')} {year}"
    if half == "H2":
        return f"{t('andra halvåret')} {year}"
    return str(label)


def trend_title(df: pd.DataFrame) -> str:
    """The finding: the range of the shown half-year shares to work or studies."""
    shown = df[df.as_andel_status == "visad"]
    if shown.empty:
        return t("För få avslutade per halvår för att visa andelar")
    values = shown.as_andel.round(0)
    if len(shown) == 1:
        return (f"{fmt.percent(values.iloc[0])} {t('av de avslutade gick till arbete eller studier')} "
                f"{half_year_text(shown.halvar.iloc[0])}")
    return (f"{t('Mellan')} {fmt.number(values.min())} {t('och')} {fmt.percent(values.max())} "
            f"{t('av de avslutade gick till arbete eller studier per halvår')}")


def _runs(mask: list[bool]) -> list[list[int]]:
    """Indices of consecutive True values: [[1, 2, 3], [5], ...]."""
    runs: list[list[int]] = []
    for i, ok in enumerate(mask):
        if ok and runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        elif ok:
            runs.append([i])
    return runs


def half_year_ticks(labels) -> list[str]:
    """"2017-H1", "2017-H2" -> "H1<br>2017", "H2": the year once per pair, so 12 half-years
    fit side by side even in a square image."""
    out = []
    for i, label in enumerate(labels):
        year, _, half = str(label).partition("-")
        out.append(f"{half}<br>{year}" if half == "H1" or i == 0 or not half else half)
    return out


TREND_SERIES = (("as_", "arbete_studier", "Arbete eller studier", "circle", -0.08),
                ("af_", "arbetsforberedande", "Arbetsförberedande insats", "square", 0.08))


def trend_figure(df: pd.DataFrame, subtitle: str, source: Source) -> go.Figure:
    """Per half-year: share of those who exited that went to work/studies and to
    work-preparatory interventions, with 95 % intervals (bands along runs of shown
    half-years, whiskers on isolated ones); suppressed half-years are gaps marked "..",
    never zeros. Lines are labelled at their end when both reach the last half-year,
    else by a legend; the two series also differ by marker shape."""
    df = df.reset_index(drop=True)
    figure = spec.empty()
    n = len(df)
    top = 70.0
    ends = []
    for prefix, key, label, symbol, dodge in TREND_SERIES:
        shown = df[f"{prefix}andel_status"] == "visad"
        andel = _rounded(df[f"{prefix}andel"], shown)
        low, high = _rounded(df[f"{prefix}ki_lag"], shown), _rounded(df[f"{prefix}ki_hog"], shown)
        if high.notna().any():
            top = max(top, math.ceil(high.max() / 10) * 10)
        colour = OUTCOME_COLOURS[key]
        runs = _runs(list(shown))
        for run in (r for r in runs if len(r) > 1):
            figure["data"].append({"type": "scatter", "x": run, "y": high[run], "mode": "lines",
                                   "line": {"width": 0}, "showlegend": False, "hoverinfo": "skip"})
            figure["data"].append({"type": "scatter", "x": run, "y": low[run], "mode": "lines", "line": {"width": 0},
                                   "fill": "tonexty", "fillcolor": _alpha(colour, 0.18), "showlegend": False,
                                   "hoverinfo": "skip"})
        isolated = {r[0] for r in runs if len(r) == 1}
        xs = [i + dodge if i in isolated else i for i in range(n)]
        whisker_up = [high[i] - andel[i] if i in isolated else None for i in range(n)]
        whisker_down = [andel[i] - low[i] if i in isolated else None for i in range(n)]
        figure["data"].append({
            "type": "scatter", "x": xs, "y": andel, "mode": "lines+markers", "name": t(label),
            "line": {"color": colour, "width": 3}, "marker": {"size": 8, "symbol": symbol},
            "error_y": {"type": "data", "symmetric": False, "array": whisker_up, "arrayminus": whisker_down,
                        "color": colour, "thickness": 1.5, "width": 5, "visible": bool(isolated)},
            "connectgaps": False, "customdata": list(zip(df.halvar, df.avslutade)),
            "hovertemplate": "%{customdata[0]}: %{y:.1f} % " + t("av %{customdata[1]} avslutade") + "<extra>"
                             + t(label) + "</extra>"})
        if runs:
            last = runs[-1][-1]
            ends.append((label, colour, last, float(andel[last])))
    hidden = (df.as_andel_status != "visad") | (df.af_andel_status != "visad")
    if hidden.any():
        idx = [i for i in range(n) if hidden[i]]
        figure["data"].append({
            "type": "scatter", "x": idx, "y": [top * 0.03] * len(idx), "mode": "text", "text": [".."] * len(idx),
            "textfont": {"color": MUTED, "size": 16}, "showlegend": False, "name": "..",
            "customdata": [df.halvar[i] for i in idx],
            "hovertemplate": "%{customdata}: " + t("visas inte, för få personer i underlaget") + "<extra></extra>"})
    direct = len(ends) == len(TREND_SERIES) and all(e[2] == n - 1 for e in ends)
    if direct:
        ends.sort(key=lambda e: e[3])
        close = len(ends) == 2 and abs(ends[1][3] - ends[0][3]) < 0.05 * top
        for j, (label, colour, last, value) in enumerate(ends):
            spec.add_annotation(figure, {"x": last, "y": value, "text": t(label), "xanchor": "left", "xshift": 10,
                                         "showarrow": False, "yshift": (-9 if j == 0 else 9) if close else 0,
                                         "font": {"color": readable(colour), "size": 13}})
    spec.update_axes(figure, "y", {"range": [0, top], "ticksuffix": " %", "title": {"text": t("Andel av avslutade")}})
    spec.update_axes(figure, "x", {"tickmode": "array", "tickvals": list(range(n)),
                                   "ticktext": half_year_ticks(df.halvar), "showgrid": False, "zeroline": False,
                                   **({} if direct else {"range": [-0.5, n - 0.5]})})  # autorange makes room for end labels
    figure["layout"]["showlegend"] = not direct
    note = t("Banden och strecken visar 95 % konfidensintervall")
    if hidden.any():
        statuses = pd.concat([df.as_andel_status[hidden], df.af_andel_status[hidden]])
        note += ". " + suppressed_note(statuses[statuses != "visad"])
    return finish(figure, trend_title(df), subtitle, source, note=note, height=440)


def _alpha(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"
