"""Engines and sessions.

SQLite gets foreign keys, WAL and a busy timeout on every connection, and write
sessions open with ``BEGIN IMMEDIATE`` so that a read-then-write transaction
takes the write lock up front instead of failing half-way when another session
writes at the same moment.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from weakref import WeakKeyDictionary

import pandas as pd
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError
from sqlmodel import Session, create_engine

from qmi.config import get_settings
from qmi.i18n import Refusal

_IMMEDIATE = "qmi_begin_immediate"


def _unicode_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _is_file(url: str) -> bool:
    return ":memory:" not in url and url not in ("sqlite://", "sqlite:///")


def _open_sqlite(path: str, busy_seconds: float) -> sqlite3.Connection:
    """A connection to the store at ``path``; a store the server may not write (read-only disk or folder,
    immutable file) is opened read-only, so that every page still reads it and writes say why they fail."""
    connection = sqlite3.connect(path, timeout=busy_seconds, check_same_thread=False)
    try:
        connection.execute("PRAGMA journal_mode=WAL")  # needs to write the -wal and -shm files beside the store
        return connection
    except sqlite3.OperationalError as error:
        connection.close()
        if not any(words in str(error).lower() for words in ("readonly", "unable to open")):
            raise
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                           timeout=busy_seconds, check_same_thread=False)


def make_engine(url: str, busy_seconds: float = 30) -> Engine:
    """A new engine for ``url`` (tests use this for temporary stores).

    ``busy_seconds``: how long a SQLite write waits for another writer before it says the store is busy.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": busy_seconds})
        path = engine.url.database

        if _is_file(url):
            @event.listens_for(engine, "do_connect")
            def _connect(_dialect, _record, _cargs, _cparams):
                return _open_sqlite(path, busy_seconds)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            # Let SQLAlchemy, not the driver, decide when transactions begin.
            dbapi_connection.isolation_level = None
            # SQLite's lower() folds ASCII only; `ilike` compiles to lower() LIKE lower(),
            # so a Unicode lower() lets « écono » find « Économie » as on PostgreSQL.
            dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_seconds * 1000)}")
            if _is_file(url):
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            immediate = conn.get_execution_options().get(_IMMEDIATE, False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    return make_engine(url)


def configured_engine() -> Engine:
    """The engine of the store the settings name (``QMI_DATABASE_URL``)."""
    return engine_for(get_settings().database_url)


def frame(engine: Engine, statement) -> pd.DataFrame:
    """Run a query into a DataFrame; a missing text is None, not a NaN that reads as true."""
    with engine.connect() as connection:
        table = pd.read_sql(statement, connection)
    texts = table.select_dtypes(include="str").columns
    if len(texts):  # all at once: a column at a time (astype, then where) cost more than the query on small reads
        table = table.assign(**{column: pd.Series(table[column].to_numpy(dtype=object, na_value=None), index=table.index,
                                                  dtype=object) for column in texts})
    return table


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


# PostgreSQL SQLSTATE → fault, and the words SQLite says it with (it has no codes in its messages).
_PG_FAULTS = {"40001": "conflict", "40P01": "conflict", "23505": "conflict", "53100": "full", "25006": "read_only",
              "55P03": "busy", "57P01": "unavailable", "08006": "unavailable", "08001": "unavailable"}
_SQLITE_FAULTS = (("locked", "busy"), ("busy", "busy"), ("disk is full", "full"), ("readonly", "read_only"),
                  ("read-only", "read_only"), ("unable to open", "unavailable"), ("disk i/o", "unavailable"))


class StoreError(Refusal):
    """A write the store could not make (``kind``: conflict, busy, full, read_only, unavailable, bad_text).

    Nothing of the transaction was kept. Its message says the cause and what to do.
    """

    def __init__(self, kind: str) -> None:
        super().__init__(f"store.{kind}")
        self.kind = kind


def store_fault(error: BaseException) -> StoreError | None:
    """What a database exception means for the person writing, or None when it is not a store fault."""
    if isinstance(error, StoreError):
        return error
    if isinstance(error, IntegrityError):
        # A unique key hit by a concurrent write is a conflict; a CHECK or foreign key refusal is a
        # rule the services should have enforced first: it stays an IntegrityError, loud.
        unique = getattr(error.orig, "sqlstate", None) == "23505" or "UNIQUE constraint" in str(error.orig)
        return StoreError("conflict") if unique else None
    if not isinstance(error, DBAPIError):
        return StoreError("bad_text") if isinstance(error, ValueError) and "NUL" in str(error) else None
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate in _PG_FAULTS:
        return StoreError(_PG_FAULTS[sqlstate])
    if sqlstate is not None and sqlstate.startswith("08"):
        return StoreError("unavailable")
    if isinstance(error, OperationalError):
        text = str(error.orig).lower()
        return next((StoreError(kind) for words, kind in _SQLITE_FAULTS if words in text), StoreError("unavailable"))
    if isinstance(error, DataError) and "nul" in str(error.orig).lower():
        return StoreError("bad_text")
    return None


_write_listeners: WeakKeyDictionary[Engine, list[Callable[[], None]]] = WeakKeyDictionary()


def on_write(engine: Engine, listener: Callable[[], None]) -> None:
    """Call ``listener`` after every write transaction committed through ``engine``.

    The UI's caches listen here, so every write clears them whichever page or command made it;
    a write through another engine (another server process) is seen through the store's version.
    """
    listeners = _write_listeners.setdefault(engine, [])
    if listener not in listeners:
        listeners.append(listener)


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """One all-or-nothing write transaction: commits on success, rolls back on error.

    A database fault (lock, full disk, read-only store, concurrent change, refused text) is raised
    as a :class:`StoreError` that says it in French or English; the original is its ``__cause__``.
    After the commit the write listeners run, so a write's effects never depend on its caller.
    """
    bind = engine.execution_options(**{_IMMEDIATE: True}) if is_sqlite(engine) else engine
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException as error:
            session.rollback()
            fault = store_fault(error)
            if fault is None or fault is error:
                raise
            raise fault from error
    for listener in _write_listeners.get(engine, ()):
        listener()
