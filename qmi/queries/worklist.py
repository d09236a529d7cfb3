"""« À faire »: what a signed-in account has to fix, gathered from the other readers (issue #18 §3).

Six kinds, each with its commune, its experiment, what it is, since when, and where it is fixed
(``path`` and ``params``: a page's ``url_path`` and its query parameters; the page and the digest turn
them into a link with ``qmi.outputs.links.page_url``):

- ``review``: values waiting for this reviewer (``qmi.queries.reviews.pending``), never their own;
- ``returned``: values returned to this account and not fixed yet;
- ``late``: protocol indicators *en retard* or *non saisi* (``qmi.queries.freshness``);
- ``assessment``: running experiments (deployed, neither abandoned nor finished) with no assessment in
  the last :data:`ASSESSMENT_MONTHS` months (one assessed exactly that long ago is not due yet);
- ``disagreement``: an experiment whose latest assessment is not consolidated and whose assessors
  disagree (``qmi.domain.scoring.disagreements``);
- ``conflict``: a field edited in the store whose record changed since (staff only, as the catalogue).

Who sees what: staff every commune and every kind; a validator their commune (reviews, late
indicators, assessments, disagreements) and their returned values; an agent their returned values
and their commune's late indicators; anyone else nothing.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import func, select, true
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased

from qmi.db import frame
from qmi.domain import scoring
from qmi.domain.freshness import LATE_STATES, add_months
from qmi.domain.rights import writes_for_every_commune
from qmi.models import (
    ACTIVE,
    CRITERIA,
    PROPOSED,
    RETURNED,
    Assessment,
    AssessorScore,
    Commune,
    FieldEdit,
    Indicator,
    Measurement,
    Project,
)
from qmi.queries import freshness, reads, reviews, shown

KINDS = ("review", "returned", "late", "assessment", "disagreement", "conflict")
ASSESSMENT_MONTHS = 6
COLUMNS = ("kind", "commune_insee", "commune", "project_id", "slug", "project", "indicator_code", "what", "detail", "since",
           "path", "params", "is_demo")
EVERY = 10_000_000  # no page limit: the worklist counts every waiting value


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=list(COLUMNS))


def _communes_of(role: str | None, commune_insee: str | None) -> str | None:
    """None: every commune (staff); else the account's commune."""
    return None if writes_for_every_commune(role) else commune_insee


def _review(engine: Engine, user_id: int | None, role: str | None, is_validator: bool,
            commune_insee: str | None) -> list[dict]:
    rows, _ = reviews.pending(engine, role, is_validator, commune_insee, page_size=EVERY)
    items = []
    for r in rows.itertuples():
        author = r.withdrawal_by_id if r.withdrawal_reason is not None else r.entered_by_id
        if user_id is not None and pd.notna(author) and int(author) == int(user_id):
            continue  # never one's own value
        items.append({"kind": "review", "commune_insee": r.commune_insee, "commune": r.commune,
                      "project_id": int(r.project_id), "slug": r.slug, "project": r.project,
                      "indicator_code": r.indicator_code, "what": r.indicator, "detail": "", "since": r.entered_at,
                      "path": "validation", "params": {"commune": r.commune_insee, "experimentation": int(r.project_id),
                                                       "indicateur": r.indicator_code},
                      "is_demo": bool(r.is_demo)})
    return items


def _returned(engine: Engine, user_id: int | None) -> list[dict]:
    rows = reviews.returned(engine, user_id)
    if rows.empty:
        return []
    places = frame(engine, select(Project.id, Project.slug, Project.commune_insee, Commune.name.label("commune"),
                                  Project.is_demo)
                   .join(Commune, Commune.insee_code == Project.commune_insee)
                   .where(Project.id.in_([int(i) for i in rows["project_id"].unique()])))
    by_id = {int(p.id): p for p in places.itertuples()}
    items = []
    for r in rows.itertuples():
        p = by_id.get(int(r.project_id))
        if p is None:
            continue
        items.append({"kind": "returned", "commune_insee": p.commune_insee, "commune": p.commune,
                      "project_id": int(r.project_id), "slug": p.slug, "project": r.project,
                      "indicator_code": r.indicator_code, "what": r.indicator, "detail": r.review_reason or "", "since": r.reviewed_at,
                      "path": "saisie", "params": {"experimentation": p.slug}, "is_demo": bool(p.is_demo)})
    return items


def _late(engine: Engine, today: date, commune: str | None) -> list[dict]:
    rows = freshness.indicators(engine, today, commune_insee=commune)
    rows = rows[rows["state"].isin(LATE_STATES)]
    return [{"kind": "late", "commune_insee": r.commune_insee, "commune": r.commune, "project_id": int(r.project_id),
             "slug": r.slug, "project": r.project, "indicator_code": r.indicator_code, "what": r.indicator,
             "detail": r.state, "since": r.due_on,
             "path": "saisie", "params": {"experimentation": r.slug}, "is_demo": bool(r.is_demo)}
            for r in rows.itertuples()]


