"""The map at the projector's, the tablet's and the phone's size: the Métropole fills it, the legend
covers no commune, no name is cut at the edge or written over another or under the legend."""

from __future__ import annotations

import pytest

from qmi.draw.maps import metropole_bounds
from tests.e2e.conftest import open_app

pytestmark = pytest.mark.e2e

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
SIZES = [(1366, 768), (1024, 768), (390, 844)]

MEASURE = """(body, bounds) => {
    const map = Object.values(window).find(v => v instanceof L.Map);
    const frame = map.getContainer().getBoundingClientRect();
    const box = L.latLngBounds(bounds);
    const sw = map.latLngToContainerPoint(box.getSouthWest()), ne = map.latLngToContainerPoint(box.getNorthEast());
    const rect = (r) => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
    return {
        frame: rect(frame),
        metropole: {left: sw.x + frame.left, top: ne.y + frame.top, right: ne.x + frame.left, bottom: sw.y + frame.top},
        legend: rect(document.querySelector(".qmi-legend").getBoundingClientRect()),
        names: [...document.querySelectorAll(".qmi-label")].filter(n => getComputedStyle(n).visibility === "visible")
                                                       .map(n => Object.assign({text: n.innerText}, rect(n.getBoundingClientRect()))),
    };
}"""


def _apart(a: dict, b: dict) -> bool:
    return a["right"] <= b["left"] or a["left"] >= b["right"] or a["bottom"] <= b["top"] or a["top"] >= b["bottom"]


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_map_fits_the_metropole_and_keeps_its_names_readable(app_server, page, width, height):
    page.set_viewport_size({"width": width, "height": height})
    open_app(page, app_server, "/carte")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".qmi-label").first.wait_for()
    page.wait_for_timeout(500)  # the fit and the names follow the frame's final size
    seen = frame.locator("body").evaluate(MEASURE, metropole_bounds())
    box, metropole, legend = seen["frame"], seen["metropole"], seen["legend"]
    # The whole Métropole is inside and fills the width or the height left by the legend (not small, to one side).
    assert box["left"] <= metropole["left"] and metropole["right"] <= box["right"]
    assert box["top"] <= metropole["top"] and metropole["bottom"] <= box["bottom"]
    width, tall = metropole["right"] - metropole["left"], metropole["bottom"] - metropole["top"]
    free_width, free_height = box["right"] - box["left"], box["bottom"] - box["top"]
    legend_width, legend_height = legend["right"] - legend["left"], legend["bottom"] - legend["top"]
    beside = max(width / (free_width - legend_width), tall / free_height)  # the legend as a column
    below = max(width / free_width, tall / (free_height - legend_height))  # or as a band
    filled = max(beside, below)
    assert filled > 0.85, seen
    assert _apart(legend, metropole), "the legend covers communes"
    names = seen["names"]
    assert len(names) >= 8, [n["text"] for n in names]  # most programme communes named; the others in tooltips
    for name in names:
        assert box["left"] <= name["left"] and name["right"] <= box["right"], f"{name['text']} cut at the edge"
        assert _apart(name, legend), f"{name['text']} under the legend"
        assert all(_apart(name, other) for other in names if other is not name), f"{name['text']} over another name"

