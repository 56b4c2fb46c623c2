"""Import and validation messages in the page's language (mia.ingest.messages).

Every message, fix, summary, report column, detected format, size-limit message and import
result is a Text: its Swedish template and parameters. The Swedish text is what the CLI
prints and the history stores (unchanged: the other ingest tests compare it); the English
one is `t(template).format(**params)` at the time it is shown. Checked here:

- statically, every template has an English translation with the same fields;
- a file with many different errors (and every unreadable kind of file) reads as English
  on an English page: no Swedish-only word is left outside what the user wrote (quoted
  headers and cell values) and the codes the user must type;
- the stored Swedish history lines are read back and shown in English;
- identity numbers are echoed in no language;
- the Data page (AppTest, ?lang=en) shows an English validation report for an invalid file.
"""
from __future__ import annotations

import ast
import io
import pickle
import re
import string
from datetime import date
from pathlib import Path

import pytest

from mia import importer, schema
from mia.i18n import EN, using
from mia.i18n_en.ingest import EN as INGEST_EN
from mia.ingest import messages, validate_extract
from mia.ingest.headers import accepted_spellings
from mia.ingest.messages import Text, render
from mia.ingest.personnummer import luhn_ok
from tests import langcheck
from tests.test_importer import with_column as _with_column, without_column as _without_column

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "import" / "roslagen_cp1252.csv"
BASE = FIXTURE.read_bytes().decode("cp1252")
SECRET = "nyckel-för-test-1"


def personnummer() -> str:
    stem = "811218987"
    return next(f"{stem[:6]}-{stem[6:]}{d}" for d in "0123456789" if luhn_ok(stem + d))


PNR = personnummer()

# One row per kind of problem (and a few warnings): förbund, kommun, membership, code,
# ambiguous/impossible/implausible dates, order of dates, utfall, duplicates, missing
# values, numbers, ages, future dates, formulas, Excel serials, period, kommun joined late.
HEADER = ("deltagare_id;forbund;kommunkod;kon;fodelsear;alder;anmalningsdatum;remittent;inskrivningsdatum;"
          "kartlaggning_datum;insats_startdatum;insatstyp;avslutsdatum;utfall;forsorjning_fore;forsorjning_efter;"
          "utbildningsniva;okad_egenmakt;Kommentar;Kommentar")
ROWS = [
    "1;ROS;Täby;K;1985;;2019-03-04;AF;2019-03-05;2019-03-06;2019-03-07;praktik;2019-09-01;arbete;lon;lon;gymnasial;"
    "ja;;",
    "2;Gotland;0160;K;1985;;2019-03-04;AF;2019-03-05;;;;;;;;;;;",
    "3;ROS;Visby;K;1985;;2019-03-04;AF;;;;;;;;;;;;",
    "4;ROS;Nacka;K;1985;;2019-03-04;AF;;;;;;;;;;;;",
    "5;ROS;0160;Q;1985;;4/3/2019;AF;;;;;;;;;;;;",
    "6;ROS;0160;K;1985;;2019-02-30;AF;;;;;;;;;;;;",
    "7;ROS;0160;K;1985;;1999-03-04;AF;;;;;;;;;;;;",
    "8;ROS;0160;K;1985;;2019-03-04;AF;2019-03-05;;;;2019-03-01;arbete;;;;;;",
    "9;ROS;0160;K;1985;;2019-03-04;AF;2019-03-05;;;;2019-09-01;;;;;;;",
    "10;ROS;0160;K;1985;;2019-03-04;AF;2019-03-05;;;;;arbete;;;;;;",
    "10;ROS;0160;K;1985;;2019-03-04;AF;2019-03-05;;;;;;;;;;;",
    ";ROS;0160;K;1985;;2019-03-04;AF;;;;;;;;;;;;",
    "12;;0160;K;1985;;2019-03-04;AF;;;;;;;;;;;;",
    "13;ROS;;K;1985;;2019-03-04;AF;;;;;;;;;;;;",
    "14;ROS;0160;K;1985;;;AF;;;;;;;;;;;;",
    "15;ROS;0160;K;;;2019-03-04;AF;;;;;;;;;;;;",
    "16;ROS;0160;K;abc;;2019-03-04;AF;;;;;;;;;;;;",
    "17;ROS;0160;K;1800;;2019-03-04;AF;;;;;;;;;;;;",
    "18;ROS;0160;K;2010;;2019-03-04;AF;;;;;;;;;;;;",
    "19;ROS;0160;K;2004;;2019-03-04;AF;;;;;;;;;;;;",
    "20;ROS;0160;K;1985;40;2019-03-04;AF;2019-03-05;;;;;;;;;;;",
    "21;ROS;0160;K;1985;;2099-03-04;AF;;;;;;;;;;;;",
    "22;ROS;0160;K;1985;;2019-03-04;AF;2019-03-01;;;;;;;;;;;",
    "23;ROS;0160;K;1985;;2019-03-04;AF;2019-03-05;2019-03-01;2019-03-02;;;;;;;;;",
    "24;ROS;0160;K;1985;;=A1;AF;;;;;;;;;;;;",
    "25;ROS;0160;K;1985;;99999;Grannen;;;;yoga;;;bidrag;;doktor;kanske;;",
    "26;ROS;0160;K;1985;12,5;31/31/2019;AF;;;;;;;;;;;;",
    "27;VAX;0187;K;1985;;2017-05-01;AF;;;;;;;;;;;;",
    "28;ROS;0160;K;1985;;2016-05-01;AF;;;;;;;;;;;;",
]
MANY_ERRORS = (HEADER + "\r\n" + "\r\n".join(ROWS) + "\r\n").encode("cp1252")