def assessment_cutoff(today: date) -> date:
    """An experiment last assessed before this day is due for an assessment."""
    return add_months(today, -ASSESSMENT_MONTHS)


def _assessments(engine: Engine, today: date, commune: str | None) -> list[dict]:
    last = func.max(Assessment.assessed_on)
    statement = (
        select(Project.id, Project.slug, Project.name, Project.commune_insee, Commune.name.label("commune"),
               Project.is_demo, select(last).select_from(Assessment).where(Assessment.project_id == Project.id)
               .correlate(Project).scalar_subquery()
               .label("last_assessed"), Project.start_date)
        .join(Commune, Commune.insee_code == Project.commune_insee)
        .where(shown.PROJECT, Project.abandoned.is_(False), Project.deployment_level >= scoring.DEPLOYED_LEVEL,
               (Project.end_date.is_(None)) | (Project.end_date >= today))
        .order_by(Commune.name, Project.name)
    )
    if commune is not None:
        statement = statement.where(Project.commune_insee == commune)
    cutoff = assessment_cutoff(today)
    items = []
    for r in frame(engine, statement).itertuples():
        last_on = freshness._day(r.last_assessed)
        if last_on is not None and last_on >= cutoff:
            continue
        items.append({"kind": "assessment", "commune_insee": r.commune_insee, "commune": r.commune,
                      "project_id": int(r.id), "slug": r.slug, "project": r.name, "what": r.name,
                      "detail": "" if last_on is None else last_on.isoformat(),
                      "since": None if last_on is None else add_months(last_on, ASSESSMENT_MONTHS),
                      "path": "saisie", "params": {"experimentation": r.slug}, "is_demo": bool(r.is_demo)})
    return items


def _disagreements(engine: Engine, commune: str | None) -> list[dict]:
    other = aliased(Assessment, name="other")
    newest = (select(other.id).where(other.project_id == Project.id)
              .order_by(other.assessed_on.desc(), other.id.desc()).limit(1).correlate(Project).scalar_subquery())
    statement = (
        select(Assessment.id, Assessment.assessed_on, Assessment.created_at, Project.id.label("project_id"),
               Project.slug, Project.name, Project.commune_insee, Commune.name.label("commune"), Project.is_demo)
        .join(Project, Project.id == Assessment.project_id)
        .join(Commune, Commune.insee_code == Project.commune_insee)
        .where(shown.PROJECT, Assessment.id == newest, Assessment.consolidated_at.is_(None),
               Assessment.assessor_count >= 2)
    )
    if commune is not None:
        statement = statement.where(Project.commune_insee == commune)
    candidates = frame(engine, statement)
    if candidates.empty:
        return []
    scores = frame(engine, select(AssessorScore.assessment_id, *(getattr(AssessorScore, c) for c in CRITERIA))
                   .where(AssessorScore.assessment_id.in_([int(i) for i in candidates["id"]]),
                          AssessorScore.submitted_at.is_not(None)))
    items = []
    for r in candidates.itertuples():
        submitted = [dict(s) for _, s in scores[scores["assessment_id"] == r.id][list(CRITERIA)].iterrows()]
        split = scoring.disagreements([{c: int(v) for c, v in s.items()} for s in submitted])
        if not split:
            continue
        items.append({"kind": "disagreement", "commune_insee": r.commune_insee, "commune": r.commune,
                      "project_id": int(r.project_id), "slug": r.slug, "project": r.name, "what": r.name,
                      "detail": ",".join(split), "since": freshness._day(r.assessed_on),
                      "path": "experimentations", "params": {"experimentation": r.slug}, "is_demo": bool(r.is_demo)})
    return items


def _conflicts(engine: Engine) -> list[dict]:
    edits = frame(engine, select(FieldEdit.id, FieldEdit.entity, FieldEdit.entity_key, FieldEdit.field,
                                 FieldEdit.record_value, FieldEdit.record_now, FieldEdit.edited_at)
                  .where(FieldEdit.record_now.is_not(None)).order_by(FieldEdit.edited_at, FieldEdit.id))
    edits = edits[edits["record_now"] != edits["record_value"]]
    if edits.empty:
        return []
    projects = frame(engine, select(Project.id, Project.slug, Project.name, Project.commune_insee,
                                    Commune.name.label("commune"), Project.is_demo)
                     .join(Commune, Commune.insee_code == Project.commune_insee))
    by_slug = {p.slug: p for p in projects.itertuples()}
    by_id = {str(p.id): p for p in projects.itertuples()}
    communes = dict(frame(engine, select(Commune.insee_code, Commune.name)).itertuples(index=False))
    items = []
    for e in edits.itertuples():
        p = by_slug.get(e.entity_key) or by_id.get(str(e.entity_key)) if e.entity == "project" else None
        insee = p.commune_insee if p is not None else (e.entity_key if e.entity == "commune" else None)
        items.append({"kind": "conflict", "commune_insee": insee, "commune": communes.get(insee, "") if insee else "",
                      "project_id": None if p is None else int(p.id), "slug": None if p is None else p.slug,
                      "project": "" if p is None else p.name, "what": e.field, "detail": e.entity,
                      "since": e.edited_at, "path": "catalogue", "params": {"volet": "conflits"},
                      "is_demo": False if p is None else bool(p.is_demo)})
    return items


