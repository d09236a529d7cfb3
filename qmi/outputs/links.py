"""Addresses of the app's pages, written in one place: the page links of tables and cards (relative)
and the public addresses printed on QR codes, PDF and slides (absolute, ``base`` first, from
:func:`public_base`).

A path is a page's ``url_path`` (``app.py``). Parameters are URL-encoded; None drops one, a list
repeats it (``?experimentation=a&experimentation=b``), and the language is written only when it is
not the default one (French), as the app's own URLs do.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote_plus, urlencode, urlsplit

from qmi.i18n import DEFAULT_LANGUAGE

COMMUNES = "communes"
EXPERIMENTS = "experimentations"
INDICATORS = "indicateurs"
SHEET = "fiche"  # an experiment's evaluation sheet (?experimentation=<slug>)
EVALUATIONS = "evaluations"  # « Toutes les évaluations », where the printed report's QR code points
PUBLIC_PAGES = {"commune": COMMUNES, "experimentation": EXPERIMENTS}  # what a QR code or a PDF points at
LOCAL_BASE = "http://localhost:8501"  # when neither the configuration nor a request says more
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})


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


def public_base(configured: str, opened_from: str | None = None, path_prefix: str = "") -> str:
    """The address public links start with: ``configured`` (``QMI_PUBLIC_BASE_URL``) when set, else the
    scheme and host the page was opened from (``opened_from``, the browser's URL) with the server's
    ``path_prefix`` (``server.baseUrlPath``), else :data:`LOCAL_BASE`."""
    if configured.strip():
        return configured.strip().rstrip("/")
    parts = urlsplit(opened_from or "")
    if not (parts.scheme and parts.netloc):
        return LOCAL_BASE
    prefix = path_prefix.strip("/")
    return f"{parts.scheme}://{parts.netloc}" + (f"/{prefix}" if prefix else "")


def is_local(base: str) -> bool:
    """Whether ``base`` only opens on the machine that serves it (a QR code printed with it works nowhere else)."""
    host = urlsplit(base).hostname or ""
    return host in LOCAL_HOSTS or host.endswith(".localhost")


def public_url(kind: str, key: str, base: str, lang: str | None = None) -> str:
    """The public address of a commune (``kind`` "commune", INSEE code) or an experiment ("experimentation",
    slug): ``https://…/communes?commune=92071``."""
    return page_url(PUBLIC_PAGES[kind], base, lang, **{kind: key})


API_PREFIX = "api/v1"
API_RECORDS = {"commune": "communes", "experimentation": "experiments"}  # the record page's kind → the API's list


def api_url(kind: str, key: str, base: str = "") -> str:
    """The JSON of a commune's or an experiment's record in the read-only API: ``…/api/v1/experiments/pelican``."""
    return page_url(f"{API_PREFIX}/{API_RECORDS[kind]}/{quote_plus(key)}", base)


def sheet_url(slug: str, base: str, lang: str | None = None) -> str:
    """The public address of an experiment's evaluation sheet: ``https://…/fiche?experimentation=pelican``."""
    return page_url(SHEET, base, lang, experimentation=slug)


def evaluations_url(base: str, lang: str | None = None) -> str:
    """The public address of « Toutes les évaluations » (no filter): what the printed report's QR code opens."""
    return page_url(EVALUATIONS, base, lang)
