"""Expérimentations: a filterable catalogue, and the record of one experiment (?experimentation=<slug>).

URL parameters: commune, edition, famille, defi, statut, q (catalogue filters), page (of the cards);
experimentation (record).
"""

import math
import re

import pandas as pd
import streamlit as st

from qmi import palette, ui
from qmi.domain import params
from qmi.domain.rights import may_assess
from qmi.domain.scoring import (
    INDEX_MAX,
    deployment_label,
    score_text,
)
from qmi.domain.values import with_none
from qmi.draw import charts
from qmi.i18n.formatting import per_row
from qmi.i18n.labels import challenge_name, edition_name, family_name
from qmi.i18n.sources import cite
from qmi.outputs import links
from qmi.queries import catalogue as catalogue_queries
from qmi.queries import measurements
from qmi.queries import projects as queries
from qmi.ui import assessments as ui_assessments
from qmi.ui import assessor_panels
from qmi.ui import auth as ui_auth
from qmi.ui import changes as ui_changes
from qmi.ui import exports as ui_exports
from qmi.ui import indicator_panels as ui_indicators
from qmi.ui import lessons as ui_lessons
from qmi.ui import review as ui_review
from qmi.ui import tables as ui_tables
from qmi.ui import transfers as ui_transfers
from qmi.ui.filters import UrlFilters, first_page, turn_page

LANG = ui.lang()
FILTER_KEYS = {"commune": "projects_commune", "edition": "projects_edition", "famille": "projects_family",
               "defi": "projects_challenge", "statut": "projects_status", "q": "projects_q"}
filters = UrlFilters(FILTER_KEYS)
VIEW_KEY = "projects_view"
VIEWS = {"fiches": "projects.view.cards", "tableau": "projects.view.table"}  # URL value: label key
PER_PAGE = 24  # cards drawn per run: a full catalogue (hundreds of experiments) stays quick to draw and send


def proposed_marker(row) -> str:
    """HTML: the challenge name, with the « Classement proposé » marker when it is not from the record."""
    if row.challenge_code is None:
        return ui.escape(ui.t("projects.no_challenge"))
    name = ui.escape(challenge_name(row.challenge_code, LANG, row.challenge))
    dot = f'<span style="color:{palette.challenge_color(row.challenge_code)}">●</span>'
    if row.challenge_status == "proposed":
        return f'{dot} {name} <span class="qmi-proposed">{ui.escape(ui.t("common.proposed_badge"))}</span>'
    return f"{dot} {name}"


def family_label(code, stored) -> str:
    return ui.t("projects.no_family") if code is None else family_name(code, LANG, stored)


def index_text(value) -> str:
    return ui.t("projects.not_assessed") if value is None else ui.t("projects.index_value", value=ui.num(value, 2))


def status_text(level, abandoned) -> str:
    level = None if level is None else int(level)
    label = deployment_label(level, bool(abandoned), LANG)
    return label if level is None or abandoned else f"{level} · {label}"


# --- the record of one experiment ------------------------------------------------------------

def edition_color(project) -> str:
    return palette.EDITION_COLORS.get(int(project.edition_id), palette.TEXT)


def record_header(project, slug: str, qr: bool) -> None:
    """Name, organisation, commune link, QR code (when ``qr``), edition and family."""
    st.title(ui.literal(project["name"]))
    if project.is_demo:  # an illustrative experiment (the demo transfer's): nothing about it is real
        st.markdown(ui.demo_badge(), unsafe_allow_html=True)
    st.markdown(f"**{ui.escape(ui.t('projects.organisation') + ui.colon().rstrip())}** {ui.literal(project.organisation)}")
    st.page_link("pages/communes.py", label=ui.md("projects.commune_link", name=project.commune), icon=":material/account_balance:",
                 query_params={"commune": project.commune_insee})
    if qr:
        ui_exports.qr_block("experimentation", slug)
        st.page_link("pages/sheet.py", label=ui.t("nav.sheet"), icon=":material/description:",
                     query_params={"experimentation": slug})
    ui_exports.api_link("experimentation", slug)
    st.markdown(ui.escape(ui.t("projects.edition_family", edition=edition_name(project.edition_id, LANG),
                                family=family_label(project.family_code, project.family))))


