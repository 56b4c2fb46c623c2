"""`presspaket`: one zip per chart for a press release.

    python -m mia presspaket oversikt --kommun 0160 --out taby.zip

The zip holds PNG 1200×675, PNG 1080×1080, PNG for print (3×), SVG, CSV, XLSX and a .txt
with the press sentence, alt text, source line, method note and the permalink — the same
files as the page's "Presspaket" button.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mia.cli import add_filters

HELP = "Presspaket (zip) för ett diagram: bilder, SVG, CSV/XLSX, pressmening, alt-text, metod och permalänk."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAMN", help="diagrammets namn, t.ex. oversikt, jamfor, flode, karta")
    add_filters(parser)
    parser.add_argument("--out", type=Path, required=True, help="zip-filen som skrivs")
    parser.add_argument("--utan-bilder", dest="no_images", action="store_true",
                        help="hoppa över PNG/SVG (när servern saknar Chromium)")
    parser.add_argument("--bas-url", dest="base_url", default=None,
                        help="appens adress för permalänken (standard: $MIA_BASE_URL eller http://127.0.0.1:8501)")


def run(args: argparse.Namespace) -> int:
    import time
    import zipfile

    from mia import export
    from mia.commands.chart import build_bundle

    bundle = build_bundle(args)
    started = time.perf_counter()
    try:
        data = export.presspaket_zip(bundle, images=not args.no_images)
    except export.ImageExportError as exc:
        print(f"Fel: {exc} (Med --utan-bilder blir paketet utan bilder.)", file=sys.stderr)
        return 3
    finally:
        export.shutdown()  # close the browser now, not during interpreter teardown
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    with zipfile.ZipFile(args.out) as zf:
        names = zf.namelist()
    print(f"Skrev {args.out} ({len(names)} filer, {len(data) // 1024} kB, {time.perf_counter() - started:.1f} s):")
    for name in names:
        print(f"  {name}")
    return 0
