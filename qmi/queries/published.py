"""What the read-only HTTP API publishes (``qmi.outputs.api``): the public rows of the open-data
tables, a page at a time, as plain dicts whose keys are the export's column names.

Public means: the programme's communes (an edition), experiments that are not archived, the
published values of those experiments (:data:`PUBLISHED_MEASUREMENT`) and the indicator library.
Accounts, the audit log, archived rows and values that are not in force are never read here.

Each page is one statement with ``LIMIT``/``OFFSET`` over an indexed order, read one row more than
asked to tell whether a next page exists (no count over two million values).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, String, case, cast, literal, select
from sqlalchemy.engine import Engine

from qmi.domain.progress import rate
from qmi.models import Commune, Indicator, Measurement, Project, ProtocolIndicator
from qmi.queries import reads, shown
from qmi.queries.measurements import latest_active

# The one condition a value meets to be public. Review (issue #18) adds « approved » here.
PUBLISHED_MEASUREMENT = shown.values()  # in force and approved (four eyes): never a value waiting for review

COMMUNE_COLUMNS = (
    Commune.insee_code, Commune.name, Commune.departement, Commune.edition_id.label("edition"),
    Commune.latitude, Commune.longitude, Commune.population, Commune.area_km2,
    Commune.innovation_district, Commune.source,
)
# The export's ``status``: "abandoned", the level 0–3, or "" when unknown (qmi.outputs.tables).
_STATUS = case(
    (Project.abandoned.is_(True), literal("abandoned")),
    (Project.deployment_level.is_(None), literal("")),
    else_=cast(Project.deployment_level, String),
)
EXPERIMENT_COLUMNS = (
    Project.id, Project.name, Project.organisation, Project.commune_insee, Project.edition_id.label("edition"),
    Project.family_code.label("family"), Project.challenge_code.label("urban_challenge"), _STATUS.label("status"),
    Project.is_demo, Project.challenge_status, Project.status_is_demo, Project.type_tags, Project.source,
    Project.slug, Project.description, Project.start_date, Project.end_date, Project.archived,
)
INDICATOR_COLUMNS = (
    Indicator.code, Indicator.name, Indicator.category, Indicator.unit, Indicator.value_type,
    Indicator.min_value, Indicator.max_value, Indicator.direction, Indicator.sdg_target,
)
# The export's columns but ``entered_by`` and ``reviewed_by`` (the accounts that typed and approved the value).
MEASUREMENT_COLUMNS = (
    Measurement.id, Measurement.project_id, Measurement.indicator_code, Measurement.period_start,
    Measurement.value, Measurement.entered_at, Measurement.is_demo, Measurement.state,
    Measurement.supersedes_id, Measurement.source, Measurement.review_state, Measurement.reviewed_at,
)
# One row per experiment × protocol indicator, in the Baromètre's words (indic_vi, indic_va, indic_vc, indic_ta).
PROGRESS_FIELDS = (
    "project_slug", "commune_insee", "indicator_code", "unit", "valeur_initiale", "valeur_actuelle",
    "valeur_cible", "taux_avancement", "date_valeur_actuelle", "direction", "is_demo",
)


def _rows(engine: Engine, statement: Select) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        return [dict(row) for row in connection.execute(statement).mappings()]


def _page(engine: Engine, statement: Select, offset: int, limit: int) -> tuple[list[dict[str, Any]], bool]:
    """The rows of one page and whether another follows."""
    rows = _rows(engine, statement.offset(offset).limit(limit + 1))
    return rows[:limit], len(rows) > limit


def communes(engine: Engine) -> list[dict[str, Any]]:
    """The programme's communes (they have an edition), as the export orders them."""
    return _rows(engine, select(*COMMUNE_COLUMNS).where(Commune.edition_id.is_not(None))
                 .order_by(Commune.edition_id, Commune.name))


def commune(engine: Engine, insee_code: str) -> dict[str, Any] | None:
    rows = _rows(engine, select(*COMMUNE_COLUMNS).where(Commune.edition_id.is_not(None),
                                                        Commune.insee_code == insee_code))
    return rows[0] if rows else None


def experiments_statement() -> Select:
    """The experiments that are not archived, by id (the export's order)."""
    return select(*EXPERIMENT_COLUMNS).where(shown.PROJECT).order_by(Project.id)


