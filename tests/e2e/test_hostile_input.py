"""Text people type is shown as text everywhere: no script runs, no dialog opens, the text appears literally."""

from __future__ import annotations

import re
import time
from datetime import date

import pytest

from qmi.models import Assessment, Project
from qmi.services import users
from tests.e2e.conftest import exception_texts, loaded_rows, open_app, wait_until_idle
from tests.e2e.test_entry_flow import sign_in, warm_up

pytestmark = pytest.mark.e2e

HOSTILE = "<img src=x onerror=alert(1)>"
NAME = f"Banc {HOSTILE}"
PASSWORD = "mot de passe du programme"


@pytest.fixture
def hostile_rows(e2e_engine) -> str:
    """An experiment whose name, organisation and assessment carry markup, in the app's store."""
    with loaded_rows(e2e_engine, "hostile e2e rows") as session:
        project = Project(slug="essai-hostile", name=NAME, organisation=HOSTILE, commune_insee="92071", edition_id=1,
                          family_code="espace-public", challenge_code=None, description=HOSTILE, deployment_level=2,
                          start_date=date(2024, 1, 1), location_note=HOSTILE, source=HOSTILE)
        session.add(project)
        session.flush()
        session.add(Assessment(project_id=project.id, assessed_on=date(2025, 1, 15), deployment=2, commercial_traction=1,
                               industrialisation=1, operational_ease=2, financial_stability=1, assessor=HOSTILE,
                               comment=HOSTILE))
    users.add_user(e2e_engine, "staff.e2e", PASSWORD, "staff", display_name=HOSTILE)
    return "essai-hostile"


def injected(page) -> int:
    """How many <img src=x> elements exist in the page and all its frames (map iframes included)."""
    return sum(frame.locator('img[src="x"]').count() for frame in page.frames)


OPEN_EVERY_LABEL = """() => {
    if (!window.L) return 0;
    let opened = 0;
    for (const name of Object.keys(window)) {
        const map = window[name];
        if (!(map instanceof window.L.Map)) continue;
        map.eachLayer(layer => {
            if (layer.getTooltip && layer.getTooltip()) { layer.openTooltip(); opened += 1; }
            if (layer.getPopup && layer.getPopup()) { layer.openPopup(); opened += 1; }
        });
    }
    return opened;
}"""


def open_map_labels(page, seconds: float = 20) -> int:
    """Open every tooltip and popup of every Leaflet map on the page (as hovering and clicking would), once the
    maps exist: a map's frame builds it after its files load, and builds it again when it refits its frame."""
    deadline = time.monotonic() + seconds
    while True:
        opened = sum(frame.evaluate(OPEN_EVERY_LABEL) for frame in page.frames if frame != page.main_frame)
        if opened or time.monotonic() > deadline:
            return opened
        page.wait_for_timeout(250)


def test_markup_in_names_comments_and_sources_is_shown_as_plain_text(app_server, page, hostile_rows):
    slug = hostile_rows
    # A comment and a source typed in the form; the write also refreshes every cached view of the app.
    warm_up(page, app_server)
    open_app(page, app_server, f"/saisie?experimentation={slug}")
    sign_in(page, "staff.e2e", PASSWORD)
    form = page.locator(".st-key-measure_form")
    form.get_by_label(re.compile(r"^Valeur \(")).fill("3")
    form.get_by_label("Commentaire").fill(HOSTILE)
    form.get_by_label("Source de la valeur").fill(HOSTILE)
    form.get_by_role("button", name="Enregistrer la mesure").click()
    wait_until_idle(page)
    assert page.get_by_text("Mesure enregistrée").is_visible(), page.inner_text("body")[:2000]
    assert page.get_by_text(f"Connecté·e : {HOSTILE}").count() == 1  # the display name, literally

    for path, literal in [
        ("/carte", False),
        ("/communes?commune=92071", True),
        ("/experimentations?q=Banc", True),  # the list, searched (it shows 24 cards a page)
        (f"/experimentations?experimentation={slug}", True),
        ("/replicabilite", False),
        (f"/replicabilite?experimentation={slug}", False),
    ]:
        open_app(page, app_server, path)
        page.mouse.wheel(0, 1500)  # bring charts and maps into view so they draw
        page.wait_for_load_state("networkidle")  # map iframes finished loading their files
        if path == "/carte":
            assert open_map_labels(page) > 0
            page.wait_for_timeout(500)  # an image that failed to load would have fired its handler by now
        assert not exception_texts(page), path
        assert page.problems.dialogs == [], path
        assert injected(page) == 0, path
        if literal:
            assert page.get_by_text(HOSTILE, exact=False).count() >= 1, path

    open_app(page, app_server, f"/saisie?experimentation={slug}")
    sign_in(page, "staff.e2e", PASSWORD)
    page.get_by_role("tab", name="Corriger ou retirer").click()
    wait_until_idle(page)
    assert not exception_texts(page) and injected(page) == 0 and page.problems.dialogs == []