def _xlsx(rows: list[list[str]], other: list[list[str]] | None = None) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "deltagare"
    for row in rows:
        book.active.append(row)
    if other is not None:
        sheet = book.create_sheet("Anteckningar")
        for row in other:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# Files refused before any row is checked (and a few column problems).
FILES = {
    "empty": (b"", "x.csv"),
    "blank": (b"\r\n \r\n", "x.csv"),
    "header_only": (BASE.split("\r\n")[0].encode("cp1252") + b"\r\n", "x.csv"),
    "binary": (bytes(range(256)) * 40, "x.csv"),
    "broken_xlsx": (b"PK\x03\x04" + bytes(500), "x.xlsx"),
    "broken_parquet": (b"PAR1" + b"\x00" * 64 + b"PAR1", "x.parquet"),
    "pdf": (b"%PDF-1.4", "x.pdf"),
    "xls": (b"\xd0\xcf\x11\xe0" + bytes(100), "x.xls"),
    "bad_bom": (b"\xef\xbb\xbfa;b\xff\xfe\r\n", "x.csv"),
    "broken_quotes": (b'a;b\r\n"x' + b"y" * 200000 + b"\r\n", "x.csv"),
    "duplicate_columns": ("deltagare_id;forbund;kommunkod;kommun;kon;Kön;fodelsear;anmalningsdatum;;\r\n"
                          "1;ROS;0160;Täby;K;K;1985;2019-03-04;;z\r\n".encode("cp1252"), "x.csv"),
    "missing_age": (b"deltagare_id;forbund;kommunkod;kon;anmalningsdatum\r\n1;ROS;0160;K;2019-03-04\r\n", "x.csv"),
    "missing_many": (("a;b;" + ";".join(f"c{i}" for i in range(40)) + "\r\n" + ";".join("1" * 42) + "\r\n").encode(),
                     "x.csv"),
    "no_utfall_column": (_without_column(BASE, 8).encode("cp1252"), "x.csv"),
    "warning_only": (BASE.replace("2019-06-08;2019-06-09", "2016-06-08;2019-06-09").encode("cp1252"), "x.csv"),
    "xlsx_ok": (_xlsx([line.split(";") for line in BASE.split("\r\n") if line]), "x.xlsx"),
}
PNR_FILES = {
    "values": (_with_column(BASE, "Anteckning", PNR).encode("cp1252"), "x.csv"),
    "one_value": (BASE.replace("ROS-003", PNR).encode("cp1252"), "x.csv"),
    "column": (_with_column(BASE, "Personnummer", "okänt").encode("cp1252"), "x.csv"),
    "header": (BASE.replace("Kön", PNR).encode("cp1252"), "x.csv"),
    "blank_header": (_with_column(BASE, "", PNR).encode("cp1252"), "x.csv"),
    "file_name": (BASE.encode("cp1252"), f"utdrag {PNR}.csv"),
    "other_sheet": (_xlsx([line.split(";") for line in BASE.split("\r\n") if line], [["x", PNR]]), "x.xlsx"),
}


