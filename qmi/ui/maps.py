"""Folium maps drawn with the streamlit-folium component, prepared once per set of inputs.

``st_folium`` turns a folium map into the component's script, header and HTML on every run
(the 130 communes' contours, tooltips and labels: about a second at the metropolis scale). Here
that text is built once per (builder, arguments) and kept with ``st.cache_data``; a rerun only
sends it again. The arguments are part of the key, data included (the pages pass the
``ui.q`` frames they draw), so a write that changes the data gives a new key and a fresh map:
nothing stale can be served after ``ui.invalidate()``.

The preparation repeats what ``streamlit_folium.st_folium`` 0.27 does for a plain ``folium.Map``
(no feature group, no layer control), with its own helpers; ``tests/unit/test_ui_maps.py``
checks that both send the component the same map.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any

import folium
import folium.elements
import streamlit as st
import streamlit_folium

from qmi import ui


def _resources(element: Any) -> Iterable[folium.elements.JSCSSMixin]:
    """The elements that bring script or style-sheet links (qmi.draw.maps points them at the local copies)."""
    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _resources(child)


def prepare(folium_map: folium.Map) -> dict:
    """The component arguments that describe ``folium_map`` (as ``st_folium`` computes them)."""
    folium_map.get_root().render()
    folium_map.render()
    html = streamlit_folium._get_html(folium_map)  # before _get_map_string, which alters the map
    header = streamlit_folium._get_header(folium_map)
    script = streamlit_folium._get_map_string(folium_map)
    southwest, northeast = folium_map.get_bounds()
    css_links, js_links = [], []
    for element in _resources(folium_map):
        css_links += [href for _, href in getattr(element, "default_css", [])]
        js_links += [src for _, src in getattr(element, "default_js", [])]
    return {
        "script": script, "header": header, "html": html, "id": streamlit_folium.get_full_id(folium_map),
        "bounds": {"_southWest": {"lat": southwest[0], "lng": southwest[1]},
                   "_northEast": {"lat": northeast[0], "lng": northeast[1]}},
        "zoom": folium_map.options.get("zoom"),
        "css_links": list(dict.fromkeys(css_links)), "js_links": list(dict.fromkeys(js_links)),
    }


@st.cache_data(ttl=ui.CACHE_TTL_SECONDS, show_spinner=False, max_entries=64)
def _prepared(module: str, name: str, args: tuple, kwargs: tuple) -> dict:
    builder = getattr(importlib.import_module(module), name)
    return prepare(builder(*args, **dict(kwargs)))


def show_map(
    builder: Callable[..., folium.Map],
    *args: Any,
    key: str,
    height: int,
    returned_objects: list[str],
    on_change: Callable[[], None] | None = None,
    **kwargs: Any,
) -> dict:
    """Draw ``builder(*args, **kwargs)`` (a module-level map builder of ``qmi``) full width; the
    component's value (limited to ``returned_objects``) is returned and kept in
    ``st.session_state[key]``, as ``st_folium`` does."""
    parts = _prepared(module=builder.__module__, name=builder.__name__, args=args, kwargs=tuple(sorted(kwargs.items())))
    hash_key = streamlit_folium.generate_js_hash(parts["script"], key, False)
    defaults = {name: None for name in returned_objects}
    for name in ("bounds", "zoom"):
        if name in defaults:
            defaults[name] = parts[name]

    def changed() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})
        if on_change is not None:
            on_change()

    return streamlit_folium._component_func(
        script=parts["script"], header=parts["header"], html=parts["html"], id=parts["id"], key=hash_key,
        height=height, width=None, returned_objects=returned_objects, default=defaults, zoom=None, center=None,
        feature_group=None, return_on_hover=False, layer_control=None, pixelated=False,
        css_links=parts["css_links"], js_links=parts["js_links"], on_change=changed, wrap_longitude=False,
    )
