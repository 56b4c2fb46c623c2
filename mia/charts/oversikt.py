"""Figures of the Översikt page: headline shares against targets, and the half-year trend."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mia import fmt
from mia.charts.style import (COUNTY_COLOUR, OUTCOME_COLOURS, PALETTE, SUPPRESSED_COLOUR, TARGET_COLOUR,
                              Source, finish)
from mia.i18n import t

MEASURE_COLOURS = {**OUTCOME_COLOURS, "okad_egenmakt": PALETTE[2]}


def targets_figure(df: pd.DataFrame, subtitle: str, source: Source) -> go.Figure:
    """Horizontal bars: each headline share with its interval, a target marker and the
    county share; a suppressed share is a grey, labelled empty bar, never a zero."""
    labels = [t(x) for x in df.etikett]
    shown = df.andel_status == "visad"
    fig = go.Figure()
    fig.add_bar(
        y=labels, x=df.andel.where(shown), orientation="h", name=t("Andel"),
        marker_color=[MEASURE_COLOURS.get(m, PALETTE[0]) for m in df.matt],
        error_x={"type": "data", "symmetric": False, "array": (df.ki_hog - df.andel).where(shown),
                 "arrayminus": (df.andel - df.ki_lag).where(shown), "color": "#333", "thickness": 1.5},
        text=[fmt.percent(v) if s else t("visas inte") for v, s in zip(df.andel, shown)],
        textposition="inside", insidetextanchor="start", textfont={"color": "white", "size": 15},
        customdata=list(zip(df.ki_lag.map(fmt.percent), df.ki_hog.map(fmt.percent), df.namnare)),
        hovertemplate="%{y}: %{x:.0f} %<br>95 % KI %{customdata[0]}–%{customdata[1]}<br>n = %{customdata[2]}<extra></extra>",
    )
    fig.add_scatter(y=labels, x=df.mal, mode="markers+text", name=t("Mål"),
                    marker={"symbol": "line-ns", "size": 28, "line": {"width": 4, "color": TARGET_COLOUR}},
                    text=[f"{t('mål')} {fmt.percent(v)}" for v in df.mal], textposition="top center",
                    textfont={"color": TARGET_COLOUR, "size": 12}, hoverinfo="skip")
    if "lan_andel" in df and not df.lan_andel.isna().all():
        fig.add_scatter(y=labels, x=df.lan_andel, mode="markers", name=t("Länet (alla förbund)"),
                        marker={"symbol": "diamond", "size": 11, "color": COUNTY_COLOUR}, hoverinfo="skip")
    fig.update_xaxes(range=[0, 100], ticksuffix=" %", title=None)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    for i, s in enumerate(shown):
        if not s:
            fig.add_shape(type="rect", x0=0, x1=100, y0=i - 0.35, y1=i + 0.35, fillcolor=SUPPRESSED_COLOUR,
                          opacity=0.25, line_width=0, layer="below")
    title = _targets_title(df)
    return finish(fig, title, subtitle, source, note=t("Linjerna visar 95 % konfidensintervall"), height=420)


def _targets_title(df: pd.DataFrame) -> str:
    row = df.iloc[0]
    if row.andel_status != "visad":
        return t("För få deltagare för att visa andelar")
    return f"{fmt.percent(row.andel)} {t('gick vidare till arbete eller studier')} ({t('mål')} {fmt.percent(row.mal)})"


def trend_figure(df: pd.DataFrame, subtitle: str, source: Source) -> go.Figure:
    """Per half-year: share of those who exited that went to work/studies and to
    work-preparatory interventions, with 95 % bands; suppressed half-years are gaps."""
    fig = go.Figure()
    for prefix, key, label in (("as_", "arbete_studier", "Arbete eller studier"),
                               ("af_", "arbetsforberedande", "Arbetsförberedande insats")):
        shown = df[f"{prefix}andel_status"] == "visad"
        colour = OUTCOME_COLOURS[key]
        fig.add_scatter(x=df.halvar, y=df[f"{prefix}ki_hog"].where(shown), mode="lines", line_width=0,
                        showlegend=False, hoverinfo="skip")
        fig.add_scatter(x=df.halvar, y=df[f"{prefix}ki_lag"].where(shown), mode="lines", line_width=0,
                        fill="tonexty", fillcolor=_alpha(colour, 0.18), showlegend=False, hoverinfo="skip")
        fig.add_scatter(x=df.halvar, y=df[f"{prefix}andel"].where(shown), mode="lines+markers", name=t(label),
                        line={"color": colour, "width": 3}, marker={"size": 7}, connectgaps=False,
                        customdata=df.avslutade,
                        hovertemplate="%{x}: %{y:.0f} % av %{customdata} avslutade<extra>" + t(label) + "</extra>")
        last = df[shown].tail(1)
        if len(last):
            fig.add_annotation(x=last.halvar.iloc[0], y=last[f"{prefix}andel"].iloc[0], text=t(label),
                               xanchor="left", xshift=8, showarrow=False, font={"color": colour, "size": 12})
    fig.update_yaxes(range=[0, 70], ticksuffix=" %", title=t("Andel av avslutade"))
    fig.update_xaxes(title=None)
    fig.update_layout(showlegend=False)
    title = t("Utfall för dem som avslutade, per halvår")
    return finish(fig, title, subtitle, source, note=t("Banden visar 95 % konfidensintervall"), height=440)


def _alpha(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"
