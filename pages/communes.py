"""Communes: one commune's district, experiments, thematic mix, mean radar, indicator values, meetings."""

from datetime import date

import pandas as pd
import streamlit as st

from qmi import palette, ui
from qmi.domain import params
from qmi.domain.values import as_int, with_none
from qmi.draw import charts
from qmi.i18n.labels import challenge_name, family_name
from qmi.i18n.sources import cite
from qmi.models import CRITERIA
from qmi.outputs import links
from qmi.palette import EDITION_COLORS
from qmi.queries import communes, measurements, projects
from qmi.ui import exports as ui_exports
from qmi.ui import indicator_panels as ui_indicators
from qmi.ui import review as ui_review
from qmi.ui import tables as ui_tables

PROPOSED = f'<span class="qmi-proposed">{ui.escape(ui.t("common.proposed_badge"))}</span>'

st.title(ui.t("communes.title"))

options = ui.q(communes.commune_options)
if options.empty:
    ui.empty_state()
    st.stop()

codes = list(options["insee_code"])
names = dict(zip(options["insee_code"], options["name"]))
editions = {code: as_int(e) for code, e in zip(options["insee_code"], options["edition_id"])}
requested = params.identifier(st.query_params.get("commune"), 20)
current = ui.url_choice("commune", codes, default=codes[0])
if requested is not None and requested not in codes:
    st.warning(ui.md("communes.unknown_param", code=requested))


def option_label(code: str) -> str:
    if editions[code] is None:
        return ui.t("communes.option_outside", name=names[code])
    return ui.t("communes.option_programme", name=names[code], n=editions[code])


insee = st.selectbox(ui.t("communes.pick"), codes, index=codes.index(current), format_func=option_label)
ui.url_set(commune=insee)

profile = ui.q(communes.profile, insee)
portfolio = ui.q(projects.projects, commune_insee=insee)
mix = ui.q(communes.thematic_mix, insee)
means = ui.q(communes.mean_criteria, insee)
latest_values = ui_indicators.in_language(ui.q(measurements.latest_values, commune_insee=insee,
                                               include_pending=ui_review.include_pending()))
hosted = ui.q(communes.commune_events, insee)

shows_demo = bool(profile.status_is_demo or profile.index_is_demo or (not latest_values.empty and latest_values["is_demo"].any()))
ui.demo_notice(shows_demo)

# --- who the commune is -------------------------------------------------------------------------
st.header(ui.literal(profile.name))
if profile.edition_id is None:
    st.info(ui.t("communes.outside", name=profile.name))
else:
    color = EDITION_COLORS.get(profile.edition_id, palette.TEXT)
    st.markdown(ui.colored_badge(ui.t("communes.edition_line", n=profile.edition_id), color), unsafe_allow_html=True)
    ui_exports.api_link("commune", insee)

facts = st.columns(4)
with facts[0]:
    st.markdown(f"**{ui.t('communes.district')}**")
    if profile.district:
        st.markdown(f'<div class="qmi-figure" style="font-size:1.8rem">{ui.literal(profile.district)}</div>', unsafe_allow_html=True)
        st.caption(ui.md("communes.district_source", source=ui.source_label(profile.district_source, short=True)))
    elif profile.edition_id is not None:
        st.write(ui.t("communes.district_unknown"))
with facts[1]:
    st.markdown(f"**{ui.t('communes.mayor')}**")
    st.markdown(ui.literal(profile.mayor) if profile.mayor else ui.t("communes.mayor_unknown"))
with facts[2]:
    st.markdown(f"**{ui.t('communes.departement')}**")
    st.write(profile.departement)
with facts[3]:
    st.markdown(f"**{ui.t('communes.population')}**")
    st.write(ui.t("communes.inhabitants", n=ui.num(profile.population, 0)) if profile.population else "–")
st.caption(ui.t("communes.facts_sources", facts=profile.source.split(" ; ")[0], geo=profile.population_source))
with st.container(horizontal=True):  # each button as wide as its label, the second below the first when narrow
    ui_exports.pdf_download(insee, profile.name)
    ui_exports.qr_block("commune", insee)

if profile.edition_id is None:
    st.stop()

# --- the big figures and the portfolio ----------------------------------------------------------
st.header(ui.t("communes.portfolio"))
if portfolio.empty:
    st.info(ui.t("communes.portfolio_edition2" if profile.edition_id == 2 else "communes.portfolio_none"), icon=":material/info:")
