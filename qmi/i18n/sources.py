"""The seed documents by key, and their plain titles, so that a source reads as a document, not a file name.

Code names a document by its key (``data/reference/sources.csv``: ``edition1_review`` is the
edition-1 review, doc. 004), never by its seed file name: :func:`cite` gives the file names a
``source`` is stored with, and the string catalogue writes ``[doc:edition1_review]``, which
:func:`resolve` turns into the file name when the catalogue is read. :func:`describe` turns the
file names of any source into titles for display.
"""

from __future__ import annotations

import re
from functools import lru_cache

from qmi.files import read_csv

SEED_FILE = re.compile(r"\b(\d{3})_[0-9a-f]{16}\.txt\b")
REFERENCE = re.compile(r"\[doc:([a-z0-9_]+)\]")


@lru_cache(maxsize=1)
def _documents() -> dict[str, dict[str, str]]:
    return {row["file"]: row for row in read_csv("sources.csv")}


@lru_cache(maxsize=1)
def _files() -> dict[str, str]:
    return {row["key"]: row["file"] for row in read_csv("sources.csv")}


def file(key: str) -> str:
    """The seed file name of the document ``key``; an unknown key is a KeyError naming the known ones."""
    try:
        return _files()[key]
    except KeyError:
        raise KeyError(f"no seed document {key!r}; known: {sorted(_files())}") from None


def cite(*keys: str) -> str:
    """A ``source`` citing these documents, as the record stores one: their file names, comma-separated."""
    return ", ".join(file(key) for key in keys)


def title(key: str, short: bool = False) -> str:
    """The document ``key`` as people read it (see :func:`describe`)."""
    return describe(file(key), short)


def resolve(text: str) -> str:
    """Every ``[doc:key]`` of a catalogue string replaced by that document's file name."""
    return REFERENCE.sub(lambda match: file(match.group(1)), text) if "[doc:" in text else text


def describe(source: str | None, short: bool = False) -> str:
    """Replace every seed file name in ``source`` by « title » (publisher, doc. NNN).

    ``short`` gives « short title (doc. NNN) », for slides and figure cards where space is scarce.
    """
    if not source:
        return ""

    def title(match: re.Match) -> str:
        document = _documents().get(match.group(0))
        if document is None:
            return match.group(0)
        if short:
            return f"{document['short']} (doc. {match.group(1)})"
        return f"{document['title']} ({document['publisher']}, doc. {match.group(1)})"

    return SEED_FILE.sub(title, source)
