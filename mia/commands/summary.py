"""`summary`: the headline numbers of one selection."""
from __future__ import annotations

import argparse

from mia.cli import add_filters, print_json, urval_from

HELP = "Nyckeltal för ett urval (antal, avslutade, utfall, andelar)."


def configure(parser: argparse.ArgumentParser) -> None:
    add_filters(parser)
    parser.add_argument("--json", action="store_true", help="skriv ett JSON-objekt")


def run(args: argparse.Namespace) -> int:
    from mia import measures, store

    con = store.connect(args.db)
    summary = measures.summary(con, urval_from(args))
    if args.json:
        print_json(summary)
    else:
        for key, value in summary.items():
            print(f"{key}: {value}")
    return 0
