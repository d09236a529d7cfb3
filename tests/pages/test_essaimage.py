import html
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from qmi.db import write_session
from qmi.models import AuditLog, CommuneChallenge, User
from qmi.services.auth import Identity
from tests.pages.conftest import assert_no_exception, open_page

PAGE = "pages/essaimage.py"


def card_titles(at) -> list[str]:
    return [m.value.split(". ", 1)[1] for m in at.markdown if m.value.startswith("### ")]


def text(at) -> str:
    return " ".join(m.value for m in at.markdown)


def test_argenteuil_gets_a_shortlist_of_other_communes_solutions_with_marked_reasons(demo_store):
    at = open_page(PAGE, commune="95018")
    assert_no_exception(at)
    assert at.selectbox(key="essaimage_commune").value == "95018"
    assert "Solutions recommandées pour Argenteuil" in [h.value for h in at.header]
    assert len(card_titles(at)) == 5
    assert "répond au défi « " in text(at) and "(donnée de démonstration)" in text(at)
    assert at.warning  # the page-level demo notice
    assert not at.expander  # nobody signed in: no edit form
    assert len(at.get("download_button")) == 4  # the shortlist's and the transfers done's, CSV and Excel


def test_choosing_another_commune_changes_the_shortlist_and_the_url(demo_store):
    at = open_page(PAGE, commune="95018")
    argenteuil = card_titles(at)
    at.selectbox(key="essaimage_commune").set_value("92048").run()
    assert_no_exception(at)
    assert at.query_params["commune"] in ("92048", ["92048"])
    assert "Solutions recommandées pour Meudon" in [h.value for h in at.header]
    meudon = card_titles(at)
    assert meudon != argenteuil
    assert "Testée à Meudon" not in " ".join(c.value for c in at.caption)  # never its own experiments


def test_moving_a_weight_changes_the_ranking_and_is_kept_in_the_url(demo_store):
    at = open_page(PAGE, commune="95018")
    before = card_titles(at)
    for component, value in (("challenge", 0), ("replicability", 0), ("status", 0), ("profile", 5)):
        at.slider(key=f"essaimage_weight_{component}").set_value(value)
    at.run()
    assert_no_exception(at)
    assert card_titles(at) != before
    assert at.query_params["poids"] in ("0,0,0,5,1,2", ["0,0,0,5,1,2"])
    shared = open_page(PAGE, commune="95018", poids="0,0,0,5,1,2")  # the link reopens the same view
    assert card_titles(shared) == card_titles(at)


def test_english_page(demo_store):
    at = open_page(PAGE, commune="95018", lang="en")
    assert_no_exception(at)
    assert "Recommended solutions for Argenteuil" in [h.value for h in at.header]
    assert "(demo data)" in text(at)


def test_public_record_alone_shows_no_demo_marker(record_store):
    at = open_page(PAGE, commune="95018")
    assert_no_exception(at)
    assert not at.warning
    assert "démonstration" not in text(at)
    assert len(card_titles(at)) == 5
    assert any("aucun défi urbain" in i.value for i in at.info)
    assert "Réplicabilité : 0 pts (pas encore évaluée)" in " ".join(c.value for c in at.caption)


def test_staff_declare_challenges_from_the_page(demo_store):
    with write_session(demo_store) as session:
        user = User(username="claire", password_hash="x", role="staff")
        session.add(user)
    at = open_page(PAGE, commune="95018")
    at.session_state["qmi_identity"] = Identity(
        user_id=user.id, username="claire", display_name="Claire", role="staff", commune_insee=None,
        expires_at=datetime.now(UTC) + timedelta(hours=1),
    )
    at.run()
    assert at.expander
    assert "répond au défi « Flux, mobilités et logistique »" not in text(at)
    at.multiselect(key="essaimage_challenges_95018").set_value(["flux-mobilites"])
    at.text_input(key="essaimage_district_95018").set_value("Val-d'Argent")
    at.button(key="essaimage_save_95018").click().run()
    assert_no_exception(at)
    assert at.success
    with Session(demo_store) as session:
        declared = session.exec(select(CommuneChallenge).where(CommuneChallenge.commune_insee == "95018")).all()
        assert [(c.challenge_code, c.is_demo) for c in declared] == [("flux-mobilites", False)]
        assert session.exec(select(AuditLog).where(AuditLog.username == "claire")).all()
    assert "Quartier d'innovation : Val-d'Argent" in html.unescape(text(at))  # drawn escaped
    assert "répond au défi « Flux, mobilités et logistique »" in text(at)  # the cached ranking follows the write


def staff_identity(store):
    """A staff account in ``store``, signed in."""
    with write_session(store) as session:
        user = User(username="claire", password_hash="x", role="staff")
        session.add(user)
    return Identity(user_id=user.id, username="claire", display_name="Claire", role="staff", commune_insee=None,
                    expires_at=datetime.now(UTC) + timedelta(hours=1))


def test_a_write_made_by_another_server_process_shows_without_clearing_this_ones_cache(demo_store):
    from qmi import ui
    from qmi.db import make_engine
    from qmi.services.communes import update_commune

    at = open_page(PAGE, commune="95018")
    assert "Val-d'Argent" not in html.unescape(text(at))
    staff = staff_identity(demo_store)
    other_replica = make_engine(str(demo_store.url))
    update_commune(other_replica, staff, "95018", [], "Val-d'Argent")  # no ui.invalidate() here
    ui._store_versions.clear()  # what its half-second lifetime does
    at.run()
    assert "Quartier d'innovation : Val-d'Argent" in html.unescape(text(at))


def test_a_service_write_through_the_apps_store_shows_on_the_next_run_with_no_page_clearing_caches(demo_store):
    """The write's effects come from the service layer: qmi.db runs the UI's cache listener after the commit."""
    from qmi.db import engine_for
    from qmi.services.communes import update_commune

    at = open_page(PAGE, commune="95018")
    assert "Val-d'Argent" not in html.unescape(text(at))
    staff = staff_identity(demo_store)
    update_commune(engine_for(str(demo_store.url)), staff, "95018", [], "Val-d'Argent")  # the engine the app uses
    at.run()  # within the store version's two-second lifetime: only the listener can have cleared the caches
    assert "Quartier d'innovation : Val-d'Argent" in html.unescape(text(at))
