"""Detect Swedish personnummer and samordningsnummer anywhere in an uploaded table.

The dashboard accepts only pseudonymised extracts, so one identity number anywhere (even in
a comment column that would be ignored) refuses the whole file. Detection needs a valid date
part (samordningsnummer: day + 60) and a valid Luhn check digit, so that pseudonymous ids
made of digits are not refused by accident. Nothing here returns or logs the numbers.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

# 6 or 8 date digits, optional '-' or '+', 4 digits; not part of a longer digit run.
_CANDIDATE = re.compile(r"(?<!\d)(\d{8}|\d{6})[-+]?(\d{4})(?!\d)")
_MIN_DIGITS = 10


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check over the 10-digit form YYMMDDNNNC."""
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return total % 10 == 0


def _date_ok(year: int, month: int, day: int) -> bool:
    if day > 60:  # samordningsnummer: birth day + 60
        day -= 60
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _valid(date_part: str, tail: str) -> bool:
    """A date part (YYMMDD or YYYYMMDD) and 4 digits that form a valid identity number."""
    if len(date_part) == 8:
        year = int(date_part[:4])
        if not 1850 <= year <= 2099:
            return False
        ok = _date_ok(year, int(date_part[4:6]), int(date_part[6:8]))
        date_part = date_part[2:]
    else:
        yy, month, day = int(date_part[:2]), int(date_part[2:4]), int(date_part[4:6])
        ok = _date_ok(2000 + yy, month, day) or _date_ok(1900 + yy, month, day)
    return ok and luhn_ok(date_part + tail)


def contains_personnummer(text: str) -> bool:
    """Whether `text` holds a valid personnummer or samordningsnummer anywhere in it."""
    if sum(ch.isdigit() for ch in text) < _MIN_DIGITS:
        return False
    return any(_valid(m.group(1), m.group(2)) for m in _CANDIDATE.finditer(text))


@dataclass(frozen=True)
class Finding:
    """Identity numbers in one column: where, and how many rows, never the numbers."""

    position: int
    rows: tuple[int, ...]  # Excel row numbers


def find_personnummer(frame: pd.DataFrame) -> list[Finding]:
    """Columns (by position) whose cells contain identity numbers, with the rows affected."""
    findings = []
    index = frame.index.tolist()
    for position, values in enumerate(frame.to_numpy(dtype=object).T.tolist()):
        hits = _hits(set(values))
        if hits:
            findings.append(Finding(position, tuple(int(r) for r, v in zip(index, values) if v in hits)))
    return findings


def _hits(values: Iterable[str]) -> set[str]:
    return {v for v in values if isinstance(v, str) and contains_personnummer(v)}
