"""The texts of the ingest layer: a Swedish template and its parameters, rendered when shown.

Every message, fix and label that reading, validating or importing an extract produces is
a `Text`: a Swedish `str.format` template (the key of its English translation in
mia/i18n_en/ingest.py) and the parameters it was filled with. A Text *is* its Swedish
rendering (a str subclass): the CLI prints it, the import history stores it, the tests
compare it, byte for byte as before. `render()` fills the template of the language of the
moment, `t(template).format(**params)`, so a validation report built once shows in
whatever language the page has when it is drawn; translation is a table lookup.

Parameters are plain values (cell contents, file and column names, codes, numbers: never
translated), nested Texts (rendered in the same language) or lists of either (joined with
", "). `render` turns any of them, or a plain str, into the text to show.

Stored texts (the import history's Swedish messages) are translated back into a Text by
`parse`: each template doubles as a pattern, and a stored line is read as the template it
was written from, its parameters (nested Texts included) recovered. A line no template
explains stays as stored.
"""
from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterable
from datetime import date
from typing import Any

from mia.i18n import language, t


class Text(str):
    """A message: equal to its Swedish text, rendered in any language by `render()`."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> "Text":
        self = super().__new__(cls, template.format(**{k: _swedish(v) for k, v in params.items()}))
        self.template = template
        self.params = params
        return self

    def render(self) -> str:
        """The text in the current language."""
        if language() == "sv":
            return str.__str__(self)
        return t(self.template).format(**{k: render(v) for k, v in self.params.items()})

    def __reduce__(self):  # copy and pickle keep the template and parameters
        return _restore, (self.template, self.params)

    def __repr__(self) -> str:
        return f"Text({str.__repr__(self)})"


def _restore(template: str, params: dict[str, Any]) -> Text:
    return Text(template, **params)


def _swedish(value: Any) -> Any:
    if isinstance(value, Text):
        return str.__str__(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(_swedish(v)) for v in value)
    if isinstance(value, date):
        return swedish_date(value)
    return value


def render(value: Any) -> str:
    """A Text (or a list of them) in the current language; anything else as text ("" for None)."""
    if isinstance(value, Text):
        return value.render()
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(render(v) for v in value)
    if isinstance(value, date):
        return long_date(value)
    return str(value)


# ---------------------------------------------------------------- small building blocks

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
          "oktober", "november", "december")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")


def swedish_date(day: date) -> str:
    """'4 mars 2019'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def long_date(day: date) -> str:
    """A date written out in the current language: '4 mars 2019', '4 March 2019'."""
    if language() == "en":
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    return swedish_date(day)


def count(n: int, one: str, many: str) -> Text:
    """'1 rad' / '3 rader': `one` and `many` are templates with the field {n}."""
    return Text(one if n == 1 else many, n=n)


def and_list(items: Iterable[Any]) -> Any:
    """'"a", "b" och "c"' ('… and …' in English); one item is returned as it is."""
    items = list(items)
    if len(items) == 1:
        return items[0]
    return Text("{first} och {last}", first=items[:-1], last=items[-1])


# ---------------------------------------------------------------- reading stored texts back


def _templates() -> list[str]:
    from mia.i18n_en.ingest import EN

    return list(EN)


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """Each template with fields as (template, literal parts, field names), most literal text first."""
    out = []
    for template in _templates():
        literals, fields = [], []
        current = ""
        for literal, field, spec, conversion in string.Formatter().parse(template):
            current += literal
            if field is None:
                continue
            if spec or conversion:
                break  # formatted numbers ({size:.0f}) are not read back
            literals.append(current)
            fields.append(field)
            current = ""
        else:
            literals.append(current)
            if fields and "".join(literals):  # "{x}" alone would explain anything
                out.append((template, tuple(literals), tuple(fields)))
    out.sort(key=lambda p: -sum(len(part) for part in p[1]))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _fixed() -> frozenset[str]:
    return frozenset(tpl for tpl in _templates() if "{" not in tpl)


_LONG_DATE = re.compile(rf"(\d{{1,2}}) ({'|'.join(MONTHS)}) (\d{{4}})")


