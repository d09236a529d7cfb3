"""Bulk import of the catalogue in the open-data format: ``projects.csv`` and ``events.csv`` as
``python -m qmi export`` writes them come back in, edited in a spreadsheet.

Experiments are created or updated by ``slug`` (a row without one is a new experiment, its slug
made from its name), events by ``event_key`` and ``held_on``. The file is read as the measurement
import reads one (``qmi.services.imports``: size, encodings, XLSX bounds, tolerant headers) and
answered with the same report. Columns the export writes for its readers only (identifiers, status,
demo flags, ``archived``) are left aside; a column neither writes nor knows is refused. A text the
export guarded against formulas (« '=… », « '-… ») comes back without its apostrophe. Every row is
written through ``qmi.services.catalogue`` in ONE transaction with its audit entries — or, on any
problem, nothing at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from qmi.db import StoreError, read_session, write_session
from qmi.domain.text import unguarded
from qmi.i18n import t
from qmi.models import User
from qmi.services import audit, catalogue
from qmi.services.errors import PermissionDenied, ServiceError, ValidationFailed
from qmi.services.imports import ImportReport, Layout, Problem, Rows, _Refused, read_rows
from qmi.services.permissions import acting_user, require_catalogue
from qmi.services.validation import parse_date, shown


def _label(column: str, _lang: str) -> str:
    return column  # the file's own header, as the export writes it


def _layout(columns: dict[str, tuple[str, ...]], required: tuple[str, ...], ignored: tuple[str, ...]) -> Layout:
    aliases = {alias: column for column, names in columns.items() for alias in (column, *names)}
    return Layout(tuple(columns), required, aliases, _label, frozenset(ignored), strict=True)


# Each column of the file, with the other headers people write for it (normalised as
# qmi.services.imports._column_name does: no accent, no case, little words dropped).
PROJECTS = _layout(
    {
        "slug": ("identifiant", "identifiant_experimentation"),
        "name": ("nom", "nom_experimentation", "experimentation", "titre"),
        "organisation": ("organization", "porteur", "structure", "entreprise"),
        "commune_insee": ("code_insee", "insee", "code_commune", "insee_commune"),
        "edition": ("edition_id", "numero_edition"),
        "family": ("famille", "family_code", "code_famille"),
        "urban_challenge": ("defi", "defi_urbain", "challenge", "challenge_code", "code_defi"),
        "type_tags": ("types", "tags", "type"),
        "description": ("descriptif", "resume"),
        "start_date": ("debut", "date_debut", "start"),
        "end_date": ("fin", "date_fin", "end"),
        "location_note": ("lieu", "localisation", "location"),
        "source": ("sources", "origine"),
    },
    required=("slug", "name", "organisation", "commune_insee", "edition"),
    ignored=("id", "status", "statut", "is_demo", "challenge_status", "status_is_demo", "archived", "archive",
             "commune", "nom_commune", "family_name", "challenge_name", "replicability_index"),
)
EVENTS = _layout(
    {
        "event_key": ("cle", "cle_rencontre", "identifiant", "key"),
        "host_insee": ("code_insee", "insee", "commune_insee", "hote", "commune_hote"),
        "held_on": ("date", "date_rencontre", "le"),
        "date_precision": ("precision", "precision_date"),
        "format": ("type_rencontre",),
        "attendance": ("participants", "nombre_participants", "participation"),
        "source": ("sources", "origine"),
        "source_detail": ("passage", "citation", "detail_source"),
        "note": ("notes", "remarque", "commentaire"),
    },
    required=("host_insee", "held_on", "format"),
    ignored=("id", "archived", "archive", "host_name", "commune", "is_demo"),
)
# A file's column → the catalogue service's field, where their names differ.
PROJECT_FIELDS = {"edition": "edition_id", "family": "family_code", "urban_challenge": "challenge_code"}
FIELD_COLUMNS = {field: column for column, field in PROJECT_FIELDS.items()}


def _project_data(cells: dict[str, Any]) -> dict[str, Any]:
    return {PROJECT_FIELDS.get(column, column): value for column, value in cells.items()}


def _project_key(cells: dict[str, Any]) -> str | None:
    return str(cells.get("slug") or "").strip() or None


def _event_key(cells: dict[str, Any]) -> tuple[str, date] | None:
    key = str(cells.get("event_key") or "").strip()
    try:
        held_on = parse_date(cells.get("held_on"))
    except ValueError:
        return None  # the date's problem is the service's to say
    return (key, held_on) if key and held_on else None


@dataclass(frozen=True)
class _Kind:
    """One kind of catalogue file: its layout, the audit's name, the column (and the key) naming a row
    twice in a file, and the service writing one row."""

    layout: Layout
    name: str
    key_column: str
    key: Callable[[dict[str, Any]], Any]
    write: Callable[[Session, User, dict[str, Any], str], catalogue.Saved]
    data: Callable[[dict[str, Any]], dict[str, Any]]


def _run(engine: Engine, actor: object, data: bytes, filename: str, kind: _Kind, lang: str,
         max_bytes: int | None) -> ImportReport:
    try:
        with read_session(engine) as session:
            require_catalogue(acting_user(session, actor))
        rows = read_rows(data, filename, lang, max_bytes, kind.layout)
        filename = shown(filename, 200)  # as the audit and the messages quote it; read_rows has the whole name
        with write_session(engine) as session:  # _Refused raised inside rolls every row back
            user = acting_user(session, actor)
            require_catalogue(user)
            written, unchanged = _write(session, user, rows, kind, lang)
            audit.record(session, user, f"{kind.name}.import", "import", filename, None,
                         {"file": filename, "rows": len(rows), "written": written})
        return ImportReport(written=written, unchanged=unchanged)
    except _Refused as refused:
        return ImportReport(problems=refused.problems)
    except (PermissionDenied, StoreError) as refused:  # a store fault (locked, full, read-only) too: nothing written
        return ImportReport(problems=[Problem(None, "", "", refused.message(lang))])


def _write(session: Session, user: User, rows: Rows, kind: _Kind, lang: str) -> tuple[int, int]:
    """Every row through the catalogue service: (rows written, rows that changed nothing); raises
    ``_Refused`` with every row's problems."""
    problems: list[Problem] = []
    seen: dict[Any, int] = {}
    written = unchanged = 0
    for n, cells in rows:
        cells = {column: unguarded(value) if isinstance(value, str) else value for column, value in cells.items()}
        if (identity := kind.key(cells)) is not None:
            if identity in seen:
                problems.append(Problem(n, rows.headers.get(kind.key_column, kind.key_column),
                                        shown(cells.get(kind.key_column)),
                                        t(f"import.duplicate_{kind.name}", lang, row=seen[identity])))
                continue
            seen[identity] = n
        try:
            saved = kind.write(session, user, kind.data(cells), lang)
        except ValidationFailed as failed:
            for field, why in failed.errors.items():
                column = FIELD_COLUMNS.get(field, field)
                problems.append(Problem(n, rows.headers.get(column, column), shown(_text(cells.get(column, "")), 100),
                                        why))
            continue
        except ServiceError as refused:
            problems.append(Problem(n, "", "", refused.message(lang)))
            continue
        if saved.changed:
            written += 1
        else:
            unchanged += 1
    if problems:
        raise _Refused(problems)
    return written, unchanged


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


_PROJECT_FILE = _Kind(PROJECTS, "project", "slug", _project_key, catalogue.write_project_row, _project_data)
_EVENT_FILE = _Kind(EVENTS, "event", "event_key", _event_key, catalogue.write_event_row, dict)


def import_projects(engine: Engine, actor: object, data: bytes, filename: str, lang: str = "fr",
                    max_bytes: int | None = None) -> ImportReport:
    """Create or update the experiments of a ``projects.csv`` (or .xlsx) by slug, all or nothing (staff)."""
    return _run(engine, actor, data, filename, _PROJECT_FILE, lang, max_bytes)


def import_events(engine: Engine, actor: object, data: bytes, filename: str, lang: str = "fr",
                  max_bytes: int | None = None) -> ImportReport:
    """Create or update the Communauté meetings of an ``events.csv`` (or .xlsx) by key and date, all or nothing."""
    return _run(engine, actor, data, filename, _EVENT_FILE, lang, max_bytes)
