"""In the browser: an agent signs in, enters a measurement; it waits for review (absent from the public
page), a validator of the commune returns it with a reason on « Validation des valeurs », the agent reads the
reason and corrects it, the validator approves the new version, and it is on the experiment's page."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from qmi.models import Indicator, Measurement, Project
from qmi.services import users
from tests.e2e.conftest import exception_texts, open_app, wait_until_idle

pytestmark = pytest.mark.e2e

PASSWORD = "mot de passe de terrain"
# Indicators of the library whose bounds accept 987, in the order tried.
CANDIDATES = ("SOC-USERS", "SOC-JOBS", "ENV-WASTE", "ENV-DESEAL", "MOB-CARGO-KM", "ENV-ENERGY")


def warm_up(page, base: str) -> None:
    """Open the home page first: on a server's very first session Streamlit does not know the page
    list yet and answers a deep link with « Page not found » (then the home page)."""
    open_app(page, base, "/")


def sign_in(page, username: str, password: str) -> None:
    """Use the sidebar box as a person would, and wait for the signed-in card.

    On a loaded machine a click on « Se connecter » sent while Streamlit is still settling can be
    dropped by the browser (the form is redrawn under it); a person then clicks again, and so does
    this helper, once, when neither the card nor an error came. A refused sign-in fails at once
    with the message the sidebar shows.
    """
    sidebar = page.locator('[data-testid="stSidebar"]')
    card, refusal = sidebar.get_by_text("Connecté·e"), sidebar.locator('.st-key-qmi_auth [data-testid="stAlert"]')
    for _click in range(2):
        if not sidebar.get_by_label("Identifiant").is_visible():
            sidebar.get_by_text("Connexion", exact=True).click()
        sidebar.get_by_label("Identifiant").fill(username)
        sidebar.get_by_label("Mot de passe").fill(password)
        sidebar.get_by_role("button", name="Se connecter").click()
        wait_until_idle(page)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if card.is_visible():
                return
            if refusal.count():
                raise AssertionError(f"sign-in of {username} refused: {refusal.first.inner_text()}")
            page.wait_for_timeout(200)
    raise AssertionError(f"no signed-in card for {username} after two clicks; the sidebar reads: "
                         f"{sidebar.inner_text()!r}")


def choose(page, label: str, option: str) -> None:
    """Pick in a selectbox by typing the start of the option, as on a tablet keyboard."""
    page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first.locator("input").click()
    page.keyboard.type(option)
    page.get_by_role("option").filter(has_text=option).first.click()
    wait_until_idle(page)


def test_agent_enters_a_measurement_and_sees_it_on_the_dashboard(app_server, page, e2e_engine):
    users.add_user(e2e_engine, "agent.sceaux.e2e", PASSWORD, "agent", "92071", "Agent de Sceaux")
    with Session(e2e_engine) as session:
        kunagi = session.exec(select(Project).where(Project.slug == "kunagi")).one()
        followed = set(session.exec(select(Measurement.indicator_code).where(Measurement.project_id == kunagi.id)).all())
    code = next(c for c in CANDIDATES if c not in followed)
    with Session(e2e_engine) as session:
        indicator = session.get(Indicator, code)

    warm_up(page, app_server)
    open_app(page, app_server, "/saisie?experimentation=kunagi")
    assert page.get_by_text("Connectez-vous").first.is_visible()
    sign_in(page, "agent.sceaux.e2e", PASSWORD)
    page.get_by_text("Seulement les indicateurs du protocole").click()  # the whole library, this one included
    wait_until_idle(page)
    choose(page, "Indicateur", indicator.name)
    form = page.locator(".st-key-measure_form")
    form.get_by_label(f"Valeur ({indicator.unit})").fill("987")
    form.get_by_label("Source de la valeur").fill("relevé e2e")
    form.get_by_role("button", name="Enregistrer la mesure").click()
    wait_until_idle(page)
    assert not exception_texts(page)
    assert page.get_by_text("Mesure enregistrée").is_visible()
    # A double click would not write twice: click again with the same values.
    form.get_by_role("button", name="Enregistrer la mesure").click()
    wait_until_idle(page)
    with Session(e2e_engine) as session:
        rows = session.exec(select(Measurement).where(Measurement.project_id == kunagi.id,
                                                      Measurement.indicator_code == code)).all()
    assert [(r.value, r.entered_by, r.state, r.review_state) for r in rows] == [
        (987, "Agent de Sceaux", "active", "a_valider")]

    # Waiting for review: not on the public page.
    open_app(page, app_server, "/experimentations?experimentation=kunagi")
    assert not exception_texts(page)
    expect(page.get_by_text(f"{indicator.name} ({indicator.unit})")).to_have_count(0)

    # A validator of Sceaux approves it on « Validation des valeurs ».
    users.add_user(e2e_engine, "valid.sceaux.e2e", PASSWORD, "viewer", "92071", "Validatrice de Sceaux")
    users.set_validator(e2e_engine, "valid.sceaux.e2e", True)
    open_app(page, app_server, "/validation")  # a new session: signed out
    sign_in(page, "valid.sceaux.e2e", PASSWORD)
    assert not exception_texts(page)
    choose(page, "Valeur à examiner", indicator.name)
    page.get_by_label("Motif du renvoi").fill("Le relevé de mars compte les visiteurs deux fois.")
    page.get_by_role("button", name="Renvoyer à l'auteur·rice").click()
    wait_until_idle(page)
    assert page.get_by_text("Valeur renvoyée à son auteur·rice").is_visible()

    # The agent reads why on Saisie and fixes it: a new version, still waiting for review.
    open_app(page, app_server, "/saisie?experimentation=kunagi")
    sign_in(page, "agent.sceaux.e2e", PASSWORD)
    page.get_by_role("tab", name="Corriger ou retirer").click()
    returned = page.locator(".st-key-returned_values")
    expect(returned).to_contain_text("compte les visiteurs deux fois")
    expect(returned).to_contain_text("Validatrice de Sceaux")
    choose(page, "Mesure à corriger ou retirer", indicator.name)
    correct = page.locator(".st-key-correct_form")
    correct.get_by_label(f"Valeur ({indicator.unit})").fill("493")
    correct.get_by_role("button", name="Enregistrer la correction").click()
    wait_until_idle(page)
    assert not exception_texts(page)
    assert page.get_by_text("elle attend sa validation par une seconde personne").is_visible()
    with Session(e2e_engine) as session:
        rows = session.exec(select(Measurement).where(Measurement.project_id == kunagi.id, Measurement.indicator_code == code)
                            .order_by(Measurement.id)).all()
    assert [(r.value, r.state, r.review_state) for r in rows] == [(987, "superseded", "renvoyee"),
                                                                  (493, "active", "a_valider")]

    open_app(page, app_server, "/validation")
    sign_in(page, "valid.sceaux.e2e", PASSWORD)
    choose(page, "Valeur à examiner", indicator.name)
    page.get_by_role("button", name="Approuver").click()
    wait_until_idle(page)
    assert page.get_by_text("Valeur approuvée").is_visible()

    open_app(page, app_server, "/experimentations?experimentation=kunagi")
    assert not exception_texts(page)
    heading = page.get_by_text(f"{indicator.name} ({indicator.unit})").first
    heading.scroll_into_view_if_needed()
    assert heading.is_visible()
    page.mouse.wheel(0, 400)  # charts draw when they come into view
    point = page.locator(".js-plotly-plot .textpoint text", has_text="493").first
    point.scroll_into_view_if_needed(timeout=30_000)
    expect(point).to_have_text("493")
