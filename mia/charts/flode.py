"""Figures of the Flöde page: the process funnel for up to four selections side by side,
the Sankey from starting point to outcome, and time in the project per outcome.

Pure functions of the frames in mia.flow; hidden values are never drawn (no bar, no
zero), they are labelled "<5" or ".." instead.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mia import config, flow, fmt
from mia.charts import spec
from mia.charts.style import COUNTY_COLOUR, OUTCOME_COLOURS, PALETTE, SUPPRESSED_COLOUR, Source, finish_spec
from mia.disclosure import Status, small_symbol
from mia.frames import records
from mia.i18n import t

PROCESS_COLOUR = "#56B4E9"  # Okabe–Ito sky blue: the process steps
OTHER_COLOUR = "#8C8C8C"
STEP_COLOURS = {s.key: OUTCOME_COLOURS.get(s.key, PROCESS_COLOUR) for s in flow.STEPS}
TEXT_DARK = "#222222"
SIGNIFICANT_MARK = " *"


def _alpha(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _wrap_source_line(figure: spec.Spec, chars: int = 85) -> spec.Spec:
    """Break the on-screen source/note line into lines that fit a narrow column (the
    text kept in layout.meta for downloads is untouched), and make room for them."""
    import textwrap

    layout = figure["layout"]
    for ann in layout.get("annotations", []):
        if ann.get("name") == "source_line":
            *note, source_line = ann["text"].split("<br>")  # finish(): the note's lines, then the source
            lines = textwrap.wrap(" ".join(note), chars) + textwrap.wrap(source_line, chars)
            ann["text"] = "<br>".join(lines)
            layout["margin"]["b"] = 76 + 14 * len(lines)
    return figure


def step_axis_label(step: flow.Step, significant: bool = False) -> str:
    """"Kartlagda", or "↳ Arbete eller studier" for the two outcomes of the avslutade."""
    label = t(step.label)
    if step.outcome:
        label = f"↳ {label}"
    return label + (SIGNIFICANT_MARK if significant else "")


# ---------------------------------------------------------------- funnel


SELECTION_COLOURS = [PALETTE[0], PALETTE[1], PALETTE[2], PALETTE[3]]
GROUPED_FROM = 3  # three or four selections: grouped bars per step instead of columns


def funnel_figure(df: pd.DataFrame, subtitle: str, source: Source) -> go.Figure:
    """The funnel of one to four selections, one row per step, steps aligned.

    Bar length = share of the referred who reached the step (one 0–100 % scale for all
    selections, so the shapes compare at a glance); label = the count and, in brackets,
    the share of the step before that went on (the conversion). One or two selections:
    small multiples side by side; three or four: the selections' bars grouped under
    each step. Steps that differ significantly between the selections are starred.
    """
    labels = list(dict.fromkeys(df.urval))
    k = len(labels)
    significant = set(df.loc[df.skillnad == flow.SIGNIFIKANT, "steg_kod"])
    y = [step_axis_label(s, s.key in significant) for s in flow.STEPS]
    if k >= GROUPED_FROM:
        return _finish_funnel(_grouped_funnel(df, labels, y), df, subtitle, source, significant, grouped=True)
    titles = []
    for label in labels:
        first = df[(df.urval == label) & (df.steg_kod == "anmalda")].iloc[0]
        titles.append(f"<b>{label}</b><br><span style='font-size:12px'>{t('{antal} anmälda').format(antal=first.antal_visning)}</span>"
                      if k > 1 or label else "")
    figure = spec.subplots(1, k, titles if k > 1 else [], shared_yaxes=True, horizontal_spacing=0.04 if k > 1 else 0.0)
    for col, label in enumerate(labels, start=1):
        axes = spec.subplot_axes(col - 1)
        part = df[df.urval == label].sort_values("ordning")
        shown = (part.kvar_andel_status == Status.VISAD).to_numpy()
        colours = [STEP_COLOURS[key] for key in part.steg_kod]
        texts = [_bar_text(row, with_interval=k <= 1) for row in records(part)]
        figure["data"].append({
            "type": "bar", "y": y, "x": part.kvar_andel.where(shown), "orientation": "h", "showlegend": False,
            "marker": {"color": colours}, "text": [tx if s else "" for tx, s in zip(texts, shown)],
            "textposition": "auto", "insidetextanchor": "end", "cliponaxis": False,
            "insidetextfont": {"color": ["white" if c == OUTCOME_COLOURS["arbete_studier"] else TEXT_DARK
                                         for c in colours], "size": 13},
            "outsidetextfont": {"color": TEXT_DARK, "size": 13},
            "customdata": [_hover(row) for row in records(part)],
            "hovertemplate": "%{customdata}<extra>" + (label or "") + "</extra>",
            "name": label or t("Urvalet"), **axes,
        })
        hidden = ~shown
        if hidden.any():
            figure["data"].append({
                "type": "scatter", "y": [v for v, h in zip(y, hidden) if h], "x": [0] * int(hidden.sum()),
                "mode": "text", "text": [tx for tx, h in zip(texts, hidden) if h], "textposition": "middle right",
                "showlegend": False, "textfont": {"color": "#555", "size": 13}, "hoverinfo": "skip",
                "cliponaxis": False, **axes,
            })
    return _finish_funnel(figure, df, subtitle, source, significant, grouped=False)


def _grouped_funnel(df: pd.DataFrame, labels: list[str], y: list[str]) -> spec.Spec:
    """Three or four selections: one bar per selection under each step, colour = the
    selection, its name written at its first bar (direct label) and in the legend."""
    figure = spec.empty()
    for i, label in enumerate(labels):
        part = df[df.urval == label].sort_values("ordning")
        shown = (part.kvar_andel_status == Status.VISAD).to_numpy()
        texts = [_bar_text(row, with_interval=False) for row in records(part)]
        texts[0] = f"{label} · {texts[0]}"
        colour = SELECTION_COLOURS[i % len(SELECTION_COLOURS)]
        group = f"g{i}"
        figure["data"].append({
            "type": "bar", "y": y, "x": part.kvar_andel.where(shown), "orientation": "h", "name": label,
            "marker": {"color": colour}, "offsetgroup": group, "alignmentgroup": "steg",
            "text": [tx if s else "" for tx, s in zip(texts, shown)], "textposition": "outside",
            "cliponaxis": False, "textfont": {"color": TEXT_DARK, "size": 12}, "constraintext": "none",
            "customdata": [_hover(row) for row in records(part)],
            "hovertemplate": "%{customdata}<extra>" + label + "</extra>",
        })
        hidden = ~shown
        if hidden.any():
            figure["data"].append({
                "type": "scatter", "y": [v for v, h in zip(y, hidden) if h], "x": [0] * int(hidden.sum()),
                "mode": "text", "offsetgroup": group, "orientation": "h", "alignmentgroup": "steg",
                "text": [tx for tx, h in zip(texts, hidden) if h], "textposition": "middle right",
                "showlegend": False, "textfont": {"color": "#555", "size": 12}, "hoverinfo": "skip",
                "cliponaxis": False,
            })
    figure["layout"].update(barmode="group", scattermode="group", bargap=0.18, bargroupgap=0.05)
    return figure


def _finish_funnel(figure: spec.Spec, df: pd.DataFrame, subtitle: str, source: Source, significant: set[str],
                   grouped: bool) -> go.Figure:
    k = df.urval.nunique()
    y = [step_axis_label(s, s.key in significant) for s in flow.STEPS]
    spec.update_axes(figure, "y", {"autorange": "reversed", "showgrid": False, "categoryorder": "array",
                                   "categoryarray": y, "ticklabelstandoff": 6})
    spec.update_axes(figure, "x", {"title": {"text": t("andel av anmälda"), "font": {"size": 11, "color": "#555"}}})
    note = t("Stapel = andel av de anmälda som nått steget; talet inom parentes = andel av steget före som gick "
             "vidare (utfallen: av de avslutade)")
    if significant:
        note += ". " + t("* = andelen som gick vidare skiljer sig statistiskt säkert mellan urvalen (p < 0,05)")
    height = 240 + 17 * k * len(flow.STEPS) if grouped else (500 if k > 1 else 460)
    finish_spec(figure, funnel_title(df), subtitle, source, note=note, height=height)
    top = 130 if grouped else (150 if k > 1 else 104)
    layout = figure["layout"]
    spec.merge(layout, {"margin": {"l": 190, "r": 30, "t": top}})
    if not grouped:
        layout.update(bargap=0.25, showlegend=False)
    spec.update_axes(figure, "x", {"range": [0, 135 if grouped else 112], "tickvals": [0, 25, 50, 75, 100],
                                   "ticktext": ["0 %", "25 %", "50 %", "75 %", "100 %"], "showgrid": True,
                                   "gridcolor": "#eeeeee"})
    for ann in layout["annotations"]:
        if ann.get("name") != "source_line":
            ann["yshift"] = 6
    return spec.figure(_wrap_source_line(figure))


def _bar_text(row, with_interval: bool) -> str:
    count = row.antal_visning
    if row.foregaende_kod == "":
        return count
    if row.andel_status != Status.VISAD:
        return f"{count} (..)" if row.antal_status == Status.VISAD else count
    share = fmt.percent(row.andel)
    if with_interval:
        share += ", " + t("KI {intervall}").format(intervall=fmt.interval(row.ki_lag, row.ki_hog))
    return f"{count} ({share})"


def _hover(row) -> str:
    text = f"<b>{t(row.steg)}</b>: {row.antal_visning}"
    if row.foregaende_kod:
        previous = t(flow.STEP_LABELS[row.foregaende_kod]).lower()
        if row.andel_status == Status.VISAD:
            text += "<br>" + t("{andel} av {steget_fore} ({antal}) gick vidare").format(
                andel=fmt.percent(row.andel, 1), steget_fore=previous, antal=row.foregaende_visning)
            text += "<br>" + t("95 % KI {intervall}").format(intervall=fmt.interval(row.ki_lag, row.ki_hog, 1))
        else:
            text += f"<br>{t('Andelen visas inte: för få personer i underlaget.')}"
        if row.skillnad == flow.SIGNIFIKANT:
            text += f"<br>{t('Skiljer sig mellan urvalen')} ({flow.p_text(row.skillnad_p)})"
    if row.kvar_andel_status == Status.VISAD:
        text += "<br>" + t("{andel} av alla anmälda").format(andel=fmt.percent(row.kvar_andel))
    return text


def funnel_title(df: pd.DataFrame) -> str:
    """The finding: where most people are lost, or where the selections differ."""
    labels = list(dict.fromkeys(df.urval))
    if len(labels) > 1:
        sig = flow.significant_steps(df)
        if not sig:
            return t("Inga statistiskt säkra skillnader mellan urvalen i processen")
        if len(sig) == 1:
            return t("Urvalen skiljer sig åt vid steget {steg}").format(steg=t(sig[0]["steg"]).lower())
        return t("Urvalen skiljer sig åt vid {antal} steg (markerade med *)").format(antal=len(sig))
    part = df[(df.andel_status == Status.VISAD) & df.steg_kod.isin(["inskrivna", "kartlagda", "i_insats", "avslutade"])]
    if part.empty:
        return t("För få deltagare för att visa hur många som går vidare")
    worst = part.loc[part.andel.idxmin()]
    previous = t(flow.STEP_LABELS[worst.foregaende_kod]).lower()
    return t("Största tappet: {fran} → {till}, {andel} gick vidare").format(
        fran=previous, till=t(worst.steg).lower(), andel=fmt.percent(worst.andel))


# ---------------------------------------------------------------- Sankey


def sankey_figure(flows: flow.SankeyFlows, kalltyp: str, subtitle: str, source: Source) -> go.Figure:
    """Sources (left, largest first) to outcome groups (right, fixed order). Node totals
    are the sums of the drawn flows, so the picture always adds up."""
    df = flows.flows
    figure = spec.empty()
    if df.empty:
        spec.add_annotation(figure, {"text": t("Inga flöden att visa: för få som avslutat i urvalet."), "x": 0.5,
                                     "y": 0.5, "xref": "paper", "yref": "paper", "showarrow": False,
                                     "font": {"size": 15, "color": "#555"}})
        spec.update_axes(figure, "x", {"visible": False})
        spec.update_axes(figure, "y", {"visible": False})
        return spec.figure(finish_spec(figure, t("För få deltagare för att visa flöden"), subtitle, source,
                                       height=360))
    src_totals = df.groupby("kalla").antal.sum().sort_values(ascending=False)
    tgt_totals = df.groupby("mal").antal.sum()
    targets = [m for m in [*flow.SANKEY_TARGETS, flow.OVRIGA] if m in tgt_totals.index]
    sources = list(src_totals.index)
    index = {("s", s): i for i, s in enumerate(sources)}
    index |= {("m", m): len(sources) + i for i, m in enumerate(targets)}
    node_labels = [f"{flow.source_label(kalltyp, s)} · {fmt.number(src_totals[s])}" for s in sources]
    node_labels += [f"{flow.target_label(m)} · {fmt.number(tgt_totals[m])}" for m in targets]
    node_colours = [COUNTY_COLOUR] * len(sources) + [_target_colour(m) for m in targets]
    figure["data"].append(dict(
        type="sankey",
        arrangement="snap",
        valueformat=",d",
        node={"label": node_labels, "color": node_colours, "pad": 14, "thickness": 16,
              "line": {"color": "white", "width": 0.5},
              "hovertemplate": "%{label}<extra></extra>"},
        link={"source": [index[("s", s)] for s in df.kalla], "target": [index[("m", m)] for m in df.mal],
              "value": df.antal.tolist(),
              "color": [_alpha(_target_colour(m), 0.35) for m in df.mal],
              "customdata": [t("{fran} → {till}: {antal} personer").format(
                  fran=flow.source_label(kalltyp, s), till=flow.target_label(m), antal=fmt.number(n))
                  for s, m, n in zip(df.kalla, df.mal, df.antal)],
              "hovertemplate": "%{customdata}<extra></extra>"},
        textfont={"size": 13, "color": TEXT_DARK, "family": "DejaVu Sans, Liberation Sans, Arial, sans-serif"},
    ))
    top = df.loc[df.antal.idxmax()]
    title = t("Störst flöde: {fran} → {till}").format(
        fran=flow.source_label(kalltyp, top.kalla).lower(), till=flow.target_label(top.mal).lower())
    note = t("Flöden under {grans} personer slås ihop till ”Övriga (små flöden)” per källa").format(
        grans=config.disclosure().min_count)
    if flows.left_out:
        note += f"; {sankey_left_out_text(flows)}"
    finish_spec(figure, title, subtitle, source, note=note, height=max(480, 40 * len(sources) + 220))
    spec.merge(figure["layout"], {"margin": {"l": 20, "r": 20, "t": 104}})
    spec.update_axes(figure, "x", {"visible": False})
    spec.update_axes(figure, "y", {"visible": False})
    return spec.figure(_wrap_source_line(figure, 110))


def sankey_left_out_text(flows: flow.SankeyFlows) -> str:
    count = (fmt.number(flows.left_out) if flows.left_out >= config.disclosure().min_count
             else small_symbol())
    return t("{antal} personer i ännu mindre grupper visas inte").format(antal=count)


def _target_colour(code: str) -> str:
    return {
        "arbete_studier": OUTCOME_COLOURS["arbete_studier"],
        "arbetsforberedande": OUTCOME_COLOURS["arbetsforberedande"],
        "arbetssokande": PALETTE[2],
        "ohalsa": PALETTE[3],
        "avbrott": PALETTE[5],
        "annat_okant": OTHER_COLOUR,
        flow.OVRIGA: SUPPRESSED_COLOUR,
    }.get(code, OTHER_COLOUR)


# ---------------------------------------------------------------- time in project

TIME_COLOURS = {"arbete_studier": OUTCOME_COLOURS["arbete_studier"],
                "arbetsforberedande": OUTCOME_COLOURS["arbetsforberedande"],
                "ovrigt": OTHER_COLOUR, "alla_avslutade": COUNTY_COLOUR}


def time_figure(df: pd.DataFrame, subtitle: str, source: Source) -> go.Figure:
    """Per outcome group (and selection): a bar from the first to the third quartile of
    days in the project and a tick at the median, labelled "median 187 d (6 mån)";
    groups too small to show are labelled, not drawn."""
    labels = list(dict.fromkeys(df.urval))
    multi = len(labels) > 1
    df = df.copy()
    df["grupp_etikett"] = [t(x) for x in df.etikett]
    y = [df.grupp_etikett.tolist(), df.urval.tolist()] if multi else df.grupp_etikett.tolist()
    shown = (df.tid_status == Status.VISAD).to_numpy()
    colours = [TIME_COLOURS.get(g, OTHER_COLOUR) for g in df.grupp]
    figure = spec.empty()
    figure["data"].append({
        "type": "bar", "y": y, "base": df.q1.where(shown), "x": (df.q3 - df.q1).where(shown), "orientation": "h",
        "marker": {"color": [_alpha(c, 0.45) for c in colours], "line": {"color": colours, "width": 1.5}},
        "name": t("Mittersta hälften (kvartil 1–3)"), "showlegend": True,
        "customdata": [_time_hover(r) for r in records(df)], "hovertemplate": "%{customdata}<extra></extra>",
    })
    figure["data"].append({
        "type": "scatter", "y": y, "x": df["median"].where(shown), "mode": "markers", "name": t("Median"),
        "marker": {"symbol": "line-ns", "size": 22, "line": {"width": 4, "color": colours}}, "hoverinfo": "skip",
    })
    xmax = float(df.q3.where(shown).max()) if shown.any() else 365.0
    label_x = [q3 if s else 0 for q3, s in zip(df.q3.fillna(0), shown)]
    figure["data"].append({
        "type": "scatter", "y": y, "x": label_x, "mode": "text", "showlegend": False, "hoverinfo": "skip",
        "cliponaxis": False, "text": [_time_text(r, s, multi) for r, s in zip(records(df), shown)],
        "textposition": "middle right", "textfont": {"size": 12, "color": TEXT_DARK},
    })
    spec.update_axes(figure, "x", {"range": [0, xmax * (1.75 if multi else 1.6)],
                                   "title": {"text": t("dagar från inskrivning till avslut")}, "showgrid": True,
                                   "gridcolor": "#eeeeee"})
    spec.update_axes(figure, "y", {"autorange": "reversed", "showgrid": False})
    figure["layout"]["barmode"] = "overlay"
    title = time_title(df)
    note = t("Grupper med färre än {grans} som avslutat visas inte").format(grans=config.disclosure().min_denominator)
    height = 230 + 30 * len(df) if multi else 420
    finish_spec(figure, title, subtitle, source, note=note, height=height)
    spec.merge(figure["layout"], {"margin": {"l": 190 if not multi else 280, "r": 30, "t": 120}})
    spec.update_axes(figure, "x", {"showgrid": True, "gridcolor": "#eeeeee"})
    return spec.figure(_wrap_source_line(figure, 60 if multi else 85))


def _months(days: float) -> str:
    return fmt.number(days / 30.44, 0)


def _time_text(row, shown: bool, compact: bool = False) -> str:
    if not shown:
        if row.tid_status == Status.SAKNAS:
            return t("ingen har avslutat")
        return t("för få att visa (n {n})").format(n=row.n_visning)
    if compact:
        return " " + t("median {dagar} d · n {n}").format(dagar=fmt.number(row.median), n=row.n_visning)
    return " " + t("median {dagar} d ({manader} mån) · n {n}").format(
        dagar=fmt.number(row.median), manader=_months(row.median), n=row.n_visning)


def _time_hover(row) -> str:
    if row.tid_status != Status.VISAD:
        return f"{t(row.etikett)}: {t('för få att visa')}"
    return (f"<b>{t(row.etikett)}</b> {row.urval}<br>"
            + t("median {dagar} dagar").format(dagar=fmt.number(row.median)) + "<br>"
            + t("hälften mellan {q1} och {q3} dagar").format(q1=fmt.number(row.q1), q3=fmt.number(row.q3))
            + "<br>"
            f"n = {row.n_visning}")


def time_title(df: pd.DataFrame) -> str:
    overall = df[(df.grupp == "alla_avslutade") & (df.tid_status == Status.VISAD)]
    if overall.empty:
        return t("För få som avslutat för att visa tiden i projektet")
    if df.urval.nunique() > 1:
        return t("Tid i projektet per utfall och urval")
    row = overall.iloc[0]
    return t("Mediantid i projektet: {dagar} dagar (cirka {manader} månader)").format(
        dagar=fmt.number(row["median"]), manader=_months(row["median"]))