def record_description(project) -> None:
    st.subheader(ui.t("projects.description"))
    # The record's descriptions are quoted in French; the demo set's own text has its English.
    st.markdown(ui.literal(ui.record(project.description) if project.is_demo else project.description))
    if project.type_tags:
        st.markdown(f"**{ui.escape(ui.t('projects.tags'))}**{ui.colon()}{ui.literal(project.type_tags)}")
    if project.location_note:
        st.info(ui.label_value(ui.t("projects.location"), ui.literal(ui.source_label(project.location_note, short=True))),
                icon=":material/location_on:")


def record_status(project) -> None:
    """Deployment status, urban challenge and start date, each with where it comes from."""
    st.subheader(ui.t("projects.status"))
    st.markdown(ui.status_badge(project.deployment_level, bool(project.abandoned), bool(project.status_is_demo)),
                unsafe_allow_html=True)
    if project.status_source and not project.status_is_demo:
        st.caption(ui.t("projects.status_source", source=ui.literal(ui.source_label(project.status_source, short=True))))
    elif project.deployment_level is None:
        st.caption(ui.t("projects.status_unknown_note"))
    st.subheader(ui.t("projects.challenge"))
    st.markdown(proposed_marker(project), unsafe_allow_html=True)
    if project.challenge_status == "proposed" and project.challenge_code is not None:
        st.caption(ui.t("projects.challenge_proposed_note"))
    elif project.challenge_source:
        st.caption(ui.t("projects.challenge_source", source=ui.literal(ui.source_label(project.challenge_source, short=True))))
    if project.start_date is not None and project.end_date is not None:
        st.caption(ui.t("projects.period", start=ui.day(project.start_date), end=ui.day(project.end_date)))
    elif project.start_date is not None:
        st.caption(ui.t("projects.started", date=ui.day(project.start_date)))


def record_sources(project) -> None:
    sources = (project.source, project.challenge_source, None if project.status_is_demo else project.status_source)
    st.caption(ui.label_value(ui.t("projects.sources"), ui.literal(ui.source_list(s for s in sources if isinstance(s, str)))))


def latest_assessment(project, latest, view: ui_assessments.AssessmentView) -> None:
    """The radar of the latest assessment beside its index and its level on each criterion."""
    figure_left, figure_right = st.columns([3, 2], gap="large")
    with figure_left:
        radar_figure = ui.figure(charts.radar, [charts.RadarSeries(project["name"], view.scores, edition_color(project))],
                                 lang=LANG)
        ui_exports.chart(radar_figure, f"{project['name']} — {ui.t('projects.radar')}",
                         source=cite("edition1_review"), demo=bool(latest.is_demo))
    with figure_right:
        badge = " " + ui.demo_badge() if latest.is_demo else ""
        st.markdown(f'<div class="qmi-figure">{ui.escape(ui.t("projects.index_value", value=score_text(latest.replicability_index, LANG)))}</div>'
                    f'<div class="qmi-figure-label">{ui.escape(ui.t("projects.index"))}{badge}</div>',
                    unsafe_allow_html=True)
        st.caption(ui.md("projects.assessed_on", date=ui.day(latest.assessed_on), assessor=ui.record(latest.assessor)))
        st.caption(ui.t("assessors.basis_note", basis=ui_assessments.history_basis(latest)))
        st.markdown(f"**{ui.escape(ui.t('projects.levels'))}**")
        st.table(view.levels, hide_index=True)
        ui.source_note(cite("edition1_review"))
    assessor_panels.panel(int(latest.id))


