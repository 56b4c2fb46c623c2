"""`table`: a page's table as text or CSV, exactly as the page shows it (after disclosure
control: "<5", ".." and "–" where the page shows them).

    python -m mia table jamfor --niva kommun --utfall arbete_studier --kon K --csv

Each table is one entry in TABLES (name -> Table: help, extra flags, builder); the filter
flags are the same as every other verb's. Add a table (e.g. `flode`) with one entry.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mia.cli import add_filters, urval_from

HELP = "En sidas tabell som text eller CSV, t.ex. `table jamfor --niva kommun --csv`."


@dataclass(frozen=True)
class Table:
    """One printable table: its help text, its own flags, and a builder that returns the
    table as the page shows it (a data frame of display values)."""

    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    build: Callable[[Any, argparse.Namespace], Any]


# ---------------------------------------------------------------------------- jamfor


def _jamfor_flags(parser: argparse.ArgumentParser) -> None:
    from mia.compare import NIVAER, UTFALL

    parser.add_argument("--niva", choices=NIVAER, default="kommun", help="jämför kommuner eller förbund")
    parser.add_argument("--utfall", choices=UTFALL, default="arbete_studier", help="vilket utfall som jämförs")


def _jamfor(con: Any, args: argparse.Namespace):
    from mia import compare

    return compare.table_view(compare.units(con, urval_from(args), args.niva, args.utfall))


TABLES: dict[str, Table] = {
    "jamfor": Table(
        help="Jämför-sidans tabell: andel med 95 % konfidensintervall per kommun eller förbund, jämfört med länet.",
        configure=_jamfor_flags, build=_jamfor),
    "flode": Table(
        help="Flöde-sidans trappa: ett steg per rad (anmälda … arbete eller studier) med antal och andel som gick "
             "vidare från steget före, med 95 % konfidensintervall.",
        configure=lambda parser: None,
        build=lambda con, args: __import__("mia.flow", fromlist=["table_for_cli"]).table_for_cli(con, args)),
}


# ---------------------------------------------------------------------------- the verb


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="tabell", required=True, metavar="TABELL",
                                help=f"vilken tabell: {', '.join(TABLES)}")
    for name, table in TABLES.items():
        p = sub.add_parser(name, help=table.help.replace("%", "%%"), description=table.help)
        add_filters(p)
        table.configure(p)
        p.add_argument("--csv", action="store_true",
                       help="skriv CSV (kommaseparerad, punkt som decimaltecken, UTF-8)")


def run(args: argparse.Namespace) -> int:
    from mia import export, store

    con = store.connect(args.db)
    df = TABLES[args.tabell].build(con, args)
    if args.csv:
        export.neutralise(df).to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        print(df.to_string(index=False))
    return 0
