"""Parsed columns: every cell of a canonical column read once per distinct text.

Extracts repeat themselves (a few thousand dates, eight outcome codes, one förbund), so a
column is dictionary-encoded and each distinct text goes through its parser in
`mia.ingest.values` once; the rows keep an index into those results. The id column, where
every text is different, is cleaned column-wise (pyarrow) and only unusual cells
(non-ASCII, formulas) go through Python. The row checks (`mia.ingest.rows`) then work on
whole columns as numpy arrays.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from mia.ingest.arrow import buffers
from mia.ingest.messages import Text
from mia.ingest.values import BLANKS, ValueProblem

Parser = Callable[[str], Any]
ASCII_WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "  # what str.strip() removes below 128
_EPOCH = dt.date(1970, 1, 1).toordinal()
_ASCII_BLANKS = pa.array(sorted(b for b in BLANKS if b.isascii()), pa.large_string())


class Formula(ValueProblem):
    """A cell holding a formula (xlsx formula cell, or '=…' typed into a CSV)."""

    def __init__(self, value: str) -> None:
        shown = value.strip() if len(value.strip()) <= 40 else value.strip()[:39] + "…"
        super().__init__(Text("Cellen innehåller en formel ({formula}) i stället för ett värde.", formula=shown),
                         Text("Ersätt formeln med sitt värde (kopiera och välj Klistra in special → Värden) "
                              "och spara filen igen."))


def parse_one(value: str, parser: Parser) -> Any:
    """The parsed value of one cell text, or the ValueProblem that says why it is unreadable."""
    if value.lstrip().startswith("="):
        return Formula(value)
    try:
        return parser(value)
    except ValueProblem as problem:
        return problem


class Parsed:
    """One canonical column after parsing.

    `values[k]` is the parsed value of the k-th distinct text (a code, an int, a date, or
    None for blank or unreadable cells), `index[i]` the distinct text of row i, and
    `problems[k]` the ValueProblem of an unreadable text.
    """

    def __init__(self, index: np.ndarray, values: list[Any], problems: dict[int, ValueProblem]) -> None:
        self.index = index
        self.values = values
        self.problems = problems
        self._days: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.index)

    def value(self, i: int) -> Any:
        return self.values[self.index[i]]

    def problem(self, i: int) -> ValueProblem:
        return self.problems[int(self.index[i])]

    def _per_row(self, per_value: np.ndarray) -> np.ndarray:
        return per_value[self.index]

    def isnull(self) -> np.ndarray:
        return self._per_row(np.fromiter((v is None for v in self.values), dtype=bool, count=len(self.values)))

    def bad(self) -> np.ndarray:
        mask = np.zeros(len(self.values), dtype=bool)
        mask[list(self.problems)] = True
        return self._per_row(mask)

    def numbers(self) -> np.ndarray:
        """Integers as float64 (NaN for None); exact for every value that passes the checks."""
        return self._per_row(np.array([np.nan if v is None else _float(v) for v in self.values], dtype=np.float64))

    def days(self) -> np.ndarray:
        """Dates as datetime64[D] (NaT for None)."""
        if self._days is None:
            nat = np.datetime64("NaT").astype(np.int64)
            ordinals = np.array([nat if v is None else v.toordinal() - _EPOCH for v in self.values], dtype=np.int64)
            self._days = self._per_row(ordinals.astype("datetime64[D]"))
        return self._days

    def codes(self, known: dict[str, int]) -> np.ndarray:
        """Each row's value as its position in `known` (-1 for None or not known)."""
        return self._per_row(np.array([known.get(v, -1) if v is not None else -1 for v in self.values],
                                      dtype=np.int64))

    def strings(self) -> pa.Array:
        """Each row's value as text (null for None)."""
        return pa.array(self.values, pa.large_string()).take(pa.array(self.index))

    def codes_as_text(self) -> pa.Array:
        """Each row's value as text (null for None), dictionary-encoded: no copy of the
        texts per row, which for a million rows of a few codes is most of the work."""
        distinct = pa.array(self.values, pa.large_string())
        indices = pa.array(self.index.astype(np.int32), mask=self.isnull())
        return pa.DictionaryArray.from_arrays(indices, distinct)

    def integers(self) -> pa.Array:
        """Each row's value as int64 (null for None)."""
        return pa.array(self.values, pa.int64()).take(pa.array(self.index))

    def dates(self) -> pa.Array:
        """Each row's value as date32 (null for None)."""
        return pa.array(self.days(), pa.date32(), from_pandas=True)

    def present(self) -> set[Any]:
        """The distinct non-None values that occur."""
        return {self.values[k] for k in np.unique(self.index) if self.values[k] is not None}


