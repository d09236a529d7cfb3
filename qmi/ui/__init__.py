"""Streamlit helpers shared by the pages: the store, cached queries, language, URL state, badges.

The only module of ``qmi`` (with its ``ui_*`` siblings) that imports Streamlit.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from itertools import islice
from typing import Any, TypeVar

import pandas as pd
import plotly.io as pio
import streamlit as st
from sqlalchemy.engine import Engine

from qmi.config import default_language, get_settings
from qmi.db import StoreError, engine_for, on_write
from qmi.domain import params, scopes
from qmi.domain.values import as_int, or_none
from qmi.draw import TRACE_TYPES
from qmi.i18n import DEFAULT_LANGUAGE, LANGUAGES, formatting
from qmi.i18n import t as translate
from qmi.i18n import tn as translate_count
from qmi.i18n.formatting import escape, literal
from qmi.i18n.record import record_text
from qmi.i18n.sources import describe, titles
from qmi.queries import digest, read_scopes
from qmi.queries.projects import project_communes
from qmi.queries.transfers import project_reach
from qmi.services import audit
from qmi.store.bootstrap import init_store, is_new, migrate
from qmi.ui import styles

T = TypeVar("T")
CACHE_TTL_SECONDS = 600
STORE_VERSION_TTL_SECONDS = 0.5  # how late a write made by another server process may show (one 0.3 ms query)


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    engine = engine_for(url)
    # A new store is filled here; an existing one is only migrated (cheap), so the first
    # page after a start stays fast. `make run` reloads the public record before starting.
    try:
        if is_new(engine):
            init_store(engine, demo=True)
        else:
            migrate(engine)
    except StoreError as fault:
        if fault.kind != "read_only":
            raise
        # A read-only store is served as it is: every page reads it; writes say why they cannot.
    on_write(engine, invalidate)
    return engine


def engine() -> Engine:
    return _engine(url=get_settings().database_url)


@st.cache_data(ttl=STORE_VERSION_TTL_SECONDS, show_spinner=False)
def _store_versions(url: str) -> dict[str, int]:
    """Every scope's version and, under "", the store's (``qmi.services.audit.versions``): one query."""
    return audit.versions(_engine(url=url))


def _run_query(module: str, name: str, url: str, version: Any, args: tuple, kwargs: tuple) -> Any:
    """``version`` is only part of the cache key: the versions of the scopes the query reads (or the
    store's, for a query that declares nothing), so a write makes old only what it touched."""
    function = getattr(importlib.import_module(module), name)
    return function(_engine(url=url), *args, **dict(kwargs))


# Room for a working day's records: an experiment's record makes some fifteen reads, and 20 agents
# writing for a hundred experiments overflowed 512 entries, so each of their records read everything
# again after a write (242 → 170 ms of server CPU a run; the server's memory 434 → 446 MB). The
# figures, views and panels built from those reads get half as many entries.
READ_CACHE_ENTRIES = 4096
BUILT_CACHE_ENTRIES = READ_CACHE_ENTRIES // 2
_cached_query = st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=READ_CACHE_ENTRIES)(_run_query)


def version_of(function: Callable[..., Any], args: tuple, kwargs: dict, versions: dict[str, int]) -> Any:
    """The part of a cached read's key that moves with the store: the versions of the scopes the
    query declares (``qmi.queries.reads``), or the store's own version when it declares none."""
    url = get_settings().database_url
    projects, every = versions.get(scopes.scope(scopes.PROJECTS), 0), versions.get(scopes.ALL, 0)
    names = read_scopes(
        function, args, kwargs, lambda project_id: _project_communes(url=url, projects_version=projects, every_version=every).get(project_id),
        lambda project_id: _project_reach(url=url, projects_version=projects,
                                          transfers_version=versions.get(scopes.scope(scopes.TRANSFERS), 0),
                                          every_version=every).get(project_id))
    if names is None:
        return versions.get("", 0)
    return tuple(versions.get(name, 0) for name in names)


@st.cache_resource(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=4)  # shared: read on every keyed call
def _project_communes(url: str, projects_version: int, every_version: int) -> dict[int, str]:
    """Each experiment's commune, for the reads kept to one experiment (``qmi.queries.reads(project=…)``);
    the versions are only the key: an experiment that moves, or a new one, makes it old."""
    return project_communes(_engine(url=url))


