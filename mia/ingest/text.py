"""Folding of Swedish text for matching what users type against known names and codes.

'Täby', 'TABY', 'Taby' and ' täby ' must all find kommun 0160, and 'Upplands-Väsby' must
find 'Upplands Väsby'; folding lower-cases, maps å/ä/ö (and é, ü …) to ASCII and, for keys,
drops everything that is not a letter or digit.
"""
from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "æ": "a", "ø": "o", "\u00a0": " ", "\ufeff": ""})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_NON_ALNUM_SPACE = re.compile(r"[^a-z0-9 ]+")


def fold(text: str) -> str:
    """Lower-case ASCII-ish text: 'Östra Södertörn' → 'ostra sodertorn'."""
    text = str(text).casefold().translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def fold_key(text: str, keep_spaces: bool = False) -> str:
    """A matching key: folded, letters and digits only ('Upplands-Väsby' → 'upplandsvasby')."""
    folded = fold(text)
    if keep_spaces:
        return " ".join(_NON_ALNUM_SPACE.sub(" ", folded.replace("-", " ").replace("_", " ")).split())
    return _NON_ALNUM.sub("", folded)
