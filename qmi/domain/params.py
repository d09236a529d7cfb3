"""URL parameters, each read by one function that never fails: a malformed value gives the fallback.

The pages read ``st.query_params`` through these (or ``qmi.ui.url_choice`` for a value among
known options), so what a link carries is checked here, where it can be fuzzed without Streamlit.
"""

from __future__ import annotations

import re
from datetime import date

from qmi.domain.text import bad_character, printable

IDENTIFIER_MAX = 80
SEARCH_MAX = 100
_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*", re.ASCII)


def identifier(raw: str | None, limit: int = IDENTIFIER_MAX) -> str | None:
    """A slug or a code (``pelican``, ``SOC-JOBS``): ASCII letters, digits, dot, hyphen, underscore.

    None when absent or blank. A malformed value is kept, cleaned and cut, so that the page says
    « unknown » about it (it matches nothing: the store's slugs and codes are all well formed).
    """
    if raw is None or not str(raw).strip():
        return None
    text = str(raw).strip()
    if len(text) <= limit and _IDENTIFIER.fullmatch(text):
        return text
    return printable(text, limit) or "?"


def is_identifier(raw: str, limit: int = IDENTIFIER_MAX) -> bool:
    """Whether ``raw`` is a well-formed slug or code as it stands (the API refuses anything else)."""
    return len(raw) <= limit and _IDENTIFIER.fullmatch(raw) is not None


def search(raw: str | None, limit: int = SEARCH_MAX) -> str:
    """A search text: single line, no control characters, at most ``limit`` characters; else ""."""
    text = "" if raw is None else str(raw)
    if bad_character(text) is not None:
        text = printable(text, limit)
    return text[:limit].strip()


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def day(raw: str | None, earliest: date, latest: date) -> date | None:
    """A day written YYYY-MM-DD (``au=2025-06-30``) between ``earliest`` and ``latest``; None when absent,
    malformed, not a day of the calendar (2025-02-30) or out of that range."""
    text = "" if raw is None else str(raw).strip()
    if not _ISO_DAY.fullmatch(text):
        return None
    try:
        value = date.fromisoformat(text)
    except ValueError:
        return None
    return value if earliest <= value <= latest else None
