"""Carte: the 130 communes of the Métropole, the ten QMI communes coloured by edition or by a figure.

Draws offline (Leaflet served by the app, tiles optional). Clicking a programme commune, or one of
the links under the map, opens its portfolio on the Communes page.
"""

from datetime import date

import streamlit as st

from qmi import ui
from qmi.draw import maps
from qmi.files import GEO_SOURCE
from qmi.outputs import links
from qmi.queries import geo
from qmi.ui import freshness as ui_freshness
from qmi.ui import maps as ui_maps

MAP_KEY = "carte_map"
COLOUR_KEY = "carte_couleur"
LINK_GRID_MAX = 30  # beyond this many programme communes, one searchable list instead of a link each
LANG = ui.lang()


def portfolio_params(code: str) -> dict[str, str]:
    return links.params(LANG, commune=code)


def remember_click() -> None:
    """st_folium callback: a click on a programme commune asks for its portfolio on the next run."""
    code = maps.clicked_commune(st.session_state.get(MAP_KEY))
    if code:
        st.session_state["carte_open"] = code


opened = st.session_state.pop("carte_open", None)
if opened:
    st.switch_page("pages/communes.py", query_params=portfolio_params(opened))

st.title(ui.t("map.title"))
st.markdown(ui.t("map.lead"))

if COLOUR_KEY not in st.session_state:
    st.session_state[COLOUR_KEY] = ui.url_choice("couleur", maps.COLOUR_CHOICES, default="edition")
colour_by = st.radio(ui.t("map.colour_by"), maps.COLOUR_CHOICES, horizontal=True, key=COLOUR_KEY,
                     format_func=lambda choice: ui.t(f"map.colour.{choice}"))
with st.container(horizontal=True, vertical_alignment="bottom"):  # the toggle wraps below the date on a phone
    # Freshness is always today's: no « Statuts au » date beside it, which would not apply.
    on = date.today() if colour_by == "freshness" else ui.status_day("map.status_day", "carte_au")
    tiles = st.toggle(ui.t("map.tiles"), value=False, help=ui.t("map.tiles_help"))
ui.url_set(couleur=None if colour_by == "edition" else colour_by)

stats = ui.q(geo.commune_stats, on)
if colour_by == "freshness":
    stats = maps.with_freshness(stats, ui_freshness.by_commune(date.today()))
programme = stats[stats["edition_id"].notna()]
if programme.empty:
    st.info(ui.t("map.no_programme"), icon=":material/info:")
ui.demo_notice(maps.uses_demo(stats, colour_by))

ui_maps.show_map(maps.metropole_map, stats, colour_by, LANG, tiles=tiles, key=MAP_KEY, height=maps.MAP_HEIGHT,
                 returned_objects=["last_active_drawing"], on_change=remember_click)
if colour_by == "deployment":
    st.caption(ui.t("map.deployment_on", day=ui.day(on)))
if colour_by == "freshness":
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(ui.t("map.freshness_on", day=ui.day(date.today())))
        st.page_link("pages/freshness.py", label=ui.t("nav.freshness"), icon=":material/update:")
ui.source_note(ui.t("map.source", geo=GEO_SOURCE))

if not programme.empty:
    st.subheader(ui.t("map.portfolios"))
    ordered = programme.sort_values(["edition_id", "name"])
    labels = {row.insee_code: ui.t("map.portfolio_link", name=row.name, edition=int(row.edition_id))
             for row in ordered.itertuples()}
    if len(labels) > LINK_GRID_MAX:
        picked = st.selectbox(ui.t("map.portfolio_pick"), list(labels), index=None, format_func=labels.get,
                              placeholder=ui.t("map.portfolio_pick_placeholder"))
        shown = [picked] if picked else []
    else:
        shown = list(labels)
    row = st.container(horizontal=True)  # links as wide as their label, wrapping to the next line
    for code in shown:
        row.page_link("pages/communes.py", label=labels[code], icon=":material/account_balance:",
                      query_params=portfolio_params(code))
