"""The Administration page: admins only; audit log with filters and guarded exports; accounts."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select

from qmi.models import Project, User
from qmi.services import measurements
from tests.pages.conftest import account, assert_no_exception, open_as

PASSWORD = "un mot de passe assez long"
FORMULA = "=SOMME(A1:A9)"


pytestmark = pytest.mark.usefixtures("light_hashing")


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """The bytes each download button serves, by file name (AppTest's media storage lives only during a run)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    served: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        if filename and isinstance(path_or_data, bytes):
            served[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return served






def test_signed_out_and_non_admins_see_no_log(demo_store):
    at = open_as("pages/admin.py")
    assert_no_exception(at)
    assert "compte administrateur" in at.info[0].value and not at.dataframe
    at = open_as("pages/admin.py", account(demo_store, "staff1", "staff"))
    assert "réservée aux administrateurs" in at.warning[-1].value and not at.dataframe


def test_admin_reads_filters_and_exports_the_log_with_formulas_neutralised(demo_store, downloads):
    staff = account(demo_store, "-staff1", "staff")  # a username a spreadsheet would read as a formula
    with Session(demo_store) as session:
        kunagi = session.exec(select(Project.id).where(Project.slug == "kunagi")).one()
    measurements.record(demo_store, staff, {"project_id": kunagi, "indicator_code": "SOC-JOBS",
                                            "period_start": "2024-03-01", "value": "3", "comment": FORMULA})
    at = open_as("pages/admin.py", account(demo_store, "admin1", "admin"))
    assert_no_exception(at)
    log = at.dataframe[0].value
    assert set(log["Action"]) == {"user.create", "measurement.create", "store.reference_load", "store.demo_load"}
    assert FORMULA in " ".join(log["Après"])
    at.selectbox(key="audit_action").select("measurement.create").run()
    log = at.dataframe[0].value
    assert list(log["Personne"]) == ["-staff1"] and list(log["Objet"]) == ["measurement"]
    csv = at.download_button(key="audit_csv")
    xlsx = at.download_button(key="audit_xlsx")
    assert (csv.label, xlsx.label) == ("Exporter en CSV", "Exporter en Excel")
    exported = pd.read_csv(io.BytesIO(downloads["journal_qmi.csv"]), encoding="utf-8-sig", sep=";")  # French Excel's CSV
    assert list(exported["Personne"]) == ["'-staff1"] and FORMULA in exported["Après"][0]
    sheet = load_workbook(io.BytesIO(downloads["journal_qmi.xlsx"])).active
    assert sheet["B2"].value == "'-staff1" and sheet["B2"].data_type == "s"


def test_admin_creates_and_disables_an_account(record_store):
    at = open_as("pages/admin.py", account(record_store, "admin1", "admin"))
    assert_no_exception(at)
    at.text_input(key="u_username").input("agent.sceaux")
    at.text_input(key="u_password").input("short")
    at.button(key="FormSubmitter:user_form-Créer le compte").click().run()
    errors = [e.value for e in at.error]
    assert "Le mot de passe doit compter au moins 10 caractères." in errors and "Un agent doit être rattaché à une commune." in errors
    at.selectbox(key="u_commune").select("92071")
    at.text_input(key="u_password").input(PASSWORD)
    at.button(key="FormSubmitter:user_form-Créer le compte").click().run()
    assert_no_exception(at)
    assert "Compte « agent.sceaux » créé." in [s.value for s in at.success]
    at.selectbox(key="u_target").select("agent.sceaux")
    at.button(key="u_disable").click().run()
    with Session(record_store) as session:
        user = session.exec(select(User).where(User.username == "agent.sceaux")).one()
    assert (user.role, user.commune_insee, user.is_active) == ("agent", "92071", False)
    table = at.dataframe[-1].value
    assert not table.set_index("Identifiant").loc["agent.sceaux", "Actif"]
    at.selectbox(key="u_target").select("admin1")
    at.button(key="u_disable").click().run()
    assert "Vous ne pouvez pas désactiver votre propre compte." in [e.value for e in at.error]
