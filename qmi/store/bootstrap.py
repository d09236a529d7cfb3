"""Create or upgrade a store, and fill it."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from qmi.config import ROOT
from qmi.db import store_fault
from qmi.store.demo import load_demo
from qmi.store.reference import load_reference


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(ROOT / "qmi" / "migrations"))
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision, keeping the data; a store fault is raised as a StoreError."""
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except Exception as error:
        fault = store_fault(error)
        if fault is None or fault is error:
            raise
        raise fault from error


def init_store(engine: Engine, demo: bool = True) -> None:
    """Migrate, load the public record, and the demo set unless told not to. Safe to repeat."""
    migrate(engine)
    load_reference(engine)
    if demo:
        load_demo(engine)


def is_new(engine: Engine) -> bool:
    return "alembic_version" not in inspect(engine).get_table_names()


def prepare_store(engine: Engine) -> None:
    """What `make run` and the app do: fill a new store (demo included), else only upgrade it.

    A store someone emptied of demo data (`demo remove`, `init --no-demo`) stays that way.
    """
    if is_new(engine):
        init_store(engine, demo=True)
    else:
        migrate(engine)
        load_reference(engine)
