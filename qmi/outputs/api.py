"""The read-only HTTP API, ``/api/v1``: the open data as JSON, page by page, from the process that
serves the pages (``qmi.serve`` gives :func:`routes` to ``st.App``).

- Each list is ``{"items": [...], "page", "per_page", "next", "previous"}``; an item's keys are the
  export's column names (``qmi.outputs.tables.open_data_tables``), then ``url``, the address of its
  page in the app (``qmi.outputs.links``, the builder of the QR codes and PDF links).
- Only what the public pages show (``qmi.queries.published``): never an account, the audit log, an
  archived row or a value not in force. Demo rows carry ``is_demo``.
- Every answer carries an ``ETag`` made of the store's version (the id of the latest audit entry, as
  the pages' caches read it) and of the address asked; ``If-None-Match`` with it answers 304.
- Bad input is a JSON error ``{"error": code, "message": French text}`` with 400 or 404, never a
  500; more requests than the per-address token bucket allows answer 429 with ``Retry-After``.
- Read-only CORS: any origin may GET; nothing else is accepted.
- ``QMI_API=off``: only a catch-all that answers 404 is mounted (the pages would answer anything else).
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

import orjson
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from qmi.config import Settings, get_settings
from qmi.db import engine_for
from qmi.domain import params as url_params
from qmi.domain.text import printable
from qmi.i18n import t
from qmi.outputs import datapackage, links
from qmi.outputs.tables import csv_text, open_data_tables
from qmi.queries import published
from qmi.services.audit import last_write

LOG = logging.getLogger(__name__)
PREFIX = "/api/v1"
PER_PAGE_MAX = 100  # items in one page, at most (and by default)
PAGE_MAX = 100_000  # beyond it a page number is nonsense (10 M rows at 100 a page)
INSEE_MAX = 5
CACHE_CONTROL = "public, no-cache"  # keep it, but ask again: a matching ETag costs one indexed read
READ_METHODS = ("GET", "HEAD")
ALL_METHODS = ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")
# Read-only CORS, and no browser reads a JSON answer (which may repeat what was sent) as a page.
CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "ETag, Link, Retry-After",
        "X-Content-Type-Options": "nosniff"}
JSON = "application/json"
ECHOED_MAX = 60  # characters of a parameter's name or value repeated in a message
_FILE_NAME = re.compile(r"[a-z0-9_]{1,40}", re.ASCII)

# Documents served beside the tables, ``/api/v1/<name>`` → builder(engine) -> dict. One line each:
#   "datapackage.json": datapackage.package_descriptor,
#   "catalogue.jsonld": datapackage.catalogue_descriptor,
_catalogues: dict[tuple[str, int], dict] = {}  # the catalogue of the store's latest version (it reads every table)
_catalogue_lock = threading.Lock()


def _catalogue(engine: Engine) -> dict:
    """``catalogue.jsonld``, built once per store version: its coverage reads every table (seconds at
    the national tier), which a request must not redo each time."""
    key = (str(engine.url), last_write(engine))
    with _catalogue_lock:
        if key not in _catalogues:
            _catalogues.clear()
            _catalogues[key] = datapackage.catalogue_descriptor(engine)
        return _catalogues[key]


DOCUMENTS: dict[str, Callable[[Engine], dict]] = {
    "datapackage.json": lambda engine: datapackage.package_descriptor(engine, urls=True),
    "catalogue.jsonld": _catalogue,
}


class ApiError(Exception):
    """An answer other than 200: its HTTP status, its code and the i18n key of its French message."""

    def __init__(self, status: int, code: str, key: str, headers: dict[str, str] | None = None, /, **values: object):
        super().__init__(code)
        self.status, self.code, self.key, self.values, self.headers = status, code, key, values, headers or {}

    def body(self) -> dict[str, str]:
        return {"error": self.code, "message": t(self.key, "fr", **self.values)}


def _echo(text: object) -> str:
    """What someone sent, repeated in a message: one line, printable, short."""
    return printable(str(text), ECHOED_MAX) or "?"


# --- reading the parameters -------------------------------------------------------------------

@dataclass
class Call:
    """One request as a handler reads it: the store, its parameters (already checked), where links start."""

    request: Request
    engine: Engine
    settings: Settings
    params: dict[str, str]

    @cached_property
    def base(self) -> str:
        """Where the app's page addresses start (``QMI_PUBLIC_BASE_URL``, else the request's own host)."""
        return links.public_base(self.settings.public_base_url, str(self.request.base_url))

    def page_url(self, kind: str, key: str) -> str:
        return links.public_url(kind, key, self.base)

    def api_url(self, path: str, **query: object) -> str:
        return links.page_url(f"{PREFIX.strip('/')}/{path}", str(self.request.base_url), **query)

    def page(self) -> tuple[int, int]:
        return _whole(self.params.get("page"), 1, PAGE_MAX, "api.error.bad_page"), _whole(
            self.params.get("per_page"), PER_PAGE_MAX, PER_PAGE_MAX, "api.error.bad_per_page")

    def identifier(self, name: str, limit: int = url_params.IDENTIFIER_MAX) -> str | None:
        raw = self.params.get(name)
        if raw is None:
            return None
        if not url_params.is_identifier(raw, limit):
            raise ApiError(400, "bad_parameter", "api.error.bad_identifier", name=name, most=limit)
        return raw

    def since(self) -> date | None:
        raw = self.params.get("since")
        if raw is None:
            return None
        day = url_params.day(raw, date(1900, 1, 1), date(2100, 12, 31))
        if day is None:
            raise ApiError(400, "bad_parameter", "api.error.bad_since")
        return day


def _whole(raw: str | None, default: int, most: int, key: str) -> int:
    if raw is None:
        return default
    if not re.fullmatch(r"[0-9]{1,9}", raw, re.ASCII) or not 1 <= int(raw) <= most:
        raise ApiError(400, "bad_parameter", key, most=most)
    return int(raw)


def _checked_params(request: Request, allowed: tuple[str, ...]) -> dict[str, str]:
    seen: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        if name not in allowed:
            raise ApiError(400, "unknown_parameter", "api.error.unknown_parameter", name=_echo(name),
                           allowed=", ".join(allowed) or "aucun")
        if name in seen:
            raise ApiError(400, "repeated_parameter", "api.error.repeated_parameter", name=name)
        seen[name] = value
    return seen


# --- the answers ------------------------------------------------------------------------------

def _listing(call: Call, rows: list[dict[str, Any]], more: bool, page: int, per_page: int) -> dict[str, Any]:
    if not rows and page > 1:
        raise ApiError(404, "page_out_of_range", "api.error.page_out_of_range", page=page)

    def at(number: int) -> str:
        return str(call.request.url.include_query_params(page=number))

    return {"items": rows, "page": page, "per_page": per_page,
            "next": at(page + 1) if more else None, "previous": at(page - 1) if page > 1 else None}


def _sliced(call: Call, rows: list[dict[str, Any]]) -> dict[str, Any]:
    page, per_page = call.page()
    start = (page - 1) * per_page
    return _listing(call, rows[start:start + per_page], len(rows) > start + per_page, page, per_page)


def _commune_item(call: Call, row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "url": call.page_url("commune", row["insee_code"])}


def _experiment_item(call: Call, row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "url": call.page_url("experimentation", row["slug"])}


def communes(call: Call) -> dict[str, Any]:
    return _sliced(call, [_commune_item(call, row) for row in published.communes(call.engine)])


def commune(call: Call) -> dict[str, Any]:
    code = call.request.path_params["insee_code"]
    row = published.commune(call.engine, code) if url_params.is_identifier(code, INSEE_MAX) else None
    if row is None:
        raise ApiError(404, "not_found", "api.error.unknown_commune", code=_echo(code))
    return _commune_item(call, row)


def experiments(call: Call) -> dict[str, Any]:
    page, per_page = call.page()
    rows, more = published.experiments(call.engine, (page - 1) * per_page, per_page)
    return _listing(call, [_experiment_item(call, row) for row in rows], more, page, per_page)


def experiment(call: Call) -> dict[str, Any]:
    slug = call.request.path_params["slug"]
    row = published.experiment(call.engine, slug) if url_params.is_identifier(slug) else None
    if row is None:
        raise ApiError(404, "not_found", "api.error.unknown_experiment", slug=_echo(slug))
    return {**_experiment_item(call, row), "measurements": call.api_url("measurements", experiment=slug),
            "progress": call.api_url("progress", experiment=slug)}


def _experiment_filter(call: Call) -> tuple[int | None, str | None]:
    slug = call.identifier("experiment")
    if slug is None:
        return None, None
    project_id = published.experiment_id(call.engine, slug)
    if project_id is None:
        raise ApiError(404, "not_found", "api.error.unknown_experiment", slug=slug)
    return project_id, slug


def _indicator_filter(call: Call) -> str | None:
    code = call.identifier("indicator")
    if code is not None and not published.indicator_exists(call.engine, code):
        raise ApiError(404, "not_found", "api.error.unknown_indicator", code=code)
    return code


def measurements(call: Call) -> dict[str, Any]:
    page, per_page = call.page()
    since = call.since()
    project_id, _ = _experiment_filter(call)
    code = _indicator_filter(call)
    rows, more = published.measurements(call.engine, (page - 1) * per_page, per_page, project_id, code, since)
    items = []
    for row in rows:
        slug = row.pop("project_slug")
        items.append({**row, "url": call.page_url("experimentation", slug)})
    return _listing(call, items, more, page, per_page)


def indicators(call: Call) -> dict[str, Any]:
    base = call.base
    return _sliced(call, [{**row, "url": links.page_url(links.INDICATORS, base, indicateur=row["code"])}
                          for row in published.indicators(call.engine)])


def progress(call: Call) -> dict[str, Any]:
    page, per_page = call.page()
    project_id, _ = _experiment_filter(call)
    code = _indicator_filter(call)
    rows, more = published.progress_rows(call.engine, (page - 1) * per_page, per_page,
                                         None if project_id is None else [project_id], code)
    return _listing(call, [{**row, "url": call.page_url("experimentation", row["project_slug"])} for row in rows],
                    more, page, per_page)


class ExportFiles:
    """The open-data CSVs, as ``python -m qmi export`` writes them, built once per store version.

    One build at a time (at the national tier it reads two million values): a request that finds a
    build under way is told to come back (503, ``Retry-After``) instead of holding one of the server's
    threads, which the pages' static files share."""

    KEPT = 4  # files held at once (the measurements of the national tier weigh ~150 MB)
    RETRY_SECONDS = 10

    def __init__(self) -> None:
        self._lock = threading.Lock()  # the cache, held for an instant
        self._building = threading.Lock()
        self._version: int | None = None
        self._names: tuple[str, ...] | None = None
        self._files: dict[str, bytes] = {}

    def _cached(self, version: int, name: str) -> bytes | None:
        with self._lock:
            if version != self._version:
                self._version, self._names, self._files = version, None, {}
            if self._names is not None and name not in self._names:
                raise self._unknown(name)
            return self._files.get(name)

    def get(self, engine: Engine, version: int, name: str) -> bytes:
        if (content := self._cached(version, name)) is not None:
            return content
        if not self._building.acquire(blocking=False):
            raise ApiError(503, "busy", "api.error.building", {"Retry-After": str(self.RETRY_SECONDS)},
                           seconds=self.RETRY_SECONDS)
        try:
            if (content := self._cached(version, name)) is not None:  # built while this request waited
                return content
            tables = open_data_tables(engine)
            content = csv_text(tables[name]).encode("utf-8") if name in tables else None
            with self._lock:
                if version == self._version:
                    self._names = tuple(tables)
                    if content is not None:
                        if len(self._files) >= self.KEPT:
                            self._files.pop(next(iter(self._files)))
                        self._files[name] = content
            if content is None:
                raise self._unknown(name, tuple(tables))
            return content
        finally:
            self._building.release()

    def _unknown(self, name: str, names: tuple[str, ...] | None = None) -> ApiError:
        return ApiError(404, "not_found", "api.error.unknown_file", name=_echo(name),
                        files=", ".join(f"{n}.csv" for n in names or self._names or ()))


