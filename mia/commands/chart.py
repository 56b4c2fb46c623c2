"""`chart`: one named chart as a finished file (PNG, SVG, CSV or XLSX) for a selection.

    python -m mia chart oversikt --kommun 0160 --format png --out taby.png --size 1080x1080
    python -m mia chart oversikt --format png --out tryck.png --scale 3

A PNG is exactly (width·scale)×(height·scale) pixels and laid out for width×height, the
same file as the page's download button. Names: see `mia.chartbook.CHARTS`.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from mia.cli import add_filters, urval_from

HELP = "Ett diagram som färdig fil (PNG, SVG, CSV eller XLSX), t.ex. `chart oversikt --format png --out bild.png`."
FORMATS = ("png", "svg", "csv", "xlsx")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAMN", help="diagrammets namn, t.ex. oversikt, oversikt_trend, jamfor, flode, karta")
    add_filters(parser)
    parser.add_argument("--format", choices=FORMATS, default=None, help="filformat (standard: filändelsen i --out)")
    parser.add_argument("--out", type=Path, required=True, help="filen som skrivs")
    parser.add_argument("--size", default="1200x675", help="bredd×höjd i pixlar, t.ex. 1200x675 eller 1080x1080")
    parser.add_argument("--scale", type=float, default=1.0, help="skalfaktor för PNG, t.ex. 3 för tryck")
    parser.add_argument("--bas-url", dest="base_url", default=None,
                        help="appens adress för permalänken (standard: $MIA_BASE_URL eller http://127.0.0.1:8501)")


def parse_size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{2,5})\s*[x×X*]\s*(\d{2,5})\s*", text or "")
    if not match:
        raise ValueError(f"Ogiltig storlek {text!r}. Skriv BREDDxHÖJD, t.ex. 1200x675.")
    width, height = int(match.group(1)), int(match.group(2))
    if not (100 <= width <= 8000 and 100 <= height <= 8000):
        raise ValueError(f"Storleken {width}x{height} ligger utanför 100–8000 pixlar.")
    return width, height


def output_format(args: argparse.Namespace) -> str:
    fmt = args.format or args.out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"Okänt format {fmt!r}. Ange --format {'|'.join(FORMATS)} eller en sådan filändelse.")
    return fmt


def prepare(args: argparse.Namespace):
    """(connection, urval) for a chart verb."""
    from mia import store

    urval = urval_from(args)
    check_codes(urval)
    return store.connect(args.db), urval


def build_bundle(args: argparse.Namespace):
    """The named chart's bundle, its permalink on --bas-url when given (the process
    environment is restored afterwards: the verbs also run inside tests and scripts)."""
    import os

    from mia import chartbook

    con, urval = prepare(args)
    previous = os.environ.get("MIA_BASE_URL")
    try:
        if args.base_url:
            os.environ["MIA_BASE_URL"] = args.base_url
        return chartbook.build(args.name, con, urval)
    finally:
        if previous is None:
            os.environ.pop("MIA_BASE_URL", None)
        else:
            os.environ["MIA_BASE_URL"] = previous


def check_codes(urval) -> None:
    """Unknown förbund or kommun codes are an error, not an empty chart."""
    from mia.filters import FilterError
    from mia.reference import load_reference

    ref = load_reference()
    known = {"forbund": set(ref.forbund.forbund_kod), "kommun": set(ref.kommuner.kommunkod)}
    for name, codes in known.items():
        unknown = [c for c in getattr(urval, name) if c not in codes]
        if unknown:
            raise FilterError(f"Okänd {'förbundskod' if name == 'forbund' else 'kommunkod'} "
                              f"{', '.join(unknown)}. Giltiga: {', '.join(sorted(codes))}.")


def run(args: argparse.Namespace) -> int:
    import time

    from mia import export

    try:
        fmt = output_format(args)
        width, height = parse_size(args.size)
        if not 0.25 <= args.scale <= 6:
            raise ValueError("--scale ska ligga mellan 0,25 och 6.")
    except ValueError as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return 2
    bundle = build_bundle(args)
    started = time.perf_counter()
    try:
        if fmt == "png":
            data = bundle.png(width=width, height=height, scale=args.scale)
        elif fmt == "svg":
            data = bundle.svg(width, height)
        elif fmt == "csv":
            data = bundle.csv()
        else:
            data = bundle.xlsx()
    except export.ImageExportError as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return 3
    finally:
        export.shutdown()  # close the browser now, not during interpreter teardown
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    detail = ""
    if fmt == "png":
        w, h = export.png_size(data)
        detail = f", {w}×{h} px"
    print(f"Skrev {args.out} ({bundle.title}{detail}, {time.perf_counter() - started:.1f} s).")
    return 0
