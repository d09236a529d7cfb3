"""À faire: staff see every kind with counts and one link per row; an agent their returned values and their
commune's late indicators; signed out, the page says whom it is for and the menu hides it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from qmi.models import Project
from qmi.services import measurements, reviews
from tests.pages.conftest import account, assert_no_exception, open_as, rendered_text

pytestmark = pytest.mark.usefixtures("light_hashing")
TODAY = date(2025, 6, 1)
HOSTILE = "**x** <b>y</b> [l](javascript:alert(1))"


def kunagi(store) -> Project:
    with Session(store) as session:
        return session.exec(select(Project).where(Project.slug == "kunagi")).one()


def value_of(store, agent, period="2024-03-01"):
    return measurements.record(store, agent, {"project_id": kunagi(store).id, "indicator_code": "SOC-JOBS",
                                              "period_start": period, "value": "12"}, today=TODAY)


def text_of(at) -> str:
    return " ".join(rendered_text(at))


def test_signed_out_the_page_is_refused(demo_store):
    at = open_as("pages/worklist.py")
    assert_no_exception(at)
    assert "connectez-vous" in at.info[0].value
    assert not at.dataframe


def test_staff_see_the_values_to_review_with_a_count_and_one_link_each(demo_store):
    agent = account(demo_store, "agent.sceaux", "agent", "92071")
    value_of(demo_store, agent)
    staff = account(demo_store, "staff.one", "staff")
    at = open_as("pages/worklist.py", staff)
    assert_no_exception(at)
    text = text_of(at)
    assert "1 valeur à valider" in text
    tables = [df.value for df in at.dataframe]
    links = [v for t in tables for v in t.get("Où le faire", [])]
    assert f"/validation?commune=92071&experimentation={kunagi(demo_store).id}&indicateur=SOC-JOBS" in links


def test_an_agent_sees_the_returned_value_with_its_reason_as_typed(demo_store):
    agent = account(demo_store, "agent.sceaux", "agent", "92071")
    value = value_of(demo_store, agent)
    staff = account(demo_store, "staff.one", "staff")
    reviews.send_back(demo_store, staff, value.id, HOSTILE, version=value.version)
    at = open_as("pages/worklist.py", agent)
    assert_no_exception(at)
    assert "1 valeur qui vous est renvoyée" in text_of(at)
    returned = at.dataframe[0].value
    assert HOSTILE in list(returned["Motif du renvoi"])  # a dataframe cell: shown as typed, never as Markdown
    assert "/saisie?experimentation=kunagi" in list(returned["Où le faire"])
    assert "valeurs à valider" not in text_of(at)


def test_a_viewer_with_nothing_to_do_reads_rien_a_faire(demo_store):
    viewer = account(demo_store, "viewer.one", "viewer", "92071")
    at = open_as("pages/worklist.py", viewer)
    assert_no_exception(at)
    assert "Rien à faire." in text_of(at)
