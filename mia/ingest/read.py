"""Read an uploaded extract (CSV/TXT, XLSX, Parquet) into a table of strings.

The table shows the cells as the user sees them in Excel, so that every later message can
quote the value and the row number (header = row 1) the user will find in their own file.
Nothing is interpreted here: types, codes and dates are the job of `values.py`.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Literal

import numpy as np
import pandas as pd

from mia import config
from mia.ingest import arrow
from mia.ingest.issues import IngestError, column_letter
from mia.ingest.messages import Text
from mia.ingest.personnummer import contains_personnummer
from mia.text_storage import ARROW_TEXT

FileFormat = Literal["csv", "xlsx", "parquet"]

SEPARATORS = (";", "\t", ",")  # preference order when equally likely
SHEET_NAME = "deltagare"
HEADER_SEARCH_ROWS = 20  # a title line or two above the header is tolerated
ZIP_MAGIC = b"PK\x03\x04"
PARQUET_MAGIC = b"PAR1"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls and password-protected .xlsx
XLSX_EXPANSION = 20  # an xlsx may unpack to at most this many times the upload limit


@dataclass(frozen=True)
class RawTable:
    """The file as a table of strings.

    `frame` has one str column per file column (labels made unique: blank headers become
    "Kolumn F", repeats get " (2)"), blanks as "", and its index is the row number as seen in
    Excel. `headers` are the header cells exactly as written, by position.
    """

    frame: pd.DataFrame
    headers: tuple[str, ...]
    format: FileFormat
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None
    header_row: int = 1
    # Other sheets of the workbook that hold identity numbers (names only): the whole file
    # is refused even though those sheets would not be imported.
    sheets_with_personnummer: tuple[str, ...] = ()

    @property
    def row_numbers(self) -> list[int]:
        """Excel row number of each data row, in order."""
        return [int(i) for i in self.frame.index]

    def describe(self) -> Text:
        """A short description of what was detected, for the import log (a Text: Swedish as str)."""
        parts: list[Any] = [{"csv": Text("CSV/text"), "xlsx": "Excel (.xlsx)", "parquet": "Parquet"}[self.format]]
        if self.encoding:
            parts.append(Text("teckenkodning {encoding}", encoding=self.encoding))
        if self.separator:
            parts.append(Text("avgränsare {separator}", separator=_separator_name(self.separator)))
        if self.sheet:
            parts.append(Text('blad "{sheet}"', sheet=self.sheet))
        return Text("{parts}", parts=parts)


def read_table(data: bytes, filename: str) -> RawTable:
    """Read `data` (the uploaded bytes) into a RawTable; raise IngestError if impossible.

    The format comes from the content (see detect_format), not from the extension.
    """
    _check_size(data)
    kind = detect_format(data, filename)
    if kind == "xlsx":
        records, sheet, flagged = _read_xlsx(data)
        return replace(_build(records, "xlsx", sheet=sheet), sheets_with_personnummer=flagged)
    if kind == "parquet":
        return _build(_read_parquet(data), "parquet")
    text, encoding = decode_text(data)
    fast = _read_csv_fast(data, text, encoding)
    if fast is not None:
        return fast
    separator, records = _read_csv(text)
    return _build(records, "csv", encoding=encoding, separator=separator)


def detect_format(data: bytes, filename: str = "") -> FileFormat:
    """Which reader to use, decided by the bytes alone: a zip is an xlsx, 'PAR1' is Parquet,
    anything else is read as text. Users rename files and browsers mangle names, so the
    extension (`filename`) is not trusted; it is accepted for symmetry with read_table."""
    if data.startswith(ZIP_MAGIC):
        return "xlsx"
    if data.startswith(PARQUET_MAGIC):
        return "parquet"
    if data.startswith(OLE_MAGIC):
        raise IngestError(
            Text("Filen är i Excels gamla format (.xls) eller lösenordsskyddad och kan inte läsas."),
            Text("Öppna den i Excel, ta bort eventuellt lösenord och spara som .xlsx eller CSV (UTF-8)."),
            "old_excel")
    if data.startswith(b"%PDF"):
        raise IngestError(Text("Filen är en PDF, inte en tabell."),
                          Text("Ladda upp utdraget som .xlsx, .csv eller .parquet."), "unsupported_format")
    return "csv"


def _check_size(data: bytes) -> None:
    if not data:
        raise IngestError(Text("Filen är tom (0 byte)."),
                          Text("Kontrollera att du valde rätt fil och att den sparats."), "empty")
    limit = config.max_upload_mb()
    if len(data) > limit * 1024 * 1024:
        size = len(data) / (1024 * 1024)
        raise IngestError(Text("Filen är för stor ({size} MB); gränsen är {limit} MB.", size=f"{size:.0f}",
                               limit=limit),
                          Text("Dela upp utdraget per förbund, eller spara det som .xlsx eller .parquet som är "
                               "mindre."),
                          "too_large")


# ---------------------------------------------------------------- text (CSV/TXT)

def decode_text(data: bytes) -> tuple[str, str]:
    """Decode text bytes: BOM first, then strict UTF-8, then Windows-1252, then Latin-1.

    Strict UTF-8 almost never accepts cp1252 text with å/ä/ö by accident, so trying it first
    is a reliable detector; cp1252 is what Swedish Excel writes for "CSV (semikolonavgränsad)".
    """
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", Text("UTF-8 med BOM")), "utf-8-sig"
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _check_textual(_strict(data[2:], codec, "UTF-16")), "utf-16"
    for codec in ("utf-8", "cp1252"):
        try:
            return _check_textual(data.decode(codec)), codec
        except UnicodeDecodeError:
            continue
    return _check_textual(data.decode("latin-1")), "latin-1"


def _strict(data: bytes, codec: str, label: Text | str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise IngestError(Text("Filen säger att den är {label} men innehåller ogiltiga tecken.", label=label),
                          Text("Spara om filen som CSV (UTF-8) i Excel och försök igen."), "bad_encoding") from exc


_CONTROLS = {code: None for code in [*range(0x20), *range(0x7F, 0xA0)] if chr(code) not in "\t\r\n"}


def _check_textual(text: str) -> str:
    """Refuse binary content: real text has next to no control characters."""
    text = text.rstrip("\x1a")  # old DOS end-of-file marker
    sample = text[:65536]
    controls = len(sample) - len(sample.translate(_CONTROLS))  # category Cc, apart from \t \r \n
    if "\x00" in sample or controls > max(2, len(sample) // 1000):
        raise IngestError(Text("Filen innehåller binära data och är ingen textfil (CSV)."),
                          Text("Ladda upp utdraget som .xlsx, .csv eller .parquet."), "binary")
    return text


def _read_csv(text: str) -> tuple[str | None, list[tuple[int, list[str]]]]:
    """Split text into records; returns the separator and (Excel row number, cells) pairs."""
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise IngestError(Text("Filen är tom: den innehåller inga rader."),
                          Text("Kontrollera att du valde rätt fil."), "empty")
    separator, skip = _excel_sep_line(lines[0])
    if separator is None:
        separator = sniff_separator(lines[first: first + HEADER_SEARCH_ROWS])
    body = text.split("\n", 1)[1] if skip and "\n" in text else ("" if skip else text)
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=separator or "\x1f", quotechar='"')
    try:
        records = [(number, row) for number, row in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise IngestError(Text("Filen kunde inte delas upp i kolumner (trasiga citattecken eller mycket långa "
                               "fält)."),
                          Text("Öppna filen i Excel och spara den igen som CSV."), "bad_csv") from exc
    return separator, records


# ---------------------------------------------------------------- text, fast path
#
# The common case (no quotes, the same number of fields on every line, no blank lines) is
# read column-wise by pyarrow's CSV reader and gives exactly the RawTable that `_read_csv`
# + `_build` give (tests/test_bench.py compares the two on random text). Anything else
# returns None and takes the csv-module path above.

ASCII_WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "  # what str.strip() removes below 128
_FIRST_BYTE_MAY_BE_SPACE = np.zeros(256, dtype=bool)
_FIRST_BYTE_MAY_BE_SPACE[[ord(c) for c in ASCII_WHITESPACE]] = True
_FIRST_BYTE_MAY_BE_SPACE[0x80:] = True  # non-ASCII: perhaps a Unicode space (checked exactly)
_FAST_ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "latin-1")


def _read_csv_fast(data: bytes, text: str, encoding: str) -> RawTable | None:
    """The RawTable of a plain CSV via pyarrow, or None when the file needs the csv module."""
    if encoding not in _FAST_ENCODINGS or b'"' in data or b"\x00" in data:
        return None
    lines, first = _head_lines(text)
    if first != 0:
        return None  # blank lines first (or an empty file): the general path decides
    separator, skip = _excel_sep_line(lines[0])
    if separator is None:
        separator = sniff_separator(lines[first: first + HEADER_SEARCH_ROWS])
    if separator is None or separator in "\r\n":
        return None
    if encoding in ("utf-8", "utf-8-sig") and not data.endswith(b"\x1a"):
        body = memoryview(data)[3:] if encoding == "utf-8-sig" else memoryview(data)
    else:
        body = memoryview(text.encode("utf-8"))
    if skip:
        cut = bytes(body[:4096]).find(b"\n")
        if cut < 0:
            return None
        body = body[cut + 1:]
    end = bytes(body[:1 << 20]).find(b"\n")
    head = bytes(body[:end if end >= 0 else 1 << 20]).rstrip(b"\r")
    if end < 0 or b"\r" in head:
        return None
    width = head.count(separator.encode("utf-8")) + 1
    if width < 2:
        return None
    table = _arrow_csv(body, separator, width)
    if table is None:
        return None
    return _build_columns([table.column(i) for i in range(width)], encoding, separator)


def _head_lines(text: str) -> tuple[list[str], int | None]:
    """The first lines as `text.splitlines()` gives them (enough to sniff), and the index
    of the first non-blank one (None: none at all)."""
    size = 1 << 16
    while True:
        lines = text[:size].splitlines()
        complete = size >= len(text)
        if not complete:
            lines = lines[:-1]  # the last one may be cut off
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if complete or (first is not None and len(lines) > first + HEADER_SEARCH_ROWS):
            return lines, first
        size *= 4


def _arrow_csv(body: memoryview, separator: str, width: int) -> Any:
    """Every line split at `separator` into `width` string columns, no quoting; None when a
    line has another number of fields (a blank line, a title line) or a field is longer
    than the csv module accepts."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    names = [f"f{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            pa.py_buffer(body),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=separator, quote_char=False, double_quote=False,
                                              escape_char=False, newlines_in_values=False,
                                              ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.large_string() for n in names},
                                                 strings_can_be_null=False, null_values=[],
                                                 quoted_strings_can_be_null=False, check_utf8=False),
        )
    except (pa.ArrowInvalid, pa.ArrowException):
        return None
    if table.num_rows == 0:
        return None
    limit = csv.field_size_limit()
    for column in table.columns:
        widest = max((int(np.diff(arrow.buffers(chunk)[0]).max()) for chunk in arrow.chunks(column)), default=0)
        if widest > limit and pc.max(pc.utf8_length(column)).as_py() > limit:  # bytes ≥ characters
            return None
    return table


