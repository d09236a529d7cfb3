"""Réplicabilité: one profile or up to five overlaid, the ranking, averages by commune and family.

URL: the chosen experiments are repeated ``experimentation`` parameters
(``/replicabilite?experimentation=pelican&experimentation=vytal``), in the order chosen.
"""

import pandas as pd
import streamlit as st

from qmi import palette, ui
from qmi.domain.scoring import criteria, row_basis_label, score_level, score_text
from qmi.domain.values import with_none
from qmi.draw import charts
from qmi.draw import replicability as charts_replicability
from qmi.i18n.formatting import per_row
from qmi.i18n.labels import family_name
from qmi.i18n.sources import cite
from qmi.queries import projects as queries
from qmi.ui import assessments as ui_assessments
from qmi.ui import exports as ui_exports
from qmi.ui import tables as ui_tables

LANG = ui.lang()
MAX_COMPARED = 5
CHART_BARS_MAX = 30  # bars drawn in the ranking and averages charts (34 px each); their tables list every row
COMPARE_COLORS = list(palette.CHALLENGE_COLORS.values())[:MAX_COMPARED]
SELECTION_KEY = "replicability_selection"
CRITERIA = criteria(LANG)

st.title(ui.t("replicability.title"))
everything = ui.shared(queries.projects)  # read only: shared, not unpickled on each run
if everything.empty:
    ui.empty_state(ui.t("replicability.no_projects"))
    st.stop()
ranked = ui.q(queries.ranking)
ui.demo_notice(bool(ranked["assessment_is_demo"].astype(bool).any()))
st.markdown(ui.t("replicability.lead"))

by_slug = everything.set_index("slug")
names = dict(zip(everything["slug"], everything["name"] + " (" + everything["commune"].fillna("") + ")"))
options = list(ranked["slug"]) + sorted(set(by_slug.index) - set(ranked["slug"]), key=names.get)


def index_label(value: float, decimals: int = 2) -> str:
    return charts_replicability.index_text(value, LANG, decimals)


def say_if_cut(rows: int) -> None:
    """The caption of a bar chart that draws only its first :data:`CHART_BARS_MAX` rows."""
    if rows > CHART_BARS_MAX:
        st.caption(ui.t("replicability.ranking_top", shown=CHART_BARS_MAX, total=ui.num(rows, 0)))


# --- one profile, or up to five overlaid ------------------------------------------------------

if SELECTION_KEY not in st.session_state:
    wanted = [s for s in dict.fromkeys(st.query_params.get_all("experimentation")) if s in names][:MAX_COMPARED]
    st.session_state[SELECTION_KEY] = wanted or list(ranked["slug"][:1])
selection = st.multiselect(ui.t("replicability.select"), options, key=SELECTION_KEY, max_selections=MAX_COMPARED,
                           format_func=names.get, help=ui.t("replicability.select_help"),
                           placeholder=ui.t("replicability.select_placeholder"))
ui.url_set(experimentation=selection)

ranked_slugs = set(ranked["slug"])  # the ranking lists every assessed experiment
assessed = [slug for slug in selection if slug in ranked_slugs]
for slug in selection:
    if slug not in assessed:
        st.info(ui.t("replicability.not_assessed", name=by_slug.loc[slug, "name"]), icon=":material/info:")
if not selection:
    st.info(ui.t("replicability.select_prompt"), icon=":material/touch_app:")

chosen = by_slug.loc[assessed] if assessed else by_slug.iloc[0:0]
if len(assessed) == 1:
    st.header(ui.t("replicability.profile"))
    row = chosen.iloc[0]
    scores = [float(row[c.code]) for c in CRITERIA]  # a mean of assessors may be 1.5
    left, right = st.columns([3, 2], gap="large")
    with left:
        color = palette.EDITION_COLORS.get(int(row["edition_id"]), palette.TEXT)
        profile_figure = ui.figure(charts.radar, [charts.RadarSeries(row["name"], scores, color)], lang=LANG)
        ui_exports.chart(profile_figure, f"{row['name']} — {ui.t('replicability.profile')}",
                         source=cite("edition1_review"), demo=bool(row["assessment_is_demo"]))
    with right:
        badge = " " + ui.demo_badge() if row["assessment_is_demo"] else ""
        st.markdown(f'<div class="qmi-figure">{ui.escape(index_label(row["replicability_index"]))}</div>'
                    f'<div class="qmi-figure-label">{ui.escape(row["name"])} — {ui.escape(ui.t("projects.index"))}{badge}</div>',
                    unsafe_allow_html=True)
        st.caption(ui.t("replicability.assessed_on", date=ui.day(row["assessed_on"])) + " · "
                   + ui.t("assessors.basis_note", basis=row_basis_label(row, LANG)))
        profile_table = pd.DataFrame({
            ui.t("projects.col.criterion"): [c.name for c in CRITERIA],
            ui.t("projects.col.score"): [f"{score_text(s, LANG)} / 3" for s in scores],
            ui.t("projects.col.level"): [score_level(c.code, s, LANG).split(" · ", 1)[1] for c, s in zip(CRITERIA, scores)],
        })
        st.table(profile_table, hide_index=True)
        st.page_link("pages/projects.py", label=ui.t("replicability.open_record"), icon=":material/arrow_forward:",
                     query_params={"experimentation": assessed[0]})
