"""Figures as plain dicts ({"data": [...], "layout": {...}}) until they are finished.

Why: Plotly validates every property as it is set on a Figure, and a builder that adds
traces one by one, updates axes and layout piecemeal and then applies the house style
pays for that validation again and again (Jämför's small multiples: 150–250 ms a figure
at MIA's size). The same figure built as a dict costs a fraction of that, and is exactly
the same figure. `figure()` hands it over without validating it at all: the tests validate
every figure every page sends (tests/test_chart_spec.py). These helpers do to a dict what
the Figure methods of the same name do.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from mia.charts import margins

Spec = dict[str, Any]


def empty() -> Spec:
    """The spec of go.Figure()."""
    return {"data": [], "layout": {}}


def merge(target: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    """`update` merged into `target` as Figure.update_layout does: nested dicts are merged
    key by key, anything else (lists included) replaces."""
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            merge(target[key], value)
        else:
            target[key] = _copy(value)
    return target


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def axis_names(layout: dict[str, Any], letter: str) -> list[str]:
    """The layout's axes of one kind ("x" or "y"), as Figure.select_xaxes finds them: the
    first always, the numbered ones that the layout holds."""
    numbered = sorted((k for k in layout if re.fullmatch(rf"{letter}axis\d+", k)), key=lambda k: int(k[5:]))
    return [f"{letter}axis", *numbered]


def update_axes(spec: Spec, letter: str, update: dict[str, Any], only: list[int] | None = None) -> None:
    """Figure.update_xaxes / update_yaxes on a spec; `only`: the axes of these subplots
    (0-based, as `subplot_axes` numbers them), e.g. a grid's first column."""
    layout = spec.setdefault("layout", {})
    for i, name in enumerate(axis_names(layout, letter)):
        if only is None or i in only:
            merge(layout.setdefault(name, {}), update)


def add_annotation(spec: Spec, annotation: dict[str, Any]) -> None:
    spec.setdefault("layout", {}).setdefault("annotations", []).append(annotation)


def add_shape(spec: Spec, shape: dict[str, Any]) -> None:
    spec.setdefault("layout", {}).setdefault("shapes", []).append(shape)


def hline(y: float, **style: Any) -> dict[str, Any]:
    """The shape Figure.add_hline(y, **style) adds (a figure without subplots)."""
    return {"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": y, "y1": y, **style}


def vline(x: float, **style: Any) -> dict[str, Any]:
    """The shape Figure.add_vline(x, **style) adds (a figure without subplots)."""
    return {"type": "line", "xref": "x", "x0": x, "x1": x, "yref": "y domain", "y0": 0, "y1": 1, **style}


def hrect(y0: float, y1: float, **style: Any) -> dict[str, Any]:
    """The shape Figure.add_hrect(y0, y1, **style) adds (a figure without subplots)."""
    return {"type": "rect", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": y0, "y1": y1, **style}


def vrect(x0: float, x1: float, **style: Any) -> dict[str, Any]:
    """The shape Figure.add_vrect(x0, x1, **style) adds (a figure without subplots)."""
    return {"type": "rect", "xref": "x", "x0": x0, "x1": x1, "yref": "y domain", "y0": 0, "y1": 1, **style}


@lru_cache(maxsize=32)
def _grid(rows: int, cols: int, options: tuple[tuple[str, Any], ...], n_titles: int) -> Spec:
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[f"{{{i}}}" for i in range(n_titles)], **dict(options))
    layout = fig.to_dict()["layout"]
    layout.pop("template", None)  # go.Figure adds the default template again
    return layout


def subplots(rows: int, cols: int, titles: list[str], **options: Any) -> Spec:
    """The spec of make_subplots(rows, cols, subplot_titles=titles, **options), for
    hashable options. Grid layouts are kept per shape: only the titles change from call
    to call. The traces of subplot k (0-based, row by row) go on `subplot_axes(k)`."""
    layout = _copy(_grid(rows, cols, tuple(sorted(options.items())), len(titles)))
    for annotation, title in zip(layout.get("annotations", []), titles):
        annotation["text"] = title
    return {"data": [], "layout": layout}


def subplot_axes(k: int) -> dict[str, str]:
    """{"xaxis": ..., "yaxis": ...} of the k-th subplot (0-based), as a trace names them."""
    suffix = "" if k == 0 else str(k + 1)
    return {"xaxis": f"x{suffix}", "yaxis": f"y{suffix}"}


def figure(spec: Spec) -> go.Figure:
    """The finished Figure, with margins that already fit its labels (`mia.charts.margins`:
    Plotly need not draw it a second time to widen them), without property validation."""
    for trace in spec.get("data", []):
        _arrays_from_pandas(trace)
    # Not validated property by property (a fifth of the time: Jämför's four figures
    # 46 → 13 ms): every figure the pages send is validated by the tests instead
    # (tests/test_chart_spec.py), and images are drawn from validated copies.
    return go.Figure(margins.presized(spec), _validate=False)


def _arrays_from_pandas(node: dict[str, Any]) -> None:
    """pandas columns in a trace (x, y, marker colours, error bars) as plain values: an
    unvalidated figure would otherwise keep the pandas objects, which Streamlit deep-copies
    on every run. Numbers become lists, which plotly.js reads in every attribute (as numpy
    arrays they would be sent as typed arrays, which validation sends only for some, e.g.
    not for a bar's `base`); text and dates become the numpy arrays validation makes of them."""
    for key, value in node.items():
        if isinstance(value, (pd.Series, pd.Index)):
            node[key] = value.to_numpy(dtype=float, na_value=np.nan).tolist() if _numeric(value.dtype) \
                else value.to_numpy()
        elif isinstance(value, np.ndarray) and value.dtype.kind in "fiub":
            node[key] = value.tolist()
        elif isinstance(value, dict):
            _arrays_from_pandas(value)


def _numeric(dtype: Any) -> bool:
    return pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