class DateParsed(Parsed):
    """A date column: the distinct texts' dates kept as datetime64[D] (NaT for None)."""

    def __init__(self, index: np.ndarray, days: np.ndarray, problems: dict[int, ValueProblem]) -> None:
        super().__init__(index, [], problems)
        self.distinct_days = days

    def value(self, i: int) -> Any:
        day = self.distinct_days[self.index[i]]
        return None if np.isnat(day) else day.item()

    def isnull(self) -> np.ndarray:
        return self._per_row(np.isnat(self.distinct_days))

    def bad(self) -> np.ndarray:
        mask = np.zeros(len(self.distinct_days), dtype=bool)
        mask[list(self.problems)] = True
        return self._per_row(mask)

    def days(self) -> np.ndarray:
        if self._days is None:
            self._days = self._per_row(self.distinct_days)
        return self._days

    def present(self) -> set[Any]:
        return {day.item() for day in np.unique(self.days()) if not np.isnat(day)}


class TextParsed(Parsed):
    """A column of (mostly) distinct texts, e.g. deltagare_id: values per row, as Arrow."""

    def __init__(self, values: pa.Array, problems: dict[int, ValueProblem]) -> None:
        super().__init__(np.arange(len(values)), [], problems)
        self.text = values

    def value(self, i: int) -> Any:
        return self.text[i].as_py()

    def problem(self, i: int) -> ValueProblem:
        return self.problems[int(i)]

    def isnull(self) -> np.ndarray:
        return self.text.is_null().to_numpy(zero_copy_only=False)

    def bad(self) -> np.ndarray:
        mask = np.zeros(len(self.text), dtype=bool)
        mask[list(self.problems)] = True
        return mask

    def strings(self) -> pa.Array:
        return self.text

    def codes_as_text(self) -> pa.Array:
        return self.text  # every text different: a dictionary would only add indices

    def present(self) -> set[Any]:
        return set(pc.unique(self.text.drop_null()).to_pylist())


def constant(value: Any, n: int) -> Parsed:
    """A column absent from the file: the same value on every row."""
    return Parsed(np.zeros(n, dtype=np.int64), [value], {})


def dictionary(cells: pa.ChunkedArray) -> pa.DictionaryArray | None:
    """The column dictionary-encoded (None when it holds nulls: those are read as "")."""
    if cells.null_count:
        return None
    return pc.dictionary_encode(cells.combine_chunks() if cells.num_chunks != 1 else cells.chunk(0))


def parse_column(cells: pa.ChunkedArray, parser: Parser, dates: bool = False,
                 encoded: pa.DictionaryArray | None = None) -> Parsed:
    """Parse every cell, each distinct text once. `dates`: the column holds dates, and
    plain ISO dates ('2019-03-04') are read column-wise (exactly as `parse_date` would).
    `encoded`: the column already dictionary-encoded (`dictionary`)."""
    if encoded is None:
        encoded = dictionary(cells.fill_null(""))
    index = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    distinct = encoded.dictionary
    problems: dict[int, ValueProblem] = {}
    if dates:
        done, days = iso_dates(distinct)
    else:
        done, days = np.zeros(len(distinct), dtype=bool), None
    rest = np.flatnonzero(~done)
    values: list[Any] = [None] * len(distinct)
    for k, text in zip(rest.tolist(), distinct.take(pa.array(rest)).to_pylist()):
        outcome = parse_one(text, parser)
        if isinstance(outcome, ValueProblem):
            problems[k] = outcome
        elif outcome is not None and days is not None:
            days[k] = np.datetime64(outcome, "D")
        else:
            values[k] = outcome
    if days is not None:
        return DateParsed(index, days, problems)
    return Parsed(index, values, problems)