# ---------------------------------------------------------------------------- helpers

_QUOTED = re.compile(r'"[^"]*"')


def _typed_lists() -> list[str]:
    """What the user must type exactly, as messages list it: each column's codes and its
    accepted header spellings (longest first)."""
    lists = []
    for column in schema.COLUMNS:
        if column.codes:
            lists.append(", ".join(column.codes))
        lists.append(", ".join(accepted_spellings(column.name)))
    return sorted(lists, key=len, reverse=True)


def swedish_left(texts: dict[str, str]) -> dict[str, list[str]]:
    """Swedish-only words in English texts, apart from what the user wrote (quoted headers
    and values, which messages always quote) and the code lists the user must type."""
    cleaned = {}
    for where, text in texts.items():
        text = _QUOTED.sub(" ", text)
        for typed in _typed_lists():
            text = text.replace(typed, " ")
        cleaned[where] = text
    return langcheck.leftovers(cleaned, "en", limit=20)


def untranslated(*values) -> set[str]:
    """Templates of the Texts in `values` (nested ones too) without an English entry: those
    t() would show in Swedish, even where no word gives them away ("Kontrollera datumen.")."""
    out = set()
    for value in values:
        if isinstance(value, Text):
            out |= {value.template} - set(EN) | untranslated(*value.params.values())
        elif isinstance(value, (list, tuple)):
            out |= untranslated(*value)
    return out


def result_texts(result) -> list:
    """Every Text a validation result shows."""
    return [result.summary_text(), result.source, *[i.sentence() for i in result.issues],
            *[i.column for i in result.issues], *[i.file for i in result.issues]]


def english_texts(result) -> dict[str, str]:
    """Everything the Data page shows of a validation result (its language: the current one),
    apart from the report's columns that repeat the file (Fil, Kolumn, Värde)."""
    frame = result.report_frame()
    out = {"summary": result.summary(), "source": result.source_text}
    out |= {f"column {c}": c for c in frame.columns}
    out |= {f"type {v}": v for v in frame.iloc[:, 0]}
    out |= {f"message {i}": v for i, v in enumerate(frame.iloc[:, 5])}
    out |= {f"issue {i}": issue.text for i, issue in enumerate(result.issues)}
    return out


def _templates_in_code() -> dict[str, str]:
    """{template: where} of every Text(...) / count(...) template in the ingest code: string
    literals, module-level text constants and module-level text tables used in Text()."""
    files = [*sorted((ROOT / "mia" / "ingest").glob("*.py")), ROOT / "mia" / "importer.py",
             ROOT / "app_pages" / "data.py"]
    found = {}
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        texts, tables = {}, {}
        for node in tree.body:
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in (t for t in targets if isinstance(t, ast.Name)):
                    if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                        texts[target.id] = node.value.value
                    elif isinstance(node.value, ast.Dict):
                        tables[target.id] = [v.value for v in node.value.values
                                             if isinstance(v, ast.Constant) and isinstance(v.value, str)]
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("Text", "count")):
                continue
            for arg in node.args[1:3] if node.func.id == "count" else node.args[:1]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    keys = [arg.value]
                elif isinstance(arg, ast.Name) and arg.id in texts:
                    keys = [texts[arg.id]]
                elif isinstance(arg, ast.Subscript) and getattr(arg.value, "id", None) in tables:
                    keys = tables[arg.value.id]
                else:
                    continue
                found |= {k: f"{path.relative_to(ROOT)}:{node.lineno}" for k in keys}
    return found


