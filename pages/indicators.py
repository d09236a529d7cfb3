"""Indicateurs: the proposed indicator library, one indicator across experiments, the experiments' protocols.

URL parameters: vue (bibliotheque | protocoles), q and categorie (library filters),
indicateur (one indicator's record), experimentation (the protocol shown and edited).
"""

import pandas as pd
import streamlit as st

from qmi import palette, ui
from qmi.domain import params
from qmi.domain.freshness import LAG_MAX, periodicity_label
from qmi.domain.progress import CATEGORIES, category_label, decimals, display_name
from qmi.domain.values import as_float, is_missing, with_none
from qmi.draw.indicator_charts import Compared, comparison
from qmi.i18n import Refusal
from qmi.models import DEFAULT_AVAILABILITY_LAG_DAYS, DEFAULT_PERIODICITY, PERIODICITIES
from qmi.outputs import links
from qmi.outputs import tables as export
from qmi.queries import indicators as queries
from qmi.services import protocols
from qmi.services.errors import ValidationFailed
from qmi.ui import auth as ui_auth
from qmi.ui import exports as ui_exports
from qmi.ui import indicator_panels as ui_indicators
from qmi.ui import tables as ui_tables

LANG = ui.lang()
VIEWS = ("bibliotheque", "protocoles")
FLASH = "indicators_flash"


def name_of(code: str, name: str) -> str:
    return display_name(code, name, LANG)


def bounds_text(row: dict) -> str:
    low, high = row["min_value"], row["max_value"]
    if row["value_type"] == "boolean":
        return ui.t("indicators.type.boolean")
    if low is None or high is None:  # a dict read from the store: None, never NaN
        return "–"
    return ui.t("indicators.bounds_range", min=ui.num(low, decimals(row["value_type"])),
                max=ui.num(high, decimals(row["value_type"])), unit=ui.record(row["unit"]))


def figures(library: pd.DataFrame) -> None:
    followed = int((library["experiments"] > 0).sum())
    cards = ((len(library), "indicators.figure.library"), (library["category"].nunique(), "indicators.figure.categories"),
             (followed, "indicators.figure.followed"))
    for column, (value, key) in zip(st.columns(3), cards):
        with column, st.container(border=True):
            badge = " " + ui.demo_badge() if key == "indicators.figure.followed" and library["demo_experiments"].sum() else ""
            st.markdown(f'<div class="qmi-figure">{ui.escape(ui.num(value, 0))}</div>'
                        f'<div class="qmi-figure-label">{ui.escape(ui.t(key))}{badge}</div>', unsafe_allow_html=True)


# --- one indicator ---------------------------------------------------------------------------

