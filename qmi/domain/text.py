"""What a typed text may hold, whatever the field: one rule for the services and the URL parameters.

A text may not hold control characters (NUL, escape, backspace… — PostgreSQL refuses NUL, SQLite
stores it, the Excel exports refuse them all), lone surrogates (not encodable in UTF-8) or the two
XML non-characters U+FFFE and U+FFFF. A multi-line text (a comment, a reason) may hold tabs and line
breaks; a single-line one (a name, a source, a code) may not.

A text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``… first) is guarded by the
exports with an apostrophe (``runs_as_formula``), which the imports take off again (``unguarded``).
"""

from __future__ import annotations

import re
import unicodedata

_FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
_MULTI_LINE = re.compile(f"[{_FORBIDDEN}]")
_SINGLE_LINE = re.compile(f"[{_FORBIDDEN}\t\n\r\u2028\u2029]")


def bad_character(text: str, multiline: bool = False) -> str | None:
    """The first character ``text`` may not hold, written ``U+0000``; None when it is clean."""
    found = (_MULTI_LINE if multiline else _SINGLE_LINE).search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def printable(raw: object, limit: int) -> str:
    """``raw`` as a single-line text without forbidden characters, cut to ``limit`` characters
    (what may be shown back or looked up when the input itself is refused)."""
    return _SINGLE_LINE.sub("", str(raw if raw is not None else ""))[:limit].strip()


# What a spreadsheet may read as the start of a formula or a DDE call, once fullwidth and other
# compatibility forms are folded (NFKC: « ＝ » is « = »).
FORMULA_STARTS = frozenset("=+-@|%")
CONTROL_STARTS = frozenset("\t\r\n")
# Unicode categories skipped before the first visible character: spaces (NBSP, narrow NBSP…),
# format characters (BOM, zero-width joiners, word joiner) and control characters.
INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cf", "Cc"})
GUARD = "'"  # what the exports put before such a text, as a spreadsheet's own « text » prefix


def _first_visible(text: str) -> str:
    for character in text:
        if not character.isspace() and unicodedata.category(character) not in INVISIBLE_CATEGORIES:
            return unicodedata.normalize("NFKC", character)[:1]
    return ""


def runs_as_formula(text: str) -> bool:
    """Would a spreadsheet run ``text`` as a formula? It looks past leading spaces and invisible
    characters and folds fullwidth forms, as spreadsheets do; a text starting with a tab, CR or LF
    counts too."""
    return text[:1] in CONTROL_STARTS or _first_visible(text) in FORMULA_STARTS


def unguarded(text: str) -> str:
    """``text`` without the apostrophe an export put before it (a guarded formula-like text read back
    comes back as typed); any other text unchanged."""
    return text[len(GUARD):] if text.startswith(GUARD) and runs_as_formula(text[len(GUARD):]) else text
