"""The map prepared once and sent again: the same map st_folium would send, and fresh after the data changes."""

from __future__ import annotations

import re

import pytest
import streamlit_folium

from qmi.draw import maps
from qmi.queries.geo import commune_stats
from qmi.ui import maps as ui_maps


def text(arguments: dict) -> str:
    """The map's script with the JSON \\uXXXX escapes read back (names sit in JSON strings)."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), arguments["script"])


@pytest.fixture
def sent(monkeypatch):
    """What the streamlit-folium component receives, call by call (the callback left out)."""
    calls = []
    monkeypatch.setattr(streamlit_folium, "_component_func",
                        lambda **arguments: calls.append({k: v for k, v in arguments.items() if k != "on_change"}))
    ui_maps._prepared.clear()
    return calls


def test_the_prepared_map_is_the_one_st_folium_sends(engine, sent):
    stats = commune_stats(engine)
    streamlit_folium.st_folium(maps.metropole_map(stats, "replicability", "en"), key="carte_map", height=640,
                               use_container_width=True, returned_objects=["last_active_drawing"])
    ui_maps.show_map(maps.metropole_map, stats, "replicability", "en", key="carte_map", height=640,
                     returned_objects=["last_active_drawing"])
    by_st_folium, by_ui_maps = sent
    assert by_ui_maps == by_st_folium
    assert "Montreuil" in text(by_ui_maps) and by_ui_maps["js_links"] == [maps.LEAFLET_JS, maps.JQUERY_JS]


def test_a_rerun_sends_the_same_map_and_changed_data_a_new_one(engine, sent):
    stats = commune_stats(engine)
    for _ in range(2):
        ui_maps.show_map(maps.metropole_map, stats, "projects", "fr", key="carte_map", height=640, returned_objects=[])
    assert sent[0] == sent[1]
    renamed = stats.assign(name=stats["name"].replace("Montreuil", "Montreuil <b>renommée</b>"))
    ui_maps.show_map(maps.metropole_map, renamed, "projects", "fr", key="carte_map", height=640, returned_objects=[])
    assert "Montreuil &lt;b&gt;renommée&lt;/b&gt;" in text(sent[2]) and "Montreuil <b>" not in text(sent[2])
    assert sent[2]["key"] != sent[0]["key"]
