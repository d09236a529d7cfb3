"""An experiment's field journal and lessons, and every lesson across the programme (the Enseignements
page, the presentation's success stories). Archived entries, and those of archived experiments, are
left out of what the public pages show; the open-data export keeps them."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import case, func, or_, select
from sqlalchemy.engine import Engine

from qmi.db import frame
from qmi.domain.values import with_none
from qmi.i18n.record import stored_forms
from qmi.models import Commune, Family, FieldEvidence, Lesson, Project, UrbanChallenge
from qmi.queries import reads, shown

EVIDENCE_COLUMNS = (FieldEvidence.id, FieldEvidence.observed_on, FieldEvidence.date_precision, FieldEvidence.kind,
                    FieldEvidence.met_roles, FieldEvidence.summary, FieldEvidence.links, FieldEvidence.source,
                    FieldEvidence.entered_by, FieldEvidence.entered_at, FieldEvidence.is_demo, FieldEvidence.version)


@reads("lessons")
def journal(engine: Engine, project_id: int) -> pd.DataFrame:
    """The experiment's field evidence, newest first (archived entries left out)."""
    return with_none(frame(engine, select(*EVIDENCE_COLUMNS)
                           .where(FieldEvidence.project_id == project_id, FieldEvidence.archived.is_(False))
                           .order_by(FieldEvidence.observed_on.desc(), FieldEvidence.id.desc())))


def _lesson_statement():
    evidence = FieldEvidence.__table__.alias("supporting")
    return (select(Lesson.id, Lesson.kind, Lesson.title, Lesson.text, Lesson.evidence, Lesson.evidence_id,
                   Lesson.source, Lesson.entered_by, Lesson.is_demo, Lesson.version,
                   evidence.c.observed_on.label("evidence_on"), evidence.c.date_precision.label("evidence_precision"),
                   evidence.c.kind.label("evidence_kind"), evidence.c.is_demo.label("evidence_is_demo"),
                   Project.slug, Project.name.label("project"), Project.commune_insee, Commune.name.label("commune"),
                   Project.family_code, Family.name.label("family"), Project.challenge_code,
                   UrbanChallenge.name.label("challenge"))
            .join(Project, Project.id == Lesson.project_id)
            .join(Commune, Commune.insee_code == Project.commune_insee)
            .outerjoin(Family, Family.code == Project.family_code)
            .outerjoin(UrbanChallenge, UrbanChallenge.code == Project.challenge_code)
            .outerjoin(evidence, (evidence.c.id == Lesson.evidence_id) & evidence.c.archived.is_(False))
            .where(Lesson.archived.is_(False), shown.PROJECT))


@reads("lessons", "projects", "reference")
def project_lessons(engine: Engine, project_id: int) -> pd.DataFrame:
    """The experiment's lessons: success stories first, then the others by kind, oldest first."""
    return with_none(frame(engine, _lesson_statement().where(Lesson.project_id == project_id)
                           .order_by(KIND_ORDER, Lesson.id)))


KIND_ORDER = case({"story": 0, "worked": 1, "condition": 2, "pitfall": 3}, value=Lesson.kind, else_=4)


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@reads("lessons", "projects", "reference")
def lessons(engine: Engine, family_code: str | None = None, challenge_code: str | None = None,
            commune_insee: str | None = None, kind: str | None = None, search: str | None = None,
            lang: str = "fr") -> pd.DataFrame:
    """Every lesson shown to the public, filtered; ``search`` looks in the title, text, evidence and the
    experiment's name (whatever the case), and in their ``lang`` form where the record has one.
    Stories first, then by commune and experiment."""
    statement = _lesson_statement()
    if family_code:
        statement = statement.where(Project.family_code == family_code)
    if challenge_code:
        statement = statement.where(Project.challenge_code == challenge_code)
    if commune_insee:
        statement = statement.where(Project.commune_insee == commune_insee)
    if kind:
        statement = statement.where(Lesson.kind == kind)
    if search:
        pattern = _like(search.lower())
        texts = (Lesson.title, Lesson.text, Lesson.evidence)
        translated = stored_forms(search, lang)
        statement = statement.where(or_(
            *(func.lower(column).like(pattern, escape="\\") for column in (*texts, Project.name, Commune.name)),
            *((column.in_(translated) for column in texts) if translated else ())))
    return with_none(frame(engine, statement.order_by(case((Lesson.kind == "story", 0), else_=1), Commune.name, Project.name, KIND_ORDER, Lesson.id)))


@dataclass(frozen=True)
class Options:
    """What the Enseignements filters offer: the families, challenges and communes that have a lesson."""

    total: int
    families: pd.DataFrame
    challenges: pd.DataFrame
    communes: pd.DataFrame


@reads("lessons", "projects", "reference")
def options(engine: Engine) -> Options:
    rows = lessons(engine)
    families = rows.dropna(subset=["family_code"]).drop_duplicates("family_code")[["family_code", "family"]]
    challenges = rows.dropna(subset=["challenge_code"]).drop_duplicates("challenge_code")[["challenge_code", "challenge"]]
    communes = rows.drop_duplicates("commune_insee")[["commune_insee", "commune"]].sort_values("commune")
    return Options(len(rows), families.reset_index(drop=True), challenges.reset_index(drop=True),
                   communes.reset_index(drop=True))


def stories(engine: Engine) -> pd.DataFrame:
    """The success stories, as the presentation shows them: in the order they were recorded."""
    return with_none(frame(engine, _lesson_statement().where(Lesson.kind == "story").order_by(Lesson.id)))


def form_rows(engine: Engine, project_id: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every entry and lesson of the experiment the record's edit forms offer (with their version)."""
    entries = with_none(frame(engine, select(FieldEvidence).where(FieldEvidence.project_id == project_id,
                                                                  FieldEvidence.archived.is_(False))
                              .order_by(FieldEvidence.observed_on.desc(), FieldEvidence.id.desc())))
    taught = with_none(frame(engine, select(Lesson).where(Lesson.project_id == project_id, Lesson.archived.is_(False))
                             .order_by(Lesson.id)))
    return entries, taught