def assessment_history(project, history: pd.DataFrame, view: ui_assessments.AssessmentView) -> None:
    """Every assessment as a table, and the index over time once there are two."""
    st.subheader(ui.t("projects.history"))
    ui_tables.key_table(view.history, [ui.t(f"projects.col.{c}") for c in ("date", "index", "assessor")],
                        key="history_table", column_config={ui.t("projects.col.demo"): st.column_config.CheckboxColumn()})
    ui_exports.table_downloads(view.history, f"{project['name']} {ui.t('projects.history')}",
                               source=cite("edition1_review"), demo=bool(history["is_demo"].any()),
                               values={ui.t("projects.col.date"): history["assessed_on"]})
    if len(history) > 1:
        st.markdown(f"**{ui.escape(ui.t('projects.history_chart'))}**")  # over the chart: it wraps where a rotated axis title was cut
        history_figure = ui.figure(charts.time_series, view.points, edition_color(project), ui.t("common.demo_badge"),
                                   y_range=(0, INDEX_MAX + 1), height=300, lang=LANG)
        ui_exports.chart(history_figure, f"{project['name']} — {ui.t('projects.history_chart')}",
                         demo=bool(history["is_demo"].any()))


def record_assessments(project, history: pd.DataFrame) -> None:
    st.header(ui.t("projects.radar"))
    if history.empty:
        ui.empty_state(ui.t("projects.no_assessment"))
        return
    view = ui.derived(ui_assessments.assessment_view, queries.assessments, int(project.id))
    latest_assessment(project, history.iloc[-1], view)
    assessment_history(project, history, view)


def indicator_series(project, panel: ui_indicators.SeriesPanel) -> None:
    """One indicator's measurements over time, with its target and the link to the indicator."""
    with st.container(border=True):
        st.markdown(f"**{ui.literal(panel.name)}** ({ui.literal(panel.unit)})")
        if panel.waiting:
            st.markdown(f"{ui_review.mark()} <small>{ui.escape(ui.tn('review.pending_count', panel.waiting))}</small>",
                        unsafe_allow_html=True)
        ui_exports.chart(panel.figure, f"{project['name']} — {panel.name}", demo=panel.demo,
                         key=f"indicator_{panel.code}")
        if panel.baseline_target is not None:
            st.markdown(f"<small>{ui.literal(panel.baseline_target)}</small>"
                        + (" " + ui.demo_badge() if panel.protocol_is_demo else ""), unsafe_allow_html=True)
        st.page_link("pages/indicators.py", label=ui.t("projects.indicator_link"), icon=":material/straighten:",
                     query_params={"indicateur": panel.code})


def record_indicators(project, series: pd.DataFrame, include_pending: bool) -> None:
    st.header(ui.t("projects.indicators"))
    if series.empty:
        ui.empty_state(ui.t("projects.no_measurements"))
        return
    for panel in ui.derived(ui_indicators.series_panels, measurements.series, int(project.id), include_pending,
                            context=(edition_color(project),)):
        indicator_series(project, panel)


def archived_notice(slug: str) -> None:
    """Staff only: the record of an archived experiment, which the public pages do not show, and the way back
    to the catalogue editor, where it is restored."""
    st.warning(ui.t("projects.archived_notice"), icon=":material/archive:")
    st.page_link("pages/catalogue.py", label=ui.t("projects.archived_restore"), icon=":material/unarchive:",
                 query_params={"experimentation": slug})


def show_record(slug: str) -> None:
    st.page_link("pages/projects.py", label=ui.t("projects.back"), icon=":material/arrow_back:", query_params={})
    identity = ui_auth.current()
    staff = identity is not None and may_assess(identity.role)
    project = ui.q(queries.project, slug, staff)
    if project is None:
        st.warning(ui.t("projects.unknown", slug=re.sub(r"[^A-Za-z0-9_-]", "", slug)[:80]))  # no markdown from the URL
        return
    archived = staff and bool(project["archived"])
    if archived:
        archived_notice(slug)
    history = ui.q(queries.assessments, int(project.id))
    include_pending = ui_review.include_pending()
    series = ui.q(measurements.series, int(project.id), include_pending)
    ui_review.notice()
    ui.demo_notice(bool(project.status_is_demo) or bool(project.is_demo) or bool(history["is_demo"].any())
                   or bool(series["is_demo"].any()) or ui_lessons.has_demo(int(project.id)))

    record_header(project, slug, qr=not archived)  # no code to print for a page the public cannot open
    left, right = st.columns([3, 2], gap="large")
    with left:
        record_description(project)
    with right:
        record_status(project)
        ui_transfers.evidence_block(int(project.id))
        ui_changes.steps(ui.q(catalogue_queries.timeline, int(project.id)))
    record_sources(project)
    ui_changes.history(ui.q(catalogue_queries.history, "project", str(int(project.id)), staff))
    ui_lessons.record_sections(project)  # the field journal and the lessons, with their forms for who may write
    ui_transfers.record_transfers(project)
    record_assessments(project, history)
    st.header(ui.t("indicators.progress_title"))  # evaluation protocol: baseline -> target (qmi.ui.indicator_panels)
    ui_indicators.progress_block(int(project.id), heading=False)
    record_indicators(project, series, include_pending)


