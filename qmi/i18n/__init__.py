"""Every user-facing string, in French and English.

Each module of :data:`CATALOG` holds the strings of one part of the interface as
``STRINGS = {"key": {"fr": "...", "en": "..."}}``; keys are namespaced by part
(``home.title``, ``map.legend``…). ``t()`` looks a key up and fills ``{placeholders}``; ``tn()`` does so for a count, choosing the key's
plural form (``key.one``, ``key.other``) by the language's rule; a seed
document is written ``[doc:key]`` (a key of ``data/reference/sources.csv``), read as its file name.
Beside them, ``formatting`` writes numbers, dates and punctuation by language and ``sources``
turns a source into the title of its document.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import lru_cache

from babel import Locale

from qmi.i18n.formatting import LOCALES, number

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
CATALOG = (
    "admin",
    "api",
    "assessors",
    "catalogue",
    "common",
    "communes",
    "essaimage",
    "events",
    "exports",
    "forms",
    "freshness",
    "home",
    "imports_catalogue",
    "indicators",
    "labels",
    "legal",
    "lessons",
    "map",
    "opendata",
    "present",
    "projects",
    "replicability",
    "review",
    "sheets",
    "shell",
    "themes",
    "transfers",
    "worklist",
)


@lru_cache(maxsize=1)
def catalog() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for module in CATALOG:
        strings = importlib.import_module(f"{__name__}.{module}").STRINGS
        duplicates = merged.keys() & strings.keys()
        if duplicates:
            raise ValueError(f"i18n keys defined twice: {sorted(duplicates)}")
        merged.update(strings)
    from qmi.i18n.sources import resolve  # documents are named by key in the strings ([doc:edition1_review])

    return {key: {lang: resolve(text) for lang, text in entry.items()} for key, entry in merged.items()}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    entry = catalog()[key]
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


@lru_cache(maxsize=len(LANGUAGES))
def _plural_rule(lang: str) -> Callable[[float], str]:
    return Locale.parse(LOCALES.get(lang, LOCALES[DEFAULT_LANGUAGE])).plural_form


def tn(key: str, n: int, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """A count said with a real plural: « 0 mesure », « 1 mesure », « 2 mesures »; "1 row", "0 rows".

    The catalogue holds ``key.one`` and ``key.other`` (and ``key.many`` where the language has it);
    babel's CLDR rule picks the form for ``n``, a missing one falls back to ``key.other``.
    ``{n}`` is the count written as the language writes numbers (« 1 234 »).
    """
    form = _plural_rule(lang)(n)
    chosen = f"{key}.{form}" if f"{key}.{form}" in catalog() else f"{key}.other"
    return t(chosen, lang, n=number(n, lang, 0), **values)


class Refusal(Exception):
    """Something refused or failed, said to people in their language: a message key and its values.

    Services raise their refusals (``qmi.services.errors``) and the store its faults (``qmi.db``) as
    subclasses, so a page shows ``error.message(lang)`` and never a traceback.
    """

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def message(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return t(self.key, lang, **self.values)
