"""Addresses of the app's pages, written in one place: the page links of tables and cards (relative)
and the public addresses printed on QR codes, PDF and slides (absolute, ``base`` first).

A path is a page's ``url_path`` (``app.py``). Parameters are URL-encoded; None drops one, a list
repeats it (``?experimentation=a&experimentation=b``), and the language is written only when it is
not the default one (French), as the app's own URLs do.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote_plus, urlencode

from qmi.i18n import DEFAULT_LANGUAGE

COMMUNES = "communes"
EXPERIMENTS = "experimentations"
INDICATORS = "indicateurs"


def params(lang: str | None = None, **values: object) -> dict[str, object]:
    """The query parameters of a link: ``values`` without the None ones, then ``lang`` unless it is French."""
    kept = {name: value for name, value in values.items() if value is not None}
    if lang is not None and lang != DEFAULT_LANGUAGE:
        kept["lang"] = lang
    return kept


def page_url(path: str, base: str = "", lang: str | None = None, **values: object) -> str:
    """``/experimentations?experimentation=pelican`` (``base`` before it for a public address)."""
    query = urlencode(params(lang, **values), doseq=True)
    return f"{base.rstrip('/')}/{path}" + (f"?{query}" if query else "")


def page_urls(path: str, name: str, values: Iterable[object], lang: str | None = None) -> list[str]:
    """:func:`page_url` for each of ``values`` of the parameter ``name``: a table's link column, built
    without encoding the whole query again on every row."""
    tail = urlencode(params(lang))
    head, tail = f"/{path}?{quote_plus(name)}=", (f"&{tail}" if tail else "")
    return [head + quote_plus(str(value)) + tail for value in values]
