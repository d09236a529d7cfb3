"""Backups, restores and schema downgrades that never lose the store by accident.

- A backup is one file and its manifest (``<file>.json``: schema revision, database, date, rows per
  table). SQLite uses its online backup API (the app may keep running); PostgreSQL uses ``pg_dump``.
- A restore refuses a file from a newer schema than this code knows, takes a backup of the current
  store first, restores in one transaction (SQLite backup API, ``pg_restore --single-transaction``),
  checks every table's row count against the manifest, then migrates an older schema to the head.
- A downgrade needs an explicit confirmation and takes a backup first.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Engine

from qmi.db import is_sqlite, write_session
from qmi.models import metadata
from qmi.services import audit
from qmi.store.bootstrap import alembic_config, migrate

DOWNGRADE_CONFIRMED = "qmi_downgrade_confirmed"  # read by qmi/migrations/env.py
SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"


class BackupError(RuntimeError):
    """A backup, restore or downgrade refused or failed; the message says why in French."""


@dataclass(frozen=True)
class Backup:
    path: Path
    revision: str | None
    counts: dict[str, int]
    database: str = "sqlite"

    @property
    def manifest(self) -> Path:
        return self.path.with_name(self.path.name + ".json")


def known_revisions() -> list[str]:
    """Every schema revision of this code, newest first."""
    return [script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()]


def current_revision(engine: Engine) -> str | None:
    if "alembic_version" not in inspect(engine).get_table_names():
        return None
    with engine.connect() as connection:
        return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows in every table of the schema (those the store has), by table name."""
    present = set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        return {table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for table in metadata.sorted_tables if table.name in present}


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")


def _pg_url(engine: Engine) -> str:
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} est introuvable : installez le paquet Debian postgresql-client.")
    return found


def _run(arguments: list[str]) -> None:
    done = subprocess.run(arguments, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{Path(arguments[0]).name} a échoué : {done.stderr.strip()[:500]}")


def _sqlite_copy(source: str, target: str) -> None:
    """SQLite's online backup API: a consistent copy page by page, even while the app writes."""
    reading = sqlite3.connect(source, uri=source.startswith("file:"))
    writing = sqlite3.connect(target)
    try:
        reading.backup(writing)
    finally:
        writing.close()
        reading.close()


def backup(engine: Engine, directory: Path) -> Backup:
    """Write a consistent copy of the store into ``directory`` (created if missing), with its manifest."""
    directory.mkdir(parents=True, exist_ok=True)
    revision, counts = current_revision(engine), table_counts(engine)
    if is_sqlite(engine):
        path = directory / f"qmi-{_stamp()}.db"
        _sqlite_copy(engine.url.database, str(path))
    else:
        path = directory / f"qmi-{_stamp()}.dump"
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={path}", f"--dbname={_pg_url(engine)}"])
    made = Backup(path, revision, counts, engine.dialect.name)
    made.manifest.write_text(json.dumps({
        "revision": revision, "database": engine.dialect.name, "created_at": datetime.now(UTC).isoformat(),
        "counts": counts,
    }, indent=2), encoding="utf-8")
    return made


def read_backup(path: Path) -> Backup:
    """The backup at ``path`` with its manifest; refuses what is not a backup of this application."""
    manifest = path.with_name(path.name + ".json")
    if not path.is_file():
        raise BackupError(f"Fichier introuvable : {path}.")
    with open(path, "rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    database = "sqlite" if header == SQLITE_HEADER else "postgresql" if header.startswith(PG_DUMP_HEADER) else None
    if database is None:
        raise BackupError(f"{path.name} n'est pas une sauvegarde de l'application (ni base SQLite, ni pg_dump).")
    if manifest.is_file():
        try:
            facts = json.loads(manifest.read_text(encoding="utf-8"))
            counts = {str(k): int(v) for k, v in facts.get("counts", {}).items()}
            return Backup(path, facts.get("revision"), counts, database)
        except (ValueError, AttributeError, TypeError):
            raise BackupError(f"Le manifeste {manifest.name} est illisible.") from None
    if database == "postgresql":
        raise BackupError(f"Le manifeste {manifest.name}, qui donne la version du schéma, manque.")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        finally:
            connection.close()
    except (sqlite3.DatabaseError, TypeError):
        raise BackupError(f"{path.name} n'est pas une sauvegarde de l'application (pas de version de schéma).") from None
    return Backup(path, revision, {}, database)


def _refuse_newer(revision: str | None) -> None:
    if revision is None:
        raise BackupError("Cette sauvegarde ne dit pas la version de son schéma : restauration refusée.")
    if revision not in known_revisions():
        raise BackupError(f"Cette sauvegarde vient d'une version plus récente du schéma (révision {revision}) "
                          "que celle de l'application : mettez l'application à jour avant de la restaurer.")


def restore(engine: Engine, path: Path, safety_directory: Path) -> tuple[Backup, Backup]:
    """Replace the store by the backup at ``path``. Returns (the safety backup taken first, what was restored)."""
    wanted = read_backup(path)
    _refuse_newer(wanted.revision)
    if wanted.database != engine.dialect.name:
        raise BackupError("Cette sauvegarde vient d'une autre sorte de base (SQLite / PostgreSQL) que la base "
                          "configurée : restauration refusée.")
    safety = backup(engine, safety_directory)
    if is_sqlite(engine):
        engine.dispose()
        _sqlite_copy(f"file:{path}?mode=ro", engine.url.database)
    else:
        engine.dispose()
        _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
              f"--dbname={_pg_url(engine)}", str(path)])
    restored = table_counts(engine)
    differing = {t: (n, restored.get(t)) for t, n in wanted.counts.items() if restored.get(t) != n}
    if differing:
        raise BackupError(f"Les lignes restaurées ne correspondent pas au manifeste : {differing}. "
                          f"La base d'avant est sauvegardée dans {safety.path}.")
    migrate(engine)
    with write_session(engine) as session:
        audit.record_bulk(session, "restore", path.name, {f"{t}.restored": n for t, n in restored.items()})
    return safety, Backup(path, wanted.revision, restored, wanted.database)


def downgrade(engine: Engine, revision: str, safety_directory: Path, confirmed: bool) -> Backup:
    """Take the schema down to ``revision`` (e.g. ``-1``) after a backup; refused without confirmation."""
    if not confirmed:
        raise BackupError("Revenir à une version antérieure du schéma peut supprimer des tables et leurs données. "
                          "Relancez avec --yes : une sauvegarde est faite d'abord.")
    safety = backup(engine, safety_directory)
    config = alembic_config()
    config.attributes[DOWNGRADE_CONFIRMED] = True
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
    return safety