@reads("assessments", "edits", "measurements", "projects", "protocols", "reference")
def items(engine: Engine, today: date, user_id: int | None, role: str | None, is_validator: bool = False,
          commune_insee: str | None = None, only_commune: str | None = None) -> pd.DataFrame:
    """Every item of this account's worklist on ``today``: :data:`COLUMNS`, grouped in the order of
    :data:`KINDS`, oldest first within a kind. ``only_commune`` keeps one commune (the digest)."""
    staff = writes_for_every_commune(role)
    validator = bool(is_validator) and role not in ("agent", None) and commune_insee is not None
    commune = _communes_of(role, commune_insee)
    gathered: list[dict] = []
    if staff or validator:
        gathered += _review(engine, user_id, role, is_validator, commune_insee)
    gathered += _returned(engine, user_id)
    if staff or validator or (role == "agent" and commune_insee):
        gathered += _late(engine, today, commune)
    if staff or validator:
        gathered += _assessments(engine, today, commune)
        gathered += _disagreements(engine, commune)
    if staff:
        gathered += _conflicts(engine)
    if not gathered:
        return _empty()
    result = pd.DataFrame(gathered, columns=list(COLUMNS))
    if only_commune is not None:
        result = result[result["commune_insee"] == only_commune]
    result["order"] = result["kind"].map(KINDS.index)
    result["since_key"] = [str(v) if v is not None and not (isinstance(v, float) and pd.isna(v)) else "" for v in result["since"]]
    return (result.sort_values(["order", "since_key"], kind="stable").drop(columns=["order", "since_key"])
            .reset_index(drop=True))


@reads("assessments", "edits", "measurements", "projects", "protocols", "reference")
def count(engine: Engine, today: date, user_id: int | None, role: str | None, is_validator: bool = False,
          commune_insee: str | None = None) -> int:
    """How many items this account's worklist holds (the sidebar's count)."""
    return len(items(engine, today, user_id, role, is_validator, commune_insee))


def digest_items(engine: Engine, today: date, insee: str | None = None) -> pd.DataFrame:
    """What the digest lists, for the commune ``insee`` or for every commune at once (one read of each
    kind, the digest then splits it by ``commune_insee``): late indicators, returned values (whoever they
    were returned to) and values waiting for review, as items of :data:`COLUMNS` (kinds late, returned, review)."""
    gathered = _late(engine, today, insee)
    rows, _ = reviews.pending(engine, "staff", commune=insee, page_size=EVERY)
    gathered += [{"kind": "review", "commune_insee": r.commune_insee, "commune": r.commune,
                  "project_id": int(r.project_id), "slug": r.slug, "project": r.project,
                  "indicator_code": r.indicator_code, "what": r.indicator, "detail": "", "since": r.entered_at, "path": "validation",
                  "params": {"commune": r.commune_insee, "experimentation": int(r.project_id),
                             "indicateur": r.indicator_code}, "is_demo": bool(r.is_demo)} for r in rows.itertuples()]
    gathered += _returned_in(engine, insee)
    if not gathered:
        return _empty()
    return pd.DataFrame(gathered, columns=list(COLUMNS))


def _returned_in(engine: Engine, insee: str | None) -> list[dict]:
    rows = frame(engine, select(Measurement.project_id, Project.slug, Project.name.label("project"), Measurement.indicator_code,
                                Indicator.name.label("indicator"), Measurement.review_reason, Measurement.reviewed_at,
                                Project.commune_insee, Commune.name.label("commune"), Project.is_demo)
                 .join(Project, Project.id == Measurement.project_id)
                 .join(Commune, Commune.insee_code == Project.commune_insee)
                 .join(Indicator, Indicator.code == Measurement.indicator_code)
                 .where(Project.commune_insee == insee if insee is not None else true(), shown.PROJECT,
                        Measurement.review_state == RETURNED, Measurement.state.in_((ACTIVE, PROPOSED)))
                 .order_by(Measurement.reviewed_at))
    return [{"kind": "returned", "commune_insee": r.commune_insee, "commune": r.commune, "project_id": int(r.project_id),
             "slug": r.slug, "project": r.project, "indicator_code": r.indicator_code, "what": r.indicator,
             "detail": r.review_reason or "",
             "since": r.reviewed_at, "path": "saisie", "params": {"experimentation": r.slug},
             "is_demo": bool(r.is_demo)} for r in rows.itertuples()]
