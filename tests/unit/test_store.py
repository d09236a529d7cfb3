"""The store keeps its rules in the database, and the public record loads faithfully."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from qmi.db import StoreError, write_session
from qmi.models import (
    Assessment,
    CalendarEntry,
    Commune,
    Event,
    Indicator,
    Measurement,
    ProgrammeFigure,
    Project,
    UrbanChallenge,
)
from qmi.store.bootstrap import init_store, prepare_store
from qmi.store.demo import load_demo, remove_demo
from qmi.store.reference import load_reference


def count(engine, model) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()[0]


def test_database_refuses_a_score_of_four(engine):
    with Session(engine) as session:
        project_id = session.exec(select(Project.id)).first()[0]
    with pytest.raises(IntegrityError), write_session(engine) as session:
        session.add(
            Assessment(project_id=project_id, assessed_on=date(2024, 1, 1), assessor="x", deployment=4,
                       commercial_traction=0, industrialisation=0, operational_ease=0, financial_stability=0)
        )
    assert count(engine, Assessment) == 0


def test_database_refuses_a_measurement_for_an_unknown_experiment(engine):
    with pytest.raises(IntegrityError), write_session(engine) as session:
        session.add(Measurement(project_id=999_999, indicator_code="SOC-USERS", period_start=date(2024, 1, 1), value=1))
    assert count(engine, Measurement) == 0


def test_database_refuses_two_active_values_for_the_same_period(engine):
    with Session(engine) as session:
        project_id = session.exec(select(Project.id)).first()[0]
    row = dict(project_id=project_id, indicator_code="SOC-USERS", period_start=date(2024, 1, 1), value=1)
    with write_session(engine) as session:
        session.add(Measurement(**row))
    with pytest.raises(StoreError) as refused, write_session(engine) as session:
        session.add(Measurement(**row))
    assert refused.value.kind == "conflict" and isinstance(refused.value.__cause__, IntegrityError)
    with write_session(engine) as session:  # a superseded version may share the period
        session.add(Measurement(**row | {"state": "superseded"}))
    assert count(engine, Measurement) == 2


def test_unique_natural_keys(engine):
    """A unique key refuses the second row; the write says it as a conflict (the cause kept for the log)."""
    with pytest.raises(StoreError) as indicator, write_session(engine) as session:
        session.execute(text("INSERT INTO indicator (code, name, category, unit, value_type, direction, definition, method, source) "
                             "VALUES ('SOC-USERS', 'x', 'x', 'x', 'count', 'higher', '', '', 'x')"))
    with pytest.raises(StoreError) as commune, write_session(engine) as session:
        session.execute(text("INSERT INTO commune (insee_code, name, departement, source) VALUES ('92071', 'Sceaux bis', '92', 'x')"))
    for refused in (indicator, commune):
        assert refused.value.kind == "conflict" and isinstance(refused.value.__cause__, IntegrityError)


def test_loading_the_reference_twice_leaves_the_same_rows(engine):
    models = (Commune, Project, UrbanChallenge, ProgrammeFigure, Event, CalendarEntry, Indicator)
    before = {m.__name__: count(engine, m) for m in models}
    load_reference(engine)
    init_store(engine, demo=False)
    assert {m.__name__: count(engine, m) for m in models} == before


def test_ten_communes_split_four_and_six_between_the_editions(engine):
    with Session(engine) as session:
        rows = session.exec(select(Commune.edition_id, Commune.name).where(Commune.edition_id.is_not(None))).all()
    by_edition = {e: sorted(n for ed, n in rows if ed == e) for e in (1, 2)}
    assert by_edition[1] == ["Aulnay-sous-Bois", "Meudon", "Noisy-le-Grand", "Sceaux"]
    assert by_edition[2] == ["Argenteuil", "Athis-Mons", "Aubervilliers", "Fontenay-sous-Bois",
                             "Issy-les-Moulineaux", "Sucy-en-Brie"]


def test_the_metropole_background_has_its_130_communes_with_contours(engine):
    assert count(engine, Commune) == 130


@pytest.mark.parametrize(
    ("name", "commune"),
    [
        ("Purpl", "Sceaux"),
        ("Purple Alternative Surface", "Aulnay-sous-Bois"),
        ("Pelican", "Meudon"),
        ("Vytal", "Noisy-le-Grand"),
        ("Wintics Cityvision", "Noisy-le-Grand"),
        ("Source Urbaine", "Sceaux"),
        ("BoucL Energie", "Meudon"),
        ("Worm Generation", "Aulnay-sous-Bois"),
    ],
)
def test_edition_one_experiments_are_present_with_their_commune(engine, name, commune):
    with Session(engine) as session:
        found = session.exec(
            select(Commune.name).join(Project, Project.commune_insee == Commune.insee_code).where(Project.name == name)
        ).all()
    assert [row[0] for row in found] == [commune]


def test_every_reference_row_cites_its_seed(engine):
    with Session(engine) as session:
        sources = session.exec(select(Project.source)).all() + session.exec(select(ProgrammeFigure.source)).all()
    assert sources and all(s[0].startswith(("000_", "001_", "002_", "003_", "004_")) for s in sources)


def test_disagreeing_documents_are_all_kept(engine):
    with Session(engine) as session:
        applications = sorted(v[0] for v in session.exec(select(ProgrammeFigure.value).where(ProgrammeFigure.key == "applications")))
        aulnay = sorted(d[0] for d in session.exec(select(Event.held_on).where(Event.host_insee == "93005")))
    assert applications == [163, 168, 170]
    assert aulnay == [date(2025, 2, 1), date(2025, 11, 1)]


def test_only_four_challenges_come_from_the_record_the_rest_is_proposed(engine):
    with Session(engine) as session:
        statuses = session.exec(select(Project.name, Project.challenge_status)).all()
    sourced = sorted(n for n, s in statuses if s == "source")
    assert sourced == ["Pelican", "Purple Alternative Surface", "Vytal", "Végétalisation 2nde vie"]
    assert all(s == "proposed" for n, s in statuses if n not in sourced)


def test_demo_rows_are_flagged_and_removable(engine):
    assert load_demo(engine) is True
    assert load_demo(engine) is False  # twice changes nothing
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Assessment).where(Assessment.is_demo.is_(False))).one()[0] == 0
        assert session.exec(select(func.count()).select_from(Measurement).where(Measurement.is_demo)).one()[0] > 0
        edition_one = session.exec(select(func.count()).select_from(Project).where(Project.edition_id == 1)).one()[0]
        assessed = session.exec(select(func.count(func.distinct(Assessment.project_id)))).one()[0]
        demo_projects = session.exec(select(func.count()).select_from(Project).where(Project.is_demo)).one()[0]
    assert assessed == edition_one + demo_projects and demo_projects == 1  # and the demo transfer's experiment
    remove_demo(engine)
    assert count(engine, Assessment) == 0 and count(engine, Measurement) == 0
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Project).where(Project.status_is_demo)).one()[0] == 0
        # statuses the record gives survive
        pelican = session.exec(select(Project.deployment_level).where(Project.slug == "pelican")).one()[0]
    assert pelican == 3


def test_prepare_does_not_bring_back_removed_demo_data(engine):
    prepare_store(engine)
    assert count(engine, Assessment) == 0


@pytest.mark.sqlite_only
def test_sqlite_enforces_foreign_keys_on_every_connection(engine):
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_reloading_demo_data_keeps_a_communes_real_declaration(engine):
    from qmi.models import CommuneChallenge

    with write_session(engine) as session:
        for code in ("flux-mobilites", "economie-circulaire", "sport-ville", "habitat-usages"):
            session.add(CommuneChallenge(commune_insee="95018", challenge_code=code, source="Délibération", is_demo=False))
    load_demo(engine)
    remove_demo(engine)
    load_demo(engine)
    with Session(engine) as session:
        argenteuil = session.exec(select(CommuneChallenge.challenge_code, CommuneChallenge.is_demo)
                                  .where(CommuneChallenge.commune_insee == "95018")).all()
        others = session.exec(select(func.count()).select_from(CommuneChallenge).where(CommuneChallenge.is_demo)).one()[0]
    assert sorted(argenteuil) == [("economie-circulaire", False), ("flux-mobilites", False),
                                  ("habitat-usages", False), ("sport-ville", False)]
    assert others == 5 * 3  # the five other edition-2 communes keep their illustrative declarations


def test_queries_give_none_for_missing_text_so_pages_can_test_it(engine):
    from qmi.queries.projects import projects

    workshop = projects(engine).set_index("slug").loc["atelier-baskets-pinces-a-linge"]
    assert workshop["family_code"] is None  # the sources give it no catalogue family
    assert not workshop["family_code"]


def test_a_published_target_is_part_of_the_record_not_of_the_demo(engine):
    from qmi.models import ProtocolIndicator

    with Session(engine) as session:
        row = session.exec(
            select(ProtocolIndicator).join(Project, Project.id == ProtocolIndicator.project_id)
            .where(Project.slug == "atelier-baskets-pinces-a-linge", ProtocolIndicator.indicator_code == "SOC-JOBS")
        ).one()[0]
    assert (row.baseline, row.target, row.is_demo) == (0, 8, False)
    assert "000_7fb553a19daa21b2.txt" in row.note