@reads("projects")
def experiments(engine: Engine, offset: int, limit: int) -> tuple[list[dict[str, Any]], bool]:
    return _page(engine, experiments_statement(), offset, limit)


def experiment(engine: Engine, slug: str) -> dict[str, Any] | None:
    rows = _rows(engine, select(*EXPERIMENT_COLUMNS).where(shown.PROJECT, Project.slug == slug))
    return rows[0] if rows else None


def experiment_id(engine: Engine, slug: str) -> int | None:
    """The id of a public experiment, None for an unknown or archived one."""
    with engine.connect() as connection:
        return connection.execute(select(Project.id).where(shown.PROJECT, Project.slug == slug)).scalar()


def indicators(engine: Engine) -> list[dict[str, Any]]:
    return _rows(engine, select(*INDICATOR_COLUMNS).order_by(Indicator.code))


def indicator_exists(engine: Engine, code: str) -> bool:
    with engine.connect() as connection:
        return connection.execute(select(Indicator.code).where(Indicator.code == code)).first() is not None


def measurements_statement(project_id: int | None = None, indicator_code: str | None = None,
                           since: date | None = None) -> Select:
    """The published values (of one experiment, one indicator, from a period on), by id."""
    statement = select(*MEASUREMENT_COLUMNS, Project.slug.label("project_slug")).join(
        Project, Project.id == Measurement.project_id).where(PUBLISHED_MEASUREMENT, shown.PROJECT)
    if project_id is not None:
        statement = statement.where(Measurement.project_id == project_id)
    if indicator_code is not None:
        statement = statement.where(Measurement.indicator_code == indicator_code)
    if since is not None:
        statement = statement.where(Measurement.period_start >= since)
    return statement.order_by(Measurement.id)


def measurements(engine: Engine, offset: int, limit: int, project_id: int | None = None,
                 indicator_code: str | None = None, since: date | None = None) -> tuple[list[dict[str, Any]], bool]:
    return _page(engine, measurements_statement(project_id, indicator_code, since), offset, limit)


def _float(value: object) -> float | None:
    return None if value is None else float(value)


def progress_rows(engine: Engine, offset: int, limit: int, project_ids: Sequence[int] | None = None,
                  indicator_code: str | None = None) -> tuple[list[dict[str, Any]], bool]:
    """Experiment × protocol indicator: baseline, latest published value, target and the share of the
    way covered in percent, as ``indicateurs_avancement.csv`` gives it (``qmi.domain.progress.rate``, unclipped;
    None without a baseline, target or value)."""
    statement = (
        select(
            Project.slug.label("project_slug"), Project.commune_insee, ProtocolIndicator.indicator_code,
            Indicator.unit, ProtocolIndicator.baseline.label("valeur_initiale"),
            latest_active("value", ProtocolIndicator.project_id, ProtocolIndicator.indicator_code).label("valeur_actuelle"),
            ProtocolIndicator.target.label("valeur_cible"),
            latest_active("period_start", ProtocolIndicator.project_id,
                          ProtocolIndicator.indicator_code).label("date_valeur_actuelle"),
            Indicator.direction, ProtocolIndicator.is_demo,
            latest_active("is_demo", ProtocolIndicator.project_id, ProtocolIndicator.indicator_code).label("value_is_demo"),
        )
        .join(Project, Project.id == ProtocolIndicator.project_id)
        .join(Indicator, Indicator.code == ProtocolIndicator.indicator_code)
        .where(shown.PROJECT)
        .order_by(ProtocolIndicator.project_id, ProtocolIndicator.indicator_code)
    )
    if project_ids is not None:
        statement = statement.where(ProtocolIndicator.project_id.in_([int(i) for i in project_ids]))
    if indicator_code is not None:
        statement = statement.where(ProtocolIndicator.indicator_code == indicator_code)
    rows, more = _page(engine, statement, offset, limit)
    shaped = []
    for row in rows:
        value_is_demo = row.pop("value_is_demo")
        row["is_demo"] = bool(row["is_demo"] or value_is_demo)
        row["taux_avancement"] = rate(_float(row["valeur_initiale"]), _float(row["valeur_cible"]),
                                          _float(row["valeur_actuelle"]))
        shaped.append({field: row[field] for field in PROGRESS_FIELDS})
    return shaped, more

