"""Every slide of the presentation fits the projector: at 1366×768 and 1920×1080, in French and English,
nothing is below the bottom of the screen (the page never scrolls) and no text is under 24 px at 1366.

One page per language, paused, moved on with « Suivant » and resized, not reloaded, for each slide.
The map's own labels are inside the component's frame and are not measured here.
"""

from __future__ import annotations

import pytest

from qmi.i18n import t
from qmi.outputs import slides
from tests.e2e.conftest import exception_texts, open_app, wait_until_idle

pytestmark = pytest.mark.e2e

SIZES = ((1366, 768), (1920, 1080))
SMALLEST_TEXT_PX = 24  # at 1366 px wide

# What a person sees: elements drawn (not display:none, not hidden, not the skip links, off screen until focused).
MEASURE = """() => {
    const shown = (el) => {
        const r = el.getBoundingClientRect(), s = getComputedStyle(el);
        return r.width > 1 && r.height > 1 && s.visibility !== "hidden" && s.opacity !== "0" && !el.closest("#qmi-skip");
    };
    const below = [], small = [];
    for (const el of document.querySelectorAll("body *")) {
        if (shown(el) && el.getBoundingClientRect().bottom > innerHeight + 0.5) {
            below.push(`${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().bottom)}`);
        }
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const text = walker.currentNode.textContent.trim(), el = walker.currentNode.parentElement;
        if (text && shown(el)) {
            const size = parseFloat(getComputedStyle(el).fontSize);
            small.push([text.slice(0, 40), size]);
        }
    }
    const main = document.querySelector('[data-testid="stMain"]');
    return {page: document.scrollingElement.scrollHeight - innerHeight,
            main: main.scrollHeight - main.clientHeight, below: below.slice(0, 5), texts: small};
}"""


def _measured(page, slide: slides.Slide) -> list[str]:
    """What is wrong with the slide on screen, at each size."""
    problems = []
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        if slide.kind == "map":
            page.wait_for_function(f"() => document.querySelector('iframe')?.getBoundingClientRect().height >= "
                                   f"{slides.MAP_HEIGHT - 1}")
        page.wait_for_timeout(150)  # layout after the resize
        found = page.evaluate(MEASURE)
        where = f"{slide.key} at {width}×{height}"
        if found["page"] > 0 or found["main"] > 0:
            problems.append(f"{where} scrolls by {max(found['page'], found['main'])} px")
        problems += [f"{where}: below the screen {element}" for element in found["below"]]
        if width == 1366:
            problems += [f"{where}: « {text} » at {size} px" for text, size in found["texts"]
                         if size < SMALLEST_TEXT_PX]
    return problems


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_slide_fits_the_screen_in_big_type(app_server, page, e2e_engine, lang):
    deck = slides.build(e2e_engine, lang)
    page.set_viewport_size({"width": 1366, "height": 768})
    open_app(page, app_server, f"/presentation?lecture=pause&lang={lang}")
    problems = []
    for number, slide in enumerate(deck, 1):
        counter = page.locator(".qmi-slide-counter")
        assert counter.inner_text() == f"{number} / {len(deck)}"
        assert page.locator(".qmi-slide-title").inner_text() == slide.title
        problems += _measured(page, slide)
        page.set_viewport_size({"width": 1366, "height": 768})
        page.get_by_role("button", name=t("present.next", lang)).click()
        wait_until_idle(page)
    assert not exception_texts(page)
    assert not problems, "\n".join(problems)
    assert page.locator(".qmi-slide-counter").inner_text() == f"1 / {len(deck)}"  # round the whole deck