def export_file(call: Call, files: ExportFiles, version: int) -> bytes:
    name = call.request.path_params["name"]
    if not _FILE_NAME.fullmatch(name):
        raise ApiError(404, "not_found", "api.error.unknown_file", name=_echo(name), files="/api/v1/openapi.json")
    return files.get(call.engine, version, name)


# --- the routes -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Endpoint:
    """One address of the API: its path under ``/api/v1``, what it answers (an i18n key: the OpenAPI
    description says it in French, the API's page in the reader's language), the parameters it accepts,
    and the handler."""

    path: str
    key: str
    handler: Callable[..., Any]
    params: tuple[str, ...] = ()
    media_type: str = JSON


PAGED = ("page", "per_page")
ENDPOINTS = (
    Endpoint("/communes", "api.endpoint.communes", communes, PAGED),
    Endpoint("/communes/{insee_code}", "api.endpoint.commune", commune),
    Endpoint("/experiments", "api.endpoint.experiments", experiments, PAGED),
    Endpoint("/experiments/{slug}", "api.endpoint.experiment", experiment),
    Endpoint("/measurements", "api.endpoint.measurements", measurements, ("experiment", "indicator", "since", *PAGED)),
    Endpoint("/indicators", "api.endpoint.indicators", indicators, PAGED),
    Endpoint("/progress", "api.endpoint.progress", progress, ("experiment", "indicator", *PAGED)),
    Endpoint("/export/{name}.csv", "api.endpoint.export", export_file, media_type="text/csv"),
)