MARKDOWN = "![x](http://evil.example/p.png)[Connectez-vous](http://evil.example/login) **gras** www.evil.example"
LIVE_LINKS = """() => [...document.querySelectorAll('a[href*="evil.example"], img[src*="evil.example"]')].length"""


# What made each live element, for the failure message.
DEBUG = """() => [...document.querySelectorAll('a[href*="evil.example"], img[src*="evil.example"]')].map(e => e.closest('[data-testid]') ? e.closest('[data-testid]').getAttribute('data-testid') + ': ' + e.closest('[data-testid]').innerText.slice(0,200) : e.outerHTML)"""


def markdown_live(page) -> int:
    """Links and images that a Markdown payload would have made live, in the page and its frames."""
    return sum(frame.evaluate(LIVE_LINKS) for frame in page.frames)


@pytest.fixture
def markdown_rows(e2e_engine) -> str:
    """Markdown in every stored text the issue names: district and its source, a protocol note, an assessor,
    a display name, and an experiment's name."""
    from qmi.models import Commune, ProtocolIndicator

    with loaded_rows(e2e_engine, "markdown e2e rows") as session:
        commune = session.get(Commune, "92048")  # Meudon
        commune.innovation_district, commune.district_source = MARKDOWN, MARKDOWN
        project = Project(slug="essai-markdown", name=f"Banc {MARKDOWN}", organisation=MARKDOWN, commune_insee="92048",
                          edition_id=1, family_code="espace-public", challenge_code=None, description=MARKDOWN,
                          deployment_level=1, start_date=date(2024, 1, 1), location_note=MARKDOWN, source="test")
        session.add(project)
        session.flush()
        session.add(ProtocolIndicator(project_id=project.id, indicator_code="SOC-USERS", baseline=10, target=20,
                                      note=MARKDOWN))
        session.add(Assessment(project_id=project.id, assessed_on=date(2025, 2, 1), deployment=1, commercial_traction=1,
                               industrialisation=1, operational_ease=1, financial_stability=1, assessor=MARKDOWN))
    users.add_user(e2e_engine, "staff.markdown", PASSWORD, "staff", display_name=MARKDOWN)
    return "essai-markdown"


def test_markdown_in_stored_texts_and_url_parameters_is_shown_as_typed(app_server, page, markdown_rows):
    slug = markdown_rows
    warm_up(page, app_server)
    open_app(page, app_server, f"/saisie?experimentation={slug}")
    sign_in(page, "staff.markdown", PASSWORD)
    assert markdown_live(page) == 0, [f.evaluate(DEBUG) for f in page.frames]
    assert page.get_by_text("**gras**", exact=False).count() >= 1  # the display name, as typed
    reflected = "![x](http://evil.example/p.png)[Connectez-vous](http://evil.example/login)"
    shown = "[Connectez-vous](http://evil.example/login)"
    for path, text in [
        ("/communes?commune=92048", shown),
        ("/essaimage?commune=92048", shown),
        (f"/experimentations?experimentation={slug}", shown),
        (f"/indicateurs?vue=protocoles&experimentation={slug}", shown),
        (f"/indicateurs?indicateur={reflected}", shown),
        (f"/communes?commune={reflected}", "![x](http://evil"),  # an INSEE code is cut at 20 characters
    ]:
        open_app(page, app_server, path)
        page.mouse.wheel(0, 2000)
        page.wait_for_load_state("networkidle")
        assert not exception_texts(page), path
        assert markdown_live(page) == 0, (path, [f.evaluate(DEBUG) for f in page.frames])
        assert page.get_by_text(text, exact=False).count() >= 1, path
