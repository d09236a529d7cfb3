"""Enseignements: every lesson learned across the experiments — what worked, pitfalls, conditions for
success and success stories — with its experiment, commune, evidence and source.

URL parameters: famille, defi, commune, type, q (the filters, so a filtered view can be shared); page
(of the cards, absent on the first).
"""

import math

import streamlit as st

from qmi import ui
from qmi.domain import params
from qmi.i18n.labels import challenge_name, family_name
from qmi.models import LESSON_KINDS
from qmi.queries import lessons as queries
from qmi.ui import lessons as ui_lessons
from qmi.ui.filters import UrlFilters, first_page, turn_page

LANG = ui.lang()
PER_PAGE = 30  # cards drawn per run: a programme of many editions stays quick to draw
FILTER_KEYS = {"famille": "lessons_family", "defi": "lessons_challenge", "commune": "lessons_commune",
               "type": "lessons_kind", "q": "lessons_q"}
filters = UrlFilters(FILTER_KEYS)






st.title(ui.t("lessons.title"))
options = ui.q(queries.options)
if options.total == 0:
    ui.empty_state(ui.t("lessons.empty"))
    st.stop()
st.markdown(ui.t("lessons.lead"))

every, all_m = ui.t("lessons.filter.all"), ui.t("lessons.filter.all_m")
first, second = st.columns(3), st.columns(2)
with first[0]:
    family = filters.select("famille", ui.t("lessons.filter.family"), list(options.families["family_code"]),
                        {c: family_name(c, LANG, n) for c, n in zip(options.families["family_code"], options.families["family"])},
                        every)
with first[1]:
    challenge = filters.select("defi", ui.t("lessons.filter.challenge"), list(options.challenges["challenge_code"]),
                           {c: challenge_name(c, LANG, n)
                            for c, n in zip(options.challenges["challenge_code"], options.challenges["challenge"])}, all_m)
with first[2]:
    commune = filters.select("commune", ui.t("lessons.filter.commune"), list(options.communes["commune_insee"]),
                         dict(zip(options.communes["commune_insee"], options.communes["commune"])), every)
with second[0]:
    kind = filters.select("type", ui.t("lessons.filter.kind"), list(LESSON_KINDS),
                      {k: ui_lessons.kind_label(k) for k in LESSON_KINDS}, all_m)
with second[1]:
    if FILTER_KEYS["q"] not in st.session_state:
        st.session_state[FILTER_KEYS["q"]] = params.search(st.query_params.get("q"))
    search = params.search(st.text_input(ui.t("lessons.filter.search"), key=FILTER_KEYS["q"], max_chars=params.SEARCH_MAX, on_change=first_page,
                                         placeholder=ui.t("lessons.filter.search_placeholder")))
    ui.url_set(q=search or None)

rows = ui.q(queries.lessons, family_code=family, challenge_code=challenge, commune_insee=commune, kind=kind,
            search=search or None, lang=ui.lang())
count_column, clear_column = st.columns([2, 1], vertical_alignment="center")
count_column.markdown(f"**{ui.escape(ui.tn('lessons.count', len(rows)))}**")
clear_column.button(ui.t("lessons.filter.clear"), on_click=filters.clear, icon=":material/close:", key="lessons_clear",
                    disabled=not any([family, challenge, commune, kind, search]))
if rows.empty:
    st.info(ui.t("lessons.no_match"), icon=":material/search:")
    st.stop()
ui.demo_notice(bool(rows["is_demo"].any()))
pages = math.ceil(len(rows) / PER_PAGE)
page = ui.url_choice("page", range(1, pages + 1), 1)
ui.url_set(page=None if page == 1 else page)
for row in rows.iloc[(page - 1) * PER_PAGE:page * PER_PAGE].itertuples():
    ui_lessons.lesson_card(row, with_project=True)
if pages > 1:
    previous, label, following = st.columns(3, vertical_alignment="center")
    previous.button(ui.t("projects.page.previous"), on_click=turn_page, args=(page - 1,), icon=":material/arrow_back:",
                    key="lessons_page_previous", disabled=page <= 1, width="stretch")
    label.markdown(f'<div style="text-align:center"><b>{ui.escape(ui.t("projects.page", page=page, pages=pages))}</b></div>',
                   unsafe_allow_html=True)
    following.button(ui.t("projects.page.next"), on_click=turn_page, args=(page + 1,), icon=":material/arrow_forward:",
                     key="lessons_page_next", disabled=page >= pages, width="stretch")
