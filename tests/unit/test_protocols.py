"""Editing an experiment's evaluation protocol: rights, validation, audit (qmi.services.protocols)."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session, func, select

from qmi.i18n import t
from qmi.models import Measurement, Project, ProtocolIndicator
from qmi.services import auth, protocols, users
from qmi.services.errors import PermissionDenied, ValidationFailed
from tests.unit.store_rows import audit_rows

PASSWORD = "a long enough password"


def project_id(engine, slug: str) -> int:
    with Session(engine) as session:
        return session.exec(select(Project.id).where(Project.slug == slug)).one()


def sign(engine, username: str, role: str, commune: str | None = None) -> auth.Identity:
    users.add_user(engine, username, PASSWORD, role, commune)
    return auth.sign_in(engine, username, PASSWORD)


def protocol_row(engine, pid: int, code: str) -> ProtocolIndicator | None:
    with Session(engine) as session:
        return session.exec(select(ProtocolIndicator).where(ProtocolIndicator.project_id == pid,
                                                            ProtocolIndicator.indicator_code == code)).first()


def test_staff_adds_an_indicator_with_baseline_and_target_and_the_change_is_audited(engine):
    staff = sign(engine, "staff.one", "staff")
    pelican = project_id(engine, "pelican")
    protocols.save(engine, staff, pelican, "MOB-CARGO-KM", "1 200", "8 000,5", "Réunion de lancement")
    row = protocol_row(engine, pelican, "MOB-CARGO-KM")
    assert (row.baseline, row.target, row.note, row.is_demo) == (1200, 8000.5, "Réunion de lancement", False)
    [entry] = audit_rows(engine, "protocol.add")
    assert entry.username == "staff.one" and entry.entity_id == "pelican/MOB-CARGO-KM"
    assert entry.before_json is None and json.loads(entry.after_json)["target"] == 8000.5


def test_an_agent_of_another_commune_is_refused_and_nothing_is_written(engine):
    agent = sign(engine, "agent.noisy", "agent", "93051")  # Noisy-le-Grand; Pelican is in Meudon (92048)
    pelican = project_id(engine, "pelican")
    with pytest.raises(PermissionDenied):
        protocols.save(engine, agent, pelican, "MOB-CARGO-KM", 0, 100)
    assert protocol_row(engine, pelican, "MOB-CARGO-KM") is None
    assert audit_rows(engine, "protocol.add") == []
    assert protocols.may_edit(engine, agent, pelican) is False
    assert protocols.may_edit(engine, agent, project_id(engine, "vytal")) is True  # Vytal is in Noisy


def test_a_viewer_and_a_signed_out_visitor_may_not_edit(engine):
    viewer = sign(engine, "viewer.one", "viewer")
    pelican = project_id(engine, "pelican")
    for actor in (viewer, None):
        with pytest.raises(PermissionDenied):
            protocols.save(engine, actor, pelican, "MOB-CARGO-KM", 0, 100)
        assert protocols.may_edit(engine, actor, pelican) is False


@pytest.mark.parametrize(
    ("code", "baseline", "target", "field"),
    [
        ("ENV-AIR-PM25", "14", "20", "target"),       # lower is better: a target above the baseline
        ("MOB-CARGO-KM", "500", "100", "target"),     # higher is better: a target below the baseline
        ("MOB-CARGO-KM", "500", "500", "target"),     # no planned change
        ("EFF-RETURN-RATE", "40", "120", "target"),   # a percentage above 100
        ("SOC-JOBS", "0", "2,5", "target"),           # a count must be whole
        ("USR-SATISF", "0", "4", "baseline"),         # a 1–5 scale
        ("MOB-CARGO-KM", "beaucoup", "100", "baseline"),
    ],
)
def test_values_that_do_not_fit_the_indicator_are_refused(engine, code, baseline, target, field):
    staff = sign(engine, "staff.one", "staff")
    pid = project_id(engine, "pelican")
    with pytest.raises(ValidationFailed) as refused:
        protocols.save(engine, staff, pid, code, baseline, target)
    assert field in refused.value.errors
    assert protocol_row(engine, pid, code) is None and audit_rows(engine, "protocol.add") == []


def test_changing_an_illustrative_row_makes_it_real_and_keeps_the_old_values_in_the_log(demo_engine):
    staff = sign(demo_engine, "staff.one", "staff")
    pid = project_id(demo_engine, "vytal")
    before = protocol_row(demo_engine, pid, "EFF-CONTAINERS")
    assert before.is_demo
    protocols.save(demo_engine, staff, pid, "EFF-CONTAINERS", 0, 5000, "Convention avec la commune")
    after = protocol_row(demo_engine, pid, "EFF-CONTAINERS")
    assert (after.baseline, after.target, after.is_demo) == (0, 5000, False)
    [entry] = audit_rows(demo_engine, "protocol.update")
    assert json.loads(entry.before_json)["target"] == before.target


def test_removing_an_indicator_keeps_its_measurements(demo_engine):
    staff = sign(demo_engine, "staff.one", "staff")
    pid = project_id(demo_engine, "vytal")
    protocols.remove(demo_engine, staff, pid, "EFF-CONTAINERS")
    assert protocol_row(demo_engine, pid, "EFF-CONTAINERS") is None
    with Session(demo_engine) as session:
        kept = session.exec(select(func.count()).select_from(Measurement).where(
            Measurement.project_id == pid, Measurement.indicator_code == "EFF-CONTAINERS")).one()
    assert kept > 0
    [entry] = audit_rows(demo_engine, "protocol.remove")
    assert entry.after_json is None and entry.entity_id == "vytal/EFF-CONTAINERS"


def test_staff_set_the_periodicity_and_lag_which_are_then_no_longer_a_default_and_the_change_is_audited(engine):
    staff = sign(engine, "staff.fresh", "staff")
    atelier = project_id(engine, "atelier-baskets-pinces-a-linge")
    row = protocol_row(engine, atelier, "SOC-JOBS")  # the record's row: no source gives its periodicity
    assert (row.periodicity, row.availability_lag_days, row.periodicity_is_default) == ("quarterly", 30, True)
    protocols.save(engine, staff, atelier, "SOC-JOBS", 0, 8, row.note, periodicity="yearly", availability_lag_days="0")
    row = protocol_row(engine, atelier, "SOC-JOBS")
    assert (row.periodicity, row.availability_lag_days, row.periodicity_is_default) == ("yearly", 0, False)
    [entry] = audit_rows(engine, "protocol.update")
    before, after = json.loads(entry.before_json), json.loads(entry.after_json)
    assert (before["periodicity"], before["periodicity_is_default"]) == ("quarterly", True)
    assert (after["periodicity"], after["availability_lag_days"], after["periodicity_is_default"]) == ("yearly", 0, False)


def test_saving_without_a_periodicity_keeps_the_one_there(engine):
    staff = sign(engine, "staff.keep", "staff")
    pelican = project_id(engine, "pelican")
    protocols.save(engine, staff, pelican, "MOB-CARGO-KM", 0, 10, periodicity="monthly", availability_lag_days=15)
    protocols.save(engine, staff, pelican, "MOB-CARGO-KM", 0, 12)
    row = protocol_row(engine, pelican, "MOB-CARGO-KM")
    assert (row.target, row.periodicity, row.availability_lag_days, row.periodicity_is_default) == (12, "monthly", 15, False)
    protocols.save(engine, staff, pelican, "ENV-CO2-AVOIDED", 0, 10)  # a new row without one: the default
    row = protocol_row(engine, pelican, "ENV-CO2-AVOIDED")
    assert (row.periodicity, row.availability_lag_days, row.periodicity_is_default) == ("quarterly", 30, True)


@pytest.mark.parametrize("lag", [0, 366, "366"])
def test_a_lag_from_0_to_366_days_is_accepted(engine, lag):
    staff = sign(engine, "staff.lag", "staff")
    pelican = project_id(engine, "pelican")
    protocols.save(engine, staff, pelican, "MOB-CARGO-KM", 0, 10, periodicity="once", availability_lag_days=lag)
    assert protocol_row(engine, pelican, "MOB-CARGO-KM").availability_lag_days == int(lag)


@pytest.mark.parametrize("lag", [-1, 367, "2,5", "deux"])
def test_a_lag_out_of_0_to_366_days_or_not_whole_is_refused_with_its_message_and_nothing_written(engine, lag):
    staff = sign(engine, "staff.badlag", "staff")
    pelican = project_id(engine, "pelican")
    with pytest.raises(ValidationFailed) as refused:
        protocols.save(engine, staff, pelican, "MOB-CARGO-KM", 0, 10, periodicity="weekly", availability_lag_days=lag)
    assert refused.value.errors == {"periodicity": t("freshness.error.periodicity"),
                                    "availability_lag_days": t("freshness.error.lag", max=366)}
    assert protocol_row(engine, pelican, "MOB-CARGO-KM") is None
    assert audit_rows(engine, "protocol.add") == []


def test_an_agent_of_another_commune_may_not_set_a_periodicity(engine):
    agent = sign(engine, "agent.meudon", "agent", "92048")  # the atelier is in Noisy-le-Grand (93051)
    atelier = project_id(engine, "atelier-baskets-pinces-a-linge")
    with pytest.raises(PermissionDenied):
        protocols.save(engine, agent, atelier, "SOC-JOBS", 0, 8, periodicity="monthly", availability_lag_days=0)
    row = protocol_row(engine, atelier, "SOC-JOBS")
    assert (row.periodicity, row.periodicity_is_default) == ("quarterly", True)