def show_indicator(code: str) -> None:
    st.page_link("pages/indicators.py", label=ui.t("indicators.back"), query_params={})
    row = ui.q(queries.indicator, code)
    if row is None:
        st.warning(ui.md("indicators.unknown", code=code))
        return
    unit = ui.record(row["unit"])
    compared = ui.q(queries.comparison, code)
    ui.demo_notice(bool(compared["protocol_is_demo"].eq(True).any() or compared["latest_is_demo"].eq(True).any()))
    st.title(ui.literal(name_of(code, row["name"])))
    tags = [row["code"], category_label(row["category"], LANG), unit, ui.t(f"indicators.type.{row['value_type']}"),
            ui.t(f"indicators.direction.{row['direction']}")]
    st.markdown(" · ".join(f"**{ui.escape(tag)}**" if i == 1 else ui.escape(tag) for i, tag in enumerate(tags)))
    if LANG != "fr":
        st.caption(ui.t("indicators.french_text"))
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader(ui.t("indicators.definition"))
        st.write(row["definition"])
        st.subheader(ui.t("indicators.method"))
        st.write(row["method"])
    with right:
        st.subheader(ui.t("indicators.bounds"))
        st.write(bounds_text(row))
        st.subheader(ui.t("indicators.sdg"))
        st.write(ui.t("indicators.sdg_value", target=row["sdg_target"]) if row["sdg_target"] else ui.t("indicators.sdg_none"))
    ui.source_note(row["source"])

    st.header(ui.t("indicators.comparison"))
    if compared.empty:
        ui.empty_state(ui.t("indicators.comparison_none"))
        return
    if len(compared) == 1:
        st.info(ui.t("indicators.comparison_one"))
    st.caption(ui.t("indicators.comparison_caption", unit=unit) + " "
               + ui.t(f"indicators.{'lower' if row['direction'] == 'lower' else 'higher'}_better"))
    places = decimals(row["value_type"])
    measured = compared[compared["latest_value"].notna()]
    if not measured.empty:
        items = [
            Compared(
                label=r.project, detail=r.commune, value=float(r.latest_value),
                text=f"{ui.num(r.latest_value, places)} {unit}",
                color=palette.EDITION_COLORS.get(int(r.edition_id), palette.TEXT), demo=bool(r.latest_is_demo),
                target=as_float(r.target),
                target_text=ui.label_value(ui.t("indicators.target"), f"{ui.num(r.target, places)} {unit}"),
                hover=ui.day(r.latest_period, "month"),
            )
            for r in measured.itertuples()
        ]
        figure = comparison(items, ui.t("indicators.axis_value", unit=unit), ui.t("indicators.target"),
                            ui.t("indicators.demo_value"), lang=LANG)
        ui_exports.chart(figure, f"{name_of(code, row['name'])} — {ui.t('indicators.comparison')}",
                         source=row["source"], demo=bool(measured["latest_is_demo"].eq(True).any()), key="comparison_chart")
    table = pd.DataFrame({
        ui.t("indicators.experiment"): compared["project"],
        ui.t("indicators.commune"): compared["commune"],
        ui.t("indicators.col.baseline"): [ui.num(v, places) for v in compared["baseline"]],
        ui.t("indicators.latest"): [ui.num(v, places) for v in compared["latest_value"]],
        ui.t("indicators.target"): [ui.num(v, places) for v in compared["target"]],
        ui.t("indicators.progress"): [ui.pct(v) for v in compared["progress"]],
        ui.t("indicators.status"): [ui.t(f"indicators.status.{s}") for s in compared["status"]],
        ui.t("indicators.col.demo"): compared["protocol_is_demo"].eq(True) | compared["latest_is_demo"].eq(True),
        ui.t("indicators.col.link"): links.page_urls(links.EXPERIMENTS, "experimentation", compared["slug"]),
    })
    ui_tables.key_table(table, [ui.t("indicators.experiment"), *(ui.t(f"indicators.{c}") for c in ("latest", "target", "progress"))],
                        key="comparison_table", column_config={
        ui.t("indicators.col.demo"): st.column_config.CheckboxColumn(),
        ui.t("indicators.col.link"): st.column_config.LinkColumn(display_text=ui.t("indicators.open")),
    })
    ui_exports.table_downloads(table, f"{code} {ui.t('indicators.comparison')}", source=row["source"],
                               demo=bool(table[ui.t("indicators.col.demo")].any()),
                               values={ui.t("indicators.col.baseline"): compared["baseline"],
                                       ui.t("indicators.latest"): compared["latest_value"],
                                       ui.t("indicators.target"): compared["target"],
                                       ui.t("indicators.progress"): [None if is_missing(v) else export.Share(v)
                                                                     for v in compared["progress"]]})


# --- the library -----------------------------------------------------------------------------

