"""Plain titles for the seed documents, so that a source reads as a document, not a file name."""

from __future__ import annotations

import re
from functools import lru_cache

from qmi.files import read_csv

SEED_FILE = re.compile(r"\b(\d{3})_[0-9a-f]{16}\.txt\b")


@lru_cache(maxsize=1)
def _documents() -> dict[str, dict[str, str]]:
    return {row["file"]: row for row in read_csv("sources.csv")}


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
