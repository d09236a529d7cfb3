"""Gathering the facts of the evidence ladder (``qmi.domain.evidence``) from the store.

What the store gives, per experiment:

- **before/after** (level 2): its protocol indicators with a baseline and a measured value;
- **comparison** (level 3): a transfer links it with an experiment of another commune and, on an
  indicator both follow, it has its before/after and the other commune has at least its baseline (for
  the target of a transfer, the baseline taken before launch): the other commune is the comparison;
- **replication** (level 5): a transfer of it is evaluated with progress in the other commune
  (``qmi.domain.transfers``: outcome ``succeeded``).

- **account** (level 1): it has a lesson learned or a success story (``Lesson``, not archived);
- **independent assessors who agree** (level 4): its latest assessment has two submitted assessors or
  more, at least one of them independent, and no criterion on which two differ by more than one point
  (``qmi.domain.scoring.disagreements``).

A fact rests on demo data when every row it comes from is demo.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from qmi.db import frame
from qmi.domain.evidence import EvidenceLevel, Facts, assess, reasons_text
from qmi.domain.scoring import disagreements
from qmi.domain.transfers import SUCCEEDED
from qmi.models import CRITERIA, Assessment, AssessorScore, Lesson, Project
from qmi.queries import reads
from qmi.queries.transfers import outcomes, protocol_results


def _accounts(engine: Engine, wanted: Collection[int], every: bool) -> tuple[set[int], set[int]]:
    """The experiments with a lesson or a story, and those whose lessons are all demo (of ``wanted``, read
    alone unless ``every`` experiment is wanted)."""
    statement = select(Lesson.project_id, Lesson.is_demo).where(Lesson.archived.is_(False))
    rows = frame(engine, statement if every else statement.where(Lesson.project_id.in_(sorted(wanted))))
    demo = {int(p) for p, group in rows.groupby("project_id") if group["is_demo"].astype(bool).all()}
    return {int(p) for p in rows["project_id"]}, demo


def _agreements(engine: Engine, wanted: Collection[int], every: bool) -> tuple[set[int], set[int]]:
    """The experiments whose latest assessment independent assessors scored in agreement, and those
    where that rests on demo scores only (of ``wanted``, as :func:`_accounts`)."""
    statement = (select(Assessment.project_id, Assessment.assessed_on, AssessorScore.assessment_id,
                        AssessorScore.kind, AssessorScore.is_demo, *(getattr(AssessorScore, c) for c in CRITERIA))
                 .join(Assessment, Assessment.id == AssessorScore.assessment_id)
                 .where(AssessorScore.submitted_at.is_not(None)))
    rows = frame(engine, statement if every else statement.where(Assessment.project_id.in_(sorted(wanted))))
    agree, demo = set(), set()
    for project_id, group in rows.groupby("project_id"):
        latest = group.sort_values(["assessed_on", "assessment_id"]).iloc[-1]["assessment_id"]
        scores = group[group["assessment_id"] == latest]
        if len(scores) >= 2 and (scores["kind"] == "independent").any() \
                and not disagreements(scores[list(CRITERIA)].to_dict("records")):
            agree.add(int(project_id))
            if scores["is_demo"].astype(bool).all():
                demo.add(int(project_id))
    return agree, demo


def facts(engine: Engine, project_ids: Sequence[int] | None = None) -> dict[int, Facts]:
    """The facts of each experiment (of ``project_ids``, else every one)."""
    every = project_ids is None
    if every:
        project_ids = [int(i) for i in frame(engine, select(Project.id).order_by(Project.id))["id"]]
    wanted = {int(i) for i in project_ids}
    lessons, lessons_demo = _accounts(engine, wanted, every)
    agreed, agreement_demo = _agreements(engine, wanted, every)
    # One experiment's record reads its own transfers only; several read them all, once.
    moves = outcomes(engine, archived=True, project_id=next(iter(wanted)) if len(wanted) == 1 else None)
    moves = moves[moves["from_project_id"].isin(wanted) | moves["to_project_id"].isin(wanted)] if len(moves) else moves
    partners = set(moves["from_project_id"].astype(int)) | set(moves["to_project_id"].astype(int)) if len(moves) else set()
    results = protocol_results(engine, sorted(wanted | partners))
    results["measured"] = results["latest"].notna() & results["baseline"].notna()
    results["demo"] = results["protocol_is_demo"].astype(bool) | results["measurement_is_demo"].astype(bool)
    by_project = {int(p): group for p, group in results.groupby("project_id")}

    def rows(project_id: int) -> pd.DataFrame:
        return by_project.get(project_id, results.iloc[0:0])

    compared: dict[int, list[tuple[str, bool]]] = {}
    replicated: dict[int, list[tuple[str, bool]]] = {}
    columns = ("from_project_id", "to_project_id", "from_commune", "to_commune", "is_demo", "outcome", "results_demo")
    for a, b, from_commune, to_commune, is_demo, outcome, results_demo in zip(*(moves[c] for c in columns)):
        a, b = int(a), int(b)
        for own, other, other_commune in ((a, b, to_commune), (b, a, from_commune)):
            mine, theirs = rows(own), rows(other)
            measured = mine[mine["measured"]]
            based = theirs[theirs["baseline"].notna()]
            shared = measured.merge(based, on="indicator_code", suffixes=("", "_other"))
            if len(shared):
                demo = bool(is_demo) or bool((shared["demo"] | shared["protocol_is_demo_other"].astype(bool)).all())
                compared.setdefault(own, []).append((other_commune, demo))
        if outcome == SUCCEEDED:
            replicated.setdefault(a, []).append((to_commune, bool(is_demo) or bool(results_demo)))

    gathered = {}
    for project_id in sorted(wanted):
        own = rows(project_id)
        measured = own[own["measured"]]
        demo = set()
        if len(measured) and measured["demo"].all():
            demo.add("before_after")
        for fact, found in (("comparison", compared.get(project_id, [])), ("replication", replicated.get(project_id, []))):
            if found and all(d for _, d in found):
                demo.add(fact)
        if project_id in lessons_demo:
            demo.add("account")
        if project_id in agreement_demo:
            demo.add("independent")
        gathered[project_id] = Facts(
            account=project_id in lessons,
            before_after=len(measured),
            compared_with=tuple(dict.fromkeys(c for c, _ in compared.get(project_id, []))),
            independent=project_id in agreed,
            replicated_in=tuple(dict.fromkeys(c for c, _ in replicated.get(project_id, []))),
            demo=frozenset(demo),
        )
    return gathered


@reads("assessments", "lessons", "measurements", "projects", "protocols", "reference", "transfers",
       project="project_id", partners=True)
def level(engine: Engine, project_id: int, lang: str = "fr") -> EvidenceLevel:
    """One experiment's level and its « pourquoi »."""
    return assess(facts(engine, [int(project_id)])[int(project_id)], lang)


def levels(engine: Engine, lang: str = "fr") -> pd.DataFrame:
    """``evidence_levels.csv``: project slug, level, reasons (one line), then is_demo; every experiment, by slug."""
    projects = frame(engine, select(Project.id, Project.slug).order_by(Project.slug))
    gathered = facts(engine)
    rows = []
    for project_id, slug in zip(projects["id"], projects["slug"]):
        evidence = assess(gathered[int(project_id)], lang)
        rows.append({"project_slug": slug, "level": evidence.level, "reasons": reasons_text(evidence, lang),
                     "is_demo": evidence.is_demo})
    return pd.DataFrame(rows, columns=["project_slug", "level", "reasons", "is_demo"])
