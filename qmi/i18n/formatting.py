"""French (or English) number and date formats (through babel), punctuation by language, and the one
escape for user text drawn as markup (HTML, markdown, plotly labels, folium popups)."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

LOCALES = {"fr": "fr_FR", "en": "en_GB"}


# The characters that open Markdown inline markup (links, images, emphasis, code, autolinks, raw HTML),
# GitHub-flavoured tables and strikethrough, Streamlit's LaTeX, and headings. A character reference is
# always read as a plain character (CommonMark §2.5), never as markup. literal() keeps one line, so
# punctuation that only matters at the start of a line matters at the start of the text only: a list
# marker (« - », « + », « 1. ») or a thematic break (« --- ») there is escaped too (_BLOCK_START).
MARKUP_CHARACTERS = frozenset("\\`*_{}[]()<>#!|~$&")
_BLOCK_START = re.compile(r"\s*(?:[-+]|\d{1,9}\.(?=\s|$))")


# GitHub-flavoured Markdown turns bare addresses into links *after* references are decoded (a pass
# over the text): an invisible zero-width space breaks the three patterns it looks for.
_BARE_LINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)
_ZERO_WIDTH_SPACE = "\u200b"


def literal(text: object) -> str:
    """User or URL text to be drawn by Streamlit's Markdown (with or without HTML): shown as typed.

    Links (bracketed, bare or e-mail), images, emphasis, headings, lists, tables, math and HTML tags
    all stay text; line breaks become spaces (a new line could open a block); None is the empty string.
    """
    flat = _BARE_LINK.sub(_ZERO_WIDTH_SPACE, " ".join(("" if text is None else str(text)).splitlines()))
    shown = "".join(f"&#{ord(c)};" if c in MARKUP_CHARACTERS else c for c in flat)
    if (start := _BLOCK_START.match(shown)) is not None:  # its last character is the marker's: « - », « + », « . »
        end = start.end()
        shown = f"{shown[:end - 1]}&#{ord(shown[end - 1])};{shown[end:]}"
    return shown


def escape(text: object) -> str:
    """User text to be drawn inside HTML or markdown, a plotly label or a folium popup: never interpreted.

    ``&``, ``<``, ``>`` and both quotes become entities (quotes too, so the text is safe in an attribute);
    None is the empty string.
    """
    return html.escape("" if text is None else str(text), quote=True)


def colon(lang: str = "fr") -> str:
    """The colon between a label and its value: « : » after a space in French, ": " in English."""
    return " : " if lang == "fr" else ": "


def label_value(label: object, value: object, lang: str = "fr") -> str:
    """« Source : doc. 004 » in French, "Source: doc. 004" in English."""
    return f"{label}{colon(lang)}{value}"


def _locale(lang: str) -> str:
    return LOCALES.get(lang, "fr_FR")


FORMAT_CACHE = 65_536  # formatted numbers kept: babel parses its locale on every call (~0.1 ms each)


@lru_cache(maxsize=FORMAT_CACHE, typed=True)
def number(value: float | int | None, lang: str = "fr", decimals: int = 1) -> str:
    """1 234,5 in French; 1,234.5 in English; '–' when there is no value."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale(lang))


@lru_cache(maxsize=FORMAT_CACHE, typed=True)
def percent(share: float | None, lang: str = "fr", decimals: int = 0) -> str:
    """``share`` is a fraction: 0.7 -> « 70 % » in French, "70%" in English."""
    if share is None:
        return "–"
    sign = "%" if lang == "en" else "\u00a0%"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + sign
    return format_percent(share, format=pattern, locale=_locale(lang))


def day(value: date | datetime | None, lang: str = "fr", precision: str = "day") -> str:
    """14 juin 2023 / juin 2023 / 2023 depending on how precise the source is, 14/06/2023 ("short") in a
    narrow table; « 1er décembre » in French, where the first of the month is an ordinal (babel writes
    « 1 décembre »)."""
    if value is None:
        return "–"
    return _day(value.date() if isinstance(value, datetime) else value, lang, precision)


@lru_cache(maxsize=FORMAT_CACHE)
def _day(value: date, lang: str, precision: str) -> str:
    """:func:`day` of a date, kept: babel applies its pattern in ~1 ms, and a record page shows a few dozen dates."""
    pattern = {"day": "d MMMM y", "month": "MMMM y", "year": "y", "short": "short"}[precision]
    if precision == "day" and value.day == 1 and _locale(lang) == LOCALES["fr"]:
        pattern = "d'er' MMMM y"
    return format_date(value, format=pattern, locale=_locale(lang))


def per_row(label: Callable[..., object], *columns: Iterable) -> list:
    """``label(*cells)`` for every row of the columns, computed once per distinct row: a table of
    10 000 experiments has a handful of families, challenges and statuses. Missing cells are None."""
    memo: dict[tuple, object] = {}
    result = []
    for cells in zip(*columns, strict=True):
        key = tuple(None if isinstance(v, float) and math.isnan(v) else v for v in cells)
        if key not in memo:
            memo[key] = label(*key)
        result.append(memo[key])
    return result
