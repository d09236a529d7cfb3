"""The deployment rate as of a date: each experiment's latest status entry on or before it."""

from __future__ import annotations

from datetime import date

from qmi.queries import communes, geo
from qmi.services import auth, statuses, users

PASSWORD = "un mot de passe assez long"
MEUDON = "92048"


def map_row(engine, on):
    stats = geo.commune_stats(engine, on)
    row = stats[stats["insee_code"] == MEUDON].iloc[0]
    return int(row["known_status"]), int(row["deployed"]), row["deployment_rate"]


def test_the_map_and_the_commune_figures_read_the_statuses_of_the_day_asked(engine):
    users.add_user(engine, "staff.status", PASSWORD, "staff")
    staff = auth.sign_in(engine, "staff.status", PASSWORD)
    before = communes.profile(engine, MEUDON)
    assert before.deployed >= 1  # Pelican's level 3, from the record (dated 2025)
    statuses.record_status(engine, staff, "pelican", {"level": "abandoned", "changed_on": "2025-06-01",
                                                      "note": "Fin du test"})

    spring, today = communes.profile(engine, MEUDON, date(2025, 3, 1)), communes.profile(engine, MEUDON)
    assert (spring.with_status, spring.deployed) == (before.with_status, before.deployed)
    assert (today.with_status, today.deployed) == (before.with_status - 1, before.deployed - 1)
    assert communes.profile(engine, MEUDON, date.today()) == today
    earlier = communes.profile(engine, MEUDON, date(2024, 12, 31))  # before the record's documents
    assert (earlier.with_status, earlier.deployment_rate, earlier.projects) == (0, None, before.projects)

    known, deployed, rate = map_row(engine, date(2025, 3, 1))
    assert (deployed, rate) == (spring.deployed, spring.deployment_rate)
    known_now, deployed_now, _ = map_row(engine, None)
    assert (known_now, deployed_now) == (known, deployed - 1)  # abandoned is a known status on the map
    assert map_row(engine, date(2024, 12, 31))[:2] == (0, 0)