else:
    on = ui.status_day("communes.status_day", "communes_au")
    dated = profile if on == date.today() else ui.q(communes.profile, insee, on)
    big_figures = (
        (str(profile.projects), ui.t("communes.fig_projects"), False, ui.sources_text(*portfolio["source"])),
        (ui.num(profile.mean_index, 1) if profile.mean_index is not None else "–", ui.t("communes.fig_index"),
         profile.index_is_demo,
         ui.t("communes.fig_index_detail", n=profile.assessed) if profile.assessed else ui.t("communes.fig_index_none")),
        (ui.pct(dated.deployment_rate) if dated.deployment_rate is not None else "–",
         ui.t("communes.fig_deployment_on", day=ui.day(on)), dated.status_is_demo,
         ui.t("communes.fig_deployment_detail", deployed=dated.deployed, known=dated.with_status)
         if dated.with_status else ui.t("communes.fig_deployment_none")),
    )
    for column, (figure, label, demo, detail) in zip(st.columns(3), big_figures):
        with column, st.container(border=True):
            st.markdown(f'<div class="qmi-figure">{ui.escape(figure)}</div>'
                        f'<div class="qmi-figure-label">{ui.escape(label)} {ui.demo_badge() if demo else ""}</div>',
                        unsafe_allow_html=True)
            st.caption(detail)

    for column, project in ui.grid(portfolio.itertuples(), 3):
        with column, st.container(border=True):
            link = links.page_url(links.EXPERIMENTS, lang=ui.lang(), experimentation=project.slug)
            family = family_name(project.family_code, ui.lang(), project.family) if project.family_code else ui.t("common.unclassified")
            if project.challenge_code:
                challenge = ui.escape(challenge_name(project.challenge_code, ui.lang(), project.challenge))
                if project.challenge_status == "proposed":
                    challenge += " " + PROPOSED
            else:
                challenge = ui.escape(ui.t("common.unclassified"))
            st.markdown(
                f'<a href="{ui.escape(link)}" target="_self" style="font-size:1.25rem;font-weight:700">{ui.literal(project.name)}</a><br>'
                f'{ui.label_value(ui.escape(ui.t("communes.organisation")), ui.literal(project.organisation))}<br>'
                f'{ui.escape(ui.label_value(ui.t("communes.family"), family))}<br>'
                f'{ui.escape(ui.t("communes.challenge") + ui.colon())}{challenge}<br>'
                + ui.status_badge(project.deployment_level, bool(project.abandoned), bool(project.status_is_demo)),
                unsafe_allow_html=True,
            )
            if project.status_source and not project.status_is_demo:
                st.caption(ui.md("communes.status_source", source=project.status_source))
    ui.source_note(*portfolio["source"])

# --- thematic mix and mean radar ----------------------------------------------------------------
if not portfolio.empty:
    # the challenges are the call's eight (doc. 003); each experiment's classification comes with its own source
    mix_sources = [cite("edition2_call"), *dict.fromkeys(portfolio["source"])]
    left, right = st.columns(2)
    with left:
        st.subheader(ui.t("communes.mix"))
        mix_figure = ui.figure(charts.challenge_donut, mix, ui.lang())
        ui_exports.chart(mix_figure, f"{profile.name} {ui.t('communes.mix')}",
                         source=", ".join(mix_sources), toolbar=True)
        proposed = int(mix["proposed"].sum())
        if proposed:
            st.markdown(PROPOSED + " " + ui.escape(ui.tn("communes.mix_caveat", proposed, total=int(mix["projects"].sum()))),
                        unsafe_allow_html=True)
        ui.source_note(*mix_sources)
    with right:
        st.subheader(ui.t("communes.radar"))
        if means.empty:
            st.info(ui.t("communes.radar_none"), icon=":material/info:")
        else:
            row = means.iloc[0]
            radar_figure = ui.figure(charts.radar,
                [charts.RadarSeries(ui.t("communes.radar_series", name=profile.name), [float(row[c]) for c in CRITERIA],
                                    EDITION_COLORS.get(profile.edition_id, palette.EDITION_COLORS[1]))],
                lang=ui.lang(), side_margin=120,  # room for the criteria names in a half-width column
            )
            ui_exports.chart(radar_figure, f"{profile.name} {ui.t('communes.radar')}",
                             source=cite("edition1_review"), demo=bool(row["is_demo"]), toolbar=True)
            if row["is_demo"]:
                st.markdown(ui.demo_badge(), unsafe_allow_html=True)
            st.caption(ui.tn("communes.radar_detail", int(row["assessed"])))

# --- latest indicator values --------------------------------------------------------------------
if not portfolio.empty:
    st.header(ui.t("communes.indicators"))
    if latest_values.empty:
        st.info(ui.t("communes.indicators_none"), icon=":material/info:")
    else:
        if latest_values["is_demo"].any():
            st.markdown(ui.demo_badge(), unsafe_allow_html=True)
        indicator_table = pd.DataFrame({
            ui.t("communes.col_project"): latest_values["project"],
            ui.t("communes.col_indicator"): latest_values["indicator"],
            ui.t("communes.col_value"): [ui.num(v, 1) for v in latest_values["value"]],
            ui.t("communes.col_unit"): latest_values["unit"],
            ui.t("communes.col_period"): [ui.day(d, "month") for d in latest_values["period_start"]],
            ui.t("communes.col_demo"): latest_values["is_demo"].astype(bool),
        })
        if (latest_values["review_state"] == "a_valider").any():  # only with « inclure les valeurs en attente »
            indicator_table[ui.t("review.col.review")] = [ui.t("review.state.a_valider") if r == "a_valider" else ""
                                                          for r in latest_values["review_state"]]
            ui_review.notice()
        ui_tables.key_table(indicator_table, [ui.t(f"communes.col_{c}") for c in ("project", "indicator", "value", "unit")]
                            + [c for c in (ui.t("review.col.review"),) if c in indicator_table],
                            key="indicator_table", width="stretch")
        ui_exports.table_downloads(indicator_table, f"{profile.name} {ui.t('communes.indicators')}",
                                   demo=bool(latest_values["is_demo"].any()),
                                   values={ui.t("communes.col_value"): latest_values["value"],
                                           ui.t("communes.col_period"): latest_values["period_start"]})
        st.caption(ui.t("communes.indicators_source"))

# --- the Communauté meetings it hosted -----------------------------------------------------------
st.header(ui.t("communes.events"))
if hosted.empty:
    st.write(ui.t("communes.events_none"))
else:
    for meeting in with_none(hosted).itertuples():
        people = "–" if meeting.attendance is None else ui.t("events.people", n=ui.num(meeting.attendance, 0))
        st.markdown(ui.md("communes.event_line", date=ui.day(meeting.held_on, meeting.date_precision),
                         format=ui.record(meeting.format), people=people))
        if meeting.note:
            st.caption(ui.literal(ui.record(meeting.note)))
        ui.source_note(meeting.source, detail=meeting.source_detail)
    st.page_link("pages/events.py", label=ui.t("communes.events_link"), icon=":material/event:")
