"""`reconcile`: every published figure against what the loaded data gives."""
from __future__ import annotations

import argparse

from mia.cli import add_db, print_json

HELP = "Stäm av data mot publicerade siffror (exit 0 bara om alla stämmer)."


def configure(parser: argparse.ArgumentParser) -> None:
    add_db(parser)
    parser.add_argument("--json", action="store_true", help="skriv en JSON-lista")


def run(args: argparse.Namespace) -> int:
    from mia import reconcile, store

    results = reconcile.reconcile(store.connect(args.db))
    if args.json:
        print_json([{"id": r.id, "publicerat": r.publicerat, "beraknat": r.beraknat, "ok": r.ok,
                     "beskrivning": r.beskrivning, "enhet": r.enhet, "tolerans": r.tolerans,
                     "kalla": r.kalla} for r in results])
    else:
        for r in results:
            mark = "OK " if r.ok else "FEL"
            print(f"{mark} {r.id}: publicerat {r.publicerat:g}, data {r.beraknat:g} ({r.beskrivning})")
        print(f"{sum(r.ok for r in results)}/{len(results)} publicerade siffror återskapade.")
    return 0 if all(r.ok for r in results) else 1
