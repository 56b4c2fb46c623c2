"""Every page of the dashboard run once per language with AppTest, shared by
tests/test_language.py and tests/test_accessibility.py (one run per page and language in
a test session), and the helpers that read what a run shows:

    run_page("app_pages/jamfor.py", "en")  -> a finished AppTest (cached)
    flat(at)                           -> every element in page order (expanders opened up)
    texts(at)                          -> {where: text} for everything a reader can see
    figures(at) / decks(at)            -> the Plotly figures / deck.gl specs as dicts

MIA_DB must point at a database before the first run (the `app_db` fixture does it).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["app_pages/oversikt.py", "app_pages/jamfor.py", "app_pages/flode.py", "app_pages/karta.py", "app_pages/profil.py",
         "app_pages/data.py", "app_pages/om.py"]
_runs: dict[tuple[str, str], Any] = {}


def run_page(page: str, lang: str, timeout: float = 180):
    """The dashboard run on `page` in language `lang` (cached per page and language)."""
    from streamlit.testing.v1 import AppTest

    key = (page, lang)
    if key not in _runs:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
        if lang != "sv":
            at.query_params["lang"] = lang  # as a shared English link opens
        if page != "app_pages/oversikt.py":
            at.switch_page(page)  # before the first run: one run, no widget replay
        at.run()
        _runs[key] = at
    return _runs[key]


def flat(at) -> list[Any]:
    """All elements and blocks of the main area in page order (depth first)."""
    out: list[Any] = []

    def walk(node) -> None:
        out.append(node)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    return out


def flat_block(block) -> list[Any]:
    """The elements inside one block (an expander, a column), depth first."""
    out: list[Any] = []

    def walk(node) -> None:
        for child in getattr(node, "children", {}).values():
            out.append(child)
            walk(child)

    walk(block)
    return out


def figures(at) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def decks(at) -> list[dict]:
    return [json.loads(el.proto.json) for el in at.get("deck_gl_json_chart")]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


def figure_texts(fig: dict) -> list[str]:
    """Every string of a Plotly figure that a reader sees: titles, annotations, axis titles
    and tick labels (categorical axes too), legend entries, text drawn on the marks, hover
    templates with the text they fill in (customdata) and Sankey labels. Not colours, fonts, ids or hidden helper traces."""
    found: list[str] = []
    for trace in fig.get("data", []):
        hover = trace.get("hoverinfo") not in ("skip", "none")
        legend = trace.get("showlegend", True) is not False
        if hover or legend:
            found.extend(_strings(trace.get("name", "")))
        if hover:
            for key in ("hovertemplate", "hovertext", "customdata"):  # customdata: what %{customdata} shows
                found.extend(_strings(trace.get(key, "")))
        for key in ("text", "texttemplate", "labels"):
            found.extend(_strings(trace.get(key, "")))
        for key in ("x", "y"):
            values = trace.get(key)
            if isinstance(values, list):
                found.extend(v for v in values if isinstance(v, str))
        for part in ("node", "link"):
            found.extend(_strings((trace.get(part) or {}).get("label", [])))
            if hover:
                found.extend(_strings((trace.get(part) or {}).get("hovertemplate", "")))
        legendgroup_title = (trace.get("legendgrouptitle") or {}).get("text")
        found.extend(_strings(legendgroup_title or ""))
    layout = fig.get("layout", {})
    found.extend(_strings((layout.get("title") or {}).get("text", "")))
    found.extend(_strings(((layout.get("legend") or {}).get("title") or {}).get("text", "")))
    for ann in layout.get("annotations", []):
        if ann.get("visible", True):
            found.extend(_strings(ann.get("text", "")))
    for shape in layout.get("shapes", []):
        found.extend(_strings((shape.get("label") or {}).get("text", "")))
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            found.extend(_strings((axis.get("title") or {}).get("text", "")))
            found.extend(_strings(axis.get("ticktext", [])))
    return [text for text in found if text.strip()]


def deck_texts(deck: dict) -> list[str]:
    """The tooltip template and the strings of the layers' data that tooltips show."""
    found: list[str] = []
    tooltip = deck.get("tooltip") or {}
    if isinstance(tooltip, dict):
        found.extend(_strings(tooltip.get("html", "")))
        found.extend(_strings(tooltip.get("text", "")))
    for layer in deck.get("layers", []):
        data = layer.get("data")
        features = data.get("features", []) if isinstance(data, dict) else data if isinstance(data, list) else []
        for feature in features:
            props = feature.get("properties", feature) if isinstance(feature, dict) else {}
            for key, value in props.items():
                if isinstance(value, str) and not key.startswith("_") and key not in ("kod", "forbund", "farg"):
                    found.append(value)
    return [s for s in found if s.strip()]


def texts(at) -> dict[str, str]:
    """{where: text} for every text a reader of the page can see, sidebar included."""
    out: dict[str, str] = {}

    def add(where: str, value: Any) -> None:
        if isinstance(value, str) and value.strip():
            out[f"{where}: {value[:60]}"] = value

    for root_name, root in (("main", at.main), ("sidebar", at.sidebar)):
        nodes: list[Any] = []

        def walk(node) -> None:
            nodes.append(node)
            for child in getattr(node, "children", {}).values():
                walk(child)

        walk(root)
        for i, el in enumerate(nodes):
            kind = getattr(el, "type", "")
            where = f"{root_name}[{i}] {kind}"
            proto = getattr(el, "proto", None)
            if kind in ("markdown", "title", "header", "subheader", "caption", "text", "info", "warning", "error",
                        "success", "exception", "latex", "code"):
                if kind != "code":
                    add(where, getattr(el, "value", None))
            elif kind == "metric":
                add(where + " label", el.label)
                add(where + " value", el.value)
                add(where + " help", getattr(proto, "help", ""))
            elif kind in ("expander",) or (kind == "expandable"):
                add(where + " label", getattr(proto, "label", "") if proto is not None else "")
            elif kind == "dataframe":
                try:
                    frame = el.value
                    for col in frame.columns:
                        add(where + " column", str(col))
                    for col in frame.columns:
                        if str(frame[col].dtype) in ("str", "string", "object"):
                            for cell in frame[col].dropna().astype(str).unique()[:200]:
                                add(where + f" cell[{col}]", cell)
                except Exception:  # noqa: BLE001 - an unreadable table is reported by the page tests
                    pass
            if proto is not None and kind not in ("metric",):
                for attr in ("label", "help", "placeholder"):
                    value = getattr(proto, attr, None)
                    if isinstance(value, str):
                        add(f"{where} {attr}", value)
                options = getattr(el, "options", None)
                if options:
                    for option in options:
                        add(where + " option", str(option))
            if kind == "plotly_chart":
                for text in figure_texts(json.loads(proto.spec)):
                    add(where, text)
            if kind == "deck_gl_json_chart":
                spec = json.loads(proto.json)
                if getattr(proto, "tooltip", ""):  # Streamlit sends the tooltip beside the spec
                    spec["tooltip"] = json.loads(proto.tooltip)
                for text in deck_texts(spec):
                    add(where, text)
                add(where + " alt", getattr(proto, "alt", ""))
    return out