@st.cache_resource(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=4)
def _project_reach(url: str, projects_version: int, transfers_version: int, every_version: int) -> dict[int, tuple[str, ...]]:
    """Each experiment's commune and its transfer partners' (``qmi.queries.reads(partners=True)``); a new
    transfer, or an experiment that moves, makes it old."""
    return project_reach(_engine(url=url))


_QUERY_ARGUMENTS = ("module", "name", "url", "version", "args", "kwargs")


def _by_name(key: tuple) -> dict[str, Any]:
    """A cached read's key (:func:`_key`, or a part's key without its ``kwargs``) as keyword arguments.
    Every call of a cached function here names its arguments: for each positional one, Streamlit
    reads the function's signature again (``inspect.signature``), which doubled the cost of a cache
    hit (0.45 → 0.23 ms; a record's run makes some forty)."""
    return dict(zip(_QUERY_ARGUMENTS, key))


def _key(function: Callable[..., Any], args: tuple, kwargs: dict) -> tuple:
    url = get_settings().database_url
    version = version_of(function, args, kwargs, _store_versions(url=url))
    return function.__module__, function.__name__, url, version, args, tuple(sorted(kwargs.items()))


def q(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a ``qmi.queries`` function on the store, cached until a write touches what it reads, or the TTL.

    The key holds the versions of the scopes the query reads (``qmi.queries.reads``; the store's
    version for one that declares nothing). A write made by this process has the versions re-read
    (:func:`invalidate`, called by ``qmi.db`` after every committed write transaction); one made by
    another replica shows within ``STORE_VERSION_TTL_SECONDS``, when the versions are next read.
    """
    return _cached_query(**_by_name(_key(function, args, kwargs)))


# The parts of a combination (``shared_from``): frames of one row per experiment, or of one group of
# communes (63 groups at the national tier, for each of Fraîcheur and Indicateurs); a scoped write
# leaves an old entry beside the new one until the TTL, so there is room for several.
_shared_query = st.cache_resource(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=256)(_run_query)


def shared(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Like :func:`q`, for a large result the page only reads: every session gets the same object
    instead of a copy (unpickling 10 000 ranked experiments took 0.7 s a run). Never modify it."""
    return _shared_query(**_by_name(_key(function, args, kwargs)))


@st.cache_resource(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=1024)
def _part_digest(module: str, name: str, url: str, version: Any, args: tuple) -> str:
    """What a part read through :func:`shared` holds (``qmi.queries.digest``), by the part's key."""
    return digest(_shared_query(module=module, name=name, url=url, version=version, args=args, kwargs=()))


def _run_combination(module: str, name: str, url: str, digests: tuple, args: tuple, kwargs: tuple,
                     _parts: Callable[[], tuple]) -> Any:
    """``_parts`` (not hashed: its name starts with "_") reads the parts, only when the result is not
    cached; they are given by ``digests``."""
    return getattr(importlib.import_module(module), name)(*_parts(), *args, **dict(kwargs))


# Few entries: an Essaimage ranking of 10 000 experiments holds ~33 MB (the other combinations are small).
_combined = st.cache_resource(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=12)(_run_combination)


def shared_from(function: Callable[..., T], parts: Sequence[tuple[Callable[..., Any], tuple]], *args: Any,
                **kwargs: Any) -> T:
    """``function(*results of parts, *args, **kwargs)``, shared like :func:`shared`, where each part is a
    ``(query, args)`` read through :func:`shared` by what it reads. The result is keyed by what the parts
    hold (their digests), not by the store's versions: after a write, only the parts whose scopes moved
    are read again, and ``function`` runs again only if one of them changed (a value of an old period
    changes no latest value, nor any freshness). A warm run reads no part. ``function`` computes from
    its parts and arguments alone; it declares (``qmi.queries.reads``) every kind they read. Every key
    is taken from one reading of the versions, so a part and the result built from it never belong to
    two states of the store."""
    url = get_settings().database_url
    versions = _store_versions(url=url)
    keys = [(query.__module__, query.__name__, url, version_of(query, part_args, {}, versions), part_args)
            for query, part_args in parts]

    def built() -> tuple:
        return tuple(_shared_query(**_by_name((*key, ()))) for key in keys)

    return _combined(module=function.__module__, name=function.__name__, url=url,
                     digests=tuple(_part_digest(**_by_name(key)) for key in keys), args=args,
                     kwargs=tuple(sorted(kwargs.items())), _parts=built)


def _slim_template() -> dict:
    """Streamlit's plotly template (``import streamlit`` makes it plotly's default; the browser puts the
    theme's colours in its placeholders), less what only other kinds of chart read: colour scales and the
    defaults of trace types none of :data:`qmi.draw.TRACE_TYPES` is. Whole, it was 3.7 of a record
    chart's 5.3 KB, copied, hashed and sent on every page run."""
    full = pio.templates["streamlit"].to_plotly_json()
    return {"data": {kind: traces for kind, traces in full["data"].items() if kind in TRACE_TYPES},
            "layout": {"colorway": full["layout"]["colorway"]}}


pio.templates["qmi"] = _slim_template()
pio.templates.default = "qmi"


@st.cache_resource(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=BUILT_CACHE_ENTRIES)
def _built_figure(module: str, name: str, args: tuple, kwargs: tuple) -> Any:
    return getattr(importlib.import_module(module), name)(*args, **dict(kwargs))


def figure(builder: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """A chart of ``qmi.draw.charts`` built once per input and shared by every session.

    Plotly checks every property as a figure is built, which cost several pages more than
    their queries. The figure returned is shared: draw it or copy it, never modify it.
    """
    return _built_figure(module=builder.__module__, name=builder.__name__, args=args, kwargs=tuple(sorted(kwargs.items())))


@st.cache_resource(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=BUILT_CACHE_ENTRIES)
def _derived(module: str, name: str, key: tuple, language: str, context: tuple, _read: Callable[[], Any]) -> Any:
    """``_read`` (not hashed) reads the query's result, only when the view is not cached; ``key`` is its key."""
    return getattr(importlib.import_module(module), name)(_read(), *context)


def derived(builder: Callable[..., T], query: Callable[..., Any], *args: Any, context: tuple = (),
            **kwargs: Any) -> T:
    """``builder(q(query, *args, **kwargs), *context)``, built once per state of what the query reads,
    language and ``context``, and shared by every session (draw it, never modify it).

    For what a page derives row by row from a query (a chart's points, its formatted labels): keyed by
    the query's own key, it costs nothing on a warm run, where hashing the rows (or the points built
    from them) as a figure's input would cost on every run. ``builder`` runs in the page's session, so
    it may use this module's translations.
    """
    key = _key(query, args, kwargs)
    return _derived(module=builder.__module__, name=builder.__name__, key=key, language=lang(), context=context,
                    _read=lambda: _cached_query(**_by_name(key)))


@st.cache_resource(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=BUILT_CACHE_ENTRIES)
def _by_content(module: str, name: str, content: str, language: str, context: tuple, _frame: pd.DataFrame) -> Any:
    """``_frame`` (not hashed) is what ``content`` digests."""
    return getattr(importlib.import_module(module), name)(_frame, *context)


def by_content(builder: Callable[..., T], frame: pd.DataFrame, *context: Any) -> T:
    """``builder(frame, *context)``, built once per content of ``frame`` (``qmi.queries.digest``: columns,
    types, index and cells), language and ``context``, and shared by every session (never modify it).

    For one part of what :func:`derived` builds (one indicator's chart among an experiment's): when a
    write makes the whole view old, the parts whose rows did not change are kept."""
    return _by_content(module=builder.__module__, name=builder.__name__, content=digest(frame), language=lang(),
                       context=context, _frame=frame)


def invalidate() -> None:
    """Run after every committed write (``qmi.db.on_write``) so that every page shows it on its next run:
    the scopes' versions are read again, and only the reads whose scopes moved run again; the entries
    they leave go by the TTL or ``max_entries``."""
    _store_versions.clear()


# --- language -------------------------------------------------------------------------------

# The language of the run in progress, set by :func:`start_run` (a context variable: each session's
# script runs in its own thread).
_RUN_LANGUAGE: ContextVar[str | None] = ContextVar("qmi_run_language", default=None)


def start_run() -> None:
    """Called first by every run of ``app.py``: the page's language, read once for the run. :func:`lang`
    is asked for every string and number drawn (330 times on an experiment's record, over a thousand
    after a write; each read of the session state and the URL takes microseconds and a lock); it cannot
    change during a run, since choosing another language reruns the script."""
    _RUN_LANGUAGE.set(None)
    _RUN_LANGUAGE.set(lang())


def lang() -> str:
    """The page's language: the menu's choice, else the URL's ``lang``, else the deployment's default."""
    known = _RUN_LANGUAGE.get()
    if known is not None:
        return known
    value = st.session_state.get("lang") or st.query_params.get("lang") or default_language()
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **values: object) -> str:
    """A user-facing string in the current language; a seed file name in it reads as its document's title."""
    return describe(translate(key, lang(), **values), lang())


def tn(key: str, n: int, **values: object) -> str:
    """A count in the current language with its real plural (:func:`qmi.i18n.tn`): « 2 mesures importées »."""
    return describe(translate_count(key, n, lang(), **values))


def md(key: str, **values: object) -> str:
    """A translated string drawn as Markdown whose values are people's or URL text: each shown as typed
    (:func:`qmi.i18n.formatting.literal`), while the string's own Markdown still renders."""
    # As ui.t does for the whole string, a seed file name in a value reads as its document's title.
    return t(key, **{name: literal(describe(value, lang())) if isinstance(value, str) else value for name, value in values.items()})


def record(text: object) -> str:
    """Text the record or the demo set stores in French, in the page's language (``qmi.i18n.record``)."""
    return record_text(text, lang())


def num(value: float | int | None, decimals: int = 1) -> str:
    """The number in the page's language; « – » when it is missing (None or a frame's NaN)."""
    return formatting.number(or_none(value), lang(), decimals)


def pct(share: float | None, decimals: int = 0) -> str:
    return formatting.percent(or_none(share), lang(), decimals)


def day(value: Any, precision: str = "day") -> str:
    return formatting.day(or_none(value), lang(), precision)


def colon() -> str:
    return formatting.colon(lang())


def label_value(label: object, value: object) -> str:
    return formatting.label_value(label, value, lang())


# --- URL state ------------------------------------------------------------------------------

def url_choice(name: str, options: Sequence[T], default: T | None = None) -> T | None:
    """The value of query parameter ``name`` if it is one of ``options`` (compared as text)."""
    raw = st.query_params.get(name)
    for option in options:
        if raw is not None and str(option) == raw:
            return option
    return default


def url_set(**values: object) -> None:
    """Write the view's state into the URL so it can be shared; None removes a parameter."""
    for name, value in values.items():
        if value is None or value == "" or value == []:
            if name in st.query_params:
                del st.query_params[name]
        elif isinstance(value, (list, tuple)):
            st.query_params[name] = [str(v) for v in value]
        elif st.query_params.get(name) != str(value):
            st.query_params[name] = str(value)


STATUS_EARLIEST = date(2015, 1, 1)  # the programme's statuses start after it (qmi.services.statuses.EARLIEST)
STATUS_DAY_WIDTH = 190  # pixels: a date and its calendar icon, not the page's width


def status_day(label_key: str, key: str) -> date:
    """The day a page reads the experiments' statuses at: a date input, today by default, kept in the
    URL as ``au=YYYY-MM-DD`` (absent for today); a malformed or out-of-range ``au`` is today."""
    today = date.today()
    if key not in st.session_state:
        st.session_state[key] = params.day(st.query_params.get("au"), STATUS_EARLIEST, today) or today
    chosen = st.date_input(t(label_key), key=key, min_value=STATUS_EARLIEST, max_value=today,
                           format="DD/MM/YYYY", width=STATUS_DAY_WIDTH) or today
    url_set(au=None if chosen == today else chosen.isoformat())
    return chosen


# --- shared elements ------------------------------------------------------------------------

def grid(items: Iterable[T], per_row: int, **columns: Any) -> Iterator[tuple[Any, T]]:
    """Each item with the column it goes in: rows of ``per_row`` columns (``st.columns(per_row, **columns)``),
    a row created only when its first item comes. Draw with ``with column:`` or ``column.markdown(...)``."""
    items = iter(items)
    while row := list(islice(items, per_row)):
        yield from zip(st.columns(per_row, **columns), row)


def demo_badge() -> str:
    """Inline HTML marker for an illustrative value (use with unsafe_allow_html on escaped content only)."""
    return f'<span class="qmi-demo" title="{escape(t("common.demo_notice"))}">{escape(t("common.demo_badge"))}</span>'


def demo_notice(show: bool = True) -> None:
    """The visible warning a page shows when it draws any demo value."""
    if show:
        st.warning(t("common.demo_notice"), icon=":material/science:")


def source_label(source: str | None, short: bool = False) -> str:
    """A source as people read it: the documents it names become their titles in the page's language."""
    return describe(source, lang(), short)


def source_list(sources: Iterable[str | None], short: bool = False) -> str:
    """The documents of these sources, each once, in the order first cited: « title · title »."""
    return " · ".join(titles(sources, lang(), short))


def sources_text(*sources: str | None, detail: str | None = None) -> str:
    """« Source : … » (Markdown-safe), each document once, then the passage quoted (``detail``) if any;
    sources are stored text (people type some), drawn as typed. Empty when there is none."""
    listed = titles(sources, lang())
    if not listed:
        return ""
    text = " · ".join(listed) + (f" — {detail}" if detail else "")
    return label_value(t("common.sources" if len(listed) > 1 else "common.source"), literal(text))


def source_note(*sources: str | None, detail: str | None = None) -> None:
    """:func:`sources_text` as a caption under a figure."""
    if text := sources_text(*sources, detail=detail):
        st.caption(text)


@contextmanager
def on_demand(label: str, key: str, **options: Any) -> Iterator[bool]:
    """An expander whose content is built only while it is open (yields whether it is).

    Collapsed, the page neither builds its content nor sends it to the browser: a chart's data or a
    long table under a collapsed expander cost a metropolis's pages tens of kilobytes and thousands
    of elements that nobody had asked to see. Opening it reruns the page (``on_change="rerun"``).
    Never for a form: what an agent typed would go with its widgets when the expander closes.
    """
    with st.expander(label, key=key, on_change="rerun", **options) as box:
        yield bool(box.open)


def empty_state(message: str | None = None) -> None:
    st.info(message or t("common.empty_store"), icon=":material/info:")


def apply_style() -> None:
    st.markdown(styles.BASE, unsafe_allow_html=True)


def apply_slide_style() -> None:
    """Full screen and projector-sized type, for the presentation page."""
    st.markdown(styles.SLIDES, unsafe_allow_html=True)


def colored_badge(text: str, fill: str) -> str:
    """A badge of ``text`` (escaped here) on ``fill``, in the text colour that reads on it (HTML)."""
    from qmi.palette import text_on

    return f'<span class="qmi-badge" style="background:{fill};color:{text_on(fill)}">{escape(text)}</span>'


def status_badge(level: int | None, abandoned: bool = False, is_demo: bool = False) -> str:
    """Coloured badge on the « Expérimentation déployée » 0–3 scale (HTML, escaped)."""
    from qmi.domain.scoring import deployment_label
    from qmi.palette import STATUS_COLORS

    level = as_int(level)  # a frame's NaN reads as « not known »
    key = "abandoned" if abandoned else level
    label = deployment_label(None if key in (None, "abandoned") else key, abandoned, lang())
    text = label if key in (None, "abandoned") else f"{key} · {label}"
    badge = colored_badge(text, STATUS_COLORS[key])
    return badge + (" " + demo_badge() if is_demo else "")


def legal_fact(name: str) -> str:
    """A configured fact of the legal pages (``qmi.config.LegalFacts``), or « à renseigner (QMI_…) », as typed."""
    value = getattr(get_settings().legal, name)
    return literal(value) if value else t("legal.unset", variable=f"QMI_{name.upper()}")


def sections(*pairs: tuple[str, str], **values: object) -> None:
    """Titled paragraphs of fixed text: each (title key, body key) as a subheader and its Markdown."""
    for title, body in pairs:
        st.subheader(t(title))
        st.markdown(t(body, **values))