# --- the catalogue ---------------------------------------------------------------------------



def current_page(pages: int) -> int:
    """The card page to draw (1-based), kept in the URL as ``page`` (absent on page 1)."""
    page = ui.url_choice("page", range(1, pages + 1), 1)
    ui.url_set(page=None if page == 1 else page)
    return page




def page_navigation(page: int, pages: int) -> None:
    previous, label, following = st.columns([1, 1, 1], vertical_alignment="center")
    previous.button(ui.t("projects.page.previous"), on_click=turn_page, args=(page - 1,), icon=":material/arrow_back:",
                    key="projects_page_previous", disabled=page <= 1, width="stretch")
    label.markdown(f'<div style="text-align:center"><b>{ui.escape(ui.t("projects.page", page=page, pages=pages))}</b></div>',
                   unsafe_allow_html=True)
    following.button(ui.t("projects.page.next"), on_click=turn_page, args=(page + 1,), icon=":material/arrow_forward:",
                     key="projects_page_next", disabled=page >= pages, width="stretch")


def show_catalogue() -> None:
    st.title(ui.t("projects.title"))
    options = ui.q(queries.catalogue_options)
    if options.total == 0:
        ui.empty_state(ui.t("projects.empty"))
        return
    st.markdown(ui.t("projects.lead"))

    first, second = st.columns(3), st.columns([1, 1, 1])
    chosen = filters.catalogue(options, [*first, second[0], second[1]])
    commune, edition, family, challenge, status = (chosen[p] for p in ("commune", "edition", "famille", "defi", "statut"))
    with second[2]:
        if FILTER_KEYS["q"] not in st.session_state:
            st.session_state[FILTER_KEYS["q"]] = params.search(st.query_params.get("q"))
        search = st.text_input(ui.t("projects.filter.search"), key=FILTER_KEYS["q"], max_chars=100, on_change=first_page,
                               placeholder=ui.t("projects.filter.search_placeholder")).strip()
        ui.url_set(q=search or None)

    rows = ui.q(queries.catalogue, commune_insee=commune, edition_id=edition, family_code=family,
                challenge_code=challenge, status=status, search=search or None)
    count_column, clear_column = st.columns([2, 1], vertical_alignment="center")
    with count_column:
        count = (ui.t("projects.count_one", total=options.total) if len(rows) == 1
                 else ui.t("projects.count", shown=len(rows), total=options.total))
        st.markdown(f'<div class="qmi-figure-label" style="font-size:1.4rem"><b>{ui.escape(count)}</b></div>',
                    unsafe_allow_html=True)
        # the documents' « 30 projets sélectionnés » beside this count; they name no experiment of a later edition
        st.caption(ui.t("projects.count_beside_entered" if max(options.editions, default=1) > 1 else "projects.count_beside"))
    with clear_column:
        st.button(ui.t("projects.filter.clear"), on_click=filters.clear, icon=":material/close:", key="projects_clear",
                  disabled=not any([commune, edition, family, challenge, status, search]))
    if rows.empty:
        st.info(ui.t("projects.no_match"), icon=":material/search:")
        return
    ui.demo_notice(bool(rows["status_is_demo"].any() or rows["assessment_is_demo"].fillna(False).astype(bool).any()))

    pages = math.ceil(len(rows) / PER_PAGE)
    page = current_page(pages)
    shown = rows.iloc[(page - 1) * PER_PAGE:page * PER_PAGE]
    # One view at a time: the table of every experiment is only sent when asked for.
    if VIEW_KEY not in st.session_state:
        st.session_state[VIEW_KEY] = ui.url_choice("vue", tuple(VIEWS), default="fiches")
    view = st.radio(ui.t("projects.view.label"), tuple(VIEWS), key=VIEW_KEY, horizontal=True,
                    format_func=lambda v: ui.t(VIEWS[v]))
    ui.url_set(vue=None if view == "fiches" else view)
    if view == "fiches":
        if pages > 1:
            st.caption(ui.t("projects.page.note", per_page=PER_PAGE))
        for column, row in ui.grid(with_none(shown).itertuples(), 3):
            with column, st.container(border=True):
                # One text block per card: a page of 24 cards is drawn faster from 48 elements than from 144.
                owner = row.commune if row.organisation == row.name else f"{row.organisation} · {row.commune}"
                demo = " " + ui.demo_badge() if row.assessment_is_demo else ""
                st.markdown(
                    f"#### {ui.literal(row.name)}\n\n" + (ui.demo_badge() + "<br>" if row.is_demo else "") +
                    f'<div class="qmi-card-owner">{ui.literal(owner)}</div>'
                    f"<small>{ui.escape(family_label(row.family_code, row.family))}</small><br>"
                    f"{proposed_marker(row)}<br>"
                    + ui.status_badge(row.deployment_level, bool(row.abandoned), bool(row.status_is_demo))
                    + f"<br>{ui.escape(ui.t('projects.index_short'))} <b>{ui.escape(index_text(row.replicability_index))}</b>{demo}",
                    unsafe_allow_html=True,
                )
                st.page_link("pages/projects.py", label=ui.t("projects.open"), icon=":material/arrow_forward:",
                             query_params={"experimentation": row.slug})
        if pages > 1:
            page_navigation(page, pages)
    else:
        catalogue_table = pd.DataFrame({
            ui.t("projects.col.name"): rows["name"],
            ui.t("projects.col.organisation"): rows["organisation"],
            ui.t("projects.col.commune"): rows["commune"],
            ui.t("projects.col.family"): per_row(family_label, rows["family_code"], rows["family"]),
            ui.t("projects.col.challenge"): per_row(lambda c, n: None if c is None else challenge_name(c, LANG, n),
                                                    rows["challenge_code"], rows["challenge"]),
            ui.t("projects.col.challenge_proposed"): rows["challenge_status"] == "proposed",
            ui.t("projects.col.status"): per_row(status_text, rows["deployment_level"], rows["abandoned"]),
            ui.t("projects.col.status_demo"): rows["status_is_demo"].astype(bool),
            ui.t("projects.col.index"): ui_assessments.as_scores(rows["replicability_index"]),
            ui.t("projects.col.index_demo"): rows["assessment_is_demo"].fillna(False).astype(bool),
            ui.t("projects.col.link"): links.page_urls(links.EXPERIMENTS, "experimentation", rows["slug"]),
        })
        ui_tables.key_table(catalogue_table, [ui.t(f"projects.col.{c}") for c in ("name", "commune", "status", "index", "link")],
                            key="catalogue_table", column_config={
            ui.t("projects.col.link"): st.column_config.LinkColumn(display_text=ui.t("projects.open")),
            ui.t("projects.col.challenge_proposed"): st.column_config.CheckboxColumn(),
            ui.t("projects.col.status_demo"): st.column_config.CheckboxColumn(),
            ui.t("projects.col.index_demo"): st.column_config.CheckboxColumn(),
        })
        st.caption(ui.label_value(ui.t("common.proposed_badge"), ui.t("projects.challenge_proposed_note")))
        ui_exports.table_downloads(catalogue_table, ui.t("nav.projects"), source=cite("edition1_review"),
                                   demo=bool(rows["status_is_demo"].any() or rows["assessment_is_demo"].eq(True).any()))


slug = params.identifier(st.query_params.get("experimentation"))
if slug:
    show_record(slug)
else:
    show_catalogue()