def iso_dates(texts: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Which texts are plain ISO dates 'ÅÅÅÅ-MM-DD' that `parse_date` accepts as they are
    (a real date, year 2000–2099), and the dates (datetime64[D], NaT for the others, which
    are left to `parse_date`)."""
    offsets, data = buffers(texts)
    candidates = np.flatnonzero(np.diff(offsets) == 10)
    found = np.zeros(len(texts), dtype=bool)
    days = np.full(len(texts), np.datetime64("NaT"), dtype="datetime64[D]")
    if not len(candidates) or texts.null_count:
        return found, days
    chars = data[offsets[candidates][:, None] + np.arange(10)].astype(np.int64)
    digits = chars - ord("0")
    shape = (((digits >= 0) & (digits <= 9))[:, [0, 1, 2, 3, 5, 6, 8, 9]].all(axis=1)
             & (chars[:, 4] == ord("-")) & (chars[:, 7] == ord("-")))
    year = digits[:, 0] * 1000 + digits[:, 1] * 100 + digits[:, 2] * 10 + digits[:, 3]
    month = digits[:, 5] * 10 + digits[:, 6]
    day = digits[:, 8] * 10 + digits[:, 9]
    ok = shape & (year >= 2000) & (year <= 2099) & (month >= 1) & (month <= 12) & (day >= 1)
    start = np.where(ok, (year - 1970) * 12 + month - 1, 0).astype("datetime64[M]")
    length = ((start + 1).astype("datetime64[D]") - start.astype("datetime64[D]")).astype(np.int64)
    ok &= day <= length
    found[candidates[ok]] = True
    days[candidates[ok]] = start[ok].astype("datetime64[D]") + (day[ok] - 1)
    return found, days


def parse_text_column(cells: pa.ChunkedArray, clean: Parser) -> TextParsed:
    """`parse_column` with the `clean` parser, column-wise: ASCII cells are trimmed and
    blanked here exactly as `clean` would; other cells and formulas go through Python."""
    array = cells.fill_null("")
    array = (array.combine_chunks() if array.num_chunks != 1 else array.chunk(0)).cast(pa.large_string())
    stripped = pc.utf8_trim(array, ASCII_WHITESPACE)
    blank = pc.is_in(pc.ascii_lower(stripped), value_set=_ASCII_BLANKS)
    values = pc.if_else(blank, pa.scalar(None, pa.large_string()), stripped)
    slow = pc.or_(pc.invert(pc.string_is_ascii(array)),
                  pc.starts_with(pc.utf8_ltrim(array, ASCII_WHITESPACE), "="))
    problems: dict[int, ValueProblem] = {}
    rows = np.flatnonzero(slow.to_numpy(zero_copy_only=False))
    if len(rows):
        texts = array.take(pa.array(rows)).to_pylist()
        cache: dict[str, Any] = {}
        replacements = []
        for row, text in zip(rows.tolist(), texts):
            if text not in cache:
                cache[text] = parse_one(text, clean)
            outcome = cache[text]
            if isinstance(outcome, ValueProblem):
                problems[row] = outcome
                outcome = None
            replacements.append(outcome)
        mask = np.zeros(len(array), dtype=bool)
        mask[rows] = True
        values = pc.replace_with_mask(values, pa.array(mask), pa.array(replacements, pa.large_string()))
    return TextParsed(values, problems)


def _float(value: int) -> float:
    try:
        return float(value)
    except OverflowError:
        return math.copysign(math.inf, value)