@dataclass
class TokenBucket:
    """Per client address: ``burst`` requests at once, then ``rate`` a second."""

    rate: float
    burst: int
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    MAX_ADDRESSES = 10_000

    def wait(self, address: str) -> float:
        """0 when ``address`` may go on (a token is taken), else the seconds until its next token."""
        now = self.clock()
        with self._lock:
            tokens, then = self._buckets.get(address, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - then) * self.rate)
            if tokens >= 1:
                if len(self._buckets) >= self.MAX_ADDRESSES and address not in self._buckets:
                    self._buckets.clear()  # a flood of addresses: forget them all rather than grow
                self._buckets[address] = (tokens - 1, now)
                return 0.0
            self._buckets[address] = (tokens, now)
            return (1 - tokens) / self.rate if self.rate > 0 else 60.0


def _etag(version: int, request: Request) -> str:
    digest = hashlib.blake2b(f"{request.url.path}?{request.url.query}|{request.base_url}".encode(), digest_size=6)
    return f'"{version}-{digest.hexdigest()}"'


def _matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    candidates = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in candidates or etag in candidates


def _json(body: object, status: int = 200, headers: dict[str, str] | None = None, media_type: str = JSON) -> Response:
    content = orjson.dumps(body, option=orjson.OPT_NAIVE_UTC | orjson.OPT_SERIALIZE_NUMPY)
    return Response(content, status, headers={**CORS, **(headers or {})}, media_type=media_type)


