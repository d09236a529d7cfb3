"""Présentation: full screen, large type, slides that advance by themselves (pause / previous / next).

For Communauté des Expérimentateurs events on a projector, offline: no remote font, image or
script (the map's Leaflet is served by the app). The slide number and the play state are in the
URL (``diapo=3``, ``lecture=pause``) so that a given slide can be opened directly.
"""

import time

import streamlit as st

from qmi import ui
from qmi.draw import maps
from qmi.outputs import links, qr, slides
from qmi.queries import geo
from qmi.ui import exports as ui_exports
from qmi.ui import maps as ui_maps

STATE = "present_player"
TOTAL = "present_total"

ui.apply_slide_style()

deck = ui.q(slides.build, ui.lang())
if not deck:
    st.title(ui.t("present.title"))
    ui.empty_state(ui.t("present.empty"))
    st.page_link("pages/home.py", label=ui.t("present.exit"), icon=":material/logout:")
    st.stop()

total = len(deck)
if STATE not in st.session_state or st.session_state.get(TOTAL) != total:
    start = ui.url_choice("diapo", range(1, total + 1), default=1) - 1
    st.session_state[STATE] = slides.Player(start, st.query_params.get("lecture") != "pause", time.time())
    st.session_state[TOTAL] = total


def act(action: str) -> None:
    player, now = st.session_state[STATE], time.time()
    st.session_state[STATE] = {
        "previous": lambda: player.previous(total, now),
        "next": lambda: player.next(total, now),
        "toggle": lambda: player.toggle(now),
    }[action]()


playing = st.session_state[STATE].playing
back, play, forward, _, leave = st.columns([1.2, 1.2, 1.2, 5, 1])
back.button(ui.t("present.previous"), icon=":material/skip_previous:", on_click=act, args=("previous",),
            key="present_previous", width="stretch")
play.button(ui.t("present.pause") if playing else ui.t("present.play"),
            icon=":material/pause:" if playing else ":material/play_arrow:", on_click=act, args=("toggle",),
            key="present_toggle", width="stretch", type="primary")
forward.button(ui.t("present.next"), icon=":material/skip_next:", on_click=act, args=("next",),
               key="present_next", width="stretch")
leave.page_link("pages/home.py", label=ui.t("present.exit"), icon=":material/logout:",
                query_params=links.params(ui.lang()))


def sourced(text: str) -> str:
    text = ui.source_label(text, short=True)
    return ui.label_value(ui.t("common.source"), text)


def header(slide: slides.Slide) -> None:
    kicker = f'<p class="qmi-slide-kicker">{ui.escape(slide.lead)}</p>' if slide.kind == "story" else ""
    lead = f'<div class="qmi-slide-lead">{ui.escape(slide.lead)}</div>' if slide.lead and slide.kind != "story" else ""
    st.markdown(f'{kicker}<div class="qmi-slide-title">{ui.escape(slide.title)}</div>{lead}', unsafe_allow_html=True)


def draw_figures(slide: slides.Slide) -> None:
    for column, figure in ui.grid(slide.figures, 4):
        note = f" — {ui.t('present.disputed')}" if figure.disputed else ""
        column.markdown(
            f'<div class="qmi-slide-card"><div class="qmi-slide-value">{ui.escape(figure.value)}</div>'
            f'<div class="qmi-slide-label">{ui.escape(figure.label)}</div>'
            f'<div class="qmi-slide-small">{ui.escape(sourced(", ".join(figure.sources)))}{ui.escape(note)}</div></div>',
            unsafe_allow_html=True,
        )


def draw_map() -> None:
    stats = ui.q(geo.commune_stats)
    ui_maps.show_map(maps.metropole_map, stats, "edition", ui.lang(), height=maps.MAP_HEIGHT, key="present_map",
                     returned_objects=[])


def draw_commune(slide: slides.Slide) -> None:
    ui.demo_notice(slide.is_demo)
    for column, experiment in ui.grid(slide.experiments, 3):
        detail = " · ".join(p for p in (experiment.organisation if experiment.organisation != experiment.name else "",
                                        experiment.family) if p)
        column.markdown(
            f'<div class="qmi-slide-card"><div class="qmi-slide-name">{ui.escape(experiment.name)}</div>'
            f'<div class="qmi-slide-label">{ui.escape(detail)}</div><div style="margin-top:0.5rem">'
            f'{ui.status_badge(experiment.level, experiment.abandoned, experiment.status_is_demo)}</div></div>',
            unsafe_allow_html=True,
        )
    ui.source_note(", ".join(slide.sources))


def draw_edition(slide: slides.Slide) -> None:
    st.markdown(" ".join(f'<div class="qmi-slide-commune">{ui.escape(name)}</div>' for name in slide.communes),
                unsafe_allow_html=True)


def draw_story(slide: slides.Slide) -> None:
    text, code = st.columns([3, 1], gap="large")
    text.markdown(
        f'<div class="qmi-slide-body">{ui.escape(slide.body)}</div>'
        f'<div class="qmi-slide-source">{ui.escape(sourced(slide.source))}</div>',
        unsafe_allow_html=True,
    )
    url = ui_exports.public_url("experimentation", slide.slug)
    code.image(qr.png_bytes(url, scale=12), width="stretch")
    code.markdown(f'<div class="qmi-slide-label">{ui.escape(ui.t("present.scan"))}</div>', unsafe_allow_html=True)


@st.fragment(run_every=slides.SLIDE_SECONDS if playing else None)
def show() -> None:
    player = st.session_state[STATE].tick(total, time.time())
    st.session_state[STATE] = player
    ui.url_set(diapo=player.index + 1, lecture=None if player.playing else "pause")
    slide = deck[player.index]
    header(slide)
    {"figures": draw_figures, "commune": draw_commune, "edition": draw_edition, "story": draw_story}.get(
        slide.kind, lambda _: draw_map())(slide)
    state = ui.t("present.playing", seconds=slides.SLIDE_SECONDS) if player.playing else ui.t("present.paused")
    st.caption(f"{ui.t('present.counter', n=player.index + 1, total=total)} — {state}")


show()