def show_library(library: pd.DataFrame) -> None:
    slugs = {slug: name for name, slug in CATEGORIES.items() if name in set(library["category"])}
    left, right = st.columns([3, 2])
    with left:
        if "indicators_q" not in st.session_state:
            st.session_state["indicators_q"] = params.search(st.query_params.get("q"))
        text = st.text_input(ui.t("indicators.search"), key="indicators_q", help=ui.t("indicators.search_help"))
    with right:
        if "indicators_category" not in st.session_state:
            st.session_state["indicators_category"] = ui.url_choice("categorie", list(slugs))
        slug = st.selectbox(ui.t("indicators.category"), list(slugs), key="indicators_category",
                            format_func=lambda s: category_label(slugs[s], LANG), index=None,
                            placeholder=ui.t("indicators.all_categories"))
    ui.url_set(q=text.strip() or None, categorie=slug)
    rows = queries.search(library, text, slugs.get(slug), LANG)
    st.caption(ui.t("indicators.count", shown=len(rows), total=len(library)))
    if rows.empty:
        ui.empty_state(ui.t("indicators.none_found"))
        return
    table = pd.DataFrame({
        ui.t("indicators.col.name"): [name_of(c, n) for c, n in zip(rows["code"], rows["name"])],
        ui.t("indicators.col.link"): links.page_urls(links.INDICATORS, "indicateur", rows["code"], LANG),
        ui.t("indicators.col.experiments"): rows["experiments"],
        ui.t("indicators.col.unit"): rows["unit"].map(ui.record),
        ui.t("indicators.col.category"): [category_label(c, LANG) for c in rows["category"]],
        ui.t("indicators.col.direction"): [ui.t(f"indicators.direction.{d}") for d in rows["direction"]],
        ui.t("indicators.col.sdg"): rows["sdg_target"].fillna(""),
        ui.t("indicators.col.code"): rows["code"],
    })
    ui_tables.key_table(table, [ui.t(f"indicators.col.{c}") for c in ("name", "link", "experiments")],
                        key="library_table", height=min(38 + 35 * len(table), 640), column_config={
        ui.t("indicators.col.name"): st.column_config.TextColumn(width="large", pinned=True),
        ui.t("indicators.col.experiments"): st.column_config.NumberColumn(format="%d"),
        ui.t("indicators.col.link"): st.column_config.LinkColumn(display_text=ui.t("indicators.open"), width="small"),
        ui.t("indicators.col.unit"): st.column_config.TextColumn(width="small"),
        ui.t("indicators.col.sdg"): st.column_config.TextColumn(width="small"),
    })
    ui_exports.table_downloads(table, ui.t("nav.indicators"))
    if library["demo_experiments"].sum():
        st.caption(ui.t("indicators.usage_demo"))
    codes = list(rows["code"])
    names = dict(zip(rows["code"], rows["name"]))
    chosen = st.selectbox(ui.t("indicators.pick"), codes, index=None, placeholder=ui.t("indicators.pick_none"),
                          format_func=lambda c: f"{name_of(c, names[c])} ({c})", key="indicators_pick")
    if chosen:
        ui.url_set(indicateur=chosen)
        st.rerun()


# --- protocols -------------------------------------------------------------------------------

def flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message)


def show_errors(error: Refusal) -> None:
    if isinstance(error, ValidationFailed):
        labels = {"baseline": ui.t("indicators.baseline"), "target": ui.t("indicators.target"), "note": ui.t("indicators.note"),
                  "periodicity": ui.t("freshness.editor.periodicity"), "availability_lag_days": ui.t("freshness.editor.lag")}
        st.error(ui.t("forms.error.invalid") + "\n\n" + "\n".join(
            f"- **{labels.get(field, field)}**{ui.colon()}{message}" for field, message in error.errors.items()))
    else:
        st.error(error.message(LANG))


def editor(project: pd.Series, protocol: pd.DataFrame) -> None:
    st.subheader(ui.t("indicators.editor.title"))
    identity = ui_auth.current()
    if identity is None:
        st.info(ui.t("indicators.editor.signin"), icon=":material/lock:")
        return
    if not protocols.may_edit(ui.engine(), identity, int(project.id)):
        st.info(ui.t("indicators.editor.not_allowed"), icon=":material/lock:")
        return
    flash()
    choices = ui.q(queries.indicator_choices, int(project.id))
    labels = {r.code: name_of(r.code, r.name) + (f" — {ui.t('indicators.editor.in_protocol')}" if r.in_protocol else "")
              for r in choices.itertuples()}
    code = st.selectbox(ui.t("indicators.editor.indicator"), list(labels), format_func=labels.get,
                        key=f"protocol_indicator_{project.slug}")
    chosen = with_none(choices[choices["code"] == code]).iloc[0]
    places = decimals(chosen.value_type)
    with st.form(f"protocol_form_{project.slug}_{code}"):
        st.caption(f"{category_label(chosen.category, LANG)} · {ui.record(chosen.unit)} · "
                   f"{ui.t(f'indicators.type.{chosen.value_type}')} · {ui.t(f'indicators.direction.{chosen.direction}')}")
        current = protocol[protocol["indicator_code"] == code]
        note_now = current["note"].iloc[0] if not current.empty else ""
        left, right = st.columns(2)
        baseline = left.text_input(ui.t("indicators.baseline"), help=ui.t("indicators.editor.baseline_help"),
                                   key=f"protocol_baseline_{project.slug}_{code}",
                                   value="" if chosen.baseline is None else ui.num(chosen.baseline, places))
        target = right.text_input(ui.t("indicators.target"), help=ui.t("indicators.editor.target_help"),
                                  key=f"protocol_target_{project.slug}_{code}",
                                  value="" if chosen.target is None else ui.num(chosen.target, places))
        note = st.text_area(ui.t("indicators.note"), value=note_now, help=ui.t("indicators.editor.note_help"),
                            max_chars=protocols.NOTE_MAX)
        left, right = st.columns(2)
        periodicity = left.selectbox(
            ui.t("freshness.editor.periodicity"), PERIODICITIES, format_func=lambda p: periodicity_label(p, LANG),
            index=PERIODICITIES.index(chosen.periodicity or DEFAULT_PERIODICITY),
            help=ui.t("freshness.editor.periodicity_help"), key=f"protocol_periodicity_{project.slug}_{code}")
        lag = right.number_input(
            ui.t("freshness.editor.lag"), min_value=0, max_value=LAG_MAX, step=1,
            value=int(DEFAULT_AVAILABILITY_LAG_DAYS if chosen.availability_lag_days is None else chosen.availability_lag_days),
            help=ui.t("freshness.editor.lag_help"), key=f"protocol_lag_{project.slug}_{code}")
        if chosen.in_protocol and bool(chosen.periodicity_is_default):
            st.caption(ui.t("freshness.editor.default"))
        if st.form_submit_button(ui.t("indicators.editor.save"), type="primary"):
            try:
                protocols.save(ui.engine(), identity, int(project.id), code, baseline, target, note, lang=LANG,
                               periodicity=periodicity, availability_lag_days=lag)
            except Refusal as error:
                show_errors(error)
            else:
                st.session_state[FLASH] = ui.t("indicators.editor.saved", indicator=name_of(code, chosen["name"]))
                st.rerun()
    if protocol.empty:
        return
    with st.expander(ui.t("indicators.editor.remove")):
        names = dict(zip(protocol["indicator_code"], protocol["indicator"]))
        removed = st.selectbox(ui.t("indicators.editor.indicator"), list(names),
                               format_func=lambda c: name_of(c, names[c]), key=f"protocol_remove_{project.slug}")
        confirmed = st.checkbox(ui.t("indicators.editor.remove_confirm"), key=f"protocol_remove_ok_{project.slug}")
        if st.button(ui.t("indicators.editor.remove_button"), disabled=not confirmed, key=f"protocol_remove_btn_{project.slug}"):
            try:
                protocols.remove(ui.engine(), identity, int(project.id), removed)
            except Refusal as error:
                show_errors(error)
            else:
                st.session_state[FLASH] = ui.t("indicators.editor.removed", indicator=name_of(removed, names[removed]))
                st.rerun()


