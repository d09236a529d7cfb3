"""Gathering the facts of the evidence ladder (``qmi.domain.evidence``) from the store.

What this branch's data gives, per experiment:

- **before/after** (level 2): its protocol indicators with a baseline and a measured value;
- **comparison** (level 3): a transfer links it with an experiment of another commune and, on an
  indicator both follow, it has its before/after and the other commune has at least its baseline (for
  the target of a transfer, the baseline taken before launch): the other commune is the comparison;
- **replication** (level 5): a transfer of it is evaluated with progress in the other commune
  (``qmi.domain.transfers``: outcome ``succeeded``).

The two other facts come from tables kept elsewhere and are inputs, « not known » by default (never
guessed): ``lessons`` (level 1: experiment id → it has lessons or an account of its impact) and
``independent_agree`` (level 4: experiment id → independent assessors scored it and agree). An
experiment missing from a mapping that is given has no such fact; ``*_demo`` lists the ids whose fact
rests on demo data.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from qmi.db import frame
from qmi.domain.evidence import EvidenceLevel, Facts, assess, reasons_text
from qmi.domain.transfers import SUCCEEDED
from qmi.models import Project
from qmi.queries.transfers import outcomes, protocol_results


def facts(
    engine: Engine,
    project_ids: Sequence[int] | None = None,
    lessons: Mapping[int, bool] | None = None,
    independent_agree: Mapping[int, bool] | None = None,
    lessons_demo: Collection[int] = (),
    agreement_demo: Collection[int] = (),
) -> dict[int, Facts]:
    """The facts of each experiment (of ``project_ids``, else every one)."""
    if project_ids is None:
        project_ids = [int(i) for i in frame(engine, select(Project.id).order_by(Project.id))["id"]]
    wanted = {int(i) for i in project_ids}
    moves = outcomes(engine, archived=True)
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
    for move in moves.itertuples():
        a, b = int(move.from_project_id), int(move.to_project_id)
        for own, other, other_commune in ((a, b, move.to_commune), (b, a, move.from_commune)):
            mine, theirs = rows(own), rows(other)
            measured = mine[mine["measured"]]
            based = theirs[theirs["baseline"].notna()]
            shared = measured.merge(based, on="indicator_code", suffixes=("", "_other"))
            if len(shared):
                demo = bool(move.is_demo) or bool((shared["demo"] | shared["protocol_is_demo_other"].astype(bool)).all())
                compared.setdefault(own, []).append((other_commune, demo))
        if move.outcome == SUCCEEDED:
            replicated.setdefault(a, []).append((move.to_commune, bool(move.is_demo) or bool(move.results_demo)))

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
        if project_id in set(lessons_demo):
            demo.add("account")
        if project_id in set(agreement_demo):
            demo.add("independent")
        gathered[project_id] = Facts(
            account=None if lessons is None else bool(lessons.get(project_id, False)),
            before_after=len(measured),
            compared_with=tuple(dict.fromkeys(c for c, _ in compared.get(project_id, []))),
            independent=None if independent_agree is None else bool(independent_agree.get(project_id, False)),
            replicated_in=tuple(dict.fromkeys(c for c, _ in replicated.get(project_id, []))),
            demo=frozenset(demo),
        )
    return gathered


def level(engine: Engine, project_id: int, lang: str = "fr", **known) -> EvidenceLevel:
    """One experiment's level and its « pourquoi » (``known``: the optional inputs of :func:`facts`)."""
    return assess(facts(engine, [int(project_id)], **known)[int(project_id)], lang)


def levels(engine: Engine, lang: str = "fr", **known) -> pd.DataFrame:
    """``evidence_levels.csv``: project slug, level, reasons (one line), then is_demo; every experiment, by slug."""
    projects = frame(engine, select(Project.id, Project.slug).order_by(Project.slug))
    gathered = facts(engine, list(projects["id"].astype(int)), **known)
    rows = []
    for project_id, slug in zip(projects["id"], projects["slug"]):
        evidence = assess(gathered[int(project_id)], lang)
        rows.append({"project_slug": slug, "level": evidence.level, "reasons": reasons_text(evidence, lang),
                     "is_demo": evidence.is_demo})
    return pd.DataFrame(rows, columns=["project_slug", "level", "reasons", "is_demo"])
