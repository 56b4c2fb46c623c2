"""Problems found while reading and validating an extract, ready to show in either language.

Two kinds of problem exist: `IngestError` (the file cannot be read at all, raised by
`read_table`) and `Issue` (one finding, error or warning, collected by `validate_extract`
so that the user gets every problem in one report instead of one per upload).

Messages and fixes are `Text`s (mia.ingest.messages): Swedish as stored and compared,
rendered in the page's language by `Issue.text` / `Issue.location` when shown.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from mia.i18n import t
from mia.ingest.messages import Text, render

IssueKind = Literal["error", "warning"]

MAX_ISSUES = 200  # stored per kind; the rest are counted in one summary issue


class IngestError(Exception):
    """The file cannot be read as a table; `message` and `fix` are Texts (Swedish as str) and
    safe to show."""

    def __init__(self, message: str, fix: str = "", code: str = "unreadable") -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix
        self.code = code

    def __str__(self) -> str:
        return f"{self.message} {self.fix}".strip()


@dataclass(frozen=True)
class Issue:
    """One finding. `row` is the row number as seen in Excel (header = 1), None for the file.

    `value` is what the cell held (never a personnummer), `message` says what is wrong and
    `fix` how to correct it (both Texts: Swedish as str, `render()` for the page's language);
    `code` is a stable machine-readable kind for tests and the UI. `text` and `location` are
    in the current language.
    """

    kind: IssueKind
    code: str
    message: str
    fix: str = ""
    file: str = ""
    row: int | None = None
    column: str | None = None
    value: str = ""

    @property
    def location(self) -> str:
        """'Rad 14, kolumn "avslutsdatum"' for row issues; file-level messages name their column."""
        if self.row is not None and self.column:
            return t('Rad {row}, kolumn "{column}"').format(row=self.row, column=render(self.column))
        if self.row is not None:
            return t("Rad {row}").format(row=self.row)
        return ""

    def sentence(self) -> Text | str:
        """The full sentence, location, problem and how to fix it, as a Text (Swedish as str)."""
        body = Text("{message} {fix}", message=self.message, fix=self.fix) if self.fix else self.message
        if self.row is not None and self.column:
            return Text('Rad {row}, kolumn "{column}": {body}', row=self.row, column=self.column, body=body)
        if self.row is not None:
            return Text("Rad {row}: {body}", row=self.row, body=body)
        return body

    @property
    def text(self) -> str:
        """The full sentence in the current language: location, problem and how to fix it."""
        return render(self.sentence())

    def __str__(self) -> str:
        return self.text


@dataclass
class IssueCollector:
    """Collects issues, keeping at most `limit` of each kind but counting all of them."""

    file: str
    limit: int = MAX_ISSUES
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    error_count: int = 0
    warning_count: int = 0

    def error(self, code: str, message: str, fix: str = "", row: int | None = None,
              column: str | None = None, value: str = "") -> None:
        """Record an error (the file will not be imported)."""
        self.error_count += 1
        if len(self.errors) < self.limit:
            self.errors.append(Issue("error", code, message, fix, self.file, row, column, _short(value)))

    def warning(self, code: str, message: str, fix: str = "", row: int | None = None,
                column: str | None = None, value: str = "") -> None:
        """Record a warning (the import proceeds)."""
        self.warning_count += 1
        if len(self.warnings) < self.limit:
            self.warnings.append(Issue("warning", code, message, fix, self.file, row, column, _short(value)))

    def finish(self) -> tuple[list[Issue], list[Issue]]:
        """The stored issues plus one summary issue per kind for what did not fit."""
        errors, warnings = _by_row(self.errors), _by_row(self.warnings)
        if self.error_count > len(errors):
            rest = self.error_count - len(errors)
            errors.append(Issue("error", "more_errors", Text("… och {rest} fel till som inte visas här.", rest=rest),
                                Text("Rätta felen ovan och ladda upp filen igen, så visas resten."), self.file))
        if self.warning_count > len(warnings):
            rest = self.warning_count - len(warnings)
            warnings.append(Issue("warning", "more_warnings",
                                  Text("… och {rest} varningar till som inte visas här.", rest=rest), "", self.file))
        return errors, warnings


def _by_row(issues: list[Issue]) -> list[Issue]:
    """File-level issues first, then by row: the order the user works through the file."""
    return sorted(issues, key=lambda issue: -1 if issue.row is None else issue.row)


def _short(value: str, limit: int = 80) -> str:
    """Cell values are shown, but a pasted essay should not flood the report."""
    value = str(value).strip()
    return value if len(value) <= limit else value[: limit - 1] + "…"


def column_letter(index: int) -> str:
    """Excel's column letter for a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
