"""`bench`: how fast is the dashboard at N participants? (import, every data page, memory)

Generates a synthetic national extract (80 förbund, 290 kommuner), imports it through the
real import path in a fresh process, times each data page with DuckDB and the same pages
in pandas, and reports. See bench/README.md for the numbers and how to read them.
"""
from __future__ import annotations

import argparse

HELP = "Mät import, sidornas beräkningar och minne för N syntetiska deltagare (jämfört med pandas)."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rows", type=int, default=100_000, help="antal deltagare (standard 100 000)")
    parser.add_argument("--runs", type=int, default=5, help="urval per sida; medianen rapporteras (minst 5)")
    parser.add_argument("--pages", default=None, help="kommaseparerade sidor (standard: alla: "
                        "oversikt,jamfor,flode,karta,data)")
    parser.add_argument("--no-check", action="store_true", help="hoppa över jämförelsen DuckDB = pandas")
    parser.add_argument("--no-pandas", action="store_true", help="hoppa över pandas-jämförelsen helt (stora N)")
    parser.add_argument("--sql-only", default="", help="sidor vars frågor mäts utan sidans Python-bearbetning "
                        "(oversikt,jamfor,karta: röjandeskyddet beror på antalet enheter, inte rader)")
    parser.add_argument("--seed", type=int, default=None, help="slumpfrö för de syntetiska data")
    parser.add_argument("--forbund", type=int, default=80, help="antal syntetiska förbund (standard 80, över "
                        "Sveriges 290 kommuner; färre ger färre medlemskommuner)")
    parser.add_argument("--json", action="store_true", help="skriv resultatet som ett JSON-objekt")


def run(args: argparse.Namespace) -> int:
    from mia import bench
    from mia.cli import print_json

    pages = tuple(p.strip() for p in (args.pages or ",".join(bench.PAGES)).split(",") if p.strip())
    sql_only = tuple(p.strip() for p in args.sql_only.split(",") if p.strip())
    unknown = [p for p in pages if p not in bench.PAGES] + [p for p in sql_only if p not in bench.SQL_ONLY]
    if unknown or args.rows < 1 or args.runs < 1 or not 1 <= args.forbund <= 80:
        print(f"Fel: okända sidor {unknown} (välj bland {', '.join(bench.PAGES)})" if unknown
              else "Fel: --rows och --runs måste vara minst 1, --forbund 1–80.")
        return 2
    result = bench.run(args.rows, runs=args.runs, pages=pages, check=not args.no_check,
                       seed=bench.SEED if args.seed is None else args.seed, forbund=args.forbund, sql_only=sql_only,
                       pandas=not args.no_pandas)
    if args.json:
        print_json(result)
    else:
        print(bench.report(result))
    differences = result.get("baseline_differences") or {}
    return 1 if differences else 0
