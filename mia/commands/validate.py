"""`validate`: check an extract without storing anything (exit 0 valid, 1 not, 2 unreadable path)."""
from __future__ import annotations

import argparse
from pathlib import Path

from mia.cli import print_json

HELP = "Kontrollera ett deltagarutdrag utan att spara något (exit 0 = godkänt, 1 = fel i filen)."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("fil", type=Path, metavar="FIL", help="utdraget (.csv, .txt, .xlsx eller .parquet)")
    parser.add_argument("--json", action="store_true", help="skriv rapporten som ett JSON-objekt")


def run(args: argparse.Namespace) -> int:
    from mia.commands._files import read_extract
    from mia.importer import safe_file_name
    from mia.ingest import validate_extract

    data, problem = read_extract(args.fil)
    if problem:
        return problem.report(args.json)
    result = validate_extract(data, safe_file_name(args.fil.name))
    if args.json:
        print_json(report_dict(result))
    else:
        print_report(result)
    return 0 if result.ok else 1


def report_dict(result) -> dict:
    """The validation report as JSON-ready data (also used by `import --json`)."""
    def issue(i) -> dict:
        return {"rad": i.row, "kolumn": i.column, "varde": i.value, "kod": i.code, "text": i.text}

    return {"fil": result.file, "godkand": result.ok, "sammanfattning": result.summary(), "rader": result.rows,
            "forbund": sorted(result.forbund), "sha256": result.sha256, "format": result.source,
            "antal_fel": result.error_count, "antal_varningar": result.warning_count,
            "fel": [issue(i) for i in result.errors], "varningar": [issue(i) for i in result.warnings]}


def print_report(result) -> None:
    """The report for people: the summary line, then every error and warning on its own line."""
    print(result.summary())
    if result.source:
        print(f"Läst som: {result.source}.")
    for i in result.errors:
        print(f"Fel: {i.text}")
    for i in result.warnings:
        print(f"Varning: {i.text}")
