"""In the browser, every page of the navigation as people meet it: WCAG 2.1 A/AA by axe-core, the document's
language, nothing wider than the screen or cut by its box, no seed file name, no English on a French page.

Each (page, language) is opened once at 1366×768, then the window is resized to 1024×768 and 390×844.
axe-core is installed by ``make system-deps`` (scripts/install_axe.sh); missing, it is a failure.
"""

from __future__ import annotations

import re

import pytest

from qmi.config import ROOT
from qmi.services import users
from tests.e2e.conftest import open_app, wait_until_idle

pytestmark = pytest.mark.e2e

AXE = ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
# Accueil, the default page, is served at "/" (st.navigation gives the default page no path of its own).
PAGES = ("", "carte", "communes", "experimentations", "thematiques", "evenements", "donnees-ouvertes", "replicabilite",
         "indicateurs", "fraicheur", "essaimage", "enseignements", "evaluations", "fiche?experimentation=pelican", "saisie",
         "validation", "a-faire",
         "presentation", "administration", "accessibilite", "mentions-legales", "donnees-personnelles")
SIZES = ((1366, 768), (1024, 768), (390, 844))
SEED_FILE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
# Streamlit's own English texts, which a French page must not show nor give as accessible names.
STREAMLIT_ENGLISH = re.compile(r"\bUpload\b|Browse files|Drag and drop|per file|Press Enter|Choose date|Help for|Selected Date|Selected values|\bRemove\b")
PASSWORD = "quatre saisons au jardin"

AXE_SCRIPT = """async () => {
    const result = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}});
    return result.violations.filter((v) => v.impact === "critical" || v.impact === "serious")
        .map((v) => `${v.id} (${v.impact}): ` + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | "));
}"""

# A text is cut when its own box clips it (overflow hidden or clip, and its text is wider than the box), or
# when it sticks out of the window with no scrolling box around it to bring it back. Elements wholly out of
# sight (a collapsed sidebar, the skip links until focused) are not judged.
OVERFLOW_SCRIPT = """() => {
    const width = window.innerWidth, problems = [];
    if (document.documentElement.scrollWidth > width) problems.push(`page ${document.documentElement.scrollWidth} px wide`);
    const scrolls = (e) => { for (let a = e.parentElement; a; a = a.parentElement) {
        const x = getComputedStyle(a).overflowX; if (x === "auto" || x === "scroll") return true; } return false; };
    for (const e of document.querySelectorAll("body *")) {
        if (e.closest("svg, iframe, #qmi-skip")) continue;
        const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
        if (!own) continue;
        const r = e.getBoundingClientRect();
        if (!r.width || !r.height || r.right <= 0 || r.bottom <= 0 || getComputedStyle(e).visibility === "hidden") continue;
        const style = getComputedStyle(e), label = `${e.tagName.toLowerCase()} « ${e.textContent.trim().slice(0, 40)} »`;
        if (["hidden", "clip"].includes(style.overflowX) && e.scrollWidth > e.clientWidth + 1) problems.push(`${label} cut by its box`);
        else if ((r.right > width + 1 || r.left < -1) && !scrolls(e)) problems.push(`${label} out of the window`);
    }
    return [...new Set(problems)].slice(0, 10);
}"""

# Accessible names and descriptions: labels, placeholders, titles, and the hidden texts aria-describedby points to.
NAMES_SCRIPT = """() => [...document.querySelectorAll("[aria-label], [placeholder], [title]")]
    .flatMap((e) => ["aria-label", "placeholder", "title"].map((a) => e.getAttribute(a)).filter(Boolean))
    .concat([...document.querySelectorAll("[aria-describedby]")].flatMap((e) => e.getAttribute("aria-describedby").split(" "))
        .map((id) => document.getElementById(id)?.textContent || ""))"""


