"""`import`: validate an extract and replace its förbund's data (exit 0 imported, 1 refused).

The same path as the Data page (`mia.importer.import_file`): a refused file is recorded in
the import history and nothing else changes; a valid one replaces the förbund in it.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from mia.cli import add_db, print_json

HELP = "Läs in ett deltagarutdrag: ersätter förbunden i filen (exit 0 = inläst, 1 = avvisad)."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("fil", type=Path, metavar="FIL", help="utdraget (.csv, .txt, .xlsx eller .parquet)")
    add_db(parser)
    parser.add_argument("--vem", metavar="NAMN", default=None,
                        help="vem som läser in (sparas i importhistoriken; standard: inloggad användare)")
    parser.add_argument("--uttag", metavar="ÅÅÅÅ-MM-DD", default=None,
                        help="utdragets uttagsdatum (standard: senaste datumet i filen, högst i dag)")
    parser.add_argument("--json", action="store_true", help="skriv resultatet som ett JSON-objekt")


def run(args: argparse.Namespace) -> int:
    from mia import importer, store
    from mia.commands._files import read_extract
    from mia.commands.validate import print_report, report_dict
    from mia.filters import parse_date

    uttag = parse_date(args.uttag) if args.uttag else None
    who = args.vem or _login()
    data, problem = read_extract(args.fil)
    if problem:
        if problem.exit_code == 1:  # too large: a refused import, recorded like any other
            importer.record_oversized(store.connect(args.db), args.fil.name, args.fil.stat().st_size, who)
        return problem.report(args.json)
    import duckdb

    con = store.connect(args.db)
    try:
        outcome = importer.import_file(con, data, args.fil.name, who, uttag=uttag)
    except duckdb.Error as exc:  # e.g. the disk is full while writing the history
        raise store.DatabaseError(f"Importen kunde inte skrivas till databasen ({type(exc).__name__}: {exc}). "
                                  "Ingenting har ändrats.") from exc
    if args.json:
        print_json(report_dict(outcome.result) | {
            "status": outcome.status, "import_id": outcome.import_id, "meddelande": outcome.message,
            "uttag": outcome.uttag, "dataversion": outcome.data_version,
            "rader_fore": {c: b for c, b, _ in outcome.changes()}, "rader_efter": {c: a for c, _, a in outcome.changes()}})
    else:
        print_report(outcome.result)
        where = f" [import {outcome.import_id}]" if outcome.import_id is not None else ""
        print(f"{outcome.message}{where}")
    if outcome.status == "misslyckad":
        return 2
    return 0 if outcome.imported else 1


def _login() -> str | None:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment: the history says "okänd"
        return None
