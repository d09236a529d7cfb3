"""Every page opened by its URL in a fresh Chromium with no Internet: it draws, without errors."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from qmi.config import ROOT
from qmi.i18n import t
from tests.e2e.conftest import exception_texts, open_app, wait_until_idle

pytestmark = pytest.mark.e2e

# (page file, navigation label key, url path) as app.py lists them.
APP = (ROOT / "app.py").read_text(encoding="utf-8")
PAGES = re.findall(r'page\("(pages/[\w/]+\.py)",\s*"([\w.]+)",\s*"([\w-]+)"', APP)
# Pages out of the menu for a visitor (``shown=`` depends on who is signed in): their link still opens them.
OUT_OF_MENU = set(re.findall(r'page\("[\w/]+\.py",\s*"[\w.]+",\s*"([\w-]+)"[^)]*shown=', APP))
DEFAULT_URL = re.search(r'"([\w-]+)",\s*"[^"]*",\s*default=True', (ROOT / "app.py").read_text(encoding="utf-8"))[1]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
COMMUNES = 130


def test_app_lists_its_pages():
    assert len(PAGES) >= 12 and ("pages/map.py", "nav.map", "carte") in PAGES


# The default page lives at the root ("/", tested below): Streamlit does not route its url_path.
@pytest.mark.parametrize(("path", "label_key"), [(f"/{url}", key) for _, key, url in PAGES if url != DEFAULT_URL])
def test_page_opens_directly_offline(app_server, page, path, label_key):
    open_app(page, app_server, path)
    assert not exception_texts(page)
    # The page asked for, not a fallback: the URL stays and the navigation marks that page.
    assert page.url.split("?")[0] == app_server + path
    current = page.locator('[data-testid="stSidebarNavLink"][aria-current="page"]')
    if path.lstrip("/") in OUT_OF_MENU:  # not in a visitor's menu: the page itself says what it is
        assert current.count() == 0 and t(label_key, "fr") in page.locator("h1").first.inner_text()
    else:
        assert current.count() == 1 and t(label_key, "fr") in current.inner_text()
    assert not page.get_by_text("Page not found").is_visible()
    assert not page.problems.blocked_requests, f"the page asked the Internet for {page.problems.blocked_requests}"


def test_first_visitor_after_start_gets_the_page_asked_for(fresh_app_server, page):
    """A link opened first thing after the app starts (QR code on a projector) shows that page.

    Streamlit decides at start whether the app uses the old ``pages/`` folder convention: if a
    folder of that name sits beside app.py, the first session runs with that folder's page list,
    in which /carte does not exist ("Page not found", then the main page). ``python -m qmi.serve``
    (what ``make run`` and these tests start) tells Streamlit up front that app.py navigates.
    """
    open_app(page, fresh_app_server, "/carte")
    assert not page.get_by_text("Page not found").is_visible()
    assert not [m for m in page.problems.console_errors if "does not seem to exist" in m]
    assert t("nav.map", "fr") in page.locator('[data-testid="stSidebarNavLink"][aria-current="page"]').inner_text()
    page.frame_locator(MAP_FRAME).locator(".leaflet-container").wait_for()


def test_root_opens_the_home_page(app_server, page):
    open_app(page, app_server, "/")
    assert not exception_texts(page)
    assert t("nav.home", "fr") in page.locator('[data-testid="stSidebarNavLink"][aria-current="page"]').inner_text()
    assert not page.get_by_text("Page not found").is_visible()


def test_map_draws_the_communes_without_internet(app_server, page):
    open_app(page, app_server, "/carte")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".leaflet-container").wait_for()
    shapes = frame.locator("path.leaflet-interactive")
    shapes.nth(COMMUNES - 1).wait_for(state="attached")
    assert shapes.count() == COMMUNES
    # Which names show is settled once the map has fitted the Métropole (overlapping ones are hidden): waited
    # for, as a person looking would, not read at the instant the shapes are attached.
    expect(frame.locator(".qmi-label", has_text="Aulnay-sous-Bois")).to_be_visible()
    assert "Communes QMI par édition" in frame.locator(".qmi-legend").inner_text()
    assert not page.problems.blocked_requests and not page.problems.console_errors


def test_map_colouring_comes_from_the_link_in_english(app_server, page):
    open_app(page, app_server, "/carte?couleur=deployment&lang=en")
    legend = page.frame_locator(MAP_FRAME).locator(".qmi-legend")
    legend.wait_for()
    assert "Share of experiments deployed" in legend.inner_text()
    assert "couleur=deployment" in page.url


def test_clicking_a_programme_commune_opens_its_portfolio(app_server, page):
    open_app(page, app_server, "/carte")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".leaflet-container").wait_for()
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    label = frame.locator(".qmi-label", has_text="Noisy-le-Grand")
    box, previous = label.bounding_box(), None
    for _ in range(25):  # the map refits its frame and moves its names once drawn: click where they settle
        if box == previous:
            break
        page.wait_for_timeout(400)
        box, previous = label.bounding_box(), box
    # Labels and tooltips let clicks through: the click lands on the commune's shape under the name.
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(r"commune=93051"))
    # The portfolio replaces the map. (Streamlit 1.67 keeps /carte as the path after st.switch_page
    # from a component callback run, so the path and the sidebar are not asserted here.)
    expect(page.locator("h1").first).not_to_have_text(t("map.title", "fr"), timeout=60_000)
    wait_until_idle(page)
    assert not exception_texts(page)
    assert "Noisy-le-Grand" in page.locator('[data-testid="stMain"]').inner_text()


def test_replicability_page_draws_its_radar(app_server, page):
    open_app(page, app_server, "/replicabilite")
    radar = page.locator(".js-plotly-plot .polarlayer .scatterlayer .trace")
    radar.first.wait_for(state="attached")
    assert not exception_texts(page)