def _error(error: ApiError) -> Response:
    return _json(error.body(), error.status, error.headers)


class Api:
    """The API's state in one process: the store's engine, the rate limit, the CSVs built."""

    def __init__(self, settings: Settings | None = None, engine: Engine | None = None) -> None:
        self.settings = settings or get_settings()
        self._engine = engine
        self.limit = TokenBucket(self.settings.api_rate, self.settings.api_burst)
        self.files = ExportFiles()

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = engine_for(self.settings.database_url)
        return self._engine

    def endpoint(self, spec: Endpoint) -> Callable[[Request], Response]:
        def answer(request: Request) -> Response:
            try:
                return self._answer(spec, request)
            except ApiError as error:
                return _error(error)
            except SQLAlchemyError:
                LOG.exception("the API could not read the store (%s)", request.url.path)
                return _error(ApiError(503, "unavailable", "api.error.unavailable", {"Retry-After": "5"}))

        answer.__name__ = spec.handler.__name__
        answer.api = self  # type: ignore[attr-defined]
        return answer

    def _answer(self, spec: Endpoint, request: Request) -> Response:
        if request.method == "OPTIONS":  # a CORS preflight: reading is all that is allowed
            return Response(status_code=204, headers={**CORS, "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
                                                      "Access-Control-Allow-Headers": "If-None-Match",
                                                      "Access-Control-Max-Age": "86400"})
        if request.method not in READ_METHODS:
            raise ApiError(405, "method_not_allowed", "api.error.method_not_allowed", {"Allow": "GET, HEAD, OPTIONS"})
        wait = self.limit.wait(request.client.host if request.client else "")
        if wait:
            seconds = max(1, math.ceil(wait))
            raise ApiError(429, "rate_limited", "api.error.rate_limited", {"Retry-After": str(seconds)}, seconds=seconds)
        call = Call(request, self.engine, self.settings, _checked_params(request, spec.params))
        version = last_write(self.engine)
        etag = _etag(version, request)
        headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
        if _matches(request.headers.get("if-none-match"), etag):
            return Response(status_code=304, headers={**CORS, **headers})
        if spec.handler is export_file:
            return Response(export_file(call, self.files, version), headers={**CORS, **headers},
                            media_type="text/csv; charset=utf-8")
        body = spec.handler(call)
        if isinstance(body, dict) and body.get("next"):
            headers["Link"] = f'<{body["next"]}>; rel="next"'
        return _json(body, headers=headers, media_type=spec.media_type)

    def openapi(self, request: Request) -> Response:
        return _json(openapi_description(str(request.base_url)), headers={"Cache-Control": "public, max-age=3600"})

    def not_found(self, request: Request) -> Response:
        return _error(ApiError(404, "not_found", "api.error.not_found"))