elif len(assessed) > 1:
    st.header(ui.t("replicability.compare"))
    series = [charts.RadarSeries(row["name"], [float(row[c.code]) for c in CRITERIA], color)
              for (_, row), color in zip(chosen.iterrows(), COMPARE_COLORS)]
    compare_figure = ui.figure(charts.radar, series, height=560, lang=LANG)
    ui_exports.chart(compare_figure, ui.t("replicability.compare"), source=cite("edition1_review"),
                     demo=bool(chosen["assessment_is_demo"].any()))
    compare_table = pd.DataFrame(
        {ui.t("projects.col.criterion"): [c.name for c in CRITERIA] + [ui.t("projects.index"), ui.t("scoring.col.basis")],
         **{row["name"]: [score_level(c.code, row[c.code], LANG) for c in CRITERIA]
            + [index_label(row["replicability_index"]), row_basis_label(row, LANG)] for _, row in chosen.iterrows()}}
    )
    st.table(compare_table.rename(columns=ui.literal), hide_index=True)  # headers are names typed; st.table reads Markdown
    ui_exports.table_downloads(compare_table, ui.t("replicability.compare") + " table")

# --- ranking and averages ----------------------------------------------------------------------

st.header(ui.t("replicability.ranking"))
if ranked.empty:
    ui.empty_state(ui.t("replicability.no_assessments"))
else:
    st.caption(ui.t("replicability.ranking_note") + " " + ui.tn("replicability.assessed_count", len(ranked)))
    say_if_cut(len(ranked))
    top = ranked.head(CHART_BARS_MAX)
    ranking_figure = ui.figure(charts_replicability.ranking, top, LANG)
    ui_exports.chart(ranking_figure, ui.t("replicability.ranking"), source=cite("edition1_review"),
                     demo=bool(top["assessment_is_demo"].any()))
    with ui.on_demand(ui.t("projects.view.table"), key="ranking_table_open") as opened:
        if opened:
            ranking_table = ui.derived(ui_assessments.ranking_table, queries.ranking)
            ui_tables.key_table(ranking_table, [ui.t("replicability.col.rank"),
                                                *(ui.t(f"projects.col.{c}") for c in ("name", "commune", "index"))],
                                key="ranking_table")
            ui_exports.table_downloads(ranking_table, ui.t("replicability.ranking") + " table", source=cite("edition1_review"),
                                       demo=bool(ranked["assessment_is_demo"].any()),
                                       values={ui.t("projects.col.date"): ranked["assessed_on"]})

    communes = ui.q(queries.average_index_by_commune)
    families = ui.q(queries.average_index_by_family)
    averages = {}
    for key, column, table, label in (
        ("replicability.by_commune", "projects.col.commune", communes, lambda r: r.name),
        ("replicability.by_family", "projects.col.family", families,
         lambda r: ui.t("projects.no_family") if r.code is None else family_name(r.code, LANG, r.name)),
    ):
        st.subheader(ui.t(key))
        averages[key] = table.assign(label=[label(r) for r in with_none(table).itertuples()])
        say_if_cut(len(table))
        # The chart, then its table: side by side, a tablet cut both (the bars' labels, the table's last column).
        average_figure = ui.figure(charts_replicability.averages, averages[key].head(CHART_BARS_MAX), LANG)
        ui_exports.chart(average_figure, ui.t(key), source=cite("edition1_review"),
                         demo=bool(averages[key]["any_demo"].any()), key=f"chart_{key}")
        average_table = pd.DataFrame({
            ui.t(column): averages[key]["label"],
            ui.t("replicability.col.mean"): per_row(lambda v: ui.num(v, 1), averages[key]["mean_index"]),
            ui.t("replicability.col.assessed"): averages[key]["assessed"],
        })
        ui_tables.plain_table(average_table, typed=[ui.t(column)])
        ui_exports.table_downloads(average_table, ui.t(key) + " table", source=cite("edition1_review"),
                                   demo=bool(averages[key]["any_demo"].any()),
                                   values={ui.t("replicability.col.mean"): averages[key]["mean_index"]})

# --- what the index means ---------------------------------------------------------------------

st.header(ui.t("replicability.explain"))
st.markdown(ui.t("replicability.explain_text"))
st.markdown(ui.t("assessors.rule"))
st.subheader(ui.t("replicability.scales"))
scales_table = pd.DataFrame(
    {ui.t("replicability.col.criterion"): [c.name for c in CRITERIA],
     **{str(level): [c.labels[level] for c in CRITERIA] for level in range(4)}}
)
st.table(scales_table, hide_index=True)
ui_exports.table_downloads(scales_table, ui.t("replicability.scales"))
st.caption(ui.t("replicability.explain_source"))
