"""The C allocator told to keep freed memory for reuse, instead of handing it back to the
system after every large array.

Why: glibc serves each allocation over 128 kB–32 MB (numpy arrays of a million rows, the
disclosure matrices) with a fresh mmap and returns it on free, so the next array of the
same size page-faults its way in again. On these virtual machines a fault costs so much
that converting one million-row index column from int32 to int64 took 10–30 ms instead
of 1 ms, and validating a 1 M-row file spent a third of its time in faults (validation
2.6–3.7 → 1.7–2.0 s). With the thresholds raised, freed blocks stay in the process's heap
and are reused. The price is that the process keeps up to `TRIM_THRESHOLD` of freed
memory instead of returning it at once; the peak, which is what limits a machine, does
not grow (measured in `python -m mia bench`).
"""
from __future__ import annotations

import ctypes
import ctypes.util

M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3  # glibc's mallopt parameters
MMAP_THRESHOLD = 256 << 20  # blocks up to this size come from the heap, and are reused
TRIM_THRESHOLD = 512 << 20  # freed memory kept at the top of the heap before it is returned
TOP_PAD = 64 << 20  # extra heap taken at a time, so that growing is not one fault per page


def keep_freed_memory() -> bool:
    """Raise glibc's thresholds for this process; False where the C library is not glibc
    (nothing changes there)."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return all(mallopt(param, value) == 1 for param, value in (
        (M_MMAP_THRESHOLD, MMAP_THRESHOLD), (M_TRIM_THRESHOLD, TRIM_THRESHOLD), (M_TOP_PAD, TOP_PAD)))