def inject_axe(page) -> None:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make system-deps` (scripts/install_axe.sh)")
    page.evaluate(AXE.read_text(encoding="utf-8"))


# The shell script (qmi/ui/shell.js) mends the navigation's list markup once Streamlit has drawn it; on a
# loaded machine the first run may end after open_app saw a short idle spell. Wait for it (it is a
# failure of its own when it never comes: axe then reports the list markup).
SHELL_APPLIED = """(lang) => document.documentElement.lang === lang
    && document.querySelector('[data-testid="stSidebarNavItems"]')?.getAttribute("role") === "none"
    && !!document.querySelector('[data-testid="stMain"] h1')"""


def wait_for_shell(page, lang: str) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(SHELL_APPLIED, arg=lang, timeout=15_000)
    except PlaywrightTimeout:
        pass  # the checks below say what is wrong
    wait_until_idle(page, 300)


def resize(page, width: int, height: int) -> None:
    """Resize the window and wait until the page has laid itself out again (charts redraw on resize)."""
    page.set_viewport_size({"width": width, "height": height})
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    page.wait_for_timeout(400)
    wait_until_idle(page, 300)


def problems_of(page, lang: str) -> dict[str, list[str]]:
    """Every check's findings on the page as it is drawn now (empty lists when all is well)."""
    text = page.inner_text("body")
    found = {
        "axe": page.evaluate(AXE_SCRIPT),
        "lang": [] if page.evaluate("document.documentElement.lang") == lang
        else [f"<html lang={page.evaluate('document.documentElement.lang')!r}>"],
        "overflow": page.evaluate(OVERFLOW_SCRIPT),
        "file names": sorted(set(SEED_FILE.findall(text))),
    }
    if lang == "fr":
        names = " · ".join(page.evaluate(NAMES_SCRIPT))
        found["English"] = sorted({m.group(0) for m in STREAMLIT_ENGLISH.finditer(text + " · " + names)})
    return found


@pytest.mark.parametrize("path", PAGES, ids=[p or "accueil" for p in PAGES])
def test_every_page_passes_axe_and_fits_every_screen_in_both_languages(app_server, page, path):
    failures = []
    for lang in ("fr", "en"):
        open_app(page, app_server, f"/{path}" + (("&" if "?" in path else "?") + "lang=en" if lang == "en" else ""))
        wait_for_shell(page, lang)
        inject_axe(page)
        for width, height in SIZES:
            resize(page, width, height)
            for check, found in problems_of(page, lang).items():
                if found:
                    failures.append(f"{lang} {width}×{height} {check}: {found}")
        page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
    assert not failures, "\n".join(failures)


def test_the_document_language_follows_the_language_switch(app_server, page):
    open_app(page, app_server, "/")
    assert page.evaluate("document.documentElement.lang") == "fr"
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="Langue").locator("input").click()
    page.keyboard.type("English")
    page.get_by_role("option").filter(has_text="English").first.click()
    wait_until_idle(page)
    assert page.evaluate("document.documentElement.lang") == "en"
    assert "lang=en" in page.url


def active(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName.toLowerCase(), text: e.textContent.trim().slice(0, 80), label: e.getAttribute("aria-label"),
                in_main: !!e.closest('[data-testid="stMain"]'), in_auth: !!e.closest(".st-key-qmi_auth"),
                outline: getComputedStyle(e.closest("[data-baseweb=input]") || e).outlineStyle}; }""")


@pytest.mark.parametrize("size", [(1366, 768), (390, 844)], ids=["projector", "phone"])
def test_the_first_tab_reaches_a_skip_link_to_the_content(app_server, page, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_app(page, app_server, "/communes")
    page.locator("#qmi-skip a").first.wait_for(state="attached")  # the shell's script has run
    page.keyboard.press("Tab")
    assert active(page)["text"] == "Aller au contenu"
    assert page.locator("#qmi-skip a").first.is_visible()  # shown while focused
    assert page.locator('[data-testid="stSkipToContent"]').is_hidden()  # Streamlit's English one is not a second stop
    page.keyboard.press("Enter")
    focused = active(page)
    assert focused["in_main"] and focused["tag"] == "h1"


@pytest.mark.parametrize("size", [(1024, 768), (390, 844)], ids=["tablet", "phone"])
def test_signing_in_takes_at_most_three_tabs_and_keeps_the_focus(app_server, page, e2e_engine, size):
    username = f"agent.tabs.{size[0]}"
    users.add_user(e2e_engine, username, PASSWORD, "agent", "92071", "Agent au clavier")
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_app(page, app_server, "/saisie")
    page.locator("#qmi-skip a").filter(has_text="Aller à la connexion").wait_for(state="attached")  # the shell's script has run
    for _ in range(3):
        page.keyboard.press("Tab")
        if active(page)["text"] == "Aller à la connexion":
            break
    assert active(page)["text"] == "Aller à la connexion", "not reached in 3 Tabs"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.getAttribute('aria-label') === 'Identifiant'")
    assert active(page)["outline"] == "solid"  # a visible focus on the input
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    assert active(page)["label"] == "Mot de passe"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    wait_until_idle(page)
    page.locator('[data-testid="stSidebar"]').get_by_text("Connecté·e").wait_for(state="visible", timeout=20_000)
    page.wait_for_function("document.activeElement !== document.body")
    assert active(page)["in_auth"]


def test_the_entry_page_speaks_french_even_in_streamlit_s_own_widgets(app_server, page, e2e_engine):
    users.add_user(e2e_engine, "agent.francais", PASSWORD, "agent", "92071", "Agent francophone")
    open_app(page, app_server, "/saisie?experimentation=kunagi")
    sidebar = page.locator('[data-testid="stSidebar"]')
    if not sidebar.get_by_label("Identifiant").is_visible():
        sidebar.get_by_text("Connexion", exact=True).click()
    sidebar.get_by_label("Identifiant").fill("agent.francais")
    sidebar.get_by_label("Mot de passe").fill(PASSWORD)  # the form's "Press Enter to submit form" shows now
    assert not STREAMLIT_ENGLISH.search(page.inner_text("body"))
    sidebar.get_by_role("button", name="Se connecter").click()
    wait_until_idle(page)
    sidebar.get_by_text("Connecté·e").wait_for(state="visible", timeout=20_000)  # the rerun may come after idle
    seen = []
    for tab in ("Nouvelle mesure", "Corriger ou retirer", "Importer"):
        page.get_by_role("tab", name=tab).click()
        wait_until_idle(page)
        for field in page.locator('[data-testid="stMain"] input[type="text"]:visible').all()[:3]:
            field.focus()  # instructions show on focus
            seen.append(page.inner_text("body"))
        seen += [page.inner_text("body"), " · ".join(page.evaluate(NAMES_SCRIPT))]
    english = sorted({m.group(0) for text in seen for m in STREAMLIT_ENGLISH.finditer(text)})
    assert english == []
    uploader = page.locator('[data-testid="stFileUploaderDropzoneInstructions"]')
    assert "2 Mo" in uploader.inner_text()  # the limit the import applies (QMI_MAX_UPLOAD_BYTES), not 200 MB
