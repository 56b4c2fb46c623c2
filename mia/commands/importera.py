"""`import`: validate extracts and replace their förbund's data (exit 0 imported, 1 refused).

The same path as the Data page (`mia.importer.import_file`): a refused file is recorded in
the import history and nothing else changes; a valid one replaces the förbund in it.
Several files (`import F01.csv F02.csv …`, e.g. one delivery per förbund) are imported in
order through `importer.import_files`: each is validated and recorded on its own, as if
imported alone (a refused file stops nothing), while valid files that follow each other
are written in one transaction, and later files are validated while earlier ones are
written; the exit code is the worst of the files'.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mia.cli import add_db, print_json

HELP = "Läs in deltagarutdrag: ersätter förbunden i varje fil (exit 0 = inlästa, 1 = någon avvisad)."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("fil", type=Path, metavar="FIL", nargs="+",
                        help="utdraget (.csv, .txt, .xlsx eller .parquet); flera filer läses in var för sig, i tur och ordning")
    add_db(parser)
    parser.add_argument("--vem", metavar="NAMN", default=None,
                        help="vem som läser in (sparas i importhistoriken; standard: inloggad användare)")
    parser.add_argument("--uttag", metavar="ÅÅÅÅ-MM-DD", default=None,
                        help="utdragets uttagsdatum (standard: senaste datumet i filen, högst i dag)")
    parser.add_argument("--json", action="store_true",
                        help="skriv resultatet som ett JSON-objekt (en lista av objekt för flera filer)")


def run(args: argparse.Namespace) -> int:
    from mia import importer, store
    from mia.commands._files import read_extract
    from mia.filters import parse_date

    uttag = parse_date(args.uttag) if args.uttag else None
    who = args.vem or _login()
    readable, codes, reports = [], [], []
    for path in args.fil:  # every path checked before anything is imported
        data, problem = read_extract(path)
        if problem:
            if problem.exit_code == 1:  # too large: a refused import, recorded like any other
                importer.record_oversized(store.connect(args.db), path.name, path.stat().st_size, who)
            codes.append(problem.report(args.json and len(args.fil) == 1))
            if args.json and len(args.fil) > 1:
                reports.append({"fil": str(path), "godkand": False, "fel": [{"text": str(problem.message)}]})
        else:
            # one file: its bytes as read; several: read again when its turn comes, so that a
            # hundred deliveries are not all held in memory at once
            readable.append((path.name, _reader(path, data if len(args.fil) == 1 else None)))
    import duckdb

    con = store.connect(args.db) if readable else None
    try:
        for outcome in importer.import_files(con, readable, who, uttag=uttag) if readable else ():
            codes.append(_report(outcome, args.json, reports))
    except duckdb.Error as exc:  # e.g. the disk is full while writing the history
        raise store.DatabaseError(f"Importen kunde inte skrivas till databasen ({type(exc).__name__}: {exc}). "
                                  "Ingenting har ändrats.") from exc
    except _Unreadable as exc:  # gone or unreadable since it was checked
        print(f"Fel: Filen {exc.path} kunde inte läsas ({exc.reason}). Filerna före den är inlästa; den och "
              "filerna efter den är inte det.", file=sys.stderr)
        codes.append(2)
    if args.json and reports:
        print_json(reports[0] if len(args.fil) == 1 else reports)
    return max(codes, default=0)


class _Unreadable(Exception):
    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(str(path))
        self.path, self.reason = path, error.strerror or type(error).__name__


def _reader(path: Path, data: bytes | None):
    """A function giving the file's bytes: `data` if given, else read from disk then."""
    first = [data] if data is not None else []

    def read() -> bytes:
        if first:
            return first.pop()
        try:
            return path.read_bytes()
        except OSError as exc:
            raise _Unreadable(path, exc) from exc

    return read


def _report(outcome, as_json: bool, reports: list) -> int:
    """Print (or collect, for --json) one file's outcome; its exit code."""
    from mia.commands.validate import print_report, report_dict

    if as_json:
        reports.append(report_dict(outcome.result) | {
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