# Which fields of a stored text may hold a nested Text, and which templates it may be (None:
# any). Every other field holds a plain value written as found (a cell, a file or sheet name,
# a code, a date, a number): never read as a template, so a file named "ROS och VARNA.csv"
# stays as it is.
_BLANK_COLUMN = "kolumn {letter}"
NESTED: dict[str, tuple[str, ...] | None] = {
    "message": None, "fix": None, "body": None, "issue": None, "date_fix": None, "pseudonyms_only": None,
    "refused": None, "warnings": None, "errors": None, "rows": None, "changes": None, "first": None,
    "rest": None, "last": None, "names": None, "expected": None,
    "name": (_BLANK_COLUMN,), "used": (_BLANK_COLUMN,), "column": (_BLANK_COLUMN, '"fodelsear" eller "alder"'),
    "file": ("(filnamnet innehöll ett personnummer och sparas inte){suffix}", "(namnlös fil)"),
    "label": ("UTF-8 med BOM",),
    "subject": ("Filen {file} ", "Filen "),
    "item": ('"{name}"',), "items": ("{item}, {items}", '"{name}"'), "shown": ("{item}, {items}", '"{name}"'),
    "found": ("{item}, {items}", '"{name}"', "{shown} … och {rest} till"),
}
# Templates tried only where a field names them (a list item by item would split every text at ", ").
_ASKED_ONLY = frozenset({"{item}, {items}"})


def parse(text: str) -> Any:
    """The stored (Swedish) `text` as the Text it was written from, or `text` itself when no
    template explains it. Reads nested Texts too (a fix inside an issue line)."""
    found = _parse(str(text), 0, "", None)
    return found[0] if found is not None else str(text)


@functools.lru_cache(maxsize=8192)
def _parse(text: str, depth: int, outer: str, allowed: tuple[str, ...] | None) -> tuple[Any, int] | None:
    """(Text, characters of template text explained) for the best reading of all of `text`.

    Every way a template's literal parts can lie in `text` is tried, each field value read
    as a nested Text where the field allows one (NESTED) and a template explains it, else
    kept as a plain value; the reading that explains the most characters wins. `allowed`
    limits the templates tried (None: all). A template whose literal text is one character
    ("{message} {fix}") is not tried inside itself (`outer`): it would split everywhere."""
    if text in _fixed() and (allowed is None or text in allowed):
        return Text(text), len(text)
    if depth > 8 or not text:
        return None
    best: tuple[Any, int] | None = None
    for template, literals, fields in _patterns():
        if template == outer or (template not in allowed if allowed is not None else template in _ASKED_ONLY):
            continue
        if not (text.startswith(literals[0]) and text.endswith(literals[-1])):
            continue
        fixed = sum(len(part) for part in literals)
        if len(text) < fixed:
            continue
        inner_outer = template if fixed <= 1 else ""
        for values in _splits(text, literals, template in _SENTENCES):
            params, score = {}, fixed
            for name, value in zip(fields, values):
                inner = None
                if value and name in NESTED:
                    inner = _parse(value, depth + 1, inner_outer, NESTED[name])
                if inner is not None:
                    params[name], extra = inner
                    score += extra
                else:
                    params[name] = _value(value)
            candidate = Text(template, **params)
            if str.__str__(candidate) != text:
                continue  # e.g. a field used twice with different values
            if best is None or score > best[1]:
                best = (candidate, score)
        if best is not None and best[1] == len(text):
            break
    return best


def _value(text: str) -> Any:
    """A plain parameter as read back: a written-out Swedish date becomes a date again (so
    that it is written out in the language shown), anything else stays text."""
    match = _LONG_DATE.fullmatch(text)
    if match:
        try:
            return date(int(match.group(3)), MONTHS.index(match.group(2)) + 1, int(match.group(1)))
        except ValueError:
            pass
    return text


# Templates that join whole sentences: their fields end with a full stop.
_SENTENCES = frozenset({"{message} {fix}"})


def _splits(text: str, literals: tuple[str, ...], sentences: bool = False) -> Iterable[list[str]]:
    """Every way the literal parts occur in order in `text`, first and last at its ends: the
    field values between them (`sentences`: only values that end with a full stop)."""
    start, end = len(literals[0]), len(text) - len(literals[-1])
    middle = literals[1:-1]

    def walk(pos: int, k: int) -> Iterable[list[str]]:
        if k == len(middle):
            if pos <= end:
                yield [text[pos:end]]
            return
        part = middle[k]
        hit = text.find(part, pos)
        while 0 <= hit and hit + len(part) <= end:
            if not sentences or text[hit - 1:hit] == ".":
                for rest in walk(hit + len(part), k + 1):
                    yield [text[pos:hit], *rest]
            hit = text.find(part, hit + 1)

    if start > end:
        return
    yield from walk(start, 0)


def translate_stored(text: str) -> str:
    """A stored Swedish message (one or more lines) in the current language, line by line."""
    if language() == "sv" or not text:
        return text
    return "\n".join(render(parse(line)) for line in str(text).split("\n"))
