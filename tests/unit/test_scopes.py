"""A write moves the versions of the scopes it touched, in its own transaction, and only those:
the kind of data it wrote, and that kind in the commune of the experiment it belongs to.

The cached reads of every server process are keyed by these versions (``qmi.ui.q``), so this is what
decides which page runs again after a write: a read of another commune, or of another kind of data,
keeps its key. Run on SQLite and PostgreSQL (the ``engine`` fixture), and across two processes."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from sqlmodel import Session, select

from qmi.config import ROOT
from qmi.domain import scopes
from qmi.models import Project, ProtocolIndicator, User
from qmi.queries import communes as commune_queries
from qmi.queries import measurements as measurement_queries
from qmi.queries import projects as project_queries
from qmi.queries import read_scopes, reads
from qmi.services import (
    assessments,
    audit,
    catalogue,
    lessons,
    measurements,
    protocols,
    reviews,
    statuses,
    transfers,
)
from tests.unit.store_rows import STAFF, make_user

TODAY = date(2025, 6, 1)


def project(engine, slug: str) -> Project:
    with Session(engine) as session:
        row = session.exec(select(Project).where(Project.slug == slug)).one()
        session.expunge(row)
        return row


def moved(engine, write) -> set[str]:
    """The scopes whose version ``write`` moved ("" is the store's own version)."""
    before = audit.versions(engine)
    result = write()
    after = audit.versions(engine)
    assert set(before) <= set(after)
    changed = {name for name, version in after.items() if version != before.get(name, 0)}
    return changed, result


def validator(engine, commune: str) -> User:
    with Session(engine, expire_on_commit=False) as session:
        user = User(username=f"valid.{commune}", password_hash="-", role="viewer", commune_insee=commune,
                    is_validator=True)
        session.add(user)
        session.commit()
        return user


def value(slug_project: Project, period: str = "2024-03-01", number: str = "12") -> dict:
    return {"project_id": slug_project.id, "indicator_code": "SOC-JOBS", "period_start": period, "value": number}


def test_each_kind_of_write_moves_its_kind_and_its_commune_and_nothing_else(engine):
    staff = make_user(engine, "claire", STAFF)
    kunagi, pelican, tracemob = project(engine, "kunagi"), project(engine, "pelican"), project(engine, "tracemob")
    sceaux = kunagi.commune_insee

    def only(kind: str, *communes: str) -> set[str]:
        return {"", kind, *(f"{kind}:{c}" for c in communes)}

    # A measurement, its correction, its approval by a validator of the commune.
    changed, row = moved(engine, lambda: measurements.record(engine, staff, value(kunagi), today=TODAY))
    assert changed == only("measurements", sceaux)
    changed, fixed = moved(engine, lambda: measurements.correct(engine, staff, row.id, {"period_start": "2024-03-01",
                                                                                       "value": "15"}, today=TODAY))
    assert changed == only("measurements", sceaux)
    checker = validator(engine, sceaux)
    changed, _ = moved(engine, lambda: reviews.approve(engine, checker, fixed.id, version=fixed.version))
    assert changed == only("measurements", sceaux)
    # An assessment, a status, a lesson, a protocol indicator, a catalogue edit: each its own kind.
    scores = {"deployment": 2, "commercial_traction": 1, "industrialisation": 1, "operational_ease": 2,
              "financial_stability": 1}
    changed, _ = moved(engine, lambda: assessments.record(engine, staff, {"project_id": kunagi.id, "assessed_on": "2025-01-10",
                                                                          "assessor": "Claire", **scores}, today=TODAY))
    assert changed == only("assessments", sceaux)
    changed, _ = moved(engine, lambda: statuses.record_status(engine, staff, "kunagi", {
        "level": "2", "changed_on": "2025-05-15", "source": "Comité"}))
    assert changed == only("projects", sceaux)
    changed, _ = moved(engine, lambda: lessons.add_lesson(engine, staff, "pelican", {
        "kind": "worked", "text": "Associer les agents dès la conception.", "evidence": "Visite du 9 juillet."}))
    assert changed == only("lessons", pelican.commune_insee) | {"edits"}  # a lesson is a hand edit, kept by field
    changed, _ = moved(engine, lambda: protocols.save(engine, staff, pelican.id, "MOB-CARGO-KM", 0, 100))
    assert changed == only("protocols", pelican.commune_insee)
    changed, _ = moved(engine, lambda: catalogue.update_project(engine, staff, "kunagi", {"name": "Kunagi bis"},
                                                                 project(engine, "kunagi").version))
    assert changed == only("projects", sceaux) | {"edits"}
    # A transfer and its next step: both experiments' communes.
    changed, transfer = moved(engine, lambda: transfers.create_transfer(engine, staff, {
        "from_slug": "pelican", "to_slug": "tracemob", "stage": "contact", "started_on": "2025-01-15"}))
    assert changed == only("transfers", pelican.commune_insee, tracemob.commune_insee)
    changed, _ = moved(engine, lambda: transfers.update_stage(engine, staff, transfer.id, {
        "stage": "deployed", "changed_on": "2025-03-01"}, version=transfer.version))
    assert changed == only("transfers", pelican.commune_insee, tracemob.commune_insee)


def test_a_write_in_no_one_commune_moves_the_scope_every_commune_follows_and_a_bulk_load_moves_all(engine):
    from qmi.db import write_session

    staff = make_user(engine, "claire", STAFF)
    changed, _ = moved(engine, lambda: catalogue.update_edition(engine, staff, 1, {"year_end": "2030"}, None))
    assert {"", "reference", "reference:*"} <= changed and not {n for n in changed if n.startswith("projects")}

    def bulk():
        with write_session(engine) as session:
            audit.record_bulk(session, "reference_load", "reference", {"project.changed": 1})

    changed, _ = moved(engine, bulk)
    assert changed == {"", scopes.ALL}


def test_a_refused_write_moves_nothing(engine):
    from qmi.i18n import Refusal

    viewer = make_user(engine, "visiteur", "viewer")
    before = audit.versions(engine)
    with pytest.raises(Refusal):
        measurements.record(engine, viewer, value(project(engine, "kunagi")), today=TODAY)
    assert audit.versions(engine) == before


def keys(engine, *calls) -> list[tuple]:
    versions = audit.versions(engine)
    return [tuple(versions.get(n, 0) for n in read_scopes(f, args, kwargs)) for f, args, kwargs in calls]


def test_a_measurement_in_one_commune_keeps_the_other_communes_reads_and_the_ranking(engine):
    staff = make_user(engine, "claire", STAFF)
    kunagi = project(engine, "kunagi")
    other = next(c for c in ("93048", "95018", "92012") if c != kunagi.commune_insee)
    calls = (
        (project_queries.ranking, (), {}),  # built from assessments: no measurement in it
        (measurement_queries.latest_values, (), {"commune_insee": other}),
        (commune_queries.profile, (other,), {}),
        (project_queries.projects, (), {"commune_insee": kunagi.commune_insee}),
        (measurement_queries.latest_values, (), {"commune_insee": kunagi.commune_insee}),
        (measurement_queries.latest_values, (), {}),
    )
    before = keys(engine, *calls)
    measurements.record(engine, staff, value(kunagi), today=TODAY)
    after = keys(engine, *calls)
    assert [b == a for b, a in zip(before, after)] == [True, True, True, True, False, False]
    # A status in the commune does change its portfolio and the ranking (it reads the experiments).
    statuses.record_status(engine, staff, "kunagi", {"level": "3", "changed_on": "2025-05-20", "source": "Comité"})
    again = keys(engine, *calls)
    assert [a == b for a, b in zip(after, again)] == [False, True, True, False, False, False]


def test_an_experiments_record_follows_the_writes_of_its_commune_only(engine):
    staff = make_user(engine, "claire", STAFF)
    kunagi, elsewhere = project(engine, "kunagi"), project(engine, "tracemob")
    assert elsewhere.commune_insee != kunagi.commune_insee
    communes = project_queries.project_communes(engine)
    assert communes[kunagi.id] == kunagi.commune_insee

    def record_keys():
        versions = audit.versions(engine)
        return [tuple(versions.get(n, 0) for n in read_scopes(f, (kunagi.id,), {}, communes.get))
                for f in (measurement_queries.series, project_queries.assessments)]

    assert read_scopes(measurement_queries.series, (kunagi.id,), {}, communes.get) == (
        "*", f"measurements:{kunagi.commune_insee}", "measurements:*", f"protocols:{kunagi.commune_insee}", "protocols:*",
        f"reference:{kunagi.commune_insee}", "reference:*")
    assert read_scopes(measurement_queries.series, (kunagi.id,), {}) == (  # no map of the experiments: everywhere
        "*", "measurements", "protocols", "reference")
    before = record_keys()
    measurements.record(engine, staff, value(elsewhere), today=TODAY)
    assert record_keys() == before  # a value of another commune: the record stays cached
    measurements.record(engine, staff, value(kunagi), today=TODAY)
    after = record_keys()
    assert after[0] != before[0] and after[1] == before[1]  # its own commune's value: the series again, not the scores


def test_an_experiments_evidence_follows_its_commune_and_its_transfer_partners_communes_only(engine):
    from qmi.queries import evidence as evidence_queries
    from qmi.queries import transfers as transfer_queries

    staff = make_user(engine, "claire", STAFF)
    pelican, tracemob, kunagi = project(engine, "pelican"), project(engine, "tracemob"), project(engine, "kunagi")
    assert len({pelican.commune_insee, tracemob.commune_insee, kunagi.commune_insee}) == 3

    def level_key():
        reach = transfer_queries.project_reach(engine)
        versions = audit.versions(engine)
        names = read_scopes(evidence_queries.level, (pelican.id,), {}, project_queries.project_communes(engine).get,
                            reach.get)
        return reach[pelican.id], tuple(versions.get(n, 0) for n in names)

    reach, before = level_key()
    assert reach == (pelican.commune_insee,)  # no transfer yet: its own commune alone
    measurements.record(engine, staff, value(tracemob), today=TODAY)
    assert level_key()[1] == before  # a value of a commune it has nothing to do with
    transfers.create_transfer(engine, staff, {"from_slug": "pelican", "to_slug": "tracemob", "stage": "contact",
                                              "started_on": "2025-01-15"})
    reach, before = level_key()
    assert reach == (pelican.commune_insee, tracemob.commune_insee)  # its partner's commune joins
    assert transfer_queries.project_reach(engine)[tracemob.id] == (tracemob.commune_insee, pelican.commune_insee)
    measurements.record(engine, staff, value(kunagi), today=TODAY)
    assert level_key()[1] == before
    measurements.record(engine, staff, value(tracemob, period="2024-04-01"), today=TODAY)
    assert level_key()[1] != before  # its partner's results compare with its own: its evidence is read again
    assert read_scopes(evidence_queries.level, (pelican.id,), {}) == read_scopes(evidence_queries.level, (pelican.id,), {},
                                                                                  project_queries.project_communes(engine).get)
    with pytest.raises(ValueError):
        reads("measurements", partners=True)  # partners of which experiment?


def test_a_query_declares_its_commune_argument_by_name_or_position_and_refuses_unknown_kinds():
    @reads("measurements", "reference", commune="commune_insee", everywhere=("assessments",))
    def sample(engine, today, commune_insee=None):
        return None

    assert read_scopes(sample, (TODAY, "92071"), {}) == read_scopes(sample, (TODAY,), {"commune_insee": "92071"}) == (
        "*", "measurements:92071", "measurements:*", "reference:92071", "reference:*", "assessments")
    assert read_scopes(sample, (TODAY,), {}) == read_scopes(sample, (TODAY, ""), {}) == (
        "*", "measurements", "reference", "assessments")
    assert read_scopes(len, (), {}) is None  # declares nothing: the store's version
    with pytest.raises(ValueError):
        reads("mesures")


WRITER = """
import sys
from datetime import date
from sqlmodel import Session, select
from qmi.db import make_engine
from qmi.models import Project, User
from qmi.services import measurements
engine = make_engine(sys.argv[1])
with Session(engine) as session:
    user = session.exec(select(User).where(User.username == "claire")).one()
    project = session.exec(select(Project).where(Project.slug == "kunagi")).one()
measurements.record(engine, user, {"project_id": project.id, "indicator_code": "SOC-JOBS",
                                   "period_start": "2024-04-01", "value": "7"}, today=date(2025, 6, 1))
"""


def test_a_write_made_by_another_process_moves_the_versions_this_one_reads(engine):
    make_user(engine, "claire", STAFF)
    sceaux = project(engine, "kunagi").commune_insee
    before = audit.versions(engine)
    url = engine.url.render_as_string(hide_password=False)
    subprocess.run([sys.executable, "-c", WRITER, url], check=True, cwd=ROOT, timeout=120)
    after = audit.versions(engine)
    assert {n for n in after if after[n] != before.get(n, 0)} == {"", "measurements", f"measurements:{sceaux}"}
    assert ProtocolIndicator  # the models module is the one the other process used


@pytest.mark.parametrize("small_frame_cells", [20_000, 0], ids=["cells pickled", "pandas hashing"])
def test_a_results_digest_changes_with_any_cell_column_or_type_and_only_then(small_frame_cells, monkeypatch):
    from datetime import date as day

    import pandas as pd

    import qmi.queries
    from qmi.queries import digest

    monkeypatch.setattr(qmi.queries, "SMALL_FRAME_CELLS", small_frame_cells)  # both ways a frame is digested

    def table(**changes):
        columns = {"id": [1, 2], "name": ["Kunagi", "Pelican"], "last": [day(2025, 1, 1), None], "share": [0.5, None]}
        return pd.DataFrame(columns | changes)

    assert digest(table()) == digest(table())
    assert digest((table(), table())) == digest((table(), table()))
    same, twin = "Kunagi", "".join(["Kun", "agi"])  # one text met twice, or two equal texts: equal frames
    assert digest(table(name=pd.Series([same, same], dtype=object))) == digest(table(name=pd.Series([same, twin], dtype=object)))
    changed = [table(name=["Kunagi", "Pélican"]), table(last=[day(2025, 4, 1), None]), table(share=[0.5, 0.0]),
               table(id=[1.0, 2.0]), table().rename(columns={"share": "part"}), table().iloc[:1], table().iloc[::-1],
               table().iloc[:0]]
    digests = {digest(t) for t in changed}
    assert len(digests) == len(changed) and digest(table()) not in digests
    assert digest((table(), table().iloc[:1])) != digest((table().iloc[:1], table()))
    assert digest(("93005", "95018")) != digest(("95018", "93005"))
