"""One finished look for every chart: finding as title, a subtitle saying what, where, when
and of whom, a source line, Swedish number format and a colour-blind-safe palette.

Every figure builder ends with `finish(...)`, so a chart taken straight into a press
release already carries everything a reader needs to quote it correctly. Builders make
their figures as plain dicts (`mia.charts.spec`) and `finish` validates them once.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go

from mia import export, fmt
from mia.charts import spec
from mia.i18n import t

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
OUTCOME_COLOURS = {"arbete_studier": "#0072B2", "arbetsforberedande": "#E69F00"}
COMPARISON_COLOURS = {"högre": "#0072B2", "i nivå med": "#8C8C8C", "lägre": "#D55E00", "jämförs ej": "#D9D9D9"}
COUNTY_COLOUR = "#444444"
TARGET_COLOUR = "#009E73"
SUPPRESSED_COLOUR = "#BDBDBD"
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
# Plotted shares are rounded to this many decimals, so that the CSV/XLSX downloads hold
# exactly the numbers in the figure (mia.export).
PLOT_DECIMALS = 1


def _luminance(hex_colour: str) -> float:
    """WCAG relative luminance of "#rrggbb"."""
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def text_colour_on(hex_colour: str) -> str:
    """White or near-black, whichever contrasts more with the fill (labels inside bars)."""
    lum = _luminance(hex_colour)
    on_white = (1.05) / (lum + 0.05)
    on_dark = (lum + 0.05) / (_luminance("#222222") + 0.05)
    return "#ffffff" if on_white >= on_dark else "#222222"


def readable(hex_colour: str, minimum: float = 4.5) -> str:
    """The colour darkened just enough to be read as text on white (WCAG AA), so a direct
    label keeps its series' hue without failing contrast."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    for _ in range(40):
        candidate = f"#{r:02x}{g:02x}{b:02x}"
        if 1.05 / (_luminance(candidate) + 0.05) >= minimum:
            return candidate
        r, g, b = (int(c * 0.92) for c in (r, g, b))
    return "#222222"


@dataclass(frozen=True)
class Source:
    """Where the numbers come from, for the source line."""

    uttag: date | None
    synthetic: bool

    def line(self) -> str:
        text = t("Källa: MIA-projektets deltagarutdrag")
        if self.uttag:
            text += f", {t('uttag')} {self.uttag.isoformat()}"
        if self.synthetic:
            text += f" ({t('syntetiska demodata')})"
        return text


def finish(figure: spec.Spec, title: str, subtitle: str, source: Source, *, note: str | None = None,
           height: int = 480) -> go.Figure:
    """Apply the house style to a figure built as a spec (`mia.charts.spec`): title,
    subtitle, source (and note) lines, fonts, margins; returns the Figure, validated once."""
    return spec.figure(finish_spec(figure, title, subtitle, source, note=note, height=height))


def finish_spec(figure: spec.Spec, title: str, subtitle: str, source: Source, *, note: str | None = None,
                height: int = 480) -> spec.Spec:
    """`finish` for a builder that changes the styled spec further before it becomes a Figure."""
    source_text = source.line() + (f". {note}" if note else "")
    # On screen the note and the source get lines of their own (the width is unknown, so
    # the note is wrapped at a width that fits a half-screen column); exports re-wrap.
    lines = (textwrap.wrap(note, 110) if note else []) + [source.line()]
    titles, subtitles = _title_lines(title, subtitle)
    spec.merge(figure.setdefault("layout", {}), {
        "title": {"text": _title_text(titles, subtitles),
                  # plotly lifts a two-line title by ~0.7 em: the pad keeps the ascenders inside
                  "x": 0.01, "xanchor": "left", "yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 30},
                  "font": {"size": 20}},
        "font": {"family": FONT, "size": 13, "color": "#222"},
        "separators": fmt.separators(),  # ", " in Swedish, ".," in English
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "margin": {"l": 70, "r": 30, "t": 104, "b": 76 + 14 * len(lines)},
        "height": height,
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0.0, "xanchor": "left",
                   "font": {"size": 12}},
    })
    figure["layout"]["meta"] = {"source_line": source_text, "title": title, "subtitle": subtitle,
                                "source": source.line(), "note": note or "",
                                "title_extra_px": _title_extra(titles, subtitles)}
    spec.add_annotation(figure, {"text": "<br>".join(lines), "xref": "paper", "yref": "paper", "x": 0, "y": 0,
                                 "yshift": -70, "xanchor": "left", "yanchor": "top", "showarrow": False,
                                 "font": {"size": 11, "color": "#555"}, "align": "left", "name": "source_line"})
    # automargin explicitly: with st.plotly_chart(theme=None) no template supplies it, and
    # long category labels must never be cut off (on screen or in the modebar's PNG).
    spec.update_axes(figure, "x", {"showgrid": False, "linecolor": "#999", "ticks": "outside", "tickcolor": "#999",
                                   "automargin": True})
    spec.update_axes(figure, "y", {"gridcolor": "#e6e6e6", "zerolinecolor": "#999", "automargin": True})
    return figure


# On screen the title (the finding) and the subtitle are wrapped at TITLE_WIDTH px, what a
# 1 280-px window leaves a figure beside the sidebar (820 px): plotly does not wrap titles,
# and a long finding ("Täby compared with the county: 0 higher, …") ran off the figure's
# right edge. On wider screens such a title takes two lines where one would do.
# Each extra line makes the figure that much taller (mia.charts.margins.presized), so
# the plot keeps its height. Exports wrap to their own width (mia.export.sized).
TITLE_PX, SUBTITLE_PX = 20, 14
TITLE_LINE_PX = SUBTITLE_LINE_PX = 26  # plotly spaces every line of a title by its 20-px font
TITLE_WIDTH = 800


def _title_lines(title: str, subtitle: str) -> tuple[list[str], list[str]]:
    return (export.wrap(title, TITLE_PX, TITLE_WIDTH, bold=True),
            export.wrap(subtitle, SUBTITLE_PX, TITLE_WIDTH) if subtitle else [""])


def _title_text(titles: list[str], subtitles: list[str]) -> str:
    sub = "<br>".join(f"<span style='font-size:{SUBTITLE_PX}px;color:#555'>{line}</span>" for line in subtitles)
    return f"<b>{'<br>'.join(titles)}</b><br>{sub}"


def _title_extra(titles: list[str], subtitles: list[str]) -> int:
    """px the title and subtitle need beyond one line each."""
    return TITLE_LINE_PX * (len(titles) - 1) + SUBTITLE_LINE_PX * (len(subtitles) - 1)
