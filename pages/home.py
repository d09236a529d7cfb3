"""Accueil: the programme in figures, the two editions, the calendar and the six steps."""

import streamlit as st

from qmi import ui
from qmi.domain.values import with_none
from qmi.i18n.sources import cite
from qmi.queries import programme

st.title(ui.t("home.title"))
st.markdown(ui.t("home.lead"))

cards = ui.q(programme.headline_figures)
if not cards:
    ui.empty_state()
    st.stop()

editions = ui.q(programme.editions)
# A figure the documents give beside the one this dashboard counts: both said where the figure stands.
BESIDE = {"projects_selected": int(editions.loc[editions["id"] == 1, "projects"].sum()),
          "indicator_library": ui.q(programme.library_size)}

st.header(ui.t("home.figures"))
for column, card in ui.grid(cards, 4):
    with column, st.container(border=True):
        shown = " / ".join(dict.fromkeys(ui.record(display) for display, _, _ in card.values))
        st.markdown(f'<div class="qmi-figure">{ui.escape(shown)}</div>', unsafe_allow_html=True)
        st.markdown(f'<div class="qmi-figure-label">{ui.escape(ui.record(card.label))}</div>', unsafe_allow_html=True)
        if card.key in BESIDE:
            st.caption(f":material/info: {ui.t(f'home.beside.{card.key}', count=ui.num(BESIDE[card.key], 0))}")
        if card.disputed:
            st.caption(f":material/warning: {ui.t('home.disputed')}")
        for display, source, detail in card.values:
            document = ui.source_label(source, short=True)
            st.caption(f"{display} — " + ui.label_value(document, detail) if card.disputed
                       else ui.label_value(ui.t("common.source"), f"{document} — {detail}"))

st.header(ui.t("home.editions"))
communes = ui.q(programme.programme_communes)
for column, edition in zip(st.columns(len(editions)), editions.itertuples()):
    with column, st.container(border=True):
        st.subheader(f"{ui.t('common.edition', n=edition.id)} ({edition.year_start}–{edition.year_end})")
        st.write(ui.t("home.edition_line", communes=edition.communes, projects=edition.projects) if edition.projects
                 else ui.t("home.edition_unlisted", communes=edition.communes))
        names = communes[communes["edition_id"] == edition.id]["name"]
        st.markdown(" · ".join(f"**{ui.escape(n)}**" for n in names))
        ui.source_note(edition.source)

left, right = st.columns([3, 2])
with left:
    st.header(ui.t("home.calendar"))
    for entry in with_none(ui.q(programme.calendar)).itertuples():
        when = ui.day(entry.starts_on, entry.date_precision)
        if entry.ends_on is not None:
            when = f"{when} → {ui.day(entry.ends_on, entry.date_precision)}"
        st.markdown(f"**{when}** — {ui.escape(ui.record(entry.label))}  \n<small>{ui.escape(ui.label_value(ui.t('common.source'), ui.source_label(entry.source)))}</small>",
                    unsafe_allow_html=True)
with right:
    st.header(ui.t("home.steps"))
    for step in ui.q(programme.steps).itertuples():
        with st.container(border=True):
            st.markdown(f"**{step.position}. {ui.escape(ui.record(step.title))}**")
            st.write(ui.record(step.text))
    ui.source_note(cite("edition1_review"))
