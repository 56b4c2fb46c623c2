"""The benchmark (`python -m mia bench`, mia/bench.py) and the fast paths it measures.

- The verb runs at small N and prints JSON with the promised keys and positive numbers.
- The pandas baseline is honest: for every page its numbers equal DuckDB's (that is what
  makes "n× faster than pandas" mean anything).
- The synthetic extract has the canonical shape and passes validation cleanly.
- The column-wise CSV reader gives exactly the RawTable the csv-module reader gives.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mia import bench, schema

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = ("rows", "pages", "pandas_pages", "speedup_vs_pandas", "import_rows_per_s", "peak_rss_mb")


def run_bench(*args: str, timeout: float = 900) -> dict:
    done = subprocess.run([sys.executable, "-m", "mia", "bench", "--json", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def small_run() -> dict:
    """2 000 participants over 8 förbund, every page, three selections (each population, the
    third for three förbund), DuckDB and pandas compared on all three."""
    return run_bench("--rows", "2000", "--forbund", "8", "--runs", "3")


def test_bench_prints_json_with_the_required_keys_and_positive_numbers(small_run):
    for key in REQUIRED:
        assert key in small_run, key
    assert small_run["rows"] == 2000
    assert set(small_run["pages"]) == set(small_run["pandas_pages"]) == set(bench.PAGES)
    for page in bench.PAGES:
        assert small_run["pages"][page] > 0 and small_run["pandas_pages"][page] > 0
    assert small_run["speedup_vs_pandas"] > 0 and small_run["import_rows_per_s"] > 0
    assert small_run["peak_rss_mb"] > 0 and small_run["runs"] == 3
    assert small_run["import"]["files"] == 8 and small_run["import"]["rows"] == 2000
    assert small_run["import"]["cpu_s"] > 0
    assert set(small_run["pages_then_other_forbund_ms"]) == set(bench.PAGES)
    assert all(ms > 0 for ms in small_run["pages_then_other_forbund_ms"].values())


def test_pandas_baselines_give_the_same_numbers_as_duckdb_on_every_page(small_run):
    assert small_run["baselines_checked"] and small_run["baseline_selections"] == small_run["runs"] == 3
    assert small_run["baseline_differences"] == {}


def test_same_compares_by_value_and_reports_differences():
    import pandas as pd

    a = {"t": pd.DataFrame({"x": [1, 2]}), "n": 3}
    assert bench.same(a, {"t": pd.DataFrame({"x": [1.0, 2.0]}), "n": 3}) == []
    assert bench.same(a, {"t": pd.DataFrame({"x": [1, 3]}), "n": 3})
    assert bench.same(a, {"t": pd.DataFrame({"x": [1, 2]}), "n": 4})


def test_check_baselines_compares_every_timed_selection_of_every_page():
    import pandas as pd

    duck = {("jamfor", 0): {"t": pd.DataFrame({"x": [1]})}, ("jamfor", 1): {"t": pd.DataFrame({"x": [2]})},
            ("data", 0): {"n": 3}}
    same_numbers = {("jamfor", 0): {"t": pd.DataFrame({"x": [1.0]})}, ("jamfor", 1): {"t": pd.DataFrame({"x": [2]})},
                    ("data", 0): {"n": 3}}
    assert not any(bench.check_baselines(duck, same_numbers).values())
    problems = bench.check_baselines(duck, same_numbers | {("jamfor", 1): {"t": pd.DataFrame({"x": [5]})}})
    assert problems["jamfor"] and "jamfor[1]" in problems["jamfor"][0] and not problems["data"]


def test_unknown_page_is_refused():
    done = subprocess.run([sys.executable, "-m", "mia", "bench", "--pages", "nope"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "okända sidor" in done.stdout


# ---------------------------------------------------------------- the synthetic extract

def test_generator_keeps_the_demo_generators_probabilities():
    from mia import demo

    for name in ("OUTCOME_P", "REMITTENT_P", "FORSORJNING_P", "INSATS_P", "UTBILDNING_P"):
        assert getattr(bench, name) == getattr(demo, name), name


def test_synthetic_extract_has_the_canonical_shape_and_validates_cleanly(tmp_path):
    from mia.ingest import validate_extract
    from mia.ingest.reference import Reference

    reference = bench.write_reference(tmp_path / "ref", forbund=80)
    assert len(reference["forbund"]) == 80 and len(reference["kommuner"]) == 290
    files = bench.write_extracts(tmp_path, 3000, reference)
    assert sum(n for _, n in files) == 3000
    ref = Reference.from_dir(tmp_path / "ref")
    assert len(ref.forbund) == 80 and len(ref.kommuner) == 290
    path, rows = max(files, key=lambda f: f[1])
    result = validate_extract(path.read_bytes(), path.name, reference=ref)
    assert result.ok and result.rows == rows, [i.text for i in result.issues[:5]]
    assert result.error_count == 0 and result.warning_count == 0
    frame = result.frame
    assert tuple(frame.columns) == schema.COLUMN_NAMES and frame.deltagare_id.is_unique
    enrolled = frame.inskrivningsdatum.notna()
    assert 0.7 < enrolled.mean() < 0.86  # about a fifth never enrolled
    exited = frame.avslutsdatum.notna()
    assert (frame.utfall.notna() == exited).all() and not (exited & ~enrolled).any()
    assert (frame.avslutsdatum[exited] >= frame.inskrivningsdatum[exited]).all()
    assert set(frame.utfall.dropna()) <= set(schema.UTFALL_CODES)


def test_fewer_forbund_leave_the_other_kommuner_outside(tmp_path):
    from mia.ingest.reference import Reference

    bench.write_reference(tmp_path, forbund=8)
    ref = Reference.from_dir(tmp_path)
    assert len(ref.forbund) == 8 and len(ref.kommuner) == 290
    members = [k for k in ref.kommuner.values() if k.forbund]
    assert 25 <= len(members) <= 32


# ---------------------------------------------------------------- the column-wise CSV reader

def _csv_module_table(data: bytes):
    from mia.ingest import read

    text, encoding = read.decode_text(data)
    separator, records = read._read_csv(text)
    return read._build(records, "csv", encoding=encoding, separator=separator)


CELL = st.one_of(st.text(st.sampled_from(list("ab1 2-Åö\xa0\u2003:x=\t\x1c\u2028")), max_size=5),
                st.sampled_from(["", "  ", "Täby", "2019-03-04"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(separator=st.sampled_from([";", ",", "\t"]), width=st.integers(2, 5),
       rows=st.lists(st.lists(CELL, min_size=5, max_size=5), min_size=1, max_size=8),
       newline=st.sampled_from(["\n", "\r\n"]), end=st.sampled_from(["", "\n"]),
       sep_line=st.booleans(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_fast_csv_reader_equals_the_csv_module_reader(separator, width, rows, newline, end, sep_line, encoding):
    import pandas as pd

    from mia.ingest import read
    from mia.ingest.issues import IngestError

    lines = [separator.join(cell.replace(separator, "") for cell in row[:width]) for row in rows]
    text = (f"sep={separator}\n" if sep_line else "") + newline.join(lines) + end
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    try:
        want = _csv_module_table(data)
    except IngestError as error:
        with pytest.raises(IngestError) as raised:
            read.read_table(data, "x.csv")
        assert raised.value.code == error.code
        return
    got = read.read_table(data, "x.csv")
    pd.testing.assert_frame_equal(got.frame, want.frame, check_exact=True)
    assert (got.headers, got.encoding, got.separator, got.header_row) == \
        (want.headers, want.encoding, want.separator, want.header_row)
    assert got.frame.index.name == want.frame.index.name == "rad"


def test_plain_csv_takes_the_fast_path_and_quoted_csv_does_not():
    from mia.ingest import read

    plain = b"id;kon;kommun\n1;K;T\xc3\xa4by\n2;M;Solna\n"
    text, encoding = read.decode_text(plain)
    assert read._read_csv_fast(plain, text, encoding) is not None
    quoted = b'id;kommentar\n1;"a; b"\n'
    text, encoding = read.decode_text(quoted)
    assert read._read_csv_fast(quoted, text, encoding) is None
