"""Ingest layer: read an uploaded participant extract and validate it (DATA.md §1).

Pure Python, no Streamlit and no database: the import page calls `validate_extract`, shows
`result.report_frame()`, and if `result.ok` hands `table_for_storage(result)` (Arrow) to the
store; `frame_for_storage(result)` is the same rows as a pandas frame.
Every message is a `mia.ingest.messages.Text`: Swedish as str, in the page's language when
rendered (`Issue.text`, `ValidationResult.summary()` and `report_frame()` render it).
"""
from mia.ingest.issues import IngestError, Issue
from mia.ingest.read import RawTable, read_table
from mia.ingest.reference import ForbundInfo, KommunInfo, Reference, load_reference
from mia.ingest.validate import ValidationResult, frame_for_storage, table_for_storage, validate_extract

__all__ = [
    "ForbundInfo",
    "IngestError",
    "Issue",
    "KommunInfo",
    "RawTable",
    "Reference",
    "ValidationResult",
    "frame_for_storage",
    "table_for_storage",
    "load_reference",
    "read_table",
    "validate_extract",
]
