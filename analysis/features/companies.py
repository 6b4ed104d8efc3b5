"""Company keys: an employer's name compared without case, accents, punctuation or legal form."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

LEGAL_SUFFIXES = frozenset((  # legal forms, and words that only say 'a company'
    "inc", "incorporated", "llc", "llp", "lp", "ltd", "limited", "gmbh", "mbh", "ag", "kg",
    "kgaa", "se", "sa", "sas", "sarl", "srl", "spa", "sl", "slu", "bv", "nv", "ab", "as",
    "asa", "oy", "oyj", "plc", "pty", "pvt", "co", "corp", "corporation", "company", "group",
    "holding", "holdings"))
_DOTTED = re.compile(r"\b(?:[^\W\d_]\.){2,}")  # s.a., b.v., s.p.a.
_WORD = re.compile(r"[^\W_]+")


def _words(text) -> list[str]:
    """Lower-case words without accents; dotted abbreviations (S.A.) become one word."""
    if not isinstance(text, str):
        return []
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _WORD.findall(_DOTTED.sub(lambda m: m.group(0).replace(".", ""), text))


def employer_key(name) -> str | None:
    """An employer name without case, accents, punctuation or trailing legal suffixes."""
    words = _words(name)
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words) or None


def company_key(names: pd.Series) -> pd.Series:
    return names.map(employer_key)
