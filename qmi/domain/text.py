"""What a typed text may hold, whatever the field: one rule for the services and the URL parameters.

A text may not hold control characters (NUL, escape, backspace… — PostgreSQL refuses NUL, SQLite
stores it, the Excel exports refuse them all), lone surrogates (not encodable in UTF-8) or the two
XML non-characters U+FFFE and U+FFFF. A multi-line text (a comment, a reason) may hold tabs and line
breaks; a single-line one (a name, a source, a code) may not.
"""

from __future__ import annotations

import re

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
