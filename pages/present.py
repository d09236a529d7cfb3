"""Présentation: full screen, large type, slides that advance by themselves (pause / previous / next).

For Communauté des Expérimentateurs events on a projector, offline: no remote font, image or
script (the map's Leaflet is served by the app). The slide number and the play state are in the
URL (``diapo=3``, ``lecture=pause``) so that a given slide can be opened directly.

Each slide fits the screen (1366×768 and up) with no scrolling: ``qmi.outputs.slides`` caps what a
slide holds, and ``qmi.ui.styles.SLIDES`` sizes the type to the viewport. Unattended, the show
advances in a fragment that reruns every ``SLIDE_SECONDS``; each run replaces the same elements
and the player in session state, so an hour of play leaves the session as it found it.
"""

import time

import streamlit as st

from qmi import ui
from qmi.draw import maps
from qmi.outputs import links, slides
from qmi.queries import geo
from qmi.ui import exports as ui_exports
from qmi.ui import maps as ui_maps

STATE = "present_player"
TOTAL = "present_total"

ui.apply_slide_style()

deck = ui.shared(slides.build, ui.lang())  # shared, not copied on each run: the page only reads it
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
back, play, forward, _, leave = st.columns([1.2, 1.2, 1.2, 4, 1.2], vertical_alignment="center")
back.button(ui.t("present.previous"), icon=":material/skip_previous:", on_click=act, args=("previous",),
            key="present_previous", width="stretch")
play.button(ui.t("present.pause") if playing else ui.t("present.play"),
            icon=":material/pause:" if playing else ":material/play_arrow:", on_click=act, args=("toggle",),
            key="present_toggle", width="stretch", type="primary",
            help=ui.t("present.playing", seconds=slides.SLIDE_SECONDS) if playing else None)
forward.button(ui.t("present.next"), icon=":material/skip_next:", on_click=act, args=("next",),
               key="present_next", width="stretch")
leave.page_link("pages/home.py", label=ui.t("present.exit"), icon=":material/logout:",
                query_params=links.params(ui.lang()))


def html(markup: str) -> None:
    st.markdown(markup, unsafe_allow_html=True)


def header(slide: slides.Slide, number: int) -> None:
    """Kicker, title and the slide counter (« 3 / 11 ») on one line, then the lead."""
    kicker = f'<div class="qmi-slide-kicker">{ui.escape(slide.lead)}</div>' if slide.kind == "story" else ""
    lead = f'<div class="qmi-slide-lead">{ui.escape(slide.lead)}</div>' if slide.lead and slide.kind != "story" else ""
    counter = ui.t("present.counter", n=number, total=total)
    html(f'<div class="qmi-slide-head"><div>{kicker}<div class="qmi-slide-title">{ui.escape(slide.title)}</div></div>'
         f'<div class="qmi-slide-counter" title="{ui.escape(counter)}">{number} / {total}</div></div>{lead}')


def footer(slide: slides.Slide) -> None:
    """Every document the slide cites, once, by its title."""
    if slide.sources:
        label = ui.t("common.sources" if len(slide.sources) > 1 else "common.source")
        titles = " · ".join(ui.source_label(source, short=True) for source in slide.sources)
        html(f'<div class="qmi-slide-source">{ui.escape(ui.label_value(label, titles))}</div>')


def draw_figures(slide: slides.Slide) -> None:
    cards = []
    for figure in slide.figures:
        # Which document says what, when the slide cites several (their titles are in the footer).
        cited = " · ".join(slides.reference(s) for s in figure.sources) if len(slide.sources) > 1 else ""
        note = " — ".join(p for p in (cited, ui.t("present.disputed") if figure.disputed else "") if p)
        small = f'<div class="qmi-slide-small">{ui.escape(note)}</div>' if note else ""
        cards.append(f'<div class="qmi-slide-card"><div class="qmi-slide-value">{ui.escape(figure.value)}</div>'
                     f'<div class="qmi-slide-label">{ui.escape(figure.label)}</div>{small}</div>')
    html(f'<div class="qmi-slide-grid qmi-slide-figures">{"".join(cards)}</div>')


def draw_map(_: slides.Slide) -> None:
    stats = ui.q(geo.commune_stats)
    ui_maps.show_map(maps.metropole_map, stats, "edition", ui.lang(), height=slides.MAP_HEIGHT, key="present_map",
                     returned_objects=[])


def draw_commune(slide: slides.Slide) -> None:
    cards = []
    for experiment in slide.experiments:
        detail = experiment.detail
        cards.append(
            f'<div class="qmi-slide-card"><div class="qmi-slide-name">{ui.escape(experiment.name)}</div>'
            f'<div class="qmi-slide-label">{ui.escape(detail)}</div><div class="qmi-slide-status">'
            f'{ui.status_badge(experiment.level, experiment.abandoned, experiment.status_is_demo)}</div></div>'
        )
    wide = " qmi-slide-wide" if slides.is_wide(slide.experiments) else ""
    html(f'<div class="qmi-slide-grid qmi-slide-experiments{wide}">{"".join(cards)}</div>')
    if slide.is_demo:
        html(f'<div class="qmi-slide-demo">{ui.escape(ui.t("present.demo", badge=ui.t("common.demo_badge")))}</div>')


def draw_edition(slide: slides.Slide) -> None:
    names = "".join(f'<div class="qmi-slide-commune">{ui.escape(name)}</div>' for name in slide.communes)
    html(f'<div class="qmi-slide-grid qmi-slide-communes">{names}</div>')


def draw_story(slide: slides.Slide) -> None:
    url = ui_exports.public_url("experimentation", slide.slug)
    scan = ui.escape(ui.t("present.scan"))
    html(f'<div class="qmi-slide-grid qmi-slide-story"><div class="qmi-slide-body">{ui.escape(slide.body)}</div>'
         f'<figure class="qmi-slide-qr"><img src="{slides.qr_image(url)}" alt="{scan}">'
         f'<figcaption class="qmi-slide-label">{scan}</figcaption></figure></div>')


DRAW = {"figures": draw_figures, "map": draw_map, "commune": draw_commune, "edition": draw_edition,
        "story": draw_story}


@st.fragment(run_every=slides.SLIDE_SECONDS if playing else None)
def show() -> None:
    player = st.session_state[STATE].tick(total, time.time())
    st.session_state[STATE] = player
    ui.url_set(diapo=player.index + 1, lecture=None if player.playing else "pause")
    slide = deck[player.index]
    header(slide, player.index + 1)
    DRAW[slide.kind](slide)
    footer(slide)


show()
