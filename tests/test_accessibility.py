"""Accessibility that can be checked without eyes:

- every Plotly chart on every page (both languages) is followed, before the next chart, by
  a text alternative ("Beskrivning av diagrammet: ..." caption) and a table view (an
  expander "Visa som tabell" holding a table); every map has a text alternative and the
  page shows its numbers as a table;
- every text colour used in a figure (titles, labels, annotations, legends, axes) has a
  WCAG 2.1 contrast ratio of at least 4.5:1 against the figure's background (3:1 for large
  text: ≥ 24 px, or ≥ 18.66 px bold); labels drawn inside bars are checked against the bar;
- the app theme's text and link colours reach 4.5:1 on its backgrounds;
- the categorical palettes (mia.charts.style.PALETTE, COMPARISON_COLOURS, and the map's
  FORBUND_COLOURS and CLASS_COLOURS) stay distinguishable for protanopia, deuteranopia and
  tritanopia: after simulating each (Machado, Oliveira & Fernandes 2009, severity 1.0, in
  linear RGB) every pair of colours is at least ΔE*ab 10 apart in CIELAB (about four
  times the just-noticeable difference, a common threshold for telling categories apart).

Keyboard access to the filters is tested in a real browser: tests/browser/test_keyboard.py.
"""
from __future__ import annotations

import itertools
import json
import re
import tomllib

import numpy as np
import pytest

from mia import maps
from mia.charts import style
from tests import apptest_pages as ap

ALT_PREFIXES = ("Beskrivning av diagrammet", "Chart description")
MAP_ALT_PREFIXES = ("Beskrivning av kartan", "Description of the map")
TABLE_LABELS = ("Visa som tabell", "Show as table")
MIN_DELTA_E = 10.0
WHITE = (255, 255, 255)

# Machado et al. (2009), severity 1.0, applied to linear RGB.
CVD = {
    "protanopi": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                           [-0.003882, -0.048116, 1.051998]]),
    "deuteranopi": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                             [-0.011820, 0.042940, 0.968881]]),
    "tritanopi": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                           [0.004733, 0.691367, 0.303900]]),
}


# ---------------------------------------------------------------- colour arithmetic


def rgb(colour) -> tuple[int, int, int] | None:
    """(r, g, b) from "#rrggbb", "#rgb", "rgb(...)", "rgba(...)" or a tuple; None if transparent/unknown."""
    if isinstance(colour, (tuple, list)):
        return tuple(int(c) for c in colour[:3])
    text = str(colour).strip().lower()
    if m := re.fullmatch(r"#([0-9a-f]{6})", text):
        return tuple(int(m.group(1)[i:i + 2], 16) for i in (0, 2, 4))
    if m := re.fullmatch(r"#([0-9a-f]{3})", text):
        return tuple(int(c * 2, 16) for c in m.group(1))
    if m := re.fullmatch(r"rgba?\(([^)]*)\)", text):
        parts = [float(p) for p in m.group(1).split(",")]
        if len(parts) == 4 and parts[3] < 1:
            return None  # translucent: depends on what is under it
        return tuple(int(round(p)) for p in parts[:3])
    named = {"white": WHITE, "black": (0, 0, 0)}
    return named.get(text)


def _linear(c) -> np.ndarray:
    c = np.asarray(c, dtype=float) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _gamma(c) -> np.ndarray:
    c = np.clip(c, 0, 1)
    return np.where(c <= 0.0031308, c * 12.92, 1.055 * c ** (1 / 2.4) - 0.055) * 255


def luminance(c) -> float:
    return float(np.array([0.2126, 0.7152, 0.0722]) @ _linear(c))


def contrast(a, b) -> float:
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def lab(c) -> np.ndarray:
    x, y, z = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ _linear(c)
    f = lambda t: np.cbrt(t) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29  # noqa: E731
    fx, fy, fz = f(x / 0.95047), f(y / 1.0), f(z / 1.08883)
    return np.array([116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)])


def simulate(c, matrix) -> np.ndarray:
    return _gamma(matrix @ _linear(c))