def _blank_mask(column: Any) -> np.ndarray:
    """Per cell: `cell.strip() == ""` (exactly; non-ASCII cells are checked in Python)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    parts = [np.zeros(0, dtype=bool)]
    for chunk in arrow.chunks(column):
        offsets, values = arrow.buffers(chunk)
        lengths = np.diff(offsets)
        blank = lengths == 0
        maybe = ~blank
        maybe[maybe] = _FIRST_BYTE_MAY_BE_SPACE[values[offsets[:-1][maybe]]]
        if maybe.any():
            where = np.flatnonzero(maybe)
            texts = chunk.take(pa.array(where))
            spaces = [v for v in pc.unique(texts).to_pylist() if not v.strip()]
            if spaces:
                blank[where] = pc.is_in(texts, value_set=pa.array(spaces, chunk.type)).to_numpy(zero_copy_only=False)
        parts.append(blank)
    return np.concatenate(parts)


def _byte_lengths(column: Any) -> np.ndarray:
    """Each cell's length in bytes, from the offsets (0 exactly when the cell is empty)."""
    parts = [np.diff(arrow.buffers(chunk)[0]) for chunk in arrow.chunks(column)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _build_columns(columns: list[Any], encoding: str, separator: str) -> RawTable | None:
    """`_build` for a table read column-wise: drop blank rows, find the header row, trim,
    pad and drop blank columns, with the same row numbers (record number, from 1)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(columns[0])
    width = len(columns)
    blank = arrow.per_column(_blank_mask, columns, n * width)
    trailing: list[np.ndarray] = [np.empty(0, dtype=bool)] * width  # cell and all to its right blank
    run = np.ones(n, dtype=bool)
    length = np.full(n, width, dtype=np.int32)  # cells left after dropping trailing blanks
    filled = np.full(n, width, dtype=np.int32)  # cells not blank
    for j in range(width - 1, -1, -1):  # counted column by column: no rows × columns matrix
        run = run & blank[j]
        trailing[j] = run
        length -= run
        filled -= blank[j]
    kept = np.flatnonzero(length > 0)
    if len(kept) == 0:
        return None
    candidates = kept[:HEADER_SEARCH_ROWS]
    hits = np.flatnonzero(filled[candidates] >= 2)
    start = int(hits[0]) if len(hits) else 0
    header_at, body = int(candidates[start]), kept[start + 1:]
    if len(body) == 0:
        return None
    used = int(max(length[header_at], length[body].max()))
    headers = [str(columns[j][header_at].as_py()).strip() if j < length[header_at] else "" for j in range(used)]
    keep = [j for j in range(used) if headers[j] or not blank[j][body].all()]
    contiguous = int(body[-1]) - int(body[0]) + 1 == len(body)
    index = pd.Index(body.astype(np.int64) + 1, name="rad")
    data = {}
    for label, j in zip(_labels([headers[j] for j in keep], keep), keep):
        cells = columns[j].slice(int(body[0]), len(body)) if contiguous else columns[j].take(pa.array(body))
        cut = trailing[j][body]
        if cut.any():
            cut = cut & (_byte_lengths(cells) > 0)  # blank but not empty: spaces
        if cut.any():
            cells = pc.if_else(pa.array(cut), "", cells)
        data[label] = pd.array(cells, dtype=ARROW_TEXT)
    frame = pd.DataFrame(data, index=index)
    return RawTable(frame, tuple(headers[j] for j in keep), "csv", encoding, separator, None, header_at + 1)


def _excel_sep_line(line: str) -> tuple[str | None, bool]:
    """Excel writes and hides a first line 'sep=;'; honour it and do not count it as a row."""
    stripped = line.strip().strip('"')
    if stripped.lower().startswith("sep=") and len(stripped) == 5 and stripped[4] not in '"\r\n':
        return stripped[4], True
    return None, False


def sniff_separator(lines: Sequence[str]) -> str | None:
    """The separator that splits the first lines most consistently into the most fields.

    For each candidate, take the most common per-line count (outside quotes); prefer the
    candidate where that count occurs on the most lines, then the larger count. A ';' file
    with decimal commas thus stays ';', and a title line above the header does not mislead.
    """
    best: tuple[int, int, int] = (0, 0, 0)
    chosen: str | None = None
    lines = [line for line in lines if line.strip()]
    for rank, sep in enumerate(SEPARATORS):
        counts = [c for c in (_count_outside_quotes(line, sep) for line in lines) if c > 0]
        if not counts:
            continue
        mode, frequency = Counter(counts).most_common(1)[0]
        score = (frequency, mode, -rank)
        if score > best:
            best, chosen = score, sep
    return chosen


def _count_outside_quotes(line: str, sep: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            count += 1
    return count


SEPARATOR_NAMES = {";": "semikolon", ",": "komma", "\t": "tabb"}


def _separator_name(sep: str) -> Text | str:
    return Text(SEPARATOR_NAMES[sep]) if sep in SEPARATOR_NAMES else repr(sep)


# ---------------------------------------------------------------- Excel

def _read_xlsx(data: bytes) -> tuple[list[tuple[int, list[str]]], str, tuple[str, ...]]:
    """Read the sheet named 'deltagare' (any case), else the first worksheet; also name the
    other sheets that contain identity numbers."""
    import openpyxl  # imported here: only Excel uploads pay for it

    _check_zip(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds; all mean "not a readable xlsx"
        raise IngestError(Text("Filen ser ut som en Excelfil men kunde inte öppnas."),
                          Text("Öppna den i Excel och spara som .xlsx (Excel-arbetsbok) eller CSV (UTF-8)."),
                          "bad_xlsx") from exc
    try:
        sheet = _choose_sheet(workbook.worksheets)
        records = [(number, [cell_to_text(v) for v in row]) for number, row in enumerate(_rows(sheet), start=1)]
        flagged = tuple(other.title for other in workbook.worksheets
                        if other is not sheet and _has_personnummer(other))
        return records, sheet.title, flagged
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError(Text("Excelfilens blad kunde inte läsas."),
                          Text("Öppna filen i Excel och spara den igen som .xlsx eller CSV (UTF-8)."),
                          "bad_xlsx") from exc
    finally:
        workbook.close()


def _rows(sheet: Any) -> Iterable[tuple[Any, ...]]:
    sheet.reset_dimensions()  # trust the cells, not a possibly huge stored dimension
    return sheet.iter_rows(min_row=1, values_only=True)


def _has_personnummer(sheet: Any) -> bool:
    return any(value is not None and contains_personnummer(cell_to_text(value))
               for row in _rows(sheet) for value in row)


def _check_zip(data: bytes) -> None:
    """Refuse zip files that are not workbooks or that unpack to absurd sizes (zip bombs)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise IngestError(Text("Filen är en trasig zip-/Excelfil."),
                          Text("Spara om filen i Excel som .xlsx eller CSV (UTF-8)."), "bad_xlsx") from exc
    if "xl/workbook.xml" not in names:
        raise IngestError(Text("Filen är en zip-fil men ingen Excel-arbetsbok (.xlsx)."),
                          Text("Ladda upp utdraget som .xlsx, .csv eller .parquet (inte .docx, .ods eller .zip)."),
                          "unsupported_format")
    if unpacked > XLSX_EXPANSION * config.max_upload_mb() * 1024 * 1024:
        raise IngestError(Text("Excelfilen är för stor uppackad."),
                          Text("Dela upp utdraget eller spara det som CSV."), "too_large")


def _choose_sheet(sheets: Sequence[Any]) -> Any:
    if not sheets:
        raise IngestError(Text("Excelfilen har inga kalkylblad."),
                          Text("Lägg deltagarna på ett blad som heter deltagare."), "empty")
    for sheet in sheets:
        if sheet.title.strip().casefold() == SHEET_NAME:
            return sheet
    return sheets[0]


def cell_to_text(value: Any) -> str:
    """A cell value as text the way Excel shows it (ISO dates, 1985 not 1985.0)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "SANT" if value else "FALSKT"
    if isinstance(value, dt.datetime):
        if value.tzinfo is None and value.time() == dt.time(0):
            return value.date().isoformat()
        return value.replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    text = getattr(value, "text", None)  # openpyxl ArrayFormula / DataTableFormula
    if isinstance(text, str):
        return text if text.startswith("=") else "=" + text
    return str(value)


# ---------------------------------------------------------------- Parquet

def _read_parquet(data: bytes) -> list[tuple[int, list[str]]]:
    """Parquet has no rows to show; number them as if exported to Excel (header = 1)."""
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(data))
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, …
        raise IngestError(Text("Parquet-filen kunde inte läsas."),
                          Text("Exportera utdraget på nytt, eller spara det som .xlsx eller CSV."),
                          "bad_parquet") from exc
    header = [str(name) for name in table.column_names]
    columns = [[cell_to_text(v) for v in _pylist(col)] for col in table.columns]
    rows = [list(cells) for cells in zip(*columns)] if columns else []
    return [(1, header)] + [(number, row) for number, row in enumerate(rows, start=2)]


def _pylist(column: Any) -> list[Any]:
    try:
        return column.to_pylist()
    except Exception:  # exotic types (e.g. out-of-range timestamps): fall back to text
        return [None if v is None else str(v) for v in column.cast("string").to_pylist()]


# ---------------------------------------------------------------- table building

def _build(records: Iterable[tuple[int, list[str]]], kind: FileFormat, encoding: str | None = None,
           separator: str | None = None, sheet: str | None = None) -> RawTable:
    """Find the header row, drop blank rows and columns, and make the frame of strings."""
    records = [(n, _trim(cells)) for n, cells in records]
    records = [(n, cells) for n, cells in records if cells]
    if not records:
        raise IngestError(Text("Filen är tom: den innehåller inga rader."),
                          Text("Kontrollera att du valde rätt fil."), "empty")
    start = _header_index(records)
    header_row, header = records[start]
    body = records[start + 1:]
    if not body:
        raise IngestError(Text("Filen har bara en rubrikrad och inga deltagare."),
                          Text("Kontrollera att du exporterade deltagarraderna och inte bara rubrikerna."),
                          "header_only")
    width = max(len(header), max(len(cells) for _, cells in body))
    headers = [h.strip() for h in header] + [""] * (width - len(header))
    matrix = [cells + [""] * (width - len(cells)) for _, cells in body]
    keep = [i for i in range(width) if headers[i] or any(row[i].strip() for row in matrix)]
    labels = _labels([headers[i] for i in keep], keep)
    frame = pd.DataFrame([[row[i] for i in keep] for row in matrix], columns=labels,
                         index=pd.Index([n for n, _ in body], name="rad"), dtype=ARROW_TEXT)
    return RawTable(frame, tuple(headers[i] for i in keep), kind, encoding, separator, sheet, header_row)


def _trim(cells: list[str]) -> list[str]:
    """Drop trailing empty cells so that formatted-but-empty Excel columns do not count."""
    cells = [c if isinstance(c, str) else cell_to_text(c) for c in cells]
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


def _header_index(records: Sequence[tuple[int, list[str]]]) -> int:
    """The header is the first row with at least two filled cells (skips a title line)."""
    for index, (_, cells) in enumerate(records[:HEADER_SEARCH_ROWS]):
        if sum(1 for c in cells if c.strip()) >= 2:
            return index
    return 0


def _labels(headers: Sequence[str], positions: Sequence[int]) -> list[str]:
    """Unique frame labels: blank headers become 'Kolumn F', repeats get ' (2)'."""
    seen: Counter[str] = Counter()
    labels = []
    for header, position in zip(headers, positions):
        label = header or f"Kolumn {column_letter(position)}"
        seen[label] += 1
        labels.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return labels