def _fields(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


# ---------------------------------------------------------------------------- the tables


def test_every_template_has_an_english_translation_with_the_same_fields():
    templates = _templates_in_code()
    assert len(templates) > 120
    missing = [f"{where}: {key!r}" for key, where in templates.items() if key not in EN]
    assert not missing, "\n".join(missing)
    differ = {key: EN[key] for key in [*templates, *INGEST_EN] if _fields(key) != _fields(EN[key])}
    assert not differ, differ


def test_ingest_translations_agree_with_the_other_areas():
    """The tables are merged into one; a text shared with another area means the same."""
    import importlib
    import pkgutil

    import mia.i18n_en as package

    clashes = {}
    for info in pkgutil.iter_modules(package.__path__):
        if info.name == "ingest":
            continue
        other = importlib.import_module(f"mia.i18n_en.{info.name}").EN
        clashes |= {k: (v, other[k]) for k, v in INGEST_EN.items() if k in other and other[k] != v}
    assert not clashes, clashes


def test_a_text_is_its_swedish_rendering():
    text = Text("{value} är inget giltigt datum.", value="2019-13-45")
    assert text == "2019-13-45 är inget giltigt datum." and f"{text}" == text and str(text) == text
    assert type(str(text)) is str  # what is stored is plain text
    with using("en"):
        assert text.render() == "2019-13-45 is not a valid date." and render(text) == text.render()
        assert str(text) == "2019-13-45 är inget giltigt datum."  # str() stays Swedish (CLI, storage)
    assert text.render() == text
    for copy in (pickle.loads(pickle.dumps(text)), __import__("copy").deepcopy(text)):
        assert copy == text and copy.template == text.template and copy.params == text.params


# ---------------------------------------------------------------------------- validation in English


@pytest.fixture(scope="module")
def many_errors():
    return validate_extract(MANY_ERRORS, "många_fel.csv")


def test_a_file_with_many_different_errors_reads_as_english(many_errors):
    result = many_errors
    codes = {issue.code for issue in result.issues}
    assert len(codes) >= 20, codes  # really many different kinds
    with using("en"):
        texts = english_texts(result)
    assert texts["summary"] == (f"The file många_fel.csv cannot be imported: {result.error_count} errors and "
                                f"{result.warning_count} warnings.")
    assert list(result.report_frame().columns) == ["Typ", "Fil", "Rad", "Kolumn", "Värde", "Meddelande"]
    with using("en"):
        assert list(result.report_frame().columns) == ["Type", "File", "Row", "Column", "Value", "Message"]
    assert texts["source"] == "CSV/text, encoding cp1252, separator semicolon"
    left = swedish_left(texts)
    assert not left, left
    assert not untranslated(*result_texts(result))
    by_code = {}
    for issue in result.issues:
        with using("en"):
            by_code.setdefault(issue.code, issue.text)
    assert by_code["bad_date"].startswith('Row 6, column "anmalningsdatum": 4/3/2019 is ambiguous: it could mean '
                                          "4 March 2019 or 3 April 2019.")
    assert by_code["unknown_forbund"].startswith('Row 3, column "forbund": Gotland is not a known coordination '
                                                 "association in MIA.")
    assert by_code["unknown_column"] == ('The column "Kommentar" is unknown and is not imported. If it should be '
                                         "used: change its header to one of the expected column names.")
    # the same issues in Swedish, as before
    assert result.summary().startswith("Filen många_fel.csv kan inte läsas in:")
    assert any(i.text.startswith('Rad 6, kolumn "anmalningsdatum": 4/3/2019 är tvetydigt') for i in result.issues)


def test_one_error_is_singular_in_english():
    result = validate_extract(BASE.replace("ROS-002;Roslagen", "ROS-002;Gotland").encode("cp1252"), "f.csv")
    assert result.summary() == "Filen f.csv kan inte läsas in: 1 fel."
    with using("en"):
        assert result.summary() == "The file f.csv cannot be imported: 1 error."


@pytest.mark.parametrize("name", list(FILES))
def test_every_kind_of_file_problem_reads_as_english(name):
    data, filename = FILES[name]
    result = validate_extract(data, filename)
    with using("en"):
        texts = english_texts(result)
    left = swedish_left(texts)
    assert not left, left
    assert not untranslated(*result_texts(result))


def test_size_limit_and_import_results_read_as_english(monkeypatch):
    monkeypatch.setenv("MIA_MAX_UPLOAD_MB", "1")
    size = 3 * 1024 * 1024
    swedish = importer.size_problem(size, "stor.csv")
    assert swedish.startswith("Filen stor.csv är för stor (3 MB); gränsen är 1 MB.")
    with using("en"):
        texts = {"named": render(importer.size_problem(size, "stor.csv")),
                 "unnamed": render(importer.size_problem(size)),
                 "hidden": render(importer.size_problem(size, f"a {PNR}.csv")),
                 "read": render(validate_extract(b"a;b\r\n" * 300000, "stor.csv").issues[0].text)}
    assert texts["named"].startswith("The file stor.csv is too large (3 MB); the limit is 1 MB.")
    assert texts["hidden"].startswith("The file (the file name contained a personal identity number and is not "
                                      "stored).csv is too large")
    assert not swedish_left(texts), swedish_left(texts)
    assert not untranslated(importer.size_problem(size, "stor.csv"), importer.size_problem(size, f"a {PNR}.csv"),
                            importer.size_problem(size))
    assert PNR not in texts["hidden"] and PNR.replace("-", "") not in texts["hidden"]


def test_the_report_download_follows_the_language(many_errors):
    from mia import data_quality

    swedish = data_quality.report_csv(many_errors).decode("utf-8-sig")
    with using("en"):
        english = data_quality.report_csv(many_errors).decode("utf-8-sig")
    assert swedish.startswith("Typ;Fil;Rad;Kolumn;Värde;Meddelande\r\nFel;många_fel.csv;3;forbund;Gotland;")
    assert english.startswith('Type,File,Row,Column,Value,Message\r\nError,många_fel.csv,3,forbund,Gotland,"Row 3, ')


# ---------------------------------------------------------------------------- identity numbers


@pytest.mark.parametrize("name", list(PNR_FILES))
def test_identity_numbers_are_echoed_in_no_language(name):
    data, filename = PNR_FILES[name]
    result = validate_extract(data, importer.safe_file_name(filename))
    digits = PNR.replace("-", "")
    shown = []
    for lang in ("sv", "en"):
        with using(lang):
            shown += [result.summary(), result.report_frame().to_csv(), importer.refusal_message(result),
                      messages.translate_stored(importer.refusal_message(result))]
            shown += [i.text for i in result.issues]
    text = "\n".join(shown)
    assert PNR not in text and digits not in text and digits[2:] not in text
    with using("en"):
        left = swedish_left(english_texts(result))
    assert not left, left
    assert not untranslated(*result_texts(result))


# ---------------------------------------------------------------------------- the stored history


def test_the_stored_history_is_swedish_and_shown_in_english(many_errors):
    """refusal_message is stored in Swedish whatever the language; shown on an English page,
    each line is read back as the Text it was written from and rendered in English."""
    results = [many_errors] + [validate_extract(*FILES[n]) for n in ("missing_many", "duplicate_columns", "binary")]
    results += [validate_extract(*PNR_FILES[n]) for n in ("values", "column")]
    for result in results:
        stored = importer.refusal_message(result)
        with using("en"):
            assert importer.refusal_message(result) == stored  # English page: still stored in Swedish
            shown = messages.translate_stored(stored)
        assert stored.startswith("Filen ") and shown.startswith("The file ")
        assert messages.translate_stored(stored) == stored  # Swedish page: as stored
        lines = stored.split("\n")
        for line in lines[:-1] if len(stored) == importer.MAX_MESSAGE_CHARS else lines:  # the last one may be cut
            assert messages.parse(line) == line and isinstance(messages.parse(line), Text), line
            assert not untranslated(messages.parse(line)), line
        left = swedish_left(dict(enumerate(shown.split("\n")[:-1] if len(stored) == importer.MAX_MESSAGE_CHARS
                                           else shown.split("\n"))))
        assert not left, left


def test_every_message_read_back_renders_as_the_original():
    """What could be stored (summaries, issue sentences, import results, size messages) read
    back from its Swedish text gives the same English as the Text it was (messages.NESTED
    knows every field that holds a nested Text)."""
    results = [validate_extract(MANY_ERRORS, "m.csv")] + [validate_extract(*f) for f in FILES.values()]
    results += [validate_extract(data, importer.safe_file_name(name)) for data, name in PNR_FILES.values()]
    texts = [text for r in results for text in (r.summary_text(), *[i.sentence() for i in r.issues])]
    texts += [importer.size_problem(10**10, name) for name in ("", "a.csv", f"a {PNR}.csv", " ")]
    texts += [importer._import_message(results[-2], {"ROS": 3}, {"ROS": 40, "VARNA": 2, "SBG": 1}, date(2021, 1, 2)),
              messages.Text("Inläst: {changes}. Uttagsdatum {date}.", date="2021-01-02",
                            changes=[messages.Text("{code} {before} → {after} rader", code="ROS", before=1,
                                                   after=2)])]
    wrong = {}
    for text in texts:
        back = messages.parse(str(text))
        with using("en"):
            if render(back) != render(text):
                wrong[str(text)] = (render(back), render(text))
    assert len(texts) > 120 and not wrong, wrong


def test_reading_back_keeps_what_the_user_wrote():
    """Values are never read as templates: a file named like a sentence keeps its name."""
    line = str(Text("Filen {file} kan inte läsas in: {errors}.", file="ROS och VARNA.csv",
                    errors=messages.count(2, "1 fel", "{n} fel")))
    with using("en"):
        assert messages.translate_stored(line) == "The file ROS och VARNA.csv cannot be imported: 2 errors."
        assert messages.translate_stored("Något helt annat") == "Något helt annat"  # unknown: as stored
        assert importer.shown_file_name("ROS och VARNA.csv") == "ROS och VARNA.csv"
        assert importer.shown_file_name(str(importer.safe_file_name(f"x {PNR}.csv"))) == \
            "(the file name contained a personal identity number and is not stored).csv"


# ---------------------------------------------------------------------------- the Data page in English


@pytest.fixture
def private_db(fresh_db, monkeypatch):
    from mia import store
    from mia.ui import admin

    monkeypatch.setenv("MIA_DB", str(fresh_db))
    monkeypatch.setenv("MIA_ADMIN_SECRET", SECRET)
    monkeypatch.setattr(admin, "FAIL_DELAY_S", 0)
    yield fresh_db
    store.close(fresh_db)


def _page_texts(at) -> dict[str, str]:
    out = {}
    for kind in ("markdown", "caption", "info", "success", "warning", "error", "subheader", "title"):
        out |= {f"{kind} {i}": str(e.value) for i, e in enumerate(getattr(at, kind))}
    return out


def test_data_page_in_english_shows_an_english_validation_report(private_db):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.query_params["lang"] = "en"
    at.switch_page("app_pages/data.py")  # before the first run: one run, no widget replay
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.text_input(key="data_admin_losen").input(SECRET)
    at.button[0].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.get("file_uploader")[0].upload("many_errors.csv", MANY_ERRORS, "text/csv")
    at.run()
    assert not at.exception, [e.value for e in at.exception]

    errors = [e.value for e in at.error]
    assert any(e.startswith("The file many_errors.csv cannot be imported:") for e in errors), errors
    assert "Read as: CSV/text, encoding cp1252, separator semicolon" in [c.value for c in at.caption]
    report = next(d.value for d in at.dataframe if "Message" in d.value.columns and "Type" in d.value.columns)
    assert list(report.columns) == ["Type", "File", "Row", "Column", "Value", "Message"]
    assert set(report["Type"]) == {"Error", "Warning"}
    assert any(m.startswith('Row 3, column "forbund": Gotland is not a known coordination association')
               for m in report["Message"])
    texts = _page_texts(at) | {f"report {i}": m for i, m in enumerate(report["Message"])}
    history = next(d.value for d in at.dataframe if "SHA-256" in d.value.columns)
    assert history.iloc[0]["Result"] == "Refused" and history.iloc[0]["File"] == "many_errors.csv"
    assert history.iloc[0]["Message"].startswith("The file many_errors.csv cannot be imported:")
    texts |= {f"history {i}": m for i, m in enumerate(history["Message"])}
    left = swedish_left(texts)
    assert not left, left
    csv = next(b for b in at.get("download_button")).proto.label
    assert csv == "Download the report (CSV)"
