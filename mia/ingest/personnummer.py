"""Detect Swedish personnummer and samordningsnummer anywhere in an uploaded table.

The dashboard accepts only pseudonymised extracts, so one identity number anywhere (even in
a comment column that would be ignored) refuses the whole file. Detection needs a valid date
part (samordningsnummer: day + 60) and a valid Luhn check digit, so that pseudonymous ids
made of digits are not refused by accident. Nothing here returns or logs the numbers.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mia.ingest.arrow import buffers, chunks, text_column

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


def find_personnummer(frame: pd.DataFrame, encoded: Mapping[int, Any] | None = None) -> list[Finding]:
    """Columns (by position) whose cells contain identity numbers, with the rows affected.

    Column-wise: only cells that could hold one (at least ten ASCII digits, or any
    non-ASCII character, since `\\d` and `str.isdigit` accept other scripts' digits) are
    looked at in Python, each distinct text once. `encoded`: columns (by position) already
    dictionary-encoded; their distinct texts are checked instead of their bytes.
    """
    findings = []
    index = frame.index.to_numpy()
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        if column.dtype == object:  # not text (a frame built by hand): the plain way
            values = column.tolist()
            hits = _hits(set(values))
            rows = [i for i, v in enumerate(values) if v in hits]
        elif encoded and position in encoded:
            rows = _rows_in_dictionary(encoded[position])
        else:
            rows = _rows_with_numbers(text_column(column))
        if len(rows):
            findings.append(Finding(position, tuple(int(index[i]) for i in rows)))
    return findings


def _hits(values: Iterable[str]) -> set[str]:
    return {v for v in values if isinstance(v, str) and contains_personnummer(v)}


def _rows_in_dictionary(encoded: Any) -> list[int]:
    """Positions of the cells holding an identity number, from a dictionary-encoded column."""
    # Only distinct texts with ten digits (or non-ASCII) can hold one, found column-wise:
    # a file's few thousand distinct dates ("2019-03-04": eight digits) need no Python.
    candidates = np.flatnonzero(_may_contain(pa.chunked_array([encoded.dictionary])))
    texts = encoded.dictionary.take(pa.array(candidates, pa.int64())).to_pylist() if len(candidates) else []
    hits = [int(k) for k, text in zip(candidates, texts) if text is not None and contains_personnummer(text)]
    if not hits:
        return []
    return np.flatnonzero(np.isin(encoded.indices.to_numpy(zero_copy_only=False), hits)).tolist()


def _rows_with_numbers(column: pa.ChunkedArray) -> list[int]:
    """Positions (in order) of the cells of a text column that contain an identity number."""
    candidates = np.flatnonzero(_may_contain(column))
    if not len(candidates):
        return []
    texts = column.take(pa.array(candidates))
    hits = [v for v in pc.unique(texts).to_pylist() if v is not None and contains_personnummer(v)]
    if not hits:
        return []
    found = pc.is_in(texts, value_set=pa.array(hits, pa.string())).to_numpy(zero_copy_only=False)
    return candidates[found].tolist()


_DIGIT = np.zeros(256, dtype=np.uint8)
_DIGIT[ord("0"):ord("9") + 1] = 1


def _may_contain(column: pa.ChunkedArray) -> np.ndarray:
    """Per cell: could `contains_personnummer` be true? It needs ten digits, so at least ten
    bytes, and then ten ASCII digits or (other scripts' digits) a non-ASCII character."""
    parts = [np.zeros(0, dtype=bool)]
    for chunk in chunks(column):
        offsets, values = buffers(chunk)
        long = np.diff(offsets) >= _MIN_DIGITS
        if chunk.null_count:
            long &= chunk.is_valid().to_numpy(zero_copy_only=False)
        if long.any():
            digits = np.concatenate(([0], np.cumsum(_DIGIT[values], dtype=np.int64 if len(values) >= 2**31 else np.int32)))
            wide = ~pc.string_is_ascii(chunk).to_numpy(zero_copy_only=False)
            long &= ((digits[offsets[1:]] - digits[offsets[:-1]]) >= _MIN_DIGITS) | wide
        parts.append(long)
    return np.concatenate(parts)
