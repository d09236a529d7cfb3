"""Declared challenges and innovation district: who may edit them, and every change audited."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session, select

from qmi.db import write_session
from qmi.models import AuditLog, Commune, CommuneChallenge, User
from qmi.services.communes import can_edit_commune, update_commune
from qmi.services.errors import PermissionDenied, ServiceError
from qmi.store.demo import load_demo

ARGENTEUIL = "95018"
SCEAUX = "92071"


def make_user(engine, username: str, role: str, commune: str | None = None, active: bool = True) -> User:
    with write_session(engine) as session:
        user = User(username=username, password_hash="x", role=role, commune_insee=commune, is_active=active)
        session.add(user)
    return user


def declared(engine, commune: str) -> list[tuple[str, bool]]:
    with Session(engine) as session:
        rows = session.exec(select(CommuneChallenge).where(CommuneChallenge.commune_insee == commune)).all()
        return sorted((r.challenge_code, r.is_demo) for r in rows)


def audit_rows(engine) -> list[AuditLog]:
    """The log after the store was filled (loading the public record is itself one entry)."""
    with Session(engine) as session:
        return list(session.exec(select(AuditLog).where(AuditLog.entity != "store").order_by(AuditLog.id)).all())


def district(engine, commune: str) -> tuple[str | None, str | None]:
    with Session(engine) as session:
        row = session.get(Commune, commune)
        return row.innovation_district, row.district_source


def test_staff_declares_challenges_and_district_with_one_audit_row_each(engine):
    staff = make_user(engine, "claire", "staff")
    result = update_commune(engine, staff, ARGENTEUIL, ["flux-mobilites", "sport-ville"], "Val-d'Argent",
                            source="Délibération du 12 mars 2025")
    assert result.challenges_changed and result.district_changed
    assert declared(engine, ARGENTEUIL) == [("flux-mobilites", False), ("sport-ville", False)]
    assert district(engine, ARGENTEUIL) == ("Val-d'Argent", "Délibération du 12 mars 2025")
    rows = audit_rows(engine)
    assert [(r.username, r.entity, r.entity_id) for r in rows] == [
        ("claire", "commune_challenges", ARGENTEUIL), ("claire", "commune", ARGENTEUIL)]
    assert json.loads(rows[0].before_json) == {"challenges": []}
    assert [c["code"] for c in json.loads(rows[0].after_json)["challenges"]] == ["flux-mobilites", "sport-ville"]
    assert json.loads(rows[1].after_json)["innovation_district"] == "Val-d'Argent"


def test_saving_unchanged_values_writes_nothing(engine):
    staff = make_user(engine, "claire", "staff")
    update_commune(engine, staff, SCEAUX, ["adaptation-climat"], "Les Blagis")
    before = len(audit_rows(engine))
    result = update_commune(engine, staff, SCEAUX, ["adaptation-climat"], "  Les Blagis ")
    assert not result.changed
    assert len(audit_rows(engine)) == before


def test_a_new_declaration_replaces_the_demo_one(demo_engine):
    admin = make_user(demo_engine, "root", "admin")
    assert all(is_demo for _, is_demo in declared(demo_engine, ARGENTEUIL))
    update_commune(demo_engine, admin, ARGENTEUIL, ["espaces-publics", "economie-circulaire"], None)
    assert declared(demo_engine, ARGENTEUIL) == [("economie-circulaire", False), ("espaces-publics", False)]
    with Session(demo_engine) as session:
        sources = {r.source for r in session.exec(select(CommuneChallenge).where(
            CommuneChallenge.commune_insee == ARGENTEUIL)).all()}
    assert len(sources) == 1 and sources.pop().startswith("Saisi dans l'application par root le ")
    load_demo(demo_engine)  # demo already there: the staff declaration stays
    assert declared(demo_engine, ARGENTEUIL) == [("economie-circulaire", False), ("espaces-publics", False)]


def test_an_agent_edits_only_their_own_commune(engine):
    agent = make_user(engine, "agent-sceaux", "agent", SCEAUX)
    update_commune(engine, agent, SCEAUX, ["economie-circulaire"], "Les Blagis")
    assert declared(engine, SCEAUX) == [("economie-circulaire", False)]
    with pytest.raises(PermissionDenied):
        update_commune(engine, agent, ARGENTEUIL, ["economie-circulaire"], "Quartier")
    assert declared(engine, ARGENTEUIL) == []
    assert district(engine, ARGENTEUIL) == (None, None)
    assert {r.entity_id for r in audit_rows(engine)} == {SCEAUX}


@pytest.mark.parametrize("role", ["viewer", None, "disabled"])
def test_viewers_signed_out_visitors_and_disabled_accounts_are_refused(engine, role):
    if role is None:
        actor = None
    elif role == "disabled":
        actor = make_user(engine, "gone", "staff", active=False)
    else:
        actor = make_user(engine, "lecteur", role)
    with pytest.raises(PermissionDenied):
        update_commune(engine, actor, SCEAUX, ["sport-ville"], "Nouveau quartier")
    assert declared(engine, SCEAUX) == []
    assert district(engine, SCEAUX)[0] == "Les Blagis"
    assert audit_rows(engine) == []


def test_an_unknown_challenge_refuses_the_whole_save(engine):
    staff = make_user(engine, "claire", "staff")
    with pytest.raises(ServiceError) as refused:
        update_commune(engine, staff, SCEAUX, ["sport-ville", "jeux-olympiques"], "Autre quartier")
    assert "jeux-olympiques" in refused.value.message("fr")
    assert declared(engine, SCEAUX) == [] and district(engine, SCEAUX)[0] == "Les Blagis"


def test_a_too_long_district_is_refused_with_a_message(engine):
    staff = make_user(engine, "claire", "staff")
    with pytest.raises(ServiceError) as refused:
        update_commune(engine, staff, SCEAUX, [], "x" * 500)
    assert "120" in refused.value.message("fr")


def test_clearing_the_district_clears_its_source(engine):
    staff = make_user(engine, "claire", "staff")
    update_commune(engine, staff, SCEAUX, [], "")
    assert district(engine, SCEAUX) == (None, None)


def test_who_sees_the_form():
    def person(role, commune=None, active=True):
        return User(username="u", password_hash="x", role=role, commune_insee=commune, is_active=active)

    assert can_edit_commune(person("staff"), ARGENTEUIL)
    assert can_edit_commune(person("admin"), ARGENTEUIL)
    assert can_edit_commune(person("agent", ARGENTEUIL), ARGENTEUIL)
    assert not can_edit_commune(person("agent", SCEAUX), ARGENTEUIL)
    assert not can_edit_commune(person("viewer"), ARGENTEUIL)
    assert not can_edit_commune(person("staff", active=False), ARGENTEUIL)
    assert not can_edit_commune(None, ARGENTEUIL)
