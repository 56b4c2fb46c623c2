"""Column-wise helpers over Arrow text columns, shared by the reader and the checks.

pandas 3 keeps `str` columns as Arrow `large_string` arrays, so a RawTable's columns can be
handed to pyarrow.compute and numpy without copying. These helpers give a column's raw
buffers (offsets and UTF-8 bytes) so that byte-level questions ("does this cell start
with a space?", "how many ASCII digits?") are answered for a million cells at once.
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa


def text_column(series: pd.Series) -> pa.ChunkedArray:
    """The cells of a text column as an Arrow (large_)string ChunkedArray, without copying
    when the column is already Arrow-backed."""
    data = pa.array(series.array) if isinstance(series.dtype, pd.StringDtype) else None
    if data is None or not (pa.types.is_string(data.type) or pa.types.is_large_string(data.type)):
        data = pa.array(series.astype("str").array)
    return data if isinstance(data, pa.ChunkedArray) else pa.chunked_array([data])


def buffers(chunk: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(offsets, bytes) of one string chunk: cell i is bytes[offsets[i]:offsets[i + 1]]."""
    n = len(chunk)
    width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    bufs = chunk.buffers()
    offsets = np.frombuffer(bufs[1], dtype=width, count=chunk.offset + n + 1)[chunk.offset:] if n else np.zeros(1, width)
    data = bufs[2]
    values = np.frombuffer(data, dtype=np.uint8) if data is not None and data.size else np.zeros(0, np.uint8)
    return offsets, values


def chunks(column: pa.ChunkedArray) -> Iterator[pa.Array]:
    """The non-empty chunks of a column."""
    return (chunk for chunk in column.chunks if len(chunk))
