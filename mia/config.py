"""Settings: paths, project period and disclosure thresholds, each overridable by environment.

Thresholds are configuration, not code (DESIGN.md, "Disclosure control"), so that a förbund
with stricter rules can raise them without touching the package.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = PROJECT_ROOT / "queries"
REFERENCE_DIR = PROJECT_ROOT / "data" / "reference"
DEMO_DIR = PROJECT_ROOT / "data" / "demo"

PROJECT_START = date(2017, 4, 1)
PROJECT_END = date(2022, 9, 30)
MIA_VIDARE_START = date(2020, 6, 1)
MIA_FIRST_END = date(2020, 9, 30)

DEMO_SEED = 20170401
DEMO_EXTRACT_DATE = date(2022, 11, 30)


def _int_env(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value and value.strip().isdigit() else default


def db_path() -> Path:
    """The DuckDB file the app and the CLI share: `MIA_DB`, else data/mia.duckdb."""
    return Path(os.environ.get("MIA_DB") or PROJECT_ROOT / "data" / "mia.duckdb")


@dataclass(frozen=True)
class Disclosure:
    """Counts 1..min_count-1 are shown as "<min_count"; shares need min_denominator."""

    min_count: int = 5
    min_denominator: int = 10


def disclosure() -> Disclosure:
    return Disclosure(
        min_count=_int_env("MIA_MIN_ANTAL", 5),
        min_denominator=_int_env("MIA_MIN_NAMNARE", 10),
    )


def max_upload_mb() -> int:
    """Largest extract accepted, in megabytes (`MIA_MAX_UPLOAD_MB`)."""
    return _int_env("MIA_MAX_UPLOAD_MB", 200)