def document_endpoints() -> tuple[Endpoint, ...]:
    """:data:`DOCUMENTS` as endpoints (a JSON-LD one is served as such)."""

    def serving(builder: Callable[[Engine], dict]) -> Callable[[Call], dict]:
        def handler(call: Call) -> dict:
            return builder(call.engine)
        handler.__name__ = getattr(builder, "__name__", "document")
        return handler

    return tuple(Endpoint(f"/{name}", "api.endpoint.document", serving(builder),
                          media_type="application/ld+json" if name.endswith(".jsonld") else JSON)
                 for name, builder in DOCUMENTS.items())


def _parameter(name: str) -> dict[str, Any]:
    schemas = {
        "page": {"type": "integer", "minimum": 1, "maximum": PAGE_MAX, "default": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": PER_PAGE_MAX, "default": PER_PAGE_MAX},
        "since": {"type": "string", "format": "date"},
    }
    return {"name": name, "in": "query", "required": False,
            "schema": schemas.get(name, {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$"})}


def openapi_description(base: str) -> dict[str, Any]:
    """The OpenAPI 3.1 description of every address, from :data:`ENDPOINTS`."""
    error = {"description": "Erreur : {\"error\": code, \"message\": texte en français}",
             "content": {JSON: {"schema": {"type": "object", "required": ["error", "message"],
                                           "properties": {"error": {"type": "string"},
                                                          "message": {"type": "string"}}}}}}
    paths: dict[str, Any] = {}
    for spec in (*ENDPOINTS, *document_endpoints()):
        path_params = re.findall(r"{([a-z_]+)}", spec.path)
        parameters = [{"name": p, "in": "path", "required": True, "schema": {"type": "string"}} for p in path_params]
        paths[PREFIX + spec.path] = {"get": {
            "summary": t(spec.key, "fr", name=spec.path.strip("/")),
            "parameters": parameters + [_parameter(p) for p in spec.params],
            "responses": {"200": {"description": "Les données", "content": {spec.media_type: {}}},
                          "304": {"description": "Inchangé depuis l'ETag donné (If-None-Match)"},
                          "400": error, "404": error, "429": error},
        }}
    return {"openapi": "3.1.0",
            "info": {"title": "Quartiers Métropolitains d'Innovation — API ouverte en lecture seule", "version": "1.0.0",
                     "license": {"name": "Licence Ouverte 2.0",
                                 "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}},
            "servers": [{"url": base.rstrip("/") + PREFIX}], "paths": paths}


def routes(settings: Settings | None = None, engine: Engine | None = None) -> list[BaseRoute]:
    """The API's routes, for ``st.App(routes=…)`` (or a plain Starlette app in the tests)."""
    settings = settings or get_settings()
    if not settings.api_enabled:
        def off(request: Request) -> Response:
            return _error(ApiError(404, "api_off", "api.error.off"))
        return [Route("/api/{rest:path}", off, methods=list(ALL_METHODS))]
    api = Api(settings, engine)
    specs = (*ENDPOINTS, *document_endpoints())
    return [
        *[Route(PREFIX + spec.path, api.endpoint(spec), methods=list(ALL_METHODS)) for spec in specs],
        Route(f"{PREFIX}/openapi.json", api.openapi, methods=list(READ_METHODS)),
        Route("/api/{rest:path}", api.not_found, methods=list(ALL_METHODS)),
    ]
