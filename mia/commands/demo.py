"""`demo`: (re)build a database holding the synthetic demo extract."""
from __future__ import annotations

import argparse

from mia.cli import add_db

HELP = "Bygg om databasen med syntetiska demodata (alla förbund ersätts)."


def configure(parser: argparse.ArgumentParser) -> None:
    add_db(parser)
    parser.add_argument("--seed", type=int, default=None, help="slumpfrö (standard: projektets)")


def run(args: argparse.Namespace) -> int:
    from mia import demo, store
    from mia.config import DEMO_SEED

    con = store.rebuild(args.db)
    import_id = demo.install(con, args.seed if args.seed is not None else DEMO_SEED)
    print(f"Demodata inlästa ({store.row_count(con)} rader, import {import_id}) i {args.db or 'standarddatabasen'}.")
    return 0
