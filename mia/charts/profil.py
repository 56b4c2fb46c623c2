"""Figures of the Profil page: the spine chart of every measure, and the half-year trend.

Both read a `mia.profile.Profile`, whose rows already carry the value, interval, status and
comparison of every measure, so the figures only draw: a suppressed value is written
"..", never drawn (no dot at 0), and the colour of a dot is the comparison computed once
in `mia.profile` / `mia.stats`.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from mia import export, fmt, profile, stats
from mia.charts import margins, spec
from mia.charts.style import (readable, COMPARISON_COLOURS, COUNTY_COLOUR, OUTCOME_COLOURS, SUPPRESSED_COLOUR,
                              TARGET_COLOUR, Source, finish_spec)
from mia.disclosure import HIDDEN_SYMBOL, Status
from mia.frames import records
from mia.i18n import t

RANGE_COLOUR = "#E3E3E3"
FORBUND_COLOUR = "#6A3D9A"
COMPARISON_LEGEND = {stats.HOGRE: "Högre än länet", stats.I_NIVA: "I nivå med länet", stats.LAGRE: "Lägre än länet",
                     stats.JAMFORS_EJ: "Jämförs ej"}
X_RANGE = (-1.18, 1.18)
# A row of Profile.rows as mia.frames.records gives it (a namedtuple of plain values).
Record = Any

# Layout in pixels. The measure labels are the y axis's tick labels (Plotly's automargin and
# mia.export.sized both make room for them); the text columns hang from the right edge of
# the plotting area (paper x = 1, shifted left by a fixed number of px), so they keep their
# widths at any figure width; the spine itself gets the rest (its domain is a fraction,
# sized for the narrowest plotting area expected: SCREEN_PAPER px).
GAP = 14
COLUMNS_FULL = (("value", 132), ("lan", 56), ("forbund", 78), ("range", 90), ("jamf", 84))
COLUMNS_SCREEN = (("value", 132), ("lan", 56), ("forbund", 78), ("jamf", 84))
COLUMNS_COMPACT = (("value", 124), ("lan", 52), ("jamf", 80))
SCREEN_PAPER = 600
LABELS_PX = 260  # the measure names' room SCREEN_PAPER was sized with (a 860-px figure)
LABEL_PX = 13
MARGIN_L, MARGIN_R = 12, 12

HEADING_PX, HEADING_GAP = 12, 8
COLUMN_HEADINGS = {"value": "Värde (95 % KI)", "lan": "Länet", "forbund": "Förbundet", "range": "Lägst–högst",
                   "jamf": "Jämfört<br>med länet"}


def _layout(paper: float, with_forbund: bool, columns: tuple[tuple[str, int], ...],
            scale: float = 1.0) -> tuple[float, list[tuple[str, float]]]:
    """The spine's domain end (fraction of the plotting area) and each column's left edge
    as px from the plotting area's right edge, for an area `paper` px wide whose fonts will
    be `scale` times the sizes set here."""
    cols = [(k, max(w, _heading_width(k)) * scale) for k, w in columns if with_forbund or k != "forbund"]
    total = sum(w for _, w in cols)
    out, x = [], -total
    for key, w in cols:
        out.append((key, x))
        x += w
    end = max(0.3, 1.0 - (total + GAP * scale) / paper)
    return end, out


def _heading_width(key: str) -> float:
    """A column no narrower than its heading ("Association" and "Compared with county"
    ran together in English)."""
    return export.text_width(t(COLUMN_HEADINGS[key]), HEADING_PX, bold=True) + HEADING_GAP


def _scale(row: Record) -> tuple[float, float]:
    """Centre (the county's value) and half-width of a row's normalised scale."""
    centre = row.lan_andel
    candidates = [row.min, row.max, row.andel, row.ki_lag, row.ki_hog, row.forbund_andel, row.mal]
    finite = [float(v) for v in candidates if v is not None and np.isfinite(v)]
    if centre is None or not np.isfinite(centre):
        centre = (min(finite) + max(finite)) / 2 if finite else 0.0
    half = max((abs(v - centre) for v in finite), default=0.0) * 1.08
    if not half or not math.isfinite(half):
        half = max(abs(centre) * 0.1, 1.0)
    return float(centre), float(half)


def _norm(value: float, centre: float, half: float) -> float | None:
    if value is None or not np.isfinite(value):
        return None
    return (float(value) - centre) / half


def _measure_name(row: Record) -> str:
    m = profile.MEASURE_BY_KEY[row.matt]
    return t(m.label) + (f" ({t('dagar')})" if m.kind == "median" else "")


def _label(row: Record, urval_population: str, scale: float = 1.0) -> str:
    """Measure name and, smaller, what it is counted of: "av 140 inskrivna"."""
    m = profile.MEASURE_BY_KEY[row.matt]
    n = row.namnare_visning
    if m.kind == "per10000":
        sub = t("{n} deltagare").format(n=row.taljare_visning)
    elif m.kind == "median":
        sub = t("{n} avslutade").format(n=n)
    elif m.den == "egenmakt_besvarade":
        sub = t("av {n} som svarat").format(n=n)
    elif m.den == "kartlagda":
        sub = t("av {n} kartlagda").format(n=n)
    elif m.den == "avslutade" or (m.den == profile.NAMNARE and getattr(row, "namnare_kolumn", None) == "avslutade"):
        sub = t("av {n} avslutade").format(n=n)
    else:
        sub = t("av {n} {population}").format(n=n, population=t(urval_population))
    label = _measure_name(row)
    return f"{label}<br><span style='font-size:{round(11 * scale)}px;color:#666'>{sub}</span>"


def _value_cell(row: Record) -> str:
    if row.andel_status != Status.VISAD:
        return HIDDEN_SYMBOL
    value = profile.value_text(row).replace(f" {t('dagar')}", "")
    ki = profile.interval_text(row)
    return f"<b>{value}</b>" + (f" ({ki})" if ki else "")


def _plain(row: Record, value: float) -> str:
    if value is None or not np.isfinite(value):
        return HIDDEN_SYMBOL
    shown = profile.Shown(andel=value, andel_status=Status.VISAD, kind=row.kind)
    return profile.value_text(shown).replace(f" {t('dagar')}", "")


def spine_figure(p: profile.Profile, subtitle: str, source: Source, *, width: int | None = None,
                 height: int | None = None,
                 compact: bool = False, scale: float = 1.0, paper_width: float | None = None,
                 sublabels: bool = True) -> go.Figure:
    """One row per measure: grey bar = range across units of the same level, ◆ = county,
    □ = the kommun's förbund, | = target, dot with whiskers = the unit's value with its
    95 % interval, coloured by the comparison with the county; each row on its own scale
    centred on the county (values written as text to the right).

    The measure names are the y axis's tick labels; the text columns keep fixed pixel widths
    from the right edge. Without `width` the figure stretches to its container (the page) and
    shows value, county, förbund and comparison; with `width` (a fixed image) also the
    range. An export whose fonts will be rescaled by `scale` and whose plotting area is
    `paper_width` px (mia.printable) passes those. `compact` keeps only value, county and
    comparison; `sublabels=False` leaves out the small second line under each measure
    ("av 140 inskrivna") where rows are too low for two lines."""
    rows = p.rows.copy()
    rows["namnare_kolumn"] = [profile.denominator_column(profile.MEASURE_BY_KEY[k], p.urval) for k in rows.matt]
    n = len(rows)
    with_forbund = p.has_forbund
    level_word = t("kommunerna") if p.shown.niva == profile.KOMMUN else t("förbunden")
    row_list = list(records(rows))  # plain namedtuples: a Series row costs ~10 µs per field read
    scales = [_scale(r) for r in row_list]
    ys = list(range(n))
    figure = spec.empty()
    notes: list[dict] = []
    shapes: list[dict] = []

    # Range across units (grey bar).
    lo = [_norm(r.min, *s) for r, s in zip(row_list, scales)]
    hi = [_norm(r.max, *s) for r, s in zip(row_list, scales)]
    figure["data"].append({
        "type": "bar", "y": ys, "base": lo, "x": [(h - l) if h is not None and l is not None else None
                                                  for l, h in zip(lo, hi)],
        "orientation": "h", "marker": {"color": RANGE_COLOUR, "line": {"width": 0}}, "width": 0.55,
        "name": t("Spann bland {level}").format(level=level_word), "hoverinfo": "skip"})

    # County (reference line at 0 on every row).
    county_shown = [np.isfinite(r.lan_andel) for r in row_list]
    figure["data"].append({"type": "scatter", "y": [y for y, ok in zip(ys, county_shown) if ok],
                           "x": [0.0] * sum(county_shown), "mode": "markers",
                           "marker": {"symbol": "diamond", "size": 10, "color": COUNTY_COLOUR}, "name": t("Länet"),
                           "hoverinfo": "skip"})

    # The kommun's förbund.
    if with_forbund:
        fb = [(y, _norm(r.forbund_andel, *s)) for y, r, s in zip(ys, row_list, scales)
              if r.forbund_status == Status.VISAD and np.isfinite(r.forbund_andel)]
        if fb:
            figure["data"].append({
                "type": "scatter", "y": [y for y, _ in fb], "x": [x for _, x in fb], "mode": "markers",
                "marker": {"symbol": "square-open", "size": 10, "color": FORBUND_COLOUR, "line": {"width": 2}},
                "name": t("Förbundet") + (f" ({p.forbund_name})" if p.forbund_name else ""), "hoverinfo": "skip"})

    # Targets.
    goals = [(y, _norm(r.mal, *s)) for y, r, s in zip(ys, row_list, scales) if np.isfinite(r.mal)]
    if goals:
        figure["data"].append({
            "type": "scatter", "y": [y for y, _ in goals], "x": [x for _, x in goals], "mode": "markers",
            "marker": {"symbol": "line-ns", "size": 18, "line": {"width": 3, "color": TARGET_COLOUR}},
            "name": t("Projektets mål"), "hoverinfo": "skip"})

    # The unit's values, one trace per comparison (legend = the words, not only colours).
    for code in stats.COMPARISON_CODES:
        pts = [(y, r, s) for y, r, s in zip(ys, row_list, scales)
               if r.andel_status == Status.VISAD and np.isfinite(r.andel) and r.jamforelse == code]
        if not pts:
            continue
        xs = [_norm(r.andel, *s) for _, r, s in pts]
        plus = [(_norm(r.ki_hog, *s) - x) if np.isfinite(r.ki_hog) else None for (_, r, s), x in zip(pts, xs)]
        minus = [(x - _norm(r.ki_lag, *s)) if np.isfinite(r.ki_lag) else None for (_, r, s), x in zip(pts, xs)]
        figure["data"].append({
            "type": "scatter", "y": [y for y, _, _ in pts], "x": xs, "mode": "markers",
            "name": t(COMPARISON_LEGEND[code]),
            "marker": {"size": 13, "color": COMPARISON_COLOURS[code], "line": {"width": 1.2, "color": "#333"}},
            "error_x": {"type": "data", "symmetric": False, "array": plus, "arrayminus": minus, "color": "#333",
                        "thickness": 1.5, "width": 4},
            "customdata": [[t(r.etikett), _value_cell(r).replace("<b>", "").replace("</b>", ""),
                            profile.county_text(r), t(code)] for _, r, _ in pts],
            "hovertemplate": "%{customdata[0]}: %{customdata[1]}<br>" + t("Länet") + ": %{customdata[2]}<br>"
                             "%{customdata[3]}<extra></extra>",
        })

    # Suppressed rows: a shaded band and "..", never a dot.
    for y, r in zip(ys, row_list):
        if r.andel_status != Status.VISAD:
            shapes.append(dict(type="rect", xref="x", yref="y", x0=X_RANGE[0], x1=X_RANGE[1], y0=y - 0.4, y1=y + 0.4,
                          fillcolor=SUPPRESSED_COLOUR, opacity=0.18, line={"width": 0}, layer="below"))
            notes.append(dict(x=0.5 * X_RANGE[1], y=y, text=t("visas inte (för få)"), showarrow=False,
                               font={"size": 11, "color": "#555"}, xref="x", yref="y",
                               bgcolor="rgba(255,255,255,0.85)"))

    # Group separators.
    groups = list(rows.grupp)
    for y in range(1, n):
        if groups[y] != groups[y - 1]:
            shapes.append(dict(type="line", xref="paper", yref="y", x0=-0.02, x1=1.0, y0=y - 0.5, y1=y - 0.5,
                          line={"color": "#bbb", "width": 1}))

    # Text columns, hanging from the right edge.
    chosen = COLUMNS_COMPACT if compact else (COLUMNS_SCREEN if width is None else COLUMNS_FULL)
    labels = [_label(r, p.urval.population, scale) if sublabels else t(_measure_name(r)) for r in row_list]
    # the plotting area: what the figure leaves beside the measure names (English ones are
    # longer: with a fixed 260 px the columns ran into the spine on a 1 280-px window)
    names = margins.labels_width(labels, LABEL_PX * scale, GAP * scale)
    paper = paper_width or ((width or SCREEN_PAPER + LABELS_PX) - names - MARGIN_L - MARGIN_R)
    domain_end, columns = _layout(paper, with_forbund, chosen, scale)
    for key, shift in columns:
        notes.append(dict(x=1, xshift=shift, y=-0.75, xref="paper", yref="y",
                          text=f"<b>{t(COLUMN_HEADINGS[key])}</b>", showarrow=False, xanchor="left",
                          yanchor="bottom", align="left", font={"size": HEADING_PX, "color": "#333"}))
    for y, r in zip(ys, row_list):
        cells = {
            "value": _value_cell(r),
            "lan": _plain(r, r.lan_andel),
            "forbund": (_plain(r, r.forbund_andel) if r.forbund_status == Status.VISAD else HIDDEN_SYMBOL),
            "range": _range_text(r),
            "jamf": t(r.jamforelse),
        }
        for key, shift in columns:
            colour = readable(COMPARISON_COLOURS[r.jamforelse]) if key == "jamf" and r.jamforelse in (stats.HOGRE, stats.LAGRE) \
                else "#222"
            notes.append(dict(x=1, xshift=shift, y=y, xref="paper", yref="y", text=cells[key], showarrow=False,
                              xanchor="left", font={"size": 13 if key == "value" else 12, "color": colour}))

    shapes.append(dict(type="line", xref="x", yref="y", x0=0, x1=0, y0=-0.5, y1=n - 0.5, layer="below",
                       line={"color": "#bbb", "width": 1}))
    layout = figure["layout"]
    layout.update(barmode="overlay", bargap=0.4, hovermode="closest", annotations=notes, shapes=shapes)
    title = spine_title(p)
    note = t(SPINE_NOTE)
    finish_spec(figure, title, subtitle, source, note=note, height=height or (190 + 40 * n))
    spec.update_axes(figure, "x", {"range": list(X_RANGE), "domain": [0, domain_end], "showticklabels": False,
                                   "ticks": "", "zeroline": False, "showgrid": False, "showline": False,
                                   "fixedrange": True})
    spec.update_axes(figure, "y", {"range": [n - 0.5, -1.5], "tickvals": ys, "ticktext": labels,
                                   "tickfont": {"size": LABEL_PX, "color": "#222"}, "automargin": True,
                                   "ticklabelstandoff": GAP, "showgrid": False, "zeroline": False,
                                   "fixedrange": True, "ticks": "", "showline": False})
    spec.merge(layout, {"legend": {"xref": "container", "x": 0.01, "yref": "container",
                                   "y": 1 - 88 / layout["height"], "yanchor": "top", "font": {"size": 11}},
                        "margin": {"l": MARGIN_L, "r": MARGIN_R, "t": 150, "b": 50}})
    if width:
        layout["width"] = width
    for ann in layout["annotations"]:
        if ann.get("name") == "source_line":
            ann["yshift"] = -20
    return spec.figure(_title_in_view(figure))


def _title_in_view(figure: spec.Spec) -> spec.Spec:
    """Pin the two-line title a fixed distance from the top (style.finish's relative y
    clips it on short figures)."""
    layout = figure["layout"]
    layout["title"]["y"] = 1 - 26 / layout["height"]
    return figure


def _range_text(row: Record) -> str:
    """"89–100 %", "7,4–48,5", "160–253"; ".." when no unit has a shown value."""
    if row.min is None or not np.isfinite(row.min):
        return HIDDEN_SYMBOL
    if row.kind == "andel":
        return fmt.interval(row.min, row.max)
    decimals = 1 if row.kind == "per10000" else 0
    return f"{fmt.number(row.min, decimals)}–{fmt.number(row.max, decimals)}"


SPINE_NOTE = "Egen skala per rad, centrerad på länet. Linjerna: 95 % konfidensintervall"


def spine_title(p: profile.Profile) -> str:
    """The finding: how many measures are higher, lower, in line with the county."""
    counts = p.rows.jamforelse.value_counts()
    # a no-break space keeps each count with its word when the title wraps ("1 jämförs ej")
    parts = [f"{counts.get(stats.HOGRE, 0)}\u00a0{t('högre')}", f"{counts.get(stats.LAGRE, 0)}\u00a0{t('lägre')}",
             f"{counts.get(stats.I_NIVA, 0)}\u00a0{t('i nivå med länet')}"]
    if counts.get(stats.JAMFORS_EJ, 0):
        parts.append(f"{counts.get(stats.JAMFORS_EJ, 0)}\u00a0{t('jämförs ej')}")
    return t("{name} jämfört med länet: {parts}").format(name=p.shown.namn, parts=", ".join(parts))


def trend_title(p: profile.Profile) -> str:
    """The finding: the verdict of the later against the earlier half of the period, but
    only when the chart draws the half-years it rests on; a title the reader cannot check
    in the chart below it would be a claim without evidence (the sentence still says it)."""
    code = p.change.code if p.change.visas else stats.JAMFORS_EJ
    return t(TREND_TITLES[code]).format(name=p.shown.namn)


def trend_note(p: profile.Profile) -> str:
    unit_rows = p.trend[p.trend.kod == p.shown.kod]
    hidden = int((unit_rows.as_andel_status != Status.VISAD).sum())
    note = t("Strecken visar 95 % konfidensintervall")
    if hidden:
        note += ". " + t("{name}: {k} av {n} halvår visas inte (för få avslutade)").format(
            name=p.shown.namn, k=hidden, n=len(unit_rows))
    return note


TREND_TITLES = {
    stats.HOGRE: "Andelen till arbete eller studier har ökat i {name}",
    stats.LAGRE: "Andelen till arbete eller studier har minskat i {name}",
    stats.I_NIVA: "Ingen säkerställd förändring över tid i {name}",
    stats.JAMFORS_EJ: "Andel till arbete eller studier per halvår i {name}",
}


def trend_figure(p: profile.Profile, subtitle: str, source: Source, *, height: int = 420) -> go.Figure:
    """Share of those who exited that went to work or studies, per half-year: the unit
    (with its 95 % band), its förbund and the county. Hidden half-years are gaps."""
    tr = p.trend
    series = [(p.shown.kod, p.shown.namn, OUTCOME_COLOURS["arbete_studier"], "solid", 3.5, True)]
    if p.has_forbund:
        series.append((p.shown.forbund, p.forbund_name or p.shown.forbund, FORBUND_COLOUR, "dash", 2.2, False))
    series.append((profile.LAN, t("Länet"), COUNTY_COLOUR, "dot", 2.2, False))
    figure = spec.empty()
    hidden_unit = 0
    for kod, name, colour, dash, width, band in series:
        rows = tr[tr.kod == kod].sort_values("start")
        shown = rows.as_andel_status == Status.VISAD
        if kod == p.shown.kod:
            hidden_unit = int((~shown).sum())
        trace = {"type": "scatter", "x": rows.halvar, "y": rows.as_andel.where(shown), "mode": "lines+markers",
                 "name": name, "line": {"color": colour, "width": width, "dash": dash},
                 "marker": {"size": 8 if band else 5}, "connectgaps": False, "customdata": rows.avslutade_visning,
                 "hovertemplate": "%{x}: %{y:.0f} % " + t("av") + " %{customdata} " + t("avslutade")
                                  + "<extra>" + name + "</extra>"}
        if band:  # the unit's 95 % interval as whiskers: a band would be drawn across hidden half-years
            trace["error_y"] = {"type": "data", "symmetric": False,
                                "array": (rows.as_ki_hog - rows.as_andel).where(shown),
                                "arrayminus": (rows.as_andel - rows.as_ki_lag).where(shown), "color": colour,
                                "thickness": 1.5, "width": 4}
        figure["data"].append(trace)
    unit_rows = tr[tr.kod == p.shown.kod]
    if len(unit_rows) and hidden_unit == len(unit_rows):
        spec.add_annotation(figure, {
            "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.92, "showarrow": False,
            "text": t("{name}: för få avslutade per halvår för att visa andelen").format(name=p.shown.namn),
            "font": {"size": 13, "color": "#555"}, "bgcolor": "rgba(255,255,255,0.8)"})
    spec.update_axes(figure, "y", {"range": [0, 70], "ticksuffix": " %", "title": {"text": t("Andel av avslutade")}})
    spec.update_axes(figure, "x", {"type": "category"})
    finish_spec(figure, trend_title(p), subtitle, source, note=trend_note(p), height=height)
    # A little more room on top: the pinned title sits lower than style.finish's, and the
    # legend row would otherwise touch the subtitle.
    layout = figure["layout"]
    spec.merge(layout, {"legend": {"traceorder": "normal"}, "margin": {"t": layout["margin"]["t"] + 16}})
    return spec.figure(_title_in_view(figure))
