"""`python -m mia`: the command-line face of the package.

Every verb takes the same filter flags and `--db`, so that whatever a page shows can be
scripted and tested. Errors are printed for people, in Swedish, never as a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

from mia.filters import DENOMINATORS, POPULATIONS, FilterError, Urval, parse_date
from mia.store import DatabaseError

# Verb -> module in mia/commands/ with HELP, configure(parser) and run(args) -> exit code.
# Modules import heavy libraries inside run(), so `--help` stays fast.
VERBS: dict[str, str] = {
    "demo": "mia.commands.demo",
    "summary": "mia.commands.summary",
    "reconcile": "mia.commands.reconcile",
    "chart": "mia.commands.chart",
    "presspaket": "mia.commands.presspaket",
    "validate": "mia.commands.validate",
    "import": "mia.commands.importera",
    "table": "mia.commands.table",
    "bench": "mia.commands.bench",
}


def add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None, help="DuckDB-fil (standard: $MIA_DB eller data/mia.duckdb)")


def add_filters(parser: argparse.ArgumentParser) -> None:
    """The filter flags, identical for every verb."""
    add_db(parser)
    g = parser.add_argument_group("urval")
    g.add_argument("--fran", help="periodens början, ÅÅÅÅ-MM-DD")
    g.add_argument("--till", help="periodens slut, ÅÅÅÅ-MM-DD")
    g.add_argument("--population", choices=POPULATIONS, default="inskrivna")
    g.add_argument("--namnare", choices=DENOMINATORS, default="alla")
    for name, meta in (("forbund", "KOD"), ("kommun", "KOD"), ("kon", "K|M|X"), ("aldersgrupp", "GRUPP"),
                       ("remittent", "KOD"), ("forsorjning", "KOD")):
        g.add_argument(f"--{name}", action="append", metavar=meta, help="kan upprepas eller kommaseparerat")


def urval_from(args: argparse.Namespace) -> Urval:
    """The selection named by the filter flags."""
    kwargs: dict = {"population": args.population, "namnare": args.namnare}
    if args.fran:
        kwargs["fran"] = parse_date(args.fran)
    if args.till:
        kwargs["till"] = parse_date(args.till)
    for name in ("forbund", "kommun", "kon", "aldersgrupp", "remittent", "forsorjning"):
        values = getattr(args, name, None) or []
        items = tuple(v.strip() for value in values for v in value.split(",") if v.strip())
        if name == "kommun":
            items = tuple(v.zfill(4) for v in items)
        kwargs[name] = items
    return Urval(**kwargs)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m mia", description="MIA-resultat: data, tabeller och export.")
    sub = parser.add_subparsers(dest="verb", required=True)
    for name, module_name in VERBS.items():
        module = importlib.import_module(module_name)
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.configure(p)
        p.set_defaults(handler=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except (FilterError, DatabaseError) as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Avbrutet.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `| head`: the reader has what it wanted
        sys.stderr.close()
        return 0


def print_json(obj: object) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))