def show_protocols() -> None:
    experiments = ui.q(queries.protocol_projects)
    if experiments.empty:
        ui.empty_state()
        return
    slugs = list(experiments["slug"])
    labels = {r.slug: f"{r.name} — {r.commune}" for r in experiments.itertuples()}
    if "indicators_experiment" not in st.session_state:
        st.session_state["indicators_experiment"] = ui.url_choice("experimentation", slugs, default=slugs[0])
    slug = st.selectbox(ui.t("indicators.editor.experiment"), slugs, format_func=labels.get, key="indicators_experiment")
    ui.url_set(experimentation=slug)
    project = experiments[experiments["slug"] == slug].iloc[0]
    st.page_link("pages/projects.py", label=ui.literal(labels[slug]), icon=":material/science:", query_params={"experimentation": slug})
    protocol = ui_indicators.progress_block(int(project.id))
    editor(project, protocol)


# --- page ------------------------------------------------------------------------------------

code = params.identifier(st.query_params.get("indicateur"))
if code:
    show_indicator(code)
    st.stop()

st.title(ui.t("indicators.title"))
st.markdown(ui.t("indicators.lead"))
# Counted by groups of communes: a value entered in one commune counts its group's experiments again.
library = ui.shared_from(queries.library_from, ((queries.library_usage, ()), *(
    (queries.measured_in, (group,)) for group in ui.q(queries.experiment_communes))))
if library.empty:
    ui.empty_state()
    st.stop()
ui.demo_notice(ui.q(queries.has_demo))
st.info(ui.t("indicators.proposal"), icon=":material/menu_book:")
figures(library)

if "indicators_view" not in st.session_state:
    st.session_state["indicators_view"] = ui.url_choice(
        "vue", VIEWS, default="protocoles" if st.query_params.get("experimentation") else "bibliotheque")
view = st.segmented_control(" ", VIEWS, key="indicators_view", label_visibility="collapsed",
                            format_func=lambda v: ui.t("indicators.tab.library" if v == "bibliotheque" else "indicators.tab.protocols"))
view = view or "bibliotheque"
ui.url_set(vue=None if view == "bibliotheque" else view)
if view == "bibliotheque":
    ui.url_set(experimentation=None)
    show_library(library)
else:
    ui.url_set(q=None, categorie=None)
    show_protocols()