def closest_pair(colours: dict[str, tuple[int, int, int]], matrix=None) -> tuple[float, str, str]:
    seen = {k: lab(simulate(c, matrix) if matrix is not None else c) for k, c in colours.items()}
    return min((float(np.linalg.norm(seen[a] - seen[b])), a, b) for a, b in itertools.combinations(seen, 2))


# ---------------------------------------------------------------- palettes


PALETTES = {
    "style.PALETTE": {c: rgb(c) for c in style.PALETTE},
    "style.COMPARISON_COLOURS": {k: rgb(c) for k, c in style.COMPARISON_COLOURS.items()},
    "maps.FORBUND_COLOURS": dict(maps.FORBUND_COLOURS),
    "maps.CLASS_COLOURS": dict(maps.CLASS_COLOURS),
}


@pytest.mark.parametrize("name", list(PALETTES))
@pytest.mark.parametrize("deficiency", [None, *CVD])
def test_palette_is_distinguishable(name, deficiency):
    distance, a, b = closest_pair(PALETTES[name], CVD.get(deficiency))
    assert distance >= MIN_DELTA_E, (f"{name}: {a} och {b} är bara ΔE {distance:.1f} isär "
                                     f"({deficiency or 'normalt färgseende'}); minst {MIN_DELTA_E}")


