"""The documents a source cites, by key, and their titles in the page's language, so that a source
reads as a document, never as a file name.

``data/reference/sources.csv`` lists every document the record cites: the five seed documents (by
their seed file name), the geography (``data/geo/SOURCE.md``) and the indicator library the project
proposes (by the sentence the library's rows carry), each with a French and an English title.
Code names a document by its key (``edition1_review`` is the edition-1 review, doc. 004): :func:`cite`
gives the ``source`` the record stores, and the string catalogue writes ``[doc:edition1_review]``,
which :func:`resolve` turns into that ``source`` when the catalogue is read. :func:`describe` turns
any stored source into text to show, :func:`titles` lists the documents of several sources once each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from qmi.files import read_csv
from qmi.i18n.record import record_text

SEED_FILE = re.compile(r"\b(\d{3})_[0-9a-f]{16}\.txt\b")
REFERENCE = re.compile(r"\[doc:([a-z0-9_]+)\]")


@lru_cache(maxsize=1)
def _documents() -> dict[str, dict[str, str]]:
    return {row["file"]: row for row in read_csv("sources.csv")}


@lru_cache(maxsize=1)
def _files() -> dict[str, str]:
    return {row["key"]: row["file"] for row in read_csv("sources.csv")}


@lru_cache(maxsize=1)
def _cited() -> re.Pattern:
    """Any document's stored name; the longest first, so that a sentence naming a seed file is one document."""
    names = sorted(_documents(), key=len, reverse=True)
    return re.compile("|".join(re.escape(name) for name in names))


def file(key: str) -> str:
    """The stored name of the document ``key``; an unknown key is a KeyError naming the known ones."""
    try:
        return _files()[key]
    except KeyError:
        raise KeyError(f"no seed document {key!r}; known: {sorted(_files())}") from None


def cite(*keys: str) -> str:
    """A ``source`` citing these documents, as the record stores one: their names, comma-separated."""
    return ", ".join(file(key) for key in keys)


def _title(name: str, lang: str, short: bool) -> str:
    document = _documents()[name]

    def field(column: str) -> str:
        return (lang != "fr" and document.get(f"{column}_en")) or document[column]

    number = SEED_FILE.fullmatch(name)
    reference = f"doc. {number.group(1)}" if number else ""
    if short:
        return f"{field('short')} ({reference})" if reference else field("short")
    details = ", ".join(part for part in (field("publisher"), reference) if part)
    return f"{field('title')} ({details})" if details else field("title")


def title(key: str, lang: str = "fr", short: bool = False) -> str:
    """The document ``key`` as people read it, in ``lang`` (see :func:`describe`)."""
    return _title(file(key), lang, short)


def resolve(text: str) -> str:
    """Every ``[doc:key]`` of a catalogue string replaced by that document's stored name."""
    return REFERENCE.sub(lambda match: file(match.group(1)), text) if "[doc:" in text else text


def describe(source: str | None, lang: str = "fr", short: bool = False) -> str:
    """``source`` with every document it names replaced by « title (publisher, doc. NNN) » in ``lang``.

    ``short`` gives « short title (doc. NNN) », for slides and figure cards where space is scarce.
    Text that names no known document is kept as it is (a source someone typed), or translated when
    the record or the demo set stores it (« Données de démonstration »).
    """
    if not source:
        return ""
    described = _cited().sub(lambda match: _title(match.group(0), lang, short), source)
    return described if described != source else record_text(source, lang)


def cited_keys(sources: Iterable[str | None]) -> list[str]:
    """The keys of the documents of ``data/reference/sources.csv`` that ``sources`` cite, each once, in
    the order of that file (a source that names no known document adds none)."""
    cited = {name for source in sources if source for name in _cited().findall(source)}
    return [key for key, name in _files().items() if name in cited]


def titles(sources: Iterable[str | None], lang: str = "fr", short: bool = False) -> list[str]:
    """The documents ``sources`` cite, each once, in the order first cited, as titles in ``lang``.

    A source that names no known document is listed as :func:`describe` shows it, once.
    """
    listed: dict[str, None] = {}
    for source in sources:
        if not source or not source.strip():
            continue
        names = _cited().findall(source)
        for entry in [_title(name, lang, short) for name in names] or [describe(source.strip(), lang)]:
            listed.setdefault(entry)
    return list(listed)
