"""A read-only store (a read-only disk, an immutable file): every page still reads, and a write says why it cannot."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from qmi.bench.runner import app_pages
from qmi.db import write_session
from qmi.models import User
from qmi.services.auth import Identity
from tests.pages.conftest import assert_no_exception, open_as, open_page

PAGES = [spec.path for spec in app_pages()]


@pytest.fixture
def read_only_store(demo_store):
    """The demo store, with a staff account, made immutable with its folder (root included)."""
    with write_session(demo_store) as session:
        staff = User(username="claire", password_hash="x", role="staff", display_name="Claire")
        session.add(staff)
    demo_store.dispose()
    folder = Path(demo_store.url.database).parent
    targets = [str(folder), *(str(p) for p in folder.glob("qmi.db*"))]
    done = subprocess.run(["chattr", "+i", *targets], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"this file system cannot make a file immutable: {done.stderr.strip()}")
    yield Identity(user_id=staff.id, username="claire", display_name="Claire", role="staff", commune_insee=None,
                   expires_at=datetime.now(UTC) + timedelta(hours=1))
    subprocess.run(["chattr", "-i", *targets], capture_output=True)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_reads_a_read_only_store(read_only_store, page):
    at = open_page(page)
    assert_no_exception(at)
    assert not at.error and (at.main.title or at.main.header or at.main.markdown)  # its content, not an error


def test_a_write_on_a_read_only_store_says_so_in_french_and_nothing_breaks(read_only_store):
    at = open_as("pages/entry.py", read_only_store, experimentation="kunagi")
    at.toggle(key="m_protocol_only").set_value(False).run()  # SOC-JOBS is not in kunagi's protocol
    at.selectbox(key="m_indicator").select("SOC-JOBS").run()
    at.date_input(key="m_period").set_value("2024-03-01")
    at.text_input(key="m_value").input("12")
    at.button(key="m_save").click().run()
    assert_no_exception(at)
    shown = " ".join(e.value for e in at.error)
    assert "La base est en lecture seule" in shown and "rien ne peut être enregistré" in shown


def test_a_catalogue_save_on_a_read_only_store_says_so_in_french_and_nothing_breaks(read_only_store):
    at = open_as("pages/catalogue.py", read_only_store)
    at.text_input(key="p_name").input("Vélo-cargo partagé")
    at.text_input(key="p_organisation").input("Cargonautes")
    at.button(key="p_save").click().run()
    assert_no_exception(at)
    shown = " ".join(e.value for e in at.error)
    assert "La base est en lecture seule" in shown and "rien ne peut être enregistré" in shown