def test_theme_text_and_links_have_contrast():
    theme = tomllib.loads((ap.ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    for fg in ("textColor", "primaryColor", "linkColor"):
        for bg in ("backgroundColor", "secondaryBackgroundColor"):
            ratio = contrast(rgb(theme[fg]), rgb(theme[bg]))
            assert ratio >= 4.5, f"{fg} {theme[fg]} på {bg} {theme[bg]}: {ratio:.2f}:1"
    for name, colour in (("maps.TEXT_DARK", maps.TEXT_DARK), ("maps.TEXT_MUTED", maps.TEXT_MUTED),
                         ("maps.PNG_TEXT", rgb(maps.PNG_TEXT)), ("maps.PNG_MUTED", rgb(maps.PNG_MUTED))):
        assert contrast(colour, WHITE) >= 4.5, f"{name}: {contrast(colour, WHITE):.2f}:1 mot vitt"


# ---------------------------------------------------------------- the pages


@pytest.fixture(scope="module")
def runs(app_db):
    return {(page, lang): ap.run_page(page, lang) for lang in ("sv", "en") for page in ap.PAGES}


def _kind(node) -> str:
    return getattr(node, "type", "") or ""


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("page", ap.PAGES)
def test_every_chart_has_a_text_alternative_and_a_table_view(runs, page, lang):
    at = runs[(page, lang)]
    assert not at.exception, [e.value for e in at.exception]
    nodes = ap.flat(at)
    charts = [i for i, n in enumerate(nodes) if _kind(n) in ("plotly_chart", "deck_gl_json_chart")]
    missing = []
    for number, start in enumerate(charts):
        end = charts[number + 1] if number + 1 < len(charts) else len(nodes)
        after = nodes[start + 1:end]
        is_map = _kind(nodes[start]) == "deck_gl_json_chart"
        prefixes = MAP_ALT_PREFIXES if is_map else ALT_PREFIXES
        alt = [n.value for n in after if _kind(n) == "caption" and n.value.startswith(prefixes)]
        if not alt or len(alt[0].split(":", 1)[1].strip()) < 40:
            missing.append(f"diagram {number + 1}: ingen textbeskrivning ({prefixes[0]} …)")
        if is_map:  # the map's numbers as a table somewhere on the page
            if not any(_kind(n) == "dataframe" for n in nodes):
                missing.append(f"karta {number + 1}: ingen tabell på sidan")
            continue
        tables = [n for n in after if _kind(n) == "expander" and getattr(n, "label", "") in TABLE_LABELS]
        if not tables or not any(_kind(c) == "dataframe" for c in ap.flat_block(tables[0])):
            missing.append(f"diagram {number + 1}: ingen tabellvy (expander \"{TABLE_LABELS[0]}\" med tabell)")
    assert not missing, f"{page} ({lang}):\n" + "\n".join(missing)


def _text_colours(fig: dict):
    """(where, colour, size, bold, background) for every text in the figure."""
    layout = fig.get("layout", {})
    background = rgb(layout.get("plot_bgcolor") or layout.get("paper_bgcolor") or "#ffffff") or WHITE
    paper = rgb(layout.get("paper_bgcolor") or "#ffffff") or WHITE
    default = layout.get("font", {})

    def font_of(font: dict | None):
        font = font or {}
        return (font.get("color") or default.get("color") or "#444444", font.get("size") or default.get("size") or 12)

    title = layout.get("title", {})
    if title.get("text"):
        c, s = font_of(title.get("font"))
        yield "layout.title", c, s, True, paper
    for i, ann in enumerate(layout.get("annotations", [])):
        if ann.get("text") and ann.get("visible", True):
            c, s = font_of(ann.get("font"))
            under = rgb(ann.get("bgcolor")) if ann.get("bgcolor") else background
            yield f"annotation {i} {ann.get('text')[:30]!r}", c, s, "<b>" in ann.get("text", ""), under or background
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict) and axis.get("visible", True):
            c, s = font_of(axis.get("tickfont"))
            yield f"{key} ticks", c, s, False, paper
            if isinstance(axis.get("title"), dict) and axis["title"].get("text"):
                c, s = font_of(axis["title"].get("font"))
                yield f"{key} title", c, s, False, paper
    if layout.get("showlegend", True) and fig.get("data"):
        c, s = font_of(layout.get("legend", {}).get("font"))
        yield "legend", c, s, False, rgb(layout.get("legend", {}).get("bgcolor") or "#ffffff") or paper
    for i, trace in enumerate(fig.get("data", [])):
        textfont = trace.get("textfont")
        if not (trace.get("text") or trace.get("texttemplate")) or not textfont or not textfont.get("color"):
            continue
        colours = textfont["color"] if isinstance(textfont["color"], list) else [textfont["color"]]
        size = textfont.get("size") or 12
        inside = trace.get("type") == "bar" and trace.get("textposition") in ("inside", "auto", None)
        fills = (trace.get("marker", {}) or {}).get("color")
        fills = fills if isinstance(fills, list) else [fills] * len(colours)
        for j, colour in enumerate(colours):
            under = rgb(fills[j % len(fills)]) if inside and fills and fills[j % len(fills)] else background
            yield f"trace {i} {trace.get('name', '')!r} text", colour, size, False, under or background


@pytest.mark.parametrize("page", ap.PAGES)
def test_text_in_charts_has_enough_contrast(runs, page):
    problems = []
    for n, fig in enumerate(ap.figures(runs[(page, "sv")])):
        for where, colour, size, bold, under in _text_colours(fig):
            fg = rgb(colour)
            if fg is None:
                continue
            large = size >= 24 or (bold and size >= 18.66)
            need = 3.0 if large else 4.5
            ratio = contrast(fg, under)
            if ratio < need:
                problems.append(f"diagram {n + 1}, {where}: {colour} på rgb{tuple(under)} = {ratio:.2f}:1 "
                                f"(krav {need}:1, {size}px)")
    assert not problems, f"{page}:\n" + "\n".join(sorted(set(problems)))


def test_map_texts_have_contrast(runs):
    """The deck's labels and the tooltip (text on the map's colours and the tooltip box)."""
    decks = ap.decks(runs[("app_pages/karta.py", "sv")])
    assert decks
    tooltip = (decks[0].get("tooltip") or {}).get("style") or maps.TOOLTIP_STYLE
    assert contrast(rgb(tooltip["color"]), rgb(tooltip["backgroundColor"])) >= 4.5
    for layer in decks[0].get("layers", []):
        colour = layer.get("getColor")
        if layer.get("@@type") == "TextLayer" and isinstance(colour, list):
            for fill in [*maps.FORBUND_COLOURS.values(), maps.NOT_IN_MIA, maps.WATER]:
                assert contrast(colour, fill) >= 4.5, (layer.get("id"), colour, fill)
    json.dumps(decks[0])  # serialisable (no datetimes)
